"""The built site (SPEC §5): links, the 通报, the breakdowns, the rules page, escaping, exports,
reproducibility and self-contained year folders.

The example content is built once per module (`site` fixture). Pages are read with html.parser
(a tiny DOM below); the expectations come from the content files themselves and from the
hand-computed tests/expected/results-2017.json and HAND-COMPUTED-2017.md, never from the
generator's own scoring code.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sys
import time
from collections import Counter
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import linkcheck  # noqa: E402

from kaoping.build import build  # noqa: E402
from kaoping.cli import main as cli_main  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
THEME = ROOT / "theme"
EXPECTED = ROOT / "tests" / "expected"
UNITS_2017 = CONTENT / "units" / "2017"
RULES_2017 = CONTENT / "rules" / "2017"
GRADES = ("优秀", "合格", "不合格")


# --------------------------------------------------------------------------- a tiny DOM (html.parser)

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}


class Node:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: "Node | None", line: int = 0):
        self.tag, self.attrs, self.parent, self.line = tag, attrs, parent, line
        self.children: list[Node | str] = []

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    def get(self, name: str, default=None):
        value = self.attrs.get(name)
        return default if value is None else value

    def elements(self) -> list["Node"]:
        return [c for c in self.children if isinstance(c, Node)]

    def iter(self):
        yield self
        for child in self.elements():
            yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None, **attrs) -> list["Node"]:
        found = []
        for node in self.iter():
            if node is self:
                continue
            if tag and node.tag != tag:
                continue
            if cls and cls not in node.classes:
                continue
            if any(node.attrs.get(k) != v for k, v in attrs.items()):
                continue
            found.append(node)
        return found

    def find(self, tag: str | None = None, cls: str | None = None, **attrs) -> "Node":
        found = self.find_all(tag, cls, **attrs)
        assert found, f"no <{tag or '*'} class={cls!r} {attrs}> below <{self.tag}>"
        return found[0]

    def by_id(self, value: str) -> "Node | None":
        return next((n for n in self.iter() if n.attrs.get("id") == value), None)

    @property
    def text(self) -> str:
        parts = []
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif child.tag not in ("script", "style"):
                parts.append(child.text)
        return "".join(parts)

    def __repr__(self):
        return f"<{self.tag} {self.attrs}>"


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.stack = [self.root]
        self.raw_start_tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.raw_start_tags.append((tag, attrs))
        node = Node(tag, dict(attrs), self.stack[-1], self.getpos()[0])
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.raw_start_tags.append((tag, attrs))
        self.stack[-1].children.append(Node(tag, dict(attrs), self.stack[-1], self.getpos()[0]))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(source: Path | str) -> Node:
    builder = _TreeBuilder()
    builder.feed(source.read_text(encoding="utf-8") if isinstance(source, Path) else source)
    builder.close()
    builder.root.start_tags = builder.raw_start_tags  # type: ignore[attr-defined]
    return builder.root


def squash(text: str) -> str:
    return " ".join(text.split())


def number(text: str) -> Decimal:
    """"−1.5" / "+3" / "0" / "−0" as shown on the pages → Decimal."""
    return Decimal(text.strip().replace("−", "-").replace("+", ""))


# --------------------------------------------------------------------------- content and expectations


class _DecimalLoader(yaml.SafeLoader):
    pass


_DecimalLoader.add_constructor(
    "tag:yaml.org,2002:float", lambda loader, node: Decimal(loader.construct_scalar(node)))


def load_yaml(path: Path):
    return yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_DecimalLoader)


def expected_results() -> dict:
    return json.loads((EXPECTED / "results-2017.json").read_text(encoding="utf-8"), parse_float=Decimal)


EXPECTED_2017 = expected_results()
EXPECTED_UNITS = {u["id"]: u for u in EXPECTED_2017["units"]}
UNIT_FILES = {p.stem: load_yaml(p) for p in sorted(UNITS_2017.glob("*.yaml"))}
SCHEME = load_yaml(RULES_2017 / "scheme.yaml")


def _scheme_rules() -> dict[str, dict]:
    """rule name → its scheme entry (clause, points, per), from every section, item and sub-item."""
    rules: dict[str, dict] = {}

    def walk(node):
        if isinstance(node, dict):
            for rule in node.get("rules", []) or []:
                rules[rule["name"]] = rule
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk({k: SCHEME[k] for k in ("sections", "bonuses", "penalties")})
    return rules


RULES = _scheme_rules()
FINDING_CLAUSES = {f["name"]: f["clause"] for f in SCHEME["findings"]}
COMPUTED_CLAUSES = {c["name"]: c["clause"] for c in SCHEME["computed"].values()}
POLL_CLAUSES = {level: method["clause"] for s in SCHEME["sections"] if "poll" in s for level, method in s["poll"].items()}
SECTIONS = {s["key"]: s for s in SCHEME["sections"]}


def all_clause_values(node) -> set[str]:
    """Every `clause:` value of the scheme (and the explanatory `clauses:` map)."""
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "clause" and isinstance(value, str):
                found.add(value)
            elif key == "clauses" and isinstance(value, dict):
                found.update(v for v in value.values() if isinstance(v, str))
            else:
                found |= all_clause_values(value)
    elif isinstance(node, list):
        for value in node:
            found |= all_clause_values(value)
    return found


def cn_date(value) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def unit_entries(unit: dict):
    """(kind, entry) for every deduction, bonus and penalty of a unit file, in file order."""
    for kind in ("deductions", "bonuses", "penalties"):
        for entry in unit.get(kind) or []:
            yield kind, entry


# --------------------------------------------------------------------------- builds


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The example content built once: <tmp>/site/index.html and <tmp>/site/2017/…"""
    out = tmp_path_factory.mktemp("built") / "site"
    build(CONTENT, THEME, out)
    return out


