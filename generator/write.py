"""Write a year's folder atomically: build it beside the target, then swap it in.

An error or a kill mid-build leaves the previous folder whole (at worst renamed to
`.<year>.old`, which the next build puts back). Files whose bytes did not change are
hard-linked from the previous folder instead of being written again, so an edit to one
unit rewrites only the pages it changes.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        if path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False


def recover(output: Path, name: str) -> None:
    """Undo a swap that was interrupted between its two renames, and drop stale temporaries."""
    target, old = output / name, output / f".{name}.old"
    if old.exists() and not target.exists():
        old.rename(target)
    for leftover in (old, output / f".{name}.new"):
        if leftover.exists():
            shutil.rmtree(leftover, ignore_errors=True)


def write_folder(output: Path, name: str, files: dict[str, bytes]) -> list[str]:
    """Replace output/name with exactly `files` (relative path → bytes). Returns the paths written anew."""
    output.mkdir(parents=True, exist_ok=True)
    recover(output, name)
    target, new, old = output / name, output / f".{name}.new", output / f".{name}.old"
    written = []
    try:
        for relative in sorted(files):
            data = files[relative]
            path = new / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            previous = target / relative
            if _same_bytes(previous, data):
                os.link(previous, path)
            else:
                path.write_bytes(data)
                written.append(relative)
        if not written and _same_tree(target, files):
            shutil.rmtree(new)
            return []
        if target.exists():
            target.rename(old)
        new.rename(target)
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
    shutil.rmtree(old, ignore_errors=True)
    return written


def _same_tree(target: Path, files: dict[str, bytes]) -> bool:
    """Does the folder hold exactly these files (none missing, none extra)?"""
    if not target.is_dir():
        return False
    present = {p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()}
    return present == set(files)


def write_file(path: Path, data: bytes) -> bool:
    """Replace one file atomically, only if its bytes change."""
    if _same_bytes(path, data):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.new")
    temporary.write_bytes(data)
    os.replace(temporary, path)
    return True
