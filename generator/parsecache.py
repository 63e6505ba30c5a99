"""The parse cache: what load_year validated before, kept as JSON by the hashes of its files.

Checking a unit file (YAML, then every field) is most of what loading a year costs; the cache
keeps the validated records so that an edit re-checks only the edited file. It is plain data:
JSON, read back into the record types named in _RECORDS and nothing else, so a planted or
damaged file can at worst be refused (then everything is checked again), never run. It lives in
kaoping's state folder (state.py), and holds only for the kaoping version and scheme it was made with.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

from . import __version__, content, markup, scheme, units
from .content import YearContent
from .write import write_file


def _records(*modules) -> dict[str, type]:
    """The record types (NamedTuples and dataclasses) that the loader's modules define, by name:
    the only types a cache file can be read back into."""
    found = {}
    for module in modules:
        for name, value in vars(module).items():
            if (isinstance(value, type) and value.__module__ == module.__name__
                    and (dataclasses.is_dataclass(value) or (issubclass(value, tuple) and hasattr(value, "_fields")))):
                assert name not in found, f"two record types named {name}"
                found[name] = value
    return found


_RECORDS = _records(content, markup, scheme, units)


def _plain(value):
    """A value as JSON: records, decimals, dates, tuples and non-text keys are tagged."""
    if value is None or isinstance(value, (str, int)):  # bool is an int
        return value
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    if isinstance(value, datetime.date):
        return {"date": value.isoformat()}
    if hasattr(type(value), "_fields") or dataclasses.is_dataclass(value):
        if _RECORDS.get(type(value).__name__) is not type(value):
            raise TypeError(f"the parse cache does not know the record type {type(value).__name__}")
        fields = ([getattr(value, f.name) for f in dataclasses.fields(value)] if dataclasses.is_dataclass(value)
                  else list(value))
        return {"record": type(value).__name__, "fields": [_plain(item) for item in fields]}
    if isinstance(value, tuple):
        return {"tuple": [_plain(item) for item in value]}
    if isinstance(value, dict):
        return {"dict": [[_plain(key), _plain(item)] for key, item in value.items()]}
    raise TypeError(f"the parse cache cannot keep a {type(value).__name__}")


def _value(tagged: dict):
    """The inverse of _plain, for one JSON object (json calls it innermost first)."""
    if len(tagged) == 1:
        (tag, data), = tagged.items()
        if tag == "decimal":
            return Decimal(data)
        if tag == "date":
            return datetime.date.fromisoformat(data)
        if tag == "tuple":
            return tuple(data)
        if tag == "dict":
            return {key: item for key, item in data}
    elif tagged.keys() == {"record", "fields"}:
        return _RECORDS[tagged["record"]](*tagged["fields"])
    raise ValueError("not a parse cache")


class _Kept(dict):
    """The cache as read: each entry's JSON line is kept, so writing it back encodes only new entries."""

    def __init__(self):
        super().__init__()
        self.lines: dict[tuple, bytes] = {}


def read(path: Path, scheme_sha: str) -> dict:
    """What was validated before: only for this kaoping version and this scheme, which decide what a
    file means. Anything unreadable or of another shape is an empty cache."""
    kept = _Kept()
    try:
        with path.open("rb") as handle:
            if json.loads(handle.readline()) != [__version__, scheme_sha]:
                return kept
            for line in handle:
                key, value = json.loads(line, object_hook=_value)
                kept[key], kept.lines[key] = value, line
    except (OSError, ValueError, TypeError, InvalidOperation, RecursionError):
        return _Kept()
    return kept


def write(path: Path, scheme_sha: str, cache: dict, loaded: YearContent) -> None:
    """Keeps what the year's files still are: a key's every (name, sha256) is current. One line per
    entry, after a line naming the version and scheme; not rewritten when nothing changed."""
    current = {name: record[-1] for name, record in loaded.files.items()}
    keep = [key for key in cache if all(current.get(name) == sha for name, sha in key)]
    lines = getattr(cache, "lines", {})
    if lines and set(keep) == lines.keys():
        return
    header = json.dumps([__version__, scheme_sha]).encode("utf-8") + b"\n"
    try:
        entries = [lines.get(key) or json.dumps(_plain([key, cache[key]]), ensure_ascii=False,
                                                separators=(",", ":")).encode("utf-8") + b"\n" for key in keep]
    except TypeError:  # a value it cannot keep exactly: no cache rather than a wrong one
        return
    write_file(path, header + b"".join(entries))
