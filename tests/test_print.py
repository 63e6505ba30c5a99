"""The printed 通报 and breakdown pages (issue 13.3): Chromium's print layout measured in the page
(print media, a viewport as wide as the 156 mm 版心) and in the PDF it prints.

GB/T 9704-2012 asks: 发文机关标志 and 发文字号 centred, two blank lines between them and between
the red rule and the title, the title broken between words, the 附件说明's second line under the
attachment's name, the date 右空四字 with the issuer's name centred on it, a 版记 whose last line is
the 版心's last line. The 附件 prints its 备注 column and legend, not the colour chart; a breakdown
page never ends with a heading whose table is on the next page.
"""

from __future__ import annotations

import re

import pytest

from pdflayout import PDFTOTEXT, PT_PER_MM, flat, pdf_lines
from test_browser import ARTIFACTS, CHROMIUM_ARGS, EXPECTED, TIMEOUT_MS, Watch, bulletin_url, url  # noqa: F401
from test_browser import artifacts, browser, site  # noqa: F401  (fixtures)

PX_PER_PT = 96 / 72
LINE_PX = 28.95 * PX_PER_PT  # one line of the 22
TYPE_AREA_PX = round(156 * PT_PER_MM * PX_PER_PT)  # 156 mm
BOTTOM = (297 - 35) * PT_PER_MM  # the 版心's foot, in PDF points

if not PDFTOTEXT:
    pytest.skip("pdftotext is missing: apt-get install poppler-utils (tests/run.sh installs it)",
                allow_module_level=True)


@pytest.fixture(scope="module")
def print_page(site, browser):
    """The 通报 laid out for print, as wide as the 版心."""
    context = browser.new_context(viewport={"width": TYPE_AREA_PX, "height": 1100})
    context.set_default_timeout(TIMEOUT_MS)
    watch = Watch().attach(context)
    page = context.new_page()
    page.emulate_media(media="print")
    page.goto(bulletin_url(site))
    yield page
    watch.assert_clean()
    context.close()


@pytest.fixture(scope="module")
def printed_pages(site, browser, artifacts):
    """The 通报 printed by Chromium: each PDF page's lines (pdflayout.py)."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(bulletin_url(site))
        target = artifacts / "bulletin-print.pdf"
        page.pdf(path=str(target), format="A4", prefer_css_page_size=True)
    finally:
        context.close()
    return pdf_lines(target)


def text_rects(page, selector: str) -> list[dict]:
    """The line boxes of an element's text (a Range over it), top to bottom."""
    return page.evaluate(
        """(selector) => { const range = document.createRange();
             range.selectNodeContents(document.querySelector(selector));
             return Array.from(range.getClientRects()).filter(r => r.width > 0)
               .map(r => ({left: r.left, right: r.right, top: r.top, bottom: r.bottom})); }""",
        selector)


def box(page, selector: str) -> dict:
    return page.evaluate(
        """(selector) => { const r = document.querySelector(selector).getBoundingClientRect();
             return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; }""", selector)


def lines_of(rects: list[dict]) -> list[dict]:
    """Rects on one line merged: a line's left, right, top."""
    merged: list[dict] = []
    for rect in sorted(rects, key=lambda r: (round(r["top"]), r["left"])):
        if merged and abs(merged[-1]["top"] - rect["top"]) < 3:
            merged[-1]["right"] = max(merged[-1]["right"], rect["right"])
            merged[-1]["left"] = min(merged[-1]["left"], rect["left"])
        else:
            merged.append(dict(rect))
    return merged


def test_issuer_and_number_are_centred_two_lines_apart(print_page):
    article = box(print_page, "article.document")
    centre = (article["left"] + article["right"]) / 2
    for selector in (".doc-head .issuer", ".doc-head .doc-number"):
        (line,) = lines_of(text_rects(print_page, selector))
        assert abs((line["left"] + line["right"]) / 2 - centre) < 1.5, (selector, line, centre)
    issuer, number = box(print_page, ".issuer"), box(print_page, ".doc-number")
    rule, title = box(print_page, ".red-rule"), box(print_page, "h1.doc-title")
    assert abs(number["top"] - issuer["bottom"] - 2 * LINE_PX) < 2, number["top"] - issuer["bottom"]  # 空二行
    assert abs(rule["top"] - number["bottom"] - 4 * PT_PER_MM * PX_PER_PT) < 2  # the red rule 4 mm under it
    assert abs(title["top"] - rule["bottom"] - 2 * LINE_PX) < 2, title["top"] - rule["bottom"]  # 空二行
    colour = print_page.evaluate("getComputedStyle(document.querySelector('.red-rule')).borderTopColor")
    assert colour == "rgb(192, 0, 0)"


