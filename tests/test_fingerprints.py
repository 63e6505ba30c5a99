"""What a build is made from and what it made (issues 11 and 16): bookkeeping outside the output,
nothing read back that could run code, the freeze of published years, pages reused only when
their bytes are the recorded ones, and a later year that depends on what it shows of earlier ones.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
import shutil
from pathlib import Path

import jinja2
import pytest

from kaoping import build as build_module
from kaoping.cli import main
from kaoping.state import state_folder
from kaoping.templating import environment

ROOT = Path(__file__).resolve().parents[1]
THEME = ROOT / "theme"
SITE_ROOT = {"index.html", "units.html", "site.js", "favicon.svg"}  # the site's own root files
YEAR_FILES = {"index.html", "rules.html", "results.json", "results.csv", "bulletin.docx", "manifest.json"}


@pytest.fixture
def content(tmp_path):
    """The example content and a second year 2018 made by `kaoping new-year`."""
    folder = tmp_path / "content"
    shutil.copytree(ROOT / "content", folder)
    assert main(["new-year", "2018", "--content", str(folder)]) == 0
    return folder


def build(content: Path, output: Path, *extra: str) -> int:
    return main(["build", "--content", str(content), "--theme", str(THEME), "--output", str(output), *extra])


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def add_deduction(unit: Path) -> None:
    unit.write_text(re.sub(r"(?m)^deductions:.*$", lambda _: "deductions:\n"
                           "  - rule: 评查缺次\n    count: 1\n    note: 第一季度未开展综治工作评查",
                           unit.read_text("utf-8"), count=1), "utf-8")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


# --------------------------------------------------------------------------- the output is the site alone


def test_the_output_holds_the_site_and_nothing_else(content, tmp_path):
    site = tmp_path / "site"
    assert build(content, site) == 0
    unit = content / "units" / "2018" / "zhubao.yaml"  # an incremental build leaves nothing behind either
    add_deduction(unit)
    assert build(content, site) == 0
    assert not [p for p in site.rglob("*") if p.name.startswith(".")]
    assert sorted(p.name for p in site.iterdir() if p.is_dir()) == ["2017", "2018"]
    assert "index.html" in (root := {p.name for p in site.iterdir() if p.is_file()}) and root <= SITE_ROOT
    assets = {"assets/" + p.relative_to(THEME / "static").as_posix() for p in (THEME / "static").rglob("*")
              if p.is_file()}
    for year in ("2017", "2018"):
        made = set(files(site / year))
        ids = {u["id"] for u in json.loads((site / year / "results.json").read_text("utf-8"))["units"]}
        pages = {f"units/{i}.html" for i in ids}
        assert made - YEAR_FILES == pages | assets, year
    # nothing about the inputs' files (inode, times) reaches the site; kaoping's record is in the state folder
    stamps = [json.loads((state_folder(content, site) / f"{year}.json").read_text("utf-8")) for year in (2017, 2018)]
    assert len(stamps) == 2 and all("files" in s for s in stamps)
    published = b"".join(files(site).values())
    for path in (content / "units" / "2018").iterdir():
        stat = path.stat()
        assert str(stat.st_mtime_ns).encode() not in published and str(stat.st_ctime_ns).encode() not in published


class _Planted:
    """Unpickled, it would create the file `marker`: what an attacker would plant as a cache."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return open, (str(self.marker), "w")


