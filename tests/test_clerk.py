"""The clerk's day (issue 15): each typing mistake comes back as one message that names the real
fix, dates are read the ways a clerk writes them, and a `new-year` file works once its example is
uncommented. The messages are asserted whole: they are what the clerk reads.
"""

from __future__ import annotations

import datetime
import html
import json
import re
import shutil
from decimal import Decimal

import pytest

from conftest import ROOT, UNIT_PATH, load_scheme_2017_cached, parse_unit
from kaoping.cli import main

SCHEME = load_scheme_2017_cached()
HEAD = "name: 测试单位\nlevel: 副处级以上\npoll: {score: 93}\n"  # lines 1–3
FORMS = "2017-03-12、2017-3-12、2017/3/12、2017.3.12 或 2017年3月12日"


def messages(text: str) -> list[tuple[int, str]]:
    """The (line, message) of every problem of a unit file, in order."""
    unit, problems = parse_unit(text.encode("utf-8"), SCHEME)
    assert unit is None and problems
    assert all(p.path == UNIT_PATH for p in problems)
    return [(p.line, p.message) for p in problems]


# -- one message per mistake, naming the fix --------------------------------------------------------


def test_a_chinese_comma_in_a_score_suggests_a_decimal_point():
    assert messages("name: 测试单位\nlevel: 副处级以上\npoll:\n  score: 91，5\n") == [
        (4, "score 应是数字，这里写的是「91，5」。其中第3个字「，」是全角字符或中文标点，"
            "请切换到英文输入法，改写为「91.5」。")]


def test_an_ascii_comma_in_a_score_suggests_a_decimal_point():
    assert messages("name: 测试单位\nlevel: 副处级以上\npoll:\n  score: 91,5\n") == [
        (4, "score 应是数字，这里写的是「91,5」。小数点要写英文句点「.」，请改写为「91.5」。")]


def test_the_suggested_number_is_valid():
    """Whatever a message says to write is accepted when written."""
    for typed in ("91，5", "91。5", "９１.５", "9１，5", "91,5"):
        (_, message), = messages(f"name: 测试单位\nlevel: 副处级以上\npoll:\n  score: {typed}\n")
        fixed = re.search(r"改写为「(.*?)」", message).group(1)
        unit, problems = parse_unit(f"name: 测试单位\nlevel: 副处级以上\npoll:\n  score: {fixed}\n".encode(), SCHEME)
        assert not problems and str(unit.poll.score) == "91.5", (typed, fixed, problems)


TAB = "这一行用 Tab 键缩进，YAML 只能用空格缩进。请把 Tab 换成两个空格。"


@pytest.mark.parametrize("text, line", [
    ("name: 测试单位\nlevel: 副处级以上\npoll:\n\tscore: 93\n", 4),
    (HEAD + "deductions:\n  - rule: 评查缺次\n\tnote: 说明\n", 6),
], ids=["under a key", "inside an entry"])
def test_one_tab_gives_one_message(text, line):
    assert messages(text) == [(line, TAB)]


def test_a_tab_and_an_unknown_rule_are_both_reported_once():
    """The tab is read as the two spaces the message asks for, so the rest of the file is still checked."""
    text = HEAD + "deductions:\n  - rule: 评查缺少\n  \tnote: 说明\n"
    assert messages(text) == [
        (6, TAB),
        (5, "没有叫「评查缺少」的扣分（deductions）规则。是否想写「评查缺次」？规则名见 README 的“规则名”一节。"),
    ]


def test_a_full_width_colon_is_one_message_and_the_next_line_is_fine():
    assert messages("name：测试单位\nlevel: 副处级以上\npoll: {score: 93}\n") == [
        (1, "「name」后面用了中文冒号「：」。键后面要用英文冒号加一个空格，如「name: 」。")]
    assert messages(HEAD + "short：质安站\ndeductions:\n  - rule: 评查缺次\n    note: 说明\n") == [
        (4, "「short」后面用了中文冒号「：」。键后面要用英文冒号加一个空格，如「short: 」。")]


@pytest.mark.parametrize("text, line, spaces", [
    (HEAD + "deductions:\n  - rule: 评查缺次\n\u3000\u3000note: 说明\n", 6, 4),
    ("name: 测试单位\nlevel: 副处级以上\npoll:\n\u3000\u3000score: 93\n", 4, 4),
], ids=["inside an entry", "under poll"])
def test_a_full_width_space_indent_is_one_right_message(text, line, spaces):
    assert messages(text) == [
        (line, "这一行开头是全角空格（中文输入法的空格），YAML 只能用半角空格缩进。"
               f"请切换到英文输入法，把行首改为{spaces}个半角空格。")]


