"""Hostile or mistaken input (issue 11, points 8, 9, 11, 12, 13): every case ends in a clear Chinese
message or is written safely, never in a traceback, a wrong score or a live spreadsheet formula.

    csv            text cells that a spreadsheet would read as a formula stay text (also in LibreOffice)
    characters     control and bidi characters refused with their position; ids match in full
    scheme         the scheme checked as strictly as unit files; hypothesis mutations of scheme.yaml
    tracebacks     huge numbers, odd years, broken records, full-width folders, link loops
    new-year       every name written so that it reads back the same
"""

from __future__ import annotations

import copy
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import unicodedata
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import RULES_2017, parse_unit
from kaoping.content import _ANCHOR, load_year
from kaoping.exports import results_csv, results_json
from kaoping.scheme import read_scheme
from kaoping.scoring import score_year
from kaoping.units import read_unit
from kaoping.yamltree import read_yaml
from test_hardening import (CJK, PROBLEM_LINE, SCHEME, assert_problem, assert_told, build_args, copy_content,
                            run_cli, run_main)

ROOT = Path(__file__).resolve().parents[1]
SCHEME_TEXT = (RULES_2017 / "scheme.yaml").read_text("utf-8")
ANCHORS = set(_ANCHOR.findall((RULES_2017 / "rules.md").read_text("utf-8-sig")))
UNITS_2017 = sorted((ROOT / "content" / "units" / "2017").glob("*.yaml"))


def set_unit_field(path: Path, key: str, yaml_value: str) -> None:
    """Rewrite the top-level `key:` line of a unit file (added after `name:` when absent)."""
    text = path.read_text("utf-8")
    line = f"{key}: {yaml_value}"
    if re.search(rf"(?m)^{key}:", text):
        text = re.sub(rf"(?m)^{key}:.*$", lambda _: line, text, count=1)
    else:
        text = re.sub(r"(?m)^(name:.*)$", lambda m: m[1] + "\n" + line, text, count=1)
    path.write_text(text, "utf-8")


# ------------------------------------------------------------------------------------------ csv

HOSTILE_NAMES = ['=HYPERLINK("http://x.example","点我")', "+1+2", "-1+2单位", "@SUM(A1:A2)"]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """The example content with four units named like formulas, built."""
    where = tmp_path_factory.mktemp("csv")
    content, theme = copy_content(where)
    for path, name in zip(sorted((content / "units" / "2017").glob("*.yaml")), HOSTILE_NAMES):
        set_unit_field(path, "name", json.dumps(name, ensure_ascii=False))
        set_unit_field(path, "short", json.dumps(name[:4] + "所", ensure_ascii=False))
    output = where / "site"
    code, _, err = run_main(build_args(content, theme, output))
    assert code == 0, err
    return output / "2017" / "results.csv", json.loads((output / "2017" / "results.json").read_text("utf-8"))


def test_a_name_that_looks_like_a_formula_is_written_as_text_and_numbers_stay_numbers(hostile_site):
    path, results = hostile_site
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    by_id = {row[1]: row for row in body}
    number_columns = [i for i, title in enumerate(header) if title not in ("编号", "单位", "级别", "等次", "情形")]
    negatives = 0
    for unit in results["units"]:
        row = by_id[unit["id"]]
        name = row[header.index("单位")]
        if unit["name"][0] in "=+-@":
            assert name == "'" + unit["name"], row  # the apostrophe keeps it text; the name is intact after it
        else:
            assert name == unit["name"]
        for i in number_columns:  # every number is a bare number, −1.5 included
            assert re.fullmatch(r"-?\d+(\.\d+)?", row[i]), (header[i], row[i])
        assert Decimal(row[header.index("总分")]) == Decimal(str(unit["total"]))
        negatives += row[header.index("五 加减分")].startswith("-")
    assert {u["name"] for u in results["units"]} >= set(HOSTILE_NAMES)
    assert negatives, "the example has units with a negative 五: they must stay numbers"
    for row in rows:  # no text cell starts like a formula
        for i, cell in enumerate(row):
            if i not in number_columns or row is header:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


