"""What a year is made from, and what it made: the hashes every decision about rebuilding rests on.

A stamp (in kaoping's state folder: state.py) records what the last build of a year was made
from and what it made: its own fingerprint and that of what it shows of the earlier years, the
sha256 of each input with the inode, size, mtime and ctime it had, the key (what it was made from)
and sha256 of each file it made, the totals and grade counts. Publishing (archive.py) records the
same hashes for good. A stamp only ever saves work: one that does not match is simply not used.

It is several files, so that planning a build reads only what it decides with: <year>.json (the
fingerprints, the inputs' records, the totals and their digest, what the site's index counts and
a digest of its roster), and the PARTS: <year>.work.json (the files made, the history lines, the
roster), read only by a build of that year, and <year>.roster.json, read by the site's index when
it is rendered again. The first names each part by its sha256: a part that does not belong to it
(a build cut short between writing them, a copied file) is not used.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from .content import UnitFolders, input_files, stat_key
from .yamltree import MAX_BYTES


def digest(*parts) -> str:
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def sha256(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def file_sha(path: str | Path) -> str:
    """sha256 of a file; one too big to be content (the loader refuses it) is named by size and time."""
    with open(path, "rb") as handle:
        stat = os.fstat(handle.fileno())
        if stat.st_size > MAX_BYTES:
            return f"size:{stat.st_size}:{stat.st_mtime_ns}"
        return sha256(handle.read())


def theme_files(theme: Path) -> list[Path]:
    return sorted(p for p in theme.rglob("*") if p.is_file() and not p.name.startswith("."))


def theme_hashes(theme: Path) -> dict[str, str]:
    """sha256 of every theme file, by its path inside the theme."""
    return {p.relative_to(theme).as_posix(): file_sha(p) for p in theme_files(theme)}


def input_hashes(content: Path, theme: Path, year: int) -> dict[str, str]:
    """What a year is built from, as stable names: content paths relative to content/, theme files as theme/…."""
    hashes = {name: file_sha(path) for name, path in input_files(content, year) if os.path.isfile(path)}
    hashes.update({"theme/" + name: sha for name, sha in theme_hashes(theme).items()})
    return hashes


def folder_hashes(folder: Path, leave_out: str = "") -> dict[str, str]:
    """sha256 of every file of a year folder, by its path inside it (`leave_out`: a name not counted)."""
    return folder_contents(folder, leave_out)[0]


def folder_contents(folder: Path, leave_out: str = "") -> tuple[dict[str, str], dict[str, str]]:
    """(sha256 of every file but `leave_out`, target of every link) below `folder`, by path inside it.
    Links are listed, never followed: a page replaced by a link is not the page, whatever it points to."""
    hashes, links = {}, {}
    for root, folders, files in os.walk(folder):  # a linked folder is listed in `folders`, not entered
        for name in files + folders:
            path = Path(root, name)
            relative = path.relative_to(folder).as_posix()
            if path.is_symlink():
                links[relative] = os.readlink(path)
            elif name in files and name != leave_out:
                hashes[relative] = sha256(path.read_bytes())
    return dict(sorted(hashes.items())), dict(sorted(links.items()))


def differences(expected: dict[str, str], actual: dict[str, str]) -> list[str]:
    """Human-readable list: 缺少 / 多出 / 被改动 files."""
    lines = [f"缺少 {p}" for p in sorted(expected.keys() - actual.keys())]
    lines += [f"多出 {p}" for p in sorted(actual.keys() - expected.keys())]
    lines += [f"被改动 {p}" for p in sorted(expected.keys() & actual.keys()) if expected[p] != actual[p]]
    return lines


def file_hashes(content: Path, year: int, known: dict[str, list], folders: UnitFolders | None = None) -> dict[str, list]:
    """sha256 of every input of a year, by name. A file whose inode, size, mtime and ctime are what
    the last stamp recorded is not read again: a write always moves ctime, which no tool can set
    back, so an edit is never missed (tests/test_speed.py changes a file and restores its mtime).
    `folders`: the unit folders as the caller scanned them."""
    files = {}
    for name, path in input_files(content, year, folders):
        try:
            stat = os.stat(path)  # not DirEntry.stat(): on Windows its inode is 0, never the one the loader records
        except FileNotFoundError:  # load_year says what is missing
            files[name] = [0, 0, 0, 0, ""]
            continue
        key = stat_key(stat)
        old = known.get(name)
        files[name] = key + [old[4] if old and old[:4] == key else file_sha(path)]
    return files


def inputs_digest(files: dict[str, list]) -> str:
    """A year's input files (as file_hashes gives them) in short, kept in its stamp."""
    return digest(sorted((name, record[-1]) for name, record in files.items()))


