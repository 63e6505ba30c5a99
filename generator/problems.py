"""Problems found in content: a file, a line and a Chinese sentence a clerk can act on."""

from typing import NamedTuple


class Problem(NamedTuple):  # ordered by file, then line
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class ContentError(Exception):
    """Raised with every problem of a run, so the clerk sees them all at once."""

    def __init__(self, problems):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(Exception):
    """A wrong option or year (exit code 2), as opposed to wrong content (exit code 1)."""
