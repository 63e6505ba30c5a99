"""Every mistake a clerk can make in a unit file comes back as `path:line: message` in Chinese
(SPEC §2, §7), with the line of the mistake; then the command line (`check`, `build`).

The tests assert on the key words of each message (the rule suggested, the limit, 第N行…),
not on whole sentences.
"""

from __future__ import annotations

import re
import shutil
from decimal import Decimal

import pytest

from conftest import THEME, UNIT_PATH, as_copy, dedent, good_unit, load_scheme_2017_cached, make_content, parse_unit, snapshot
from kaoping.cli import main
from kaoping.content import load_year
from kaoping.problems import ContentError

SCHEME = load_scheme_2017_cached()
CJK = re.compile(r"[\u4e00-\u9fff]")

# Lines 1–3; a list key on line 4; the first entry starts on line 5.
HEAD = "name: 测试单位\nlevel: 副处级以上\npoll: {score: 93}\n"
HEAD_KJ = "name: 测试单位\nlevel: 直属科级\npoll: {基本合格: 0, 不合格: 0}\n"


def problems_of(text: str | bytes) -> list:
    raw = text if isinstance(text, bytes) else text.encode("utf-8")
    unit, problems = parse_unit(raw, SCHEME)
    assert (unit is None) == bool(problems)
    for problem in problems:
        assert problem.path == UNIT_PATH
        assert str(problem) == f"{UNIT_PATH}:{problem.line}: {problem.message}"
        assert CJK.search(problem.message), f"not Chinese: {problem.message}"
    return problems


def expect(text: str | bytes, line: int | tuple[int, ...], *words: str):
    """The file has a problem on `line` (or one of several acceptable lines) naming every word."""
    problems = problems_of(text)
    lines = (line,) if isinstance(line, int) else line
    hits = [p for p in problems if p.line in lines and all(w in p.message for w in words)]
    assert hits, f"no problem on line {lines} with {words}; got:\n" + "\n".join(map(str, problems))
    return hits[0]


def accepted(text: str | bytes):
    problems = problems_of(text)
    assert not problems, "\n".join(map(str, problems))


def listing(key: str, body: str, head: str = HEAD) -> str:
    """head + `key:` on line 4 + body indented by two spaces (its first line is line 5)."""
    indented = "".join("  " + line + "\n" for line in dedent(body).splitlines())
    return head + f"{key}:\n" + indented


def ded(body: str, head: str = HEAD) -> str:
    return listing("deductions", body, head)


# -- a valid file is valid -------------------------------------------------------------------


def test_the_spec_example_is_valid():
    good_unit("""
        name: 市建设工程质量安全监督站      # required
        short: 质安站
        level: 副处级以上
        poll:
          score: 93.5
        deductions:
          - rule: 评查缺次
            count: 1
            note: 第三季度未开展综治工作评查
          - rule: 干部职工一般案件
            incident: 2017-03王某斗殴
            date: 2017-03-12
            note: 职工王某酒后斗殴被行政拘留
          - rule: 吸毒
            points: 1
            incident: 2017-03王某斗殴
            note: 涉毒人员帮教管控不到位
        bonuses:
          - rule: 经验推介省级
            group: 网格化管理经验
            note: 2017年6月省级主流媒体报道
        penalties:
          - rule: 未报计划总结
            count: 1
            note: 未报送年度综治工作计划
        findings:
          - rule: 挂牌督办
            note: 2017年5月被市综治委挂牌督办，整改已验收合格
    """)


# -- rule names and keys ---------------------------------------------------------------------


@pytest.mark.parametrize("key, rule, words", [
    ("deductions", "评查缺失", ["评查缺失", "评查缺次"]),
    ("deductions", "力量不完整", ["力量不完整", "力量不完善"]),
    ("deductions", "干部职工一般案", ["干部职工一般案件"]),
    ("bonuses", "经验推介省", ["经验推介省级"]),
    ("penalties", "拒不执行", ["拒不执行判决"]),
    ("findings", "挂牌督办整改不合", ["挂牌督办整改不合格"]),
])
def test_unknown_rule_suggests_the_closest_name(key, rule, words):
    expect(listing(key, f"- rule: {rule}\n  note: 说明"), 5, *words)


def test_unknown_rule_on_the_second_entry_gets_its_own_line():
    text = ded("- rule: 评查缺次\n  note: 说明\n- rule: 消防\n  points: 1\n  note: 说明\n- rule: 消访\n  points: 1\n  note: 说明")
    expect(text, 10, "消访", "消防")


