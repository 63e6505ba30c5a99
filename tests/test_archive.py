"""The yearly archive: atomic and reproducible builds, publish, --reopen, verify, new-year.

Everything runs on copies of content/ and theme/ in tmp_path, through kaoping.cli.main (exit
codes 0 / 1 / 2, messages from capsys) or, where a process has to be killed, through
`python -m kaoping.cli` in a subprocess. Expectations come from the files themselves (sha256
computed here, grade counts from results.json, names and levels from the 2017 unit files),
never from kaoping's own archive code.
"""

from __future__ import annotations

import datetime
import errno
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
import yaml

import kaoping.write
from conftest import as_copy
from kaoping.cli import main

ROOT = Path(__file__).resolve().parents[1]
STAMPS = ".kaoping"  # the output's bookkeeping (stamps, caches, lock): not part of the site
PUBLISHED_ON = "2018-01-05"


# --------------------------------------------------------------------------- helpers


def site_files(folder: Path) -> dict[str, bytes]:
    """Every file of a built site or year folder (relative path → bytes), bookkeeping excluded."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and STAMPS not in p.relative_to(folder).parts and p.name != ".kaoping.lock"
    }


def identities(folder: Path) -> dict[str, tuple[int, int]]:
    """(inode, mtime in ns) of every file below `folder`: unchanged means not rewritten."""
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def cn_date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def leftovers(output: Path) -> list[str]:
    return sorted(p.name for p in output.iterdir() if re.fullmatch(r"\.\d{4}\.(new|old)", p.name))


def index_rows(page: str) -> list[tuple[str, int, dict[str, int]]]:
    """site/index.html → [(year, number of units, {grade: count})] in page order."""
    rows = re.findall(r'<a href="(\d{4})/index\.html">.*?</th>\s*<td>(\d+)</td>\s*<td>(.*?)</td>', page, re.S)
    return [(year, int(n), {g: int(c) for g, c in re.findall(r"([^\s，\d]+) ?(\d+)个?", counts)})
            for year, n, counts in rows]


class Kaoping:
    """One copy of content/ and theme/ below `root`, driven through kaoping.cli.main."""

    def __init__(self, root: Path, capsys):
        self.root, self.capsys = root, capsys
        self.content, self.theme, self.output = root / "content", root / "theme", root / "site"

    def __call__(self, command: str, *extra, output: Path | None = None):
        argv = [command]
        if command in ("build", "publish"):
            argv += ["--content", str(self.content), "--theme", str(self.theme), "--output", str(output or self.output)]
        elif command == "new-year":
            argv += ["--content", str(self.content)]
        elif command == "verify":
            argv += ["--output", str(output or self.output)]
        argv += [str(x) for x in extra]
        self.capsys.readouterr()
        try:
            code = main(argv)
        except SystemExit as exit_:  # argparse
            code = exit_.code
        out, err = self.capsys.readouterr()
        return Run(code, out, err)

    def unit(self, unit_id: str, year: int = 2017) -> Path:
        return self.content / "units" / str(year) / f"{unit_id}.yaml"

    def published_json(self, year: int = 2017) -> Path:
        return self.content / "rules" / str(year) / "published.json"

    def cli_args(self, *extra) -> list[str]:
        return [sys.executable, "-m", "kaoping.cli", "build", "--content", str(self.content), "--theme",
                str(self.theme), "--output", str(self.output), *map(str, extra)]


class Run:
    def __init__(self, code, out, err):
        self.code, self.out, self.err = code, out, err

    def __repr__(self):
        return f"Run(code={self.code!r}, out={self.out!r}, err={self.err!r})"


def make_copy(root: Path, capsys, units_reversed: bool = False) -> Kaoping:
    root.mkdir(parents=True)
    shutil.copytree(ROOT / "theme", root / "theme")
    if not units_reversed:
        shutil.copytree(ROOT / "content", root / "content")
    else:  # the same files, created in the opposite order
        shutil.copytree(ROOT / "content", root / "content", ignore=lambda d, names: [n for n in names if n.endswith(".yaml") and Path(d).parent.name == "units"])
        for source in sorted((ROOT / "content" / "units" / "2017").glob("*.yaml"), reverse=True):
            shutil.copyfile(source, root / "content" / "units" / "2017" / source.name)
    return Kaoping(root, capsys)


def add_copies(kp: Kaoping, count: int, year: int = 2017, prefix: str = "x") -> None:
    """`count` more units (copies of peixun.yaml under new ids): a build that takes a while."""
    raw = kp.unit("peixun", year).read_bytes()
    for i in range(count):
        kp.unit(f"{prefix}{i:03d}", year).write_bytes(as_copy(raw, f"{prefix}{i:03d}"))


def edit_bulletin_title(kp: Kaoping, year: int = 2017) -> None:
    path = kp.content / "rules" / str(year) / "bulletin.yaml"
    text = path.read_text("utf-8")
    assert "\ntitle: 关于" in text
    path.write_text(text.replace("\ntitle: 关于", "\ntitle: （改）关于"), "utf-8")


MARK = "<!-- 改版 -->"


def edit_every_page(kp: Kaoping) -> None:
    """A theme change that alters every page of every year."""
    with open(kp.theme / "templates" / "base.html", "a", encoding="utf-8") as template:
        template.write(MARK + "\n")


def has_mark(kp: Kaoping, page: str = "units/peixun.html", year: int = 2017) -> bool:
    return MARK in (kp.output / str(year) / page).read_text("utf-8")


@pytest.fixture
def kp(tmp_path, capsys) -> Kaoping:
    return make_copy(tmp_path / "a", capsys)


@pytest.fixture
def published(kp) -> Kaoping:
    run = kp("publish", 2017, "--date", PUBLISHED_ON)
    assert run.code == 0, run
    return kp


@pytest.fixture
def two_years(kp) -> Kaoping:
    run = kp("new-year", 2018)
    assert run.code == 0, run
    return kp


# --------------------------------------------------------------------------- 1. reproducible builds


def test_two_builds_into_different_folders_are_byte_identical(tmp_path, capsys):
    first, second = make_copy(tmp_path / "one", capsys), make_copy(tmp_path / "two", capsys)
    assert first("build").code == 0
    assert second("build", "--jobs", "1", output=tmp_path / "elsewhere" / "out").code == 0
    a, b = site_files(first.output), site_files(tmp_path / "elsewhere" / "out")
    assert {"index.html", "2017/index.html", "2017/rules.html", "2017/results.json", "2017/results.csv",
            "2017/units/peixun.html"} <= a.keys()
    assert sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []
    # nothing that differs between machines or runs: no paths, no build date
    today = datetime.date.today()
    for name, data in a.items():
        text = data.decode("utf-8", "replace")
        assert str(tmp_path) not in text, name
        assert today.isoformat() not in text and cn_date(today) not in text, name


def test_jobs_1_and_jobs_2_build_the_same_bytes(two_years, tmp_path):
    kp = two_years
    one, two = tmp_path / "serial", tmp_path / "parallel"
    assert kp("build", "--jobs", "1", output=one).code == 0
    run = kp("build", "--jobs", "2", output=two)
    assert run.code == 0, run
    a, b = site_files(one), site_files(two)
    assert {"2017/results.json", "2018/results.json", "2017/results.csv", "2018/results.csv"} <= a.keys()
    assert sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []


def test_file_system_listing_order_does_not_matter(tmp_path, capsys, monkeypatch):
    normal = make_copy(tmp_path / "normal", capsys)
    assert normal("build").code == 0
    backwards = make_copy(tmp_path / "backwards", capsys, units_reversed=True)
    # and every directory listing kaoping asks for comes back in the opposite order
    for method in ("iterdir", "glob", "rglob"):
        original = getattr(Path, method)
        monkeypatch.setattr(Path, method, lambda self, *a, _o=original, **k: iter(list(_o(self, *a, **k))[::-1]))
    run = backwards("build", "--jobs", "1")
    monkeypatch.undo()
    assert run.code == 0, run
    a, b = site_files(normal.output), site_files(backwards.output)
    assert sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []


def _scheme_points(kp):
    path = kp.content / "rules" / "2017" / "scheme.yaml"
    old = "name: 体系不完善, clause: c1-2-3, points: 2,"
    assert old in path.read_text("utf-8")
    path.write_text(path.read_text("utf-8").replace(old, old.replace("points: 2,", "points: 2.5,")), "utf-8")


def _bulletin_draft(kp):
    path = kp.content / "rules" / "2017" / "bulletin.yaml"
    path.write_text("draft: true\n" + path.read_text("utf-8"), "utf-8")


def _bulletin_not_example(kp):
    path = kp.content / "rules" / "2017" / "bulletin.yaml"
    text = path.read_text("utf-8")
    assert "\nexample: true" in text
    path.write_text(re.sub(r"(?m)^example: true.*\n", "", text), "utf-8")


def _rules_text(kp):
    with open(kp.content / "rules" / "2017" / "rules.md", "a", encoding="utf-8") as text:
        text.write("\n补充说明。\n")


def _unit_file(kp):
    _edit_unit(kp)


def _template(kp):
    edit_every_page(kp)


STALE = ("BUG: unit pages are not re-rendered when scheme.yaml or bulletin.yaml changes: build.build_year keys "
         "them on the '/rules/' entries of YearContent.digests, but content.load_year records only unit files "
         "there, so an incremental build keeps the old page (e.g. qiangganban.html still '3个 × 2分 … 6' after "
         "体系不完善 became 2.5 points; a stale 草稿/示例数据 banner) where a clean build differs")


@pytest.mark.parametrize("change", [
    pytest.param(_scheme_points, id="scheme points"),
    pytest.param(_bulletin_draft, id="bulletin draft"),
    pytest.param(_bulletin_not_example, id="bulletin example"),
    pytest.param(_rules_text, id="rules text"),
    pytest.param(_unit_file, id="unit file"),
    pytest.param(_template, id="template"),
])
def test_an_incremental_build_equals_a_clean_build(kp, tmp_path, change):
    assert kp("build").code == 0
    change(kp)
    assert kp("build").code == 0
    clean = tmp_path / "clean"
    assert kp("build", output=clean).code == 0
    a, b = site_files(kp.output), site_files(clean)
    assert sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []


# --------------------------------------------------------------------------- 1. atomic builds


def _wait_for(predicate, process, limit: float = 30.0) -> bool:
    """Poll until predicate() or the process ends; True if predicate() came true first."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if predicate():
            return True
        if process.poll() is not None:
            return predicate()
        time.sleep(0.0005)
    return False