def own_fingerprint(theme_digest: str, inputs: str, covered: tuple) -> str:
    """All a year's own pages are made from: kaoping and the theme (`theme_digest`), its files
    (`inputs`: inputs_digest) and what else the build covers (`covered`: its folder's listing…)."""
    return digest(theme_digest, inputs, covered)


def totals_digest(totals: dict[str, str]) -> str:
    """One year's totals in short, kept in its stamp: what a later year's pages show of it."""
    return digest(sorted(totals.items()))


def shown_fingerprint(digests: dict[int, str], year: int) -> str:
    """What a year's pages show of the earlier years: each unit's total in each (its history line
    and the links to its other years), not their files, so that an edit which leaves every total
    as it was changes nothing in a later year. `digests`: each year's totals_digest."""
    return digest(sorted((y, sha) for y, sha in digests.items() if y < year))


def file_key(*parts) -> str:
    """What one file of a year folder is made from, in short (render.Renderer.year_files names the parts)."""
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()[:32]


def unit_page_key(own_part: str, past: list[tuple[int, str]]) -> str:
    """A unit page's key in two parts: what it shows of its own year, then of the earlier years (`past`:
    (year, total) of each), so that a page whose history alone changed can keep the first part
    (build._carry_over)."""
    return f"{own_part}/{file_key(past)}"


# each part of a stamp besides the first, and the keys it holds: the roster is in both, as a year
# carried over keeps it with the rest and the site's index reads it alone
PARTS = {"work": ("made", "history", "roster"), "roster": ("roster",)}


def stamp_files(year: int, stamp: dict) -> dict[str, bytes]:
    """A whole stamp as its files, by name in the state folder, the first part last (it names the others)."""
    files = {f"{year}.{part}.json": _json({key: stamp[key] for key in keys if key in stamp})
             for part, keys in PARTS.items()}
    plan = {key: value for key, value in stamp.items() if key not in PARTS["work"]}
    plan["parts"] = {part: sha256(files[f"{year}.{part}.json"]) for part in PARTS}
    return files | {f"{year}.json": _json(plan)}


def part_sha(stamp: dict, part: str):
    """The sha256 of one part, as the first part (`stamp`) names it."""
    parts = stamp.get("parts")
    return parts.get(part) if isinstance(parts, dict) else None


def _json(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")


def seen_file(state: Path, year: int | str) -> Path:
    return state / f"{year}.seen.json"


WRITTEN = "written"  # a file of the prepared folder whose bytes kaoping wrote in this build (files_as_seen)


def files_as_seen(folder: str, made: dict[str, str], checked: dict[str, object]) -> dict[str, list]:
    """After a commit: each file of a year folder (its sha256 in `made`) as it is now, by inode, size,
    mtime and ctime, with its sha256 (kept in seen_file). A later build trusts a file that still has
    them to hold those bytes, without reading it (build._kept), as file_hashes trusts an input: a
    write always moves ctime. Taken once the commit is over, as linking and unlinking a file moves its
    ctime too; a file that does not match only costs reading it, and so does a record left from an
    earlier build (it names the bytes that file had).

    Only a file kaoping wrote in this build, or one kept whose inode, size and mtime are still those it
    had when its bytes were checked (`checked`: [inode, size, mtime] or WRITTEN, by path): a page saved
    over while the build ran (after it was checked, before this look) is read again next time."""
    seen = {}
    for path, sha in made.items():
        was = checked.get(path)
        if was is None:
            continue
        try:
            now = stat_key(os.lstat(os.path.join(folder, path)))
        except OSError:
            continue
        if was == WRITTEN or was == now[:3]:
            seen[path] = now + [sha]
    return seen


def read_seen(state: Path, year: int) -> dict:
    try:
        seen = json.loads(seen_file(state, year).read_bytes())
    except (OSError, ValueError):
        return {}
    return seen if isinstance(seen, dict) else {}


def read_stamp(state: Path, year: int) -> dict:
    """The part of a year's stamp that planning reads ({} if none can be read)."""
    try:
        stamp = json.loads((state / f"{year}.json").read_bytes())
    except (OSError, ValueError):
        return {}
    return stamp if isinstance(stamp, dict) else {}


def read_part(state: Path, year: int, part: str, sha) -> dict:
    """One of the PARTS, only if it is the one whose sha256 the first part names (`sha`: part_sha)."""
    try:
        raw = (state / f"{year}.{part}.json").read_bytes()
        found = json.loads(raw) if isinstance(sha, str) and sha256(raw) == sha else {}
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}

