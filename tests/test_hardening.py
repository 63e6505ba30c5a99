"""Hardening: nothing a clerk's machine or file can throw at kaoping gives a wrong page, a crash or
a lost archive. Whatever arrives, kaoping either builds the right site or says clearly what is
wrong (`path:line: message`, exit 1 or 2, never a Python traceback) and changes nothing.

    Windows files        BOM + CRLF, GBK/GB18030, full-width digits and Chinese punctuation
    hostile YAML         alias bombs, deep nesting, huge and binary files, empty files, tags
    the file system      symlinks out of the content folder, odd names and editor leftovers,
                         a read-only, missing or full output folder, a kill mid-write, two
                         builds at once
    templates and text   every text is escaped; Markdown cannot inject scripts or javascript:
                         links; a template typo fails the build
    fuzzing              hypothesis: random valid unit files are accepted and scored within
                         bounds; mutated ones are refused with path:line and change nothing

The command line runs as a subprocess wherever "no traceback", time or memory is the point
(RLIMIT_AS 1 GiB, a timeout of seconds). Mounts (read-only, small tmpfs) need root and are
detected, with a skip that says why when the sandbox does not allow them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import types
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from conftest import UNIT_PATH, as_copy, load_scheme_2017_cached, parse_unit
from kaoping.cli import main
from kaoping.fields import plain_number
from kaoping.scheme import BONUS, DEDUCTION, PENALTY
from kaoping.scoring import score_unit, score_year
from kaoping.state import state_folder

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
THEME = ROOT / "theme"
SCHEME = load_scheme_2017_cached()
GIB = 1 << 30
PROBLEM_LINE = re.compile(r"^(?P<path>\S.*?):(?P<line>\d+): (?P<message>\S.*)$")
CJK = re.compile(r"[\u4e00-\u9fff]")

GOOD_UNIT = "name: 加固测试单位\nlevel: 副处级以上\npoll: {score: 96}\n"


# ------------------------------------------------------------------------------------ helpers


def copy_content(where: Path) -> tuple[Path, Path]:
    """A copy of the real content and theme under `where` (tests never touch the repository's)."""
    content, theme = where / "content", where / "theme"
    shutil.copytree(CONTENT, content, symlinks=True)
    shutil.copytree(THEME, theme)
    return content, theme


def _skip_cache(relative: str) -> bool:
    # compiled templates: Jinja2 checks each against its template's source before using it
    return relative.startswith(".kaoping/templates/")


def site_files(output: Path) -> dict[str, bytes]:
    """Every file of the output folder (the site and its stamps), but the compiled-template cache."""
    files = {}
    for path in sorted(output.rglob("*")):
        relative = path.relative_to(output).as_posix()
        if path.is_file() and not path.is_symlink() and not _skip_cache(relative):
            files[relative] = path.read_bytes()
    return files


def visible_files(output: Path) -> dict[str, bytes]:
    """What a reader of the site sees: every file whose path has no hidden component."""
    return {k: v for k, v in site_files(output).items() if not any(p.startswith(".") for p in k.split("/"))}


def differing(before: dict[str, bytes], after: dict[str, bytes]) -> list[str]:
    return sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))


def leftovers(output: Path) -> list[str]:
    """Half-made or half-swapped year folders (.2017.new, .2017.old), a build's exchange folder."""
    return sorted(p.name for p in output.iterdir() if re.fullmatch(r"\.\d{4}\.(new|old)|\.kaoping-run-.*", p.name))


def build_args(content: Path, theme: Path, output: Path, *more: str) -> list[str]:
    return ["build", "--content", str(content), "--theme", str(theme), "--output", str(output), "--jobs", "1", *more]


def run_main(argv: list[str]) -> tuple[int, str, str]:
    """kaoping.cli.main in this process, with its stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


@dataclasses.dataclass
class Run:
    code: int
    out: str
    err: str
    seconds: float
    max_rss_mb: float


def _limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (GIB, GIB))


def _command(args: list[str]) -> list[str]:
    return [sys.executable, "-m", "kaoping.cli", *args]


def run_cli(args: list[str], timeout: float = 20) -> Run:
    """The command line as a clerk runs it: a new process, 1 GiB of address space, a timeout."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.monotonic()
        proc = subprocess.Popen(_command(args), stdout=out, stderr=err, preexec_fn=_limit_memory, cwd=ROOT)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        seconds = time.monotonic() - started
        out.seek(0)
        err.seek(0)
        run = Run(code, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
                  seconds, usage.ru_maxrss / 1024)
    assert seconds < timeout, f"killed after {timeout} s: {args}"
    return run


