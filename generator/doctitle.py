"""Break a 公文 title into lines between words (GB/T 9704-2012 7.3.1: 回行时词意完整，排列对称，
梯形或菱形).

A title the clerk wrote as a list of lines in bulletin.yaml is kept as written. A title written
on one line is broken here: kaoping knows no Chinese dictionary, so it breaks only after a few
words that end a phrase in titles (关于, 年度, 单位, 的 …) and picks the most even lines; the
bulletin page and bulletin.docx both use these lines.
"""

from __future__ import annotations

import itertools
import math
import unicodedata
from collections.abc import Iterator

# 2号 (22 pt) characters in the 156 mm 版心: 442 pt / 22 pt.
CHARS_PER_LINE = 20

# A line may end after these (the end of a phrase), or before "的通报" and the like.
_AFTER = ("关于", "印发", "年度", "单位", "治理", "工作", "方案", "情况", "结果", "的", "和", "与", "及", "、", "，", "：")
_BEFORE = ("关于", "的通报", "的通知", "的决定", "的意见", "的报告", "的批复")
_NO_LINE_START = "、，。：；！？）》」』”’"
_NO_LINE_END = "（《「『“‘"


def width(text: str) -> float:
    """In full-width characters: a digit or a Latin letter is half a character."""
    wide = 0 if text.isascii() else sum(unicodedata.east_asian_width(c) in "FW" for c in text)
    return wide + (len(text) - wide) / 2


def _phrase_breaks(title: str) -> list[int]:
    found = set()
    for word in _AFTER:
        found.update(start + len(word) for start in _places(word, title))
    for word in _BEFORE:
        found.update(_places(word, title))
    return sorted(i for i in found if 0 < i < len(title) and _may_break(title, i))


def _places(word: str, title: str) -> Iterator[int]:
    """Where `word` starts in `title`, left to right and not overlapping (as re.finditer would find
    it, without compiling a pattern per word: a build made 23 of them, for two short titles)."""
    start = title.find(word)
    while start >= 0:
        yield start
        start = title.find(word, start + len(word))


def _may_break(title: str, i: int) -> bool:
    """Not inside a number or a Latin word, not before a closing or after an opening mark."""
    before, after = title[i - 1], title[i]
    if before.isascii() and after.isascii() and before.isalnum() and after.isalnum():
        return False
    return after not in _NO_LINE_START and before not in _NO_LINE_END


def _best(title: str, candidates: list[int], count: int) -> list[str] | None:
    """The most even split into `count` lines that all fit; ties go to the shorter upper line
    (a 正梯形), and for three lines the middle one longest (菱形) when it is as even."""
    best, best_key = None, None
    for cuts in itertools.combinations(candidates, count - 1):
        bounds = (0, *cuts, len(title))
        lines = [title[a:b] for a, b in zip(bounds, bounds[1:])]
        widths = [width(line) for line in lines]
        if max(widths) > CHARS_PER_LINE:
            continue
        mean = sum(widths) / count
        diamond = count == 3 and widths[1] >= max(widths[0], widths[2])
        key = (sum((w - mean) ** 2 for w in widths), not diamond, widths[0] > widths[-1])
        if best_key is None or key < best_key:
            best, best_key = lines, key
    return best


def title_lines(title: str) -> list[str]:
    """The title's lines: one if it fits, else the fewest even lines broken after phrase words,
    else (no such word where needed) between any two characters that may part."""
    if width(title) <= CHARS_PER_LINE:
        return [title]
    count = math.ceil(width(title) / CHARS_PER_LINE)
    anywhere = [i for i in range(1, len(title)) if _may_break(title, i)]
    for candidates in (_phrase_breaks(title), anywhere):
        for lines in (_best(title, candidates, n) for n in (count, count + 1)):
            if lines:
                return lines
    return [title]