def test_a_planted_pickle_or_garbage_is_never_run(content, tmp_path):
    site, marker = tmp_path / "site", tmp_path / "ran"
    crafted = pickle.dumps(((0, 0), _Planted(marker)))
    pickle.loads(crafted)  # the crafted pickle works ...
    assert marker.exists()
    marker.unlink()
    state = state_folder(content, site)
    old = site / ".kaoping"  # where kaoping kept its caches before, inside the output
    old.mkdir(parents=True)
    for year in (2017, 2018):
        (old / f"{year}.parsed.pickle").write_bytes(crafted)
        (old / f"{year}.json").write_bytes(crafted)
    assert build(content, site) == 0
    for name in ("2017.parsed.pickle", "2018.parsed.pickle", "2017.parsed.json", "2018.json", "index.key"):
        (state / name).write_bytes(crafted)  # ... and is planted wherever kaoping keeps anything
    (state / "2017.parsed.json").write_bytes(b'["' + b"[" * 100000)  # garbage, deeply nested
    edit(content / "units" / "2017" / "zhubao.yaml", "name:", "# 改动\nname:")
    edit(content / "units" / "2018" / "zhubao.yaml", "name:", "# 改动\nname:")
    assert build(content, site) == 0
    assert not marker.exists()
    assert build(content, tmp_path / "clean") == 0
    assert files(site / "2017") == files(tmp_path / "clean" / "2017")
    assert files(site / "2018") == files(tmp_path / "clean" / "2018")


def test_the_parse_cache_reads_back_exactly_what_was_validated(content, tmp_path):
    """Every record the loader makes survives the JSON cache as the same value (a record type the
    cache does not know would leave no cache at all, and this test would say so)."""
    from kaoping import parsecache
    from kaoping.content import load_year
    from kaoping.fingerprints import file_sha

    site = tmp_path / "site"
    assert build(content, site) == 0
    for year in (2017, 2018):
        scheme_sha = file_sha(content / "rules" / str(year) / "scheme.yaml")
        kept = parsecache.read(state_folder(content, site) / f"{year}.parsed.json", scheme_sha)
        units = len(list((content / "units" / str(year)).glob("*.yaml")))
        assert len(kept) == units + 3  # every unit, the scheme, the 通报 text, the rules text
        assert load_year(content, year, kept) == load_year(content, year)


_DAMAGES = {
    "an entry's line as true": lambda unit: unit[9][0][0].__setitem__(2, True),
    "points as a binary number, not decimal text": lambda unit: unit[9][0][0].__setitem__(4, 1.5),
    "points that are no number": lambda unit: unit[9][0][0].__setitem__(4, "1,5"),
    "a date that does not exist": lambda unit: unit[9][0][0].__setitem__(5, "2017-13-01"),
    "an entry with a field too many": lambda unit: unit[9][0][0].append(None),
    "a name that is no text": lambda unit: unit.__setitem__(2, ["名称"]),
    "a unit without its lists": lambda unit: unit.pop(),
}


def test_a_damaged_unit_in_the_parse_cache_leaves_no_cache(content, tmp_path):
    """Units are kept flat, by position: every field is checked for its type as it is read, so a
    damaged line is refused (and every file checked again), never read as some other value."""
    from kaoping import parsecache
    from kaoping.fingerprints import file_sha

    site = tmp_path / "site"
    assert build(content, site) == 0
    path = state_folder(content, site) / "2017.parsed.json"
    scheme_sha = file_sha(content / "rules" / "2017" / "scheme.yaml")
    lines = path.read_text("utf-8").split("\n")
    zhubao = next(i for i, line in enumerate(lines) if "zhubao.yaml" in line and '"unit"' in line)
    assert len(parsecache.read(path, scheme_sha)) > 3
    for what, damage in _DAMAGES.items():
        key, kind, unit = json.loads(lines[zhubao])
        assert unit[9][0], "zhubao has deductions"
        damage(unit)
        damaged = lines[:zhubao] + [json.dumps([key, kind, unit], ensure_ascii=False)] + lines[zhubao + 1:]
        path.write_text("\n".join(damaged), "utf-8")
        assert parsecache.read(path, scheme_sha) == {}, what
    edit(content / "units" / "2017" / "zhubao.yaml", "name:", "# 改动\nname:")
    assert build(content, site) == 0
    assert build(content, tmp_path / "clean") == 0
    assert files(site / "2017") == files(tmp_path / "clean" / "2017")