def start_cli(args: list[str]) -> subprocess.Popen:
    return subprocess.Popen(_command(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=_limit_memory, cwd=ROOT)


def problem_lines(err: str) -> list[re.Match]:
    return [m for m in map(PROBLEM_LINE.match, err.splitlines()) if m]


def assert_told(run: Run, code: int = 1):
    """A clear refusal: the exit code, no traceback, something said in Chinese."""
    assert run.code == code, f"exit {run.code}\n{run.err}"
    assert "Traceback" not in run.err and "Traceback" not in run.out, run.err
    assert run.err.strip(), "nothing said"
    assert CJK.search(run.err), run.err


def assert_problem(err: str, path: Path | str, *words: str, line: int | None = None) -> re.Match:
    found = [m for m in problem_lines(err) if m["path"] == str(path)]
    assert found, f"no `{path}:line:` message in:\n{err}"
    hits = [m for m in found if all(w in m["message"] for w in words) and (line is None or int(m["line"]) == line)]
    assert hits, f"no message on line {line} with {words} in:\n{err}"
    return hits[0]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A content and theme copy and a site built from them; tests put one extra file in and take it out."""
    where = tmp_path_factory.mktemp("built")
    content, theme = copy_content(where)
    output = where / "site"
    code, _, err = run_main(build_args(content, theme, output))
    assert code == 0, err
    return types.SimpleNamespace(content=content, theme=theme, output=output, units=content / "units" / "2017")


@contextlib.contextmanager
def extra_unit(built, name: str, data: bytes):
    path = built.units / name
    path.write_bytes(data)
    try:
        yield path
    finally:
        path.unlink()


# ------------------------------------------------------------------------------- Windows files


def test_bom_and_crlf_everywhere_build_the_same_site(tmp_path):
    """Notepad's UTF-8 (BOM, CRLF) in every content file: the same pages, byte for byte."""
    plain_content, theme = copy_content(tmp_path / "plain")
    windows = tmp_path / "windows" / "content"
    shutil.copytree(plain_content, windows)
    converted = 0
    for path in windows.rglob("*"):
        if path.suffix in (".yaml", ".md"):
            text = path.read_bytes().decode("utf-8")
            path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
            converted += 1
    assert converted >= 20
    assert run_main(build_args(plain_content, theme, tmp_path / "a"))[0] == 0
    code, _, err = run_main(build_args(windows, theme, tmp_path / "b"))
    assert code == 0, err
    a, b = visible_files(tmp_path / "a"), visible_files(tmp_path / "b")
    assert len(a) > 20
    assert differing(a, b) == []


@pytest.mark.parametrize("encoding", ["gbk", "gb18030"])
def test_a_gbk_file_is_refused_with_how_to_resave_it(built, encoding):
    text = ("name: 市建设工程质量安全监督站\r\nlevel: 副处级以上\r\npoll: {score: 93}\r\n"
            "deductions:\r\n  - rule: 评查缺次\r\n    note: 第三季度未开展评查\r\n")
    if encoding == "gb18030":
        text = text.replace("第三季度", "第三季度\U00020000")  # a character GBK does not have
    before = site_files(built.output)
    with extra_unit(built, "gbk.yaml", text.encode(encoding)) as path:
        run = run_cli(build_args(built.content, built.theme, built.output))
    assert_told(run)
    message = assert_problem(run.err, path, "UTF-8", line=1)["message"]
    assert "GBK" in message and "另存为" in message
    assert differing(before, site_files(built.output)) == []


HEAD = "name: 测试单位\nlevel: 副处级以上\npoll: {score: 93}\n"


def _entry(rule: str, amount: str, note: str = "说明") -> str:
    return HEAD + f"deductions:\n  - rule: {rule}\n    {amount}\n    note: {note}\n"




@pytest.mark.parametrize("text, line, char", [
    (_entry("消防", "points: １．５"), 6, "１"),
    (_entry("消防", "points: －1.5"), 6, "－"),
    (_entry("消防", "points: ＋1"), 6, "＋"),
    ("name: 测试单位\nlevel: 副处级以上\npoll:\n  score: ９３．５\n", 4, "９"),
    ("name: 测试单位\nlevel: 直属科级\npoll:\n  基本合格: ３\n  不合格: 0\n", 4, "３"),
    (_entry("消防", "points: 1\n    date: 2017－03－12"), 7, "－"),
    pytest.param("name: 测试单位\nlevel: 副处级以上\npoll: {score：93}\n", 3, "："),
    pytest.param("name: 测试单位\nlevel: 直属科级\npoll:\n  基本合格：2\n  不合格: 0\n", 4, "："),
    pytest.param(_entry("消防", "points: 1。5"), 6, "。"),
    pytest.param("name: 测试单位\nlevel: 副处级以上\npoll: ｛score: 93｝\n", 3, "｛"),
    pytest.param("name: 测试单位\nlevel: 直属科级\npoll: {基本合格: 0， 不合格: 0}\n", 3, "，"),
    pytest.param(HEAD + "deductions:\n  － rule: 评查缺次\n    note: 说明\n", 5, "－"),
    pytest.param(HEAD + "deductions:\n  -\u3000rule: 评查缺次\n    note: 说明\n", 5, "\u3000"),
    pytest.param(HEAD + "＃ 备注：本单位已整改\n", 4, "＃"),
], ids=["１．５", "－1.5", "＋1", "score ９３．５", "person-times ３", "date －", "： in braces", "： after 基本合格",
        "。 as the point", "｛ ｝ braces", "， in braces", "－ as the list dash", "full-width space after -",
        "＃ comment"])
def test_full_width_and_chinese_punctuation_show_the_character(text, line, char):
    """The message is on the line of the mistake and singles out the character that is wrong
    (「１」, not just the whole value it is in)."""
    unit, problems = parse_unit(text.encode("utf-8"), SCHEME)
    assert unit is None and problems
    shown = f"「{char}」" if char != "\u3000" else "全角空格"
    assert any(p.line == line and shown in p.message for p in problems), \
        "\n".join(map(str, problems))




@pytest.mark.parametrize("text, line", [
    (HEAD + "deductions:\n  - rule: 评查缺次\n    note:说明\n", 6),
    pytest.param("name:测试单位\nlevel: 副处级以上\npoll: {score: 93}\n", 1),
    pytest.param("name: 测试单位\nlevel:副处级以上\npoll: {score: 93}\n", 2),
    pytest.param("name: 测试单位\nlevel: 副处级以上\npoll:\n  score:93\n", 4),
    pytest.param(HEAD + "deductions:\n  - rule:评查缺次\n    note: 说明\n", 5),
], ids=["note: last line", "name:", "level:", "score:", "rule:"])
def test_a_missing_space_after_the_colon_is_reported_on_its_line(text, line):
    unit, problems = parse_unit(text.encode("utf-8"), SCHEME)
    assert unit is None
    assert any(p.line == line and "空格" in p.message for p in problems), "\n".join(map(str, problems))


# --------------------------------------------------------------------------------- hostile YAML


def _billion_laughs() -> bytes:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    return ("\n".join(lines) + "\n").encode()


def _deep_block(levels: int) -> bytes:
    return (HEAD + "".join("  " * i + f"k{i}:\n" for i in range(levels)) + "  " * levels + "x: 1\n").encode()




HOSTILE = [  # (what, the file's bytes (made when the test runs), words the message must have)
    ("billion laughs", _billion_laughs, ["别名"]),
    ("alias of a big list",
     lambda: (HEAD + "x: &x [" + ",".join(["1"] * 10000) + "]\ny: [" + ",".join(["*x"] * 5000) + "]\n").encode(), ["别名"]),
    ("deep block nesting", lambda: _deep_block(40), ["嵌套"]),
    ("deep flow nesting", lambda: (HEAD + "short: " + "[" * 50 + "]" * 50 + "\n").encode(), ["嵌套"]),
    ("very deep flow nesting", lambda: (HEAD + "short: " + "[" * 200_000 + "\n").encode(), ["嵌套"]),
    ("50 MB", lambda: b"name: " + "字".encode() * (50 * 1024 * 1024 // 3) + b"\n", ["过大"]),
    ("binary junk with NUL", lambda: bytes(range(256)) * 200, ["二进制"]),
    ("binary junk without NUL", lambda: bytes(range(128, 256)) * 400, ["UTF-8"]),
    ("a PNG renamed .yaml", lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(1000), ["二进制"]),
    ("empty", lambda: b"", ["空"]),
    ("only a comment", lambda: "# 保卫处 2017 年考评记录（待填）\n".encode(), ["空"]),
    ("only a BOM and CRLF", lambda: b"\xef\xbb\xbf\r\n\r\n", ["空"]),
    ("python/object", lambda: (HEAD + "short: !!python/object:os.system 测试\n").encode(), ["标签"]),
    ("python/object/apply",
     lambda: (HEAD + "short: !!python/object/apply:os.system [touch /tmp/kaoping-pwned]\n").encode(), ["标签"]),
    ("python/name on the top", lambda: b"!!python/name:os.system\n", ["标签"]),
    ("control characters", lambda: (HEAD + "short: \x07\x1b[31m\n").encode(), ["第 8 个字符", "控制字符 U+0007"]),
]


@pytest.mark.parametrize("name, make, words", [pytest.param(*case, id=case[0]) for case in HOSTILE])
def test_a_hostile_file_gives_a_clear_error_quickly(built, name, make, words):
    """A clear `path:line:` message, in seconds and under 1 GiB of address space (ru_maxrss is an upper
    bound: it counts the forked test process too), and the built site stays as it was."""
    before = site_files(built.output)
    with extra_unit(built, "zzz.yaml", make()) as path:
        run = run_cli(build_args(built.content, built.theme, built.output))
    assert_told(run)
    assert_problem(run.err, path, *words)
    assert run.seconds < 3, f"{run.seconds:.1f} s"
    assert run.max_rss_mb < 400, f"{run.max_rss_mb:.0f} MB"
    assert differing(before, site_files(built.output)) == []
    assert not Path("/tmp/kaoping-pwned").exists()


def test_a_2_gb_file_is_refused_without_reading_it(built):
    before = site_files(built.output)
    path = built.units / "video.yaml"
    with open(path, "wb") as handle:
        handle.truncate(2 * GIB)  # sparse: a video saved with the wrong name, without filling the disk
    try:
        run = run_cli(build_args(built.content, built.theme, built.output))
    finally:
        path.unlink()
    assert_told(run)
    assert_problem(run.err, path, "过大")
    assert run.seconds < 3 and run.max_rss_mb < 400
    assert differing(before, site_files(built.output)) == []


# ------------------------------------------------------------------------------- symlinks


def _outside_unit(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir(exist_ok=True)
    secret = outside / "secret.yaml"
    secret.write_text("name: 外部机密单位\nlevel: 副处级以上\npoll: {score: 99}\n", encoding="utf-8")
    return secret


def _link_absolute(units: Path, tmp_path: Path) -> Path:
    link = units / "outlink.yaml"
    link.symlink_to(_outside_unit(tmp_path))
    return link


def _link_relative(units: Path, tmp_path: Path) -> Path:
    link = units / "outlink.yaml"
    link.symlink_to(Path(os.path.relpath(_outside_unit(tmp_path), units)))
    return link


def _link_chain(units: Path, tmp_path: Path) -> Path:
    """A link to a link in the content folder that points out of it."""
    (units.parent.parent / "rules" / "hop.yaml").symlink_to(_outside_unit(tmp_path))
    link = units / "outlink.yaml"
    link.symlink_to(Path("../../rules/hop.yaml"))
    return link


def _link_loop(units: Path, tmp_path: Path) -> Path:
    link = units / "outlink.yaml"
    link.symlink_to(Path("outlink.yaml"))
    return link


def _linked_year_folder(units: Path, tmp_path: Path) -> Path:
    """The year's unit folder itself is a link to a folder outside the content folder."""
    outside = tmp_path / "outside-units"
    shutil.copytree(units, outside)
    shutil.copy(_outside_unit(tmp_path), outside / "outlink.yaml")
    shutil.rmtree(units)
    units.symlink_to(outside)
    return units / "outlink.yaml"


@pytest.mark.parametrize("make_link", [
    _link_absolute, _link_relative, _link_chain,
    _link_loop,
    _linked_year_folder,
], ids=["absolute", "relative ../..", "link to a link", "loop", "year folder is a link"])
def test_a_unit_file_behind_a_link_out_of_the_content_folder_is_refused(tmp_path, make_link):
    content, theme = copy_content(tmp_path)
    output = tmp_path / "site"
    link = make_link(content / "units" / "2017", tmp_path)
    run = run_cli(build_args(content, theme, output))
    assert_told(run)
    assert_problem(run.err, link)
    assert not output.exists()
    run = run_cli(["check", "--content", str(content)])
    assert_told(run)
    assert_problem(run.err, link)


def _bad_name(units: Path, tmp_path: Path) -> Path:
    path = units / "Zhubao (1).yaml"
    path.write_text(GOOD_UNIT, encoding="utf-8")
    return path


@pytest.mark.parametrize("make_file", [_link_absolute, _bad_name], ids=["link out", "bad name"])
def test_a_refused_file_added_after_a_build_is_reported_as_on_a_fresh_build(tmp_path, make_file):
    content, theme = copy_content(tmp_path)
    output = tmp_path / "site"
    assert run_main(build_args(content, theme, output))[0] == 0
    before = site_files(output)
    path = make_file(content / "units" / "2017", tmp_path)
    run = run_cli(build_args(content, theme, output))
    assert differing(before, site_files(output)) == []
    assert_told(run)
    assert_problem(run.err, path)


# ---------------------------------------------------------------------- names and leftovers


def test_hidden_files_and_editor_leftovers_are_not_built(tmp_path):
    content, theme = copy_content(tmp_path)
    assert run_main(build_args(content, theme, tmp_path / "clean"))[0] == 0
    units = content / "units" / "2017"
    junk = b"name: \xff\xfe\x00 broken [\n"
    for name in [".zhubao.yaml.swp", ".zhubao.yaml.swo", "zhubao.yaml~", "zhubao.yaml.bak",
                 "zhubao.yaml.tmp", ".hidden.yaml", ".DS_Store", "Thumbs.db", "desktop.ini", "4913",
                 ".~lock.zhubao.yaml#", "._zhubao.yaml"]:
        (units / name).write_bytes(junk)
    (units / ".#zhubao.yaml").symlink_to("root@clerk-pc.12345:1700000000")  # emacs' lock: a dangling link
    (units / ".git").mkdir()
    (units / ".git" / "x.yaml").write_bytes(junk)
    code, _, err = run_main(build_args(content, theme, tmp_path / "site"))
    assert code == 0, err
    assert differing(visible_files(tmp_path / "clean"), visible_files(tmp_path / "site")) == []


@pytest.mark.parametrize("name", ["~$zhubao.yaml", "#zhubao.yaml#", "zhubao (1).yaml", "zhubao.yaml.txt",
                                  "zhubao.yaml.orig", "zhubao副本.yaml", "ZHUBAO.YAML", "zhubao.Yaml", " zhubao.yaml",
                                  "zhubao.yaml "])
def test_a_file_name_that_is_not_an_id_is_ignored_or_reported_never_built(tmp_path, name):
    content, theme = copy_content(tmp_path)
    path = content / "units" / "2017" / name
    path.write_text(GOOD_UNIT, encoding="utf-8")
    output = tmp_path / "site"
    code, _, err = run_main(build_args(content, theme, output))
    assert code in (0, 1), err
    if code == 1:  # reported
        assert_problem(err, path)
        assert not output.exists()
    else:  # ignored
        pages = sorted(p.name for p in (output / "2017" / "units").iterdir())
        assert pages == sorted(p.stem + ".html" for p in (CONTENT / "units" / "2017").glob("*.yaml"))
        assert "加固测试单位".encode() not in b"".join(site_files(output).values())


# ------------------------------------------------------------------------- the output folder


def _mount(*args: str) -> bool:
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


def _umount(path: Path) -> None:
    if subprocess.run(["umount", str(path)], capture_output=True).returncode:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


@contextlib.contextmanager
def read_only(folder: Path):
    """Make `folder` read-only even for root: a read-only bind mount, else chattr +i. Yields how."""
    if _mount("--bind", str(folder), str(folder)):
        try:
            if _mount("-o", "remount,bind,ro", str(folder)):
                yield "read-only bind mount"
                return
        finally:
            _umount(folder)
    if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode == 0:
        try:
            yield "chattr +i"
        finally:
            subprocess.run(["chattr", "-i", str(folder)], capture_output=True)
        return
    pytest.skip("cannot make a folder read-only here: neither `mount --bind -o ro` nor `chattr +i` is allowed")


def _change_every_page(theme: Path, padding: int = 0) -> None:
    """A theme change that changes the bytes of every page (so nothing can be linked from before)."""
    base = theme / "templates" / "base.html"
    text = base.read_text(encoding="utf-8")
    base.write_text(text.replace("</main>", "</main>\n<!-- 更新 " + "x" * padding + " -->"), encoding="utf-8")


def test_a_read_only_output_folder_is_told_and_left_as_it_was(tmp_path):
    content, theme = copy_content(tmp_path)
    output = tmp_path / "site"
    assert run_main(build_args(content, theme, output))[0] == 0
    before = site_files(output)
    _change_every_page(theme)
    with read_only(output):
        run = run_cli(build_args(content, theme, output))
        assert_told(run)
        assert "无法" in run.err and str(output) in run.err
        assert differing(before, site_files(output)) == []
    run = run_cli(build_args(content, theme, output))  # writable again: the build goes through
    assert run.code == 0, run.err
    assert "更新".encode() in (output / "2017" / "index.html").read_bytes()


def test_a_missing_output_folder_is_made(tmp_path):
    content, theme = copy_content(tmp_path)
    output = tmp_path / "new" / "deeper" / "site"
    run = run_cli(build_args(content, theme, output))
    assert run.code == 0, run.err
    assert (output / "index.html").is_file() and (output / "2017" / "index.html").is_file()
    assert not (output / ".kaoping.lock").exists() and leftovers(output) == []


def test_a_missing_output_folder_is_not_made_when_the_content_is_wrong(tmp_path):
    content, theme = copy_content(tmp_path)
    (content / "units" / "2017" / "zzz.yaml").write_text(_entry("评查缺失", "count: 1"), encoding="utf-8")
    output = tmp_path / "site"
    run = run_cli(build_args(content, theme, output))
    assert_told(run)
    assert not output.exists()


def test_missing_parents_of_the_output_folder_are_not_made_when_the_content_is_wrong(tmp_path):
    content, theme = copy_content(tmp_path)
    (content / "units" / "2017" / "zzz.yaml").write_text(_entry("评查缺失", "count: 1"), encoding="utf-8")
    run = run_cli(build_args(content, theme, tmp_path / "new" / "site"))
    assert_told(run)
    assert not (tmp_path / "new").exists()


def test_an_output_path_that_is_a_file_is_told(tmp_path):
    content, theme = copy_content(tmp_path)
    output = tmp_path / "site"
    output.write_bytes(b"not a folder")
    run = run_cli(build_args(content, theme, output))
    assert run.code in (1, 2)
    assert_told(run, run.code)
    assert output.read_bytes() == b"not a folder"


@contextlib.contextmanager
def small_filesystem(folder: Path, kilobytes: int):
    """A file system of `kilobytes` at `folder`: tmpfs, else an ext4 loop file. Yields a resize function."""
    folder.mkdir(parents=True, exist_ok=True)
    if _mount("-t", "tmpfs", "-o", f"size={kilobytes}k,mode=755", "tmpfs", str(folder)):
        try:
            yield lambda kb: _mount("-o", f"remount,size={kb}k", str(folder))
        finally:
            _umount(folder)
        return
    image = folder.with_suffix(".img")
    if shutil.which("mkfs.ext4"):
        with open(image, "wb") as handle:
            handle.truncate(max(kilobytes, 1024) * 1024)
        made = subprocess.run(["mkfs.ext4", "-q", "-F", "-m", "0", str(image)], capture_output=True).returncode == 0
        if made and _mount("-o", "loop", str(image), str(folder)):
            try:
                yield None
            finally:
                _umount(folder)
                image.unlink()
            return
    pytest.skip("cannot make a small file system here: neither `mount -t tmpfs` nor a loop-mounted ext4 is allowed")


def test_a_full_disk_leaves_the_previous_site_whole(tmp_path):
    content, theme = copy_content(tmp_path)
    probe = tmp_path / "probe"
    assert run_main(build_args(content, theme, probe))[0] == 0
    used = sum(p.stat().st_blocks * 512 for p in probe.rglob("*") if p.is_file()) // 1024
    output = tmp_path / "disk" / "site"
    with small_filesystem(tmp_path / "disk", used + 192) as resize:
        run = run_cli(build_args(content, theme, output))
        assert run.code == 0, run.err
        before = site_files(output)
        _change_every_page(theme, padding=60_000)  # ~20 pages × 60 KB more: it cannot fit
        run = run_cli(build_args(content, theme, output))
        assert_told(run)
        assert "空间" in run.err
        assert differing(before, site_files(output)) == []
        assert leftovers(output) == []
        if resize is not None and resize(used * 4 + 2048):  # room again: the same build goes through
            run = run_cli(build_args(content, theme, output))
            assert run.code == 0, run.err
            assert b"x" * 60_000 in (output / "2017" / "index.html").read_bytes()
            assert leftovers(output) == []


@pytest.fixture(scope="module")
def big_content(tmp_path_factory):
    """The content with 400 more units: a build that takes about a second with --jobs 1."""
    where = tmp_path_factory.mktemp("big")
    content, theme = copy_content(where)
    units = content / "units" / "2017"
    source = (units / "baiyisuo.yaml").read_bytes()
    for number in range(400):
        (units / f"copy-{number:03d}.yaml").write_bytes(as_copy(source, f"{number:03d}"))
    return content, theme


def _wait_for(condition, seconds: float, proc: subprocess.Popen | None = None) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        if proc is not None and proc.poll() is not None:
            return False
        time.sleep(0.002)
    return False


def _half_written(output: Path) -> bool:
    units = output / ".2017.new" / "units"
    try:
        return sum(1 for _ in os.scandir(units)) >= 20
    except OSError:
        return False


@pytest.mark.parametrize("sig", [
    signal.SIGKILL, signal.SIGTERM,
    signal.SIGINT,
], ids=["SIGKILL", "SIGTERM", "SIGINT (Ctrl-C)"])
def test_a_kill_mid_write_leaves_the_previous_site_whole(tmp_path, big_content, sig):
    content, theme = big_content
    theme_copy = tmp_path / "theme"
    shutil.copytree(theme, theme_copy)
    output = tmp_path / "site"
    assert run_main(build_args(content, theme_copy, output))[0] == 0
    before = visible_files(output)
    _change_every_page(theme_copy)
    proc = start_cli(build_args(content, theme_copy, output))
    try:
        caught = _wait_for(lambda: _half_written(output), 20, proc)
        if not caught:
            proc.communicate()
            pytest.skip("the build finished before it could be interrupted")
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode != 0
    assert differing(before, visible_files(output)) == []
    assert "Traceback" not in err, err
    run = run_cli(build_args(content, theme_copy, output))  # the next build finishes the job
    assert run.code == 0, run.err
    assert "更新".encode() in (output / "2017" / "index.html").read_bytes()
    assert leftovers(output) == []


def test_a_kill_between_the_two_renames_is_repaired_by_the_next_build(tmp_path):
    """commit() renames 2017 → .2017.old, then .2017.new → 2017: a kill in between loses nothing."""
    content, theme = copy_content(tmp_path)
    output = tmp_path / "site"
    assert run_main(build_args(content, theme, output))[0] == 0
    before = visible_files(output)
    (output / "2017").rename(output / ".2017.old")
    shutil.copytree(output / ".2017.old", output / ".2017.new")
    (output / ".2017.new" / "index.html").write_bytes(b"half")
    # kaoping's claim on the folder it prepared (write.prepare): without it the folder is not kaoping's
    (output / ".2017.new.claim").write_bytes(str(os.lstat(output / ".2017.new").st_ino).encode())
    code, _, err = run_main(build_args(content, theme, output))
    assert code == 0, err
    assert differing(before, visible_files(output)) == []
    assert leftovers(output) == []


def test_two_builds_at_once_the_second_is_told(tmp_path, big_content):
    content, theme = big_content
    output = tmp_path / "site"
    first = start_cli(build_args(content, theme, output))
    try:
        # the lock is on the output folder itself; a build holding it has its exchange folder in the state folder
        state = state_folder(content, output)
        assert _wait_for(lambda: any(state.glob("run-*")) or any(output.glob(".2017.new")), 20, first), \
            "the first build never started"
        second = run_cli(build_args(content, theme, output))
        running = first.poll() is None
        out, err = first.communicate(timeout=60)
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    assert running, "the first build had already finished: nothing was tested"
    assert_told(second, 2)
    assert "另一个 kaoping" in second.err and str(output) in second.err
    assert first.returncode == 0, err
    assert "Traceback" not in err
    pages = list((output / "2017" / "units").glob("*.html"))
    assert len(pages) == len(list((content / "units" / "2017").glob("*.yaml"))) == 417
    assert (output / "index.html").is_file() and leftovers(output) == []
    assert len(json.loads((output / "2017" / "results.json").read_text("utf-8"))["units"]) == 417


# A build in its own process that takes output_lock, marks where it is in files of `marks` and waits
# for the test's go-ahead; "slow" pauses between opening the lock file and locking it.
_LOCKER = """
import fcntl, sys, time
from pathlib import Path
from kaoping.write import BusyError, output_lock

role, output, marks = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])

def mark(name):
    (marks / name).write_text("")

def wait(name):
    deadline = time.monotonic() + 20
    while not (marks / name).exists():
        if time.monotonic() > deadline:
            sys.exit(3)
        time.sleep(0.005)

if role == "slow":
    for name in ("flock", "lockf"):
        def slow(*args, _lock=getattr(fcntl, name)):
            mark("slow-opened")  # the lock file is open, not yet locked
            wait("first-out")
            return _lock(*args)
        setattr(fcntl, name, slow)
try:
    with output_lock(output):
        mark(role + "-in")
        if role != "third":
            wait(role + "-release")
except BusyError:
    mark(role + "-refused")
mark(role + "-out")
"""


def test_the_lock_holds_for_a_build_that_opened_it_just_as_the_first_ended(tmp_path):
    output, marks = tmp_path / "site", tmp_path / "marks"
    output.mkdir()
    marks.mkdir()

    def start(role):
        return subprocess.Popen([sys.executable, "-c", _LOCKER, role, str(output), str(marks)], cwd=ROOT)

    def wait(name):
        assert _wait_for(lambda: (marks / name).exists(), 20), f"no {name}"

    first = start("first")
    wait("first-in")
    second = start("slow")
    try:
        wait("slow-opened")  # the second build has opened the lock file the first holds
        (marks / "first-release").write_text("")
        assert first.wait(20) == 0  # the first build ends
        assert _wait_for(lambda: (marks / "slow-in").exists() or (marks / "slow-refused").exists(), 20)
        if (marks / "slow-in").exists():  # the second builds now; a third must be told
            assert subprocess.run([sys.executable, "-c", _LOCKER, "third", str(output), str(marks)], cwd=ROOT,
                                  timeout=20).returncode == 0
            assert (marks / "third-refused").exists() and not (marks / "third-in").exists()
    finally:
        (marks / "slow-release").write_text("")
        for proc in (first, second):
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


# ------------------------------------------------------------------------ escaping, Markdown


class _Page(HTMLParser):
    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.text.append(data)


def _browser_scheme(href: str) -> str:
    """The scheme a browser sees (WHATWG URL): C0 controls and spaces trimmed, tabs and newlines removed."""
    url = re.sub(r"[\t\n\r]", "", href.strip("".join(map(chr, range(0x21)))))
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", url)
    return match.group(1).lower() if match else ""


def assert_no_injection(page_bytes: bytes, where: str, theme_style: bool = False):
    """No element, attribute or link that runs a script; returns the page's text."""
    page = _Page(page_bytes.decode("utf-8"))
    for tag, attrs in page.tags:
        if tag == "style" and theme_style:  # the site index inlines the theme's style.css
            continue
        assert tag not in ("iframe", "img", "object", "embed", "style", "base", "form", "meta") or \
            (tag == "meta" and set(attrs) <= {"charset", "name", "content"}), f"{where}: <{tag} {attrs}>"
        if tag == "script":
            # the theme's own scripts only: sorting, the site links' check, the unit index's filter
            assert attrs.get("src", "").endswith(("assets/sort.js", "assets/nav.js", "site.js")), \
                f"{where}: <script {attrs}>"
        for name, value in attrs.items():
            assert not name.startswith("on"), f"{where}: <{tag} {name}={value!r}>"
            if name in ("href", "src", "action", "formaction", "xlink:href"):
                assert _browser_scheme(value) not in ("javascript", "vbscript", "data"), f"{where}: {name}={value!r}"
    return "".join(page.text)


def _yaml_text(value: str) -> str:
    return json.dumps(value)  # a JSON string is a YAML double-quoted scalar


PAYLOADS = {
    "name": '<script>alert("name")</script>甲单位',
    "short": '"><img src=x onerror=alert(1)>',
    "note": "</td><script>alert(3)</script>&lt;已转义&gt; & 符号",
    "incident": "<b onmouseover=alert(2)>案</b>",
    "note2": "<iframe src=javascript:alert(4)></iframe>",
    "group": "<svg onload=alert(5)>",
    "bonus note": "<a href='javascript:alert(6)'>点我</a>",
    "finding": "<style>body{display:none}</style>{{ 7*7 }}",
}
BULLETIN_TEXT = {
    "issuer": "<script>alert('issuer')</script>",
    "doc_number": "〔2018〕<b>1</b>号",
    "title": "</title><script>alert('title')</script>",
    "recipients": "<img src=x onerror=alert('recipients')>",
    "signature": "\"><svg/onload=alert('signature')>",
}


def test_every_text_that_reaches_html_is_escaped(tmp_path):
    content, theme = copy_content(tmp_path)
    p = {k: _yaml_text(v) for k, v in PAYLOADS.items()}
    (content / "units" / "2017" / "xss.yaml").write_text(
        f"name: {p['name']}\nshort: {p['short']}\nlevel: 副处级以上\npoll: {{score: 80}}\n"
        f"deductions:\n"
        f"  - {{rule: 吸毒, points: 1, incident: {p['incident']}, note: {p['note']}}}\n"
        f"  - {{rule: 一般案件, incident: {p['incident']}, note: {p['note2']}}}\n"
        f"bonuses:\n"
        f"  - {{rule: 经验推介市级, group: {p['group']}, note: {p['bonus note']}}}\n"
        f"  - {{rule: 经验推介省级, group: {p['group']}, note: 省级报道}}\n"
        f"findings:\n  - {{rule: 挂牌督办, note: {p['finding']}}}\n", encoding="utf-8")
    bulletin = content / "rules" / "2017" / "bulletin.yaml"
    text = bulletin.read_text(encoding="utf-8")
    for key, value in BULLETIN_TEXT.items():
        line = f"{key}: {_yaml_text(value)}"
        text, replaced = re.subn(rf"^{key}: .*$", lambda _: line, text, count=1, flags=re.M)
        assert replaced == 1, key
    bulletin.write_text(text, encoding="utf-8")
    output = tmp_path / "site"
    code, _, err = run_main(build_args(content, theme, output))
    assert code == 0, err
    year = output / "2017"
    unit_text = assert_no_injection((year / "units" / "xss.html").read_bytes(), "units/xss.html")
    bulletin_text = assert_no_injection((year / "index.html").read_bytes(), "index.html")
    rules_text = assert_no_injection((year / "rules.html").read_bytes(), "rules.html")
    for page in (output / "2017" / "units").glob("*.html"):
        assert_no_injection(page.read_bytes(), page.name)
    assert_no_injection((output / "index.html").read_bytes(), "site index", theme_style=True)
    units_text = assert_no_injection((output / "units.html").read_bytes(), "units index", theme_style=True)
    assert PAYLOADS["name"] in units_text
    for key, value in PAYLOADS.items():  # shown as written: escaped, not stripped
        assert value in unit_text, key
    assert PAYLOADS["name"] in bulletin_text  # the 通报's lists give the full name
    assert PAYLOADS["short"] in rules_text and PAYLOADS["short"] in bulletin_text  # clause hits, the chart
    for key, value in BULLETIN_TEXT.items():
        assert value in bulletin_text, key




@pytest.mark.parametrize("payload", [
    "<script>alert(1)</script>",
    "[点我](javascript:alert(1))",
    "[点我](JaVaScRiPt:alert(1))",
    "[点我]( javascript:alert(1))",
    "[点我](vbscript:msgbox(1))",
    "[点我](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[点我](&#106;avascript:alert(1))",
    "[点我](javascript&colon;alert(1))",
    "[点我][r]\n\n[r]: javascript:alert(1)",
    "![图](javascript:alert(1))",
    "<javascript:alert(1)>",
    "<a href='javascript:alert(1)'>点我</a>",
    "<img src=x onerror=alert(1)>",
    "[点我](http://a.example/){: href=\"javascript:alert(1)\" onclick=\"alert(1)\" }",
    "段落\n{: onmouseover=\"alert(1)\" style=\"position:fixed\" }",
    "[点我](java\tscript:alert(1))",
    pytest.param("[点我](java\nscript:alert(1))"),
    pytest.param("[点我](\x01javascript:alert(1))"),
    pytest.param("[点我][r]\n\n[r]: \x08javascript:alert(1)"),
], ids=lambda v: repr(v)[:40])
def test_markdown_in_the_rules_and_the_bulletin_cannot_inject(tmp_path, payload):
    content, theme = copy_content(tmp_path)
    rules = content / "rules" / "2017"
    with open(rules / "rules.md", "a", encoding="utf-8") as handle:
        handle.write("\n\n" + payload + "\n")
    bulletin = rules / "bulletin.yaml"
    text = bulletin.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not re.match(r"^(opening|closing): |^  ", line)]
    lines += [f"opening: {_yaml_text('开头。' + chr(10) * 2 + payload)}", f"closing: {_yaml_text(payload)}"]
    bulletin.write_text("\n".join(lines) + "\n", encoding="utf-8")
    output = tmp_path / "site"
    code, _, err = run_main(build_args(content, theme, output))
    if re.search("[\x00-\x08\x0b-\x1f]", payload):  # control characters are refused before any Markdown
        assert code == 1 and "控制字符" in err and not output.exists(), err
        return
    assert code == 0, err
    for name in ("index.html", "rules.html"):
        assert_no_injection((output / "2017" / name).read_bytes(), name)


_TYPOS = [
    ("unit.html", "{{ unit.name }}</h1>", "{{ unit.nmae }}</h1>"),
    ("unit.html", "{% if unit.short %}", "{% if unit.shrot %}"),
    ("bulletin.html", "{{ bulletin.issuer }}</p>", "{{ bulletin.isuer }}</p>"),
    ("rules.html", "{% for h in headings %}", "{% for h in headigns %}"),
    ("macros.html", "{{ r.rank }}</td>", "{{ r.rnak }}</td>"),
    ("base.html", "{{ root }}assets/style.css", "{{ rot }}assets/style.css"),
    ("fragments/site_head.html", "{{ year }}年度通报", "{{ yaer }}年度通报"),
    ("unit.html", "{{ r.total|num }}", "{{ r.total|nmu }}"),
]


@pytest.mark.parametrize("template, good, typo", _TYPOS + [
    ("index.html", "<td>{{ count }}</td>", "<td>{{ cuont }}</td>")],
    ids=[f"{t[0]} {t[2]}" for t in _TYPOS] + ["index.html {{ cuont }}"])
def test_a_template_typo_fails_the_build_and_changes_nothing(tmp_path, template, good, typo):
    content, theme = copy_content(tmp_path)
    output = tmp_path / "site"
    assert run_main(build_args(content, theme, output))[0] == 0
    before = site_files(output)
    path = theme / "templates" / template
    text = path.read_text(encoding="utf-8")
    assert text.count(good) >= 1
    line = text[:text.index(good)].count("\n") + 1
    path.write_text(text.replace(good, typo, 1), encoding="utf-8")
    unit = content / "units" / "2017" / "zhubao.yaml"  # and new content, so that a swapped-in year would show
    unit.write_text(unit.read_text(encoding="utf-8").replace("name: ", "name: 新", 1), encoding="utf-8")
    run = run_cli(build_args(content, theme, output))
    assert_told(run)
    assert_problem(run.err, path, "模板", line=line)
    assert differing(before, site_files(output)) == []


# ------------------------------------------------------------------------------------ fuzzing

RULES = {kind: SCHEME.rules_of(kind) for kind in (DEDUCTION, BONUS, PENALTY)}
LIST_KEYS = {DEDUCTION: "deductions", BONUS: "bonuses", PENALTY: "penalties", "finding": "findings"}
KNOWN_NAMES = set(SCHEME.rules) | set(SCHEME.findings) | {SCHEME.bottom.name, SCHEME.below_poll_mean.name}
ANSWERS = [answer for answer, _ in SCHEME.poll["直属科级"].per_person]

cjk = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
marks = st.sampled_from(list("abcXYZ019，。、：；（）《》“”-_ <>&\"'#:[]{}!%@`|*?\\/"))
free_text = st.text(st.one_of(cjk, cjk, marks), min_size=1, max_size=24).filter(lambda s: s.strip())
cjk_text = st.text(cjk, min_size=1, max_size=12)


@dataclasses.dataclass
class Line:
    text: str
    role: str = "comment"  # comment | parent | leaf | rule
    key: str = ""
    kind: str = ""  # leaf values: num | date | text
    quoted: bool = False
    owner: int | None = None  # poll answers: index of the poll line, where poll problems are reported

    @property
    def indent(self) -> int:
        return len(self.text) - len(self.text.lstrip(" "))


@dataclasses.dataclass
class Doc:
    lines: list[Line]
    newline: str
    bom: bool
    entries: list[tuple[str, str, int]]  # list key, rule, index of its "- rule:" line
    values: dict  # what the unit must read back

    def render(self, lines: list[Line] | None = None) -> bytes:
        text = self.newline.join(line.text for line in (lines or self.lines)) + self.newline
        return (b"\xef\xbb\xbf" if self.bom else b"") + text.encode("utf-8")


def _scalar(draw, strategy) -> tuple[str, str, bool]:
    """(value as written, value as read, quoted?)"""
    value = draw(strategy)
    if re.fullmatch(r"[\u4e00-\u9fa5]+", value):
        return value, value, False
    return json.dumps(value, ensure_ascii=False), value.strip(), True


def _room(rule, used: dict[str, int]) -> int:
    room = [rule.max_count - used.get(rule.name, 0)] if rule.max_count else [6]
    for limit in SCHEME.count_limits:
        if rule.name in limit.rules:
            room.append(limit.max_count - sum(used.get(n, 0) for n in limit.rules))
    return min(room)


@st.composite
def unit_docs(draw):
    """A valid unit file, written as a clerk might: any key order, comments, BOM and CRLF or not."""
    values = {}
    top: list[list[Line]] = []
    name, values["name"], quoted = _scalar(draw, st.one_of(cjk_text, free_text.map(lambda s: "单位" + s)))
    top.append([Line(f"name: {name}", "leaf", "name", "text", quoted)])
    if draw(st.booleans()):
        short, values["short"], quoted = _scalar(draw, cjk_text)
        top.append([Line(f"short: {short}", "leaf", "short", "text", quoted)])
    level = draw(st.sampled_from(list(SCHEME.levels)))
    top.append([Line(f"level: {level}", "leaf", "level", "text")])
    poll = [Line("poll:", "parent", "poll")]
    if level == "副处级以上":
        score = Decimal(draw(st.integers(0, 10000))) / 100
        poll.append(Line(f"  score: {plain_number(score)}", "leaf", "score", "num", owner=-1))
    else:
        for answer in ANSWERS:
            poll.append(Line(f"  {answer}: {draw(st.integers(0, 30))}", "leaf", answer, "num", owner=-1))
    top.append(poll)
    used: dict[str, int] = {}
    lists: list[tuple[str, list[list[Line]], list[str]]] = []
    for kind in (DEDUCTION, BONUS, PENALTY, "finding"):
        entries, rules = [], []
        for _ in range(draw(st.integers(0, 4))):
            fields: list[Line] = []
            if kind == "finding":
                rule = draw(st.sampled_from(list(SCHEME.findings)))
            else:
                found = draw(st.sampled_from(RULES[kind]))
                rule = found.name
                if found.discretionary:
                    points = Decimal(draw(st.integers(1, int(found.limits[0].amount * 100)))) / 100
                    written = draw(st.sampled_from([plain_number(points), f"{points:.2f}", f'"{plain_number(points)}"']))
                    fields.append(Line(f"points: {written}", "leaf", "points", "num"))
                else:
                    room = _room(found, used)
                    if room < 1:
                        continue
                    count = draw(st.integers(1, room))
                    used[rule] = used.get(rule, 0) + count
                    if count > 1 or draw(st.booleans()):
                        fields.append(Line(f"count: {count}", "leaf", "count", "num"))
            note, _, quoted = _scalar(draw, free_text)
            fields.append(Line(f"note: {note}", "leaf", "note", "text", quoted))
            if draw(st.booleans()):
                day = draw(st.dates(SCHEME.first_day, SCHEME.last_day))
                written = draw(st.sampled_from([day.isoformat(), f"{day.year}/{day.month}/{day.day}",
                                                f"{day.year}年{day.month}月{day.day}日"]))
                fields.append(Line(f"date: {written}", "leaf", "date", "date"))
            if kind == DEDUCTION and draw(st.booleans()):
                fields.append(Line(f"incident: {draw(st.sampled_from(['甲案', '乙案', '丙案']))}", "leaf", "incident", "text"))
            if kind == BONUS and draw(st.booleans()):
                fields.append(Line(f"group: {draw(st.sampled_from(['甲经验', '乙经验']))}", "leaf", "group", "text"))
            fields = draw(st.permutations(fields))
            block = [Line(f"  - rule: {rule}", "rule", "rule", "text")]
            block += [dataclasses.replace(f, text="    " + f.text) for f in fields]
            entries.append(block)
            rules.append(rule)
        if entries or draw(st.booleans()):
            lists.append((kind, entries, rules))
    blocks = draw(st.permutations(top))
    lines: list[Line] = []
    positions = []
    for block in blocks:
        if draw(st.integers(0, 5)) == 0:
            lines.append(Line("# " + draw(cjk_text)))
        first = len(lines)
        for line in block:
            lines.append(dataclasses.replace(line, owner=first if line.owner is not None else None))
    for kind, entries, rules in lists:
        key = LIST_KEYS[kind]
        if not entries:
            lines.append(Line(f"{key}: []", "leaf", key, "list"))
            continue
        lines.append(Line(f"{key}:", "parent", key))
        for block, rule in zip(entries, rules):
            positions.append((key, rule, len(lines)))
            lines += block
            if draw(st.integers(0, 6)) == 0:
                lines.append(Line("    # " + draw(cjk_text)))
    values["level"] = level
    return Doc(lines, draw(st.sampled_from(["\n", "\r\n"])), draw(st.booleans()), positions, values)


def _check_scores(unit) -> None:
    score = score_unit(SCHEME, unit)
    for section in score.sections:
        assert 0 <= section.score <= section.node.base, section.node.label
    bonus_entries = list(score.bonuses.all_entries())
    uncapped = sum((e.nominal for e in bonus_entries if not e.rule.limits), Decimal(0))  # 见义勇为: per person
    assert 0 <= score.bonuses.counted <= 9 + uncapped
    assert 0 <= score.penalties.counted <= 3
    for entry in [*bonus_entries, *score.penalties.all_entries(),
                  *(e for s in score.sections if s.tree for e in s.tree.all_entries())]:
        assert 0 <= entry.counted <= entry.nominal
    assert score.total == sum((s.score for s in score.sections), Decimal(0)) + score.bonuses.counted - score.penalties.counted
    assert -3 <= score.total <= 100 + 9 + uncapped
    if not uncapped:
        assert score.total <= 109
    (result,) = score_year(SCHEME, [unit]).units
    assert result.rank == 1 and result.grade in SCHEME.grade_names


@settings(max_examples=120, deadline=None)
@given(doc=unit_docs())
def test_fuzz_a_valid_unit_file_is_accepted_and_scored_within_bounds(doc):
    event(f"{len(doc.entries)} entries")
    unit, problems = parse_unit(doc.render(), SCHEME)
    assert problems == [], "\n".join(map(str, problems)) + "\n" + doc.render().decode("utf-8-sig")
    assert unit.name == doc.values["name"] and unit.level == doc.values["level"]
    assert unit.short == doc.values.get("short", "")
    read = [(LIST_KEYS[k], e.rule, e.line) for k, es in (
        (DEDUCTION, unit.deductions), (BONUS, unit.bonuses), (PENALTY, unit.penalties), ("finding", unit.findings))
        for e in es]
    assert sorted(read) == sorted((key, rule, index + 1) for key, rule, index in doc.entries)  # lines are right
    _check_scores(unit)


# -- mutations: each returns (lines or bytes, the lines (1-based) where a problem must be reported)

def _pick(data, doc: Doc, test) -> int:
    choices = [i for i, line in enumerate(doc.lines) if test(line)]
    assume(choices)
    return data.draw(st.sampled_from(choices))


def _set_value(line: Line, value: str) -> Line:
    head = line.text.split(":", 1)[0]
    return dataclasses.replace(line, text=f"{head}: {value}")


def m_wrong_key(doc, data):
    i = _pick(data, doc, lambda l: l.role in ("leaf", "parent", "rule"))
    line = doc.lines[i]
    wrong = data.draw(st.sampled_from([line.key + "s", line.key + "_", line.key.capitalize() + "x", "备注" + line.key]))
    lines = list(doc.lines)
    lines[i] = dataclasses.replace(line, text=line.text.replace(line.key + ":", wrong + ":", 1))
    return lines, {(line.owner if line.owner is not None else i) + 1}


def m_wrong_type(doc, data):
    i = _pick(data, doc, lambda l: l.role in ("leaf", "rule") and l.kind in ("num", "text", "date"))
    line = doc.lines[i]
    if line.kind == "num":
        values = ["abc", "两次", "[1, 2]", "{a: 1}", "1.2.3", "1e3", "~", "true", "0x10", "1,5", "5分"]
    else:
        values = ["[甲, 乙]", "{a: 1}", "~", "[]", "{}"]
    lines = list(doc.lines)
    lines[i] = _set_value(line, data.draw(st.sampled_from(values)))
    return lines, {i + 1}


def m_bad_rule(doc, data):
    i = _pick(data, doc, lambda l: l.role == "rule")
    name = data.draw(st.one_of(cjk_text, st.text("abcdefgxyz", min_size=1, max_size=8)))
    assume(name not in KNOWN_NAMES)
    lines = list(doc.lines)
    lines[i] = _set_value(doc.lines[i], name)
    return lines, {i + 1}


BAD_DATES = ["2017-02-30", "2018-01-01", "2016-12-31", "三月", "2017-13-01", "05.03.2017", "2017-3-32", "17-03-05",
             "2017/02/29", "2017年13月1日"]


def m_bad_date(doc, data):
    """A wrong date: on a date line there is, or on a new date line in an entry without one."""
    bad = data.draw(st.sampled_from(BAD_DATES))
    lines = list(doc.lines)
    dated, undated = [], []
    for i, line in enumerate(lines):
        if line.kind == "date":
            dated.append(i)
        if line.role == "rule":
            end = i + 1
            while end < len(lines) and lines[end].indent == 4:
                end += 1
            if not any(other.kind == "date" for other in lines[i + 1:end]):
                undated.append(i)
    assume(dated or undated)
    if dated and (not undated or data.draw(st.booleans())):
        i = data.draw(st.sampled_from(dated))
        lines[i] = _set_value(lines[i], bad)
        return lines, {i + 1}
    i = data.draw(st.sampled_from(undated))
    lines.insert(i + 1, Line(f"    date: {bad}", "leaf", "date", "date"))
    return lines, {i + 2}


def m_duplicate_key(doc, data):
    i = _pick(data, doc, lambda l: l.role in ("leaf", "rule"))
    line = doc.lines[i]
    copy = line.text.replace("- ", "  ", 1) if line.role == "rule" else line.text
    if line.role == "leaf" and data.draw(st.booleans()):
        copy = _set_value(line, "另一个值").text if line.kind == "text" else copy
    lines = list(doc.lines)
    lines.insert(i + 1, dataclasses.replace(line, text=copy, role="leaf"))
    return lines, {i + 2}


def m_tab(doc, data):
    i = _pick(data, doc, lambda l: l.indent > 0)
    line = doc.lines[i]
    lines = list(doc.lines)
    lines[i] = dataclasses.replace(line, text=" " * (line.indent - 1) + "\t" + line.text.lstrip(" "))
    return lines, {i + 1}


def m_full_width_digit(doc, data):
    i = _pick(data, doc, lambda l: l.kind in ("num", "date") and re.search(r"\d", l.text.split(":", 1)[1]))
    line = doc.lines[i]
    head, value = line.text.split(":", 1)
    digits = [m.start() for m in re.finditer(r"\d", value)]
    at = data.draw(st.sampled_from(digits))
    value = value[:at] + chr(ord(value[at]) + 0xFEE0) + value[at + 1:]
    lines = list(doc.lines)
    lines[i] = dataclasses.replace(line, text=f"{head}:{value}")
    return lines, {i + 1}


def m_truncate(doc, data):
    """Cut the file inside a quoted value (an unclosed quote) or inside a multi-byte character."""
    i = _pick(data, doc, lambda l: l.role in ("leaf", "rule") and (
        l.quoted or re.search(r"[^\x00-\x7f]", l.text.split(":", 1)[1])))
    line = doc.lines[i]
    before = (b"\xef\xbb\xbf" if doc.bom else b"") + "".join(l.text + doc.newline for l in doc.lines[:i]).encode()
    encoded = line.text.encode("utf-8")
    value_at = len(line.text.split(":", 1)[0].encode()) + 2
    if line.quoted:
        cuts = list(range(value_at + 1, len(encoded) - 1))
    else:
        cuts = [k for k in range(value_at, len(encoded)) if 0x80 <= encoded[k] < 0xC0]  # inside a character
    assume(cuts)
    return before + encoded[:data.draw(st.sampled_from(cuts))], {i + 1}


MUTATIONS = [m_wrong_key, m_wrong_type, m_bad_rule, m_bad_date, m_duplicate_key, m_tab, m_full_width_digit,
             m_truncate]


def mutate(doc: Doc, data, mutation=None) -> tuple[bytes, set[int], str]:
    mutation = mutation or data.draw(st.sampled_from(MUTATIONS), label="mutation")
    changed, lines = mutation(doc, data)
    raw = changed if isinstance(changed, bytes) else doc.render(changed)
    return raw, lines, mutation.__name__


@pytest.mark.parametrize("mutation", MUTATIONS, ids=[m.__name__[2:] for m in MUTATIONS])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(doc=unit_docs(), data=st.data())
def test_fuzz_a_mutated_unit_file_is_refused_with_path_and_line(mutation, doc, data):
    raw, lines, how = mutate(doc, data, mutation)
    unit, problems = parse_unit(raw, SCHEME)
    shown = f"{how}: expected a problem on line {sorted(lines)}\n{raw.decode('utf-8', 'replace')}\n" + \
        "\n".join(map(str, problems))
    assert unit is None and problems, shown
    count = raw.count(b"\n") + 1
    for problem in problems:
        assert PROBLEM_LINE.match(str(problem)) and problem.path == UNIT_PATH, shown
        assert 1 <= problem.line <= count and CJK.search(problem.message), shown
    assert {p.line for p in problems} & lines, shown


@pytest.fixture(scope="module")
def fuzz_site(tmp_path_factory):
    where = tmp_path_factory.mktemp("fuzz")
    content, theme = copy_content(where)
    output = where / "site"
    assert run_main(build_args(content, theme, output))[0] == 0
    return content, theme, output, site_files(output)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=unit_docs())
def test_fuzz_a_valid_unit_file_builds(fuzz_site, doc):
    content, theme, _, _ = fuzz_site
    path = content / "units" / "2017" / "zzz.yaml"
    path.write_bytes(doc.render())
    output = Path(tempfile.mkdtemp(prefix="kaoping-fuzz-"))
    try:
        code, _, err = run_main(build_args(content, theme, output / "site"))
        assert code == 0, err
        results = json.loads((output / "site" / "2017" / "results.json").read_text("utf-8"))
        mine = [u for u in results["units"] if u["id"] == "zzz"]
        assert len(mine) == 1 and (output / "site" / "2017" / "units" / "zzz.html").is_file()
        unit, _ = parse_unit(doc.render(), SCHEME)
        assert Decimal(str(mine[0]["total"])) == score_unit(SCHEME, unit).total
    finally:
        path.unlink()
        shutil.rmtree(output)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(doc=unit_docs(), data=st.data())
def test_fuzz_an_invalid_unit_file_fails_the_build_and_changes_nothing(fuzz_site, doc, data):
    content, theme, output, before = fuzz_site
    raw, lines, how = mutate(doc, data)
    path = content / "units" / "2017" / "zzz.yaml"
    path.write_bytes(raw)
    try:
        code, _, err = run_main(build_args(content, theme, output))
    finally:
        path.unlink()
    assert code == 1, f"{how}\n{err}"
    assert any(m["path"] == str(path) and int(m["line"]) in lines for m in problem_lines(err)), f"{how} {lines}\n{err}"
    assert differing(before, site_files(output)) == []


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=" \t\u3000－—–＃-{}｛｝,，：:ab1中/#\n\r", max_size=24))
def test_the_whole_text_look_for_suspect_lines_agrees_with_looking_line_by_line(text):
    """The scan of typing mistakes skips a file when one search over its text finds nothing: that
    search must catch every line the line-by-line pattern catches, and nothing else."""
    from kaoping import yamltree

    if yamltree._ODD_LINE_BREAKS.search(text):
        return  # such a file is always scanned line by line
    by_line = any(re.search(yamltree._SUSPECT, line) for line in text.splitlines())
    assert bool(yamltree._SUSPECT_ANYWHERE.search(text)) == by_line


