"""What the last build made, and from what: stamps and caches under <output>/.kaoping/.

A stamp (<year>.json) records a year's fingerprint, the sha256 of each input with the inode,
size, mtime and ctime it had, the key of each unit page, the totals and grade counts. A parse
cache (<year>.parsed.pickle) keeps the validated units, scheme and 通报 text by file hash. Both
only ever save work: a stamp that does not match, or a cache of another version or scheme, is
simply not used.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from pathlib import Path

from . import __version__
from .archive import file_sha
from .content import YearContent, input_files, stat_key
from .write import write_file

STAMPS = ".kaoping"


def digest(*parts) -> str:
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def read_stamp(output: Path, year: int) -> dict:
    try:
        return json.loads((output / STAMPS / f"{year}.json").read_text("utf-8"))
    except (OSError, ValueError):
        return {}


def file_hashes(content: Path, year: int, known: dict[str, list]) -> dict[str, list]:
    """sha256 of every input of a year, by name. A file whose inode, size, mtime and ctime are what
    the last stamp recorded is not read again: a write always moves ctime, which no tool can set
    back, so an edit is never missed (tests/test_speed.py changes a file and restores its mtime)."""
    files = {}
    for name, path in input_files(content, year):
        try:
            stat = os.stat(path)
        except FileNotFoundError:  # load_year says what is missing
            files[name] = [0, 0, 0, 0, ""]
            continue
        key = stat_key(stat)
        old = known.get(name)
        files[name] = key + [old[4] if old and old[:4] == key else file_sha(path)]
    return files


def read_parse_cache(path: Path, scheme_sha: str) -> dict:
    """What was validated before (content.load_year): only for this kaoping version and this
    scheme, which decide what a file means."""
    try:
        with path.open("rb") as handle:
            key, validated = pickle.load(handle)
        return validated if key == (__version__, scheme_sha) else {}
    except (OSError, pickle.PickleError, EOFError, ValueError, TypeError, AttributeError, ImportError):
        return {}


def write_parse_cache(path: Path, scheme_sha: str, cache: dict, loaded: YearContent) -> None:
    """Keeps what the year's files still are: a key's every (name, sha256) is current."""
    current = {name: record[-1] for name, record in loaded.files.items()}
    keep = {key: value for key, value in cache.items() if all(current.get(name) == sha for name, sha in key)}
    write_file(path, pickle.dumps(((__version__, scheme_sha), keep), protocol=pickle.HIGHEST_PROTOCOL))
