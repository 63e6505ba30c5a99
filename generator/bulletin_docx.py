"""bulletin.docx: the 通报 page as a Word document laid out to GB/T 9704-2012, for 签发 and 盖章.

It is made from the rendered page (index.html), so the words, lists and ranking table are the
page's own: this module holds layout only, no sentence of the 通报. The page is read by htmltree.py
(or, when a theme writes HTML it does not read as lxml does, by lxml). What it reads of the page,
by class (bulletin.html; every class is in WANTED):

    .example-banner / .correction-banner   → the header of every page
    .issuer  .doc-number  .doc-title .title-line  .recipients
    h2 / h3 and p / li of .document         → 一级 (黑体) / 二级 (楷体) headings, body paragraphs
    .listed-name                            → 楷体 inside its paragraph
    .annex-note (.annex-word)  .signature (.signer .sign-date)
    .annex: .annex-label  .annex-title  table.ranking  .table-legend   (its own page)
    .imprint: .copy-to  .printed-by  .printed-on                        (版记, foot of the last page)
    .no-print and the chart are left out, as on paper.

Layout (GB/T 9704-2012): A4; 版心 156 × 225 mm (天头 37, 订口 28, mirrored on even pages); 3号 (16 pt) 仿宋 on a grid of
22 lines × 28 characters; red 小标宋 发文机关标志 35 mm below the 版心's top, 发文字号 two lines
under it, the red rule 4 mm below that; the 2号 title two lines under the rule; page numbers
"— 1 —" in 4号 宋体 7 mm under the 版心, odd pages right and even pages left (空一字).
Fonts are named as Chinese Windows/WPS installs have them, with the east-Asian slot set and a
substitute (altName) for a PC without the GB2312 fonts.

This module writes the body, the section and the header and footer as WordprocessingML text,
spelt as lxml writes XML (docx_package.escape for text, <w:t …/> when empty), since nothing parses
it again; docx_package.py puts them into a byte-reproducible Word package.
"""

from __future__ import annotations

import functools
import math
import re

from . import htmltree
from .docx_package import escape, word_package
from .doctitle import width

# Twips (1/20 pt) and the page, 版心 and grid.
MM = 1440 / 25.4
PAGE_W, PAGE_H = 11906, 16838
TOP, BOTTOM, LEFT, RIGHT = round(37 * MM), round(35 * MM), round(28 * MM), round(26 * MM)
TEXT_W = PAGE_W - LEFT - RIGHT  # 156 mm
LINE = (PAGE_H - TOP - BOTTOM) // 22  # 579: 28.95 pt, 22 lines fill the 225 mm (and not a twip more)
CHAR = TEXT_W / 28  # 28 characters fill the 156 mm: 15.8 pt a character
BODY_PT = 16
# 3号 characters are 16 pt, 28 of them 448 pt: each is drawn 0.25 pt closer (in twentieths of a point)
# so that 28 fit the 442 pt line. (Word's own character grid would do it too, but LibreOffice
# sizes that grid from a 12 pt default and then gives each character two cells.)
SQUEEZE = -5

FANGSONG = ("仿宋_GB2312", "仿宋")  # (name on an office PC, what Word/WPS may use without it)
XIAOBIAOSONG = ("方正小标宋简体", "宋体")
HEITI = ("黑体", "SimHei")
KAITI = ("楷体_GB2312", "楷体")
SONGTI = ("宋体", "SimSun")
RED = "C00000"
CELL_MARGIN = 40  # twips left and right in a cell of the 附件 table
TABLE_PT = 10.5  # 五号
_WIDE_COLUMNS = ("单位", "备注")  # the ranking's columns of text: left-aligned, as wide as room allows

_SPACE = re.compile(r"\s+")
_T_OPEN, _T_EMPTY = '<w:t xml:space="preserve">', '<w:t xml:space="preserve"/>'
_CELL_END = b"</w:r></w:p></w:tc>"
_REQUIRED = ("document", "issuer", "doc-number", "doc-title")  # what a 通报 page must have
# Every class this module asks the page about, and those whose elements' text it reads (htmltree
# leaves no such element unopened; _Classes refuses a name missing here).
WANTED = frozenset({"document", "issuer", "doc-number", "doc-title", "title-line", "recipients", "annex-note",
                    "annex-word", "signature", "signer", "sign-date", "annex", "annex-label", "annex-title",
                    "table-legend", "imprint", "copy-to", "printed-by", "printed-on", "example-banner",
                    "correction-banner", "ranking", "listed-name", "no-print"})
