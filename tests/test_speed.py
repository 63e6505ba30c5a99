"""Doing no work for what did not change, without ever giving a stale result (issue "Speed").

Timing lives in benchmarks/run.py; these tests check the behaviour that makes builds fast:
a year whose inputs are unchanged is neither re-rendered nor rewritten, an edit rewrites only
the files whose bytes change, and a parallel build is byte-identical to a serial one.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from kaoping.cli import main
from kaoping.state import state_folder

ROOT = Path(__file__).resolve().parents[1]


def tree(folder: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every file of a year folder: (inode, mtime_ns, bytes)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            stat = path.stat()
            found[path.relative_to(folder).as_posix()] = (stat.st_ino, stat.st_mtime_ns, path.read_bytes())
    return found


@pytest.fixture
def two_years(tmp_path):
    """A copy of the example content with a second year 2018 made by `kaoping new-year`."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    assert main(["new-year", "2018", "--content", str(content)]) == 0
    unit = content / "units" / "2018" / "zhubao.yaml"
    unit.write_text(re.sub(r"(?m)^deductions:.*$", lambda _: "deductions:\n"
                           "  - rule: 评查缺次\n    count: 1\n    note: 第一季度未开展综治工作评查",
                           unit.read_text("utf-8"), count=1), "utf-8")
    return content


def build(content: Path, output: Path, *extra: str) -> int:
    return main(["build", "--content", str(content), "--theme", str(ROOT / "theme"), "--output", str(output), *extra])


def test_parallel_build_is_byte_identical_to_serial(two_years, tmp_path):
    assert build(two_years, tmp_path / "serial", "--jobs", "1") == 0
    assert build(two_years, tmp_path / "parallel", "--jobs", "2") == 0
    for year in ("2017", "2018"):
        serial = {k: v[2] for k, v in tree(tmp_path / "serial" / year).items()}
        parallel = {k: v[2] for k, v in tree(tmp_path / "parallel" / year).items()}
        assert serial == parallel
        assert len(serial) > 20
    assert (tmp_path / "serial" / "index.html").read_bytes() == (tmp_path / "parallel" / "index.html").read_bytes()


def test_no_change_rebuild_rewrites_nothing(two_years, tmp_path, capsys):
    site = tmp_path / "site"
    assert build(two_years, site) == 0
    before = {year: tree(site / year) for year in ("2017", "2018")}
    index = site.joinpath("index.html").stat()
    capsys.readouterr()
    assert build(two_years, site) == 0
    assert "内容未变" in capsys.readouterr().out
    assert {year: tree(site / year) for year in ("2017", "2018")} == before
    assert site.joinpath("index.html").stat().st_mtime_ns == index.st_mtime_ns


def test_an_edit_in_one_year_rewrites_only_that_years_changed_files(two_years, tmp_path):
    site = tmp_path / "site"
    assert build(two_years, site) == 0
    before_2017, before_2018 = tree(site / "2017"), tree(site / "2018")
    unit = two_years / "units" / "2018" / "zhubao.yaml"
    unit.write_text(unit.read_text("utf-8").replace("第一季度未开展", "第二季度未开展"), "utf-8")  # a note only
    assert build(two_years, site) == 0
    assert tree(site / "2017") == before_2017  # not a byte, not an inode, not a time
    after = tree(site / "2018")
    rewritten = sorted(path for path in after if after[path][0] != before_2018[path][0])
    # the edited unit's page and the pages listing every note (the rules page shows no notes)
    assert rewritten == ["units/zhubao.html"]
    assert "第二季度未开展" in after["units/zhubao.html"][2].decode("utf-8")
    for path in set(after) - set(rewritten):  # everything else is the very same file
        assert after[path][:2] == before_2018[path][:2]


