"""Geometry of the inline SVG charts, computed at build time (the templates only draw it).

Coordinates are written as short decimal strings so the same scores give the same bytes.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import NamedTuple

from .fields import plain_number


@lru_cache(maxsize=8192)  # the same coordinates recur on unit after unit
def _px(value: Decimal) -> str:
    return plain_number(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


class Bar(NamedTuple):
    y: int
    width: str
    label: str
    value: str
    grade: str
    href: str


class Line(NamedTuple):
    x: str
    label: str


class TotalsChart(NamedTuple):
    width: int
    height: int
    left: int  # where the bars start (labels sit left of it)
    bars: tuple[Bar, ...]
    lines: tuple[Line, ...]
    ticks: tuple[Line, ...]


ROW, GAP, LEFT, PLOT = 16, 6, 150, 460


def totals_chart(rows, thresholds: list[Decimal]) -> TotalsChart:
    """rows: (label, total, grade, href) in display order; bars start at a floor below the lowest total."""
    totals = [total for _, total, _, _ in rows] or [Decimal(100)]
    low = min(min(totals), min(thresholds, default=Decimal(85))) - 5
    floor = max(Decimal(0), (low // 10) * 10)
    ceiling = max(Decimal(105), max(totals))
    scale = Decimal(PLOT) / (ceiling - floor)

    def x(value: Decimal) -> Decimal:
        return (value - floor) * scale

    bars = tuple(
        Bar(GAP + i * (ROW + GAP), _px(max(Decimal(1), x(total))), label, plain_number(total), grade, href)
        for i, (label, total, grade, href) in enumerate(rows)
    )
    lines = tuple(Line(_px(LEFT + x(t)), plain_number(t)) for t in thresholds)
    ticks = tuple(Line(_px(LEFT + x(v)), plain_number(v)) for v in range(int(floor), int(ceiling) + 1, 10))
    height = GAP + len(rows) * (ROW + GAP) + 22
    return TotalsChart(LEFT + PLOT + 20, height, LEFT, bars, lines, ticks)


class SectionBar(NamedTuple):
    y: int
    width: str  # of the score
    full: str  # of the base
    text_x: str  # where the figures go, right of the track
    label: str
    score: str
    base: str


@lru_cache(maxsize=1024)  # most units share their section scores with many others
def sections_chart(sections: tuple[tuple[str, Decimal, Decimal], ...]) -> tuple[SectionBar, ...]:
    """sections: (label, score, base); bars on one scale, the base as the grey track behind."""
    widest = max((base for _, _, base in sections), default=Decimal(1))
    scale = Decimal(300) / widest
    return tuple(
        SectionBar(4 + i * 26, _px(max(Decimal(0), score) * scale), _px(base * scale),
                   _px(base * scale + 36), label,
                   plain_number(score), plain_number(base))
        for i, (label, score, base) in enumerate(sections)
    )


class HistoryLine(NamedTuple):
    width: int
    height: int
    points: str  # for <polyline points="…">
    dots: tuple[tuple[str, str, str, str, str], ...]  # x, y, y of the label, year, total


def history_line(series: list[tuple[int, str]]) -> HistoryLine:
    """A unit's totals over the years, on a 60–100 scale (lower totals sit on the floor)."""
    dots = tuple(_history_dot(index, year, total) for index, (year, total) in enumerate(series))
    return HistoryLine(60 * len(series) + 40, _HEIGHT, " ".join(f"{x},{y}" for x, y, *_ in dots), dots)


_HEIGHT, _PAD, _FLOOR, _CEILING = 90, 20, Decimal(60), Decimal(100)


@lru_cache(maxsize=8192)  # every unit's line has the same years, and totals recur
def _history_dot(index: int, year: int, total: str) -> tuple[str, str, str, str, str]:
    """x, y, y of the label, year, total."""
    value = min(max(Decimal(total), _FLOOR), _CEILING)
    y = _PAD + (_CEILING - value) * (_HEIGHT - 2 * _PAD) / (_CEILING - _FLOOR)
    return _px(Decimal(_PAD + 60 * index)), _px(y), _px(y - 7), str(year), total
