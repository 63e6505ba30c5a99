"""Write year folders atomically: prepare each beside its target, swap them in only when all are ready.

    prepare()  writes output/.<year>.new; a file whose bytes did not change is hard-linked from
               the current folder instead of written again (file creation is the slow part);
    commit()   swaps .<year>.new in (the old folder goes to .<year>.old, then is removed);
    discard()  drops a prepared folder when the build fails: the output stays as it was.

A kill between the two renames of commit() leaves .<year>.old and no <year>; recover(), run
at the start of every build, puts it back.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from pathlib import Path

REUSE = None  # in a files mapping: "same bytes as the current file", linked rather than rendered


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def recover(output: Path, name: str) -> None:
    target, old = output / name, output / f".{name}.old"
    if old.exists() and not target.exists():
        old.rename(target)
    for leftover in (old, output / f".{name}.new"):
        if leftover.exists():
            shutil.rmtree(leftover, ignore_errors=True)


def prepare(output: Path, name: str, files: dict[str, bytes | None]) -> list[str]:
    """Write output/.name.new with exactly `files`. Returns the paths whose bytes are new."""
    output.mkdir(parents=True, exist_ok=True)
    recover(output, name)
    target, new = output / name, output / f".{name}.new"
    written = []
    try:
        made = set()
        for relative in sorted(files):
            data = files[relative]
            path, previous = new / relative, target / relative
            if path.parent not in made:
                path.parent.mkdir(parents=True, exist_ok=True)
                made.add(path.parent)
            if data is REUSE or _same_bytes(previous, data):
                os.link(previous, path)
            else:
                path.write_bytes(data)
                written.append(relative)
    except BaseException:
        discard(output, name)
        raise
    return written


def commit(output: Path, name: str) -> None:
    target, new, old = output / name, output / f".{name}.new", output / f".{name}.old"
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def discard(output: Path, name: str) -> None:
    shutil.rmtree(output / f".{name}.new", ignore_errors=True)


def write_file(path: Path, data: bytes) -> bool:
    """Replace one file atomically, only if its bytes change."""
    if _same_bytes(path, data):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.new")
    temporary.write_bytes(data)
    os.replace(temporary, path)
    return True


class BusyError(Exception):
    """Another build holds the output folder."""


LOCKED: list[int] = []  # the locked output folder's descriptor, for the workers to let go of


@contextlib.contextmanager
def output_lock(output: Path):
    """One build at a time per output folder: a second one is told, not interleaved.

    The lock is on the folder itself (nothing to create or delete, so no race). A build that
    fails leaves no trace: folders it had to create on the way to `output` go again.
    """
    first_missing = output.absolute()
    while not first_missing.parent.exists() and first_missing.parent != first_missing:
        first_missing = first_missing.parent
    created = first_missing if not first_missing.exists() else None
    output.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(output, os.O_RDONLY)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            created = None
            raise BusyError(f"另一个 kaoping 正在生成 {output}，请等它结束后再运行。") from None
        LOCKED.append(descriptor)
        yield
    except BaseException:
        if created is not None:
            shutil.rmtree(created, ignore_errors=True)
        raise
    finally:
        if descriptor in LOCKED:
            LOCKED.remove(descriptor)
        os.close(descriptor)


def clean_leftovers(output: Path) -> None:
    """What a killed build may have left: its exchange folder, a half-made or half-swapped year."""
    for path in output.glob(".kaoping-run-*"):
        shutil.rmtree(path, ignore_errors=True)
    for path in output.glob(".[0-9][0-9][0-9][0-9].*"):
        recover(output, path.name[1:5])
