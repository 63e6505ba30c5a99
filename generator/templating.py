"""The Jinja2 environment the theme renders with: undefined names fail, everything is escaped,
and each {{ … }} is escaped straight into the page's text.

With autoescape, Jinja2 passes every {{ … }} through markupsafe.escape, which wraps the result in
a Markup object that the page's final "".join() drops at once; a unit page has a few hundred of
them, and they were a third of its rendering time. The code generator here writes {{ … }} through
escape_output instead: the same five characters escaped the same way, as plain text. It is
Jinja2's own hook for changing the code a template compiles to (Environment.code_generator_class,
as jinja2.nativetypes does). Only what a {{ … }} writes into the page goes this way; values
(a filter's result, a macro's output, a {% set %} block) stay Markup as before.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from stat import S_ISDIR

import jinja2
from jinja2.compiler import CodeGenerator

_SPECIAL = re.compile(r"[&<>'\"]")


def escape_output(value) -> str:
    """What markupsafe.escape(value) writes, as a str: HTML (anything with __html__) as it is,
    all else as text with & < > ' " escaped."""
    if type(value) is not str:
        if type(value) is int:
            return str(value)
        html = getattr(value, "__html__", None)
        if html is not None:
            return html()
        value = str(value)  # a StrictUndefined raises here, as it does in markupsafe
    if _SPECIAL.search(value) is None:
        return value
    return (value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("'", "&#39;").replace('"', "&#34;"))


class _CodeGenerator(CodeGenerator):
    def _output_child_pre(self, node, frame, finalize) -> None:
        if frame.eval_ctx.autoescape and not frame.eval_ctx.volatile:
            self.write("environment.escape_output(")  # closed by _output_child_post, as escape( is
            if finalize.src is not None:
                self.write(finalize.src)
        else:
            super()._output_child_pre(node, frame, finalize)


class Environment(jinja2.Environment):
    code_generator_class = _CodeGenerator
    escape_output = staticmethod(escape_output)


def environment(templates: Path, cache: Path | None = None) -> Environment:
    """The theme's templates; `cache`: a folder for compiled templates (each is checked against its
    source), used only where no one else could have put a file (private_folder)."""
    cache = private_folder(cache) if cache is not None else None
    return Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(cache)) if cache is not None else None,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        optimized=False,  # its constant folding gains nothing on these templates, and costs a sixth of compiling them
        auto_reload=False,  # no stat of every template for every page: a changed theme gets a new Renderer (build.py)
    )


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
