"""Markdown that would take the converter minutes (or overflow its stack) is refused before it is
converted, with the file, the line and a Chinese sentence, within a second (issue 11, point 10).

Each case is written into a copy of the example content and loaded the way a build loads it
(kaoping.content.load_year); the time is measured around the load. Text at the bounds, and the
real rules text and bulletin, still load.
"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest

from kaoping import markup
from kaoping.content import load_year
from kaoping.problems import ContentError

ROOT = Path(__file__).resolve().parents[1]
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def content(tmp_path) -> Path:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    return tmp_path / "content"


def append_to_rules(content: Path, text: str) -> int:
    """Append `text` as paragraphs of their own to rules.md; returns the line it starts on."""
    rules = content / "rules" / "2017" / "rules.md"
    before = rules.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    rules.write_text(before + text + "\n", encoding="utf-8")
    return before.count("\n") + 1


def refused_quickly(content: Path) -> list[str]:
    started = time.perf_counter()
    with pytest.raises(ContentError) as refused:
        load_year(content, 2017)
    seconds = time.perf_counter() - started
    assert seconds < 1.0, f"refused after {seconds:.2f} s"
    return [str(problem) for problem in refused.value.problems]


def deep_list(levels: int) -> str:
    """A list nested `levels` deep by indentation (a blank line between items keeps it short to write)."""
    return "\n\n".join("    " * level + f"- 第 {level + 1} 层" for level in range(levels))


PATHOLOGICAL = {  # what the issue measured, and its relatives: text, the line (from its start) named
    "[×8000 x ]×8000": ("[" * 8000 + "x" + "]" * 8000, 1),
    "[×8000 on lines of their own": ("\n".join("[" * 8000) + "\nx\n" + "\n".join("]" * 8000), 9),
    "(×8000 after a link": ("[a](" * 8000, 1),
    ">×100000": (">" * 100_000, None),  # longer than a whole text may be: named at line 1
    "[×100000 x ]×100000": ("[" * 100_000 + "x" + "]" * 100_000, None),
    "a 3000-deep list on one line": ("- " * 3000 + "x", 1),
    "a 3000-deep list by indentation": (deep_list(3000), 17),  # the 9th level: blank lines between
    "a paragraph of 1,000 lines": ("\n".join(["这一行属于同一段。"] * 1000), 1),
}


@pytest.mark.parametrize("name", PATHOLOGICAL)
def test_pathological_markdown_in_the_rules_is_refused_at_once(content, name):
    text, offset = PATHOLOGICAL[name]
    if name == "a 3000-deep list by indentation":
        text = deep_list(40)  # 3000 levels of 4 spaces would be a 17 MB file, refused as too big before
    start = append_to_rules(content, text)
    problems = refused_quickly(content)
    rules = [line for line in problems if line.startswith(str(content / "rules" / "2017" / "rules.md") + ":")]
    assert len(rules) == 1, problems
    line = int(rules[0].split(":")[1])
    assert line == (1 if offset is None else start + offset - 1), (rules[0], start)
    assert CJK.search(rules[0]) and ("上限" in rules[0] or "层" in rules[0]), rules[0]


def test_pathological_markdown_in_the_bulletin_names_the_key(content):
    bulletin = content / "rules" / "2017" / "bulletin.yaml"
    text = bulletin.read_text(encoding="utf-8")
    assert text.count("closing: |\n") == 1
    bulletin.write_text(text.replace("closing: |\n", "closing: |\n  " + "[" * 8000 + "x" + "]" * 8000 + "\n\n"),
                        encoding="utf-8")
    problems = refused_quickly(content)
    key_line = text[: text.index("closing: |")].count("\n") + 1
    assert problems == [f"{bulletin}:{key_line}: closing 的第 1 行：" + problems[0].split("的第 1 行：", 1)[1]], problems
    assert "方括号" in problems[0], problems


def test_text_at_the_bounds_and_the_real_texts_still_load(content):
    at_the_bounds = "\n\n".join([
        "段" * markup.MAX_PARAGRAPH,  # one paragraph as long as may be
        "[" * markup.MAX_DEPTH + "x" + "]" * markup.MAX_DEPTH,
        "(" * markup.MAX_DEPTH + "x" + ")" * markup.MAX_DEPTH,
        r"\[" * 500 + " escaped brackets are text",
        deep_list(markup.MAX_DEPTH),
        "- " * (markup.MAX_DEPTH - 1) + "x",
    ])
    append_to_rules(content, at_the_bounds)
    started = time.perf_counter()
    year = load_year(content, 2017)
    assert time.perf_counter() - started < 5
    assert "段" * 100 in year.rules.html and "第 8 层" in year.rules.html
    assert "opening" in year.bulletin._fields and "考评" in year.bulletin.opening


@pytest.mark.parametrize("beyond", ["paragraph", "brackets", "parentheses", "list", "indentation", "text"])
def test_one_step_beyond_each_bound_is_refused(beyond):
    text = {
        "paragraph": "段" * (markup.MAX_PARAGRAPH + 1),
        "brackets": "[" * (markup.MAX_DEPTH + 1) + "x" + "]" * (markup.MAX_DEPTH + 1),
        "parentheses": "(" * (markup.MAX_DEPTH + 1) + "x" + ")" * (markup.MAX_DEPTH + 1),
        "list": "- " * (markup.MAX_DEPTH + 1) + "x",
        "indentation": deep_list(markup.MAX_DEPTH + 1),
        "text": ("段" * 1000 + "\n\n") * (markup.MAX_TEXT // 1002 + 1),
    }[beyond]
    with pytest.raises(markup.TooComplex):
        markup.render(text)