@pytest.mark.parametrize("key, rule, words", [
    ("bonuses", "评查缺次", ["deductions"]),
    ("deductions", "综治宣传", ["bonuses"]),
    ("deductions", "未报计划总结", ["penalties"]),
    ("deductions", "挂牌督办", ["findings"]),
    ("findings", "后三位", ["自动"]),
    ("findings", "民调低于平均", ["自动"]),
])
def test_a_rule_in_the_wrong_list_says_where_it_belongs(key, rule, words):
    expect(listing(key, f"- rule: {rule}\n  note: 说明"), 5, rule, *words)


@pytest.mark.parametrize("text, line, words", [
    (HEAD + "remark: 备注\n", 4, ["remark"]),
    (HEAD + "nmae: 测试\n", 4, ["nmae", "name"]),
    (ded("- rule: 评查缺次\n  notes: 说明"), 6, ["notes", "note"]),
    (ded("- rule: 评查缺次\n  cuont: 2\n  note: 说明"), 6, ["cuont", "count"]),
    (ded("- rule: 评查缺次\n  group: 甲\n  note: 说明"), 6, ["group"]),
    (listing("bonuses", "- rule: 经验推介省级\n  incident: 甲\n  note: 说明"), 6, ["incident"]),
    (listing("penalties", "- rule: 未报计划总结\n  incident: 甲\n  note: 说明"), 6, ["incident"]),
    (listing("findings", "- rule: 挂牌督办\n  count: 1\n  note: 说明"), 6, ["count"]),
], ids=["top", "top typo", "entry typo", "count typo", "group on deduction", "incident on bonus",
        "incident on penalty", "count on finding"])
def test_unknown_key(text, line, words):
    expect(text, line, *words)


# -- required fields -------------------------------------------------------------------------


@pytest.mark.parametrize("text, line, key", [
    ("level: 副处级以上\npoll: {score: 93}\n", 1, "name"),
    ("name: 测试单位\npoll: {score: 93}\n", 1, "level"),
    ("name: 测试单位\nlevel: 副处级以上\n", 1, "poll"),
    (ded("- rule: 评查缺次\n  count: 1"), 5, "note"),
    (ded("- count: 1\n  note: 说明"), 5, "rule"),
    (listing("findings", "- rule: 挂牌督办"), 5, "note"),
    (ded("- rule: 消防\n  note: 说明"), 5, "points"),  # a discretionary rule without points
])
def test_missing_field(text, line, key):
    expect(text, line, key)


@pytest.mark.parametrize("text, line, key", [
    ("name:\nlevel: 副处级以上\npoll: {score: 93}\n", 1, "name"),
    ('name: ""\nlevel: 副处级以上\npoll: {score: 93}\n', 1, "name"),
    (ded("- rule: 评查缺次\n  note:"), 6, "note"),
    (ded("- rule: 评查缺次\n  note: ~"), 6, "note"),
    (ded("- rule:\n  note: 说明"), 5, "rule"),
])
def test_empty_field(text, line, key):
    expect(text, line, key)


@pytest.mark.parametrize("text, line, key", [
    ("name: 测试单位\nshort:\nlevel: 副处级以上\npoll: {score: 93}\n", 2, "short"),
    (ded("- rule: 评查缺次\n  count:\n  note: 说明"), 6, "count"),
    (ded("- rule: 评查缺次\n  date:\n  note: 说明"), 6, "date"),
    (ded("- rule: 评查缺次\n  incident:\n  note: 说明"), 6, "incident"),
    (ded("- rule: 评查缺次\n  incident: ''\n  note: 说明"), 6, "incident"),
    (listing("bonuses", "- rule: 经验推介省级\n  group:\n  note: 说明"), 6, "group"),
])
def test_an_optional_field_left_empty_says_what_to_write_or_to_delete_the_line(text, line, key):
    # a clerk who wrote the key and nothing after it is shown an example, and that the line may go
    expect(text, line, key, f"如「{key}: ", "删去这一行")


