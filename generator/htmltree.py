"""The 通报 page read into a light tree as lxml.html reads it, without lxml (for bulletin_docx.py).

kaoping's own pages are regular: every element closed where it was opened, escapes from a short
list, no comment. Such a page is read here with a few regular expressions, faster than lxml on a
1,000-unit page, and a build need not import lxml (issue 16.3). The tree has lxml's shape where
bulletin_docx looks: tag, class, text, tail and children in libxml2's places, whitespace included.
Anything not known to be read alike (a tag libxml2 would close by itself or does not know here,
another escape, a comment, a stray `<`, a carriage return) makes `read` return None, and
bulletin_docx reads the page with lxml instead: a theme may write any HTML. tests/test_docx.py
checks every nesting accepted here against lxml, and the docx of real pages made both ways.

Two kinds of part are not opened, where no text of theirs is read: an SVG drawing (the totals
chart), and a table body whose rows hold only cells that are text, or one inline element around
text (the ranking's ten thousand cells): the body gets each cell's text as `rows`, and no children.
Neither may hold a class that the caller `wants` (a drawing: not even the name, anywhere), nor sit
inside an element whose text the caller reads (`read`'s arguments).
"""

from __future__ import annotations

import re

_SPACE = "[ \t\n\f]"  # HTML's whitespace (a carriage return never gets this far)
_ATTRIBUTES = (rf"(?:{_SPACE}+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:{_SPACE}*={_SPACE}*"
               rf"""(?:"[^"]*"|'[^']*'|[^ \t\n\f"'=<>`]+))?)*""")
_TAG = re.compile(rf"<(/?)([a-zA-Z][a-zA-Z0-9]*)({_ATTRIBUTES}){_SPACE}*(/?)>")
_ATTRIBUTE = re.compile(rf"""{_SPACE}+([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:{_SPACE}*={_SPACE}*"""
                        rf"""(?:"([^"]*)"|'([^']*)'|([^ \t\n\f"'=<>`]+)))?""")
_ENTITY = re.compile(r"&(?:(amp|lt|gt|quot|nbsp);|#([0-9]{1,7});|#[xX]([0-9a-fA-F]{1,6});)")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "nbsp": "\xa0"}
_START = re.compile(rf"<!DOCTYPE html>{_SPACE}*(?=<html[ \t\n\f>])", re.I)
_CHARSET = re.compile(rf"{_SPACE}*<meta charset=\"?utf-8\"?>", re.I)  # lxml reads the page in UTF-8 for it
# A table body of plain cells: rows of cells (their attributes plain: double-quoted, without & < >),
# each text or one inline element around text; and, in such a body, each cell's text.
_PLAIN_ATTRIBUTES = rf'(?:{_SPACE}+[a-z][a-z-]*="[^"<>&]*")*'
_ROWS_PATTERN = (rf"(?:{_SPACE}*<tr>(?:{_SPACE}*<(td|th){_PLAIN_ATTRIBUTES}>(?:[^<]*|\s*<({{inline}})"
                   rf"{_PLAIN_ATTRIBUTES}>[^<]*</\2>\s*)</\1>)*{_SPACE}*</tr>)*{_SPACE}*")
_PLAIN_CLASS = re.compile(r'class="([^"]*)"')
_CELL_TEXT = re.compile(r"<t[dh][^>]*>(?:\s*<[a-z]+[^>]*>)?([^<]*)")
_WHITESPACE = re.compile(r"\s")

VOID = frozenset({"br", "hr", "img", "meta", "link"})
_RAW = frozenset({"script", "style", "title"})  # text up to their end tag
_HEAD = frozenset({"meta", "link", "title", "script", "style"})
PHRASING = frozenset({"a", "abbr", "b", "cite", "code", "dfn", "em", "i", "kbd", "mark", "q", "s", "small", "span",
                      "strong", "sub", "sup", "time", "u", "var", "br", "img"})
_FLOW = frozenset({"body", "div", "section", "article", "header", "footer", "main", "nav", "aside", "figure",
                   "figcaption", "blockquote", "li", "dd", "td", "th"})
_BLOCK = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table", "hr", "script", "div",
                    "section", "article", "header", "footer", "main", "nav", "aside", "figure", "figcaption",
                    "blockquote"})
_PHRASING_PARENTS = _FLOW | {"p", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "caption"} | PHRASING
# elements that may stand only in these (libxml2 keeps each of these nestings as written)
_PARENTS = {"li": {"ul", "ol"}, "dt": {"dl"}, "dd": {"dl"}, "caption": {"table"}, "thead": {"table"},
            "tbody": {"table"}, "tr": {"thead", "tbody"}, "td": {"tr"}, "th": {"tr"}, "head": {"html"},
            "body": {"html"}}
_NO_TEXT = frozenset({"html", "head", "table", "thead", "tbody", "tr", "ul", "ol", "dl"})  # whitespace only
# where a part that is not opened may stand: elements whose own text no one reads
_UNREAD = frozenset({"html", "body", "main", "section", "article", "div", "header", "footer", "nav", "aside",
                     "figure", "table", "tbody", "tr"})