def test_title_breaks_only_between_its_lines(print_page):
    spans = print_page.locator("h1.doc-title .title-line").all_inner_texts()
    assert len(spans) == 2 and "".join(spans) == "关于2017年度局属各单位社会治安综合治理考评结果的通报"
    assert not any(s.endswith("考") for s in spans)  # not inside 考评
    tops = []
    for n in range(1, len(spans) + 1):
        lines = lines_of(text_rects(print_page, f"h1.doc-title .title-line:nth-child({n})"))
        assert len(lines) == 1, (spans[n - 1], lines)  # each written line is one printed line
        tops.append(lines[0]["top"])
    assert tops == sorted(tops) and len(set(round(t) for t in tops)) == len(spans)


def test_annex_note_second_line_under_the_name(print_page):
    name = lines_of(text_rects(print_page, ".annex-note .annex-name"))
    word = lines_of(text_rects(print_page, ".annex-note .annex-word"))
    assert len(name) == 2, name  # the example's note takes two lines in the 版心
    assert abs(name[1]["left"] - name[0]["left"]) < 1, name
    article = box(print_page, "article.document")
    assert abs(word[0]["left"] - article["left"] - 2 * 16 * PX_PER_PT) < 3  # 左空二字


def test_signature_centred_on_the_date_four_characters_from_the_right(print_page):
    article = box(print_page, "article.document")
    (signer,) = lines_of(text_rects(print_page, ".signature .signer span"))
    (date,) = lines_of(text_rects(print_page, ".signature .sign-date"))
    char = 16 * PX_PER_PT
    assert abs(article["right"] - date["right"] - 4 * char) < 3, article["right"] - date["right"]  # 右空四字
    assert abs((signer["left"] + signer["right"]) / 2 - (date["left"] + date["right"]) / 2) < 1.5
    assert 0 < date["top"] - signer["top"] <= LINE_PX + 1  # the name on the line above the date
    note = box(print_page, ".annex-note")
    assert abs(box(print_page, ".signer")["top"] - note["bottom"] - 2 * LINE_PX) < 2  # two lines for the seal


def test_annex_prints_remarks_and_legend_but_not_the_chart(print_page, printed_pages):
    assert print_page.locator("figure.chart").is_hidden()
    assert print_page.locator("table.ranking thead th").last.inner_text().strip() == "备注"
    assert print_page.locator(".table-legend").is_visible()
    whole = flat("".join(line.text for page in printed_pages for line in page))
    assert "各单位总分" not in whole and "竖线为等次分数线" not in whole
    assert flat(print_page.locator(".table-legend").inner_text()) in whole
    remark = print_page.locator("table.ranking tbody tr").first.locator("td.remark").inner_text()
    assert remark and flat(remark)[:8] in whole  # rank 1 is 合格, and the paper says why
    annex = [i for i, page in enumerate(printed_pages) if page and flat(page[0].text) == "附件"]
    assert len(annex) == 1
    for page in printed_pages[annex[0] + 1:-1]:  # a page of the table repeats its header row
        assert re.match(r"名次单位一二三四五总分等次备注", flat(page[0].text)), page[0].text


def test_imprint_ends_on_the_last_line_of_the_last_page(printed_pages):
    last = [line for line in printed_pages[-1] if not re.fullmatch(r"—\s*\d+\s*—", line.text.strip())]
    assert flat(last[-2].text) == flat("抄送：市委政法委，市综治办。")
    assert flat(last[-1].text) == flat("常德市住房和城乡建设局办公室 2018年1月5日印发")
    assert abs(last[-1].y1 - BOTTOM) < 14, BOTTOM - last[-1].y1  # its line box ends at the 版心's foot
    for page in printed_pages[:-1]:
        assert "印发" not in flat("".join(line.text for line in page))


@pytest.mark.parametrize("unit", [u["id"] for u in EXPECTED["units"]])
def test_printed_unit_page_never_ends_with_a_heading(site, browser, artifacts, unit):
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(url(site / "2017" / "units" / f"{unit}.html"))
        # a heading, or the sum line under a part's heading: what introduces a table
        headings = [flat(t) for t in page.locator("main h1, main h2, main h3, main caption, .part > h2 + p")
                    .all_inner_texts() if flat(t)]
        target = artifacts / f"unit-print-{unit}.pdf"
        page.pdf(path=str(target), format="A4", prefer_css_page_size=True)
    finally:
        context.close()
    pages = pdf_lines(target)
    for number, lines in enumerate(pages[:-1], 1):
        body = [line for line in lines if not re.fullmatch(r"—\s*\d+\s*—", line.text.strip())]
        end = flat("".join(line.text for line in body[-2:]))
        stranded = [h for h in headings if end.endswith(h)]
        assert not stranded, f"page {number} of {unit} ends with the heading {stranded[0]}"
