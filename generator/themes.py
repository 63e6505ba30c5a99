"""Which theme a build uses: --theme if given, else a theme/ folder beside content/, else the one that
ships inside kaoping (as MkDocs ships its themes), so that a folder with only content/ builds.

The repository's theme/ is the source of the shipped one: pyproject.toml installs it as kaoping/theme.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def default_theme() -> Path:
    installed = _PACKAGE / "theme"
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / "theme"  # run from the repository (editable install): generator/ beside theme/


def choose_theme(content: Path, given: Path | None) -> Path:
    if given is not None:
        return given
    beside = content.parent / "theme"
    return beside if beside.is_dir() else default_theme()