def test_a_key_indented_under_a_value_is_told_to_align():
    assert messages("name: 测试单位\n  level: 副处级以上\npoll: {score: 93}\n") == [
        (2, "「level」前面有2个空格，第1行的「name」前面有0个：同一层的键要左对齐，请顶格写（前面不留空格）。")]


@pytest.mark.parametrize("spaces", [3, 5])
def test_an_entry_key_out_of_line_names_the_columns_it_could_have(spaces):
    text = HEAD + "deductions:\n  - rule: 评查缺次\n" + " " * spaces + "note: 说明\n"
    assert messages(text) == [
        (6, f"「note」前面有{spaces}个空格，和上面的键都没有对齐：与第5行的「rule」同一层就写4个空格；"
            "与第4行的「deductions」同一层就顶格写（前面不留空格）。")]


def test_a_list_dash_out_of_line_names_the_other_items_dash():
    text = HEAD + "deductions:\n  - rule: 评查缺次\n    note: 说明\n - rule: 消防\n"
    assert messages(text) == [
        (7, "这一项的「-」前面有1个空格，第5行那一项的「-」前面有2个：同一列表的各项要对齐，请改为2个空格。")]


@pytest.mark.parametrize("text, line", [
    (HEAD + "deductions:\n  - rule: 评查缺次\n    note: 说明\n  -rule: 消防\n    points: 1\n    note: 说明\n", 7),
    (HEAD + "deductions:\n  -rule: 评查缺次\n   note: 说明\n", 5),  # its note under its rule, as written
], ids=["second item", "first item, keys aligned to it"])
def test_a_dash_without_its_space_says_so(text, line):
    assert messages(text) == [(line, "「-」后面少了一个空格：列表的每一项要写成「- rule: …」，英文减号后面空一格。")]


def test_a_colon_inside_a_note_is_still_a_colon_message():
    """Only a colon right after a key at the start of a line is an indentation matter."""
    (line, message), = messages(HEAD + "short: 时间: 上午\n")
    assert line == 4 and message.startswith("这里不能再出现英文冒号「:」")


EMPTY = "「deductions: []」的「[]」表示这一项是空的，下面却写了内容。请删去「[]」，只写「deductions:」，下面的各项保持缩进。"


@pytest.mark.parametrize("indent", ["", " ", "  "])
def test_entries_under_an_empty_list_say_to_delete_the_brackets(indent):
    """The files `new-year` wrote until now: `deductions: []  # 扣分，如：` and the example uncommented."""
    entry = (f"{indent}- rule: 评查缺次\n{indent}  count: 1\n{indent}  note: 第三季度未开展综治工作评查\n")
    assert messages(HEAD + "deductions: []                     # 扣分，如：\n" + entry) == [(4, EMPTY)]


def test_entries_under_an_empty_list_are_still_checked():
    entry = "  - rule: 评查缺少\n    note: 说明\n"
    found = messages(HEAD + "deductions: []\n" + entry)
    assert found[0] == (4, EMPTY)
    assert [line for line, _ in found[1:]] == [5] and "评查缺次" in found[1][1]


def test_an_empty_list_with_nothing_under_it_is_fine():
    unit, problems = parse_unit((HEAD + "deductions: []\nbonuses: []\n").encode(), SCHEME)
    assert not problems and unit.deductions == ()


def test_a_new_year_file_works_once_its_examples_are_uncommented(tmp_path, capsys):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    assert main(["new-year", "2018", "--content", str(content)]) == 0
    path = sorted((content / "units" / "2018").glob("*.yaml"))[0]
    text = path.read_text("utf-8")
    assert "[]" not in text
    # the clerk deletes the "#" in front of the deduction example (only that one)
    example = re.search(r"(?m)^deductions:.*\n((?:#.*\n)+)", text)
    path.write_text(text.replace(example.group(1), re.sub(r"(?m)^#", "", example.group(1))), "utf-8")
    capsys.readouterr()
    assert main(["check", "--content", str(content), "--year", "2018"]) == 0, capsys.readouterr().err
    unit, problems = parse_unit(path.read_bytes(), SCHEME)  # the 2018 scheme is a copy of 2017's
    assert not problems
    assert [(e.rule, e.count) for e in unit.deductions] == [("评查缺次", 1)]


# -- dates ---------------------------------------------------------------------------------------


def date_of(text: str):
    unit, problems = parse_unit(
        (HEAD + f"deductions:\n  - rule: 消防\n    points: 1\n    note: 说明\n    date: {text}\n").encode(), SCHEME)
    return unit.deductions[0].date if unit else [(p.line, p.message) for p in problems]