READ_TEXT = WANTED - {"document", "annex", "imprint", "ranking", "no-print"}


class Run:
    """A piece of a paragraph: text in one font (None: the paragraph's), or a line break."""

    def __init__(self, text: str, font=None, bold: bool = False, br: bool = False):
        self.text, self.font, self.bold, self.br = text, font, bold, br


def bulletin_docx(page_html: bytes) -> bytes:
    """The Word document of a rendered 通报 page."""
    classes = _Classes.of(page_html)
    for name in _REQUIRED:
        if not classes.all(name):
            import jinja2  # reported as a problem of the theme, like any template error

            raise jinja2.TemplateError(f'通报页面（bulletin.html）里没有 class="{name}" 的元素，无法生成 bulletin.docx')
    writer = _Writer(classes)
    writer.head()
    for element in _blocks(classes.one("document")):
        writer.block(element)
    for annex in classes.all("annex"):
        writer.annex(annex)
    for imprint in classes.all("imprint"):
        writer.imprint(imprint)
    banners = [_text(p) for p in classes.any_of("example-banner", "correction-banner") if p.tag == "p"]
    header = _ppr(align="center", line=None, grid=False)  # 示例数据 / 更正: on every page, above the 版心
    headers = [f"<w:p>{header}{_run_xml(Run(text), HEITI, 10.5, '595959')}</w:p>" for text in banners]
    return word_package(b"".join(writer.blocks), _SECTION, headers, title=_text(classes.one("doc-title")),
                        author=_text(classes.one("issuer")), defaults=_DEFAULTS, fonts=_FONTS, footers=_FOOTERS)


# ---------------------------------------------------------------- reading the page


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split())


def _blocks(container):
    """The block elements of a container in order; wrappers (header, div) are opened."""
    for element in container:
        if not isinstance(element.tag, str) or "no-print" in _classes(element):
            continue
        if element.tag in ("header", "div", "section", "ol", "ul") and not _classes(element) & {"signature"}:
            yield from _blocks(element)
        else:
            yield element


def _runs(element, font=None, bold: bool = False) -> list[Run]:
    """The text of an element as runs: spaces collapsed as a browser does, 楷体 where the page
    uses it, bold where the Markdown asks for it, hidden (.no-print) parts left out."""
    runs = []
    if element.text:
        runs.append(Run(element.text, font, bold))
    for child in element:
        if isinstance(child.tag, str) and "no-print" not in (classes := _classes(child)):
            if child.tag == "br":
                runs.append(Run("", br=True))
            else:
                kai = KAITI if "listed-name" in classes else font
                if len(child):
                    runs.extend(_runs(child, kai, bold or child.tag in ("strong", "b")))
                elif text := _SPACE.sub(" ", child.text or "").strip():  # as its own runs would be: sooner
                    runs.append(Run(text, kai, bold or child.tag in ("strong", "b")))
        if child.tail:
            runs.append(Run(child.tail, font, bold))
    for run in runs:
        run.text = _SPACE.sub(" ", run.text)
    if runs:
        runs[0].text = runs[0].text.lstrip()
        runs[-1].text = runs[-1].text.rstrip()
    return [r for r in runs if r.text or r.br]


def _text(element) -> str:
    """The element's runs' text. Sooner for the ranking's ten thousand cells: text alone, or one
    element (a link, <strong>, a grade's <span>) around it, as _runs reads them."""
    if element is None:
        return ""
    if not len(element):
        return " ".join((element.text or "").split())
    inner = element[0]
    if len(element) == 1 and not (element.text or "").strip() and not (inner.tail or "").strip() \
            and isinstance(inner.tag, str) and inner.tag != "br" and "no-print" not in _classes(inner):
        return _text(inner)
    return "".join(r.text for r in _runs(element))