def test_a_score_change_rerenders_the_pages_that_show_it(two_years, tmp_path):
    site = tmp_path / "site"
    assert build(two_years, site) == 0
    before = tree(site / "2018")
    unit = two_years / "units" / "2018" / "zhubao.yaml"
    unit.write_text(unit.read_text("utf-8").replace("count: 1", "count: 2"), "utf-8")
    assert build(two_years, site) == 0
    after = tree(site / "2018")
    changed = {path for path in after if after[path][2] != before[path][2]}
    assert {"units/zhubao.html", "index.html", "rules.html", "results.json", "results.csv"} <= changed
    # and the incremental result equals a clean build of the same content
    assert build(two_years, tmp_path / "clean") == 0
    assert {k: v[2] for k, v in after.items()} == {k: v[2] for k, v in tree(tmp_path / "clean" / "2018").items()}


def test_an_edit_that_keeps_size_and_time_is_still_seen(two_years, tmp_path):
    """Change detection is by content hash, never by size and mtime alone."""
    site = tmp_path / "site"
    assert build(two_years, site) == 0
    unit = two_years / "units" / "2018" / "zhubao.yaml"
    stat = unit.stat()
    text = unit.read_text("utf-8")
    unit.write_text(text.replace("count: 1", "count: 3"), "utf-8")  # same length
    os.utime(unit, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert unit.stat().st_size == stat.st_size
    assert build(two_years, site) == 0
    page = (site / "2018" / "units" / "zhubao.html").read_text("utf-8")
    assert "3次 × 2分" in page


def test_a_stale_or_corrupt_cache_is_never_used(two_years, tmp_path):
    site = tmp_path / "site"
    assert build(two_years, site) == 0
    state = state_folder(two_years, site)
    caches = list(state.glob("*.parsed.json"))
    assert len(caches) == 2
    for cache in caches:
        cache.write_bytes(b"not a cache")
    stamp = state / "2018.json"
    stamp.write_text("{broken", "utf-8")
    assert build(two_years, tmp_path / "clean") == 0
    assert build(two_years, site) == 0
    for year in ("2017", "2018"):
        assert {k: v[2] for k, v in tree(site / year).items()} == \
            {k: v[2] for k, v in tree(tmp_path / "clean" / year).items()}


def test_caches_shared_by_the_years_of_one_process_never_mix_their_schemes(two_years, tmp_path):
    """One worker renders several years with one Renderer: a line cached for 2017 must not
    stand in for 2018's when 2018's scheme gives the item another base."""
    scheme = two_years / "rules" / "2018" / "scheme.yaml"
    scheme.write_text(scheme.read_text("utf-8").replace(
        '{key: "1", title: 群体性事件, base: 6,', '{key: "1", title: 群体性事件, base: 7,'), "utf-8")
    unit = two_years / "units" / "2018" / "zhengshou.yaml"  # a deduction in 二, so its items are listed
    unit.write_text(re.sub(r"(?m)^deductions:.*$", lambda _: "deductions:\n"
                           "  - rule: 消防\n    points: 1\n    note: 消防通道堆放杂物未及时清理",
                           unit.read_text("utf-8"), count=1), "utf-8")
    site = tmp_path / "site"
    assert build(two_years, site, "--jobs", "1") == 0
    base = re.compile(r"二\.1 群体性事件</a></th>\s*<td class=\"num\" colspan=\"3\">基分(\d+)，")
    assert base.findall((site / "2017" / "units" / "zhengshou.html").read_text("utf-8")) == ["6"]
    assert base.findall((site / "2018" / "units" / "zhengshou.html").read_text("utf-8")) == ["7"]


def test_a_first_build_reads_each_input_once_and_its_stamp_holds(two_years, tmp_path, monkeypatch):
    """With no stamp there is nothing to compare with: the plan hashes nothing, the worker records
    what it read, and that record is exactly what the next build's plan computes (so it changes nothing)."""
    from kaoping import fingerprints

    hashed = []
    real_sha = fingerprints.file_sha
    monkeypatch.setattr(fingerprints, "file_sha",  # content files only (the theme is hashed on every build)
                        lambda path: (two_years in Path(path).parents and hashed.append(path)) or real_sha(path))
    site = tmp_path / "site"
    assert build(two_years, site, "--jobs", "1") == 0
    assert hashed == []
    for year in (2017, 2018):
        recorded = fingerprints.read_stamp(state_folder(two_years, site), year)["files"]
        assert recorded == fingerprints.file_hashes(two_years, year, {})  # the same names, stats and sha256
        assert len(recorded) == 3 + len(list((two_years / "units" / str(year)).glob("*.yaml")))
    hashed.clear()  # (file_hashes just above read them all)
    before = {year: tree(site / year) for year in ("2017", "2018")}
    assert build(two_years, site) == 0
    assert hashed == []  # unchanged files are known by their stat
    assert {year: tree(site / year) for year in ("2017", "2018")} == before


def test_an_edit_checks_only_the_changed_file_and_a_rules_change_checks_the_scheme_again(two_years, tmp_path,
                                                                                           monkeypatch):
    """The parse cache keeps the validated scheme and 通报 text as well as the units, and the rules
    text's HTML, each by the hashes of the files it was made from (the scheme also by rules.md,
    whose anchors it names): an edit converts no Markdown."""
    from kaoping import content

    checked = []
    for module, name in ((content, "read_scheme"), (content, "read_unit"), (content, "_read_bulletin"),
                         (content.markup, "render")):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *a, real=real, name=name: checked.append(name) or real(*a))
    site = tmp_path / "site"
    assert build(two_years, site, "--jobs", "1") == 0
    units = len(list((two_years / "units" / "2017").glob("*.yaml")))
    assert checked.count("read_scheme") == 2 and checked.count("read_unit") > units
    checked.clear()
    unit = two_years / "units" / "2018" / "zhubao.yaml"
    unit.write_text(unit.read_text("utf-8").replace("count: 1", "count: 2"), "utf-8")
    assert build(two_years, site, "--jobs", "1") == 0
    assert checked == ["read_unit"]  # 2017 unchanged is not even loaded; 2018 re-checks one file
    checked.clear()
    rules = two_years / "rules" / "2018" / "rules.md"
    rules.write_text(rules.read_text("utf-8") + "\n补充说明。\n", "utf-8")
    assert build(two_years, site, "--jobs", "1") == 0
    assert checked == ["render", "read_scheme"]  # the rules text converted again, and checked against
    assert "补充说明" in (site / "2018" / "rules.html").read_text("utf-8")


