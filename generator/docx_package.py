"""The Word package (.docx) around a document's body: parts, relationships, a reproducible zip.

The parts every document shares come from python-docx's blank document (its template files,
read as data; python-docx is pinned below 2 for that folder's layout): the theme, numbering, web
settings and application properties as they are, the styles cut down to the defaults, the
settings and font table with kaoping's additions. python-docx's object model is not used (its
import and its writing cost more than the rest of a build). The blank's parts are cut with lxml
once per process and kept as text; a document's own parts (its body, headers and core properties)
are written as text into them, spelt as lxml spells XML (and python-docx, which writes through lxml):
`escape` below for text, `<x/>` for an empty element, no whitespace between elements.
tests/test_docx.py pins the bytes and checks that every part reads back to the same bytes in lxml.

Byte-reproducible: fixed zip entry times and attributes, no creation or modification time in
the core properties, no thumbnail, no random ids.
"""

from __future__ import annotations

import functools
import importlib.util
import io
import os
import re
import zipfile

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_TYPE = "application/vnd.openxmlformats-officedocument."
_WORD = _TYPE + "wordprocessingml."
_CONTENT_TYPES = {  # of each part this package may hold
    "/docProps/app.xml": _TYPE + "extended-properties+xml",
    "/docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
    "/word/document.xml": _WORD + "document.main+xml",
    "/word/fontTable.xml": _WORD + "fontTable+xml",
    "/word/footer1.xml": _WORD + "footer+xml",
    "/word/footer2.xml": _WORD + "footer+xml",
    "/word/header1.xml": _WORD + "header+xml",
    "/word/header2.xml": _WORD + "header+xml",
    "/word/numbering.xml": _WORD + "numbering+xml",
    "/word/settings.xml": _WORD + "settings+xml",
    "/word/styles.xml": _WORD + "styles+xml",
    "/word/theme/theme1.xml": _TYPE + "theme+xml",
    "/word/webSettings.xml": _WORD + "webSettings+xml",
}
# Left out of the blank document: its thumbnail (a picture of an empty page), the Word 2010 copy
# of the styles and a bibliography (by part name and by relationship type).
_UNUSED = ("thumbnail", "stylesWithEffects", "customXml")
_DECLARATION = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
_CORE_FIELDS = ("title", "creator", "lastModifiedBy")  # a document's own core properties
_CORE_MARK = re.compile("{(" + "|".join(_CORE_FIELDS) + ")}")


def escape(text: str) -> str:
    """Text inside an element, escaped as lxml escapes it (a quote stays a quote)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _q(name: str) -> str:
    return f"{{{W}}}{name}"


def _parse(xml: bytes | str):
    from lxml import etree

    return etree.fromstring(xml.encode() if isinstance(xml, str) else xml,
                            etree.XMLParser(remove_blank_text=True, resolve_entities=False))


def _xml(element) -> str:
    from lxml import etree

    return etree.tostring(element, encoding="unicode")


def _bytes(element) -> bytes:
    from lxml import etree

    return etree.tostring(element, encoding="UTF-8", standalone=True)


def _w(xml: str) -> str:
    """An element written with the w: prefix, made parseable on its own."""
    end = min(i for i in (xml.find(" "), xml.find(">"), xml.find("/")) if i > 0)
    return xml[:end] + f' xmlns:w="{W}"' + xml[end:]


def _unused(name: str) -> bool:
    return any(word in name for word in _UNUSED)


@functools.cache
def _blank() -> dict[str, bytes]:
    """python-docx's blank document (the parts kept) and its empty header and footer, read as
    files (finding the package does not import it)."""
    folder = os.path.join(importlib.util.find_spec("docx").submodule_search_locations[0], "templates")
    with zipfile.ZipFile(os.path.join(folder, "default.docx")) as blank:
        parts = {name: blank.read(name) for name in blank.namelist() if not _unused(name)}
    for name in ("header", "footer"):
        with open(os.path.join(folder, f"default-{name}.xml"), "rb") as file:
            parts[name] = file.read()
    return parts


def _emptied(element):
    """The element without its children (the blank's empty paragraph, its section's settings)."""
    for child in list(element):
        element.remove(child)
    return element


def _open_close(element) -> tuple[str, str]:
    """An element's start tag (with its namespaces) and end tag, to write its children between."""
    empty = _xml(_emptied(element))  # <w:hdr …/>
    return empty[:-2] + ">", "</" + empty[1:empty.index(" ")] + ">"


def _relationships(rels: list[tuple[str, str, str]]) -> bytes:
    return (_DECLARATION + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(f'<Relationship Id="{i}" Type="{t}" Target="{target}"/>' for i, t, target in rels)
            + "</Relationships>").encode()


def _kept_rels(xml: bytes) -> list[tuple[str, str, str]]:
    return [(rel.get("Id"), rel.get("Type"), rel.get("Target")) for rel in _parse(xml) if not _unused(rel.get("Type"))]