def test_every_problem_of_a_file_is_reported_at_once():
    text = ded("""\
        - rule: 评查缺失
          note: 说明
        - rule: 消防
          count: 1
          note: 说明
        - rule: 评查缺次
          count: 9
          note: 说明
        - rule: 网络舆情
          points: 0.001
        """)
    problems = problems_of(text)
    lines = {p.line for p in problems}
    # 5 unknown rule; 7/8 count on a discretionary rule (and no points); 10/11 count over 4;
    # 13 no note; 14 three decimals
    assert len(problems) >= 5
    assert {5, 8, 13, 14} <= lines and lines & {10, 11}


# -- wrong types ------------------------------------------------------------------------------


@pytest.mark.parametrize("text, line, words", [
    (ded("- rule: 评查缺次\n  count: abc\n  note: 说明"), 6, ["count", "整数", "abc"]),
    (ded("- rule: 评查缺次\n  count: 1.5\n  note: 说明"), 6, ["count", "整数"]),
    (ded("- rule: 评查缺次\n  count: 两次\n  note: 说明"), 6, ["count", "整数"]),
    (ded("- rule: 评查缺次\n  count: true\n  note: 说明"), 6, ["count"]),
    (ded("- rule: 消防\n  points: 一分\n  note: 说明"), 6, ["points", "数字"]),
    (ded("- rule: 消防\n  points: 1.5分\n  note: 说明"), 6, ["points", "数字"]),
    (ded("- rule: 消防\n  points: [1, 2]\n  note: 说明"), 6, ["points"]),
    (ded("- rule: 评查缺次\n  note: [甲, 乙]"), 6, ["note"]),
    (ded("- rule: 评查缺次\n  note:\n    理由: 甲"), 6, ["note"]),
    (ded("- rule: 消防\n  points: 1\n  date: 三月\n  note: 说明"), 7, ["date", "日期"]),
    (ded("- rule: 消防\n  points: 1\n  date: 2017-02-30\n  note: 说明"), 7, ["日期"]),
    (HEAD + "deductions: 评查缺次\n", 4, ["deductions", "列表"]),
    (HEAD + "findings:\n  rule: 挂牌督办\n", 4, ["findings", "列表"]),
    (ded("- 评查缺次"), 5, ["键: 值"]),
    ("name: 测试单位\nlevel: [副处级以上]\npoll: {score: 93}\n", 2, ["level"]),
    ("name: 测试单位\nlevel: 副处级以上\npoll: {score: 九十}\n", 3, ["score", "数字"]),
    ("name: 测试单位\nlevel: 直属科级\npoll: {基本合格: 1.5, 不合格: 0}\n", 3, ["基本合格", "整数"]),
    ("name: 测试单位\nlevel: 直属科级\npoll: {基本合格: -1, 不合格: 0}\n", 3, ["基本合格", "0"]),
    ("- name: 测试单位\n", 1, ["键: 值"]),
    ("测试单位\n", 1, ["键: 值"]),
], ids=["count word", "count decimal", "count chinese", "count bool", "points chinese", "points with 分",
        "points list", "note list", "note map", "date words", "date impossible", "list scalar",
        "findings map", "entry scalar", "level list", "poll words", "person-times decimal",
        "person-times negative", "top list", "top scalar"])
def test_wrong_typed_field(text, line, words):
    expect(text, line, *words)


def test_a_wrong_level_suggests_the_right_one():
    expect("name: 测试单位\nlevel: 副处级\npoll: {score: 93}\n", 2, "副处级以上")
    expect("name: 测试单位\nlevel: 科级\npoll: {score: 93}\n", 2, "直属科级")


# -- count and points -------------------------------------------------------------------------


@pytest.mark.parametrize("rule", ["群体性事件", "履职不力", "网格化", "信访"])
def test_count_on_a_discretionary_rule(rule):
    expect(ded(f"- rule: {rule}\n  count: 1\n  note: 说明"), 6, rule, "points", "count")


@pytest.mark.parametrize("key, rule", [("deductions", "评查缺次"), ("deductions", "一般案件"),
                                       ("bonuses", "经验推介省级"), ("penalties", "未报计划总结")])
def test_points_on_a_counted_rule(key, rule):
    expect(listing(key, f"- rule: {rule}\n  points: 1\n  note: 说明"), 6, rule, "count", "points")