@pytest.mark.parametrize("text, day", [
    ("2017-03-05", (3, 5)), ("2017-3-5", (3, 5)), ("2017/3/5", (3, 5)), ("2017.3.5", (3, 5)),
    ("2017.03.05", (3, 5)), ("2017年8月14日", (8, 14)), ("2017年8月14号", (8, 14)), ("2017 年 8 月 14 日", (8, 14)),
])
def test_dates_a_clerk_writes_are_read(text, day):
    assert date_of(text) == datetime.date(2017, *day)


@pytest.mark.parametrize("text", ["3/5/2017", "5.3.2017", "17-3-5", "2017-3/5", "20170305", "2017-3", "2017年3月"])
def test_an_ambiguous_or_partial_date_is_refused_with_the_accepted_forms(text):
    assert date_of(text) == [(8, f"date 不是有效的日期：「{text}」。请按年、月、日的顺序写，年份写全四位，如 {FORMS}。")]


def test_a_day_that_does_not_exist_is_named():
    assert date_of("2017-02-29") == [(8, "date 不是有效的日期：「2017-02-29」。2017年2月只有28天，请核对日期。")]
    assert date_of("2017-13-01") == [(8, f"date 不是有效的日期：「2017-13-01」。月份只能是 1—12。日期请按年、月、日的顺序写，如 {FORMS}。")]


def test_a_date_typed_with_the_chinese_ime_shows_the_fixed_form():
    assert date_of("2017。3。5") == [
        (8, "date 不是有效的日期：「2017。3。5」。其中第5个字「。」是全角字符或中文标点，请切换到英文输入法，改写为「2017.3.5」。")]
    assert date_of("2017，3，5") == [
        (8, "date 不是有效的日期：「2017，3，5」。其中第5个字「，」是全角字符或中文标点，请切换到英文输入法重新输入。")]


# -- the built site: indexes, links between units, small things readers notice ------------------------


@pytest.fixture(scope="module")
def two_years(tmp_path_factory):
    """The example content plus a 2018 made by `new-year` (one unit dropped, one renamed), built."""
    root = tmp_path_factory.mktemp("clerk-site")
    content, output = root / "content", root / "site"
    shutil.copytree(ROOT / "content", content)
    assert main(["new-year", "2018", "--content", str(content)]) == 0
    units = sorted((content / "units" / "2018").glob("*.yaml"))
    units[0].unlink()
    renamed = units[1]
    renamed.write_text(re.sub(r"(?m)^name: .*$", "name: 改名后的单位", renamed.read_text("utf-8")), "utf-8")
    assert main(["build", "--content", str(content), "--theme", str(ROOT / "theme"), "--output", str(output)]) == 0
    return content, output, units[0].stem, renamed.stem


def visible_text(page: str) -> str:
    """The text a reader sees, with tags gone and white space as a browser shows it (one space)."""
    page = re.sub(r"(?s)<(script|style)\b.*?</\1>", "", page)
    page = re.sub(r"<br\s*/?>|</?(p|li|tr|td|th|h\d|div|dd|dt|caption|figcaption|nav|header|section)\b[^>]*>", "\n", page)
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    return "\n".join(" ".join(line.split()) for line in text.splitlines())


def pages(output):
    return sorted(output.rglob("*.html"))


def test_units_index_lists_every_unit_of_every_year(two_years):
    content, output, dropped, renamed = two_years
    index = (output / "index.html").read_text("utf-8")
    assert 'href="units.html"' in index
    page = (output / "units.html").read_text("utf-8")
    rows = re.findall(r'(?s)<tr data-search="[^"]*">(.*?)</tr>', page)
    ids = {p.stem for year in ("2017", "2018") for p in (content / "units" / year).glob("*.yaml")}
    assert len(rows) == len(ids)
    for unit_id in ids:
        row = next(r for r in rows if f"/units/{unit_id}.html" in r)
        for year in ("2018", "2017"):
            if (content / "units" / year / f"{unit_id}.yaml").is_file():
                link = re.search(rf'<a href="{year}/units/{unit_id}\.html">([\d.]+)</a> <span class="grade [a-z-]+">(\S+?)</span>', row)
                results = json.loads((output / year / "results.json").read_text("utf-8"))
                unit = next(u for u in results["units"] if u["id"] == unit_id)
                assert link and Decimal(link.group(1)) == Decimal(str(unit["total"])) and link.group(2) == unit["grade"]
                assert (output / year / "units" / f"{unit_id}.html").is_file()
            else:
                assert f'href="{year}/units/{unit_id}.html"' not in row
    assert "改名后的单位" in page and "曾用名" in page  # the latest name, and the one it had before
    years = re.findall(r'<th scope="col">(\d{4})年</th>', page)
    assert years == ["2018", "2017"]


