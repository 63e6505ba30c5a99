"""The output folder is the one place kaoping writes, and only its own files there (SPEC §5, issue 11).

1. An output that is, contains or lies inside --content or --theme, the file-system root or the
   home folder is refused (exit 2, before any file is touched), for every command that takes --output.

Each test builds a copy of content/ and theme/ in tmp_path through kaoping.cli.main or, where a
process has to be killed or may not return, `python -m kaoping.cli` in a subprocess.
"""

from __future__ import annotations

import contextlib
import io
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


def test_an_ordinary_output_beside_the_content_is_accepted(tmp_path):
    content, theme = copy_content(tmp_path)
    code, _, err = run_main(command("build", content, theme, tmp_path / "site"))
    assert code == 0, err
    assert (tmp_path / "site" / "2017" / "index.html").is_file()

