"""The Jinja2 environment the theme renders with: undefined names fail, everything is escaped.

The default theme comes compiled (kaoping/compiled, written by compile_theme.py): Jinja2's
`ModuleLoader` loads it when it is certainly what compiling the templates would give now. Any
other theme, or the default one once a template, the Jinja2 version or these options differ, is
compiled from source, and its compiled code is kept only in a folder no one else can write to.

Only Jinja2's public API is used (issue 16.4): the code-generator hook that once wrote each
{{ … }} as plain text instead of through Markup saved about a seventh of a cold 10 × 1,000 build's
CPU time (17–19 s against 20–22 s) and nothing measurable on a 1 × 40 rebuild, not worth a
dependency on Jinja2's internals and a pin to one minor version.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from stat import S_ISDIR

import jinja2

from . import themes
from .fingerprints import file_sha

OPTIONS = dict(
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
    optimized=False,  # its constant folding gains nothing on these templates, and costs a sixth of compiling them
    auto_reload=False,  # no stat of every template for every page: a changed theme gets a new Renderer (build.py)
)

# The default theme compiled (Environment.compile_templates), inside the package: compiled code is
# only ever read from kaoping's own folder or a private one, never from the output (issue 11.6).
COMPILED = Path(__file__).resolve().parent / "compiled"
COMPILED_FROM = "manifest.json"
# Answers about the default theme that would otherwise mean parsing its templates in every process
# that renders (render.Renderer.history_apart): worked out when compiling it, kept in the manifest
# beside what it was compiled from, and trusted exactly when the compiled modules are.
RECORDED = "recorded"


def environment(templates: Path, cache: Path | None = None) -> jinja2.Environment:
    """The theme's templates; `cache`: a folder for the templates compiled from source (each is
    checked against its source), used only where no one else could have put a file (private_folder)."""
    loader = shipped_loader(templates)
    if loader is not None:
        return jinja2.Environment(loader=loader, **OPTIONS)
    cache = private_folder(cache) if cache is not None else None
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(cache)) if cache is not None else None,
        **OPTIONS,
    )


def shipped_loader(templates: Path) -> jinja2.ModuleLoader | None:
    """The compiled default theme, if `templates` is the default theme's and every template, the
    Jinja2 version and OPTIONS are those it was compiled from; otherwise None."""
    if templates.resolve() != (themes.default_theme() / "templates").resolve():
        return None
    try:
        record = json.loads((COMPILED / COMPILED_FROM).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict):
        return None
    recorded = record.pop(RECORDED, {})
    if record != compiled_from(templates) or not isinstance(recorded, dict):
        return None
    return _Shipped(templates, recorded)


def recorded(env: jinja2.Environment) -> dict:
    """What compile_theme recorded about the theme `env` renders, if it is the shipped one; else {}."""
    return env.loader.recorded if isinstance(env.loader, _Shipped) else {}


class _Shipped(jinja2.ModuleLoader):
    """The compiled modules, each template named by its source file, as if compiled from it: an
    error names the template and its line (Jinja2 maps the line; build._template_problem reports it)."""

    def __init__(self, templates: Path, recorded: dict):
        super().__init__(str(COMPILED))
        self.templates, self.recorded = templates, recorded

    def load(self, environment, name, globals=None):
        template = super().load(environment, name, globals)
        template.filename = os.fspath(self.templates / name)
        return template


def compiled_from(templates: Path) -> dict:
    """What compiling `templates` depends on: each template's sha256 (a template added or removed
    counts too), the Jinja2 version, and the options (delimiters, whitespace, escaping)."""
    names = jinja2.FileSystemLoader(str(templates)).list_templates()
    return {"jinja2": jinja2.__version__,
            "options": {key: repr(value) for key, value in sorted(OPTIONS.items())},
            "templates": {name: file_sha(templates / name) for name in names}}


def private_folder(folder: Path) -> Path | None:
    """`folder` (made if missing), or None if another user could write into it or into the two
    folders above it (the state folder and .kaoping/, state.py). A compiled template is Python code
    that Jinja2 runs as it is: it is read only from where this user alone could have written it
    (as Jinja2 does for its own default cache folder). Where there are no POSIX owners (Windows),
    the folder is the user's own profile's business."""
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        if not hasattr(os, "getuid"):
            return folder
        for place in (folder, folder.parent, folder.parent.parent):
            stat = os.lstat(place)
            if not S_ISDIR(stat.st_mode) or stat.st_uid != os.getuid() or stat.st_mode & 0o022:
                return None
    except OSError:
        return None
    return folder
