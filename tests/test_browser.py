"""Browser tests: the built example site in a real Chromium, opened from file:// (SPEC §5).

The example content is built once per module into a temporary folder; the pages are opened with
Playwright's sync API driving the system Chromium (/usr/bin/chromium, installed by tests/run.sh;
no browser is ever downloaded). Every test fails on a console error, an uncaught page error, or a
request to anything but a file: URL (the site must work offline, with nothing fetched from outside).
Screenshots and the printed PDF go to tests/artifacts/ (git-ignored) for a human to look at.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
pypdf = pytest.importorskip("pypdf", reason="pypdf is not installed (pip install -e '.[test]')")

from kaoping.build import build  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "tests" / "artifacts"
EXPECTED = json.loads((ROOT / "tests" / "expected" / "results-2017.json").read_text(encoding="utf-8"))
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]

if not CHROMIUM.exists():
    pytest.skip(
        f"{CHROMIUM} is missing: the browser tests need Debian's chromium (apt-get install chromium; "
        "tests/run.sh installs it). Playwright's own browsers are never downloaded.",
        allow_module_level=True,
    )

TIMEOUT_MS = 10_000
A4_PT = (595.28, 841.89)
SIGN_DATE = "2018年1月5日"
ANNEX_TITLE = "2017年度局属各单位社会治安综合治理考评得分排名表"
PAGE_NUMBER = re.compile(r"— \d+ —")
HEADING = re.compile(r"^[一二三四五六七八九十]+、")  # the 通报's section headings: 一、考评总体情况 …


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The example content built once: <tmp>/site with 2017/ and index.html."""
    out = tmp_path_factory.mktemp("browser") / "site"
    build(ROOT / "content", ROOT / "theme", out)
    assert (out / "2017" / "index.html").is_file()
    return out


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


class Watch:
    """Records what a context's pages did that the site must never do."""

    def __init__(self):
        self.errors: list[str] = []
        self.outside: list[str] = []

    def attach(self, context):
        # Anything that is not a file: URL is recorded, then refused so that it never leaves the machine.
        def route(r):
            if r.request.url.startswith("file:"):
                r.continue_()
            else:
                r.abort()

        context.route(re.compile(r"^(?!file:).*"), route)
        context.on("page", self._page)
        return self

    def _page(self, page):
        page.on("console", lambda m: m.type == "error" and self.errors.append(f"console: {m.text} ({m.location})"))
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        page.on("request", lambda r: r.url.startswith("file:") or self.outside.append(r.url))
        page.on("requestfailed", self._request_failed)

    def _request_failed(self, request):
        # ERR_ABORTED is the browser cancelling a request because the page navigated on (a favicon still
        # loading when the test goes to the next page); a missing file fails with ERR_FILE_NOT_FOUND.
        if request.url.startswith("file:") and request.failure != "net::ERR_ABORTED":
            self.errors.append(f"requestfailed: {request.url} ({request.failure})")

    def assert_clean(self):
        assert not self.errors, "console/page errors:\n" + "\n".join(self.errors)
        assert not self.outside, "requests outside file://:\n" + "\n".join(self.outside)