def test_building_one_year_twice_does_nothing_the_second_time(two_years, tmp_path, capsys):
    """2017 is only scored for 2018's history lines (it gets no stamp): it is still hashed, so
    2018's fingerprint can be checked the next time."""
    site = tmp_path / "site"
    assert build(two_years, site, "--year", "2018") == 0
    before = tree(site / "2018")
    capsys.readouterr()
    assert build(two_years, site, "--year", "2018") == 0
    assert "内容未变" in capsys.readouterr().out
    assert tree(site / "2018") == before


def test_rendering_a_year_leaves_none_of_its_data_to_the_cycle_collector(tmp_path):
    """Workers pause the cycle collector while they build a year (build.build_year). That is only
    cheap if pages tie none of the year's data into reference cycles (a macro made per page, a
    nested function calling itself did): everything must go as soon as it is no longer used."""
    import gc

    from kaoping.scoring import ScoredYear
    from kaoping.content import load_year
    from kaoping.render import Renderer
    from kaoping.scoring import score_year

    renderer = Renderer(ROOT / "theme")  # as in a worker: one for all the years it builds

    def render_once():
        loaded = load_year(ROOT / "content", 2017)
        scored = ScoredYear(loaded, score_year(loaded.scheme, list(loaded.units)))
        renderer.year_files(scored, "key", "own", {}, lambda path, key: None)

    render_once()  # templates compiled, macros made once
    gc.collect()
    gc.disable()
    try:
        gc.set_debug(gc.DEBUG_SAVEALL)
        render_once()
        gc.collect()
        left = {type(o).__name__ for o in gc.garbage}
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert not left & {"Unit", "UnitResult", "YearResult", "NodeScore", "EntryScore", "EntryLine", "Context"}