_SVG = frozenset({"svg", "g", "rect", "line", "polyline", "polygon", "path", "circle", "text", "tspan", "title", "a"})

_INLINE = PHRASING - VOID
_ROWS = re.compile(_ROWS_PATTERN.format(inline="|".join(sorted(_INLINE))))
_NOT_SVG = re.compile(r"<(?!/?(?:" + "|".join(sorted(_SVG - {"svg"})) + r")[ \t\n\f/>])")
_SVG_TITLE = re.compile(r"<title(?:[ \t\n\f][^>]*)?>[^<]*<(?!/title>)")  # a title's text is read to its end tag alone


class Irregular(Exception):
    """Something this reader would not read as lxml does."""


class Element:
    """An element as bulletin_docx reads it: tag, class (the one attribute kept), text, tail, children;
    a table body read at once has its `rows` (each cell's text) instead of children."""

    __slots__ = ("tag", "cls", "text", "tail", "children", "parent", "rows")

    def __init__(self, tag: str, cls: str | None, parent: Element | None):
        self.tag, self.cls, self.parent = tag, cls, parent
        self.text = self.tail = self.rows = None
        self.children: list[Element] = []

    def get(self, name: str, default=None):
        return self.cls if name == "class" and self.cls is not None else default

    def __iter__(self):
        return iter(self.children)

    def __len__(self) -> int:
        return len(self.children)

    def __getitem__(self, index: int) -> Element:
        return self.children[index]

    def iter(self, *tags: str):
        """The element and its descendants in document order (with `tags`, those of these tags)."""
        stack = [self]
        while stack:
            element = stack.pop()
            if not tags or element.tag in tags:
                yield element
            if element.children:
                stack += reversed(element.children)

    def iterchildren(self, *tags: str):
        return (child for child in self.children if not tags or child.tag in tags)

    def find(self, tag: str) -> Element | None:
        return next(self.iterchildren(tag), None)

    def iterancestors(self):
        element = self.parent
        while element is not None:
            yield element
            element = element.parent


class Tree:
    """The page's root; its elements by class, in document order; the place in that order of each
    element that has a class."""

    def __init__(self, root: Element, by_class: dict[str, list[Element]], order: dict[Element, int]):
        self.root, self.by_class, self.order = root, by_class, order


def read(page: bytes, wanted: frozenset[str], read_text: frozenset[str]) -> Tree | None:
    """The page as a light tree, or None when it is not regular enough to be read as lxml reads it.
    `wanted`: the classes the caller asks for; `read_text`: those whose elements' text it reads."""
    try:
        return _Reader(page.decode("utf-8"), wanted, read_text).tree()
    except (Irregular, UnicodeDecodeError):
        return None


def _decoded(text: str) -> str:
    if "&" not in text:
        return text
    if len(_ENTITY.findall(text)) != text.count("&"):
        raise Irregular("an escape not in the short list")
    return _ENTITY.sub(_character, text)


def _character(match) -> str:
    name, decimal, hexadecimal = match.groups()
    if name:
        return _NAMED[name]
    code = int(decimal, 10) if decimal else int(hexadecimal, 16)
    if not (code in (9, 10) or 0x20 <= code < 0x7F or 0xA0 <= code < 0xD800 or 0xE000 <= code < 0xFDD0
            or 0xFDF0 <= code <= 0x10FFFF and code & 0xFFFE != 0xFFFE):
        raise Irregular(f"&#{code};")  # a control, a surrogate or a noncharacter: HTML maps some of them
    return chr(code)


def _class(attributes: str) -> str | None:
    """The class of a start tag's attributes (as _TAG matched them: one attribute after another);
    the first, if written twice, as lxml keeps it."""
    if "class" not in attributes.lower():
        return None
    for attribute in _ATTRIBUTE.finditer(attributes):
        if attribute.group(1).lower() == "class":
            value = next((v for v in attribute.groups()[1:] if v is not None), "")
            if "&" in value:
                raise Irregular("an escape in a class")
            return value
    return None


def accepted(name: str, parent: str) -> bool:
    """Whether an element `name` may start here in an open `parent` (libxml2 keeps it there)."""
    return (name in _HEAD if parent == "head"
            else parent in _PARENTS[name] if name in _PARENTS
            else parent in _PHRASING_PARENTS and not name == parent == "a" if name in PHRASING
            else parent in _FLOW if name in _BLOCK
            else name == "svg" and parent in _FLOW)


def _check_nesting(name: str, parent: str, depth: int, links: int) -> None:
    if not accepted(name, parent) or name == "a" and links or depth > 200:  # libxml2 closes a link in a link
        raise Irregular(f"<{name}> in <{parent}>")


