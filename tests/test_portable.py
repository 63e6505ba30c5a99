"""kaoping where POSIX is missing (issue 14), proven on Linux.

The "no POSIX" test mode (tests/no_posix/sitecustomize.py, on PYTHONPATH with KAOPING_TEST_NO_POSIX=1,
so that kaoping and every worker it spawns get it) takes away what Windows lacks: fcntl, the fork and
forkserver start methods, hard links, ctypes.CDLL(None). On top, the console is GBK (code page 936) and
the project folder is called "我的 考评". Every command runs in it as `python -m kaoping`, and each
run must print nothing but GBK text, no traceback.

Also here: the package installed the usual way (`pip install .`, not editable) builds a folder that
holds only content/ with the theme it ships; the command line's help is all Chinese.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import venv
from pathlib import Path

import pytest

from conftest import as_copy
from test_serve import free_port, get, wait_for

import kaoping

ROOT = Path(__file__).resolve().parents[1]
SHIM = ROOT / "tests" / "no_posix"
PROJECT = "我的 考评"
NOT_GBK = "✓"  # not in GBK: a unit name with it must still print (as "?")


def no_posix_env(**more: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "KAOPING"))}
    env.update(PYTHONPATH=str(SHIM), KAOPING_TEST_NO_POSIX="1", PYTHONIOENCODING="gbk", **more)
    return env


def decoded(raw: bytes) -> str:
    text = raw.decode("gbk")  # what a Chinese Windows console shows; fails on anything else
    assert "Traceback" not in text and "sitecustomize" not in text, text
    return text


def kaoping_run(project: Path, *args: str, code: int = 0) -> tuple[str, str]:
    run = subprocess.run([sys.executable, "-m", "kaoping", *args], cwd=project, env=no_posix_env(),
                         capture_output=True, timeout=180)
    out, err = decoded(run.stdout), decoded(run.stderr)
    assert run.returncode == code, f"kaoping {' '.join(args)}: exit {run.returncode}\n{out}\n{err}"
    return out, err


@pytest.fixture
def project(tmp_path) -> Path:
    """A project folder with only content/ (the theme is kaoping's own), named as a clerk might."""
    folder = tmp_path / PROJECT
    shutil.copytree(ROOT / "content", folder / "content")
    return folder


def inodes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*.html")}


def test_the_test_mode_takes_away_what_windows_lacks(tmp_path):
    probe = """
import ctypes, multiprocessing, os
try:
    import fcntl
    print("fcntl")
except ImportError:
    pass
print(multiprocessing.get_all_start_methods(), hasattr(os, "fork"))
for method in ("fork", "forkserver"):
    try:
        multiprocessing.get_context(method)
        print(method)
    except ValueError:
        pass
try:
    os.link(__file__, __file__ + ".link")
except OSError:
    print("no links")
try:
    ctypes.CDLL(None)
except TypeError:
    print("no CDLL(None)")
"""
    script = tmp_path / "probe.py"
    script.write_text(probe, encoding="utf-8")
    run = subprocess.run([sys.executable, str(script)], env=no_posix_env(), capture_output=True, timeout=60)
    assert decoded(run.stdout).split("\n") == ["['spawn'] False", "no links", "no CDLL(None)", ""], run.stderr


def test_every_command_where_windows_lacks_posix(project):
    name = project / "content" / "units" / "2017" / "zhubao.yaml"
    name.write_text(name.read_text("utf-8").replace("short: 住保中心", f"short: 住保中心{NOT_GBK}"), "utf-8")
    out, _ = kaoping_run(project, "new-year", "2018")
    assert str(Path("content") / "units" / "2018") in out
    kaoping_run(project, "new-year", "2019")
    out, _ = kaoping_run(project, "build", "--jobs", "2")  # three years, in two spawned workers
    assert "2017、2018、2019" in out
    site = project / "site"
    before = inodes(site)
    # an edit in two years: both rebuilt in workers, each reusing its unchanged unit pages
    for year in ("2018", "2019"):
        unit = project / "content" / "units" / year / "zhubao.yaml"
        unit.write_text(unit.read_text("utf-8").replace("score: 100", "score: 86"), "utf-8")
    out, _ = kaoping_run(project, "build", "--jobs", "2")
    assert "已生成 2018、2019 年" in out and "2017 年内容未变" in out
    after = inodes(site)
    reused = [page for page in after if page.startswith(("2018/units/", "2019/units/")) and "zhubao" not in page]
    assert reused and all(after[page] != before[page] for page in reused)  # copied: hard links are refused
    assert all(after[page] == before[page] for page in after if page.startswith("2017/"))
    assert not (site / ".kaoping.lock").exists()
    out, _ = kaoping_run(project, "check")
    assert "住保中心?" in out  # the name, as GBK can show it
    assert "2017 年，" in out and "2019 年，" in out
    out, _ = kaoping_run(project, "publish", "2017", "--date", "2018-01-05")
    assert "2017 年已发布" in out
    out, _ = kaoping_run(project, "verify")
    assert "2017 年与发布时的清单完全一致" in out
    (site / "2017" / "rules.html").write_bytes(b"changed")
    _, err = kaoping_run(project, "verify", "2017", code=1)
    assert "被改动 rules.html" in err
    names = [p.relative_to(site).as_posix() for p in site.rglob("*")]
    assert all(name.isascii() for name in names), [n for n in names if not n.isascii()]
    # a path as the user typed it, backslashes and all, and a folder with a space by its full path
    typed = "D:\\考评\\content"
    _, err = kaoping_run(project, "check", "--content", typed, code=2)
    assert f"在 {typed} 下没有找到任何年度" in err
    kaoping_run(project.parent, "check", "--content", str(project / "content"))


def test_the_lock_without_fcntl(project):
    """No fcntl: the lock is output/.kaoping.lock made with O_EXCL; a second build is told, and the
    file of a build that was killed is taken over."""
    kaoping_run(project, "build")
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom pathlib import Path\nfrom kaoping.write import output_lock\n"
         "with output_lock(Path('site')):\n    print('held', flush=True)\n    time.sleep(60)\n"],
        cwd=project, env=no_posix_env(), stdout=subprocess.PIPE)
    try:
        assert holder.stdout.readline() == b"held\n"
        assert (project / "site" / ".kaoping.lock").is_file()
        _, err = kaoping_run(project, "build", code=2)
        assert "另一个 kaoping 正在生成 site" in err and ".kaoping.lock" in err
    finally:
        holder.kill()
        holder.wait()
    assert (project / "site" / ".kaoping.lock").is_file()  # left by the killed build
    kaoping_run(project, "build")
    assert not (project / "site" / ".kaoping.lock").exists()


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
        except (OSError, ValueError, IndexError):
            pass
    return found