@pytest.mark.parametrize("body, lines, words", [
    ("- rule: 评查缺次\n  count: 5\n  note: 说明", (5, 6), ["评查缺次", "4", "5"]),
    ("- rule: 评查缺次\n  count: 3\n  note: 甲\n- rule: 评查缺次\n  count: 2\n  note: 乙", (8, 9), ["评查缺次", "4", "5"]),
    ("- rule: 平安办不健全\n  count: 2\n  note: 说明", (5, 6), ["平安办不健全", "1", "2"]),
    ("- rule: 体系不完善\n  count: 4\n  note: 说明", (5, 6), ["体系不完善", "3", "4"]),
    ("- rule: 力量缺失\n  count: 6\n  note: 说明", (5, 6), ["力量缺失", "5", "6"]),
    ("- rule: 创建成效不明显\n  count: 2\n  note: 说明", (5, 6), ["创建成效不明显", "1"]),
    ("- rule: 力量缺失\n  count: 3\n  note: 甲\n- rule: 力量不完善\n  count: 3\n  note: 乙", (8, 9),
     ["力量缺失", "力量不完善", "5", "6"]),
], ids=["评查缺次 5", "评查缺次 3+2", "平安办不健全 2", "体系不完善 4", "力量缺失 6", "创建成效不明显 2",
        "力量缺失 3 + 力量不完善 3"])
def test_count_over_its_limit(body, lines, words):
    expect(ded(body), lines, *words)


@pytest.mark.parametrize("body", [
    "- rule: 评查缺次\n  count: 4\n  note: 说明",
    "- rule: 力量缺失\n  count: 3\n  note: 甲\n- rule: 力量不完善\n  count: 2\n  note: 乙",
    "- rule: 创建缺项\n  count: 7\n  note: 说明",  # no count limit: the cap of 一 does the rest
])
def test_count_at_its_limit_is_fine(body):
    accepted(ded(body))


@pytest.mark.parametrize("key, rule, points, base", [
    ("deductions", "群体性事件", "6.01", "6"),
    ("deductions", "高速交通", "1.6", "1.5"),
    ("deductions", "水路交通", "0.51", "0.5"),
    ("deductions", "履职不力", "25.01", "25"),
    ("deductions", "信访", "11", "10"),
    ("deductions", "网格化", "5.5", "5"),
    ("bonuses", "综治宣传", "2.5", "2"),
    ("bonuses", "见义勇为事业", "2.01", "2"),
    ("bonuses", "信息化建设", "3", "2"),
])
def test_points_over_the_nearest_base(key, rule, points, base):
    expect(listing(key, f"- rule: {rule}\n  points: {points}\n  note: 说明"), 6, points, base)


@pytest.mark.parametrize("rule, points", [("群体性事件", "6"), ("高速交通", "1.5"), ("水路交通", "0.5"),
                                          ("履职不力", "25"), ("消防", "0.01")])
def test_points_at_the_nearest_base_are_fine(rule, points):
    accepted(ded(f"- rule: {rule}\n  points: {points}\n  note: 说明"))


@pytest.mark.parametrize("points", ["1.234", "0.001", "2.005"])
def test_more_than_two_decimals(points):
    expect(ded(f"- rule: 消防\n  points: {points}\n  note: 说明"), 6, "2位小数", points)


def test_poll_score_with_more_than_two_decimals():
    expect("name: 测试单位\nlevel: 副处级以上\npoll:\n  score: 93.555\n", 4, "2位小数")


@pytest.mark.parametrize("points", ["0", "0.00", "-1", "-0.5"])
def test_points_not_above_zero(points):
    expect(ded(f"- rule: 消防\n  points: {points}\n  note: 说明"), 6, "大于0")


@pytest.mark.parametrize("count", ["0", "-2"])
def test_count_below_one(count):
    expect(ded(f"- rule: 评查缺次\n  count: {count}\n  note: 说明"), 6, "count", "1")


# -- dates -------------------------------------------------------------------------------------


@pytest.mark.parametrize("date", ["2018-01-01", "2016-12-31", "2019-06-01"])
def test_a_date_outside_2017(date):
    expect(ded(f"- rule: 消防\n  points: 1\n  date: {date}\n  note: 说明"), 7, date, "2017-01-01", "2017-12-31")


@pytest.mark.parametrize("date", ["2017-01-01", "2017-12-31", "2017/3/5", "2017年3月5日"])
def test_a_date_inside_2017(date):
    accepted(ded(f"- rule: 消防\n  points: 1\n  date: {date}\n  note: 说明"))


