"""The Word package (.docx) around a document's body: parts, relationships, a reproducible zip.

The parts every document shares come from python-docx's blank document, cut once by
docx_blank.py into docx_parts/ (shipped with kaoping, so a build needs neither python-docx nor
lxml): the theme, numbering, web settings and application properties as they are, the styles cut
down to the defaults, the settings with kaoping's additions. Here they are read once per process
as text; the layout's defaults and fonts, and a document's own parts (its body, headers and core
properties), are written as text into them, spelt as lxml spells XML (and python-docx, which writes
through lxml): `escape` below for text, `<x/>` for an empty element, no whitespace between elements.
tests/test_docx.py pins the bytes and checks that every part reads back to the same bytes in lxml.

Byte-reproducible: fixed zip entry times and attributes (the zip written as Python's zipfile
writes it, below), no creation or modification time in the core properties, no thumbnail, no
random ids.
"""

from __future__ import annotations

import functools
import json
import os
import re
import struct
import zlib

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
_DECLARATION = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
_CORE_FIELDS = ("title", "creator", "lastModifiedBy")  # a document's own core properties (marked {title} …)
_CORE_MARK = re.compile("{(" + "|".join(_CORE_FIELDS) + ")}")
# The blank's parts, cut by docx_blank.py: where each goes in the package, by its file in FOLDER.
FOLDER = os.path.join(os.path.dirname(__file__), "docx_parts")
PARTS = {"docProps/app.xml": "app.xml", "word/webSettings.xml": "webSettings.xml",
         "word/theme/theme1.xml": "theme1.xml", "word/settings.xml": "settings.xml",
         "word/numbering.xml": "numbering.xml"}


def escape(text: str) -> str:
    """Text inside an element, escaped as lxml escapes it (a quote stays a quote)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _part(name: str) -> str:
    with open(os.path.join(FOLDER, name), "rb") as file:  # as written: no line ends translated
        return file.read().decode()


def _relationships(rels: list[list[str]]) -> bytes:
    return (_DECLARATION + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(f'<Relationship Id="{i}" Type="{t}" Target="{target}"/>' for i, t, target in rels)
            + "</Relationships>").encode()


def _open_close(empty: str) -> tuple[str, str]:
    """An empty element's start tag (with its namespaces) and end tag, to write children between."""
    return empty[:-2] + ">", "</" + empty[1:empty.index(" ")] + ">"


class _Shared:
    """The parts and pieces that are the same for every document of one layout, as text."""

    def __init__(self, defaults: str, fonts: tuple[str, ...], footers: tuple[str, str]):
        self.raw = {name: _part(file).encode() for name, file in PARTS.items()}
        # the layout's own defaults in place of the blank's, its fonts after the blank's
        before, _, rest = _part("styles.xml").partition("<w:docDefaults>")
        self.raw["word/styles.xml"] = (before + defaults + rest.partition("</w:docDefaults>")[2]).encode()
        table, end = _part("fontTable.xml").rsplit("</w:fonts>", 1)
        self.raw["word/fontTable.xml"] = (table + "".join(fonts) + "</w:fonts>" + end).encode()
        footer_open, footer_close = _open_close(_part("footer.xml"))
        for number, paragraph in enumerate(footers, 1):
            self.raw[f"word/footer{number}.xml"] = (_DECLARATION + footer_open + paragraph + footer_close).encode()
        self.header_open, self.header_close = _open_close(_part("header.xml"))
        self.document_open, rest = _part("document.xml").split("<w:body>")
        self.section_open = rest[:rest.index("/>")] + ">"
        self.core = _CORE_MARK.split(_part("core.xml"))  # text, field, text, field …
        rels = json.loads(_part("rels.json"))
        self.package_rels = _relationships(rels["package"])
        self.document_rels, self.next_rel = rels["document"], rels["next_document_id"]


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
    return _zip([(name, _deflated(data) if name == "word/document.xml" else _deflated_once(data))
                 for name, data in entries])


# The zip as Python's zipfile writes a ZipInfo dated 1980-01-01 00:00, made on MS-DOS (create_system
# 0), without attributes (which zipfile writes as the permissions rw-------), deflated at zlib's
# default level: each entry's local header and data, then the central directory. Written here so
# that the parts every document shares are deflated once per process (and zipfile, with bz2 and
# lzma, is not imported).
_VERSION, _DEFLATED, _DOS_DATE = 20, 8, (1 << 5) | 1  # zip 2.0; 1 January 1980 (00:00 is 0)
_ATTRIBUTES = 0o600 << 16


def _deflated(data: bytes) -> tuple[int, int, bytes]:
    """The data's CRC-32, its size and its deflated bytes."""
    packer = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    return zlib.crc32(data), len(data), packer.compress(data) + packer.flush()


@functools.lru_cache(maxsize=64)  # the shared parts, and the headers and core properties that repeat
def _deflated_once(data: bytes) -> tuple[int, int, bytes]:
    return _deflated(data)


def _zip(entries: list[tuple[str, tuple[int, int, bytes]]]) -> bytes:
    out, directory, offset = [], [], 0
    for name, (crc, size, deflated) in entries:
        fields = (_VERSION, 0, 0, _DEFLATED, 0, _DOS_DATE, crc, len(deflated), size, len(name), 0)
        header = struct.pack("<4s2B4HL2L2H", b"PK\x03\x04", *fields) + name.encode()
        # in the directory: made by version, on MS-DOS; the same fields; no comment, disk 0, no
        # internal attributes; the permissions; where the entry starts
        directory.append(struct.pack("<4s4B4HL2L5H2L", b"PK\x01\x02", _VERSION, 0, *fields, 0, 0, 0, _ATTRIBUTES,
                                     offset)
                         + name.encode())
        out += header, deflated
        offset += len(header) + len(deflated)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), sum(map(len, directory)),
                      offset, 0)
    return b"".join(out + directory + [end])
