"""The output folder is the one place kaoping writes, and only its own files there (SPEC §5, issue 11).

1. An output that is, contains or lies inside --content or --theme, the file-system root or the
   home folder is refused (exit 2, before any file is touched), for every command that takes --output.
2. A file in the output that kaoping did not make is never deleted or overwritten: it stays through
   every build, and a build that would overwrite it is refused (exit 2) naming it.
3. A commit killed at any step is completed (or, before its journal, undone) by the next command.
14. Links planted in the output are never written through; verify reports them, and checks the
   archived manifest against the content's published.json.

Each test builds a copy of content/ and theme/ in tmp_path through kaoping.cli.main or, where a
process has to be killed or may not return, `python -m kaoping.cli` in a subprocess.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from kaoping.cli import main

ROOT = Path(__file__).resolve().parents[1]
CJK = re.compile(r"[\u4e00-\u9fff]")


# ------------------------------------------------------------------------------------ helpers


def copy_content(where: Path) -> tuple[Path, Path]:
    content, theme = where / "content", where / "theme"
    shutil.copytree(ROOT / "content", content)
    shutil.copytree(ROOT / "theme", theme)
    return content, theme


def run_main(argv: list[str]) -> tuple[int, str, str]:
    """kaoping.cli.main in this process; `serve` in its own process, which must end by itself."""
    if argv[0] == "serve":
        try:
            with socket.socket() as probe:  # a port that is free (0, "any", is refused as a --port)
                probe.bind(("127.0.0.1", 0))
                port = str(probe.getsockname()[1])
            run = subprocess.run([sys.executable, "-m", "kaoping.cli", *argv, "--port", port], capture_output=True,
                                 text=True, timeout=20, cwd=ROOT)
        except subprocess.TimeoutExpired:
            pytest.fail("serve started instead of refusing the output")
        return run.returncode, run.stdout, run.stderr
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exit_:  # argparse
            code = exit_.code
    return code, out.getvalue(), err.getvalue()


def command(name: str, content: Path, theme: Path, output: Path | str, *more: str) -> list[str]:
    argv = [name, "--content", str(content), "--theme", str(theme), "--output", str(output)]
    if name == "build":
        argv += ["--jobs", "1"]
    if name == "publish":
        argv += ["2017", "--date", "2018-01-05"]
    return argv + list(more)


def tree(folder: Path) -> dict[str, bytes | str]:
    """Every entry below `folder`: a file's bytes, a link's target, a folder as "/"."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[relative] = "-> " + os.readlink(path)
        elif path.is_dir():
            found[relative] = "/"
        else:
            found[relative] = path.read_bytes()
    return found


def assert_refused(code: int, err: str, *words: str) -> None:
    assert code == 2, f"exit {code}\n{err}"
    assert "Traceback" not in err, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err  # one sentence: why, and what to use instead
    assert CJK.search(lines[0]) and "--output" in lines[0], err
    for word in words:
        assert word in lines[0], err


# ----------------------------------------------------------------- 1. the output overlaps an input


OVERLAPS = {  # --output, relative to tmp_path → what the message says it overlaps
    "content": "内容文件夹",
    "content/units": "内容文件夹",
    "content/units/2017": "内容文件夹",
    "content/rules": "内容文件夹",
    "content/units/../rules/2017": "内容文件夹",
    "theme": "模板文件夹",
    "theme/templates": "模板文件夹",
    "theme/static": "模板文件夹",
    ".": "内容文件夹",  # contains both
    "content/new-site": "内容文件夹",  # not there yet, but inside
}


@pytest.mark.parametrize("name", ["build", "publish"])
@pytest.mark.parametrize("where", sorted(OVERLAPS))
def test_an_output_overlapping_the_content_or_theme_is_refused_and_nothing_changes(tmp_path, name, where):
    content, theme = copy_content(tmp_path)
    before = tree(tmp_path)
    code, out, err = run_main(command(name, content, theme, tmp_path / where))
    assert_refused(code, err, OVERLAPS[where])
    assert tree(tmp_path) == before


def test_an_output_reached_through_a_link_into_the_content_is_refused(tmp_path):
    content, theme = copy_content(tmp_path)
    (tmp_path / "site").symlink_to(content / "units")
    before = tree(tmp_path)
    code, _, err = run_main(command("build", content, theme, tmp_path / "site"))
    assert_refused(code, err, "内容文件夹")
    assert tree(tmp_path) == before


