"""results.json (SPEC §6) and results.csv, written from the exact decimals.

JSON numbers are written from Decimal text (94.9, never 94.89999), so the json module, which
only knows binary floats, serialises strings and keys only.
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


def results_data(year: YearResult) -> dict:
    return {
        "year": year.scheme.year,
        "units": [
            {
                "id": r.unit.id,
                "name": r.unit.name,
                "level": r.unit.level,
                "rank": r.rank,
                "total": r.total,
                "grade": r.grade,
                "sections": section_values(year, r),
                "conditions": r.condition_names(),
            }
            for r in year.units
        ],
    }


_dumps = json.JSONEncoder(ensure_ascii=False).encode  # one encoder for the many small strings


def _json(value, indent: str = "") -> str:
    inner = indent + "  "
    if isinstance(value, dict):
        if not value:
            return "{}"
        if all(not isinstance(v, (dict, list)) for v in value.values()) and len(value) <= 6:
            return "{" + ", ".join(f"{_dumps(k)}: {_json(v)}" for k, v in value.items()) + "}"
        rows = [f"{inner}{_dumps(k)}: {_json(v, inner)}" for k, v in value.items()]
        return "{\n" + ",\n".join(rows) + "\n" + indent + "}"
    if isinstance(value, list):
        if all(isinstance(v, str) for v in value):
            return _dumps(value)
        return "[\n" + ",\n".join(inner + _json(v, inner) for v in value) + "\n" + indent + "]"
    if isinstance(value, Decimal):
        return plain_number(value)
    return _dumps(value)


def results_json(year: YearResult) -> bytes:
    return (_json(results_data(year)) + "\n").encode("utf-8")


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
    for r in year.units:
        values = section_values(year, r)
        writer.writerow(
            [r.rank] + [text_cell(t) for t in (r.unit.id, r.unit.name, r.unit.level)]
            + [plain_number(values[s.label]) for s in scheme.sections]
            + [plain_number(values[net]), plain_number(r.total)]
            + [text_cell(t) for t in (r.grade, "、".join(r.condition_names()))]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
