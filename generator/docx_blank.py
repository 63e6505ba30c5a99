"""python -m kaoping.docx_blank: cut python-docx's blank document into the parts every bulletin.docx
shares (generator/docx_parts, installed as kaoping/docx_parts), after upgrading python-docx or
changing what is cut here. A developer's command: tests/test_docx.py fails until it is run.

Why shipped rather than cut in each build: cutting needed python-docx's files and lxml (its import
and the parsing were a tenth of a clerk's first build of one year), and the parts never change
between builds. What is cut: the theme, web settings and application properties are kept as they
are; the styles lose every style the document does not use (nine tenths of the bytes), the
settings get kaoping's additions (below), the core properties lose their times and get a mark
`{title}` … where each document's own value goes, the relationships lose the thumbnail, the Word
2010 copy of the styles and the bibliography. Every XML part is written as lxml writes it (and
python-docx, which writes through lxml), which is the spelling docx_package keeps.
"""

from __future__ import annotations

import importlib.util
import json
import os
import zipfile
from pathlib import Path

from lxml import etree

from .docx_package import FOLDER, PARTS, W
from .write import replace_generated

# Left out of the blank document (by part name and by relationship type).
_UNUSED = ("thumbnail", "stylesWithEffects", "customXml")
_CORE_FIELDS = ("title", "creator", "lastModifiedBy")  # a document's own core properties


def _q(name: str) -> str:
    return f"{{{W}}}{name}"


def _parse(xml: bytes | str):
    return etree.fromstring(xml.encode() if isinstance(xml, str) else xml,
                            etree.XMLParser(remove_blank_text=True, resolve_entities=False))


def _bytes(element) -> bytes:
    return etree.tostring(element, encoding="UTF-8", standalone=True)


def _xml(element) -> bytes:
    """An element without the XML declaration (the parts docx_package opens to write into)."""
    return etree.tostring(element, encoding="unicode").encode()


def _w(xml: str):
    """An element written with the w: prefix, parsed on its own."""
    end = min(i for i in (xml.find(" "), xml.find(">"), xml.find("/")) if i > 0)
    return _parse(xml[:end] + f' xmlns:w="{W}"' + xml[end:])


def _unused(name: str) -> bool:
    return any(word in name for word in _UNUSED)


def _blank() -> dict[str, bytes]:
    """python-docx's blank document (the parts kept) and its empty header and footer, read as files."""
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


def _rels(xml: bytes) -> list[list[str]]:
    return [[rel.get("Id"), rel.get("Type"), rel.get("Target")] for rel in _parse(xml)]


def cut() -> dict[str, bytes]:
    """The shared parts, by their file name in docx_parts."""
    blank = _blank()
    parts = {PARTS[name]: blank[name] for name in ("docProps/app.xml", "word/webSettings.xml", "word/theme/theme1.xml")}
    styles = _parse(blank["word/styles.xml"])
    # the defaults stay (docx_package puts a document's own in their place); removing each of the
    # hundreds of other styles took longer than keeping the rest in one assignment
    styles[:] = [element for element in styles if element.tag != _q("latentStyles")
                 and (element.tag != _q("style") or element.get(_q("default")) == "1")]
    parts["styles.xml"] = _bytes(styles)

    settings = _parse(blank["word/settings.xml"])
    for name in ("savePreviewPicture", "rsids", "proofState"):
        for old in settings.findall(_q(name)):
            settings.remove(old)
    for lang in settings.findall(_q("themeFontLang")):
        lang.set(_q("eastAsia"), "zh-CN")
    # a footer of its own on even pages; printed on both sides and bound on the left, the 订口
    # is on the inside (mirrored margins); each where the schema's order puts it
    settings.find(_q("characterSpacingControl")).addprevious(_w("<w:evenAndOddHeaders/>"))
    settings.find(_q("zoom")).addnext(_w("<w:mirrorMargins/>"))
    parts["settings.xml"] = _bytes(settings)
    parts["fontTable.xml"] = _bytes(_parse(blank["word/fontTable.xml"]))
    parts["numbering.xml"] = _bytes(_parse(blank["word/numbering.xml"]))
    for name in ("header", "footer"):  # the empty element, which docx_package opens
        parts[f"{name}.xml"] = _xml(_emptied(_parse(blank[name])))

    document = _parse(blank["word/document.xml"])
    body = document.find(_q("body"))
    section = body.find(_q("sectPr"))
    for child in list(body):
        if child is not section:
            body.remove(child)
    _emptied(section)
    parts["document.xml"] = _xml(document)

    core = _parse(blank["docProps/core.xml"])
    for name in ("created", "modified", "lastPrinted"):  # a build has no time of its own
        for old in [e for e in core if e.tag.endswith("}" + name)]:
            core.remove(old)
    values = dict(subject="", keywords="", description="", revision="1", category="")
    values.update((name, f"{{{name}}}") for name in _CORE_FIELDS)  # a mark where each document's own goes
    for element in core:
        element.text = values.get(element.tag.rpartition("}")[2], element.text)
    parts["core.xml"] = _bytes(core)

    document_rels = _rels(blank["word/_rels/document.xml.rels"])
    numbers = sorted(int(rel_id[3:]) for rel_id, _, _ in document_rels)
    assert numbers == list(range(1, len(numbers) + 1)), numbers  # a document's own ids follow the blank's
    rels = {"package": [r for r in _rels(blank["_rels/.rels"]) if not _unused(r[1])],
            "document": [r for r in document_rels if not _unused(r[1])], "next_document_id": len(numbers) + 1}
    parts["rels.json"] = (json.dumps(rels, indent=1) + "\n").encode()
    return parts


def generated(folder: Path) -> dict[str, bytes]:
    """The files this module writes, as `folder` holds them."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.suffix in (".xml", ".json")}


def main() -> None:
    replace_generated(Path(FOLDER), cut(), generated)
    print(f"python-docx 的空白文档已裁剪到 {FOLDER}")


if __name__ == "__main__":
    main()
