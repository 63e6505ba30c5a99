"""kaoping's bookkeeping (state.py) follows the project when the clerk moves it whole.

The record of what kaoping wrote into site/ is what lets a build replace its own pages and refuse
to touch anyone else's (issue 11). A project on a USB stick is E: on one PC and F: on the next, and
folders get renamed or copied: the next build must still know site/ as its own, and an upgrade
from the former keying (the output's full path) must not forget it either.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import shutil
from pathlib import Path

from kaoping.cli import main
from kaoping.state import STATE, state_folder

ROOT = Path(__file__).resolve().parents[1]


def kaoping(*argv: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as stop:
            code = stop.code
    return code, out.getvalue() + err.getvalue()


def new_project(where: Path) -> Path:
    shutil.copytree(ROOT / "content", where / "content")
    return where


def build(project: Path) -> tuple[int, str]:
    return kaoping("build", "--content", str(project / "content"), "--theme", str(ROOT / "theme"),
                   "--output", str(project / "site"))


def rename_first_unit(project: Path) -> tuple[Path, str]:
    """A unit's name changed, so that its pages must be written again: (its unit file, the new name)."""
    path = sorted((project / "content" / "units" / "2017").glob("*.yaml"))[0]
    text = path.read_text("utf-8")
    old = next(line for line in text.splitlines() if line.startswith("name:")).split(":", 1)[1].strip()
    path.write_text(text.replace(f"name: {old}", f"name: {old}（新）", 1), "utf-8")
    return path, f"{old}（新）"


def test_a_project_moved_whole_is_still_built_over_its_own_site(tmp_path):
    project = new_project(tmp_path / "E盘" / "考评")
    assert build(project)[0] == 0
    (project / "site" / "2017" / "会议纪要.docx").write_bytes(b"the clerk's own file")
    moved = tmp_path / "F盘" / "考评 副本"
    moved.parent.mkdir()
    shutil.move(project, moved)

    unit, name = rename_first_unit(moved)
    code, said = build(moved)

    assert code == 0, said
    page = moved / "site" / "2017" / "units" / f"{unit.stem}.html"
    assert name in page.read_text("utf-8")
    assert (moved / "site" / "2017" / "会议纪要.docx").read_bytes() == b"the clerk's own file"


def test_an_output_outside_the_project_is_still_keyed_by_its_full_path(tmp_path):
    project = new_project(tmp_path / "project")
    elsewhere, other = tmp_path / "intranet" / "site", tmp_path / "other" / "site"
    assert state_folder(project / "content", elsewhere) != state_folder(project / "content", other)
    assert state_folder(project / "content", elsewhere) != state_folder(project / "content", project / "site")
    assert state_folder(project / "content", elsewhere).parent == project / STATE


def test_bookkeeping_kept_under_the_former_key_is_adopted(tmp_path):
    project = new_project(tmp_path / "project")
    assert build(project)[0] == 0
    current = state_folder(project / "content", project / "site")
    former = project / STATE / hashlib.sha256(str((project / "site").resolve()).encode()).hexdigest()[:16]
    current.rename(former)  # as an earlier kaoping left it

    _, name = rename_first_unit(project)
    code, said = build(project)

    assert code == 0, said  # without the record, every page of the site would count as someone else's
    assert not former.exists() and current.is_dir()
    assert name in (project / "site" / "2017" / "index.html").read_text("utf-8")


def test_without_any_record_a_changed_site_is_refused_and_left_whole(tmp_path):
    """The check the two tests above rely on: losing the record really does make kaoping refuse."""
    project = new_project(tmp_path / "project")
    assert build(project)[0] == 0
    before = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    shutil.rmtree(project / STATE)

    rename_first_unit(project)
    code, said = build(project)

    assert code == 2 and "不是 kaoping 生成的" in said
    assert {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()} == before
