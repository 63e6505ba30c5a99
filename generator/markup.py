"""Markdown for the rules text and the 通报's own words, made safe for the intranet.

Raw HTML is never passed through (< and > are escaped before parsing), attribute lists may
only set ids and classes, and links may only go to http(s), mailto or inside the site, so
nothing typed into content can run a script. The same pass collects the table of contents
and leaves a slot at the end of each element with an id: render.py fills the slots of the
scored clauses with the units that lost or gained points on them. The HTML depends on the
text alone, so content.py converts each text once and keeps it with the parsed files.
"""

from __future__ import annotations

import html
import re
import threading
from typing import NamedTuple

_SAFE_ATTRIBUTES = {"id", "class", "href", "title"}
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):")
_SAFE_SCHEMES = {"http", "https", "mailto"}
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f]+")
_SLOT_OPEN, _SLOT_CLOSE = "\ue000", "\ue001"  # private-use characters: removed from the text first
_SLOT = re.compile(f"{_SLOT_OPEN}([^{_SLOT_CLOSE}]*){_SLOT_CLOSE}")


# Bounds on what is converted. Python-Markdown rescans the rest of a paragraph for each inline
# match and for each unclosed bracket, and recurses once per level of nesting, so its work grows
# with the square of a paragraph's length, with the product of length and bracket depth, and
# its stack with list depth: `[`×8000 … `]`×8000 took 20 s, a 3000-deep list overflowed the
# stack. Text beyond these bounds is refused before conversion, in one linear pass. The real
# rules text stays far inside them (paragraphs under 400 characters, no brackets, lists 2 deep).
MAX_TEXT = 100_000  # characters in one text (rules.md is about 5,000)
MAX_PARAGRAPH = 2_000  # characters in a paragraph: a run of lines without a blank line between
MAX_DEPTH = 8  # levels of lists and indentation (4 spaces each); of [ ] or ( ) in a paragraph
_MARKERS = re.compile(r"(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")  # a list marker at the start of a line's text


class TooComplex(ValueError):
    """Text that would take Markdown too long to convert: the line (1-based, in the text) and why."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line


def check_bounds(text: str) -> None:
    """Raise TooComplex at the first place where `text` goes beyond the bounds above."""
    if len(text) > MAX_TEXT:
        raise TooComplex(1, f"这段文字有 {len(text)} 个字符，超过了 {MAX_TEXT} 的上限。"
                            "请确认没有误粘贴别的内容；细则原文一般只有几千字。")
    paragraph_start, paragraph_length, brackets = 0, 0, {"[": 0, "(": 0}
    for number, line in enumerate(text.split("\n"), 1):  # numbered as editors number them
        if not line.strip():
            paragraph_start, paragraph_length, brackets = 0, 0, {"[": 0, "(": 0}
            continue
        paragraph_start = paragraph_start or number
        depth = _nesting(line)
        if depth > MAX_DEPTH:
            raise TooComplex(number, f"这一行的列表或缩进嵌套了 {depth} 层，超过了 {MAX_DEPTH} 层的上限"
                                     "（行首的每个 -、* 或 1. 算一层，每 4 个空格的缩进也算一层）。请减少缩进或拆开列表。")
        escaped = False
        for character in line:
            if escaped:
                escaped = False
            elif character == "\\":
                escaped = True
            elif character in "[(":
                brackets[character] += 1
                if brackets[character] > MAX_DEPTH:
                    pair = "方括号 [ ]" if character == "[" else "圆括号 ( )"
                    raise TooComplex(number, f"{pair}在这一段里套了 {MAX_DEPTH} 层以上（或有许多没有闭合）。"
                                             f"请检查是否多打了「{character}」；要显示这个符号本身时请写「\\{character}」。")
            elif character in "])":
                opening = "[" if character == "]" else "("
                brackets[opening] = max(0, brackets[opening] - 1)
        paragraph_length += len(line)
        if paragraph_length > MAX_PARAGRAPH:
            raise TooComplex(paragraph_start, f"从这一行起的一段（到第 {number} 行）超过了 {MAX_PARAGRAPH} 个字符的上限。"
                                              "Markdown 以空行分段：请在段落之间空一行。")


def _nesting(line: str) -> int:
    """How many blocks deep Markdown would nest this line at most: 4 columns of indentation
    per level (a tab counts 4) and every list marker that starts its text."""
    stripped = line.lstrip(" \t")
    indent = line[: len(line) - len(stripped)].expandtabs(4)
    depth = len(indent) // 4
    position = 0
    while marker := _MARKERS.match(stripped, position):
        depth, position = depth + 1, marker.end()
        if position == len(stripped):
            break
    return depth


class Heading(NamedTuple):
    level: int
    id: str
    text: str


class Rendered(NamedTuple):
    html: str  # with a slot (private-use characters round the id) at the end of each element that has an id
    headings: tuple[Heading, ...]  # the h2/h3 with ids, for a table of contents


class _Tidy:
    """A Markdown tree processor (run(root) is all Markdown asks of one; not a subclass, so that
    importing this module does not import Markdown, which a build with its texts cached never needs)."""

    def __init__(self):
        self.headings: list[Heading] = []

    def run(self, root):
        for element in root.iter():
            for name in list(element.attrib):
                if name not in _SAFE_ATTRIBUTES:
                    del element.attrib[name]
            href = element.get("href")
            if href is not None:
                # read the link as a browser does: entities decoded, control characters and spaces dropped
                seen = _INVISIBLE.sub("", html.unescape(href))
                scheme = _SCHEME.match(seen)
                if scheme and scheme.group(1).lower() not in _SAFE_SCHEMES:
                    del element.attrib["href"]
            if element.tag in ("img", "script", "iframe", "object", "embed", "style"):
                element.tag, element.text = "span", element.get("alt", "")
                element.attrib.clear()
            if element.tag in ("h2", "h3") and element.get("id"):
                self.headings.append(Heading(int(element.tag[1]), element.get("id"), "".join(element.itertext())))
        for element in root.iter():
            if element.get("id"):
                slot = _SLOT_OPEN + element.get("id") + _SLOT_CLOSE
                if len(element):
                    element[-1].tail = (element[-1].tail or "") + slot
                else:
                    element.text = (element.text or "") + slot


def render(text: str) -> Rendered:
    """Markdown → HTML with slots, and the headings with ids; TooComplex for text beyond the bounds."""
    check_bounds(text)
    text = text.replace(_SLOT_OPEN, "").replace(_SLOT_CLOSE, "")
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    with _CONVERTER_LOCK:
        md, tidy = _converter()
        tidy.headings = []
        return Rendered(md.reset().convert(escaped), tuple(tidy.headings))


_CONVERTER: list = []  # one per process, reset between texts: making one compiles all of Markdown's patterns
_CONVERTER_LOCK = threading.Lock()  # a converter holds the text it is converting: one text at a time


def _converter():
    if not _CONVERTER:
        import markdown
        from markdown.extensions.attr_list import AttrListExtension

        md = markdown.Markdown(extensions=[AttrListExtension()])  # by class: naming it scans every installed package
        tidy = _Tidy()
        md.treeprocessors.register(tidy, "kaoping-tidy", 0)  # after attr_list (8): see the final ids
        _CONVERTER.append((md, tidy))
    return _CONVERTER[0]


def fill_slots(html_text: str, note_for) -> str:
    """The HTML with each slot replaced by note_for(id): HTML, or "" for none."""
    return _SLOT.sub(lambda match: note_for(match[1]), html_text)