def _own_theme(tmp_path: Path) -> Path:
    """A clerk's own theme (a copy of the default one): compiled from source, and kept compiled in
    the state folder (the default theme comes compiled inside kaoping: tests/test_compiled_theme.py)."""
    theme = tmp_path / "theme"
    shutil.copytree(THEME, theme)
    return theme


def _plant_compiled_templates(cache: Path, marker: Path, theme: Path) -> None:
    """A compiled-template cache entry for every template of the theme, whose code creates `marker`
    (the checksums match the real sources, so Jinja2 would run it)."""
    env = environment(theme / "templates")
    planted = jinja2.FileSystemBytecodeCache(str(cache))
    cache.mkdir(parents=True, exist_ok=True)
    for name in env.list_templates():
        source, filename, _ = env.loader.get_source(env, name)
        bucket = planted.get_bucket(env, name, filename, source)
        bucket.code = compile(f"open({str(marker)!r}, 'w').close()", filename, "exec")
        planted.set_bucket(bucket)


def test_compiled_templates_are_never_read_from_the_output_or_a_folder_others_can_write(content, tmp_path):
    site, marker, theme = tmp_path / "site", tmp_path / "ran", _own_theme(tmp_path)
    command = ["build", "--content", str(content), "--theme", str(theme), "--output", str(site)]
    _plant_compiled_templates(site / ".kaoping" / "templates", marker, theme)  # where they were kept before
    assert main(command) == 0
    assert not marker.exists()
    templates = state_folder(content, site) / "templates"
    assert any(templates.iterdir())  # the build keeps its own, in its private state folder
    shutil.rmtree(templates)
    _plant_compiled_templates(templates, marker, theme)
    templates.chmod(0o777)  # a folder anyone could have written to
    edit(content / "rules" / "2018" / "bulletin.yaml", "draft: true", "draft: false")
    (site / "index.html").unlink()
    assert main([*command, "--jobs", "1"]) == 0
    assert not marker.exists()
    assert (site / "2018" / "index.html").is_file()


def test_garbage_in_the_compiled_template_cache_is_ignored(content, tmp_path):
    site, theme = tmp_path / "site", _own_theme(tmp_path)
    command = ["build", "--content", str(content), "--theme", str(theme), "--output"]
    assert main([*command, str(site)]) == 0
    for cached in (state_folder(content, site) / "templates").iterdir():
        cached.write_bytes(os.urandom(200))
    shutil.rmtree(site / "2017")
    assert main([*command, str(site)]) == 0
    assert main([*command, str(tmp_path / "clean")]) == 0
    assert files(site / "2017") == files(tmp_path / "clean" / "2017")


# --------------------------------------------------------------------------- the freeze of published years


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def publish(content: Path, site: Path, year: int = 2017) -> None:
    assert main(["publish", str(year), "--content", str(content), "--theme", str(THEME), "--output", str(site),
                 "--date", "2018-01-05"]) == 0


def test_a_deleted_publication_record_is_refused_while_the_site_holds_the_year(content, tmp_path, capsys):
    site = tmp_path / "site"
    publish(content, site)
    record = content / "rules" / "2017" / "published.json"
    kept = record.read_bytes()
    record.unlink()
    edit(content / "units" / "2017" / "zhubao.yaml", "name:", "# 改动\nname:")  # now nothing would stop it
    before = files(site)
    code, out, err = run(capsys, "build", "--content", str(content), "--theme", str(THEME), "--output", str(site))
    assert code == 1
    assert f"{record}:1: 找不到 2017 年的发布记录" in err and str(site / "2017" / "manifest.json") in err
    assert files(site) == before and not record.exists()
    record.write_bytes((site / "2017" / "manifest.json").read_bytes())  # as the message says: the copy is the record
    assert record.read_bytes() == kept
    code, out, err = run(capsys, "build", "--content", str(content), "--theme", str(THEME), "--output", str(site))
    assert code == 1 and "已于 2018-01-05 发布" in err  # frozen again: the edit is refused
    assert main(["build", "--content", str(content), "--theme", str(THEME), "--output", str(site),
                 "--year", "2018"]) == 0  # another year builds; the refusal is about 2017 alone


