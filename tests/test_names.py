"""Names that look the same are the same (SPEC §3, §4.2): unit names across files, incident names."""

from __future__ import annotations

from conftest import make_content, snapshot
from kaoping.cli import main

UNIT = """\
name: {name}
{short}level: 副处级以上
poll:
  score: 96
"""


def unit_file(name: str, short: str = "") -> str:
    return UNIT.format(name=name, short=f"short: {short}\n" if short else "")


def check(tmp_path, capsys, units):
    content = make_content(tmp_path, units)
    before = snapshot(content)
    code = main(["check", "--content", str(content)])
    err = capsys.readouterr().err
    assert snapshot(content) == before
    return code, err, content / "units" / "2017"


def test_a_copied_file_with_the_same_name_is_an_error_naming_both_files(tmp_path, capsys):
    code, err, folder = check(tmp_path, capsys, {
        "jianguanchu.yaml": unit_file("市建筑工程管理处", "建管处"),
        "jianguanchu2.yaml": unit_file("市建筑工程管理处", "建管处二"),
        "other.yaml": unit_file("市其他单位"),
    })
    assert code == 1
    (line,) = [line for line in err.splitlines() if "相同" in line]
    assert line.startswith(f"{folder / 'jianguanchu2.yaml'}:1: ")
    assert f"{folder / 'jianguanchu.yaml'} 第1行" in line
    assert "市建筑工程管理处" in line and "请把 name 改成" in line


def test_the_same_short_name_is_an_error_too(tmp_path, capsys):
    code, err, folder = check(tmp_path, capsys, {
        "a.yaml": unit_file("市甲单位", "甲处"),
        "b.yaml": unit_file("市乙单位", "甲处"),
    })
    assert code == 1
    (line,) = [line for line in err.splitlines() if "相同" in line]
    assert line.startswith(f"{folder / 'b.yaml'}:2: ") and f"{folder / 'a.yaml'} 第2行" in line
    assert "short「甲处」" in line


def test_names_that_only_look_different_are_the_same(tmp_path, capsys):
    code, err, folder = check(tmp_path, capsys, {
        "a.yaml": unit_file("市建筑工程管理处Ａ"),
        "b.yaml": unit_file('"市建筑工程管理处A\\u200b"'),
    })
    assert code == 1
    assert f"{folder / 'b.yaml'}:1: " in err


def test_different_names_are_fine(tmp_path, capsys):
    code, err, _ = check(tmp_path, capsys, {"a.yaml": unit_file("市甲单位", "甲"), "b.yaml": unit_file("市乙单位", "乙")})
    assert code == 0, err