@pytest.mark.parametrize("text", ["=1+1", "+1", "-x", "@x", "\tx", "\rx"])
def test_every_formula_start_is_kept_as_text(text):
    from kaoping.exports import text_cell

    assert text_cell(text) == "'" + text
    assert text_cell("市" + text) == "市" + text  # only the start matters


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _calc_installed() -> bool:
    """soffice alone may be Writer only (libreoffice-writer-nogui); a csv needs Calc's library."""
    program = Path(os.path.realpath(_soffice())).parent if _soffice() else None
    return bool(program and list(program.glob("libsclo.so")))


def _calc_cells(csv_path: Path, where: Path) -> list[list[dict]]:
    """The csv as LibreOffice Calc reads it (converted to flat ODS): per row, per cell, its type,
    its value and its formula if any."""
    profile = where / "lo-profile"
    subprocess.run(
        [_soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
         "--infilter=CSV:44,34,76,1", "--convert-to", "fods", "--outdir", str(where), str(csv_path)],
        check=True, capture_output=True, timeout=180,
    )
    fods = where / (csv_path.stem + ".fods")
    ns = {"table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
          "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
          "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0"}
    q = lambda prefix, name: f"{{{ns[prefix]}}}{name}"  # noqa: E731
    rows = []
    for row in ET.parse(fods).getroot().iter(q("table", "table-row")):
        cells = []
        for cell in row.iter(q("table", "table-cell")):
            cells.append({"type": cell.get(q("office", "value-type")), "value": cell.get(q("office", "value")),
                          "formula": cell.get(q("table", "formula")),
                          "text": "".join("".join(p.itertext()) for p in cell.iter(q("text", "p")))})
        rows.append(cells)
    return rows


@pytest.mark.skipif(not _calc_installed(), reason="LibreOffice Calc is not installed (tests/run.sh installs "
                                                  "libreoffice-calc-nogui): the csv cannot be opened the way a clerk opens it")
def test_libreoffice_reads_the_formula_like_names_as_text_and_the_numbers_as_values(hostile_site, tmp_path):
    path, results = hostile_site
    cells = _calc_cells(path, tmp_path)
    header = [c["text"] for c in cells[0]]
    name_at, net_at = header.index("单位"), header.index("五 加减分")
    seen = {}
    for row in cells[1:]:
        if len(row) <= net_at or not row[name_at]["text"]:
            continue
        name = row[name_at]
        assert name["formula"] is None and name["type"] == "string", name
        seen[name["text"]] = row
        net = row[net_at]
        assert net["type"] == "float" and net["formula"] is None, net
    # LibreOffice shows the name after the apostrophe (or with it: either way text, never a formula)
    for hostile in HOSTILE_NAMES:
        assert hostile in seen or "'" + hostile in seen, sorted(seen)
    values = [Decimal(row[net_at]["value"]) for row in seen.values()]
    assert any(v < 0 for v in values), values  # −1.5 is a value, not text
    # the same file without the apostrophes: LibreOffice makes a formula of it, so the test can see one
    bare = tmp_path / "bare.csv"
    bare.write_bytes(path.read_bytes().replace(b"\"'=", b"\"=").replace(b",'=", b",="))
    bare_cells = _calc_cells(bare, tmp_path)
    assert any(c["formula"] for row in bare_cells for c in row), "control: an unescaped = must become a formula"


# ----------------------------------------------------------------------------------- characters

def _unit(body: str) -> bytes:
    return ("name: 测试单位\nlevel: 副处级以上\npoll: {score: 96}\n" + textwrap.dedent(body)).encode("utf-8")


