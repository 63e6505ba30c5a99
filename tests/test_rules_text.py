"""Faithfulness checks for content/rules/2017/rules.md against the bureau's source text.

Uses only ``markdown`` and the standard library (no project imports).
"""
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

ROOT = Path(__file__).resolve().parents[1]
RULES_MD = ROOT / "content" / "rules" / "2017" / "rules.md"
# A copy of ../shared/source/000_11ef10d48a0a18e0.txt (the rules as issued), kept in the repo so
# the check runs wherever the tests do.
SOURCE = ROOT / "tests" / "fixtures" / "rules-2017-source.txt"

EXPECTED_IDS = (
    ["guiding", "organisation", "scoring", "rewards", "notes"]
    + ["c1", "c1-1", "c1-2"] + [f"c1-2-{i}" for i in range(1, 6)] + ["c1-3"]
    + ["c2"] + [f"c2-{i}" for i in range(1, 10)]
    + ["c2-2-1", "c2-2-2", "c2-6-1", "c2-6-2", "c2-6-3"]
    + ["c3", "c3-1", "c3-2", "c3-2-1", "c3-2-2"]
    + ["c4", "c4-1", "c4-1-1", "c4-1-2", "c4-2"]
    + ["c5", "c5-1"] + [f"c5-1-{i}" for i in range(1, 5)]
    + ["c5-2", "c5-2-1", "c5-2-2"]
    + ["c6", "c6-grades", "c6-1"] + [f"c6-1-{i}" for i in range(1, 8)]
    + ["c6-2"] + [f"c6-2-{i}" for i in range(1, 7)] + ["c6-3"]
    + ["c7"]
    + ["rewards-1", "rewards-2"]
    + [f"notes-{i}" for i in range(1, 5)]
)

# Tags Python-Markdown is expected to produce for this document.
ALLOWED_TAGS = {"h1", "h2", "h3", "p", "ul", "li"}

_WS = re.compile(r"\s+")  # str patterns: \s covers U+3000 (ideographic space)


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text = []
        self.tags = []
        self.ids = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name == "id":
                self.ids.append(value)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        self.text.append(data)

    def handle_comment(self, data):
        self.tags.append("!--")


def _squash(s: str) -> str:
    return _WS.sub("", s.replace("\u3000", ""))


@pytest.fixture(scope="module")
def html() -> str:
    return markdown.markdown(RULES_MD.read_text(encoding="utf-8"), extensions=["attr_list"])


@pytest.fixture(scope="module")
def parsed(html) -> _Collector:
    c = _Collector()
    c.feed(html)
    c.close()
    return c


def test_text_matches_source(parsed):
    rendered = _squash("".join(parsed.text))
    source = _squash(SOURCE.read_text(encoding="utf-8"))
    if rendered != source:
        pos = next(
            (i for i, (a, b) in enumerate(zip(rendered, source)) if a != b),
            min(len(rendered), len(source)),
        )
        lo = max(0, pos - 30)
        pytest.fail(
            f"text differs at char {pos} (rendered len {len(rendered)}, source len {len(source)})\n"
            f"rendered: …{rendered[lo:pos + 30]}…\n"
            f"source:   …{source[lo:pos + 30]}…"
        )


def test_ids_present_exactly_once(parsed, html):
    assert len(EXPECTED_IDS) == len(set(EXPECTED_IDS))
    counts = Counter(parsed.ids)
    wrong = {i: counts[i] for i in EXPECTED_IDS if counts[i] != 1}
    assert not wrong, f"ids not present exactly once: {wrong}"
    unexpected = sorted(set(counts) - set(EXPECTED_IDS))
    assert not unexpected, f"unexpected ids: {unexpected}"
    assert "{:" not in html and "{#" not in html, "leftover attribute-list syntax in HTML"


def test_ids_on_expected_elements(html):
    assert re.search(r'<h1>2017年社会治安综合治理目标管理工作方案及考评细则</h1>', html)
    for i in range(1, 6):
        assert re.search(rf'<li id="c1-2-{i}">“{i}”，', html), f"c1-2-{i} not on its <li>"
    assert re.search(r'<h3 id="c1">（一）履职情况（25分）</h3>', html)
    assert re.search(r'<p id="c1-2">2\.贯彻落实综治领导责任制，健全完善综治工作“12345”工作模式。</p>', html)
    assert html.count("<ul>") == 1 and html.count("<li") == 5
    assert html.count("<h1") == 1 and html.count("<h2") == 5 and html.count("<h3") == 7


def test_no_raw_html(parsed, html):
    src = RULES_MD.read_text(encoding="utf-8")
    assert "<" not in src and ">" not in src, "rules.md must not contain raw HTML"
    stray = sorted(set(parsed.tags) - ALLOWED_TAGS)
    assert not stray, f"unexpected tags in rendered HTML: {stray}"
    for needle in ("<script", "<span", "<div", "<code", "<pre", "<em", "<strong", "<ol", "<!--"):
        assert needle not in html, needle
