"""What rendering a year does not do again (issue 16.3): counted, not timed (benchmarks/ times it).

The default theme's answers are recorded when it is compiled; the pages are the bytes a full
rendering gives.
"""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

import kaoping.build
from kaoping import templating, themes
from kaoping.cli import main
from kaoping.render import Renderer

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def project(tmp_path):
    shutil.copytree(ROOT / "content", tmp_path / "content")
    kaoping.build._RENDERERS.clear()  # a fresh process's renderer
    return tmp_path


@pytest.fixture
def theme_parsed(monkeypatch) -> list[Path]:
    """The theme of each Renderer that worked out history_apart from its template sources."""
    parsed = []
    real = Renderer.shows_history_apart

    def counted(self):
        parsed.append(self.theme)
        return real(self)

    monkeypatch.setattr(Renderer, "shows_history_apart", counted)
    return parsed


def build(project: Path, *extra: str) -> None:
    assert main(["build", "--content", str(project / "content"), "--output", str(project / "site"),
                 "--jobs", "1", *extra]) == 0


def test_the_default_theme_answers_history_apart_as_compiled_without_parsing_a_template(project, theme_parsed):
    build(project)
    assert theme_parsed == []
    renderer = kaoping.build._RENDERERS.popitem()[1]
    assert renderer.history_apart() is True
    assert templating.recorded(renderer.env) == {"history_apart": renderer.shows_history_apart()}


def test_another_theme_works_history_apart_out_from_its_sources(project, theme_parsed):
    """A theme beside content/ (a copy of the default) is not the shipped one: nothing recorded applies."""
    shutil.copytree(ROOT / "theme", project / "theme")
    build(project)
    assert theme_parsed == [project / "theme"]
    assert templating.recorded(kaoping.build._RENDERERS.popitem()[1].env) == {}


def test_a_record_that_is_not_a_mapping_is_not_trusted(project, theme_parsed, tmp_path, monkeypatch):
    """The record is trusted with the compiled modules or not at all: a manifest whose recorded
    answers are damaged makes the theme compile from source, and work its answers out."""
    compiled = tmp_path / "compiled"
    shutil.copytree(templating.COMPILED, compiled)
    manifest = compiled / templating.COMPILED_FROM
    manifest.write_text(manifest.read_text("utf-8").replace('"recorded": {', '"recorded": [{').replace(
        '\n },\n "templates"', '\n }],\n "templates"'), "utf-8")
    monkeypatch.setattr(templating, "COMPILED", compiled)
    assert templating.shipped_loader(themes.default_theme() / "templates") is None
    build(project)
    assert theme_parsed == [themes.default_theme()]


@pytest.fixture
def renders(monkeypatch) -> list[tuple[str, dict]]:
    """(template name, context) of every template rendered on its own in this process."""
    import jinja2

    seen = []
    real = jinja2.Template.render

    def render(template, *args, **context):
        seen.append((template.name, context))
        return real(template, *args, **context)

    monkeypatch.setattr(jinja2.Template, "render", render)
    return seen


def test_pieces_that_recur_on_the_pages_of_a_year_are_rendered_once_each(project, renders):
    """The site head, the grade-bands paragraph, the poll part, each section's bar and each dot of
    the history line are rendered once per distinct content in a year, not once per page."""
    content = project / "content"
    assert main(["new-year", "2018", "--content", str(content)]) == 0
    unit = content / "units" / "2018" / "zhubao.yaml"  # a total that differs from 2017's
    unit.write_text(unit.read_text("utf-8").replace("deductions:", "deductions:\n  - rule: 评查缺次\n"
                                                    "    count: 1\n    note: 第一季度未开展综治工作评查", 1), "utf-8")
    build(project)
    site = project / "site"
    results = {year: json.loads((site / year / "results.json").read_text("utf-8"))["units"] for year in ("2017", "2018")}
    counts = Counter(name for name, _ in renders)
    # three heads a year: the 通报 and the rules page (in the year folder), and every unit page
    assert counts["fragments/site_head.html"] == 6
    assert counts["fragments/grade_bands.html"] == sum(len({u["total"] for u in units}) for units in results.values())
    assert counts["fragments/section_bar.html"] == sum(
        len({(label, value) for u in units for label, value in u["sections"].items() if label != "五"})
        for units in results.values())
    # 2018's pages show 2017 and 2018: a dot per distinct total in each place (2017's first)
    in_both = {u["id"] for u in results["2017"]} & {u["id"] for u in results["2018"]}
    assert counts["fragments/history_dot.html"] == sum(
        len({u["total"] for u in units if u["id"] in in_both}) for units in results.values())
    polls = [{re.search("<p>本单位为.*?</p>", (site / year / "units" / f"{u['id']}.html").read_text("utf-8"))[0]
              for u in units} for year, units in results.items()]
    assert counts["fragments/poll.html"] == sum(map(len, polls))  # one render per distinct poll part shown
    pages = counts["unit.html"]
    assert pages == len(results["2017"]) + len(results["2018"])
    assert counts["fragments/section_bar.html"] < pages * 4 / 2  # the point: far fewer than a bar per page
    page = (site / "2018" / "units" / "zhubao.html").read_text("utf-8")
    assert page.count('<header class="site-head">') == 1 and page.count("<circle ") == 2
    assert page.count('<rect class="fill"') == len(results["2018"][0]["sections"]) - 1


@pytest.mark.parametrize("fragment, asks", [("item_row.html", "item.entries|length"),
                                             ("part_heading.html", "s.tree.entries|length")])
def test_a_shared_line_that_asks_for_one_units_entries_is_refused_not_filled_from_another(project, capsys,
                                                                                       fragment, asks):
    """An item's line and a part's heading are rendered once for every unit with the same figures, so
    they are given those figures alone: a theme that shows a unit's own entries there would otherwise
    print the first unit's count on every page sharing the line."""
    theme = project / "theme"
    shutil.copytree(ROOT / "theme", theme)
    path = theme / "templates" / "fragments" / fragment
    path.write_text(path.read_text("utf-8") + f"<!-- {{{{ {asks} }}}} -->\n", "utf-8")
    assert main(["build", "--content", str(project / "content"), "--theme", str(theme),
                 "--output", str(project / "site"), "--jobs", "1"]) == 1
    told = capsys.readouterr().err
    assert f"fragments/{fragment}" in told and "模板错误" in told and "entries" in told, told
    assert not (project / "site").exists()