class _Shared:
    """The parts and pieces that are the same for every document of one layout, as text."""

    def __init__(self, defaults: str, fonts: tuple[str, ...], footers: tuple[str, str]):
        blank = _blank()
        self.raw = {name: blank[name] for name in ("docProps/app.xml", "word/webSettings.xml",
                                                   "word/theme/theme1.xml")}
        styles = _parse(blank["word/styles.xml"])
        styles.replace(styles.find(_q("docDefaults")), _parse(_w(defaults)))
        # without every style the document does not use (nine tenths of the bytes); kept in one
        # assignment, as removing each of hundreds took longer than parsing them
        styles[:] = [element for element in styles if element.tag != _q("latentStyles")
                     and (element.tag != _q("style") or element.get(_q("default")) == "1")]
        self.raw["word/styles.xml"] = _bytes(styles)

        settings = _parse(blank["word/settings.xml"])
        for name in ("savePreviewPicture", "rsids", "proofState"):
            for old in settings.findall(_q(name)):
                settings.remove(old)
        for lang in settings.findall(_q("themeFontLang")):
            lang.set(_q("eastAsia"), "zh-CN")
        # a footer of its own on even pages; printed on both sides and bound on the left, the 订口
        # is on the inside (mirrored margins); each where the schema's order puts it
        settings.find(_q("characterSpacingControl")).addprevious(_parse(_w("<w:evenAndOddHeaders/>")))
        settings.find(_q("zoom")).addnext(_parse(_w("<w:mirrorMargins/>")))
        self.raw["word/settings.xml"] = _bytes(settings)

        font_table = _parse(blank["word/fontTable.xml"])
        for font in fonts:
            font_table.append(_parse(_w(font)))
        self.raw["word/fontTable.xml"] = _bytes(font_table)
        self.raw["word/numbering.xml"] = _bytes(_parse(blank["word/numbering.xml"]))

        footer_open, footer_close = _open_close(_parse(blank["footer"]))
        for number, paragraph in enumerate(footers, 1):
            self.raw[f"word/footer{number}.xml"] = (_DECLARATION + footer_open + paragraph + footer_close).encode()
        self.header_open, self.header_close = _open_close(_parse(blank["header"]))

        document = _parse(blank["word/document.xml"])
        body = document.find(_q("body"))
        section = body.find(_q("sectPr"))
        for child in list(body):
            if child is not section:
                body.remove(child)
        _emptied(section)
        self.document_open, rest = _xml(document).split("<w:body>")
        self.section_open = rest[:rest.index("/>")] + ">"

        core = _parse(blank["docProps/core.xml"])
        for name in ("created", "modified", "lastPrinted"):  # a build has no time of its own
            for old in [e for e in core if e.tag.endswith("}" + name)]:
                core.remove(old)
        values = dict(subject="", keywords="", description="", revision="1", category="")
        values.update((name, f"{{{name}}}") for name in _CORE_FIELDS)  # a mark where each document's own goes
        for element in core:
            element.text = values.get(element.tag.rpartition("}")[2], element.text)
        self.core = _CORE_MARK.split(_DECLARATION + _xml(core))  # text, field, text, field …

        self.package_rels = _relationships(_kept_rels(blank["_rels/.rels"]))
        self.document_rels = _kept_rels(blank["word/_rels/document.xml.rels"])
        self.next_rel = len(_parse(blank["word/_rels/document.xml.rels"])) + 1  # the blank's ids have no gap


@functools.cache
def _shared(defaults: str, fonts: tuple[str, ...], footers: tuple[str, str]) -> _Shared:
    return _Shared(defaults, fonts, footers)


def word_package(body: bytes, section: str, headers: list[str], *, title: str, author: str, defaults: str,
                 fonts: tuple[str, ...], footers: tuple[str, str]) -> bytes:
    """A .docx of `body` (w:p and w:tbl elements written with the w: prefix, spelt as lxml spells
    them, in UTF-8) and its section's layout (`section`: w:pgSz … w:docGrid). `footers` (default, even pages)
    and `headers` (the same paragraphs on both) are paragraphs; `defaults` is the styles'
    w:docDefaults and `fonts` the font table's additional w:font entries."""
    shared = _shared(defaults, fonts, footers)
    parts = dict(shared.raw)
    rels = list(shared.document_rels)
    references = ""
    kinds = [("footer", "default"), ("footer", "even")]
    kinds += [("header", "default"), ("header", "even")] if headers else []
    for number, (kind, which) in enumerate(kinds):
        rel_id = f"rId{shared.next_rel + number}"
        rels.append((rel_id, f"{_REL}/{kind}", f"{kind}{1 + number % 2}.xml"))
        references += f'<w:{kind}Reference w:type="{which}" r:id="{rel_id}"/>'
    for number in (1, 2) if headers else ():
        parts[f"word/header{number}.xml"] = (_DECLARATION + shared.header_open + "".join(headers)
                                             + shared.header_close).encode()
    parts["word/document.xml"] = b"".join(((_DECLARATION + shared.document_open + "<w:body>").encode(), body,
                                           (shared.section_open + references + section
                                            + "</w:sectPr></w:body></w:document>").encode()))
    parts["word/_rels/document.xml.rels"] = _relationships(rels)
    own = dict(zip(_CORE_FIELDS, (escape(title), escape(author), escape(author))))
    parts["docProps/core.xml"] = "".join(own[piece] if i % 2 else piece for i, piece in enumerate(shared.core)).encode()

    names = [f"/{name}" for name in parts if name in {n[1:] for n in _CONTENT_TYPES}]
    types = (_DECLARATION + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/>'
             + "".join(f'<Override PartName="{n}" ContentType="{_CONTENT_TYPES[n]}"/>' for n in sorted(names))
             + "</Types>")
    order = ["docProps/core.xml", "docProps/app.xml", "word/document.xml", "word/_rels/document.xml.rels",
             "word/styles.xml", "word/settings.xml", "word/webSettings.xml", "word/fontTable.xml",
             "word/theme/theme1.xml", "word/numbering.xml", "word/footer1.xml", "word/footer2.xml",
             "word/header1.xml", "word/header2.xml"]
    entries = [("[Content_Types].xml", types.encode()), ("_rels/.rels", shared.package_rels)]
    entries += [(name, parts[name]) for name in order if name in parts]
    made = io.BytesIO()
    with zipfile.ZipFile(made, "w") as package:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type, info.create_system, info.external_attr = zipfile.ZIP_DEFLATED, 0, 0
            package.writestr(info, data)
    return made.getvalue()
