"""Markdown for the rules text and the 通报's own words, made safe for the intranet.

Raw HTML is never passed through (< and > are escaped before parsing), attribute lists may
only set ids and classes, and links may only go to http(s), mailto or inside the site, so
nothing typed into content can run a script. The same pass collects the table of contents
and appends, after each scored clause, the units that lost or gained points on it.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree

import markdown
from markdown.extensions.attr_list import AttrListExtension
from markdown.treeprocessors import Treeprocessor
from typing import NamedTuple

_SAFE_ATTRIBUTES = {"id", "class", "href", "title"}
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):")
_SAFE_SCHEMES = {"http", "https", "mailto"}
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f]+")


class ClauseHit(NamedTuple):
    """A unit that lost or gained points on a clause, for the note beside it on the rules page."""

    name: str
    href: str
    amount: str  # "−2", "+1", or the condition's name


class Heading(NamedTuple):
    level: int
    id: str
    text: str


class _Tidy(Treeprocessor):
    def __init__(self, md, hits: dict[str, list[ClauseHit]], words: dict[str, str]):
        super().__init__(md)
        self.hits, self.words = hits, words
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
        for element in list(root.iter()):
            hits = self.hits.get(element.get("id", ""))
            if hits:
                element.append(_hits_note(hits, self.words.get(element.get("id"), "")))


def _hits_note(hits: list[ClauseHit], words: str) -> etree.Element:
    note = etree.Element("span", {"class": "clause-hits"})
    note.text = f"［{words or '涉及'}{len(hits)}个单位："
    for index, hit in enumerate(hits):
        link = etree.SubElement(note, "a", {"href": hit.href})
        link.text = hit.name
        link.tail = f" {hit.amount}" + ("、" if index < len(hits) - 1 else "］")
    return note


def render(text: str, hits: dict[str, list[ClauseHit]] | None = None,
           words: dict[str, str] | None = None) -> tuple[str, list[Heading]]:
    """Markdown → (HTML, headings with ids). `hits` maps a clause anchor to the units it touched."""
    md = markdown.Markdown(extensions=[AttrListExtension()])  # by class: naming it scans every installed package
    tidy = _Tidy(md, hits or {}, words or {})
    md.treeprocessors.register(tidy, "kaoping-tidy", 0)  # after attr_list (8): see the final ids
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return md.convert(escaped), tidy.headings