def test_a_serial_build_collects_cycles_between_years_not_after_the_last(two_years, tmp_path, monkeypatch):
    """In one process, a full collection after a year keeps memory flat for the next one; after the
    last year to load it would only cost time (a tenth of a second in a large archive)."""
    import gc

    from kaoping import build as build_module

    collections = []
    monkeypatch.setattr(build_module.gc, "collect", lambda *args: collections.append(args) or 0)
    assert build(two_years, tmp_path / "site", "--jobs", "1") == 0
    assert len(collections) == 1  # after 2017, not after 2018
    collections.clear()
    unit = two_years / "units" / "2018" / "zhubao.yaml"
    unit.write_text(unit.read_text("utf-8").replace("第一季度", "第二季度"), "utf-8")
    assert build(two_years, tmp_path / "site") == 0
    assert collections == []  # an edit in one year: nothing follows it
    assert gc.isenabled()


@pytest.fixture
def rendered_rows(monkeypatch) -> list[str]:
    """The unit of each row of units.html rendered (fragments/unit_row.html), in order."""
    import jinja2

    rendered = []
    real = jinja2.Template.render

    def render(template, *args, **context):
        if template.name == "fragments/unit_row.html":
            rendered.append(context["u"].id)
        return real(template, *args, **context)

    monkeypatch.setattr(jinja2.Template, "render", render)
    return rendered


