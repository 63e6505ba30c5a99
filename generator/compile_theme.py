"""python -m kaoping.compile_theme: compile the default theme into the package (kaoping/compiled,
in a checkout generator/compiled) after editing theme/templates, templating.OPTIONS, render.py's
filters or upgrading Jinja2. A developer's command: tests/test_compiled_theme.py fails until it is run.

Compiling the twelve templates (Jinja2's parser and code generator, then Python's compiler) was
most of a clerk's first build of one year, and they never change between builds. Why committed
files rather than a step of the package build: the editable install (`pip install -e .`) and
`pip install .` then carry the same modules with nothing to run at install, pip byte-compiles
them like the rest of kaoping, and building the package needs neither Jinja2 nor kaoping's own
imports. What a clerk gets: the modules as committed, used while the installed Jinja2 is the
version they were compiled with (templating.shipped_loader); with any other, the theme is compiled
from source as before, only slower.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import jinja2

from . import themes
from .render import Renderer
from .templating import COMPILED, COMPILED_FROM, RECORDED, compiled_from
from .write import replace_generated


def compile_default(target: Path) -> None:
    """The default theme's templates compiled into `target`, with what they were compiled from."""
    templates = themes.default_theme() / "templates"
    renderer = Renderer(themes.default_theme())
    env = renderer.env  # its filters decide how a call of each is compiled
    env.loader = jinja2.FileSystemLoader(str(templates))  # from source, whatever is shipped now
    target.mkdir(parents=True, exist_ok=True)
    env.compile_templates(str(target), zip=None, ignore_errors=False)
    answers = {RECORDED: {"history_apart": renderer.shows_history_apart()}}  # from the sources, not the loader
    record = json.dumps(compiled_from(templates) | answers, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    (target / COMPILED_FROM).write_text(record, "utf-8")


def generated(folder: Path) -> dict[str, bytes]:
    """The files this module writes, as `folder` holds them."""
    return {p.name: p.read_bytes() for p in sorted(folder.glob("tmpl_*.py"))} | (
        {COMPILED_FROM: (folder / COMPILED_FROM).read_bytes()} if (folder / COMPILED_FROM).is_file() else {})


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        compile_default(Path(scratch))
        fresh = generated(Path(scratch))
    replace_generated(COMPILED, fresh, generated)
    print(f"默认模板已编译到 {COMPILED}")


if __name__ == "__main__":
    main()