class _Classes:
    """The page's elements by class, in document order, and the place in that order of each element
    that has a class."""

    def __init__(self, index: dict[str, list], order: dict):
        self.index, self.order = index, order

    @classmethod
    def of(cls, page_html: bytes) -> _Classes:
        """The page read by htmltree; one that it does not read as lxml does is read by lxml, and its
        elements found in one walk (lxml's find_class, asked a score of times, took a third of the time)."""
        tree = htmltree.read(page_html, WANTED, READ_TEXT)
        if tree is not None:
            return cls(tree.by_class, tree.order)
        from lxml import etree

        index: dict[str, list] = {}
        order: dict = {}
        for element in etree.fromstring(page_html, etree.HTMLParser()).iter():
            names = element.get("class") if isinstance(element.tag, str) else None
            if names:
                order[element] = len(order)
                for name in names.split():
                    index.setdefault(name, []).append(element)
        return cls(index, order)

    def all(self, name: str, within=None) -> list:
        if name not in WANTED:
            raise KeyError(f"{name}: not in bulletin_docx.WANTED")
        found = self.index.get(name, [])
        return found if within is None else [e for e in found if e is within or within in e.iterancestors()]

    def any_of(self, *names: str) -> list:
        return sorted({e for name in names for e in self.all(name)}, key=self.order.__getitem__)

    def one(self, name: str, within=None):
        found = self.all(name, within)
        return found[0] if found else None


# ---------------------------------------------------------------- writing Word XML