def test_an_edit_in_one_year_renders_only_the_rows_of_the_units_page_it_changed(two_years, tmp_path, rendered_rows):
    """units.html has a row per unit with its figures of every year. Each row is kept between builds
    by all it shows (render.UnitRows), so an edit in one year renders the rows of that year's units
    it changed, not the page's every row, and the site-wide pages are those a cold build makes."""
    rendered = rendered_rows
    site = tmp_path / "site"
    assert build(two_years, site, "--jobs", "1") == 0
    ids = {year: sorted(p.stem for p in (two_years / "units" / year).glob("*.yaml")) for year in ("2017", "2018")}
    assert sorted(rendered) == sorted(set(ids["2017"]) | set(ids["2018"]))  # once each

    def edit(year: str, unit: str, old: str, new: str) -> None:
        path = two_years / "units" / year / f"{unit}.yaml"
        text = path.read_text("utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), "utf-8")

    def same_as_cold(name: str) -> None:
        assert build(two_years, tmp_path / name, "--jobs", "1") == 0
        for page in ("index.html", "units.html"):
            assert (site / page).read_bytes() == (tmp_path / name / page).read_bytes()

    rendered.clear()
    edit("2017", "zhubao", "name: 市住房保障服务中心", "name: 市住房保障中心")  # 2018 keeps the name: a 曾用名
    assert build(two_years, site, "--jobs", "1") == 0
    assert rendered == ["zhubao"] and "zhubao" in ids["2017"]
    assert "曾用名：市住房保障中心" in (site / "units.html").read_text("utf-8")
    rendered.clear()
    same_as_cold("cold")

    rendered.clear()
    edit("2018", "zhubao", "count: 1", "count: 2")  # a total, and maybe a grade
    assert build(two_years, site, "--jobs", "1") == 0
    assert rendered == ["zhubao"]

    # a damaged or planted record of rows is not used: every row is rendered again, the page is right
    state = state_folder(two_years, site)
    for planted in (b"[1, 2]", b'{"x": 1}', b"\xff not json"):
        (state / "units.rows.json").write_bytes(planted)
        edit("2018", "zhubao", "count: 2", "count: 1")
        rendered.clear()
        assert build(two_years, site, "--jobs", "1") == 0
        assert sorted(rendered) == sorted(set(ids["2017"]) | set(ids["2018"]))
        edit("2018", "zhubao", "count: 1", "count: 2")
        assert build(two_years, site, "--jobs", "1") == 0
    rendered.clear()
    same_as_cold("cold-again")


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX owners and modes")
def test_rows_kept_where_others_could_write_are_not_used(two_years, tmp_path, rendered_rows):
    """A kept row goes into units.html as it is: kept rows are read back only from a state folder
    that this user alone can write, like compiled templates; elsewhere every row is rendered."""
    rendered = rendered_rows
    site = tmp_path / "site"
    assert build(two_years, site, "--jobs", "1") == 0
    every_row = sorted(rendered)
    state = state_folder(two_years, site)
    path = two_years / "units" / "2018" / "zhubao.yaml"
    for mode, expected in ((0o777, every_row), (0o700, ["zhubao"])):
        state.chmod(mode)
        path.write_text(path.read_text("utf-8").replace("count: 1", "count: 2", 1), "utf-8")
        rendered.clear()
        assert build(two_years, site, "--jobs", "1") == 0
        assert sorted(rendered) == expected, oct(mode)
        path.write_text(path.read_text("utf-8").replace("count: 2", "count: 1", 1), "utf-8")
        rendered.clear()
        assert build(two_years, site, "--jobs", "1") == 0


def test_a_no_change_build_lists_each_unit_folder_once(two_years, tmp_path, monkeypatch):
    """The plan wants each year's listing, its input files and every unit's years: one scan of each
    unit folder serves them all (content.UnitFolders)."""
    site = tmp_path / "site"
    assert build(two_years, site, "--jobs", "1") == 0
    scanned = []
    real = os.scandir

    def scandir(path=".", *args):
        scanned.append(Path(path))
        return real(path, *args)

    monkeypatch.setattr(os, "scandir", scandir)
    assert build(two_years, site, "--jobs", "1") == 0
    units = [path.relative_to(two_years).as_posix() for path in scanned if two_years / "units" in path.parents]
    assert sorted(units) == ["units/2017", "units/2018"]


def test_a_build_reads_the_parts_of_a_stamp_only_for_a_year_it_makes(two_years, tmp_path, monkeypatch):
    """Planning reads the first part of each stamp (fingerprints.py): what a year made and its history
    lines only when that year is built, its roster only when the site's index is rendered again, and
    kaoping's record of what it wrote only when something is to be written."""
    site = tmp_path / "site"
    assert build(two_years, site) == 0
    read = []
    for method in ("read_bytes", "read_text"):
        real = getattr(Path, method)

        def reading(self, *args, _real=real):
            read.append(self.name)
            return _real(self, *args)

        monkeypatch.setattr(Path, method, reading)

    def parts_read() -> list[str]:
        return sorted(name for name in read if name.endswith((".work.json", ".roster.json")))

    assert build(two_years, site) == 0
    assert parts_read() == [] and "written.json" not in read
    unit = two_years / "units" / "2018" / "zhubao.yaml"  # a note: no total, name or grade changes
    unit.write_text(unit.read_text("utf-8").replace("第一季度未开展综治工作评查", "第二季度未开展综治工作评查"), "utf-8")
    read.clear()
    assert build(two_years, site) == 0
    assert parts_read() == ["2018.work.json"]
    assert "第二季度未开展综治工作评查" in (site / "2018" / "units" / "zhubao.html").read_text("utf-8")
    unit.write_text(re.sub(r"(?m)^name: *(.*)$", r"name: \1（改）", unit.read_text("utf-8"), count=1), "utf-8")
    read.clear()
    assert build(two_years, site) == 0  # the name is on the site's index: 2017's roster is read for it
    assert parts_read() == ["2017.roster.json", "2018.work.json"]
    assert build(two_years, tmp_path / "clean") == 0
    assert (site / "units.html").read_bytes() == (tmp_path / "clean" / "units.html").read_bytes()
