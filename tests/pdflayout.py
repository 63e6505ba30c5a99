"""The lines of a PDF as poppler's pdftotext -bbox-layout reads them: text and box in points,
top to bottom, for the print tests (test_docx.py, test_print.py)."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import NamedTuple

PDFTOTEXT = shutil.which("pdftotext")
PT_PER_MM = 72 / 25.4
_XHTML = "{http://www.w3.org/1999/xhtml}"


class Line(NamedTuple):
    text: str  # NFKC: the CJK fonts map some characters to Kangxi radicals (⽉ for 月)
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


def flat(text: str) -> str:
    """NFKC and no white space: how a line's text is compared."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def words(text: str) -> str:
    """Letters and digits only: an office suite may squeeze a mark out of a run of marks (）；)."""
    return "".join(c for c in flat(text) if unicodedata.category(c)[0] in "LN")


def pdf_lines(pdf: Path) -> list[list[Line]]:
    """Each page's lines, top to bottom; pieces on one baseline (a tab, table cells) joined left to right."""
    layout = subprocess.run([PDFTOTEXT, "-bbox-layout", str(pdf), "-"], check=True, timeout=60,
                            capture_output=True).stdout
    pages = []
    for page in ET.fromstring(layout).iter(f"{_XHTML}page"):
        pieces = [Line(unicodedata.normalize("NFKC", " ".join(w.text or "" for w in line.iter(f"{_XHTML}word"))),
                       *(float(line.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")))
                  for line in page.iter(f"{_XHTML}line")]
        rows: list[list[Line]] = []
        for piece in sorted(pieces, key=lambda l: (l.y0, l.x0)):
            if rows and abs(rows[-1][0].y0 - piece.y0) < 2:
                rows[-1].append(piece)
            else:
                rows.append([piece])
        pages.append([Line(" ".join(p.text for p in sorted(row, key=lambda l: l.x0)), min(p.x0 for p in row),
                           min(p.y0 for p in row), max(p.x1 for p in row), max(p.y1 for p in row)) for row in rows])
    return pages


def first_line(lines: list[Line], text: str) -> Line:
    hits = [line for line in lines if flat(line.text) == flat(text)]
    assert hits, f"no line {text!r} in {[l.text for l in lines][:12]}"
    return hits[0]