def test_a_publication_record_copied_into_another_year_is_refused(content, tmp_path, capsys):
    site = tmp_path / "site"
    publish(content, site)
    copied = content / "rules" / "2018" / "published.json"
    shutil.copyfile(content / "rules" / "2017" / "published.json", copied)
    for command in (["build"], ["publish", "2018"]):
        code, out, err = run(capsys, *command, "--content", str(content), "--theme", str(THEME), "--output", str(site))
        assert code == 1, command
        assert f"{copied}:2: 这份发布记录写的是 2017 年，却在 2018 年的文件夹里" in err
        assert "请删除这个文件" in err
    assert not (site / "2018").exists()
    copied.unlink()
    assert main(["build", "--content", str(content), "--theme", str(THEME), "--output", str(site)]) == 0
    assert "更正" not in (site / "2018" / "index.html").read_text("utf-8")


def test_a_damaged_publication_record_is_refused_with_a_message(content, tmp_path, capsys):
    site = tmp_path / "site"
    publish(content, site)
    record = content / "rules" / "2017" / "published.json"
    record.write_text('{"year": 2017, "published": "2018-01-05", "inputs": [], "outputs": 3}', "utf-8")
    code, out, err = run(capsys, "build", "--content", str(content), "--theme", str(THEME), "--output", str(site))
    assert code == 1 and f"{record}:1: 发布记录已损坏" in err and "Traceback" not in err


# --------------------------------------------------------------------------- pages reused only as recorded


def test_a_page_edited_in_the_output_is_rendered_again(content, tmp_path):
    site = tmp_path / "site"
    assert build(content, site) == 0
    assert build(content, tmp_path / "clean") == 0
    page = site / "2018" / "units" / "zhubao.html"
    page.write_text(page.read_text("utf-8").replace("市住房保障服务中心", "被改掉的名字"), "utf-8")
    add_deduction(content / "units" / "2018" / "zhubao.yaml")  # 2018 rebuilt; zhubao's page is a reuse candidate
    other = content / "units" / "2018" / "fangchanchu.yaml"
    edit(other, "name:", "# 改动\nname:")
    assert build(content, site) == 0
    assert build(content, tmp_path / "clean") == 0
    assert files(site / "2018") == files(tmp_path / "clean" / "2018")


def assert_made_again(content: Path, tmp_path: Path, later: str) -> None:
    """After zhubao's 2018 page was changed in the output: 2018 built (another unit edited) or carried
    over (an earlier total changed) gives the pages of a clean build."""
    if later == "built":
        edit(content / "units" / "2018" / "fangchanchu.yaml", "name:", "# 改动\nname:")
    else:
        add_deduction(content / "units" / "2017" / "danganchu.yaml")
    assert build(content, tmp_path / "site", "--jobs", "1") == 0
    assert build(content, tmp_path / "clean", "--jobs", "1") == 0
    assert files(tmp_path / "site" / "2018") == files(tmp_path / "clean" / "2018")
    assert "服务中乙" not in (tmp_path / "site" / "2018" / "units" / "zhubao.html").read_text("utf-8")


@pytest.mark.parametrize("later", ["built", "carried over"])
def test_a_page_edited_in_the_output_with_its_size_and_time_put_back_is_made_again(content, tmp_path, later):
    """A file whose inode, size, mtime and ctime are those recorded after the last commit is not read
    again; an edit that keeps the size and sets the time back still moves ctime, so the page is read,
    found changed and made again, whether its year is built (another unit edited) or carried over (an
    earlier total changed)."""
    site = tmp_path / "site"
    assert build(content, site, "--jobs", "1") == 0
    page = site / "2018" / "units" / "zhubao.html"
    before = page.stat()
    raw = page.read_bytes()
    assert "服务中心".encode() in raw
    page.write_bytes(raw.replace("服务中心".encode(), "服务中乙".encode()))  # the same inode, the same size
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = page.stat()
    assert (after.st_ino, after.st_size, after.st_mtime_ns) == (before.st_ino, before.st_size, before.st_mtime_ns)
    assert_made_again(content, tmp_path, later)


