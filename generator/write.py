"""Write year folders atomically, and never overwrite or delete a file kaoping did not make (SPEC §5).

    prepare()        writes output/.<year>.new (a worker does); a file whose bytes did not change is
                     hard-linked from the current folder instead of written again;
    carry_foreign()  links every entry of the current folder that kaoping did not make (the clerk's
                     会议纪要.docx) into the prepared one, so the swap keeps it, and names those a file
                     of the site would overwrite: then nothing is committed;
    commit()         swaps all the prepared folders and site/index.html in as one step (the journal);
    discard()        drops a prepared folder when the build fails: the output stays as it was.

A prepared folder is kaoping's only while the claim beside it (output/.<year>.new.claim, written
before anything goes in, naming the folder's inode) says so: a folder of that name that someone
else made is never emptied, neither by discard() nor by finish_commit().

The journal (output/.kaoping-commit.json, there only while a commit runs) is written once every
prepared folder is complete, and names each by its inode. Whatever cuts the commit short,
finish_commit(), the first thing every command that takes --output does, completes the swaps it
names: the site is all old (no journal yet) or all new, never a mix of years.

Nothing is written through a link: a year folder or a leftover that is a link is refused
(refuse_links), files are linked without following links, and an old folder is cleared entry by
entry, removing only kaoping's own files and what lives on in the new folder.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import stat
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from .fingerprints import sha256
from .problems import UsageError

REUSE = None  # in a files mapping: "same bytes as the current file", linked rather than rendered
JOURNAL = ".kaoping-commit.json"
INDEX = "index.html"
# every file kaoping may write at the site root, beside the year folders (render.site_pages)
SITE_ROOT = (INDEX, "units.html", "site.js", "favicon.svg")


def plain_file(path: Path) -> bool:
    """A regular file itself, not a link to one."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _same_bytes(path: Path | str, data: bytes) -> list[int] | None:
    """The inode, size and mtime the file had when found to hold `data` (None: it does not)."""
    try:
        if not plain_file(path):
            return None
        with open(path, "rb") as handle:
            found = os.fstat(handle.fileno())
            if found.st_size != len(data) or handle.read() != data:
                return None
        return [found.st_ino, found.st_size, found.st_mtime_ns]
    except OSError:
        return None


def _temporary(path: Path) -> Path:
    return path.with_name(f".{path.name}.new")