@pytest.mark.parametrize("raw, line, words", [
    pytest.param(b'name: "x\\e[31mRED\\a"\nlevel: \xe5\x89\xaf\xe5\xa4\x84\xe7\xba\xa7\xe4\xbb\xa5\xe4\xb8\x8a\n'
                 b"poll: {score: 96}\n", 1, ("name", "第 2 个字符", "控制字符 U+001B"), id="escape in name"),
    pytest.param(_unit('short: "\\u202e\u6240\u4e3b"\n'), 4, ("short", "第 1 个字符", "文字方向控制字符 U+202E"),
                 id="bidi override in short"),
    pytest.param(_unit('deductions:\n  - rule: 评查缺次\n    note: "第三季度\\u2066未评查"\n'), 6,
                 ("note", "第 5 个字符", "U+2066"), id="bidi isolate in note"),
    pytest.param(_unit('deductions:\n  - rule: 评查缺次\n    note: "响铃\\x07"\n'), 6,
                 ("第 3 个字符", "控制字符 U+0007"), id="bell in note"),
    pytest.param(_unit('deductions:\n  - rule: 评查缺次\n    note: "C1\\x9b31m"\n'), 6,
                 ("第 3 个字符", "控制字符 U+009B"), id="C1 CSI in note"),
    pytest.param(_unit('deductions:\n  - rule: 评查缺次\n    note: "分\\L行"\n'), 6,
                 ("第 2 个字符", "行分隔符 U+2028"), id="line separator"),
    pytest.param(_unit('"na\\u202eme": x\n'), 4, ("这个键", "U+202E"), id="bidi in a key"),
    pytest.param(_unit("deductions:\n  - rule: 评查缺次\n    note: 第三季度\u202e未评查\n"), 6,
                 ("第 15 个字符", "文字方向控制字符 U+202E"), id="raw bidi in the file"),
    pytest.param(_unit("# \u200f\u6ce8\u91ca\n"), 4, ("第 3 个字符", "U+200F"), id="raw RLM in a comment"),
    pytest.param(_unit("deductions:\n  - rule: 评查缺次\n    note: 第三\x1b[31m季度\n"), 6,
                 ("第 13 个字符", "控制字符 U+001B"), id="raw escape in the file"),
    pytest.param(_unit("deductions:\n  - rule: 评查缺次\n    note: 第三\x85季度\n"), 6,
                 ("第 13 个字符", "控制字符 U+0085"), id="raw NEL"),
    pytest.param(_unit("deductions:\n  - rule: 评查缺次\n    note: 第三\x0c季度\n"), 6,
                 ("第 13 个字符", "控制字符 U+000C"), id="raw form feed"),
])
def test_a_control_or_bidi_character_is_refused_with_its_position(raw, line, words):
    unit, problems = parse_unit(raw, SCHEME)
    assert unit is None
    shown = "\n".join(map(str, problems))
    assert any(p.line == line and all(w in p.message for w in words) for p in problems), shown
    for problem in problems:  # no message prints the character itself
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u2028\u2029]",
                             str(problem)), repr(str(problem))


@pytest.mark.parametrize("value", ['"\\u200b\\u200b"', '"\\u3164"', '"\\u200d\\ufeff \\u2060"', '"\\u2800"'])
def test_a_name_of_only_invisible_characters_is_refused(value):
    unit, problems = parse_unit(_unit("").replace("name: 测试单位".encode(), f"name: {value}".encode()), SCHEME)
    assert unit is None
    assert any(p.line == 1 and "name 只有看不见的字符" in p.message for p in problems), problems


def test_invisible_characters_inside_a_visible_name_are_not_refused():
    unit, problems = parse_unit(_unit("").replace("name: 测试单位".encode(), b'name: "\\u200b\xe6\xb5\x8b"'), SCHEME)
    assert problems == [] and unit.name == "\u200b测"


def test_no_character_taken_as_surely_shown_is_blank_looking():
    """invisible() settles a text whose first character is printable ASCII or a CJK ideograph at once:
    none of those may be one it would otherwise call blank (a filler, a format or space character)."""
    from kaoping.characters import _BLANK_LOOKING, _SURELY_SHOWN, invisible

    quick = [chr(code) for code in range(0x110000) if _SURELY_SHOWN.match(chr(code))]
    assert len(quick) == 94 + 0x9fff - 0x4e00 + 1
    for char in quick:
        assert not _BLANK_LOOKING.match(char), hex(ord(char))
        assert unicodedata.category(char) not in ("Zs", "Zl", "Zp", "Cc", "Cf", "Mn"), hex(ord(char))
    assert all(invisible(text) for text in ("\u3164", "\u2800\u200b", " \u3000", "\ufe0f"))


@pytest.mark.parametrize("key", ["name", "short"])
def test_a_name_with_a_line_break_is_refused(key):
    unit, problems = parse_unit(_unit(f'{key}: "上半\\n下半"\n') if key == "short" else
                                _unit("").replace("name: 测试单位".encode(), 'name: "上半\\n下半"'.encode()), SCHEME)
    assert unit is None and any(f"{key} 只能写一行" in p.message for p in problems), problems


def test_tabs_and_text_blocks_stay_allowed_in_notes():
    unit, problems = parse_unit(_unit('deductions:\n  - rule: 评查缺次\n    note: |\n      第一行\n      第二行\t完\n'),
                                SCHEME)
    assert problems == [] and unit.deductions[0].note == "第一行\n第二行\t完"