@pytest.fixture(scope="module")
def printed(site, browser, artifacts):
    """The 通报 printed once to tests/artifacts/bulletin.pdf → (path, NFKC text of each page)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        context.set_default_timeout(TIMEOUT_MS)
        watch = Watch().attach(context)
        page = context.new_page()
        page.goto(bulletin_url(site))
        target = artifacts / "bulletin.pdf"
        page.pdf(path=str(target), format="A4", prefer_css_page_size=True)
        watch.assert_clean()
    finally:
        context.close()
    return target, [pdf_text(p) for p in pypdf.PdfReader(str(target)).pages]


@pytest.fixture
def open_context(browser):
    """open_context(**options) → (context, watch); the test calls watch.assert_clean(), contexts close at the end."""
    made = []

    def factory(**options):
        context = browser.new_context(**options)
        context.set_default_timeout(TIMEOUT_MS)
        watch = Watch().attach(context)
        made.append(context)
        return context, watch

    yield factory
    for context in made:
        context.close()


@pytest.fixture
def page_watch(open_context):
    """A fresh desktop page (1280×900) and its Watch."""
    context, watch = open_context(viewport={"width": 1280, "height": 900})
    return context.new_page(), watch


# ---------------------------------------------------------------- helpers


def url(path: Path) -> str:
    return path.resolve().as_uri()


def bulletin_url(site: Path) -> str:
    return url(site / "2017" / "index.html")


def expected_unit(unit_id: str) -> dict:
    (unit,) = [u for u in EXPECTED["units"] if u["id"] == unit_id]
    return unit


def number(text: str) -> float:
    """'99.25' / '−2' / '+3' → float (the pages use U+2212 for minus)."""
    return float(text.strip().replace("−", "-").replace("+", ""))


def ranking_rows(page) -> list[dict]:
    """The ranking table's body rows as read from the DOM, in the order shown."""
    return page.evaluate(
        """() => Array.from(document.querySelectorAll("table.ranking tbody tr")).map(tr => {
            const cells = Array.from(tr.cells);
            return {values: cells.map(c => c.getAttribute("data-value")),
                    href: tr.querySelector("a") && tr.querySelector("a").getAttribute("href")};
        })"""
    )


def header_index(page, label: str) -> int:
    labels = page.locator("table.ranking thead th").all_inner_texts()
    cleaned = [re.sub(r"[\s⇅▲▼]", "", text) for text in labels]
    assert label in cleaned, cleaned
    return cleaned.index(label)


def in_viewport(page, element_id: str) -> dict:
    return page.evaluate(
        """(id) => {
            const el = document.getElementById(id);
            if (!el) return null;
            const r = el.getBoundingClientRect();
            return {top: r.top, bottom: r.bottom, height: r.height, innerHeight: window.innerHeight};
        }""",
        element_id,
    )


def pdf_text(page) -> str:
    """A PDF page's text, NFKC-normalised: the CJK fonts map some characters to Kangxi radicals
    (⽉ U+2F49 for 月), which NFKC folds back to the ordinary ideographs."""
    return unicodedata.normalize("NFKC", page.extract_text() or "")


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def body_lines(text: str) -> list[str]:
    """A PDF page's non-empty lines without its page number ("— 3 —")."""
    return [line.strip() for line in text.splitlines() if line.strip() and not PAGE_NUMBER.fullmatch(line.strip())]


# ---------------------------------------------------------------- tests


def test_bulletin_opens_from_file(site, page_watch, artifacts):
    page, watch = page_watch
    page.goto(bulletin_url(site))

    issuer = page.locator(".doc-head .issuer")
    sync_api.expect(issuer).to_have_text("常德市住房和城乡建设局")
    sync_api.expect(issuer).to_be_visible()
    title = page.locator("h1.doc-title")
    sync_api.expect(title).to_have_text("关于2017年度局属各单位社会治安综合治理考评结果的通报")
    assert page.title() == title.inner_text()
    sync_api.expect(page.locator(".example-banner")).to_contain_text("示例数据")
    sync_api.expect(page.locator(".signature .sign-date")).to_have_text(SIGN_DATE)
    # The stylesheet and the script came from the year's own assets folder, and the sort buttons exist.
    assert page.evaluate("getComputedStyle(document.querySelector('.issuer')).color") == "rgb(192, 0, 0)"
    assert page.locator("table.ranking button.sort-button").count() == 9
    assert page.locator("table.ranking tbody tr").count() == len(EXPECTED["units"])

    page.screenshot(path=str(artifacts / "bulletin.png"), full_page=True)
    watch.assert_clean()