def test_a_date_outside_2017_on_a_bonus_and_a_finding():
    expect(listing("bonuses", "- rule: 综治宣传\n  points: 1\n  date: 2018-02-01\n  note: 说明"), 7, "2018-02-01")
    expect(listing("findings", "- rule: 挂牌督办\n  date: 2016-05-01\n  note: 说明"), 6, "2016-05-01")


# -- the poll ----------------------------------------------------------------------------------


@pytest.mark.parametrize("text, line, words", [
    ("name: 测试单位\nlevel: 副处级以上\npoll: {基本合格: 1, 不合格: 0}\n", 3, ["score"]),
    ("name: 测试单位\nlevel: 副处级以上\npoll: 93.5\n", 3, ["score"]),
    ("name: 测试单位\nlevel: 副处级以上\npoll: {}\n", 3, ["score"]),
    ("name: 测试单位\nlevel: 副处级以上\npoll: {score: 93, 不合格: 0}\n", 3, ["不合格"]),
    ("name: 测试单位\nlevel: 副处级以上\npoll: {score: 101}\n", 3, ["100", "101"]),
    ("name: 测试单位\nlevel: 副处级以上\npoll: {score: -1}\n", 3, ["0"]),
    ("name: 测试单位\nlevel: 直属科级\npoll: {score: 93}\n", 3, ["基本合格", "不合格"]),
    ("name: 测试单位\nlevel: 直属科级\npoll: {基本合格: 2}\n", 3, ["缺少", "不合格"]),
    ("name: 测试单位\nlevel: 直属科级\npoll: {不合格: 2}\n", 3, ["缺少", "基本合格"]),
    ("name: 测试单位\nlevel: 直属科级\npoll: 2\n", 3, ["基本合格", "不合格"]),
    ("name: 测试单位\nlevel: 直属科级\npoll: {基本合格: 2, 不合格: 0, 合格: 5}\n", 3, ["合格"]),
], ids=["fuchu with person-times", "fuchu scalar", "fuchu empty", "fuchu extra", "fuchu over 100",
        "fuchu negative", "keji with score", "keji missing 不合格", "keji missing 基本合格", "keji scalar",
        "keji extra answer"])
def test_poll_of_the_wrong_shape(text, line, words):
    expect(text, line, *words)


@pytest.mark.parametrize("text", [
    "name: 测试单位\nlevel: 副处级以上\npoll: {score: 0}\n",
    "name: 测试单位\nlevel: 副处级以上\npoll: {score: 100}\n",
    "name: 测试单位\nlevel: 副处级以上\npoll:\n  score: 89.99\n",
    "name: 测试单位\nlevel: 直属科级\npoll: {基本合格: 0, 不合格: 0}\n",
    "name: 测试单位\nlevel: 直属科级\npoll:\n  基本合格: 12\n  不合格: 3\n",
])
def test_poll_of_the_right_shape(text):
    accepted(text)


# -- YAML mistakes ------------------------------------------------------------------------------


def test_duplicate_top_key_reports_the_second_and_names_the_first():
    expect(HEAD + "name: 另一个名字\n", 4, "name", "第1行")


def test_duplicate_key_inside_an_entry():
    expect(ded("- rule: 评查缺次\n  note: 甲\n  count: 1\n  note: 乙"), 8, "note", "第6行")


def test_duplicate_key_inside_the_poll():
    expect("name: 测试单位\nlevel: 直属科级\npoll:\n  基本合格: 1\n  不合格: 0\n  基本合格: 2\n", 6, "基本合格", "第4行")


def test_tab_indentation():
    expect("name: 测试单位\nlevel: 副处级以上\npoll:\n\tscore: 93\n", 4, "Tab")


def test_tab_indentation_inside_an_entry():
    expect(ded("- rule: 评查缺次\n  note: 说明").replace("    note", "  \tnote"), 6, "Tab")


@pytest.mark.parametrize("text, line", [
    ("name: 测试单位\n  level: 副处级以上\npoll: {score: 93}\n", 2),
    (HEAD + "deductions:\n  - rule: 评查缺次\n   note: 说明\n", 6),
    (HEAD + "deductions:\n  - rule: 评查缺次\n    note: 说明\n - rule: 消防\n", 7),
], ids=["key indented", "entry key misaligned", "list dash misaligned"])
def test_bad_indentation(text, line):
    problem = expect(text, line)
    assert any(word in problem.message for word in ("缩进", "冒号", "对齐"))


