"""The parse cache: what load_year validated before, kept as JSON by the hashes of its files.

Checking a unit file (YAML, then every field) is most of what loading a year costs; the cache
keeps the validated records so that an edit re-checks only the edited file. It is plain data:
JSON, read back into the record types named in _RECORDS and nothing else, so a planted or
damaged file can at worst be refused (then everything is checked again), never run. It lives in
kaoping's state folder (state.py), and holds only for the kaoping version and scheme it was made with.

A line is [key, kind, data]. The unit files, a thousand lines of a large year, are kept flat
("unit": fields by position, each of a checked type, see _unit); the scheme, the 通报's text and
the rules text, one line each, are kept as tagged records ("record": see _plain).
"""

from __future__ import annotations

import dataclasses
import datetime
import itertools
import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

from . import __version__, content, markup, scheme, units
from .content import YearContent
from .units import Entry, Poll, Unit
from .write import write_file

FORMAT = 2  # how the lines are written: a cache of another format is not read


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
    """The inverse of _plain, for one JSON object whose values are already read back (_record)."""
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


def _record(value):
    """A tagged value read back, innermost objects first."""
    if isinstance(value, list):
        return [_record(item) for item in value]
    if isinstance(value, dict):
        return _value({key: _record(item) for key, item in value.items()})
    return value


_TEXT, _WHOLE, _MAYBE_TEXT, _MAYBE_WHOLE = (str,), (int,), (str, type(None)), (int, type(None))


def _shapes(*fields: tuple[type, ...]) -> frozenset[tuple[type, ...]]:
    """Every sequence of types a list of these fields may have: checked in one look-up per list."""
    return frozenset(itertools.product(*fields))


_ENTRY = _shapes(_TEXT, _TEXT, _WHOLE, _MAYBE_WHOLE, _MAYBE_TEXT, _MAYBE_TEXT, _MAYBE_TEXT, _MAYBE_TEXT)
_UNIT = _shapes(_TEXT, _TEXT, _TEXT, _TEXT, _TEXT, _WHOLE, _WHOLE, _MAYBE_TEXT)
_PAIR = _shapes(_TEXT, _TEXT)
_COUNT = _shapes(_TEXT, _WHOLE)
_LISTS = _shapes(*[(list,)] * 4)


def _typed(values: list, shapes: frozenset[tuple[type, ...]]) -> list:
    """The values, if they are a list whose types are one of the shapes (exactly: true is no number)."""
    if type(values) is not list or tuple(map(type, values)) not in shapes:
        raise ValueError("not a parse cache")
    return values


def _flat_unit(unit: Unit) -> list:
    """A Unit by position: its texts and lines, the poll, then its four lists of entries."""
    poll = unit.poll
    return [unit.id, unit.path, unit.name, unit.short, unit.level, unit.name_line, unit.short_line,
            None if poll.score is None else str(poll.score), [list(pair) for pair in poll.counts],
            [[_flat_entry(entry) for entry in entries]
             for entries in (unit.deductions, unit.bonuses, unit.penalties, unit.findings)]]


def _flat_entry(entry: Entry) -> list:
    return [entry.rule, entry.note, entry.line, entry.count, None if entry.points is None else str(entry.points),
            None if entry.date is None else entry.date.isoformat(), entry.incident, entry.group]


def _unit(data: list) -> Unit:
    """The inverse of _flat_unit, every field checked for its type."""
    if type(data) is not list or len(data) != 10:
        raise ValueError("not a parse cache")
    *texts, counts, lists = data
    uid, path, name, short, level, name_line, short_line, score = _typed(texts, _UNIT)
    poll = Poll(None if score is None else Decimal(score),
                tuple(tuple(_typed(pair, _COUNT)) for pair in counts))
    deductions, bonuses, penalties, findings = [tuple(map(_entry, entries)) for entries in _typed(lists, _LISTS)]
    return Unit(uid, path, name, short, level, poll, deductions, bonuses, penalties, findings, name_line, short_line)


def _entry(data: list) -> Entry:
    rule, note, line, count, points, date, incident, group = _typed(data, _ENTRY)
    return Entry(rule, note, line, count, None if points is None else Decimal(points),
                 None if date is None else datetime.date.fromisoformat(date), incident, group)


def _line(key: tuple, value) -> str:
    data = ["unit", _flat_unit(value)] if type(value) is Unit else ["record", _plain(value)]
    return json.dumps([[list(part) for part in key], *data], ensure_ascii=False, separators=(",", ":"))


def _entry_of(line: str) -> tuple[tuple, object]:
    """The key and value of one line: a key is the (name, sha256) of each file the value was made from."""
    key, kind, data = json.loads(line)
    if type(key) is not list:
        raise ValueError("not a parse cache")
    key = tuple(tuple(_typed(part, _PAIR)) for part in key)
    if kind == "unit":
        return key, _unit(data)
    if kind == "record":
        return key, _record(data)
    raise ValueError("not a parse cache")


class _Kept(dict):
    """The cache as read: each entry's JSON line is kept, so writing it back encodes only new entries."""

    def __init__(self):
        super().__init__()
        self.lines: dict[tuple, str] = {}


def read(path: Path, scheme_sha: str) -> dict:
    """What was validated before: only for this kaoping version and this scheme, which decide what a
    file means. Anything unreadable or of another shape is an empty cache."""
    kept = _Kept()
    try:
        with path.open("rb") as handle:
            if json.loads(handle.readline()) != [__version__, scheme_sha, FORMAT]:
                return kept
            lines = handle.read().decode("utf-8").split("\n")  # decoded once, not line by line
        if lines.pop() != "":  # the last line was cut short
            return kept
        for line in lines:
            key, value = _entry_of(line)
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
    header = json.dumps([__version__, scheme_sha, FORMAT])
    try:
        entries = [lines.get(key) or _line(key, cache[key]) for key in keep]
    except TypeError:  # a value it cannot keep exactly: no cache rather than a wrong one
        return
    write_file(path, "\n".join([header, *entries, ""]).encode("utf-8"))