@pytest.mark.parametrize("where, old, new, words", [
    ("rules/2017/bulletin.yaml", "title: 关于2017年度局属各单位社会治安综合治理考评结果的通报",
     'title: "\\e[2J关于2017年度局属各单位社会治安综合治理考评结果的通报"', ("title", "U+001B")),
    ("rules/2017/scheme.yaml", "title: 履职情况", 'title: "履职\\u202e情况"', ("title", "U+202E")),
    ("rules/2017/rules.md", "考评", "考\u202e评", ("U+202E",)),
])
def test_every_content_file_refuses_control_characters(tmp_path, where, old, new, words):
    content, theme = copy_content(tmp_path)
    path = content / where
    text = path.read_text("utf-8-sig")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")
    line = text[:text.index(old)].count("\n") + 1
    code, _, err = run_main(build_args(content, theme, tmp_path / "site"))
    assert code == 1, err
    assert_problem(err, path, *words, line=line)
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("name", ["zhubao\n.yaml", "zhubao\x1b[31m.yaml", "zhubao\u202e.yaml"])
def test_a_unit_id_must_match_in_full_and_its_name_is_printed_harmlessly(tmp_path, name):
    content, theme = copy_content(tmp_path)
    units = content / "units" / "2017"
    (units / name).write_bytes((units / "baiyisuo.yaml").read_bytes().replace("市白蚁防治所".encode(), "另一个所".encode()))
    code, _, err = run_main(build_args(content, theme, tmp_path / "site"))
    assert code == 1, err
    assert "不能作单位编号" in err
    assert not re.search("[\x00-\x09\x0b-\x1f\u202e]", err), repr(err)  # the name is shown as <U+000A>…
    assert "<U+" in err
    assert all(PROBLEM_LINE.match(line) for line in err.splitlines()[:-1]), err


# --------------------------------------------------------------------------------------- scheme

def read_scheme_text(text: str):
    tree, problems = read_yaml(text.encode("utf-8"), "scheme.yaml")
    if tree is None:
        return None, problems
    scheme, more = read_scheme(tree, "scheme.yaml", ANCHORS)
    return scheme, problems + more


def _line_of(text: str, needle: str) -> int:
    return text[:text.index(needle)].count("\n") + 1