def test_unit_link_opens_breakdown(site, page_watch, artifacts):
    page, watch = page_watch
    page.goto(bulletin_url(site))

    link = page.locator("table.ranking tbody tr").first.locator("th a")
    href = link.get_attribute("href")
    unit_id = re.fullmatch(r"units/([a-z0-9_-]+)\.html", href).group(1)
    expected = expected_unit(unit_id)
    assert link.inner_text() == expected["name"]

    link.click()
    page.wait_for_url(re.compile(rf"/2017/units/{unit_id}\.html$"))
    sync_api.expect(page.locator(".unit-head h1")).to_have_text(expected["name"])
    sync_api.expect(page.locator(".example-banner")).to_contain_text("示例数据")

    verdict = {
        dt.inner_text().strip(): dd.inner_text().strip()
        for dt, dd in zip(page.locator(".verdict dt").all(), page.locator(".verdict dd").all())
    }
    assert verdict["等次"] == expected["grade"]
    assert number(verdict["总分"]) == expected["total"]
    rank, of = re.fullmatch(r"(\d+)\s*/\s*(\d+)", verdict["名次"]).groups()
    assert int(rank) == expected["rank"]
    assert int(of) == len(EXPECTED["units"])

    page.screenshot(path=str(artifacts / "unit.png"), full_page=True)
    watch.assert_clean()


def test_clause_link_opens_rules_at_anchor(site, page_watch, artifacts):
    page, watch = page_watch
    unit_id = EXPECTED["units"][0]["id"]
    page.goto(url(site / "2017" / "units" / f"{unit_id}.html"))

    links = page.locator('table.entries a.clause[href*="rules.html#"]')
    assert links.count() > 0, "no clause link in the deduction tables"
    # A deduction entry's own rule (not a section heading), so that the anchor is deep in the text.
    link = page.locator('table.entries tr.entry a.clause[href*="rules.html#"]').first
    href = link.get_attribute("href")
    anchor = href.split("#", 1)[1]
    assert anchor

    link.click()
    page.wait_for_url(re.compile(r"/2017/rules\.html#"))
    assert urlsplit(page.url).fragment == anchor
    assert unquote(urlsplit(page.url).path).endswith("/2017/rules.html")
    target = page.locator(f"#{anchor}")
    sync_api.expect(target).to_have_count(1)
    sync_api.expect(target).to_be_in_viewport()

    box = in_viewport(page, anchor)
    assert box is not None
    assert box["height"] > 0
    assert -1 <= box["top"] < box["innerHeight"], box  # scrolled to the top, give or take a sub-pixel
    # The browser scrolled to it: the clause is not simply at the top of an unscrolled page.
    assert page.evaluate("window.scrollY") > 0 or box["top"] < box["innerHeight"] / 2
    assert page.evaluate("document.querySelector(':target') && document.querySelector(':target').id") == anchor

    page.screenshot(path=str(artifacts / "rules.png"))
    watch.assert_clean()