@pytest.mark.parametrize("later", ["built", "carried over"])
def test_a_page_saved_over_while_a_build_runs_is_read_again_by_the_next(content, tmp_path, monkeypatch, later):
    """The record of the files as seen after a commit names only files whose bytes the build wrote or
    checked and that are still as they were then: a page the clerk saves after the build checked it
    (here: just before the commit) is not taken for kaoping's page by a later build."""
    site = tmp_path / "site"
    assert build(content, site, "--jobs", "1") == 0
    page = site / "2018" / "units" / "zhubao.html"
    real_commit = build_module.commit

    def commit_after_a_save(*args, **kwargs):
        raw = page.read_bytes()
        with open(page, "r+b") as handle:  # in place: the same inode, the same size
            handle.write(raw.replace("服务中心".encode(), "服务中乙".encode()))
        return real_commit(*args, **kwargs)

    monkeypatch.setattr(build_module, "commit", commit_after_a_save)
    edit(content / "units" / "2018" / "fangchanchu.yaml", "name:", "# 改动\nname:")  # zhubao's page kept
    assert build(content, site, "--jobs", "1") == 0
    monkeypatch.setattr(build_module, "commit", real_commit)
    assert "服务中乙" in page.read_text("utf-8")  # saved after the build checked it
    assert_made_again(content, tmp_path, later)


def test_after_an_edit_every_file_of_the_year_is_recorded_as_seen(content, tmp_path):
    """Files written, kept unread, or kept because they held the very bytes rendered again (a unit
    edited by a comment alone) are all recorded after the commit, so the next build reads none of them."""
    site = tmp_path / "site"
    assert build(content, site, "--jobs", "1") == 0
    edit(content / "units" / "2018" / "fangchanchu.yaml", "name:", "# 改动\nname:")
    assert build(content, site, "--jobs", "1") == 0
    seen = json.loads((state_folder(content, site) / "2018.seen.json").read_bytes())
    assert sorted(seen) == sorted(files(site / "2018"))


def test_an_edited_page_whose_inputs_are_unchanged_is_not_linked_back(content, tmp_path):
    site = tmp_path / "site"
    assert build(content, site) == 0
    clean = files(site / "2018")
    page = site / "2018" / "units" / "danganchu.html"
    page.write_bytes(page.read_bytes().replace("</body>".encode(), b"<script>alert(1)</script></body>"))
    edit(content / "units" / "2018" / "zhubao.yaml", "name:", "# 改动\nname:")  # danganchu's inputs are the same
    assert build(content, site) == 0
    assert files(site / "2018") == clean


def test_a_published_year_with_a_page_edited_by_hand_is_rebuilt_as_published(content, tmp_path, capsys):
    site = tmp_path / "site"
    publish(content, site)
    record = (content / "rules" / "2017" / "published.json").read_bytes()
    published = files(site / "2017")
    page = site / "2017" / "units" / "zhubao.html"
    page.write_text(page.read_text("utf-8").replace("合格", "优秀"), "utf-8")
    code, out, err = run(capsys, "build", "--content", str(content), "--theme", str(THEME), "--output", str(site))
    assert code == 0, err
    assert "已生成 2017" in out and "更正" not in out
    assert files(site / "2017") == published
    assert (content / "rules" / "2017" / "published.json").read_bytes() == record
    assert main(["verify", "--output", str(site), "2017"]) == 0


# --------------------------------------------------------------------------- one-way house


