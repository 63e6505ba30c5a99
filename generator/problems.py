"""Problems found in content: a file, a line and a Chinese sentence a clerk can act on."""

from typing import NamedTuple

from .characters import shown


class Problem(NamedTuple):  # ordered by file, then line
    path: str
    line: int
    message: str

    def __str__(self) -> str:  # a file name with an escape sequence must not recolour the terminal
        return f"{shown(self.path)}:{self.line}: {shown(self.message, keep=chr(10))}"


class ContentError(Exception):
    """Raised with every problem of a run, so the clerk sees them all at once."""

    def __init__(self, problems):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(Exception):
    """A wrong option or year (exit code 2), as opposed to wrong content (exit code 1)."""
