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
from typing import NamedTuple

_SAFE_ATTRIBUTES = {"id", "class", "href", "title"}
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):")
_SAFE_SCHEMES = {"http", "https", "mailto"}
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f]+")
_SLOT_OPEN, _SLOT_CLOSE = "\ue000", "\ue001"  # private-use characters: removed from the text first
_SLOT = re.compile(f"{_SLOT_OPEN}([^{_SLOT_CLOSE}]*){_SLOT_CLOSE}")


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
    """Markdown → HTML with slots, and the headings with ids."""
    import markdown
    from markdown.extensions.attr_list import AttrListExtension

    md = markdown.Markdown(extensions=[AttrListExtension()])  # by class: naming it scans every installed package
    tidy = _Tidy()
    md.treeprocessors.register(tidy, "kaoping-tidy", 0)  # after attr_list (8): see the final ids
    text = text.replace(_SLOT_OPEN, "").replace(_SLOT_CLOSE, "")
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return Rendered(md.convert(escaped), tuple(tidy.headings))


def fill_slots(html_text: str, note_for) -> str:
    """The HTML with each slot replaced by note_for(id): HTML, or "" for none."""
    return _SLOT.sub(lambda match: note_for(match[1]), html_text)