def test_a_content_folder_reached_through_a_link_is_protected_too(tmp_path):
    real, theme = copy_content(tmp_path / "real")
    (tmp_path / "content").symlink_to(real)
    before = tree(tmp_path)
    code, _, err = run_main(command("build", tmp_path / "content", theme, real / "units"))
    assert_refused(code, err, "内容文件夹")
    assert tree(tmp_path) == before


def test_serve_refuses_an_overlapping_output_before_building_or_listening(tmp_path):
    content, theme = copy_content(tmp_path)
    before = tree(tmp_path)
    code, _, err = run_main(command("serve", content, theme, content / "units"))
    assert_refused(code, err, "内容文件夹")
    assert tree(tmp_path) == before


def _bad_content(where: Path) -> tuple[Path, Path]:
    """Content that a build refuses (exit 1): a refusal of the output must come first, with 2."""
    content, theme = copy_content(where)
    (content / "units" / "2017" / "peixun.yaml").write_text("name: [\n", "utf-8")
    return content, theme


@pytest.mark.parametrize("name", ["build", "publish", "serve", "verify"])
def test_the_file_system_root_is_refused(tmp_path, name):
    content, theme = _bad_content(tmp_path)
    argv = ["verify", "--output", "/"] if name == "verify" else command(name, content, theme, "/")
    code, _, err = run_main(argv)
    assert_refused(code, err, "根目录")


@pytest.mark.parametrize("name", ["build", "publish", "serve", "verify"])
@pytest.mark.parametrize("where", ["home", "."])  # the home folder, and a folder holding it
def test_the_home_folder_is_refused(tmp_path, monkeypatch, name, where):
    content, theme = _bad_content(tmp_path / "work")
    home = tmp_path / "people" / "clerk"
    home.mkdir(parents=True)
    (home / "笔记.txt").write_text("不能丢", "utf-8")
    monkeypatch.setenv("HOME", str(home))
    output = home if where == "home" else home.parent
    argv = ["verify", "--output", str(output)] if name == "verify" else command(name, content, theme, output)
    code, _, err = run_main(argv)
    assert_refused(code, err, "主目录")
    assert tree(home) == {"笔记.txt": "不能丢".encode()}


@pytest.mark.parametrize("name", ["build", "publish", "serve", "verify"])
@pytest.mark.parametrize("where", ["记录.docx", "记录.docx/site"])  # a file, or a folder "inside" one
def test_an_output_that_is_a_file_is_refused_and_the_file_kept(tmp_path, name, where):
    content, theme = copy_content(tmp_path)
    (tmp_path / "记录.docx").write_bytes(b"the clerk's document")
    before = tree(tmp_path)
    output = tmp_path / where
    argv = ["verify", "--output", str(output)] if name == "verify" else command(name, content, theme, output)
    code, _, err = run_main(argv)
    assert_refused(code, err, "记录.docx", "是一个文件")
    assert tree(tmp_path) == before


def test_an_ordinary_output_beside_the_content_is_accepted(tmp_path):
    content, theme = copy_content(tmp_path)
    code, _, err = run_main(command("build", content, theme, tmp_path / "site"))
    assert code == 0, err
    assert (tmp_path / "site" / "2017" / "index.html").is_file()


# ------------------------------------------------------- 2. files kaoping did not make are left alone


MARK = "<!-- theme changed -->"


def change_every_page(theme: Path, mark: str = MARK) -> None:
    with open(theme / "templates" / "base.html", "a", encoding="utf-8") as template:
        template.write(mark + "\n")


def visible(output: Path) -> dict[str, bytes | str]:
    """What a reader of the site sees: every entry without a hidden part in its path."""
    return {k: v for k, v in tree(output).items() if not any(p.startswith(".") for p in k.split("/"))}


def build_ok(content: Path, theme: Path, output: Path, *more: str) -> str:
    code, out, err = run_main(command("build", content, theme, output, *more))
    assert code == 0, err
    return out + err


FOREIGN = {  # what a clerk keeps in the site folder, by hand
    "2017/会议纪要.docx": b"PK\x03\x04 minutes",
    "2017/附件/照片.jpg": b"\xff\xd8\xff photo",
    "2017/units/说明.txt": "单位页的说明".encode(),
    "说明.txt": "网站说明".encode(),
}