def test_ranking_table_sorts(site, page_watch, open_context):
    page, watch = page_watch
    page.goto(bulletin_url(site))
    ids_in_order = [u["id"] for u in EXPECTED["units"]]
    total = header_index(page, "总分")
    unit = header_index(page, "单位")

    def column(index):
        return [row["values"][index] for row in ranking_rows(page)]

    header = page.locator("table.ranking thead th")
    assert column(unit) == ids_in_order

    header.nth(total).locator("button.sort-button").click()
    totals = [float(v) for v in column(total)]
    assert totals == sorted(totals), totals
    assert len(totals) == len(ids_in_order)
    sync_api.expect(header.nth(total)).to_have_attribute("aria-sort", "ascending")

    header.nth(total).locator("button.sort-button").click()
    totals = [float(v) for v in column(total)]
    assert totals == sorted(totals, reverse=True), totals
    sync_api.expect(header.nth(total)).to_have_attribute("aria-sort", "descending")

    header.nth(unit).locator("button.sort-button").click()
    assert column(unit) == sorted(ids_in_order)
    sync_api.expect(header.nth(unit)).to_have_attribute("aria-sort", "ascending")
    sync_api.expect(header.nth(total)).not_to_have_attribute("aria-sort", re.compile(".*"))
    # Sorting moved whole rows: every row still links to its own unit and shows that unit's total.
    by_id = {u["id"]: u for u in EXPECTED["units"]}
    for row in ranking_rows(page):
        assert row["href"] == f"units/{row['values'][unit]}.html"
        assert float(row["values"][total]) == by_id[row["values"][unit]]["total"]
    watch.assert_clean()

    # Without JavaScript the table is complete, in the display order, and has no sort buttons.
    context, quiet = open_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    plain = context.new_page()
    plain.goto(bulletin_url(site))
    assert plain.locator("table.ranking button.sort-button").count() == 0
    rows = plain.locator("table.ranking tbody tr")
    assert rows.count() == len(ids_in_order)
    hrefs = [a.get_attribute("href") for a in plain.locator("table.ranking tbody tr th a").all()]
    assert hrefs == [f"units/{i}.html" for i in ids_in_order]
    names = plain.locator("table.ranking tbody tr th a").all_inner_texts()
    assert names == [u["name"] for u in EXPECTED["units"]]
    quiet.assert_clean()


def test_bulletin_prints_on_a4(printed, artifacts):
    target, texts = printed
    reader = pypdf.PdfReader(str(target))
    assert 3 <= len(reader.pages) <= 7, f"{len(reader.pages)} pages"
    for number_, pdf_page in enumerate(reader.pages, 1):
        box = pdf_page.mediabox
        size = (float(box.width), float(box.height))
        assert abs(size[0] - A4_PT[0]) <= 2 and abs(size[1] - A4_PT[1]) <= 2, f"page {number_} is {size} pt, not A4"

    whole = "\n".join(texts)
    assert "示例数据" in texts[0]
    assert "常德市住房和城乡建设局" in texts[0]
    assert "— 1 —" in texts[0], texts[0][:200]
    assert "— 2 —" in texts[1], texts[1][:200]
    for i, text in enumerate(texts, 1):
        for other in range(1, len(texts) + 1):
            if other != i:
                assert f"— {other} —" not in text, f"page {i} carries the number of page {other}"
    for navigation in ("下载 CSV", "下载CSV", "历年考评", "点击表头可排序", "results.json"):
        assert navigation not in whole, f"screen-only text {navigation!r} is printed"

    date_pages = [i for i, t in enumerate(texts) if SIGN_DATE in map(flat, t.splitlines())]  # not the 版记's 印发日期
    annex_pages = [
        i for i, t in enumerate(texts)
        if any(line.strip() == "附件" for line in t.splitlines()) and ANNEX_TITLE in flat(t)
    ]
    assert len(date_pages) == 1, date_pages
    assert len(annex_pages) == 1, annex_pages
    assert annex_pages[0] != date_pages[0], "the annex does not start on a page of its own"
    assert annex_pages[0] == date_pages[0] + 1, (annex_pages, date_pages)
    # The annex page starts with the annex (after the page number), not with the end of the body.
    assert body_lines(texts[annex_pages[0]])[0] == "附件", body_lines(texts[annex_pages[0]])[:3]
    # Every unit is in the printed ranking table.
    for unit in EXPECTED["units"]:
        assert unit["name"] in flat(whole), unit["name"]

    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(target),
             str(artifacts / "bulletin-page1")],
            check=True, timeout=30,
        )
        assert (artifacts / "bulletin-page1.png").stat().st_size > 0


def test_printed_headings_stay_with_their_text(printed):
    _, texts = printed
    stranded = []
    for i, text in enumerate(texts, 1):
        lines = body_lines(text)
        if i < len(texts) and lines and HEADING.match(lines[-1]):
            stranded.append(f"page {i} ends with the heading {lines[-1]!r}")
    assert not stranded, "; ".join(stranded)