def test_unclosed_quote_points_at_the_line_of_the_quote():
    text = 'name: 测试单位\nshort: "质安站\nlevel: 副处级以上\npoll: {score: 93}\ndeductions:\n  - rule: 评查缺次\n    note: 说明\n'
    expect(text, 2, "引号")


def test_unclosed_quote_is_reported_with_a_hint():
    text = 'name: 测试单位\nlevel: 副处级以上\npoll: {score: 93}\nshort: "质安站\n'
    problems = problems_of(text)
    assert len(problems) == 1
    assert "引号" in problems[0].message
    assert problems[0].line in (4, 5)


def test_unclosed_brace():
    problem = expect("name: 测试单位\nlevel: 副处级以上\npoll: {score: 93\n", (3, 4))
    assert "括号" in problem.message or "}" in problem.message


def test_gbk_file():
    expect("name: 测试".encode("gbk"), 1, "UTF-8", "GBK")


def test_gbk_file_reports_the_first_line_that_is_not_utf8():
    raw = "name: 测试单位\n".encode("utf-8") + "level: 副处级以上\n".encode("gbk")
    expect(raw, 2, "UTF-8")


def test_utf8_with_bom_and_crlf_is_read_fine():
    text = "\ufeff" + ded("- rule: 评查缺次\n  count: 2\n  note: 缺\n- rule: 消防\n  points: 1.5\n  note: 说明")
    raw = text.replace("\n", "\r\n").encode("utf-8")
    unit, problems = parse_unit(raw, SCHEME)
    assert problems == []
    assert unit.name == "测试单位"
    assert [(e.rule, e.line, e.count, e.points) for e in unit.deductions] == [
        ("评查缺次", 5, 2, None), ("消防", 8, None, Decimal("1.5"))]


def test_crlf_keeps_line_numbers_right():
    raw = ("\ufeff" + HEAD + "name: 重复\n").replace("\n", "\r\n").encode("utf-8")
    expect(raw, 4, "name", "第1行")


@pytest.mark.parametrize("body", [
    "- rule: 评查缺次\n  count: ２\n  note: 说明",
    "- rule: 消防\n  points: １\n  note: 说明",
    "- rule: 消防\n  points: 1\n  date: ２０１７-03-12\n  note: 说明",
], ids=["count", "points", "date"])
def test_full_width_digits(body):
    expect(ded(body), (6, 7), "全角")


def test_full_width_point_in_a_number():
    expect(ded("- rule: 消防\n  points: 1．5\n  note: 说明"), 6, "全角", "1.5")


def test_full_width_letters_in_a_number():
    expect(ded("- rule: 评查缺次\n  count: ２次\n  note: 说明"), 6, "count")


@pytest.mark.parametrize("text, line, key", [
    ("name：测试单位\nlevel: 副处级以上\npoll: {score: 93}\n", 1, "name"),
    (HEAD + "deductions:\n  - rule：评查缺次\n    note: 说明\n", 5, "rule"),
    (HEAD + "deductions:\n  - rule: 评查缺次\n    note：说明\n", 6, "note"),
    ("name: 测试单位\nlevel: 副处级以上\npoll:\n  score： 93\n", 4, "score"),
])
def test_chinese_colon_after_a_key(text, line, key):
    expect(text, line, "中文冒号", key)


def test_chinese_colon_inside_a_note_is_fine():
    accepted(ded("- rule: 评查缺次\n  note: 原因：第三季度未开展评查"))


def test_chinese_colon_in_a_multi_line_note_is_fine():
    accepted(ded("- rule: 评查缺次\n  note: |\n    APP平台：第三季度未开展评查"))


def test_alias_is_refused():
    text = HEAD + "short: &n 质安站\ndeductions:\n  - rule: 评查缺次\n    note: *n\n"
    expect(text, (4, 7), "别名")


def test_alias_of_a_whole_entry_is_refused():
    text = HEAD + "deductions:\n  - &e {rule: 评查缺次, note: 说明}\n  - *e\n"
    expect(text, (5, 6), "别名")


def test_merge_key_is_refused():
    text = HEAD + "deductions:\n  - &e {rule: 评查缺次, note: 说明}\n  - <<: *e\n    count: 2\n"
    expect(text, 6, "<<")


@pytest.mark.parametrize("tagged", [
    "!!python/object:os.system 测试",
    "!!python/object/apply:os.system [ls]",
    "!!python/name:os.system ''",
    "!!binary aGVsbG8=",
    "!custom 质安站",
])
def test_tags_are_refused(tagged):
    expect(HEAD + f"short: {tagged}\n", 4, "标签")