SCHEME_MISTAKES = [  # (id, old, new, the line holding this text after the change, words of the message)
    ("bands out of order", "- {band: 合格, min: 90, deduct: 0}\n          - {band: 基本合格, min: 85, deduct: 5}",
     "- {band: 基本合格, min: 85, deduct: 5}\n          - {band: 合格, min: 90, deduct: 0}",
     "{band: 合格, min: 90", ("从高到低", "min")),
    ("bands overlapping", "{band: 合格, min: 90", "{band: 合格, min: 95", "{band: 合格, min: 95", ("从高到低",)),
    ("duplicate band name", "{band: 合格, min: 90", "{band: 优秀, min: 90", "{band: 优秀, min: 90", ("重复",)),
    ("band min over 100", "{band: 优秀, min: 95", "{band: 优秀, min: 195", "{band: 优秀, min: 195", ("不能大于100",)),
    ("band min below 0", "{band: 基本合格, min: 85", "{band: 基本合格, min: -85", "min: -85", ("不能小于0",)),
    ("band after the open band", "- {band: 不合格, deduct: 10}", "- {band: 不合格, deduct: 10}\n          - {band: 差, deduct: 20}",
     "{band: 差", ("只有最后一个",)),
    ("last band with a min", "- {band: 不合格, deduct: 10}", "- {band: 不合格, min: 10, deduct: 10}", "bands:",
     ("最后一个民调分档不写 min",)),
    ("lower band deducts less", "{band: 基本合格, min: 85, deduct: 5}", "{band: 基本合格, min: 85, deduct: 12}",
     "{band: 不合格, deduct: 10}", ("扣得更少",)),
    ("deduct over the base", "{band: 不合格, deduct: 10}", "{band: 不合格, deduct: 25}", "- key: 三", ("超过了第三部分的基分",)),
    ("per person over the base", "不合格: 5", "不合格: 21", "- key: 三", ("超过了第三部分的基分",)),
    ("grade min 195", "{grade: 优秀, min: 95}", "{grade: 优秀, min: 195}", "{grade: 优秀, min: 195}", ("不能大于100",)),
    ("duplicate grade", "{grade: 合格, min: 85}", "{grade: 优秀, min: 85}", "{grade: 优秀, min: 85}", ("重复",)),
    ("bottom count 3e20", "    count: 3\n", "    count: 3e20\n", "count: 3e20", ("应是整数",)),
    ("bottom count huge", "    count: 3\n", "    count: 300000000000000000000\n", "count: 3000", ("数字太大",)),
    ("bottom count 5000 digits", "    count: 3\n", "    count: " + "9" * 5000 + "\n", "count: 999", ("数字太大", "5000")),
    ("bottom count absurd", "    count: 3\n", "    count: 1000\n", "count: 1000", ("不能大于999",)),
    ("bottom count not whole", "    count: 3\n", "    count: 2.5\n", "count: 2.5", ("应是整数",)),
    ("bottom count missing", "    count: 3\n", "", "  bottom:", ("缺少 count",)),
    ("max_count absurd", "max_count: 3}", "max_count: 1000000}", "max_count: 1000000", ("不能大于999",)),
    ("unknown section", "section: 三", "section: 九", "section: 九", ("section 应写「三」",)),
    ("year 99999999", "year: 2017", "year: 99999999", "year: 99999999", ("不能大于9999",)),
    ("period reversed", "end: 2017-12-31", "end: 2016-12-31", "period:", ("早于",)),
    ("duplicate item key", '{key: "3", title: 网络舆情应对管理', '{key: "4", title: 网络舆情应对管理',
     '{key: "4", title: 邪教', ("编号「二.4」重复",)),
    ("poll in an item", "      - {key: \"7\", title: 消防安全, base: 4, clause: c2-7, rules: [{name: 消防, clause: c2-7}]}",
     "      - {key: \"7\", title: 消防安全, base: 4, clause: c2-7, rules: [{name: 消防, clause: c2-7}], poll: {}}",
     "{key: \"7\"", ("poll 只能写在部分",)),
    ("duplicate finding", "{name: 窝案, clause: c6-1-5", "{name: 一票否决, clause: c6-1-5", "{name: 一票否决, clause: c6-1-5",
     ("重复定义",)),
    ("finding named like a rule", "{name: 窝案, clause: c6-1-5", "{name: 评查缺次, clause: c6-1-5",
     "{name: 评查缺次, clause: c6-1-5", ("与一条规则同名",)),
    ("count limit on a discretionary rule", "rules: [力量缺失, 力量不完善]", "rules: [力量缺失, 履职不力]",
     "rules: [力量缺失, 履职不力]", ("酌情计分",)),
    ("count limit across kinds", "rules: [力量缺失, 力量不完善]", "rules: [力量缺失, 未报计划总结]",
     "rules: [力量缺失, 未报计划总结]", ("同一类",)),
    ("bonus label clashes with a section", "  key: 五.1", "  key: 一.1", "  key: 一.1", ("同名",)),
    ("invisible title", "title: 履职情况", 'title: "\\u200b"', 'title: "\\u200b"', ("看不见",)),
]


@pytest.mark.parametrize("old, new, where, words", [pytest.param(*case[1:], id=case[0]) for case in SCHEME_MISTAKES])
def test_a_scheme_mistake_is_refused_on_its_line(old, new, where, words):
    assert SCHEME_TEXT.count(old) >= 1, old
    text = SCHEME_TEXT.replace(old, new, 1)
    scheme, problems = read_scheme_text(text)
    shown = "\n".join(map(str, problems))
    assert scheme is None and problems, f"accepted: {new!r}"
    line = _line_of(text, where)
    assert any(p.line == line and all(w in p.message for w in words) for p in problems), f"line {line}:\n{shown}"
    assert all(CJK.search(p.message) and p.path == "scheme.yaml" for p in problems), shown


def test_the_real_scheme_is_still_accepted():
    scheme, problems = read_scheme_text(SCHEME_TEXT)
    assert problems == [] and scheme is not None


# -- hypothesis: random mutations of scheme.yaml (as a tree, dumped back to YAML)