def test_phone_has_no_horizontal_page_scroll(site, open_context, artifacts):
    context, watch = open_context(
        viewport={"width": 375, "height": 800}, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.goto(bulletin_url(site))
    sync_api.expect(page.locator("h1.doc-title")).to_be_visible()

    widths = page.evaluate(
        """() => ({doc: document.documentElement.scrollWidth, body: document.body.scrollWidth,
                   inner: window.innerWidth,
                   wide: Array.from(document.querySelectorAll("body *"))
                     .filter(el => !el.closest(".table-wrap, .chart") && el.getBoundingClientRect().right > 376)
                     .map(el => el.tagName + "." + el.className).slice(0, 10)})"""
    )
    assert widths["inner"] == 375, widths
    assert widths["doc"] <= 375 + 1, widths
    assert widths["body"] <= 375 + 1, widths
    # The ranking table may be wider than the phone, but then it scrolls inside its own wrapper.
    wrap = page.evaluate(
        """() => { const w = document.querySelector("table.ranking").closest(".table-wrap");
                   return w && {client: w.clientWidth, overflow: getComputedStyle(w).overflowX}; }"""
    )
    assert wrap is not None and wrap["client"] <= 375 and wrap["overflow"] in ("auto", "scroll"), wrap

    page.screenshot(path=str(artifacts / "phone.png"), full_page=True)
    watch.assert_clean()


# ---------------------------------------------------------------- every page type: axe, phones, the indexes

AXE = ROOT / "tests" / ".node" / "node_modules" / "axe-core" / "axe.min.js"  # tests/run.sh installs it
AXE_TAGS = ["wcag2a", "wcag2aa", "best-practice"]
PHONE = 390


def page_types(site: Path) -> dict[str, Path]:
    """One page of every kind the site has."""
    first = EXPECTED["units"][0]["id"]
    return {"years": site / "index.html", "units": site / "units.html", "bulletin": site / "2017" / "index.html",
            "unit": site / "2017" / "units" / f"{first}.html", "rules": site / "2017" / "rules.html"}


@pytest.mark.parametrize("kind", ["years", "units", "bulletin", "unit", "rules"])
def test_axe_finds_no_violation(site, page_watch, kind):
    """axe-core (from npm, see tests/run.sh) at the WCAG 2 A and AA levels and its best practices."""
    assert AXE.is_file(), f"{AXE} is missing: run tests/run.sh (it installs axe-core with npm)"
    page, watch = page_watch
    page.goto(url(page_types(site)[kind]))
    page.add_script_tag(path=str(AXE))
    # preload: false, or axe fetches the stylesheets itself, which file:// refuses to a script
    found = page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, preload: false})",
                          AXE_TAGS)
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(n["html"][:160] for n in v["nodes"][:5])
        for v in found["violations"]
    ]
    assert not violations, f"{kind}:\n" + "\n".join(violations)
    assert len(found["passes"]) > 10  # axe really ran its rules on the page
    watch.assert_clean()


def phone_page(open_context):
    context, watch = open_context(viewport={"width": PHONE, "height": 844}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True)
    return context.new_page(), watch


def page_width(page) -> dict:
    return page.evaluate("""() => ({scroll: document.scrollingElement.scrollWidth, inner: window.innerWidth,
        wide: Array.from(document.querySelectorAll("body *"))
          .filter(el => !el.closest(".table-wrap, .chart") && el.getBoundingClientRect().right > window.innerWidth + 1)
          .map(el => el.tagName + "." + el.className).slice(0, 10)})""")


def box(page, selector: str) -> dict:
    return page.locator(selector).first.evaluate(
        "el => { const r = el.getBoundingClientRect(); return {left: r.left, right: r.right, width: r.width,"
        " height: r.height, visible: !!(r.width && r.height)}; }")