def plant(output: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        (output / name).parent.mkdir(parents=True, exist_ok=True)
        (output / name).write_bytes(data)


def assert_kept(output: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        assert (output / name).is_file(), f"{name} was deleted"
        assert (output / name).read_bytes() == data, f"{name} was overwritten"


def test_foreign_files_survive_every_kind_of_build(tmp_path):
    content, theme = copy_content(tmp_path)
    output = tmp_path / "site"
    build_ok(content, theme, output)
    plant(output, FOREIGN)
    (output / "2017" / "空文件夹").mkdir()
    change_every_page(theme)  # the year is rebuilt and swapped in
    build_ok(content, theme, output)
    assert MARK in (output / "2017" / "index.html").read_text("utf-8")
    assert_kept(output, FOREIGN)
    assert (output / "2017" / "空文件夹").is_dir()
    (content / "units" / "2017" / "peixun.yaml").unlink()  # a removed unit: its page goes, nothing else
    build_ok(content, theme, output, "--year", "2017")
    assert not (output / "2017" / "units" / "peixun.html").exists()
    assert_kept(output, FOREIGN)
    change_every_page(theme, "<!-- again -->")
    code, out, err = run_main(command("publish", content, theme, output))
    assert code == 0, err
    assert_kept(output, FOREIGN)
    manifest = (output / "2017" / "manifest.json").read_text("utf-8")
    assert "会议纪要" not in manifest and "照片" not in manifest  # published: only what kaoping made


def test_a_folder_named_like_kaopings_temporary_one_is_never_emptied(tmp_path):
    """A `.2017.new` that kaoping did not prepare (no claim of kaoping's names it) keeps its files:
    every command's recovery step leaves it, and a build of that year is refused, naming it."""
    content, theme = copy_content(tmp_path)
    output = tmp_path / "site"
    build_ok(content, theme, output)
    planted = {".2017.new/mine.txt": "我的文件".encode()}
    plant(output, planted)
    for name in ("verify", "publish"):
        run_main(command(name, content, theme, output))
        assert_kept(output, planted)
    change_every_page(theme)  # the year must be rebuilt: its temporary folder's name is taken
    code, out, err = run_main(command("build", content, theme, output))
    assert code == 2 and ".2017.new" in err, err
    assert_kept(output, planted)
    (output / ".2017.new.claim").write_bytes(b"12345")  # a claim that names another folder proves nothing
    run_main(command("verify", content, theme, output))
    assert_kept(output, planted)
    # an older kaoping's exchange folder name: the build's exchange lives in the state folder now,
    # so a folder of that name in the output is someone else's and stays
    plant(output, {".kaoping-run-1/mine.txt": b"kept"})
    run_main(command("verify", content, theme, output))
    assert_kept(output, {".kaoping-run-1/mine.txt": b"kept"})


def test_kaopings_own_temporary_folder_and_claim_leave_no_trace_after_a_build(tmp_path):
    content, theme = copy_content(tmp_path)
    output = tmp_path / "site"
    build_ok(content, theme, output)
    change_every_page(theme)
    build_ok(content, theme, output)
    assert not [p.name for p in output.iterdir() if p.name.startswith(".2017")]


def test_a_link_the_clerk_keeps_in_a_year_stays_a_link(tmp_path):
    content, theme = copy_content(tmp_path)
    output = tmp_path / "site"
    build_ok(content, theme, output)
    documents = tmp_path / "文件柜"
    plant(documents, {"a.txt": b"kept"})
    (output / "2017" / "资料").symlink_to(documents, target_is_directory=True)
    change_every_page(theme)
    build_ok(content, theme, output)
    assert os.readlink(output / "2017" / "资料") == str(documents)
    assert tree(documents) == {"a.txt": b"kept"}


def test_where_hard_links_are_refused_the_clerks_files_are_copied_and_kept(tmp_path, monkeypatch):
    """FAT and exFAT sticks, some network shares: os.link fails, the build goes on and loses nothing."""
    content, theme = copy_content(tmp_path)
    output = tmp_path / "site"
    build_ok(content, theme, output)
    plant(output, FOREIGN)

    def refused(*args, **kwargs):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", refused)
    change_every_page(theme)
    build_ok(content, theme, output)
    assert_kept(output, FOREIGN)
    assert MARK in (output / "2017" / "index.html").read_text("utf-8")
    assert [p.name for p in output.iterdir() if p.name.startswith(".2017")] == []


def test_a_hand_made_index_page_is_never_overwritten(tmp_path):
    content, theme = copy_content(tmp_path)
    output = tmp_path / "site"
    plant(output, {"index.html": "<p>科室自己做的首页</p>".encode()})
    before = tree(output)
    code, _, err = run_main(command("build", content, theme, output))
    assert code == 2, err
    assert f"{output / 'index.html'}" in err and "不是 kaoping 生成的" in err
    assert tree(output) == before  # no year swapped in either: the build did not happen


def test_a_hand_made_page_where_a_year_page_goes_is_never_overwritten(tmp_path):
    content, theme = copy_content(tmp_path)
    output = tmp_path / "site"
    plant(output, {"2017/rules.html": "<p>手工整理的细则</p>".encode(), **FOREIGN})
    before = tree(output)
    code, _, err = run_main(command("build", content, theme, output))
    assert code == 2, err
    assert f"{output / '2017' / 'rules.html'}" in err
    assert tree(output) == before


def test_an_index_page_edited_by_hand_is_not_replaced_but_named(tmp_path):
    content, theme = copy_content(tmp_path)
    output = tmp_path / "site"
    build_ok(content, theme, output)
    edited = (output / "index.html").read_bytes().replace(b"</body>", "<p>手工加的通知</p></body>".encode())
    (output / "index.html").write_bytes(edited)
    change_every_page(theme)
    before = visible(output)
    code, _, err = run_main(command("build", content, theme, output))
    assert code == 2, err
    assert str(output / "index.html") in err
    assert visible(output) == before
    (output / "index.html").unlink()  # the clerk takes the edit away: the build goes through
    build_ok(content, theme, output)
    clean = tmp_path / "clean"
    build_ok(content, theme, clean)
    assert visible(output) == visible(clean)


def test_a_year_page_edited_by_hand_is_rendered_again(tmp_path):
    """kaoping's record proves it made the page, so a rebuilt year replaces it (README: 手工改动)."""
    content, theme = copy_content(tmp_path)
    output = tmp_path / "site"
    build_ok(content, theme, output)
    page = output / "2017" / "units" / "peixun.html"
    page.write_bytes(page.read_bytes() + b"<!-- hand edit -->")
    change_every_page(theme)
    build_ok(content, theme, output)
    assert b"hand edit" not in page.read_bytes() and MARK in page.read_text("utf-8")


def test_the_record_of_what_was_written_lies_outside_the_output(tmp_path):
    content, theme = copy_content(tmp_path)
    output = tmp_path / "site"
    build_ok(content, theme, output)
    plant(output, FOREIGN)
    change_every_page(theme)
    build_ok(content, theme, output)
    records = list((tmp_path / ".kaoping").rglob("written.json"))
    assert len(records) == 1
    written = json.loads(records[0].read_text("utf-8"))["files"]
    site = {k: v for k, v in tree(output).items() if isinstance(v, bytes) and not k.startswith(".")}
    assert written == {k: hashlib.sha256(v).hexdigest() for k, v in site.items() if k not in FOREIGN}
    assert not any("written" in name for name in tree(output))


# ------------------------------------------------------------- 3. a commit cut short is completed

# Runs kaoping's command line with an audit hook that counts what the process does to files once the
# commit has begun (the staged index or the journal is created, or a year folder is renamed) and dies
# like `kill -9` just before the n-th such step; with n = 0 it only prints how many steps there were.
KILLER = """\
import os, re, signal, sys
kill_at, argv = int(sys.argv[1]), sys.argv[2:]
STEPS = {"open", "os.rename", "os.remove", "os.rmdir", "os.link", "os.mkdir", "os.symlink", "shutil.rmtree"}
seen = [-1]  # -1: the commit has not begun

def hook(event, args):
    if event not in STEPS:
        return
    if seen[0] < 0:
        if (event == "open" and str(args[0]).endswith((".index.html.new", ".kaoping-commit.json.new"))
                or event == "os.rename" and re.search(r"[/\\\\]\\.?\\d{4}(\\.new)?$", str(args[0]))):
            seen[0] = 0
        else:
            return
    seen[0] += 1
    if seen[0] == kill_at:
        os.kill(os.getpid(), signal.SIGKILL)

sys.addaudithook(hook)
from kaoping.cli import main
code = main(argv)
print("STEPS", seen[0], file=sys.stderr)
sys.exit(code)
"""

JOURNAL = ".kaoping-commit.json"
KEPT = {"2018/会议纪要.docx": b"PK\x03\x04 minutes", "2019/附件/照片.jpg": b"\xff\xd8\xff photo"}


def three_years(where: Path) -> tuple[Path, Path]:
    content, theme = copy_content(where)
    for year in ("2018", "2019"):
        code, _, err = run_main(["new-year", "--content", str(content), year])
        assert code == 0, err
    return content, theme


def site_view(output: Path) -> dict[str, bytes | str]:
    """The site as a reader sees it, the clerk's own files aside."""
    return {k: v for k, v in visible(output).items() if not any(k == f or f.startswith(k + "/") for f in KEPT)}


def half_done(output: Path) -> list[str]:
    left = re.compile(r"\.\d{4}\.(new|old)|\..*\.new|" + re.escape(JOURNAL))
    return sorted(p.name for p in output.iterdir() if left.fullmatch(p.name))


def test_a_commit_killed_at_any_step_is_completed_or_undone_by_the_next_command(tmp_path):
    content, theme = three_years(tmp_path)
    output, state = tmp_path / "site", tmp_path / ".kaoping"
    build_ok(content, theme, output)
    plant(output, KEPT)
    old = site_view(output)
    pristine = tmp_path / "pristine"
    state.mkdir(exist_ok=True)
    shutil.copytree(output, pristine / "site", symlinks=True)
    shutil.copytree(state, pristine / "state", symlinks=True, dirs_exist_ok=True)
    change_every_page(theme)
    reference = tmp_path / "reference"
    build_ok(content, theme, reference)
    new = site_view(reference)
    assert new != old and len({k.split("/")[0] for k in new if k[:1].isdigit()}) == 3
    killer = tmp_path / "killer.py"
    killer.write_text(KILLER, "utf-8")

    def run_killed(kill_at: int) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, str(killer), str(kill_at), *command("build", content, theme, output)],
                              capture_output=True, text=True, timeout=120, cwd=ROOT)

    def restore() -> None:
        shutil.rmtree(output)
        shutil.rmtree(state, ignore_errors=True)
        shutil.copytree(pristine / "site", output, symlinks=True)
        shutil.copytree(pristine / "state", state, symlinks=True)

    counted = run_killed(0)
    assert counted.returncode == 0, counted.stderr
    steps = int(re.search(r"STEPS (\d+)", counted.stderr)[1])
    assert steps > 10, counted.stderr
    assert site_view(output) == new
    # every step up to the last swap, then a sample of the clearing of the old folders, and the end
    points = sorted(set(range(1, 17)) | set(range(17, steps, steps // 5)) | {steps - 2, steps - 1, steps})
    outcomes = set()
    for kill_at in points:
        restore()
        killed = run_killed(kill_at)
        assert killed.returncode == -9, (kill_at, killed.stderr)
        journal_left = (output / JOURNAL).exists()
        next_command = ["build", *command("build", content, theme, output)[1:]] if kill_at == 8 else \
            ["verify", "--output", str(output)]
        code, out, err = run_main(next_command)
        assert code == 0, (kill_at, err)
        after = site_view(output)
        if next_command[0] == "verify":
            assert after in (old, new), f"a mix of old and new after a kill at step {kill_at} of {steps}"
            outcomes.add("new" if after == new else "old")
        else:
            assert after == new
        assert half_done(output) == [], (kill_at, half_done(output))
        assert {k: (output / k).read_bytes() for k in KEPT} == KEPT, kill_at
        if journal_left:  # the commit had begun swapping: completed, and the clerk is told in one line
            assert after == new, kill_at
            told = [line for line in err.splitlines() if "中断" in line]
            assert len(told) == 1 and "2017、2018、2019" in told[0], err
    assert outcomes == {"old", "new"}  # the kills landed both before and after the point of no return


# ------------------------------------------------------------- 14. links planted in the output


def built_site(where: Path) -> tuple[Path, Path, Path]:
    content, theme = copy_content(where)
    output = where / "site"
    build_ok(content, theme, output)
    return content, theme, output


def elsewhere(where: Path) -> Path:
    """A folder outside the output that a planted link points to, with something to lose."""
    folder = where / "elsewhere"
    plant(folder, {"重要.txt": "别处的文件".encode(), "index.html": b"<p>elsewhere</p>"})
    return folder


@pytest.mark.parametrize("planted", [".2017.new", "2017"])  # a prepared folder, the year folder itself
def test_a_folder_planted_as_a_link_is_never_written_through(tmp_path, planted):
    content, theme, output = built_site(tmp_path)
    target = elsewhere(tmp_path)
    if planted == "2017":  # the year moved elsewhere, a link in its place
        shutil.rmtree(target)
        (output / "2017").rename(target)
    (output / planted).symlink_to(target, target_is_directory=True)
    change_every_page(theme)
    before, outside = visible(output), tree(target)
    code, _, err = run_main(command("build", content, theme, output))
    assert code == 2, err
    assert str(output / planted) in err and "符号链接" in err
    assert tree(target) == outside and visible(output) == before
    run_main(["verify", "--output", str(output)])  # the next command does not follow it either
    assert tree(target) == outside and (output / planted).is_symlink()


def test_a_page_replaced_by_a_link_is_never_written_through(tmp_path):
    content, theme, output = built_site(tmp_path)
    target = elsewhere(tmp_path)
    page = output / "2017" / "units" / "peixun.html"
    page.unlink()
    page.symlink_to(target / "index.html")
    (output / "index.html").unlink()
    (output / "index.html").symlink_to(target / "重要.txt")
    change_every_page(theme)
    before, outside = visible(output), tree(target)
    code, _, err = run_main(command("build", content, theme, output))
    assert code == 2, err
    assert f"{page}（符号链接）" in err and f"{output / 'index.html'}（符号链接）" in err
    assert tree(target) == outside and visible(output) == before


@pytest.fixture
def published_site(tmp_path):
    content, theme = copy_content(tmp_path)
    output = tmp_path / "site"
    code, _, err = run_main(command("publish", content, theme, output))
    assert code == 0, err
    return content, output


def verify(output: Path, content: Path | None = None) -> tuple[int, str, str]:
    return run_main(["verify", "--output", str(output), *(["--content", str(content)] if content else [])])


def test_a_published_page_replaced_by_a_link_to_the_same_bytes_is_refused_not_followed(published_site, tmp_path):
    content, output = published_site
    page = output / "2017" / "units" / "peixun.html"
    copy = tmp_path / "copy.html"
    copy.write_bytes(page.read_bytes())
    page.unlink()
    page.symlink_to(copy)
    before, outside = visible(output), copy.read_bytes()
    code, _, err = run_main(command("build", content, tmp_path / "theme", output))
    assert code == 2, err
    assert str(page) in err and "符号链接" in err
    assert visible(output) == before and copy.read_bytes() == outside


def test_verify_reports_a_file_replaced_by_a_link_even_to_the_same_bytes(published_site, tmp_path):
    content, output = published_site
    page = output / "2017" / "units" / "peixun.html"
    copy = tmp_path / "copy.html"
    copy.write_bytes(page.read_bytes())
    page.unlink()
    page.symlink_to(copy)
    code, _, err = verify(output)
    assert code == 1, err
    lines = [line for line in err.splitlines() if "units/peixun.html" in line]
    assert len(lines) == 1 and "符号链接" in lines[0] and str(copy) in lines[0], err


def test_verify_reports_a_year_folder_that_is_a_link(published_site, tmp_path):
    content, output = published_site
    moved = tmp_path / "moved"
    (output / "2017").rename(moved)
    (output / "2017").symlink_to(moved, target_is_directory=True)
    for years in ([], ["2017"]):
        code, _, err = run_main(["verify", "--output", str(output), *years])
        assert code == 1, err
        assert str(output / "2017") in err and "符号链接" in err and str(moved) in err


def test_verify_checks_the_archived_manifest_against_the_published_record(published_site):
    """A page changed together with its hash in manifest.json passes the folder check, not this one."""
    content, output = published_site
    page = output / "2017" / "rules.html"
    page.write_bytes(page.read_bytes().replace(b"</body>", "<p>篡改</p></body>".encode(), 1))
    manifest_path = output / "2017" / "manifest.json"
    manifest = json.loads(manifest_path.read_text("utf-8"))
    manifest["outputs"]["rules.html"] = hashlib.sha256(page.read_bytes()).hexdigest()
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", "utf-8")
    assert verify(output)[0] == 0  # without the content: the copy agrees with itself
    code, _, err = verify(output, content)
    assert code == 1, err
    assert "published.json" in err and "rules.html" in err