BASE_TREE = yaml.load(SCHEME_TEXT, Loader=getattr(yaml, "CBaseLoader", yaml.BaseLoader))  # every scalar as text
VALUES = ["", "0", "-1", "0.5", "1", "2", "3", "5", "20", "85", "95", "100", "101", "195", "3e20", "9" * 5000,
          "300000000000000000000", "1.234", "0.001", "-0", "+5", ".5", "99999999", "1e3", "abc", "１２", "null", "~",
          "\x1b[31m", "x\u202ey", "\u200b", "2017-02-30", "2016-12-31", "2018-01-01", "九", "三", "一", "五", "五.1",
          "优秀", "合格", "不合格", "基本合格", "评查缺次", "履职不力", "挂牌督办", "后三位", "c1", "c3-2-1", "无此锚点"]
KEYS = ["key", "title", "base", "cap", "clause", "rules", "items", "poll", "name", "points", "per", "max_count",
        "min", "deduct", "band", "bands", "grade", "at_most", "listed_as", "count", "section", "start", "end",
        "year", "per_person", "levels", "why", "副处级以上", "直属科级"]


def _nodes(tree, path=()):
    yield path, tree
    if isinstance(tree, dict):
        for key, value in tree.items():
            yield from _nodes(value, path + (key,))
    elif isinstance(tree, list):
        for index, value in enumerate(tree):
            yield from _nodes(value, path + (index,))


def _at(tree, path):
    for step in path:
        tree = tree[step]
    return tree


value_strategy = st.one_of(st.sampled_from(VALUES), st.builds(list), st.builds(dict),  # fresh: mutated later
                           st.text(st.characters(codec="utf-8"), max_size=6))


@st.composite
def scheme_mutations(draw):
    """The real scheme with one to four random changes: a value replaced, a key removed or added,
    a list item copied, swapped or removed, a list or mapping turned into a value."""
    tree = copy.deepcopy(BASE_TREE)
    done = []
    for _ in range(draw(st.integers(1, 4))):
        nodes = list(_nodes(tree))
        path, node = draw(st.sampled_from(nodes))
        how = draw(st.sampled_from(["value", "drop key", "add key", "copy item", "swap items", "drop item"]))
        if how == "value" and path:
            _at(tree, path[:-1])[path[-1]] = draw(value_strategy)
        elif how == "drop key" and isinstance(node, dict) and node:
            del node[draw(st.sampled_from(sorted(node)))]
        elif how == "add key" and isinstance(node, dict):
            key = draw(st.sampled_from(KEYS))
            if draw(st.booleans()):
                node[key] = draw(value_strategy)
            else:  # a piece of the scheme itself, where it does not belong
                node[key] = copy.deepcopy(nodes[draw(st.integers(0, len(nodes) - 1))][1])
        elif how == "copy item" and isinstance(node, list) and node:
            node.insert(draw(st.integers(0, len(node))), copy.deepcopy(draw(st.sampled_from(node))))
        elif how == "swap items" and isinstance(node, list) and len(node) > 1:
            i, j = draw(st.permutations(range(len(node))))[:2]
            node[i], node[j] = node[j], node[i]
        elif how == "drop item" and isinstance(node, list) and node:
            del node[draw(st.integers(0, len(node) - 1))]
        else:
            continue
        done.append(f"{how} at {'/'.join(map(str, path))}")
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(tree, Dumper=dumper, allow_unicode=True, sort_keys=False), done


UNIT_FILES = [(path.stem, path.read_bytes()) for path in UNITS_2017]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated=scheme_mutations())
def test_fuzz_a_mutated_scheme_gives_problems_or_a_scheme_that_scores(mutated):
    text, done = mutated
    scheme, problems = read_scheme_text(text)
    shown = f"{done}\n" + "\n".join(map(str, problems))
    lines = text.count("\n") + 1
    if scheme is None:
        event("refused")
        assert problems, shown
        for problem in problems:
            assert PROBLEM_LINE.match(str(problem).splitlines()[0]), shown
            assert 1 <= problem.line <= lines and CJK.search(problem.message), shown
        return
    event("accepted")
    assert problems == [], shown
    # what the checks promise of an accepted scheme
    names = scheme.grade_names
    assert len(set(names)) == len(names)
    minima = [m for _, m in scheme.grades]
    assert minima[-1] is None and all(0 <= m <= 100 for m in minima[:-1])
    assert all(a > b for a, b in zip(minima[:-2], minima[1:-1]))
    for method in scheme.poll.values():
        bands = [b.min for b in method.bands]
        assert not bands or (bands[-1] is None and all(a > b for a, b in zip(bands[:-2], bands[1:-1])))
        assert all(0 <= b <= 100 for b in bands[:-1])
        assert len({b.band for b in method.bands}) == len(method.bands)
    assert scheme.below_poll_mean.section == scheme.poll_section
    assert 1 <= scheme.bottom.count <= 999
    # and the example year scores with it without a traceback, within its bases
    units = []
    for unit_id, raw in UNIT_FILES:
        tree, _ = read_yaml(raw, unit_id)
        unit, _ = read_unit(tree, unit_id, unit_id, scheme)
        if unit is not None:
            units.append(unit)
    year = score_year(scheme, units)
    for result in year.units:
        assert result.grade in names
        for section in result.score.sections:
            assert 0 <= section.score <= section.node.base
    results_csv(year)
    results_json(year)


