"""The default theme ships compiled (templating.py, compile_theme.py, issue 16.3): a build with it
compiles no template, yet one whose templates, Jinja2 version or options differ from what the
shipped modules were compiled from is compiled from source, and the pages are the same bytes
either way.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jinja2
import pytest

import kaoping.build
from kaoping import templating, themes
from kaoping.cli import main
from kaoping.compile_theme import compile_default, generated

ROOT = Path(__file__).resolve().parents[1]


def test_the_shipped_compiled_theme_is_what_compiling_theme_templates_gives_now(tmp_path):
    compile_default(tmp_path / "fresh")
    fresh, shipped = generated(tmp_path / "fresh"), generated(templating.COMPILED)
    stale = sorted(name for name in fresh.keys() | shipped.keys() if fresh.get(name) != shipped.get(name))
    assert not stale, f"generator/compiled is stale ({', '.join(stale)}): run `python -m kaoping.compile_theme`"


@pytest.fixture
def compiles(monkeypatch):
    """The names of the templates Jinja2 compiles from source, in this process."""
    names: list[str] = []
    compile_source = jinja2.Environment.compile

    def counted(self, source, name=None, *args, **kwargs):
        names.append(name)
        return compile_source(self, source, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    return names


def site(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def build(project: Path, output: str = "site") -> dict[str, bytes]:
    """A build of `project`/content with no --theme (a theme/ beside content/ if there is one, else
    the default), in this process as in a fresh one: a new output folder, no state folder, no
    renderer kept from an earlier build."""
    shutil.rmtree(project / ".kaoping", ignore_errors=True)
    kaoping.build._RENDERERS.clear()
    assert main(["build", "--content", str(project / "content"), "--output", str(project / output),
                 "--jobs", "1"]) == 0
    return site(project / output)


@pytest.fixture
def project(tmp_path):
    shutil.copytree(ROOT / "content", tmp_path / "content")
    return tmp_path


@pytest.fixture
def default_copy(project, monkeypatch):
    """A copy of the default theme that kaoping takes for its default (as a developer's checkout
    or an installed kaoping would), so that its templates can be edited."""
    theme = project / "shipped-theme"
    shutil.copytree(ROOT / "theme", theme)
    monkeypatch.setattr(themes, "default_theme", lambda: theme)
    return theme


def test_a_cold_build_with_the_default_theme_compiles_no_template(project, compiles):
    pages = build(project)
    assert compiles == []
    assert "2017/index.html" in pages and any(name.startswith("2017/units/") for name in pages)
    assert not list(project.glob(".kaoping/*/templates"))  # nothing compiled to keep


def test_the_pages_are_the_same_bytes_compiled_from_source(project, compiles, monkeypatch, tmp_path):
    assert main(["new-year", "2018", "--content", str(project / "content")]) == 0  # pages with earlier years too
    shipped = build(project, "shipped")
    assert compiles == []
    recorded = json.loads((templating.COMPILED / templating.COMPILED_FROM).read_text("utf-8"))
    compiled = tmp_path / "compiled-for-another-jinja2"
    shutil.copytree(templating.COMPILED, compiled)
    (compiled / templating.COMPILED_FROM).write_text(json.dumps({**recorded, "jinja2": "3.0.0"}), "utf-8")
    monkeypatch.setattr(templating, "COMPILED", compiled)  # as if they were compiled with another Jinja2
    from_source = build(project, "from-source")
    assert sorted(set(compiles)) == sorted(recorded["templates"])
    assert from_source == shipped


def test_an_unchanged_copy_taken_for_the_default_uses_the_compiled_modules(default_copy, project, compiles):
    build(project)
    assert compiles == []


def test_an_edited_default_template_is_compiled_from_source_and_the_edit_shows(default_copy, project, compiles):
    unit = default_copy / "templates" / "unit.html"
    unit.write_text(unit.read_text("utf-8").replace("</h1>", "（已改）</h1>", 1), "utf-8")
    pages = build(project)
    assert "unit.html" in compiles
    shown = [raw.decode("utf-8") for name, raw in pages.items() if name.startswith("2017/units/")]
    assert shown and all("（已改）</h1>" in page for page in shown)


def test_a_template_added_to_the_default_theme_is_found(default_copy, project, compiles):
    """A template the shipped modules know nothing of: everything is compiled from source."""
    (default_copy / "templates" / "fragments" / "extra.html").write_text("<p>新</p>\n", "utf-8")
    base = default_copy / "templates" / "base.html"
    base.write_text(base.read_text("utf-8").replace("</body>", '{% include "fragments/extra.html" %}</body>', 1),
                    "utf-8")
    pages = build(project)
    assert "fragments/extra.html" in compiles
    assert "<p>新</p>" in pages["2017/index.html"].decode("utf-8")


def test_other_environment_options_compile_from_source(project, compiles, monkeypatch):
    monkeypatch.setattr(templating, "OPTIONS", {**templating.OPTIONS, "keep_trailing_newline": False})
    build(project)
    assert "base.html" in compiles


def test_a_theme_beside_content_is_compiled_from_source_even_when_unchanged(project, compiles):
    shutil.copytree(ROOT / "theme", project / "theme")
    build(project)
    assert "base.html" in compiles


def _template_place(env: jinja2.Environment) -> tuple[str, int]:
    """Where rendering rules.html without its data fails: the innermost template frame."""
    with pytest.raises(jinja2.UndefinedError) as failure:
        env.get_template("rules.html").render()
    places = []
    trace = failure.value.__traceback__
    while trace is not None:
        if trace.tb_frame.f_code.co_filename.endswith(".html"):
            places.append((trace.tb_frame.f_code.co_filename, trace.tb_lineno))
        trace = trace.tb_next
    return places[-1]


def test_an_error_in_a_shipped_template_names_its_source_file_and_line(monkeypatch):
    from kaoping.render import Renderer

    templates = themes.default_theme() / "templates"
    shipped = Renderer(themes.default_theme()).env
    assert isinstance(shipped.loader, jinja2.ModuleLoader)
    monkeypatch.setattr(templating, "OPTIONS", {**templating.OPTIONS, "cache_size": 401})  # differs: from source
    from_source = Renderer(themes.default_theme()).env
    assert isinstance(from_source.loader, jinja2.FileSystemLoader)
    place = _template_place(shipped)
    assert place == _template_place(from_source)
    assert Path(place[0]).parent == templates and place[1] > 1
