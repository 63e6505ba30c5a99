"""kaoping's record of the files it put into an output folder (SPEC §5: it replaces only those).

The record lives in the state folder (state.py), never in the output, as JSON: each file's path in
the output and the sha256 of the bytes kaoping wrote. While a commit is running, `pending` also
holds the files being swapped in, so a commit killed half-way is still covered by the record.

Decision (README, 手工改动): inside a year folder that is being rebuilt, a path the record names is
kaoping's whatever its bytes are now, so a page edited by hand is rendered again; site/index.html,
which is not inside a year, is kaoping's only while its bytes are the recorded ones. Anything else
is the clerk's: kept through every build, and a build that would overwrite it is refused.
"""

from __future__ import annotations

import json
from pathlib import Path

from .state import state_folder

RECORD = "written.json"


class Written:
    def __init__(self, content: Path, output: Path):
        self.path = state_folder(content, output) / RECORD
        try:
            data = json.loads(self.path.read_text("utf-8"))
            self.files = {str(k): str(v) for k, v in data["files"].items()}
            self.pending = {str(k): str(v) for k, v in data.get("pending", {}).items()}
        except (OSError, ValueError, KeyError, AttributeError, TypeError):
            # none yet, or unreadable: only a file holding the very bytes that replace it counts as kaoping's
            self.files, self.pending = {}, {}
        self._by_folder: dict[str, dict[str, str]] | None = None  # self.files split by year folder (year())

    def made(self, relative: str) -> bool:
        return relative in self.files or relative in self.pending

    def holds(self, relative: str, sha: str) -> bool:
        """Are these the bytes kaoping wrote at `relative`?"""
        return sha in (self.files.get(relative), self.pending.get(relative))

    def year(self, name: str) -> dict[str, str]:
        """The files kaoping made in one year folder, by their path inside it (the record is split by
        folder once: a build's plan asks for each later year of an archive of ten thousand files)."""
        if self._by_folder is None:
            self._by_folder = {}
            for path, sha in self.files.items():
                folder, _, inside = path.partition("/")
                self._by_folder.setdefault(folder, {})[inside] = sha
        return dict(self._by_folder.get(name, {}))

    def begin(self, years: dict[str, dict[str, str]], others: dict[str, str]) -> None:
        """Before a commit: what it will put in place is kaoping's already, should it be cut short."""
        self.pending = {f"{name}/{k}": v for name, files in years.items() for k, v in files.items()} | others
        self.save()

    def end(self, years: dict[str, dict[str, str]], others: dict[str, str]) -> None:
        """After a commit: the committed years' folders hold exactly these files of kaoping's."""
        kept = {k: v for k, v in self.files.items() if k.split("/", 1)[0] not in years}
        self.files = kept | {f"{name}/{k}": v for name, files in years.items() for k, v in files.items()} | others
        self.pending = {}
        self.save()

    def add(self, relative: str, sha: str) -> None:
        self.files[relative] = sha
        self.save()

    def save(self) -> None:
        from .write import write_file

        self._by_folder = None  # the files may have changed

        # one line, in the order the files came: json's C encoder (an indent takes its Python one, and
        # sorting adds as much again: 10 ms against 23 for 10,000 files, twice a build)
        data = {"files": self.files, "pending": self.pending}
        write_file(self.path, json.dumps(data, ensure_ascii=False).encode("utf-8"))