# ----------------------------------------------------------------------------------- tracebacks

@pytest.fixture
def content_copy(tmp_path):
    content, theme = copy_content(tmp_path)
    return content, theme, tmp_path / "site"


def _replace(path: Path, old: str, new: str) -> int:
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")
    return _line_of(text, old)


def test_a_5000_digit_count_is_refused_without_a_traceback(content_copy):
    content, _, _ = content_copy
    path = content / "units" / "2017" / "fangchanchu.yaml"
    line = _replace(path, "count: 2", "count: " + "9" * 5000)
    run = run_cli(["check", "--content", str(content)])
    assert_told(run)
    assert_problem(run.err, path, "count 的数字太大", "共5000位", line=line)


def test_a_5000_digit_poll_score_is_refused(content_copy):
    content, _, _ = content_copy
    path = content / "units" / "2017" / "fangchanchu.yaml"
    text = path.read_text("utf-8")
    score = re.search(r"score: (\S+)", text)[0]
    line = _replace(path, score, "score: " + "1" * 5000 + ".5")
    run = run_cli(["check", "--content", str(content)])
    assert_told(run)
    assert_problem(run.err, path, "score 的数字太大", line=line)


@pytest.mark.parametrize("old, new, words", [
    ("year: 2017", "year: 99999999", ("year 不能大于9999",)),
    ("section: 三", "section: 九", ("section 应写「三」", "九")),
    ("{start: 2017-01-01", "{start: 99999-01-01", ("start 不是有效的日期",)),
])
def test_a_scheme_value_out_of_range_is_refused_without_a_traceback(content_copy, old, new, words):
    content, _, _ = content_copy
    path = content / "rules" / "2017" / "scheme.yaml"
    line = _replace(path, old, new)
    run = run_cli(["check", "--content", str(content)])
    assert_told(run)
    assert_problem(run.err, path, *words, line=line)


@pytest.mark.parametrize("record, words", [
    ("[]", "内容应是一个 JSON 对象"),
    ('{"year": 2017}', "缺少 published、inputs、outputs"),
    ('{"year": 2017, "published": "去年", "inputs": {}, "outputs": {}}', "published 应是日期"),
    ('{"year": 2017, "published": "2018-01-05", "inputs": [], "outputs": {}}', "inputs 应是"),
    ('{"year": "2017", "published": "2018-01-05", "inputs": {}, "outputs": {}}', "year 应是四位数的年份"),
    ('{"year": 2017, "published": "2018-01-05", "inputs": {}, "outputs": {}, "corrections": [{"date": 5}]}',
     "corrections 应是"),
    ('{"year": 2017, "published": "2018-01-05", "inputs": {}, "outputs": {}, "history": {"a": [[2016]]}}',
     "history 应是"),
    ("{not json", "不是有效的 JSON"),
])
def test_a_published_record_of_the_wrong_shape_is_refused_by_build_and_verify(content_copy, record, words):
    content, theme, output = content_copy
    published = content / "rules" / "2017" / "published.json"
    published.write_text(record, "utf-8")
    run = run_cli(build_args(content, theme, output))
    assert_told(run)
    assert_problem(run.err, published, "发布记录已损坏", words, line=1)
    assert not output.exists()
    published.unlink()
    assert run_main(build_args(content, theme, output))[0] == 0
    manifest = output / "2017" / "manifest.json"
    manifest.write_text(record, "utf-8")
    run = run_cli(["verify", "--output", str(output), "2017"])
    assert_told(run)
    assert f"{manifest}: 清单文件已损坏" in run.err and words in run.err, run.err