def _create(path: Path, data: bytes) -> None:
    """Make `path` afresh: whatever a stale one was (a planted link, too) is removed, not written through."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)


def _link_or_copy(source: Path, target: Path) -> None:
    """`target` becomes what `source` is: a hard link saves writing the bytes again; where links are
    refused (FAT and exFAT sticks, some network shares) they are copied. A link stays a link."""
    if os.path.islink(source):
        os.symlink(os.readlink(source), target)
    else:
        _link_file(source, target)


def _link_file(source, target) -> None:
    """`target` becomes the file `source` (not a link), linked or copied (_link_or_copy)."""
    try:
        os.link(source, target)
    except OSError:
        if not plain_file(source):
            raise
        shutil.copyfile(source, target)


def _link_refused(path: Path, what: str) -> str:
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    return (f"{path} 是一个符号链接（指向 {target}），不是 kaoping 生成的{what}；kaoping 不会通过链接读写文件，"
            "请删除这个链接（或换成普通的文件、文件夹）后再运行。")


def refuse_links(output: Path, names: list[str]) -> None:
    """Before building these year folders: none of them, nor what a build would put beside them, is a link."""
    for name in names:
        for path, what in ((output / name, "年度文件夹"), (output / f".{name}.new", "临时文件夹"),
                           (output / f".{name}.old", "临时文件夹")):
            if path.is_symlink():
                raise UsageError(_link_refused(path, what))
            if what == "临时文件夹" and os.path.lexists(path):
                raise UsageError(f"{path} 里还有不是 kaoping 生成的文件，kaoping 不会删除它们；请查看并移走后再运行。")


def prepare(output: Path, name: str, files: dict[str, bytes | None], kept: dict[str, str] | None = None,
            checked: dict[str, object] | None = None) -> tuple[list[str], dict[str, str]]:
    """Write output/.name.new with exactly `files`; `kept`: the sha256 of files to REUSE, as just checked.
    `checked` gets the inode, size and mtime of each file kept because it held the very bytes to write.

    Returns the paths whose bytes are new, and the sha256 of every file (kaoping's record)."""
    kept = kept or {}
    output.mkdir(parents=True, exist_ok=True)
    target, new = output / name, output / f".{name}.new"
    new.mkdir()  # afresh: never a folder or a link found there
    _create(_claim(new), str(os.lstat(new).st_ino).encode("ascii"))
    written, hashes = [], {}
    # paths joined as text: a Path made for each of a thousand kept files costs about as much as linking it
    current, prepared = os.fspath(target), os.fspath(new)
    try:
        made = {prepared}
        for relative in sorted(files):
            data = files[relative]
            path, previous = os.path.join(prepared, relative), os.path.join(current, relative)
            folder = os.path.dirname(path)
            if folder not in made:
                os.makedirs(folder, exist_ok=True)
                made.add(folder)
            same = None if data is REUSE else _same_bytes(previous, data)
            if data is REUSE or same:
                try:  # one look at it: a thousand files to link in a year folder
                    mode = os.lstat(previous).st_mode
                except OSError:
                    mode = 0
                if stat.S_ISLNK(mode):  # a page to reuse is never read or linked through a link
                    raise UsageError(_link_refused(previous, "文件"))
                if not stat.S_ISREG(mode):  # gone since the page was planned
                    raise FileNotFoundError(2, "文件已不存在", previous)
                _link_file(previous, path)
                if data is REUSE and relative in kept:
                    hashes[relative] = kept[relative]
                    continue
                if same and checked is not None:
                    checked[relative] = same
                if data is REUSE:
                    with open(path, "rb") as handle:
                        data = handle.read()
            else:
                Path(path).write_bytes(data)
                written.append(relative)
            hashes[relative] = sha256(data)
    except BaseException:
        discard(output, name)
        raise
    return written, hashes


FOLDER, FILE, OTHER = "folder", "file", "other"  # what _entries finds: a link is OTHER, whatever it points to


def _entries(folder: Path, relative: str = "") -> Iterator[tuple[str, str]]:
    """(path inside `folder`, FOLDER / FILE / OTHER) of everything below it, a folder before its
    contents; links are entries, never followed. What each is comes with the listing (no look at each
    file: a year folder holds a thousand)."""
    with os.scandir(folder / relative if relative else folder) as listing:
        found = sorted((entry.name, FOLDER if entry.is_dir(follow_symlinks=False) else
                        FILE if entry.is_file(follow_symlinks=False) else OTHER) for entry in listing)
    for name, kind in found:
        path = f"{relative}/{name}" if relative else name
        yield path, kind
        if kind == FOLDER:
            yield from _entries(folder, path)


def _room(folder: Path, relative: str) -> bool:
    """Make the folders that `relative` goes in; False if something that is not a folder is in the way."""
    place = folder
    for part in relative.split("/")[:-1]:
        place = place / part
        try:
            if not stat.S_ISDIR(os.lstat(place).st_mode):
                return False
        except FileNotFoundError:
            place.mkdir()
    return True


def carry_foreign(output: Path, name: str, owns: Callable[[str, str], bool]) -> tuple[list[str], list[str]]:
    """Put every entry of output/name that kaoping did not make into the prepared .name.new.

    `owns(relative, path)`: is this plain file (links are never kaoping's) kaoping's, to replace or
    drop? Returns (kaoping's files of the current folder, which the commit may delete; the foreign
    entries a file of the site would overwrite, in which case nothing may be committed)."""
    target, new = output / name, output / f".{name}.new"
    own, clashes = [], []
    if not target.is_dir() or target.is_symlink():
        return own, clashes
    current = os.fspath(target)
    for relative, kind in _entries(target):
        path = os.path.join(current, relative)  # as text: most entries are kaoping's files, which need no Path
        if kind == FOLDER:
            path, place = Path(path), new / relative
            if not any(os.scandir(path)):  # an empty folder of the clerk's stays too
                if not _room(new, relative) or (os.path.lexists(place) and not place.is_dir()):
                    clashes.append(relative)
                elif not os.path.lexists(place):
                    place.mkdir()
            continue
        if kind == FILE and owns(relative, path):
            own.append(relative)
        elif _room(new, relative) and not os.path.lexists(new / relative):
            _link_or_copy(path, new / relative)
        else:
            clashes.append(relative)
    return own, clashes


def commit(output: Path, names: list[str], own: dict[str, list[str]], root: dict[str, bytes]) -> None:
    """Swap every prepared year folder in, and the site root's files given (index.html…), as one step
    (see the journal above)."""
    assert set(root) <= set(SITE_ROOT), root
    for name, data in root.items():
        _create(_temporary(output / name), data)
    journal = {"years": {name: {"new": os.lstat(output / f".{name}.new").st_ino, "own": own[name]} for name in names},
               "root": sorted(root)}
    write_file(output / JOURNAL, json.dumps(journal, ensure_ascii=False).encode("utf-8"))
    _finish(output, journal)


def _is(path: Path, inode: int) -> bool:
    try:
        found = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISDIR(found.st_mode) and found.st_ino == inode


def _finish(output: Path, journal: dict) -> None:
    """Complete the commit that `journal` describes, from wherever it stopped (each step can be redone)."""
    for name, entry in journal["years"].items():
        target, new, old = output / name, output / f".{name}.new", output / f".{name}.old"
        if _is(new, entry["new"]):  # not swapped yet
            if os.path.lexists(target):
                if os.path.lexists(old):
                    raise UsageError(f"{old} 已存在，kaoping 无法完成上次中断的生成；请查看并移走它后再运行。")
                target.rename(old)
            new.rename(target)
            _claim(new).unlink(missing_ok=True)
        elif not _is(target, entry["new"]):
            raise UsageError(f"{output / JOURNAL} 记录的年度文件夹 {target} 已被改动，kaoping 无法完成上次中断的生成；"
                             f"请检查 {output}，然后删除 {output / JOURNAL} 再运行。")
    for name in journal.get("root", [INDEX] if journal.get("index") else []):  # "index": a journal of before
        staged = _temporary(output / name)
        if name in SITE_ROOT and plain_file(staged):
            os.replace(staged, output / name)
    for name, entry in journal["years"].items():
        _clear(output / f".{name}.old", output / name, set(entry["own"]))
    os.unlink(output / JOURNAL)


def _same_entry(path: Path, other: Path) -> bool:
    """Does `other` hold what `path` does, so that removing `path` loses nothing?"""
    try:
        first, second = os.lstat(path), os.lstat(other)
    except OSError:
        return False
    if os.path.samestat(first, second):
        return True
    if stat.S_ISLNK(first.st_mode) and stat.S_ISLNK(second.st_mode):
        return os.readlink(path) == os.readlink(other)
    return (stat.S_ISREG(first.st_mode) and stat.S_ISREG(second.st_mode) and first.st_size == second.st_size
            and path.read_bytes() == other.read_bytes())


def _clear(old: Path, target: Path, own: set[str]) -> None:
    """Empty and remove a swapped-out year folder: kaoping's files go, and what the new folder holds too;
    anything else (put there while the build ran) moves into the new folder, or stays where it is."""
    if not old.is_dir() or old.is_symlink():
        return
    swapped = os.fspath(old)
    for relative, kind in reversed(list(_entries(old))):  # what a folder holds before the folder
        path = os.path.join(swapped, relative)  # as text, as in carry_foreign
        if kind == FOLDER:
            with contextlib.suppress(OSError):
                os.rmdir(path)
        elif (relative in own and kind == FILE) or _same_entry(Path(path), target / relative):
            os.unlink(path)
        elif _room(target, relative) and not os.path.lexists(target / relative):
            os.rename(path, target / relative)
    with contextlib.suppress(OSError):
        old.rmdir()


def _claim(new: Path) -> Path:
    return new.with_name(new.name + ".claim")


def _claimed(new: Path) -> bool:
    """Did kaoping make this prepared folder (its claim names this very folder)?"""
    try:
        return _is(new, int(_claim(new).read_bytes()))
    except (OSError, ValueError):
        return False


def discard(output: Path, name: str) -> None:
    """Remove a prepared folder kaoping made, or an empty one; never one that someone else filled."""
    new = output / f".{name}.new"
    if _claimed(new):
        shutil.rmtree(new, ignore_errors=True)
    elif new.is_dir() and not new.is_symlink():
        with contextlib.suppress(OSError):
            new.rmdir()  # made, then cut short before its claim: still empty
    with contextlib.suppress(FileNotFoundError):
        if not os.path.lexists(new):
            _claim(new).unlink()


def write_file(path: Path, data: bytes) -> bool:
    """Replace one file atomically, only if its bytes change."""
    if _same_bytes(path, data):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = _temporary(path)
    _create(temporary, data)
    os.replace(temporary, path)
    return True


def replace_generated(folder: Path, fresh: dict[str, bytes], generated: Callable[[Path], dict[str, bytes]]) -> None:
    """Make a folder that a developer's command generates (compiled templates, docx parts) hold `fresh`:
    a file it generated before (`generated(folder)` names them) and no longer does goes, the others are
    written only if their bytes change; a file it never generates (a notice beside them) stays."""
    folder.mkdir(exist_ok=True)
    for name in set(generated(folder)) - set(fresh):
        (folder / name).unlink()
    for name, data in fresh.items():
        write_file(folder / name, data)


def finish_commit(output: Path) -> str | None:
    """The first thing on an output (its lock held): complete a commit that was cut short, and clear
    what a build killed before its commit left. Returns the line that tells the clerk, if any."""
    if not output.is_dir():
        return None
    told = None
    journal_path = output / JOURNAL
    if plain_file(journal_path):
        try:
            journal = json.loads(journal_path.read_text("utf-8"))
            years = [str(name) for name in journal["years"]]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            raise UsageError(f"{journal_path} 已损坏，kaoping 无法完成上次中断的生成；请检查 {output}，"
                             f"然后删除 {journal_path} 再运行。") from None
        _finish(output, journal)
        told = f"上次生成在替换年度文件夹时被中断，现已补完：{'、'.join(years)} 年是新生成的版本。"
    for path in (_temporary(journal_path), *(_temporary(output / name) for name in SITE_ROOT)):
        if plain_file(path):
            path.unlink()
    for path in output.glob(".[0-9][0-9][0-9][0-9].*"):
        name, kind = path.name[1:5], path.name[6:]
        if kind == "new.claim" and not os.path.lexists(path.with_name(path.name[:-len(".claim")])):
            path.unlink(missing_ok=True)  # its folder is gone: the claim is all that is left
            continue
        if path.is_symlink() or not path.is_dir():
            continue  # not kaoping's: refused when that year is built (refuse_links)
        if kind == "new":  # prepared, never swapped in: the current folder still has the clerk's files
            discard(output, name)  # only if kaoping's claim names it
        elif kind == "old" and not os.path.lexists(output / name):  # an older kaoping's swap cut short
            path.rename(output / name)
        elif kind == "old":
            _clear(path, output / name, set())
    return told


def recover_output(output: Path) -> str | None:
    """finish_commit() for a command that is not a build: only when no build holds the output."""
    if not Path(output).is_dir():
        return None
    try:
        with output_lock(output):
            return finish_commit(output)
    except BusyError:  # the kaoping that holds it finishes its own commit
        return None


class BusyError(Exception):
    """Another build holds the output folder."""


LOCKED: list[int] = []  # the locked output folder's descriptor, for forked workers to let go of
LOCK_FILE = ".kaoping.lock"  # where the folder itself cannot be locked; removed when the build ends


@contextlib.contextmanager
def output_lock(output: Path):
    """One build at a time per output folder: a second one is told, not interleaved.

    How depends on what the system offers (_acquire). A build that fails leaves no trace: folders
    it had to create on the way to `output` go again.
    """
    first_missing = output.absolute()
    while not first_missing.parent.exists() and first_missing.parent != first_missing:
        first_missing = first_missing.parent
    created = first_missing if not first_missing.exists() else None
    output.mkdir(parents=True, exist_ok=True)
    try:
        release = _acquire(output)
    except BusyError:
        raise  # what exists is the other build's
    except BaseException:
        _remove(created)
        raise
    try:
        yield
    except BaseException:
        release()  # first: Windows deletes no folder with an open file in it
        _remove(created)
        raise
    release()


def _remove(created: Path | None) -> None:
    if created is not None:
        shutil.rmtree(created, ignore_errors=True)


def _busy(output: Path, more: str = "") -> BusyError:
    return BusyError(f"另一个 kaoping 正在生成 {output}，请等它结束后再运行。{more}")


def _acquire(output: Path):
    """Take the output's lock or raise BusyError; returns what lets it go.

    - POSIX: flock on the folder itself: nothing to create or delete, so no race, and the
      kernel lets go when the build dies;
    - Windows (no fcntl, and a folder cannot be opened): msvcrt.locking on output/.kaoping.lock,
      also let go by the system when the build dies;
    - neither, or a file system that refuses flock (some network shares): the lock file made with
      O_EXCL, holding the builder's pid and computer (_exclusive_file).
    """
    try:
        import fcntl
    except ImportError:
        fcntl = None
    if fcntl is not None:
        descriptor = os.open(output, os.O_RDONLY)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            raise _busy(output) from None
        except OSError:  # ENOLCK, EOPNOTSUPP: no flock here, the lock file below
            os.close(descriptor)
        else:
            LOCKED.append(descriptor)

            def release():
                LOCKED.remove(descriptor)
                os.close(descriptor)
            return release
    try:
        import msvcrt
    except ImportError:
        return _exclusive_file(output)
    return _windows_lock(msvcrt, output)


def _windows_lock(msvcrt, output: Path):
    path = output / LOCK_FILE
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT)
    try:
        msvcrt.locking(descriptor, msvcrt.LK_NBLCK, 1)
    except OSError:
        os.close(descriptor)
        raise _busy(output) from None

    def release():
        msvcrt.locking(descriptor, msvcrt.LK_UNLCK, 1)
        os.close(descriptor)
        with contextlib.suppress(OSError):  # refused while another build has it open: it stays, harmless
            path.unlink()
    return release


def _exclusive_file(output: Path):
    """The lock file's existence is the lock. A build that died leaves it behind: it is taken over
    when it names this computer and a process that is gone (or is an empty file a minute old)."""
    import socket  # only where there is no flock (Windows without msvcrt's lock, some network shares)

    path = output / LOCK_FILE
    holder = f"{os.getpid()} {socket.gethostname()}"
    for attempt in (1, 2):
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
            break
        except FileExistsError:
            if attempt == 2 or not _abandoned(path):
                raise _busy(output, f"（如确定没有 kaoping 在运行，请删除 {path} 后再运行。）") from None
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(holder)

    def release():
        with contextlib.suppress(OSError):
            if path.read_text("utf-8") == holder:
                path.unlink()
    return release


def _abandoned(path: Path) -> bool:
    try:
        text, age = path.read_text("utf-8"), time.time() - path.stat().st_mtime
    except (OSError, ValueError):
        return False
    pid, _, host = text.partition(" ")
    if not pid.isdigit():
        return age > 60  # killed between making the file and writing it
    import socket

    return host == socket.gethostname() and not _running(int(pid))


def _running(pid: int) -> bool:
    if os.name != "posix":  # os.kill would end it; Windows builds lock with msvcrt anyway
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process
        return True
    return True