def test_sigkill_mid_build_leaves_the_old_folder_whole(kp, tmp_path):
    assert kp("build").code == 0
    pristine = tmp_path / "pristine"
    shutil.copytree(kp.output, pristine, symlinks=True)
    before = site_files(kp.output / "2017")
    add_copies(kp, 300)  # the next build renders and writes some 320 pages
    new = kp.output / ".2017.new"
    landed = False
    for attempt in range(10):
        old_identity = identities(kp.output / "2017")
        process = subprocess.Popen(kp.cli_args("--jobs", 1), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            if _wait_for(new.exists, process):
                time.sleep(0.002 * attempt)  # a little later into the writing on each try
                process.send_signal(signal.SIGKILL)
        finally:
            process.wait(timeout=60)
        if process.returncode == -signal.SIGKILL and new.exists():
            landed = True
            break
        # finished (or was killed outside the window): put the old site back and try again
        shutil.rmtree(kp.output)
        shutil.copytree(pristine, kp.output, symlinks=True)
    assert landed, "could not kill the build while .2017.new existed in 10 tries"
    assert site_files(kp.output / "2017") == before
    assert identities(kp.output / "2017") == old_identity
    assert (kp.output / "index.html").read_bytes() == (pristine / "index.html").read_bytes()

    run = kp("build")
    assert run.code == 0, run
    assert leftovers(kp.output) == []
    assert len(list((kp.output / "2017" / "units").glob("*.html"))) == 317
    # and what it made is what a clean build makes
    clean = tmp_path / "clean"
    assert kp("build", output=clean).code == 0
    assert site_files(kp.output / "2017") == site_files(clean / "2017")
    assert (kp.output / "index.html").read_bytes() == (clean / "index.html").read_bytes()


DRIVER = """\
import os, pathlib, signal, sys
mode, limit, argv = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
seen = [0]
if mode == "write":      # die like a kill -9 after `limit` files of the new folder are written
    original = pathlib.Path.write_bytes
    def write_bytes(self, data):
        if ".2017.new" in self.parts:
            seen[0] += 1
            if seen[0] > limit:
                os.kill(os.getpid(), signal.SIGKILL)
        return original(self, data)
    pathlib.Path.write_bytes = write_bytes
elif mode == "rename":   # die between the two renames that swap the folders
    original = pathlib.Path.rename
    def rename(self, target):
        result = original(self, target)
        if pathlib.Path(target).name == ".2017.old":
            os.kill(os.getpid(), signal.SIGKILL)
        return result
    pathlib.Path.rename = rename
from kaoping.cli import main
sys.exit(main(argv))
"""


def _run_driver(kp: Kaoping, tmp_path: Path, mode: str, limit: int = 0) -> subprocess.CompletedProcess:
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER, "utf-8")
    return subprocess.run([sys.executable, str(driver), mode, str(limit)] + kp.cli_args("--jobs", 1)[3:],
                          capture_output=True, text=True, timeout=60)