# ------------------------------------------------------------------- escaping


def test_templates_escape_text_once_and_fail_on_an_undefined_name(tmp_path):
    """Text is escaped, HTML values are not escaped twice, and an undefined name fails."""
    import jinja2

    from kaoping.templating import environment

    (tmp_path / "page.html").write_text("<p title=\"{{ t }}\">{{ t }}|{{ n }}|{{ m }}|{{ t|upper }}|{{ 1.5 }}</p>"
                                        "{% set block %}<b>{{ t }}</b>{% endset %}{{ block }}", "utf-8")
    (tmp_path / "typo.html").write_text("{{ missing }}", "utf-8")
    env = environment(tmp_path)
    page = env.get_template("page.html").render(t="<a href='x'>&\"", n=3, m=Markup("<i>斜</i>"))
    text = "&lt;a href=&#39;x&#39;&gt;&amp;&#34;"
    upper = "&lt;A HREF=&#39;X&#39;&gt;&amp;&#34;"
    assert page == f'<p title="{text}">{text}|3|<i>斜</i>|{upper}|1.5</p><b>{text}</b>'
    with pytest.raises(jinja2.UndefinedError):
        env.get_template("typo.html").render()


def test_the_rules_text_cannot_forge_a_slot_for_clause_notes():
    """Clause notes go into slots marked with private-use characters; the same characters typed
    into rules.md are dropped, so the text cannot place a note (or break one) by itself."""
    from kaoping import markup

    rendered = markup.render("## 一 {: #c1 }\n\n正文\ue000c1\ue001与\ue000其他\n")
    filled = markup.fill_slots(rendered.html, lambda anchor: f"[{anchor}]")
    assert filled.count("[c1]") == 1 and "正文c1与其他" in filled
    assert "\ue000" not in filled and "\ue001" not in filled
    assert rendered.headings == (markup.Heading(2, "c1", "一"),)