@pytest.mark.parametrize("raw", [b"", b"\n\n", b"# \xe5\x8f\xaa\xe6\x9c\x89\xe6\xb3\xa8\xe9\x87\x8a\n", b"\xef\xbb\xbf"])
def test_empty_file(raw):
    expect(raw, 1, "空")


def test_utf16_file_is_told_to_save_as_utf8():
    expect((HEAD + "short: 质安站\n").encode("utf-16"), 1, "UTF-8")


def test_full_width_space_indentation():
    expect(HEAD + "deductions:\n  - rule: 评查缺次\n　　note: 说明\n", 6, "全角")


def test_full_width_space_after_the_colon_points_at_its_line():
    expect(HEAD + "short:\u3000质安站\n", 4)


def test_a_note_of_spaces_is_empty():
    expect(ded('- rule: 评查缺次\n  note: "   "'), 6, "note", "空")


def test_a_key_in_capitals_suggests_the_right_one():
    expect(HEAD + "Name: 甲\n", 4, "Name", "name")


def test_a_complex_key_is_refused():
    expect(HEAD + "? [a, b]\n: x\n", 4, "键")


def test_a_huge_file_is_refused():
    expect((HEAD + "short: " + "字" * 200_000 + "\n").encode("utf-8"), 1, "过大")


def test_several_documents_are_refused():
    expect(HEAD + "---\n" + HEAD, (4, 5, 7), "---")


def test_binary_file_is_refused():
    expect(b"name: \x00\x01", 1, "二进制")


# -- file names ---------------------------------------------------------------------------------

GOOD = "name: 测试单位\nlevel: 副处级以上\npoll: {score: 96}\n"
BROKEN = "this is: [not a unit file\n\x00"


def load_problems(content) -> list:
    with pytest.raises(ContentError) as caught:
        load_year(content, 2017)
    return caught.value.problems


@pytest.mark.parametrize("name", ["Bad Name.yaml", "Zhianzhan.yaml", "质安站.yaml", "-abc.yaml", "a_b.yaml"])
def test_a_bad_file_name_is_reported(tmp_path, name):
    content = make_content(tmp_path, {"good.yaml": GOOD, name: GOOD})
    problems = load_problems(content)
    assert len(problems) == 1
    assert problems[0].path.endswith(name)
    assert problems[0].line == 1
    assert "文件名" in problems[0].message and name in problems[0].message


def test_a_yml_file_is_reported(tmp_path):
    content = make_content(tmp_path, {"good.yaml": GOOD, "other.yml": GOOD})
    (problem,) = load_problems(content)
    assert problem.path.endswith("other.yml") and ".yaml" in problem.message


def test_editor_leftovers_are_ignored(tmp_path):
    content = make_content(tmp_path, {
        "good.yaml": GOOD, ".x.yaml.swp": BROKEN.encode(), "x.yaml~": BROKEN, ".#good.yaml": BROKEN,
        ".hidden.yaml": BROKEN, "notes.txt": BROKEN,
    })
    loaded = load_year(content, 2017)
    assert [u.id for u in loaded.units] == ["good"]


def test_the_unit_id_is_the_file_stem(tmp_path):
    content = make_content(tmp_path, {"zhianzhan.yaml": GOOD, "fang-chan-2.yaml": as_copy(GOOD.encode(), "二")})
    assert sorted(u.id for u in load_year(content, 2017).units) == ["fang-chan-2", "zhianzhan"]


# -- the command line ---------------------------------------------------------------------------

BROKEN_A = ded("- rule: 评查缺失\n  note: 说明\n- rule: 消防\n  points: 4.5\n  note: 说明")  # lines 5, 9
BROKEN_B = ("name: 测试单位乙\nlevel: 直属科级\npoll: {基本合格: 2}\n"  # line 3: 不合格 missing
            "penalties:\n  - rule: 拒不执行判决\n    points: 1\n    note: 说明\n")  # line 6: points on a counted rule