@pytest.mark.parametrize("kind", ["years", "units", "bulletin", "unit", "rules"])
def test_every_page_fits_a_phone(site, open_context, artifacts, kind):
    page, watch = phone_page(open_context)
    page.goto(url(page_types(site)[kind]))
    width = page_width(page)
    assert width["inner"] == PHONE and width["scroll"] <= PHONE, width
    assert width["wide"] == [], width
    page.screenshot(path=str(artifacts / f"phone-{kind}.png"), full_page=True)
    watch.assert_clean()


def test_phone_ranking_shows_where_total_and_grade_are(site, open_context):
    page, watch = phone_page(open_context)
    page.goto(bulletin_url(site))
    wrap = page.locator("table.ranking").locator("xpath=..")
    assert wrap.evaluate("w => getComputedStyle(w).overflowX") in ("auto", "scroll")
    table, frame = box(page, "table.ranking"), box(page, ".annex .table-wrap")
    hint = page.locator(".annex .scroll-hint").first
    if table["width"] > frame["width"] + 1:  # wider than the phone: a visible hint names the columns out of view
        sync_api.expect(hint).to_be_visible()
        assert "总分" in hint.inner_text() and "等次" in hint.inner_text()
    # scrolled in its box, the 总分 and 等次 columns come into view beside the unit's name (kept in view)
    for label in ("总分", "等次"):
        header = page.locator("table.ranking thead th").nth(header_index(page, label))
        header.evaluate("h => h.scrollIntoView({inline: 'end', block: 'nearest'})")
        name = box(page, "table.ranking tbody th[scope=row]")
        column = header.evaluate("h => { const r = h.getBoundingClientRect(); return {left: r.left, right: r.right}; }")
        assert name["left"] >= -1 and name["visible"], name
        assert name["right"] <= column["left"] + 1 and column["right"] <= PHONE + 1, (label, name, column)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE
    watch.assert_clean()


def test_phone_unit_page_note_is_readable(site, open_context):
    page, watch = phone_page(open_context)
    page.goto(url(page_types(site)["unit"]))
    notes = page.locator("table.entries tr.entry td.note")
    assert notes.count() > 0
    for index in range(notes.count()):
        note = notes.nth(index).evaluate("el => el.getBoundingClientRect().width")
        assert note >= PHONE * 0.6, note  # the note has (nearly) the whole width, not two characters
    watch.assert_clean()


def rendered_font_sizes(page, selector: str) -> list[float]:
    """The size SVG text is drawn at on screen: its font size × how much the drawing is scaled."""
    return page.evaluate("""(selector) => Array.from(document.querySelectorAll(selector)).map(t => {
        const svg = t.ownerSVGElement, scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        return parseFloat(getComputedStyle(t).fontSize) * scale; })""", selector)


def test_phone_chart_labels_are_at_least_10px(site, open_context):
    page, watch = phone_page(open_context)
    page.goto(bulletin_url(site))
    sizes = rendered_font_sizes(page, ".totals-chart text")
    assert sizes and min(sizes) >= 10, min(sizes)
    page.goto(url(page_types(site)["unit"]))
    sizes = rendered_font_sizes(page, ".sections-chart text")
    assert sizes and min(sizes) >= 10, min(sizes)
    watch.assert_clean()


def test_phone_home_table_is_whole(site, open_context):
    page, watch = phone_page(open_context)
    page.goto(url(site / "index.html"))
    table, frame = box(page, "table.years"), box(page, "main")
    assert table["right"] <= frame["right"] + 1 and table["left"] >= frame["left"] - 1, (table, frame)
    watch.assert_clean()