def test_kill_after_some_files_are_written_leaves_the_old_folder_whole(kp, tmp_path):
    assert kp("build").code == 0
    before, identity = site_files(kp.output / "2017"), identities(kp.output / "2017")
    index = (kp.output / "index.html").read_bytes()
    edit_every_page(kp)
    done = _run_driver(kp, tmp_path, "write", 5)
    assert done.returncode == -signal.SIGKILL, done
    assert (kp.output / ".2017.new").is_dir()  # the kill landed mid-write
    assert site_files(kp.output / "2017") == before
    assert (kp.output / "index.html").read_bytes() == index
    assert identities(kp.output / "2017") == identity

    run = kp("build")
    assert run.code == 0, run
    assert leftovers(kp.output) == []
    assert has_mark(kp) and has_mark(kp, "index.html")


def test_a_killed_build_leaves_nothing_behind_once_the_next_build_succeeds(kp, tmp_path):
    assert kp("build").code == 0
    edit_every_page(kp)
    assert _run_driver(kp, tmp_path, "write", 5).returncode == -signal.SIGKILL
    assert kp("build").code == 0
    clean = tmp_path / "clean"
    assert kp("build", output=clean).code == 0
    assert sorted(p.name for p in kp.output.iterdir()) == sorted(p.name for p in clean.iterdir())


