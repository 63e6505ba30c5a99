"""Which folder a site may be written into (SPEC §5): never one that overlaps what it is made from.

A build replaces and removes files in its output, so an output that is, holds or lies inside the
content or theme folder, kaoping's bookkeeping, the file-system root or the home folder is refused
before any file is touched. Folders are compared by identity (device and inode of each existing
ancestor), so a link, a `..` or a different spelling of case on Windows or macOS cannot hide an overlap.
"""

from __future__ import annotations

import os
from pathlib import Path

from .problems import UsageError
from .state import STATE

_INSTEAD = "请用 --output 指定一个单独的文件夹（例如 site）"


def check_output(output: Path, content: Path | None = None, theme: Path | None = None) -> None:
    """Raise UsageError (exit 2) if building into `output` could overwrite or remove something else."""
    place = Path(os.path.abspath(output)).resolve()
    standing = next(folder for folder in (place, *place.parents) if os.path.lexists(folder))
    if not standing.is_dir():  # a build would fail half-way on it (or, as a link, be told "File exists")
        raise UsageError(f"输出文件夹 {output} 不能用：{standing} 是一个文件，不是文件夹；{_INSTEAD}。")
    if place.parent == place:
        raise UsageError(f"输出文件夹 {output} 是文件系统的根目录，生成网站会在那里写入和删除文件；{_INSTEAD}。")
    home = _home()
    if home is not None and _within(home, place):
        relation = "就是" if _within(place, home) else "包含"
        raise UsageError(f"输出文件夹 {output} {relation}你的用户主目录 {home}，生成网站可能覆盖或删除其中的文件；{_INSTEAD}。")
    guarded = [("内容文件夹", content), ("模板文件夹", theme)]
    if content is not None:
        guarded.append(("kaoping 的记录文件夹", Path(content).resolve().parent / STATE))
    for label, folder in guarded:
        if folder is None:
            continue
        inside, holds = _within(place, folder), _within(Path(folder).resolve(), output)
        if inside or holds:
            relation = "就是" if inside and holds else "位于" if inside else "包含"
            where = f"{label} {folder} 之内" if relation == "位于" else f"{label} {folder}"
            raise UsageError(f"输出文件夹 {output} {relation}{where}，生成网站会覆盖或删除那里的文件；{_INSTEAD}，"
                             f"不要与{label}重叠。")


def _within(inner: Path, outer: Path) -> bool:
    """Is `inner` (resolved) the folder `outer` or inside it? False when `outer` does not exist."""
    try:
        target = os.stat(outer)
    except OSError:
        return False
    for folder in (inner, *inner.parents):
        try:
            if os.path.samestat(os.stat(folder), target):
                return True
        except OSError:  # not there yet: the folders above it decide
            continue
    return False


def _home() -> Path | None:
    try:
        home = Path.home().resolve()
    except (RuntimeError, KeyError, OSError):  # no home folder known: nothing to protect
        return None
    return None if home.parent == home else home  # a home at "/" is refused as the root already