@pytest.mark.parametrize("folder", ["rules", "units"])
def test_a_full_width_year_folder_is_named_in_a_clear_message(content_copy, folder):
    content, theme, output = content_copy
    if folder == "rules":
        shutil.copytree(content / "rules" / "2017", content / "rules" / "２０１７")
    else:
        (content / "units" / "2017").rename(content / "units" / "２０１７")
    for args in (["check", "--content", str(content)], build_args(content, theme, output)):
        run = run_cli(args)
        assert_told(run)
        assert_problem(run.err, content / folder / "２０１７", "全角数字", "改名为「2017」")
    assert not output.exists()


def test_two_links_to_a_parent_in_the_units_folder_do_not_make_the_preview_walk_forever(content_copy):
    content, theme, output = content_copy
    os.symlink("..", content / "units" / "a")
    os.symlink("..", content / "units" / "b")
    os.symlink("../..", content / "units" / "2017" / "c")
    code = ("import sys, types; from pathlib import Path; from kaoping.serve import Preview\n"
            "where = types.SimpleNamespace(content=Path(sys.argv[1]), theme=Path(sys.argv[2]), output=Path(sys.argv[3]))\n"
            "print(len(Preview.snapshot(where)))  # what the preview watches, walked as it starts")
    done = subprocess.run([sys.executable, "-c", code, str(content), str(theme), str(output)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    files = sum(1 for p in content.rglob("*") if p.is_file()) + sum(1 for p in theme.rglob("*") if p.is_file())
    assert 0 < int(done.stdout) <= files  # every file once, whatever links lead to it
    run = run_cli(build_args(content, theme, output))
    assert run.code == 0, run.err


# ------------------------------------------------------------------------------------- new-year

TRICKY_NAMES = ["市建设局 #2 分局", "办公室: 综治", "[一]科", "*号单位", "%x所", "null", "~", "  前导空格", "'单引号'",
                '"双引号"', "- 列表样", "{花括号}", "yes", "#井号开头", "@单位", "单位 # 注释样", "a\\b反斜杠", "!标签",
                "&锚点", "|竖线", ">大于", "`反引号", "? 问号", "true", "123", "0x1F", "2017-01-01", "单位：", "末尾空格  "]


def test_new_year_writes_every_name_so_that_it_reads_back_the_same(content_copy):
    content, _, _ = content_copy
    units = sorted((content / "units" / "2017").glob("*.yaml"))
    names = iter(TRICKY_NAMES)
    for path in units:
        name = next(names, None)
        if name is None:
            break
        set_unit_field(path, "name", json.dumps(name, ensure_ascii=False))
        set_unit_field(path, "short", json.dumps(name.strip()[:3] + "短", ensure_ascii=False))
    before = load_year(content, 2017)
    assert {u.name for u in before.units} >= {n.strip() for n in TRICKY_NAMES[:len(units)]}
    code, _, err = run_main(["new-year", "--content", str(content), "2018"])
    assert code == 0, err
    after = load_year(content, 2018)
    assert {u.id: (u.name, u.short, u.level) for u in after.units} == {
        u.id: (u.name, u.short, u.level) for u in before.units}
    for unit in before.units:  # every generated file, read on its own
        raw = (content / "units" / "2018" / f"{unit.id}.yaml").read_bytes()
        read, problems = parse_unit(raw, after.scheme, unit.id, f"units/2018/{unit.id}.yaml")
        assert problems == [] and (read.name, read.short) == (unit.name, unit.short), raw.decode()


def test_verify_names_a_published_record_of_the_wrong_shape(content_copy):
    content, theme, output = content_copy
    assert run_main(build_args(content, theme, output))[0] == 0
    (output / "2017" / "manifest.json").write_text('{"year": 2017, "published": "2018-01-05", "inputs": {}, '
                                                   '"outputs": {}}', "utf-8")
    published = content / "rules" / "2017" / "published.json"
    published.write_text("[]", "utf-8")
    run = run_cli(["verify", "--output", str(output), "--content", str(content), "2017"])
    assert_told(run)
    assert f"{published}:1: 发布记录已损坏：内容应是一个 JSON 对象" in run.err, run.err