def test_kill_between_the_two_renames_is_recovered(kp, tmp_path):
    assert kp("build").code == 0
    before = site_files(kp.output / "2017")
    edit_every_page(kp)
    done = _run_driver(kp, tmp_path, "rename")
    assert done.returncode == -signal.SIGKILL, done
    # the worst moment: the old folder moved aside whole, the new one not yet in place
    assert site_files(kp.output / ".2017.old") == before

    run = kp("build")
    assert run.code == 0, run
    assert leftovers(kp.output) == []
    assert has_mark(kp) and has_mark(kp, "index.html")


def test_kill_of_a_parallel_build_does_not_block_the_next_build(kp):
    add_copies(kp, 300)
    assert kp("new-year", 2018).code == 0  # two years of 317 units: two worker processes
    process = subprocess.Popen(kp.cli_args("--jobs", 2), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    try:
        started = _wait_for(lambda: bool(leftovers(kp.output)) if kp.output.is_dir() else False, process)
        assert started, "the build ended before writing"
        process.send_signal(signal.SIGKILL)  # the kaoping process only, as `kill -9 PID` or the OOM killer would
        process.wait(timeout=60)
        following = subprocess.run(kp.cli_args("--jobs", 2), capture_output=True, text=True, timeout=120)
        assert following.returncode == 0, following.stderr
        assert leftovers(kp.output) == []
    finally:
        try:  # the orphaned workers are in the killed process's session: end them
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _fail_writes_into(monkeypatch, folder_name: str, after: int) -> None:
    original = kaoping.write.Path.write_bytes
    seen = [0]

    def write_bytes(self, data):
        if folder_name in self.parts:
            seen[0] += 1
            if seen[0] > after:
                raise OSError(errno.ENOSPC, "No space left on device", str(self))
        return original(self, data)

    monkeypatch.setattr(kaoping.write.Path, "write_bytes", write_bytes)


def test_disk_error_mid_write_leaves_the_old_folder_and_no_new_one(kp, monkeypatch):
    assert kp("build").code == 0
    before, identity = site_files(kp.output), identities(kp.output / "2017")
    edit_every_page(kp)
    _fail_writes_into(monkeypatch, ".2017.new", 3)
    run = kp("build", "--jobs", "1")
    assert run.code == 1, run
    assert "磁盘空间不足" in run.err and "已有的网站保持原样" in run.err
    assert site_files(kp.output) == before
    assert identities(kp.output / "2017") == identity
    assert leftovers(kp.output) == []

    monkeypatch.undo()
    assert kp("build").code == 0
    assert has_mark(kp) and has_mark(kp, "index.html")


def test_a_failing_year_in_a_parallel_build_swaps_in_no_year(two_years, monkeypatch):
    kp = two_years
    assert kp("build").code == 0
    before = site_files(kp.output)
    identity = {y: identities(kp.output / y) for y in ("2017", "2018")}
    edit_every_page(kp)  # both years change
    _fail_writes_into(monkeypatch, ".2018.new", 0)  # inherited by the forked workers
    run = kp("build", "--jobs", "2")
    assert run.code == 1, run
    assert site_files(kp.output) == before
    assert {y: identities(kp.output / y) for y in ("2017", "2018")} == identity
    assert leftovers(kp.output) == []


# --------------------------------------------------------------------------- 2. publish


def test_publish_records_every_input_and_output(published):
    kp = published
    record = kp.published_json()
    shipped = kp.output / "2017" / "manifest.json"
    assert record.is_file() and shipped.is_file()
    assert record.read_bytes() == shipped.read_bytes()
    data = json.loads(record.read_text("utf-8"))
    assert data["year"] == 2017
    assert data["published"] == PUBLISHED_ON
    assert data["corrections"] == []

    expected_inputs = {f"rules/2017/{n}": sha((kp.content / "rules" / "2017" / n).read_bytes())
                       for n in ("scheme.yaml", "rules.md", "bulletin.yaml")}
    expected_inputs |= {f"units/2017/{p.name}": sha(p.read_bytes()) for p in (kp.content / "units" / "2017").glob("*.yaml")}
    expected_inputs |= {"theme/" + p.relative_to(kp.theme).as_posix(): sha(p.read_bytes())
                        for p in kp.theme.rglob("*") if p.is_file()}
    assert data["inputs"] == expected_inputs
    assert len([k for k in data["inputs"] if k.startswith("units/")]) == 17

    on_disk = {name: sha(raw) for name, raw in site_files(kp.output / "2017").items() if name != "manifest.json"}
    assert data["outputs"] == on_disk
    assert {"index.html", "rules.html", "results.json", "results.csv", "units/peixun.html"} <= on_disk.keys()


def test_publish_message(kp):
    run = kp("publish", 2017, "--date", PUBLISHED_ON)
    assert run.code == 0, run
    assert f"2017 年已发布（{PUBLISHED_ON}）" in run.out
    assert "published.json" in run.out and "manifest.json" in run.out


def test_publishing_twice_is_refused(published):
    kp = published
    record = kp.published_json().read_bytes()
    run = kp("publish", 2017, "--date", "2018-02-01")
    assert run.code == 2, run
    assert "已经发布过" in run.err and "--reopen 2017" in run.err
    assert kp.published_json().read_bytes() == record


def test_publishing_a_year_without_content_is_refused(kp):
    run = kp("publish", 2016)
    assert run.code == 2, run
    assert not (kp.content / "rules" / "2016").exists()


def test_build_after_publish_rewrites_nothing(published):
    kp = published
    before, identity = site_files(kp.output), identities(kp.output / "2017")
    for _ in range(2):
        run = kp("build")
        assert run.code == 0, run
        assert site_files(kp.output) == before
        assert identities(kp.output / "2017") == identity


def test_build_right_after_publish_leaves_the_year_alone(published):
    """Not even re-rendered: publish's own published.json must not make the year look changed."""
    kp = published
    folder_inode = (kp.output / "2017").stat().st_ino
    run = kp("build")
    assert run.code == 0, run
    assert "2017 年内容未变" in run.out and "已生成" not in run.out
    assert (kp.output / "2017").stat().st_ino == folder_inode


@pytest.mark.parametrize("lost", ["units/peixun.html", "index.html", "results.json"])
def test_a_deleted_output_file_is_restored_byte_for_byte(published, lost):
    kp = published
    before = site_files(kp.output / "2017")
    (kp.output / "2017" / lost).unlink()
    run = kp("build")
    assert run.code == 0, run
    assert site_files(kp.output / "2017") == before
    assert kp("verify").code == 0


def test_a_published_year_is_rebuilt_exactly_from_nothing(published):
    kp = published
    before = site_files(kp.output)
    shutil.rmtree(kp.output)
    run = kp("build")
    assert run.code == 0, run
    assert site_files(kp.output) == before  # manifest.json included
    assert kp("verify", 2017).code == 0


def test_publish_records_what_kaoping_builds_not_what_lies_in_the_folder(kp):
    assert kp("build").code == 0
    (kp.output / "2017" / "notes.txt").write_text("草稿笔记", "utf-8")
    with open(kp.output / "2017" / "rules.html", "a", encoding="utf-8") as page:
        page.write("<!-- edited by hand -->\n")
    assert kp("publish", 2017, "--date", PUBLISHED_ON).code == 0
    outputs = json.loads(kp.published_json().read_text("utf-8"))["outputs"]
    assert "notes.txt" not in outputs
    shutil.rmtree(kp.output)
    run = kp("build")
    assert run.code == 0, run


def _edit_unit(kp):
    path = kp.unit("peixun")
    text = path.read_text("utf-8")
    assert "points: 1.5" in text
    path.write_text(text.replace("points: 1.5", "points: 1"), "utf-8")
    return "units/2017/peixun.yaml"


def _add_unit(kp):
    shutil.copyfile(kp.unit("peixun"), kp.unit("xinzeng"))
    return "units/2017/xinzeng.yaml"


def _remove_unit(kp):
    kp.unit("zhubao").unlink()
    return "units/2017/zhubao.yaml"


def _edit_bulletin(kp):
    edit_bulletin_title(kp)
    return "rules/2017/bulletin.yaml"


def _edit_rules(kp):
    with open(kp.content / "rules" / "2017" / "rules.md", "a", encoding="utf-8") as text:
        text.write("\n补充说明。\n")
    return "rules/2017/rules.md"


def _edit_theme(kp):
    with open(kp.theme / "static" / "style.css", "a", encoding="utf-8") as css:
        css.write("\n/* changed */\n")
    return "theme/static/style.css"


@pytest.mark.parametrize("change", [_edit_unit, _add_unit, _remove_unit, _edit_bulletin, _edit_rules, _edit_theme],
                         ids=["unit edited", "unit added", "unit removed", "bulletin", "rules text", "theme"])
def test_build_refuses_when_a_published_input_changed(published, change):
    kp = published
    before, identity = site_files(kp.output), identities(kp.output)
    record = kp.published_json().read_bytes()
    changed = change(kp)
    run = kp("build")
    assert run.code == 1, run
    assert changed in run.err
    assert "--reopen 2017" in run.err and PUBLISHED_ON in run.err
    assert site_files(kp.output) == before
    assert identities(kp.output) == identity
    assert kp.published_json().read_bytes() == record


def test_reopen_rebuilds_and_records_the_correction(published):
    kp = published
    before = site_files(kp.output / "2017")
    changed = _edit_unit(kp)
    assert kp("build").code == 1

    day = datetime.date.today()
    run = kp("build", "--reopen", 2017)
    assert run.code == 0, run
    assert run.err == ""
    days = {day, datetime.date.today()}  # the test may straddle midnight
    after = site_files(kp.output / "2017")
    assert after["results.json"] != before["results.json"]
    peixun = next(u for u in json.loads(after["results.json"])["units"] if u["id"] == "peixun")
    assert peixun["sections"]["二"] == 40 - 1  # 高速交通 now 1 point instead of 1.5

    for page in ("index.html", "rules.html", "units/peixun.html", "units/zhubao.html"):
        text = after[page].decode("utf-8")
        assert any(f"本通报已于{cn_date(d)}更正" in text for d in days), page

    data = json.loads(kp.published_json().read_text("utf-8"))
    assert data["published"] == PUBLISHED_ON
    assert len(data["corrections"]) == 1
    correction = data["corrections"][0]
    assert correction["date"] in {d.isoformat() for d in days}
    assert [c for c in correction["changed"] if changed in c] and len(correction["changed"]) == 1
    assert data["inputs"][changed] == sha(kp.unit("peixun").read_bytes())
    assert data["outputs"] == {n: sha(r) for n, r in after.items() if n != "manifest.json"}
    assert after["manifest.json"] == kp.published_json().read_bytes()
    assert kp("verify", 2017).code == 0

    # from then on the corrected year is frozen again, and reproduced exactly
    identity = identities(kp.output / "2017")
    run = kp("build")
    assert run.code == 0, run
    assert identities(kp.output / "2017") == identity
    assert len(json.loads(kp.published_json().read_text("utf-8"))["corrections"]) == 1
    shutil.rmtree(kp.output)
    assert kp("build").code == 0
    assert site_files(kp.output / "2017") == after

    # a second correction adds a second note
    _edit_bulletin(kp)
    assert kp("build").code == 1
    assert kp("build", "--reopen", 2017).code == 0
    data = json.loads(kp.published_json().read_text("utf-8"))
    assert len(data["corrections"]) == 2
    assert "rules/2017/bulletin.yaml" in " ".join(data["corrections"][1]["changed"])
    assert (kp.output / "2017" / "index.html").read_text("utf-8").count("本通报已于") == 2


def test_a_later_published_year_survives_the_correction_of_an_earlier_one(published):
    kp = published
    assert kp("new-year", 2018).code == 0
    assert kp("build").code == 0
    assert kp("publish", 2018, "--date", "2019-01-05").code == 0
    published_2018 = site_files(kp.output / "2018")
    _edit_unit(kp)
    assert kp("build", "--reopen", 2017).code == 0
    assert kp("verify").code == 0
    shutil.rmtree(kp.output / "2018")  # a lost folder: rebuilt from its content, exactly as published
    run = kp("build")
    assert run.code == 0, run
    assert site_files(kp.output / "2018") == published_2018


def test_reopen_without_changes_records_nothing(published):
    kp = published
    record, before = kp.published_json().read_bytes(), site_files(kp.output)
    assert kp("build").code == 0
    run = kp("build", "--reopen", 2017)
    assert run.code == 0, run
    assert kp.published_json().read_bytes() == record
    assert site_files(kp.output) == before
    assert "本通报已于" not in (kp.output / "2017" / "index.html").read_text("utf-8")


def test_reopen_of_a_year_not_built_is_a_usage_error(published):
    run = published("build", "--reopen", 2019)
    assert run.code == 2, run


# --------------------------------------------------------------------------- 3. verify


def test_verify_an_intact_folder(published):
    run = published("verify")
    assert run.code == 0, run
    assert "2017" in run.out and run.err == ""
    assert published("verify", 2017).code == 0


def test_verify_names_a_page_altered_by_one_byte(published):
    kp = published
    page = kp.output / "2017" / "units" / "peixun.html"
    raw = bytearray(page.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    page.write_bytes(bytes(raw))
    for args in ((), (2017,)):
        run = kp("verify", *args)
        assert run.code == 1, run
        lines = [line for line in run.err.splitlines() if "units/peixun.html" in line]
        assert len(lines) == 1 and "被改动" in lines[0]
        assert "rules.html" not in run.err and "index.html" not in run.err


def test_verify_names_missing_and_extra_files(published):
    kp = published
    (kp.output / "2017" / "units" / "zhubao.html").unlink()
    (kp.output / "2017" / "units" / "extra.html").write_text("<p>extra</p>", "utf-8")
    run = kp("verify", 2017)
    assert run.code == 1, run
    assert re.search(r"缺少 units/zhubao\.html", run.err)
    assert re.search(r"多出 units/extra\.html", run.err)


def test_verify_a_corrupt_manifest(published):
    kp = published
    (kp.output / "2017" / "manifest.json").write_text("{not json", "utf-8")
    run = kp("verify", 2017)
    assert run.code == 1, run
    assert "manifest.json" in run.err


def test_verify_a_year_that_was_never_published(two_years):
    kp = two_years
    assert kp("publish", 2017, "--date", PUBLISHED_ON).code == 0
    assert kp("build").code == 0
    run = kp("verify", 2018)
    assert run.code == 1, run
    assert "manifest.json" in run.err
    assert kp("verify").code == 0  # without a year: the published ones


def test_verify_a_copy_on_another_server_without_the_content(published, tmp_path, monkeypatch):
    kp = published
    server = tmp_path / "server"
    shutil.copytree(kp.output / "2017", server / "archive" / "2017")
    shutil.rmtree(kp.root)  # no content, no theme, no site left
    monkeypatch.chdir(server)
    run = kp("verify", output=Path("archive"))
    assert run.code == 0, run
    assert kp("verify", 2017, output=Path("archive")).code == 0

    page = server / "archive" / "2017" / "rules.html"
    page.write_bytes(page.read_bytes().replace(b"</body>", b"<p>x</p></body>", 1))
    run = kp("verify", 2017, output=Path("archive"))
    assert run.code == 1, run
    assert "rules.html" in run.err and "被改动" in run.err


# --------------------------------------------------------------------------- 4. new-year


def test_new_year_creates_the_next_year_from_the_latest(kp):
    run = kp("new-year", 2018)
    assert run.code == 0, run
    assert "2018" in run.out and "draft" in run.out
    rules17, rules18 = kp.content / "rules" / "2017", kp.content / "rules" / "2018"
    assert sorted(p.name for p in rules18.iterdir()) == ["bulletin.yaml", "rules.md", "scheme.yaml"]
    assert (rules18 / "rules.md").read_bytes() == (rules17 / "rules.md").read_bytes()
    assert yaml.safe_load((rules18 / "scheme.yaml").read_text("utf-8"))["year"] == 2018
    bulletin = yaml.safe_load((rules18 / "bulletin.yaml").read_text("utf-8"))
    assert bulletin["draft"] is True
    old_bulletin = yaml.safe_load((rules17 / "bulletin.yaml").read_text("utf-8"))
    assert bulletin["issuer"] == old_bulletin["issuer"]

    olds = sorted((kp.content / "units" / "2017").glob("*.yaml"))
    news = sorted((kp.content / "units" / "2018").glob("*.yaml"))
    assert [p.name for p in news] == [p.name for p in olds]
    for old, new in zip(olds, news):
        before, text = yaml.safe_load(old.read_text("utf-8")), new.read_text("utf-8")
        after = yaml.safe_load(text)
        assert (after["name"], after["level"]) == (before["name"], before["level"]), new.name
        assert after.get("short") == before.get("short")
        for key in ("deductions", "bonuses", "penalties", "findings"):
            assert after[key] is None, (new.name, key)  # an empty key: none (not "[]", see below)
            # each empty key is followed by a commented example showing the format
            block = text.split(f"\n{key}:", 1)[1].split("\n", 1)[1]
            assert re.match(r"#\s+- rule: \S+\n(#.*\n)*?#\s+note: ", block), (new.name, key)
        # the example uncommented (the "#" of each line deleted) is a valid entry
        uncommented = re.sub(r"(?m)^#(\s+(- )?(rule|count|note): )", r"\1", text)
        assert yaml.safe_load(uncommented)["deductions"][0]["rule"] == "评查缺次", uncommented
    assert not (rules18 / "published.json").exists()


def test_new_year_builds_at_once_and_the_index_lists_both(two_years):
    kp = two_years
    run = kp("build")
    assert run.code == 0, run
    results = json.loads((kp.output / "2018" / "results.json").read_text("utf-8"))
    assert len(results["units"]) == 17
    assert {u["total"] for u in results["units"]} == {100}  # nothing assessed yet: full marks
    assert "草稿" in (kp.output / "2018" / "index.html").read_text("utf-8")

    rows = index_rows((kp.output / "index.html").read_text("utf-8"))
    assert [year for year, _, _ in rows] == ["2018", "2017"]  # newest first
    for year, count, counts in rows:
        units = json.loads((kp.output / year / "results.json").read_text("utf-8"))["units"]
        assert count == len(units)
        grades = Counter(u["grade"] for u in units)
        assert {g: n for g, n in counts.items() if n} == dict(grades), year
        assert set(counts) == {"优秀", "合格", "不合格"}, year


def test_a_unit_page_links_its_other_years(two_years):
    kp = two_years
    assert kp("build").code == 0
    page = kp.output / "2018" / "units" / "peixun.html"
    links = re.findall(r'href="([^"]*2017/units/peixun\.html)"', page.read_text("utf-8"))
    assert links == ["../../2017/units/peixun.html"]
    assert (page.parent / links[0]).resolve().is_file()


@pytest.mark.parametrize("publish", [True, False], ids=["published", "not published"])
def test_building_the_new_year_leaves_the_first_year_byte_and_inode_identical(kp, publish):
    if publish:
        assert kp("publish", 2017, "--date", PUBLISHED_ON).code == 0
    assert kp("build").code == 0
    before, identity = site_files(kp.output / "2017"), identities(kp.output / "2017")
    assert kp("new-year", 2018).code == 0
    run = kp("build")
    assert run.code == 0, run
    assert "2018" in run.out
    assert site_files(kp.output / "2017") == before
    assert identities(kp.output / "2017") == identity
    assert kp("verify").code == 0
    assert ("2017 年与发布时的清单完全一致" in kp("verify").out) == publish


def test_new_year_refuses_an_existing_year_or_one_without_a_predecessor(two_years):
    kp = two_years
    unit = kp.unit("peixun", 2018)
    unit.write_text(unit.read_text("utf-8") + "# 已开始录入\n", "utf-8")
    snapshot = {p: p.read_bytes() for p in kp.content.rglob("*") if p.is_file()}
    for year in (2018, 2017):
        run = kp("new-year", year)
        assert run.code == 2, run
        assert "已经存在" in run.err
    run = kp("new-year", 2016)
    assert run.code == 2, run
    assert {p: p.read_bytes() for p in kp.content.rglob("*") if p.is_file()} == snapshot
    assert not (kp.content / "rules" / "2016").exists()
