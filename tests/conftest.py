"""Shared fixtures and helpers for the scoring and validation tests.

The real 2017 scheme is loaded once per session from content/rules/2017 (scheme.yaml plus
the anchors that rules.md defines), the same way kaoping.content does it. Unit files are
built from YAML text with `make_unit`, and a throw-away content folder for CLI tests with
`make_content`.
"""

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path

import pytest

from kaoping.content import _ANCHOR
from kaoping.scheme import read_scheme
from kaoping.units import read_unit
from kaoping.yamltree import read_yaml

ROOT = Path(__file__).resolve().parents[1]
RULES_2017 = ROOT / "content" / "rules" / "2017"
THEME = ROOT / "theme"
UNIT_PATH = "units/2017/u.yaml"

# A unit that loses nothing anywhere: 一 25, 二 40, 三 20, 四 15 = 100.
FULL_UNIT = """\
name: 测试单位
level: 副处级以上
poll:
  score: 96
"""


def load_scheme_2017():
    anchors = set(_ANCHOR.findall((RULES_2017 / "rules.md").read_text(encoding="utf-8-sig")))
    path = str(RULES_2017 / "scheme.yaml")
    tree, problems = read_yaml((RULES_2017 / "scheme.yaml").read_bytes(), path)
    assert not problems, problems
    scheme, problems = read_scheme(tree, path, anchors)
    assert not problems, problems
    assert scheme is not None
    return scheme


@pytest.fixture(scope="session")
def scheme():
    """The real 2017 scheme (content/rules/2017/scheme.yaml with rules.md's anchors)."""
    return load_scheme_2017_cached()


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def parse_unit(raw: bytes, scheme, unit_id: str = "u", path: str = UNIT_PATH):
    """Raw bytes → (unit or None, problems): read_yaml then read_unit, problems of both."""
    tree, problems = read_yaml(raw, path)
    if tree is None:
        return None, problems
    unit, found = read_unit(tree, path, unit_id, scheme)
    problems = list(problems) + list(found)
    return (None if problems else unit), problems  # as load_year: any problem, no unit


def make_unit(yaml_text: str, unit_id: str = "u", scheme=None, path: str = UNIT_PATH):
    """YAML text (dedented) → (unit, problems), validated against the 2017 scheme."""
    scheme = scheme or load_scheme_2017_cached()
    return parse_unit(dedent(yaml_text).encode("utf-8"), scheme, unit_id, path)


_CACHE: dict = {}


def load_scheme_2017_cached():
    if "scheme" not in _CACHE:
        _CACHE["scheme"] = load_scheme_2017()
    return _CACHE["scheme"]


def good_unit(yaml_text: str, unit_id: str = "u"):
    """Like make_unit, but the file must be valid: returns the unit."""
    unit, problems = make_unit(yaml_text, unit_id)
    assert not problems, "\n".join(str(p) for p in problems)
    assert unit is not None
    return unit


def unit_yaml(deductions: str = "", bonuses: str = "", penalties: str = "", findings: str = "",
              poll: str = "score: 96", level: str = "副处级以上", name: str = "测试单位") -> str:
    """Assemble a unit file from indented list bodies (each written with "- rule: …" items)."""
    parts = [f"name: {name}", f"level: {level}", "poll:", textwrap.indent(dedent(poll), "  ")]
    for key, body in (("deductions", deductions), ("bonuses", bonuses), ("penalties", penalties),
                      ("findings", findings)):
        if body.strip():
            parts.append(f"{key}:")
            parts.append(textwrap.indent(dedent(body), "  "))
    return "\n".join(part.rstrip("\n") for part in parts) + "\n"


def make_content(tmp_path: Path, units: dict[str, str | bytes], year: int = 2017) -> Path:
    """A content folder in tmp_path/content: the real 2017 rules plus the given unit files.

    `units` maps a file name ("abc.yaml") to its text (written as UTF-8) or raw bytes.
    """
    content = tmp_path / "content"
    shutil.copytree(RULES_2017, content / "rules" / str(year))
    folder = content / "units" / str(year)
    folder.mkdir(parents=True)
    for name, data in units.items():
        raw = data if isinstance(data, bytes) else dedent(data).encode("utf-8")
        (folder / name).write_bytes(raw)
    return content


def as_copy(raw: bytes, tag: str) -> bytes:
    """A unit file's bytes with `tag` added to its name and short name: two files of a year may not
    share them (SPEC §3), so a test that multiplies one unit file gives each copy its own."""
    return re.sub(rb"^(name|short): *(.+?) *$", lambda m: m[1] + b": " + m[2] + tag.encode(), raw, flags=re.M)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` (relative posix path → bytes), for byte-identity checks."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def content_factory(tmp_path):
    def factory(units: dict[str, str | bytes]) -> Path:
        return make_content(tmp_path, units)

    return factory