def test_no_module_of_kaoping_imports_one_that_imports_it_back():
    """The pipeline reads one way: build and archive ask fingerprints, cli composes (issue 16)."""
    import ast

    graph = {}
    for path in (ROOT / "generator").glob("*.py"):
        found = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                found |= {node.module.split(".")[0]} if node.module else {a.name for a in node.names}
        graph[path.stem] = found - {path.stem}

    def reached(start: str) -> set[str]:
        seen, todo = set(), [start]
        while todo:
            for module in graph.get(todo.pop(), ()):
                if module not in seen:
                    seen.add(module)
                    todo.append(module)
        return seen

    assert {"build", "archive", "render", "fingerprints"} <= graph.keys()
    assert [m for m in graph if m in reached(m)] == []
    assert "build" not in reached("archive") and "build" not in reached("render")


# --------------------------------------------------------------------------- a later year depends on what it shows


@pytest.fixture
def rendered(monkeypatch):
    """(year, template, unit id) of every page rendered in this process (build --jobs 1)."""
    from kaoping.render import Renderer

    pages = []
    real = Renderer.page

    def page(self, template, **context):
        year = context["scheme"].year if "scheme" in context else None
        pages.append((year, template, context["r"].unit.id if "r" in context else None))
        return real(self, template, **context)

    monkeypatch.setattr(Renderer, "page", page)
    return pages