def _gone(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


@pytest.fixture
def big_project(project) -> Path:
    """Three years of 120 units each: long enough a parallel build to be interrupted."""
    units = project / "content" / "units" / "2017"
    source = (units / "baiyisuo.yaml").read_bytes()
    for number in range(100):
        (units / f"copy-{number:03d}.yaml").write_bytes(as_copy(source, f"{number:03d}"))
    kaoping_run(project, "new-year", "2018")
    kaoping_run(project, "new-year", "2019")
    return project


def _start_build(project: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kaoping", "build", "--jobs", "2"], cwd=project,
                            env=no_posix_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)


def _workers(build: subprocess.Popen) -> list[int]:
    workers = wait_for(lambda: len(_children(build.pid)) >= 2 and _children(build.pid), 30, 0.01)
    if not workers:
        build.kill()
        pytest.fail(f"no workers were started\n{decoded(build.communicate()[1])}")
    time.sleep(0.5)  # a little into the build
    return workers


@pytest.mark.parametrize("how", ["Ctrl-C", "kill"])
def test_the_workers_end_with_an_interrupted_build(big_project, how):
    """Ctrl-C reaches the whole console (here: the process group); the build stops its workers, says
    so and leaves no trace. A build killed outright takes its workers with it, without fork's help."""
    build = _start_build(big_project)
    try:
        workers = _workers(build)
        if build.poll() is not None:
            pytest.skip("the build finished before it could be interrupted")
        if how == "Ctrl-C":
            os.killpg(build.pid, signal.SIGINT)
        else:
            build.kill()
        _, err = build.communicate(timeout=30)
        assert wait_for(lambda: all(map(_gone, workers)), 10), "a worker outlived its build"
    finally:
        if build.poll() is None:
            build.kill()
            build.wait()
    if how == "Ctrl-C":
        assert build.returncode == 130 and "已中断" in decoded(err), decoded(err)
        site = big_project / "site"
        assert not site.exists() or not [p.name for p in site.iterdir()], list(site.iterdir())
    kaoping_run(big_project, "build", "--jobs", "2")  # the next build goes through


def _serve(project: Path, port: int, *more: str, **env: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kaoping", "serve", "--port", str(port), *more], cwd=project,
                            env=no_posix_env(**env), stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_serve_where_windows_lacks_posix(project, tmp_path):
    port = free_port()
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser"  # the fake browser: notes the address it was asked to open
    browser.write_text(f"#!{sys.executable}\nimport sys\nopen({str(opened)!r}, 'w').write(sys.argv[1])\n")
    browser.chmod(0o755)
    server = _serve(project, port, "--open", BROWSER=str(browser))
    said: list[bytes] = []  # serve's status lines as they come: a page swaps in before its line is printed

    def read() -> None:
        for line in iter(server.stdout.readline, b""):
            said.append(line)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert wait_for(lambda: opened.exists() and opened.read_text(), 30), "no browser was opened"
        assert opened.read_text() == f"http://127.0.0.1:{port}/"
        status, _, body = get(port, "/2017/units/zhubao.html")
        assert status == 200 and b"livereload.js" in body
        unit = project / "content" / "units" / "2017" / "zhubao.yaml"
        # a note no page held before: its arrival proves the rebuild (a total could be on the page already)
        unit.write_text(unit.read_text("utf-8").replace("公租房分配信访件办理超期2件", "便携预览测试的新说明"), "utf-8")
        assert wait_for(lambda: "便携预览测试的新说明".encode() in get(port, "/2017/units/zhubao.html")[2], 20), \
            "no rebuild"
        assert wait_for(lambda: "已重新生成 2017 年" in decoded(b"".join(said)), 20), decoded(b"".join(said))
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=20)
        reader.join(5)  # the reader has stdout to itself (communicate() would take its lines)
        err = server.stderr.read()
    assert server.returncode == 0, decoded(err)
    assert "预览已停止" in decoded(b"".join(said))
    decoded(err)


# ------------------------------------------------------------------ installed the usual way


def test_pip_install_builds_a_folder_with_only_content(tmp_path):
    """`pip install .` from a clean copy into a new virtual environment; kaoping then builds a folder
    that holds only content/, with the theme it ships, and `python -m kaoping` is the same command."""
    source = tmp_path / "clone"
    tracked = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                             capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, tracked):
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    environment = tmp_path / "venv"
    venv.create(environment, with_pip=True)
    python = environment / "bin" / "python"
    install = subprocess.run([str(python), "-m", "pip", "install", "-q", str(source)], capture_output=True,
                             text=True, timeout=600)
    assert install.returncode == 0, install.stderr
    clerk = tmp_path / "办公室 电脑"
    shutil.copytree(ROOT / "content", clerk / "content")
    run = subprocess.run([str(environment / "bin" / "kaoping"), "build"], cwd=clerk, capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert (clerk / "site" / "2017" / "assets" / "style.css").read_bytes() == \
        (ROOT / "theme" / "static" / "style.css").read_bytes()
    assert sorted(p.name for p in clerk.iterdir() if not p.name.startswith(".")) == ["content", "site"]
    version = subprocess.run([str(python), "-m", "kaoping", "--version"], cwd=clerk, capture_output=True, text=True)
    assert version.stdout.strip() == f"kaoping {kaoping.__version__}"
    # the default theme comes compiled and byte-compiled by pip, and is used while the installed
    # Jinja2 is the version it was compiled with (templating.py; tests/test_compiled_theme.py)
    shipped = subprocess.run([str(python), "-c", "import jinja2; from kaoping import templating, themes; print("
                              "jinja2.__version__, templating.shipped_loader(themes.default_theme() / 'templates') "
                              "is not None, any((templating.COMPILED / '__pycache__').glob('tmpl_*.pyc')))"],
                             cwd=clerk, capture_output=True, text=True, check=True).stdout.split()
    recorded = json.loads((ROOT / "generator" / "compiled" / "manifest.json").read_text("utf-8"))["jinja2"]
    assert shipped[1:] == ["True" if shipped[0] == recorded else "False", "True"]


def test_a_theme_beside_content_or_named_overrides_the_shipped_one(project):
    theme = project / "theme"
    shutil.copytree(ROOT / "theme", theme)
    style = theme / "static" / "style.css"
    style.write_text(style.read_text("utf-8") + "\n/* beside */\n", "utf-8")
    kaoping_run(project, "build")
    assert b"/* beside */" in (project / "site" / "2017" / "assets" / "style.css").read_bytes()
    other = project.parent / "别的 模板"
    shutil.copytree(ROOT / "theme", other)
    (other / "static" / "style.css").write_text("/* named */\n", "utf-8")
    kaoping_run(project, "build", "--theme", str(other))
    assert (project / "site" / "2017" / "assets" / "style.css").read_bytes() == b"/* named */\n"


# ------------------------------------------------------------------ the command line


ENGLISH = re.compile(r"usage|positional arguments|options|optional arguments|show this help|exit", re.I)
COMMANDS = ["build", "publish", "verify", "new-year", "check", "serve"]


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kaoping", *args], capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_is_all_chinese_with_an_example(command):
    run = _cli(*filter(None, [command, "--help"]))
    assert run.returncode == 0, run.stderr
    assert not ENGLISH.search(run.stdout.replace("--help", "")), run.stdout
    assert run.stdout.startswith("用法：kaoping") and "例子：" in run.stdout
    headings = re.findall(r"^(\S[^\n]*[:：])$", run.stdout, re.M)
    assert "选项：" in headings and all(h.endswith("：") for h in headings), headings
    assert re.search(rf"^  kaoping {command or ''}", run.stdout, re.M), run.stdout
    if command == "serve":
        assert re.search(r"--host 地址\n +\S*默认 127\.0\.0\.1", run.stdout)
        assert re.search(r"--port 端口\n +\S*默认 8000", run.stdout)


@pytest.mark.parametrize("args, command", [(["biuld"], "kaoping"), (["check", "--yaer", "2017"], "kaoping check"),
                                           (["build", "--year", "x"], "kaoping build"), ([], "kaoping")])
def test_a_usage_error_names_the_command_once(args, command):
    run = _cli(*args)
    assert run.returncode == 2
    assert f"请运行 {command} --help 查看用法。" in run.stderr and "kaoping kaoping" not in run.stderr
    message = run.stderr.split("用法错误：", 1)[1]
    assert not re.search(r"argument|invalid|required|unrecognized|choose", message), message


def test_version():
    run = _cli("--version")
    assert run.returncode == 0 and run.stdout == f"kaoping {kaoping.__version__}\n"
