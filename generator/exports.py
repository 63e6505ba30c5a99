"""results.json (SPEC §6) and results.csv, written from the exact decimals.

JSON numbers are written from Decimal text (94.9, never 94.89999), so the json module, which
only knows binary floats, serialises strings only.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from .fields import plain_number
from .scoring import UnitResult, YearResult


def section_values(year: YearResult, result: UnitResult) -> dict[str, Decimal]:
    """{"一": 25, "二": 40, "三": 20, "四": 15, "五": net}: the columns of every table."""
    values = {s.node.label: s.score for s in result.score.sections}
    values[net_label(year)] = result.score.net
    return values


def net_label(year: YearResult) -> str:
    """五.1 加分 and 五.2 减分 make the net column 五."""
    return year.scheme.bonuses.label.split(".")[0]


# A string as JSON text without escaping non-ASCII: the function JSONEncoder(ensure_ascii=False)
# calls for a str, called directly (its encode() costs five times more per string, 5,000 a year).
_string = json.encoder.encode_basestring


def _strings(texts: list[str]) -> str:
    """A list of strings as JSONEncoder writes it without indent: ["a", "b"]."""
    return "[" + ", ".join(map(_string, texts)) + "]"

_ONE_LINE_MOST = 6  # sections written on one line up to this many columns (一…五), else one a line

# SPEC §6's layout, written directly a unit at a time (a general encoder would find it again for each
# of the year's thousands of values): two-space indents, a unit's sections and conditions on one line.
_UNIT = """    {{
      "id": {id},
      "name": {name},
      "level": {level},
      "rank": {rank},
      "total": {total},
      "grade": {grade},
      "sections": {sections},
      "conditions": {conditions}
    }}"""


def _sections_json(values: dict[str, Decimal], keys: dict[str, str]) -> str:
    pairs = [f"{keys[label]}: {plain_number(value)}" for label, value in values.items()]
    if len(pairs) <= _ONE_LINE_MOST:
        return "{" + ", ".join(pairs) + "}"
    return "{\n" + ",\n".join("        " + pair for pair in pairs) + "\n      }"


def results_json(year: YearResult) -> bytes:
    labels = [section.label for section in year.scheme.sections] + [net_label(year)]
    keys = {label: _string(label) for label in labels}  # the same columns for every unit
    units = [
        _UNIT.format(
            id=_string(r.unit.id), name=_string(r.unit.name), level=_string(r.unit.level), rank=r.rank,
            total=plain_number(r.total), grade=_string(r.grade), sections=_sections_json(section_values(year, r), keys),
            conditions=_strings(r.condition_names()),
        )
        for r in year.units
    ]
    listed = "[\n" + ",\n".join(units) + "\n  ]" if units else "[]"
    return f'{{\n  "year": {year.scheme.year},\n  "units": {listed}\n}}\n'.encode("utf-8")


# A text cell starting with one of these is read by Excel and LibreOffice as a formula
# (=HYPERLINK(…) becomes a live link, a CR or tab hides what follows); numbers are written
# apart, so −0.5 stays a value.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def text_cell(text: str) -> str:
    """A text cell that a spreadsheet keeps as text: a leading apostrophe, the spreadsheets' own
    mark for "this is text, not a formula"."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def results_csv(year: YearResult) -> bytes:
    """UTF-8 with a BOM so that Excel on a Chinese Windows opens it without garbling. Every text
    cell goes through text_cell; numbers are written as plain numbers."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    scheme = year.scheme
    net = net_label(year)
    writer.writerow([text_cell(title) for title in (
        ["名次", "编号", "单位", "级别"]
        + [f"{s.label} {s.title}" for s in scheme.sections]
        + [f"{net} 加减分", "总分", "等次", "情形"]
    )])
    columns = [s.label for s in scheme.sections] + [net]
    for r in year.units:
        unit, values = r.unit, section_values(year, r)
        writer.writerow([r.rank, text_cell(unit.id), text_cell(unit.name), text_cell(unit.level),
                         *[plain_number(values[label]) for label in columns], plain_number(r.total),
                         text_cell(r.grade), text_cell("、".join(r.condition_names()))])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