def identities(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_editing_a_note_in_an_early_year_renders_no_page_of_a_later_year(content, tmp_path, rendered, capsys):
    site = tmp_path / "site"
    assert build(content, site, "--jobs", "1") == 0
    later = identities(site / "2018")
    rendered.clear()
    capsys.readouterr()
    edit(content / "units" / "2017" / "zhubao.yaml", "note: 平安办未明确专（兼）职工作人员", "note: 平安办未明确专职工作人员")
    edit(content / "units" / "2017" / "danganchu.yaml", "name:", "# 改动\nname:")
    assert build(content, site, "--jobs", "1") == 0
    assert "2018 年内容未变" in capsys.readouterr().out
    assert {year for year, _, _ in rendered} == {2017}
    assert ("unit.html", "zhubao") in {(t, u) for _, t, u in rendered}
    assert identities(site / "2018") == later
    assert "平安办未明确专职工作人员" in (site / "2017" / "units" / "zhubao.html").read_text("utf-8")


@pytest.fixture
def scored(monkeypatch):
    """The year of every scheme scored in this process (build --jobs 1)."""
    from kaoping import build as building

    years = []
    real = building.score_year

    def score_year(scheme, units):
        years.append(scheme.year)
        return real(scheme, units)

    monkeypatch.setattr(building, "score_year", score_year)
    return years


@pytest.fixture
def carried(monkeypatch):
    """(year of the page, unit id) of every unit page whose history part alone was made again."""
    from kaoping.render import Renderer

    pages = []
    real = Renderer.carry_history

    def carry_history(self, page, unit_id, year, old, new, total):
        pages.append((year, unit_id))
        return real(self, page, unit_id, year, old, new, total)

    monkeypatch.setattr(Renderer, "carry_history", carry_history)
    return pages


def test_a_changed_total_makes_only_the_later_pages_that_show_it_again(content, tmp_path, rendered, scored, carried):
    """2018's and 2019's own inputs are unchanged: they are not scored again, and of their files only
    danganchu's page changes, in its history part alone (the rest of the page is as it was)."""
    assert main(["new-year", "2019", "--content", str(content)]) == 0
    site = tmp_path / "site"
    assert build(content, site, "--jobs", "1") == 0
    later = {year: identities(site / year) for year in ("2018", "2019")}
    rendered.clear()
    scored.clear()
    add_deduction(content / "units" / "2017" / "danganchu.yaml")
    assert build(content, site, "--jobs", "1") == 0
    assert scored == [2017]
    assert [page for page in rendered if page[0] in (2018, 2019)] == []
    assert carried == [(2018, "danganchu"), (2019, "danganchu")]
    for year, before in later.items():
        after = identities(site / year)
        assert {path for path in after if after[path] != before[path]} == {"units/danganchu.html"}
        assert "往年考评" in (site / year / "units" / "danganchu.html").read_text("utf-8")
    assert build(content, tmp_path / "clean", "--jobs", "2") == 0
    assert files(site) == files(tmp_path / "clean")  # and what it shows is what a clean build shows


def test_a_year_carried_over_reads_no_file_it_keeps(content, tmp_path, monkeypatch, carried):
    """Its files are the very ones recorded after the last commit (inode, size, mtime, ctime): none is
    read to be hashed again; only the page whose history part changes is read, to be changed."""
    from kaoping import build as building

    site = tmp_path / "site"
    assert build(content, site, "--jobs", "1") == 0
    opened = []

    def reading(path, *args, **kwargs):
        opened.append(os.path.relpath(path, site))
        return open(path, *args, **kwargs)

    monkeypatch.setattr(building, "open", reading, raising=False)
    add_deduction(content / "units" / "2017" / "danganchu.yaml")
    assert build(content, site, "--jobs", "1") == 0
    assert carried == [(2018, "danganchu")]
    assert [path for path in opened if path.startswith("2018")] == []
    assert build(content, tmp_path / "clean", "--jobs", "1") == 0
    assert files(site) == files(tmp_path / "clean")


@pytest.mark.parametrize("damage", ["a path outside the folder", "a record of the wrong shape", "a page left out",
                                    "a work part not the first's"])
def test_a_damaged_stamp_is_not_trusted_to_carry_a_later_year_over(content, tmp_path, damage):
    """The damage is in the stamp's work part (what the year made), which the first part names by its
    sha256: it is put right there too, so that what is checked is the record itself; but for the last
    case, where a page edited in the output is recorded as made so in a work part the first does not name."""
    site = tmp_path / "site"
    assert build(content, site, "--jobs", "1") == 0
    state = state_folder(content, site)
    stamp = json.loads((state / "2018.json").read_text("utf-8"))
    work = json.loads((state / "2018.work.json").read_text("utf-8"))
    if damage == "a path outside the folder":
        (site / "x.html").write_bytes(b"the clerk's")
        work["made"]["../x.html"] = [work["made"]["index.html"][0], hashlib.sha256(b"the clerk's").hexdigest()]
    elif damage == "a record of the wrong shape":
        work["made"]["index.html"] = {"key": 1}
    elif damage == "a page left out":
        del work["made"]["index.html"]
    else:
        page = site / "2018" / "rules.html"
        page.write_bytes(page.read_bytes() + b"<!-- edited by hand -->")
        work["made"]["rules.html"][1] = hashlib.sha256(page.read_bytes()).hexdigest()
    raw = json.dumps(work).encode("utf-8")
    (state / "2018.work.json").write_bytes(raw)
    if damage != "a work part not the first's":
        stamp["parts"]["work"] = hashlib.sha256(raw).hexdigest()
    (state / "2018.json").write_text(json.dumps(stamp), "utf-8")
    add_deduction(content / "units" / "2017" / "danganchu.yaml")
    assert build(content, site, "--jobs", "1") == 0
    assert build(content, tmp_path / "clean", "--jobs", "1") == 0
    assert files(site / "2018") == files(tmp_path / "clean" / "2018")
    assert not (site / "x.html").exists() or (site / "x.html").read_bytes() == b"the clerk's"


def test_with_a_theme_that_shows_the_earlier_years_itself_only_their_pages_are_rendered(content, tmp_path, rendered):
    """A theme made before fragments/history.html (its unit page shows other_years and trend itself):
    the later year is scored again, and renders the one page that shows the changed total."""
    theme = tmp_path / "theme"
    shutil.copytree(THEME, theme)
    fragment = (theme / "templates" / "fragments" / "history.html").read_text("utf-8")
    unit = theme / "templates" / "unit.html"
    unit.write_text(unit.read_text("utf-8").replace("{{ history }}", fragment.split("#}\n", 1)[1].replace(
        "unit_id", "unit.id")), "utf-8")
    (theme / "templates" / "fragments" / "history.html").unlink()
    site = tmp_path / "site"
    command = ["build", "--content", str(content), "--theme", str(theme), "--jobs", "1", "--output"]
    assert main([*command, str(site)]) == 0
    assert main([*command, str(tmp_path / "default")]) == 0
    assert files(site) == files(tmp_path / "default")  # the same pages
    rendered.clear()
    add_deduction(content / "units" / "2017" / "danganchu.yaml")
    assert main([*command, str(site)]) == 0
    assert [(t, u) for year, t, u in rendered if year == 2018] == [("unit.html", "danganchu")]
    assert build(content, tmp_path / "clean", "--jobs", "1") == 0
    assert files(site) == files(tmp_path / "clean")


def test_a_later_year_file_edited_by_hand_is_made_again_when_an_earlier_total_changes(content, tmp_path):
    """A later year whose own inputs are unchanged carries its files over only with their recorded bytes."""
    site = tmp_path / "site"
    assert build(content, site, "--jobs", "1") == 0
    for name in ("index.html", "rules.html", "results.csv", "bulletin.docx", "units/zhubao.html"):
        page = site / "2018" / name
        page.write_bytes(page.read_bytes() + b"<!-- edited by hand -->")
    add_deduction(content / "units" / "2017" / "danganchu.yaml")
    assert build(content, site, "--jobs", "1") == 0
    assert build(content, tmp_path / "clean", "--jobs", "1") == 0
    assert files(site) == files(tmp_path / "clean")


@pytest.fixture
def pools(monkeypatch) -> list[int]:
    """The number of workers of every process pool a build in this process starts."""
    import concurrent.futures

    started = []
    real = concurrent.futures.ProcessPoolExecutor

    class Counted(real):
        def __init__(self, max_workers=None, *args, **kwargs):
            started.append(max_workers)
            super().__init__(max_workers, *args, **kwargs)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Counted)
    return started