def test_sort_caption_says_the_order_shown(site, page_watch):
    page, watch = page_watch
    page.goto(bulletin_url(site))
    state = page.locator("table.ranking caption .sort-state")
    sync_api.expect(state).to_have_text("（按总分从高到低）")
    total = page.locator("table.ranking thead th").nth(header_index(page, "总分")).locator("button")
    total.click()
    sync_api.expect(state).to_have_text("（按总分从低到高）")
    total.click()
    sync_api.expect(state).to_have_text("（按总分从高到低）")
    page.locator("table.ranking thead th").nth(header_index(page, "单位")).locator("button").click()
    sync_api.expect(state).to_have_text("（按单位顺序）")
    watch.assert_clean()


def test_units_index_filters_offline(site, page_watch, artifacts):
    page, watch = page_watch
    page.goto(url(site / "units.html"))
    rows = page.locator("#unit-index tbody tr")
    total = rows.count()
    assert total == len(EXPECTED["units"])
    box_ = page.locator("#unit-filter")
    sync_api.expect(box_).to_be_visible()
    name = EXPECTED["units"][3]["name"]
    box_.fill(name[1:4])
    visible = [r for r in rows.all() if r.is_visible()]
    assert visible and all(name[1:4] in r.locator("th").inner_text() for r in visible)
    assert len(visible) < total
    sync_api.expect(page.locator("#unit-count")).to_have_text(f"找到{len(visible)}个单位")
    link = visible[0].locator("a").first
    href = link.get_attribute("href")
    assert re.fullmatch(r"2017/units/[a-z0-9-]+\.html", href), href
    page.screenshot(path=str(artifacts / "units-index.png"), full_page=True)
    box_.fill("")
    assert sum(r.is_visible() for r in rows.all()) == total
    link.click()
    page.wait_for_url(re.compile(r"/2017/units/[a-z0-9-]+\.html$"))
    watch.assert_clean()


def test_units_index_without_javascript_is_whole_and_has_no_dead_filter(site, open_context):
    context, watch = open_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(url(site / "units.html"))
    assert page.locator("#unit-index tbody tr").count() == len(EXPECTED["units"])
    sync_api.expect(page.locator("#unit-filter")).to_be_hidden()
    watch.assert_clean()


def test_a_year_folder_moved_alone_hides_the_site_links(site, open_context, tmp_path):
    """In the whole site the 历年考评 link leads to the index; a year folder copied alone hides it."""
    context, watch = open_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(bulletin_url(site))
    sync_api.expect(page.locator("nav.site-nav a", has_text="历年考评")).to_be_visible()
    watch.assert_clean()

    alone = tmp_path / "copied" / "2017"
    shutil.copytree(site / "2017", alone)
    for path in (alone / "index.html", alone / "units" / f"{EXPECTED['units'][0]['id']}.html", alone / "rules.html"):
        page = context.new_page()
        page.goto(url(path))
        for text in ("历年考评", "历年单位"):
            sync_api.expect(page.locator("nav.site-nav a", has_text=text)).to_be_hidden()
        sync_api.expect(page.locator("nav.site-nav a", has_text="考评细则")).to_be_visible()
    # the only thing that went wrong is the question whether the site's index is there
    assert all("site.js" in error for error in watch.errors), watch.errors
    assert not watch.outside


def test_figures_on_the_bars_have_aa_contrast(site, page_watch):
    """The white totals written on the bars: at least 4.5:1 against each bar's colour (WCAG AA)."""
    page, watch = page_watch
    page.goto(bulletin_url(site))
    pairs = page.evaluate("""() => Array.from(document.querySelectorAll(".totals-chart a")).map(a => [
        getComputedStyle(a.querySelector("rect.bar")).fill, getComputedStyle(a.querySelector(".bar-value")).fill])""")
    assert len(pairs) == len(EXPECTED["units"])

    def luminance(colour: str) -> float:
        channels = [int(c) / 255 for c in re.findall(r"\d+", colour)[:3]]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    for bar, text in set(map(tuple, pairs)):
        light, dark = sorted((luminance(bar), luminance(text)), reverse=True)
        assert (light + 0.05) / (dark + 0.05) >= 4.5, (bar, text)
    watch.assert_clean()