@pytest.fixture(scope="module")
def year(site) -> Path:
    return site / "2017"


@pytest.fixture(scope="module")
def bulletin(year) -> Node:
    return parse(year / "index.html")


@pytest.fixture(scope="module")
def rules_page(year) -> Node:
    return parse(year / "rules.html")


_UNIT_PAGES: dict[Path, Node] = {}


def unit_page(year: Path, unit_id: str) -> Node:
    path = year / "units" / f"{unit_id}.html"
    if path not in _UNIT_PAGES:
        _UNIT_PAGES[path] = parse(path)
    return _UNIT_PAGES[path]


def html_pages(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.html"))


def copy_content(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    return content


# --------------------------------------------------------------------------- entry rows of a unit page


class Row:
    """One tr.entry of a breakdown table: rule, 计分, 应计, 实计, 说明 (by the header names)."""

    def __init__(self, tr: Node, headers: list[str]):
        cells = [c for c in tr.elements() if c.tag in ("td", "th")]
        self.tr = tr
        self.cells = dict(zip(headers, cells))
        self.rule = squash(self.cells["规则"].text)
        self.rule_href = self.cells["规则"].find("a").get("href")
        self.formula = squash(self.cells["计分"].text)
        self.nominal = number(self.cells["应计"].text)
        self.shown = self.cells["实计"].text.strip()
        self.counted = abs(number(self.shown))  # the magnitude; the sign is in `shown`
        self.note_cell = self.cells["说明"]
        self.note = self.note_cell.text


def entry_rows(scope: Node) -> list[Row]:
    rows = []
    for table in scope.find_all("table", "entries"):
        headers = [squash(th.text) for th in table.find("thead").find_all("th")]
        rows += [Row(tr, headers) for tr in table.find_all("tr", "entry")]  # one <tbody> per item
    return rows


def match_rows(page: Node, unit: dict) -> dict[int, tuple[str, dict, Row]]:
    """Pair every entry of the unit file with its row (same rule, note shown), in file order."""
    rows = entry_rows(page)
    used: set[int] = set()
    matched = {}
    for index, (kind, entry) in enumerate(unit_entries(unit)):
        candidates = [i for i, row in enumerate(rows)
                      if i not in used and row.rule == entry["rule"] and entry["note"] in row.note]
        assert candidates, f"no row shows the {kind} entry {entry['rule']} «{entry['note']}»"
        used.add(candidates[0])
        matched[index] = (kind, entry, rows[candidates[0]])
    assert len(used) == len(rows), f"rows without an entry in the unit file: {[rows[i].note for i in range(len(rows)) if i not in used]}"
    return matched


# =========================================================================== 0. the link checker itself


def test_link_checker_finds_what_it_should(tmp_path):
    """The checker is not vacuous: a hand-made broken site yields each kind of problem."""
    site = tmp_path / "s"
    (site / "2017" / "units").mkdir(parents=True)
    (site / "2016" / "units").mkdir(parents=True)
    (site / "index.html").write_text('<a href="2017/index.html#top">x</a>', encoding="utf-8")
    (site / "2016" / "units" / "a.html").write_text('<p id="p">old</p>', encoding="utf-8")
    (site / "2016" / "rules.html").write_text('<p>rules</p>', encoding="utf-8")
    (site / "2017" / "index.html").write_text(
        '<p id="top"></p><p id="dup"></p><p id="dup"></p>'
        '<a href="http://example.com/">a</a><a href="//cdn.example.com/x.js">b</a><a href="/abs.html">c</a>'
        '<a href="javascript:alert(1)">d</a><link rel="stylesheet" href="https://fonts.example.com/f.css">'
        '<a href="missing.html">e</a><a href="index.html#nowhere">f</a><a href="#top">ok</a>'
        '<a href="../index.html">ok</a><a href="../2016/rules.html">escapes</a>'
        '<style>body { background: url("http://example.com/b.png") }</style>',
        encoding="utf-8")
    (site / "2017" / "units" / "a.html").write_text(
        '<a href="../../2016/units/a.html#p">ok</a><a href="../../2016/units/a.html#q">frag</a>'
        '<a href="../../2015/units/a.html">missing other year</a>', encoding="utf-8")
    problems = linkcheck.check_site(site)
    kinds = Counter(p.kind for p in problems)
    assert kinds == {linkcheck.EXTERNAL: 6, linkcheck.DUPLICATE_ID: 1, linkcheck.MISSING_FILE: 1,
                     linkcheck.MISSING_FRAGMENT: 2, linkcheck.ESCAPES_YEAR: 1,
                     linkcheck.OUTSIDE_MISSING: 1}, "\n".join(map(str, problems))


# =========================================================================== 1. links of the whole output


def test_every_link_resolves_and_stays_inside(site):
    assert (site / "index.html").is_file()
    problems = linkcheck.check_site(site)
    assert not problems, "\n".join(map(str, problems))


def test_no_url_leaves_the_site(site):
    links = linkcheck.all_links(site)
    assert len(links) > 100  # the checker really read the pages
    leaving = [l for l in links if linkcheck.is_external(l.url)]
    assert not leaving, leaving


def test_year_links_are_relative_and_stay_in_the_year(year):
    """From inside site/2017/, only ../index.html, ../units.html and ../../<year>/units/… may leave the folder."""
    for link in linkcheck.all_links(year):
        url = link.url.split("#")[0]
        if not url:
            continue
        target = Path(os.path.normpath(link.page.parent / url))
        if target.is_relative_to(year.resolve()):
            continue
        relative = target.relative_to(year.resolve().parent).parts
        assert relative in (("index.html",), ("units.html",)) or (
            len(relative) == 3 and relative[0].isdigit() and relative[0] != "2017" and relative[1] == "units"), link


def test_site_index_lists_years_newest_first(site):
    page = parse(site / "index.html")
    hrefs = [a.get("href") for a in page.find_all("a")]
    assert "2017/index.html" in hrefs


# =========================================================================== 2. the 通报


def test_every_unit_has_a_page(year):
    assert set(UNIT_FILES) == set(EXPECTED_UNITS)
    pages = {p.stem for p in (year / "units").glob("*.html")}
    assert pages == set(UNIT_FILES)


def ranking_rows(bulletin: Node) -> list[dict]:
    table = bulletin.find("table", "ranking")
    headers = [squash(th.text) for th in table.find("thead").find_all("th")]
    rows = []
    for tr in table.find("tbody").find_all("tr"):
        cells = [c for c in tr.elements() if c.tag in ("td", "th")]
        assert len(cells) == len(headers)
        row = {h: squash(c.text) for h, c in zip(headers, cells)}
        row["href"] = cells[headers.index("单位")].find("a").get("href")
        rows.append(row)
    return rows


def test_ranking_table_matches_hand_computed_results(bulletin):
    rows = ranking_rows(bulletin)
    expected = EXPECTED_2017["units"]
    assert [r["href"] for r in rows] == [f"units/{u['id']}.html" for u in expected], "display order"
    for row, unit in zip(rows, expected):
        assert int(row["名次"]) == unit["rank"], unit["id"]
        assert row["单位"] == unit["name"]
        for key, value in unit["sections"].items():
            assert number(row[key]) == value, (unit["id"], key, row[key])
        assert number(row["总分"]) == unit["total"], unit["id"]
        assert row["等次"] == unit["grade"], unit["id"]


def test_bulletin_counts_and_grade_lists(bulletin):
    text = squash(bulletin.text)
    counts = Counter(u["grade"] for u in EXPECTED_2017["units"])
    assert f"本年度共考评{len(EXPECTED_UNITS)}个单位" in text
    for grade in GRADES:
        assert f"{grade}等次{counts[grade]}个" in text
    headings = [h for h in bulletin.find_all("h2") if "等次单位" in h.text]
    assert len(headings) == len(GRADES)
    for heading, grade in zip(headings, GRADES):
        assert heading.text.split("、", 1)[1].startswith(grade + "等次单位")
        siblings = heading.parent.elements()
        listing = siblings[siblings.index(heading) + 1]
        ids = [a.get("href").removeprefix("units/").removesuffix(".html") for a in listing.find_all("a")]
        assert ids == [u["id"] for u in EXPECTED_2017["units"] if u["grade"] == grade], grade


def test_each_failing_unit_is_listed_with_its_reason(bulletin):
    at_most_fail = {f["name"] for f in SCHEME["findings"] if f.get("at_most") == "不合格"}
    at_most_fail |= {c["name"] for c in SCHEME["computed"].values() if c.get("at_most") == "不合格"}
    items = bulletin.find("ol", "fail-list").find_all("li")
    failing = [u for u in EXPECTED_2017["units"] if u["grade"] == "不合格"]
    assert [li.find("a").get("href") for li in items] == [f"units/{u['id']}.html" for u in failing]
    for li, unit in zip(items, failing):
        text = squash(li.text)
        name, _, reason = text.partition("：")
        assert name == unit["name"]
        assert reason.strip("。 "), f"{unit['id']}: no reason"
        for condition in unit["conditions"]:
            if condition in at_most_fail:
                assert condition in reason, (unit["id"], condition, reason)
        if unit["total"] < 85:
            assert "85" in reason and str(unit["total"]).rstrip("0").rstrip(".") in reason, reason


def listed_units(bulletin: Node) -> dict[str, list[str]]:
    listed = {}
    for p in bulletin.find_all("p", "listed"):
        name = p.find("span", "listed-name").text.strip("：: ")
        listed[name] = [a.get("href").removeprefix("units/").removesuffix(".html") for a in p.find_all("a")]
    return listed


def test_listed_units_from_findings(bulletin):
    expected = {"挂牌督办": [], "一票否决": []}
    for unit in EXPECTED_2017["units"]:  # display order
        rules = {f["rule"] for f in UNIT_FILES[unit["id"]].get("findings") or []}
        if rules & {"挂牌督办", "挂牌督办整改不合格"}:
            expected["挂牌督办"].append(unit["id"])
        if "一票否决" in rules:
            expected["一票否决"].append(unit["id"])
    assert expected == {"挂牌督办": ["danganchu", "qiangganban"], "一票否决": ["zhengshou"]}  # the example's own
    assert listed_units(bulletin) == expected


def test_bulletin_has_the_document_parts(bulletin):
    raw = load_yaml(RULES_2017 / "bulletin.yaml")
    text = squash(bulletin.text)
    for key in ("issuer", "doc_number", "title", "recipients", "signature"):
        assert raw[key] in text, key
    assert cn_date(raw["date"]) in text
    assert squash(raw["opening"]).split("。")[0] in text
    chart = bulletin.find("svg", "totals-chart")
    assert len(chart.find_all("rect", "bar")) == len(EXPECTED_UNITS)
    labels = {squash(t.text) for t in chart.find_all("text", "threshold-label")}
    assert labels == {"85", "95"}


# =========================================================================== 3. breakdown pages


@pytest.mark.parametrize("unit_id", sorted(UNIT_FILES))
def test_unit_page_shows_every_entry(year, unit_id):
    unit, page = UNIT_FILES[unit_id], unit_page(year, unit_id)
    for kind, entry, row in match_rows(page, unit).values():
        rule = RULES[entry["rule"]]
        assert row.rule_href == f"../rules.html#{rule['clause']}", (entry["rule"], row.rule_href)
        if "points" in rule:
            count = entry.get("count", 1)
            assert row.formula.startswith(f"{count}"), row.formula
            assert f"× {rule['points']}分" in row.formula, row.formula
            assert row.nominal == rule["points"] * count
        else:
            assert row.formula == f"酌情{entry['points']}分"
            assert row.nominal == entry["points"]
        sign = "+" if kind == "bonuses" else "−"
        assert row.shown.startswith(sign) or row.shown == "0", (entry["note"], row.shown)
        assert 0 <= row.counted <= row.nominal
        if "date" in entry:
            assert cn_date(entry["date"]) in row.note, entry
        if "incident" in entry:
            assert str(entry["incident"]) in row.note, entry
        if row.counted != row.nominal:  # what the cap, the group or the one-incident rule did
            why = row.note_cell.find_all("small", "why")
            assert why and why[0].find_all("a", "clause"), (unit_id, entry["note"])


@pytest.mark.parametrize("unit_id", sorted(UNIT_FILES))
def test_unit_page_entries_add_up_to_the_section_scores(year, unit_id):
    page, expected = unit_page(year, unit_id), EXPECTED_UNITS[unit_id]
    for index, (key, section) in enumerate(SECTIONS.items(), 1):
        part = page.by_id(f"part-{index}")
        assert part is not None and key in part.find("h2").text
        assert number(part.find("span", "part-score").text.split("/")[0]) == expected["sections"][key]
        if "poll" in section:
            continue
        lost = sum((row.counted for row in entry_rows(part)), Decimal(0))
        assert section["base"] - lost == expected["sections"][key], (unit_id, key)
    adjust = page.by_id("part-adjust")
    net = sum((number(row.shown) for row in entry_rows(adjust)), Decimal(0))
    assert net == expected["sections"]["五"], unit_id
    assert number(adjust.find("span", "part-score").text) == expected["sections"]["五"]
    verdict = squash(page.find("dl", "verdict").text)
    assert expected["grade"] in verdict
    assert f"{expected['total']}".rstrip("0").rstrip(".") in verdict


@pytest.mark.parametrize("unit_id", sorted(UNIT_FILES))
def test_unit_page_shows_every_grade_condition(year, unit_id):
    page, expected = unit_page(year, unit_id), EXPECTED_UNITS[unit_id]
    why = page.find("section", "grade-why")
    shown = [squash(li.find("strong").text) for li in why.find_all("li")]
    assert shown == expected["conditions"], unit_id
    for finding in UNIT_FILES[unit_id].get("findings") or []:
        assert finding["note"] in page.by_id("part-findings").text


# Hand values (tests/expected/HAND-COMPUTED-2017.md) of the 实计 column, by (rule, note start).
HAND = {
    # a cap: 干部职工一般案件 3 × 4 = 12 → 10 (cap 10); 四 = 15 − 10 = 5; 二.6① 2 + 1.5 = 3.5 → 3
    "jianchazhidui": {("干部职工一般案件", "3名队员"): Decimal(10), ("评查缺次", "第二季度"): Decimal(2),
                      ("见义勇为市级", "2名队员"): Decimal(1)},
    # one incident (2017-05李某吸毒): the larger later entry counts, 吸毒 → 0
    "zaojiazhan": {("吸毒", "职工李某吸毒，"): Decimal(0), ("干部职工一般案件", "职工李某吸毒被"): Decimal(4)},
    # groups: 经验推介 2/1 → 2; 见义勇为 0.5/1 → 1 (the second in the file)
    "jianguanchu": {("经验推介省级", "工地治安"): Decimal(2), ("经验推介市级", "同一经验"): Decimal(0),
                    ("见义勇为市级", "职工王某"): Decimal(0), ("见义勇为省级", "王某同一"): Decimal(1)},
    # one incident, a tie after the bases and in value: the rule first in the scheme (二.7 消防) counts, not
    # the first in the file
    "baiyisuo": {("一般案件", "药品仓库失火"): Decimal(0), ("消防", "药品仓库消防"): Decimal(2)},
    # one incident, the larger after the bases: 消防 3.5 has only 2.5 left in 二.7, 网格化 3 counts
    "gongyongchu": {("消防", "抢修作业"): Decimal(0), ("网格化", "抢修现场"): Decimal(3), ("消防", "加压泵站"): Decimal("1.5")},
    # one experience reported twice, one group: counted once (the earlier date)
    "tushen": {("经验推介市级", "平安机关创建经验被"): Decimal(1), ("经验推介市级", "同一经验再次"): Decimal(0)},
    # one incident within 二: 群体性事件 6 counts, 网络舆情 → 0
    "zhengshou": {("群体性事件", "被征收户"): Decimal(6), ("网络舆情", "聚集事件"): Decimal(0)},
}
# Sums of 实计 over the entries named by their rule, where the hand file gives only the capped sum.
HAND_SUMS = {
    "jianchazhidui": {("道路交通",): Decimal(3), ("干部职工一般案件", "干部职工八类案件"): Decimal(10)},
    "danganchu": {("出走叛逃策反", "失泄窃密"): Decimal(3), ("信息化建设",): Decimal(2)},
    "qiangganban": {("创建缺项", "评查缺次", "体系不完善", "力量缺失"): Decimal(25)},
    "zhengshou": {("信访",): Decimal(10), ("拒不执行判决",): Decimal(1)},
    "wuyeban": {("未报计划总结", "未完成交办任务"): Decimal(2)},
    "yuanlinchu": {("经验推介中央", "经验推介省级"): Decimal(3), ("见义勇为事业",): Decimal(2),
                   ("见义勇为国家级",): Decimal(2)},
}


@pytest.mark.parametrize("unit_id", sorted(HAND))
def test_hand_computed_entry_values(year, unit_id):
    rows = entry_rows(unit_page(year, unit_id))
    for (rule, note_start), value in HAND[unit_id].items():
        found = [r for r in rows if r.rule == rule and r.note.startswith(note_start)]
        assert len(found) == 1, (rule, note_start)
        assert found[0].counted == value, (unit_id, rule, found[0].shown, value)


@pytest.mark.parametrize("unit_id", sorted(HAND_SUMS))
def test_hand_computed_capped_sums(year, unit_id):
    rows = entry_rows(unit_page(year, unit_id))
    for rules, value in HAND_SUMS[unit_id].items():
        chosen = [r for r in rows if r.rule in rules]
        assert chosen, rules
        assert sum((r.counted for r in chosen), Decimal(0)) == value, (unit_id, rules)


def test_one_incident_rows_say_where_it_was_deducted(year):
    for unit_id, loser, winner in (("zaojiazhan", "吸毒", "干部职工一般案件"), ("baiyisuo", "一般案件", "消防"),
                                   ("gongyongchu", "消防", "网格化"), ("zhengshou", "网络舆情", "群体性事件")):
        rows = entry_rows(unit_page(year, unit_id))
        row = next(r for r in rows if r.rule == loser and r.note_cell.find_all("small", "why"))
        why = squash(row.note_cell.find("small", "why").text)
        assert f"「{winner}」" in why, (unit_id, why)


def test_poll_is_shown(year):
    for unit_id, unit in UNIT_FILES.items():
        part = unit_page(year, unit_id).by_id("part-3")
        text = squash(part.text)
        links = [a.get("href") for a in part.find("p").find_all("a", "clause")]
        assert f"../rules.html#{POLL_CLAUSES[unit['level']]}" in links, (unit_id, links)
        if "score" in unit["poll"]:
            assert f"{unit['poll']['score']}" in text
        else:
            for answer, count in unit["poll"].items():
                assert f"{answer}{count}人次" in text, (unit_id, text)


# =========================================================================== 4. rules page


def test_rules_page_has_every_anchor_of_the_scheme(rules_page):
    anchors = all_clause_values(SCHEME)
    assert len(anchors) > 40
    ids = {n.attrs["id"] for n in rules_page.iter() if n.attrs.get("id")}
    assert sorted(anchors - ids) == []


def _actual_hits(rules_page: Node) -> dict[str, dict[str, str]]:
    """anchor → {unit id: the amount written after its link} from every .clause-hits note."""
    hits: dict[str, dict[str, str]] = {}
    for note in rules_page.find_all("span", "clause-hits"):
        holder = note.parent
        while holder is not None and not holder.attrs.get("id"):
            holder = holder.parent
        assert holder is not None, "a .clause-hits note outside any anchored clause"
        by_unit = hits.setdefault(holder.attrs["id"], {})
        children = note.children
        for index, child in enumerate(children):
            if isinstance(child, Node) and child.tag == "a":
                unit_id = child.get("href").removeprefix("units/").removesuffix(".html")
                tail = children[index + 1] if index + 1 < len(children) and isinstance(children[index + 1], str) else ""
                tail = tail.strip().rstrip("、；］]").strip()
                if not tail.startswith("已记录"):  # an entry that counted 0: test_rules_page_lists_recorded_entries…
                    by_unit[unit_id] = tail
    return hits


def test_scored_clauses_show_the_units_that_lost_or_gained_points(year, rules_page):
    expected: dict[str, dict[str, Decimal]] = {}
    for unit_id, unit in UNIT_FILES.items():
        for kind, entry, row in match_rows(unit_page(year, unit_id), unit).values():
            if row.counted:
                anchor = RULES[entry["rule"]]["clause"]
                by_unit = expected.setdefault(anchor, {})
                by_unit[unit_id] = by_unit.get(unit_id, Decimal(0)) + number(row.shown)
        lost_in_poll = SECTIONS["三"]["base"] - EXPECTED_UNITS[unit_id]["sections"]["三"]
        if lost_in_poll:
            expected.setdefault(POLL_CLAUSES[unit["level"]], {})[unit_id] = -lost_in_poll
    assert "c2-3" in expected and "zhengshou" not in expected["c2-3"]  # zeroed by the one-incident rule
    actual = _actual_hits(rules_page)
    for anchor, by_unit in sorted(expected.items()):
        assert set(actual.get(anchor, {})) == set(by_unit), anchor
        for unit_id, amount in by_unit.items():
            assert number(actual[anchor][unit_id]) == amount, (anchor, unit_id, actual[anchor][unit_id])


def test_finding_clauses_show_the_units_they_apply_to(rules_page):
    actual = _actual_hits(rules_page)
    expected: dict[str, set[str]] = {}
    for unit_id, unit in EXPECTED_UNITS.items():
        for condition in unit["conditions"]:
            expected.setdefault(FINDING_CLAUSES.get(condition) or COMPUTED_CLAUSES[condition], set()).add(unit_id)
    for anchor, units in sorted(expected.items()):
        assert set(actual.get(anchor, {})) == units, anchor
    # and no note anywhere else than on the clauses scored or met
    scored = {rule["clause"] for rule in RULES.values()} | set(POLL_CLAUSES.values())
    assert set(actual) - scored - set(expected) == set()


def test_rules_page_has_a_table_of_contents(rules_page):
    toc = rules_page.find("nav", "toc")
    targets = [a.get("href") for a in toc.find_all("a")]
    assert len(targets) > 5 and all(t.startswith("#") for t in targets)


# =========================================================================== 5. escaping


EVIL_NOTE = "<script>alert(1)</script> & 王某"
EVIL_NAME = "A&B<i>"
EVIL_MARKDOWN = ('第一段<script>x</script>\n{: onclick="x" }\n\n[x](javascript:alert(1)) [y](JavaScript:alert(2)) '
                 '[z]( javascript:alert(3))\n\n![p](http://example.com/p.png)\n\n'
                 '段落{: onclick="x" }\n')


@pytest.fixture(scope="module")
def evil_site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("evil")
    content = copy_content(tmp)
    unit = content / "units" / "2017" / "jianguanchu.yaml"
    text = unit.read_text(encoding="utf-8")
    text = text.replace("name: 市建筑工程管理处", f"name: '{EVIL_NAME}'").replace("short: 建管处\n", "")
    text = text.replace("note: 网格平安微信群未按要求建立运行", f"note: '{EVIL_NOTE}'")
    assert EVIL_NAME in text and EVIL_NOTE in text
    unit.write_text(text, encoding="utf-8")
    bulletin = content / "rules" / "2017" / "bulletin.yaml"
    text = bulletin.read_text(encoding="utf-8")
    indented = "".join(("  " + line if line else "") + "\n" for line in EVIL_MARKDOWN.splitlines())
    text = text.replace("opening: |\n", "opening: |\n" + indented + "\n", 1)
    bulletin.write_text(text, encoding="utf-8")
    rules = content / "rules" / "2017" / "rules.md"
    rules.write_text(rules.read_text(encoding="utf-8") + "\n\n" + EVIL_MARKDOWN
                     + '\n## 附 {: onclick="x" }\n\n<img src=x onerror=alert(1)>\n', encoding="utf-8")
    out = tmp / "site"
    build(content, THEME, out)
    return out


def test_unit_name_and_note_are_shown_literally(evil_site):
    page_path = evil_site / "2017" / "units" / "jianguanchu.html"
    raw = page_path.read_text(encoding="utf-8")
    page = parse(raw)
    assert "<script>alert" not in raw
    assert page.find("h1").text == EVIL_NAME
    assert not page.find("h1").elements()
    assert not page.find_all("i")
    rows = [r for r in entry_rows(page) if r.rule == "网格化"]
    assert len(rows) == 1 and EVIL_NOTE in rows[0].note
    assert page.find("title").text.startswith(EVIL_NAME)
    for other in ("index.html", "rules.html"):
        raw = (evil_site / "2017" / other).read_text(encoding="utf-8")
        assert "<script>alert" not in raw and "<i>" not in raw
        assert EVIL_NAME in parse(raw).text, other


def test_evil_markdown_runs_nothing(evil_site):
    for path in html_pages(evil_site):
        raw = path.read_text(encoding="utf-8")
        assert "<script>x" not in raw and "<script>alert" not in raw, path
        page = parse(raw)
        for node in page.iter():
            for name, value in node.attrs.items():
                assert not name.startswith("on"), (path, node)
                if name in ("href", "src", "action", "xlink:href") and value:
                    compact = "".join(value.split()).lower()
                    assert not compact.startswith(("javascript:", "vbscript:", "data:")), (path, node)
            if node.tag == "script":
                assert node.get("src", "").endswith(("assets/sort.js", "assets/nav.js", "site.js")) \
                    and not node.text.strip(), (path, node)
            assert node.tag not in ("img", "iframe", "object", "embed"), (path, node)
    bulletin = parse(evil_site / "2017" / "index.html")
    assert "第一段<script>x</script>" in bulletin.find("div", "doc-text").text
    rules = parse(evil_site / "2017" / "rules.html")
    assert "<script>x</script>" in rules.find("article", "rules-text").text


# =========================================================================== 6. every page: language, banner, grades as text


def test_every_page_is_chinese_and_says_example_data(site):
    pages = html_pages(site)
    assert len(pages) == 2 + 2 + len(UNIT_FILES)  # index.html, units.html; the 通报, the rules; the units
    for path in pages:
        page = parse(path)
        html = page.find("html")
        assert html.get("lang") == "zh-CN", path
        # every page of the example year, and the years page, which names the example years
        assert "示例数据" in page.find("p", "example-banner").text, path
    assert "2017" in parse(site / "index.html").find("p", "example-banner").text


def test_grades_appear_as_text_and_tables_have_header_cells(site):
    for path in html_pages(site):
        page = parse(path)
        for node in page.iter():
            if "grade" in node.classes:  # the grade badge: its colour comes with its name
                assert squash(node.text) in GRADES, (path, node)
        for table in page.find_all("table"):
            assert table.find_all("th"), (path, table)
            thead = table.find_all("thead")
            assert thead and thead[0].find_all("th"), (path, "no header row")
    rows = ranking_rows(parse(site / "2017" / "index.html"))
    assert [r["等次"] for r in rows] == [u["grade"] for u in EXPECTED_2017["units"]]
    years = squash(parse(site / "index.html").find("table", "years").text)
    for grade in GRADES:
        assert grade in years


def test_inline_style_of_site_index_is_the_theme_css(site):
    page = parse(site / "index.html")
    style = page.find("style")
    css = (THEME / "static" / "style.css").read_text(encoding="utf-8")
    assert "&#34;" not in style.children[0]
    assert style.children[0].strip() == css.strip()


# =========================================================================== 7. exports


def test_results_csv_has_bom_and_one_row_per_unit(year):
    raw = (year / "results.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    header, body = rows[0], [r for r in rows[1:] if r]
    assert len(body) == len(EXPECTED_UNITS)
    ids = [r[header.index("编号")] for r in body]
    assert ids == [u["id"] for u in EXPECTED_2017["units"]]
    for row, unit in zip(body, EXPECTED_2017["units"]):
        assert Decimal(row[header.index("总分")]) == unit["total"]
        assert row[header.index("等次")] == unit["grade"]


def test_results_json_equals_hand_computed(year):
    built = json.loads((year / "results.json").read_text(encoding="utf-8"), parse_float=Decimal)
    assert built == EXPECTED_2017


# =========================================================================== 8. reproducible, one year at a time


def test_two_builds_are_byte_identical(site, tmp_path):
    other = tmp_path / "elsewhere" / "out"
    build(CONTENT, THEME, other)
    first, second = snapshot(site), snapshot(other)
    assert sorted(first) == sorted(second)
    assert [k for k in first if first[k] != second[k]] == []


def make_two_years(tmp_path: Path) -> Path:
    """The example content plus a 2018 made from it (year, period and dates moved on by one year)."""
    content = copy_content(tmp_path)
    rules18 = content / "rules" / "2018"
    shutil.copytree(content / "rules" / "2017", rules18)
    scheme = (rules18 / "scheme.yaml").read_text(encoding="utf-8")
    assert "year: 2017" in scheme and "2017-01-01" in scheme and "2017-12-31" in scheme
    scheme = scheme.replace("year: 2017", "year: 2018").replace("2017-01-01", "2018-01-01").replace("2017-12-31", "2018-12-31")
    (rules18 / "scheme.yaml").write_text(scheme, encoding="utf-8")
    bulletin = (rules18 / "bulletin.yaml").read_text(encoding="utf-8")
    bulletin = bulletin.replace("date: 2018-01-05", "date: 2019-01-05").replace("printed_on: 2018-01-05", "printed_on: 2019-01-05")
    (rules18 / "bulletin.yaml").write_text(bulletin, encoding="utf-8")
    units18 = content / "units" / "2018"
    units18.mkdir()
    for path in sorted((content / "units" / "2017").glob("*.yaml")):
        (units18 / path.name).write_text(path.read_text(encoding="utf-8").replace("2017-", "2018-"), encoding="utf-8")
    return content


def stats(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns, p.stat().st_ino)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_building_one_year_never_touches_another(tmp_path):
    content = make_two_years(tmp_path)
    out = tmp_path / "site"
    build(content, THEME, out)
    assert (out / "2017" / "index.html").is_file() and (out / "2018" / "index.html").is_file()
    before, folder_inode = stats(out / "2017"), (out / "2017").stat().st_ino
    # Even with 2017's content changed, a --year 2018 build leaves site/2017 alone.
    unit = content / "units" / "2017" / "zhubao.yaml"
    unit.write_text(unit.read_text(encoding="utf-8").replace("score: 91.6", "score: 80"), encoding="utf-8")
    time.sleep(0.05)
    assert cli_main(["build", "--content", str(content), "--theme", str(THEME), "--output", str(out),
                     "--year", "2018"]) == 0
    after = stats(out / "2017")
    assert sorted(after) == sorted(before)
    assert [k for k in before if before[k] != after[k]] == []
    assert (out / "2017").stat().st_ino == folder_inode
    # The two-year site links up: index newest first, 2018 units link to their 2017 pages.
    index_links = [a.get("href") for a in parse(out / "index.html").find_all("a")]
    year_links = [h for h in index_links if h.endswith("/index.html")]
    assert year_links == ["2018/index.html", "2017/index.html"]
    history = unit_page_links(out / "2018" / "units" / "zhubao.html")
    assert "../../2017/units/zhubao.html" in history
    problems = linkcheck.check_site(out)
    assert not problems, "\n".join(map(str, problems))


def unit_page_links(path: Path) -> list[str]:
    return [a.get("href") for a in parse(path).find_all("a")]


# =========================================================================== 9. self-contained year folder


def test_year_folder_works_on_its_own(year, tmp_path):
    moved = tmp_path / "zip" / "somewhere" / "2017"
    shutil.copytree(year, moved)
    problems = linkcheck.check_year_folder(moved, outside_may_be_missing=True)
    unexpected = [p for p in problems if p.kind != linkcheck.OUTSIDE_MISSING]
    assert not unexpected, "\n".join(map(str, unexpected))
    # The only missing links are the ones to the site's indexes (and other years, none in the example);
    # the pages hide them when the indexes are not there (tests/test_browser.py).
    missing = {p.link.url.split("#")[0] for p in problems}
    assert missing <= {"../index.html", "../../index.html", "../units.html", "../../units.html"}, missing
    # and its assets are its own
    for link in linkcheck.all_links(moved):
        if link.tag in ("link", "script"):
            target = (link.page.parent / link.url).resolve()
            assert target.is_relative_to(moved.resolve()) and target.is_file(), link
