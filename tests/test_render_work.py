"""What rendering a year does not do again (issue 16.3): counted, not timed (benchmarks/ times it).

The default theme's answers are recorded when it is compiled; the pages are the bytes a full
rendering gives.
"""

from __future__ import annotations

import shutil
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