class _Reader:
    def __init__(self, text: str, wanted: frozenset[str], read_text: frozenset[str]):
        if "\r" in text or "\0" in text:
            raise Irregular("a carriage return or NUL")
        self.text, self.wanted, self.read_text = text, wanted, read_text
        self.by_class: dict[str, list[Element]] = {}
        self.order: dict[Element, int] = {}

    def element(self, tag: str, cls: str | None, parent: Element | None) -> Element:
        element = Element(tag, cls, parent)
        if cls:
            self.order[element] = len(self.order)
            for name in cls.split():
                self.by_class.setdefault(name, []).append(element)
        if parent is not None:
            parent.children.append(element)
        return element

    def unread(self, parent: Element) -> bool:
        """Whether a part under `parent` may be left unopened: no text of it is ever read."""
        for element in (parent, *parent.iterancestors()):
            if element.tag not in _UNREAD or element.cls and self.read_text.intersection(element.cls.split()):
                return False
        return True

    def tree(self) -> Tree:
        text = self.text
        start = _START.match(text)
        if start is None:
            raise Irregular("no <!DOCTYPE html><html> at the start")
        pos, root, current = start.end(), None, None
        depth = links = 0  # open elements, and open links among them
        while True:
            tag = _TAG.search(text, pos)
            between = text[pos:tag.start() if tag else len(text)]
            if between:
                self.add_text(current, between)
            if tag is None:
                break
            end, name, attributes, closed = tag.group(1), tag.group(2).lower(), tag.group(3), tag.group(4)
            pos = tag.end()
            if end:
                if attributes or closed or current is None or name != current.tag:
                    raise Irregular(f"</{name}> does not close the open element")
                current, depth, links = current.parent, depth - 1, links - (name == "a")
                if current is None:
                    if text[pos:].strip(" \t\n\f"):
                        raise Irregular("text after </html>")
                    return Tree(root, self.by_class, self.order)
                continue
            if closed and name not in VOID:
                raise Irregular(f"<{name}/>")
            if root is None:
                if name != "html":
                    raise Irregular("the page does not start with <html>")
                root = current = self.element(name, _class(attributes), None)
                depth = 1
                continue
            _check_nesting(name, current.tag, depth, links)
            if name in ("head", "body") and [e.tag for e in root.children] != ([] if name == "head" else ["head"]):
                raise Irregular(f"<{name}> out of its place")  # libxml2 merges a second one into the first
            if name == "head" and (not _CHARSET.match(text, pos)
                                   or text[pos:text.find("</head>", pos)].lower().count("charset") != 1):
                raise Irregular("the head does not start with <meta charset=utf-8> alone")
            if name == "svg" and self.unread(current):
                pos = self.svg(current, _class(attributes), pos)
                continue
            element = self.element(name, _class(attributes), current)
            if name in VOID:
                continue
            if name in _RAW:
                close = text.find(f"</{name}>", pos)
                raw = text[pos:close]
                if (close < 0 or f"</{name}" in raw.lower() or "<!--" in raw
                        or name == "title" and ("&" in raw or "<" in raw)):
                    raise Irregular(f"<{name}>")
                element.text = raw or None
                pos = close + len(name) + 3
                continue
            current, depth, links = element, depth + 1, links + (name == "a")
            if name == "tbody" and self.unread(current):
                pos = self.rows(current, pos)
        raise Irregular("the page ends inside an element")

    def add_text(self, parent: Element | None, text: str) -> None:
        if parent is None or "<" in text:
            raise Irregular("text outside the page, or a stray <")
        if parent.tag in _NO_TEXT and text.strip(" \t\n\f"):
            raise Irregular(f"text in <{parent.tag}>")
        text = _decoded(text)
        if parent.children:
            last = parent.children[-1]
            last.tail = (last.tail or "") + text
        else:
            parent.text = (parent.text or "") + text

    def svg(self, parent: Element, cls: str | None, pos: int) -> int:
        """An SVG drawing as one element without children (or Irregular); where the page goes on."""
        text = self.text
        close = text.find("</svg>", pos)
        inside = text[pos:close]
        if (close < 0 or _NOT_SVG.search(inside) or _SVG_TITLE.search(inside)
                or self.wanted.intersection((cls or "").split()) or any(name in inside for name in self.wanted)):
            raise Irregular("an SVG drawing this reader does not leave unopened")
        self.element("svg", cls, parent)
        return close + len("</svg>")

    def rows(self, body: Element, pos: int) -> int:
        """A table body whose rows hold only plain cells (the module's docstring), read at once into
        `body.rows` (each cell's text, spaces collapsed as bulletin_docx does); where the page goes
        on. Any other body is left to be read element by element."""
        text = self.text
        close = text.find("</tbody>", pos)
        inside = text[pos:close]
        if close < 0 or inside.count("&") != len(_ENTITY.findall(inside)) or not _ROWS.fullmatch(inside):
            return pos
        names = self.wanted | {"no-print"}  # every class in such a body is written class="…"
        if any(names.intersection(value.split()) for value in set(_PLAIN_CLASS.findall(inside))):
            return pos
        texts, rows, done = _CELL_TEXT.findall(inside), [], 0
        for row in inside.split("</tr>")[:-1]:
            count = row.count("</td>") + row.count("</th>")
            rows.append(texts[done:done + count])
            done += count
        for cells in rows:  # most rows have no space, no escape: looked at as one text
            joined = "\0".join(cells)
            if "&" in joined or _WHITESPACE.search(joined):
                cells[:] = (" ".join(_decoded(cell).split()) for cell in cells)
        body.rows = rows
        return close