@functools.cache  # a few fonts and sizes, asked for each of a few thousand runs
def _rpr(font, size_pt: float, color: str | None = None, bold: bool = False) -> str:
    name, _ = font  # the substitute goes to the font table (_FONTS); names are plain (no & < > or quote)
    slots = ("ascii", "hAnsi", "eastAsia", "cs")  # the east-Asian slot is what Word and WPS use for Chinese
    fonts = "<w:rFonts " + " ".join(f'w:{slot}="{name}"' for slot in slots) + "/>"
    half = round(size_pt * 2)
    squeeze = f'<w:spacing w:val="{SQUEEZE}"/>' if size_pt == BODY_PT else ""
    return ("<w:rPr>" + fonts + ("<w:b/><w:bCs/>" if bold else "") + (f'<w:color w:val="{color}"/>' if color else "")
            + squeeze + f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/></w:rPr>')


def _run_xml(run: Run, font, size_pt: float, color: str | None) -> str:
    if run.br:
        return "<w:r><w:br/></w:r>"
    if run.text == "\t":
        return f"<w:r>{_rpr(run.font or font, size_pt)}<w:tab/></w:r>"
    return f"<w:r>{_rpr(run.font or font, size_pt, color, run.bold)}{_t(run.text)}</w:r>"


def _t(text: str) -> str:
    """A run's text (lxml, whose spelling docx_package keeps, writes an empty element as <w:t …/>)."""
    return f"{_T_OPEN}{escape(text)}</w:t>" if text else _T_EMPTY


@functools.cache  # a few layouts, asked for each paragraph and cell
def _ppr(*, align: str = "both", left: float = 0, right: float = 0, first: float = 0, hanging: float = 0,
         before: int = 0, after: int = 0, line: int | None = LINE, keep_next: bool = False,
         page_break: bool = False, grid: bool = True, border: str = "", tabs: str = "") -> str:
    indent = f'<w:ind w:left="{round(left)}" w:right="{round(right)}"'
    indent += f' w:hanging="{round(hanging)}"/>' if hanging else f' w:firstLine="{round(first)}"/>'
    spacing = f'<w:spacing w:before="{before}" w:after="{after}"'
    spacing += f' w:line="{line}" w:lineRule="exact"/>' if line else ' w:line="240" w:lineRule="auto"/>'
    return ("<w:pPr>" + ("<w:keepNext/>" if keep_next else "") + ("<w:pageBreakBefore/>" if page_break else "")
            + border + tabs + ("" if grid else '<w:snapToGrid w:val="0"/>') + spacing + indent
            + f'<w:jc w:val="{align}"/></w:pPr>')


class _Writer:
    def __init__(self, classes: _Classes):
        self.classes = classes
        self.blocks: list[bytes] = []  # the body's w:p and w:tbl elements, in UTF-8 (see table)

    def add(self, xml: str):
        self.blocks.append(xml.encode())

    def paragraph(self, runs: list[Run], font=FANGSONG, size_pt: float = BODY_PT, color: str | None = None,
                  **layout) -> None:
        self.add("<w:p>" + _ppr(**layout) + "".join(_run_xml(r, font, size_pt, color) for r in runs) + "</w:p>")

    # -- 版头 and title

    def head(self) -> None:
        issuer, number, title = (self.classes.one(name) for name in ("issuer", "doc-number", "doc-title"))
        # 发文机关标志: its top 35 mm under the 版心's top (7.2.4); the 36 pt line box starts a little above the glyphs
        self.paragraph(_runs(issuer), XIAOBIAOSONG, 36, RED, align="center", before=round(33 * MM), line=None,
                       grid=False)
        rule = f'<w:pBdr><w:bottom w:val="single" w:sz="12" w:space="11" w:color="{RED}"/></w:pBdr>'
        self.paragraph(_runs(number), align="center", before=2 * LINE, border=rule)  # 空二行; rule 4 mm under it
        lines = [Run(_text(span)) for span in self.classes.all("title-line", title)] or [Run(_text(title))]
        self.paragraph(_between(lines), XIAOBIAOSONG, 22, align="center", before=2 * LINE, line=660, grid=False)
        self.seen = {issuer, number, title}

    # -- 主体

    def block(self, element) -> None:
        if element in self.seen or element.tag == "hr":
            return
        classes = _classes(element)
        body = dict(first=2 * CHAR)
        if "recipients" in classes:
            self.paragraph(_runs(element), before=LINE)
        elif element.tag in ("h2", "h3"):
            self.paragraph(_runs(element), HEITI if element.tag == "h2" else KAITI, keep_next=True, **body)
        elif "annex-note" in classes:  # 附件说明: 空一行, 左空二字; a second line under the attachment's name
            self._keep_last_with_next()
            word_span = self.classes.one("annex-word", element)
            word = _text(element if word_span is None else word_span)[:3]
            self.paragraph(_runs(element), before=LINE, left=(2 + width(word)) * CHAR, hanging=width(word) * CHAR,
                           keep_next=True)
        elif "signature" in classes:
            self.signature(*(_text(self.classes.one(name, element)) for name in ("signer", "sign-date")))
        elif element.tag in ("p", "li", "h4", "blockquote"):
            self.paragraph(_runs(element), **body)

    def _keep_last_with_next(self) -> None:
        """The 落款 never starts a page alone: the paragraph before it goes along (7.3.5.5 asks to
        tighten the spacing instead; that is the clerk's call in Word)."""
        last = self.blocks[-1]
        if last.startswith(b"<w:p><w:pPr>") and not last.startswith(b"<w:p><w:pPr><w:keepNext/>"):
            self.blocks[-1] = last.replace(b"<w:pPr>", b"<w:pPr><w:keepNext/>", 1)

    def signature(self, signer: str, date: str) -> None:
        """For a document that will be stamped (7.3.5.1): the date 右空四字, the issuer's name centred
        above the date; the two lines under the 附件说明 leave room for the seal's upper half."""
        centre = 28 - 4 - width(date) / 2  # in characters from the left edge of the 版心
        left = 2 * centre - 28  # a centred line with this left indent is centred on the date
        if left < 0 or width(signer) > 28 - left:
            self.paragraph([Run(signer)], align="right", right=2 * CHAR, before=2 * LINE, keep_next=True)
        else:
            self.paragraph([Run(signer)], align="center", left=left * CHAR, before=2 * LINE, keep_next=True)
        self.paragraph([Run(date)], align="right", right=4 * CHAR)

    # -- 附件 and 版记

    def annex(self, annex) -> None:
        label, title = (self.classes.one(name, annex) for name in ("annex-label", "annex-title"))
        self.paragraph(_runs(label), HEITI, align="left", page_break=True)  # 版心左上角第一行
        lines = [Run(_text(span)) for span in self.classes.all("title-line", title)] or [Run(_text(title))]
        self.paragraph(_between(lines), XIAOBIAOSONG, 22, align="center", before=LINE, after=LINE // 2,
                       line=660, grid=False)  # 版心第三行
        for table in annex.iter("table"):
            if "ranking" in _classes(table):
                self.table(table)
        legend = self.classes.one("table-legend", annex)
        if legend is not None:
            self.paragraph(_runs(legend), size_pt=12, before=120, line=None, grid=False)

    def table(self, table) -> None:
        """The ranking in 五号 (10.5 pt): its header row repeats on each page, no row splits."""
        head = [_text(th) for th in table.find("thead").iter("th")]
        body = table.find("tbody")
        rows = getattr(body, "rows", None)  # read at once by htmltree, each cell's text as _text gives it
        if rows is None:
            rows = [[_text(cell) for cell in tr.iterchildren("td", "th")] for tr in body.iter("tr")]
        widths = _column_widths(head, rows)
        wide = {head.index(h) for h in _WIDE_COLUMNS if h in head}

        rule = '<w:{} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        margin = f'<w:left w:w="{CELL_MARGIN}" w:type="dxa"/><w:right w:w="{CELL_MARGIN}" w:type="dxa"/>'
        xml = [(f'<w:tbl><w:tblPr><w:tblW w:w="{TEXT_W}" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders>'
               + "".join(rule.format(side) for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
               + f'</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar>{margin}</w:tblCellMar></w:tblPr>'
               + "<w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>").encode()]
        # a cell up to its text is the same in each row of a column, and so is an empty cell: written
        # once; the texts escaped and encoded together; the table joined once, in UTF-8 (ten thousand
        # cells written and encoded one by one took three times as long)
        for header, texts in ((True, [head]), (False, rows)):
            starts = [(f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/><w:vAlign w:val="center"/></w:tcPr><w:p>'
                       + _ppr(align="left" if i in wide and not header else "center", line=None, grid=False)
                       + "<w:r>" + _rpr(HEITI if header else FANGSONG, TABLE_PT)).encode()
                      for i, w in enumerate(widths)]
            opens = [start + _T_OPEN.encode() for start in starts]
            empties = [start + _T_EMPTY.encode() + _CELL_END for start in starts]
            close = b"</w:t>" + _CELL_END
            row_start = f'<w:tr><w:trPr><w:cantSplit/>{"<w:tblHeader/>" if header else ""}</w:trPr>'.encode()
            flat = [text for cells in texts for text in cells]
            pieces = escape("\0".join(flat)).encode().split(b"\0")
            if len(pieces) != len(flat):  # a text with a NUL (from a page lxml read)
                pieces = [escape(text).encode() for text in flat]
            done = 0
            for cells in texts:
                xml.append(row_start)
                for open_, empty, piece in zip(opens, empties, pieces[done:done + len(cells)]):
                    if piece:
                        xml += open_, piece, close
                    else:
                        xml.append(empty)
                done += len(cells)
                xml.append(b"</w:tr>")
        xml.append(b"</w:tbl>")
        self.blocks.append(b"".join(xml))

    def imprint(self, imprint) -> None:
        """版记 (7.4): 4号, 左右各空一字, a thick rule (0.35 mm) above and below and a thin one (0.25 mm)
        between its lines, its last line on the 版心's last line of the last page. Each line is a frame
        at its place on the page: Word, WPS and LibreOffice all place a frame so, while LibreOffice
        neither floats a table as wide as the 版心 nor keeps a frame whose lines have different rules."""
        one = 14 * 20  # 一字 of 4号
        rule = '<w:{} w:val="single" w:sz="{}" w:space="1" w:color="000000"/>'
        lines = []
        copy_to = self.classes.one("copy-to", imprint)
        if copy_to is not None:  # 抄送：…, a second line under the first name (after 抄送：)
            runs = _runs(copy_to)
            rows = max(1, math.ceil(width(_text(copy_to)) / ((TEXT_W - 2 * one) // one)))
            lines.append((runs, rows, dict(left=one * 4, hanging=one * 3)))
        by, on = (_text(self.classes.one(name, imprint)) for name in ("printed-by", "printed-on"))
        tab = f'<w:tabs><w:tab w:val="right" w:pos="{TEXT_W - one}"/></w:tabs>'  # 印发日期 右空一字
        lines.append(([Run(by), Run("\t"), Run(on)], 1, dict(left=one, tabs=tab)))
        top = 22 - sum(rows for _, rows, _ in lines)
        for number, (runs, rows, layout) in enumerate(lines):
            last = number == len(lines) - 1
            border = (f'<w:framePr w:w="{TEXT_W}" w:wrap="around" w:vAnchor="margin" w:hAnchor="margin" '
                      f'w:xAlign="center" w:y="{top * LINE}"/><w:pBdr>'
                      + (rule.format("top", 8) if number == 0 else "") + rule.format("bottom", 8 if last else 6)
                      + "</w:pBdr>")
            self.paragraph(runs, size_pt=14, right=one, line=LINE, grid=False, align="left", border=border, **layout)
            top += rows
        self.paragraph([], line=20, grid=False)  # the frames' anchor: a document does not end inside a frame


def _column_widths(head: list[str], rows: list[list[str]]) -> list[int]:
    """Each narrow column as wide as its longest text (digits counted a little wide) and the cell's
    margins; the unit's name gets at most two lines' worth, and the 备注 what is left of the 版心."""
    em = TABLE_PT * 20
    unit, remark = (head.index(h) if h in head else None for h in _WIDE_COLUMNS)
    last = remark if remark is not None else len(head) - 1
    # the widest of each column's texts, each text measured once (ranks, scores and grades repeat)
    need = [0 if i == last else max(map(width, {head[i], *(r[i] for r in rows)})) * em * 1.1 + 2 * CELL_MARGIN + 20
            for i in range(len(head))]
    widths = [round(n) for n in need]
    if unit is not None:
        widths[unit] = round(min(need[unit], 7.5 * em + 2 * CELL_MARGIN))
    widths[last] = TEXT_W - sum(widths)
    return widths


def _between(lines: list[Run]) -> list[Run]:
    """The lines of a title, with a line break between each."""
    runs = []
    for line in lines:
        runs += [Run("", br=True), line] if runs else [line]
    return runs


# ---------------------------------------------------------------- the document's settings

# 仿宋 3号 in Chinese; every page full (no widow control), no mark hanging past the 版心, no extra
# space between Chinese and digits (the 落款 is placed by the widths doctitle.width counts)
_DEFAULTS = ("<w:docDefaults><w:rPrDefault>"
             + _rpr(FANGSONG, BODY_PT).replace("</w:rPr>", '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
                                                           "</w:rPr>")
             + '</w:rPrDefault><w:pPrDefault><w:pPr><w:widowControl w:val="0"/><w:overflowPunct w:val="0"/>'
             '<w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/><w:jc w:val="both"/></w:pPr></w:pPrDefault>'
             "</w:docDefaults>")

# A4, the 版心's margins (mirrored: settings), the grid of 22 lines; the page number's line starts
# 7 mm under the 版心 (7.5), the footer being one 16 pt line high.
_SECTION = (f'<w:pgSz w:w="{PAGE_W}" w:h="{PAGE_H}"/><w:pgMar w:top="{TOP}" w:right="{RIGHT}" w:bottom="{BOTTOM}" '
            f'w:left="{LEFT}" w:header="{round(15 * MM)}" w:footer="{BOTTOM - round(7 * MM) - 16 * 20}" w:gutter="0"/>'
            f'<w:cols w:space="425"/><w:docGrid w:type="lines" w:linePitch="{LINE}"/>')

# "— 1 —" 空一字 (of the 4号 number) from the outer edge: right on odd pages, left on even ones.
_NUMBER = ('<w:r>{rpr}<w:t xml:space="preserve">— </w:t></w:r><w:fldSimple w:instr=" PAGE "><w:r>{rpr}<w:t>1</w:t>'
           '</w:r></w:fldSimple><w:r>{rpr}<w:t xml:space="preserve"> —</w:t></w:r>').format(rpr=_rpr(SONGTI, 14))
_FOOTERS = tuple(f"<w:p>{_ppr(line=320, grid=False, **layout)}{_NUMBER}</w:p>"
                 for layout in (dict(align="right", right=14 * 20), dict(align="left", left=14 * 20)))

# The font table names each font with its GB2312 charset and a substitute, so that Word and WPS
# on a PC without 仿宋_GB2312 or 方正小标宋简体 take 仿宋 or 宋体 rather than a Western font.
_FONTS = tuple(f'<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/>'
               '<w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>'
               for name, alt in (FANGSONG, XIAOBIAOSONG, HEITI, KAITI, SONGTI))