def test_building_one_year_leaves_the_other_and_updates_the_indexes(two_years, tmp_path):
    content, _, _, _ = two_years
    copy = tmp_path / "site"
    build = ["build", "--content", str(content), "--theme", str(ROOT / "theme"), "--output", str(copy)]
    assert main(build) == 0
    before = {p: p.read_bytes() for p in (copy / "2017").rglob("*") if p.is_file()}
    unit = sorted((content / "units" / "2018").glob("*.yaml"))[0]
    text = unit.read_text("utf-8")
    unit.write_text(text.replace("score: 100", "score: 80"), "utf-8")
    try:
        assert main([*build, "--year", "2018"]) == 0
    finally:
        unit.write_text(text, "utf-8")
    assert {p: p.read_bytes() for p in (copy / "2017").rglob("*") if p.is_file()} == before
    results = json.loads((copy / "2018" / "results.json").read_text("utf-8"))
    total = next(u["total"] for u in results["units"] if u["id"] == unit.stem)
    assert total == 90  # the poll of 80 costs 10
    assert f'<a href="2018/units/{unit.stem}.html">{total}</a>' in (copy / "units.html").read_text("utf-8")


def test_unit_pages_link_the_previous_and_next_unit_in_ranking_order(two_years):
    _, output, _, _ = two_years
    order = [u["id"] for u in json.loads((output / "2017" / "results.json").read_text("utf-8"))["units"]]
    for index, unit_id in enumerate(order):
        page = (output / "2017" / "units" / f"{unit_id}.html").read_text("utf-8")
        previous = re.findall(r'<a href="([a-z0-9-]+)\.html" rel="prev">', page)
        following = re.findall(r'<a href="([a-z0-9-]+)\.html" rel="next">', page)
        assert previous == order[index - 1:index] if index else previous == []
        assert following == order[index + 1:index + 2]


def test_every_page_has_an_icon_and_a_description(two_years):
    _, output, _, _ = two_years
    for path in pages(output):
        page = path.read_text("utf-8")
        icon = re.search(r'<link rel="icon" href="([^"]+)"', page)
        assert icon and (path.parent / icon.group(1)).is_file(), path
        assert re.search(r'<meta name="description" content="[^"]{10,}">', page), path


def test_scripts_are_deferred_and_downloads_are_named_by_year(two_years):
    _, output, _, _ = two_years
    for path in pages(output):
        page = path.read_text("utf-8")
        for script in re.findall(r"<script\b[^>]*>", page):
            assert " defer" in script and "src=" in script, (path, script)
    for year in ("2017", "2018"):
        page = (output / year / "index.html").read_text("utf-8")
        assert f'href="results.csv" download="{year}年度考评结果.csv"' in page


def test_unit_tables_have_one_tbody_per_item(two_years):
    _, output, _, _ = two_years
    for path in (output / "2017" / "units").glob("*.html"):
        page = path.read_text("utf-8")
        for body in re.findall(r"(?s)<tbody>(.*?)</tbody>", page):
            heads = re.findall(r'<th scope="rowgroup"', body)
            assert len(heads) <= 1, path
            if heads:  # the group's heading is its first row
                assert re.match(r'\s*<tr class="item">\s*<th scope="rowgroup"', body), path


def test_unit_pages_explain_their_columns_and_not_the_file_name_as_a_code(two_years):
    _, output, _, _ = two_years
    for path in (output / "2017" / "units").glob("*.html"):
        text = visible_text(path.read_text("utf-8"))
        assert "编号" not in text
        if "应计" in text:
            assert "应计是按规则算出的分数" in text and "实计是" in text


STRAY_SPACE = re.compile(r"[\u4e00-\u9fff，。、：；（）“”]( +)[，。、：；］）]|[。：；，]( +)(?=[\u4e00-\u9fff])|：( {2,})")


def test_no_stray_spaces_in_chinese_text(two_years):
    _, output, _, _ = two_years
    for path in pages(output):
        page = path.read_text("utf-8")
        if path.name == "rules.html":  # the rules text is the source's, as written; kaoping's notes in it are checked
            page = "\n".join(re.findall(r'(?s)<span class="clause-hits">.*?</span>', page))
            assert page
        for line in visible_text(page).splitlines():
            assert not STRAY_SPACE.search(line), (path.name, line)


def test_numbers_in_text_are_written_without_spaces(two_years):
    """One style: 基分25，扣分3.5，得分21.5 (as the 通报 writes 考评得分75.5分), never 基分 25."""
    _, output, _, _ = two_years
    spaced = re.compile(r"[\u4e00-\u9fff] [\d.]+(?: ?[\u4e00-\u9fff，。]|$)")
    for path in (output / "2017" / "units").glob("*.html"):
        for line in visible_text(path.read_text("utf-8")).splitlines():
            assert not spaced.search(line), (path.name, line)