def test_a_later_year_waits_for_an_earlier_year_scored_in_the_same_run(content, tmp_path, capsys, pools):
    """Two workers: 2019's is told 2017's and 2018's new totals by their workers, whichever finishes first."""
    assert main(["new-year", "2019", "--content", str(content)]) == 0
    site = tmp_path / "site"
    assert build(content, site, "--jobs", "2") == 0
    for change in ("note", "total"):
        if change == "note":
            edit(content / "units" / "2017" / "danganchu.yaml", "name:", "# 改动\nname:")
        else:
            add_deduction(content / "units" / "2017" / "danganchu.yaml")
        edit(content / "units" / "2018" / "zhubao.yaml", "name:", f"# {change}\nname:")  # a second year to score
        capsys.readouterr()
        pools.clear()
        assert build(content, site, "--jobs", "2") == 0
        assert pools == [2]
        out = capsys.readouterr().out
        assert ("2019 年内容未变" in out) == (change == "note"), out
        clean = tmp_path / f"clean-{change}"
        assert build(content, clean, "--jobs", "1") == 0
        assert files(site) == files(clean)


@pytest.mark.parametrize("change", ["note", "total"])
def test_an_edit_in_one_year_starts_no_worker(content, tmp_path, capsys, pools, change):
    """One year to score, the later ones only compare what they show or are carried over: a pool would
    cost more than it saves, so none is started, whatever --jobs allows."""
    assert main(["new-year", "2019", "--content", str(content)]) == 0
    site = tmp_path / "site"
    assert build(content, site, "--jobs", "2") == 0
    assert pools == [2]  # a first build scores every year: workers
    if change == "note":
        edit(content / "units" / "2017" / "danganchu.yaml", "name:", "# 改动\nname:")
    else:
        add_deduction(content / "units" / "2017" / "danganchu.yaml")
    pools.clear()
    capsys.readouterr()
    assert build(content, site, "--jobs", "2") == 0
    assert pools == []
    out = capsys.readouterr().out
    assert ("2018、2019 年内容未变" in out) == (change == "note"), out
    assert build(content, tmp_path / "clean", "--jobs", "1") == 0
    assert files(site) == files(tmp_path / "clean")