def test_check_lists_every_problem_of_every_file(tmp_path, capsys):
    content = make_content(tmp_path, {"aaa.yaml": BROKEN_A, "bbb.yaml": BROKEN_B, "good.yaml": GOOD})
    assert main(["check", "--content", str(content)]) == 1
    out, err = capsys.readouterr()
    lines = err.splitlines()
    a, b = str(content / "units" / "2017" / "aaa.yaml"), str(content / "units" / "2017" / "bbb.yaml")

    def has(prefix, *words):
        assert any(line.startswith(prefix) and all(w in line for w in words) for line in lines), err

    has(f"{a}:5: ", "评查缺失", "评查缺次")
    has(f"{a}:8: ", "4.5", "4")
    has(f"{b}:3: ", "不合格")
    has(f"{b}:6: ", "拒不执行判决", "count")
    assert sum(1 for line in lines if re.match(r".+:\d+: ", line)) == 4
    assert "4" in lines[-1]
    assert "名次" not in out  # no ranking when the content is invalid


def test_check_prints_the_ranking(tmp_path, capsys):
    content = make_content(tmp_path, {
        "aaa.yaml": "name: 甲单位\nlevel: 副处级以上\npoll: {score: 96}\n",
        "bbb.yaml": "name: 乙单位\nlevel: 直属科级\npoll: {基本合格: 1, 不合格: 0}\n",
    })
    before = snapshot(tmp_path)
    assert main(["check", "--content", str(content)]) == 0
    out, err = capsys.readouterr()
    assert "甲单位" in out and "乙单位" in out
    assert out.index("甲单位") < out.index("乙单位")  # 100 before 98
    assert snapshot(tmp_path) == before  # check writes nothing


def test_check_unknown_year_is_bad_usage(tmp_path, capsys):
    content = make_content(tmp_path, {"good.yaml": GOOD})
    assert main(["check", "--content", str(content), "--year", "2016"]) == 2
    assert "2016" in capsys.readouterr().err


def test_build_unknown_year_is_bad_usage(tmp_path, capsys):
    content = make_content(tmp_path, {"good.yaml": GOOD})
    output = tmp_path / "site"
    assert main(["build", "--content", str(content), "--theme", str(THEME), "--output", str(output),
                 "--year", "2030"]) == 2
    assert "2030" in capsys.readouterr().err
    assert not output.exists()


def test_a_year_that_is_not_a_number_is_bad_usage(tmp_path, capsys):
    content = make_content(tmp_path, {"good.yaml": GOOD})
    with pytest.raises(SystemExit) as caught:
        main(["check", "--content", str(content), "--year", "二〇一七"])
    assert caught.value.code == 2


def test_a_missing_content_folder_is_bad_usage(tmp_path, capsys):
    assert main(["check", "--content", str(tmp_path / "nowhere")]) == 2


def _break_and_build(content, output, capsys):
    (content / "units" / "2017" / "zzz.yaml").write_text(BROKEN_A, encoding="utf-8")
    before = snapshot(output)
    assert before, "the output folder should hold a previous build"
    code = main(["build", "--content", str(content), "--theme", str(THEME), "--output", str(output)])
    err = capsys.readouterr().err
    assert code == 1
    assert "zzz.yaml:5: " in err and "评查缺次" in err
    assert snapshot(output) == before
    assert sorted(p.name for p in output.iterdir()) == sorted({k.split("/")[0] for k in before})


def test_a_failed_build_leaves_the_output_as_it_was(tmp_path, capsys):
    content = make_content(tmp_path, {"good.yaml": GOOD})
    output = tmp_path / "site"
    (output / "2017" / "units").mkdir(parents=True)
    (output / "index.html").write_bytes(b"<!doctype html><title>old index</title>\n")
    (output / "2017" / "index.html").write_bytes("旧的通报".encode("utf-8"))
    (output / "2017" / "units" / "good.html").write_bytes(b"old unit page")
    (output / "2017" / "results.json").write_bytes(b'{"year": 2017, "units": []}')
    _break_and_build(content, output, capsys)


def test_a_failed_build_after_a_good_build_leaves_it_byte_identical(tmp_path, capsys):
    pytest.importorskip("kaoping.render", reason="the renderer (generator/render.py) is not there yet")
    content = make_content(tmp_path, {"good.yaml": GOOD, "other.yaml": as_copy(GOOD.replace("96", "88").encode(), "二")})
    output = tmp_path / "site"
    theme = tmp_path / "theme"
    shutil.copytree(THEME, theme)
    assert main(["build", "--content", str(content), "--theme", str(theme), "--output", str(output)]) == 0
    capsys.readouterr()
    assert (output / "2017").is_dir()
    _break_and_build(content, output, capsys)
