#!/usr/bin/env python3
"""kaoping's benchmark (not a test): how long a clerk waits, at three archive sizes.

    python benchmarks/run.py [--sizes a b c] [--runs 5] [--root /tmp/kaoping-bench] [--out /dev/shm/kaoping-bench]

Sizes: a = 1 year × 40 units, b = 10 × 100, c = 10 × 1,000 (every year with a full rules folder).
For each size it measures, as whole processes (median of --runs after one warm-up; peak RSS
of the process and its workers):

    cold       rm -rf the output and kaoping's state folder, then `kaoping build` (no stamps, no cache)
    no-change  `kaoping build` again over an up-to-date output
    one edit   a unit file of the latest year changed (a deduction added/removed), then `kaoping build`
    4th: name  with 4 years or more, a unit of the 4th year renamed (no total changes), then `kaoping build`
    4th: total the same unit's total changed (a deduction added/removed), then `kaoping build`
    serve      save → the new page served by a running `kaoping serve` (polled over HTTP)

Data: `../shared/bench/gen_data.py` when it is there (the anchor harness's own deterministic data,
so the comparison is on the same files), else this script's own small generator. When
`../shared/bench` is present it also times the plain Jinja2 script and, if `hugo` is installed
(`bash ../shared/bench/run_anchors.sh setup`), Hugo's cold build on the same data, and prints
the ratios. Put --out on tmpfs to measure the generators rather than the disk.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ANCHORS = REPO.parent / "shared" / "bench"
SIZES = {"a": (1, 40), "b": (10, 100), "c": (10, 1000)}
FIRST_YEAR = 2017
# Every process runs as on a clerk's PC, where pip compiled kaoping's modules to .pyc files at install:
# a machine that sets PYTHONDONTWRITEBYTECODE would otherwise compile every module on every start.
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def timed(command: list[str], **kwargs) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one whole process, its reaped workers included."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV, **kwargs)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{process.stderr.read().decode()}")
    return wall, usage.ru_maxrss / 1024


def median_of(runs: int, prepare, command: list[str], **kwargs) -> tuple[float, float]:
    prepare()
    timed(command, **kwargs)  # warm-up
    samples = []
    for _ in range(runs):
        prepare()
        samples.append(timed(command, **kwargs))
    return statistics.median(s[0] for s in samples), max(s[1] for s in samples)


# -- data --------------------------------------------------------------------------------------


def make_data(root: Path, size: str) -> Path:
    """content/ for one size: unit files plus, for every year, a copy of the 2017 rules folder."""
    years, units = SIZES[size]
    base = root / size
    content = base / "data" / "content"
    if not (content / "units").is_dir():
        if (ANCHORS / "gen_data.py").is_file():
            subprocess.run([sys.executable, str(ANCHORS / "gen_data.py"), "--years", str(years), "--units",
                            str(units), "--out", str(base)], check=True, stdout=subprocess.DEVNULL)
        else:
            _own_units(content / "units", years, units)
    for year in range(FIRST_YEAR, FIRST_YEAR + years):
        rules = content / "rules" / str(year)
        if rules.is_dir():
            shutil.rmtree(rules)
        shutil.copytree(REPO / "content" / "rules" / "2017", rules)
        for name in ("scheme.yaml", "bulletin.yaml"):  # every year number moved on by the same amount
            text = re.sub(r"(?<!\d)(20\d\d)(?!\d)", lambda m: str(int(m[1]) + year - FIRST_YEAR),
                          (rules / name).read_text("utf-8"))
            (rules / name).write_text(text, "utf-8")
    return content


def _own_units(folder: Path, years: int, units: int) -> None:
    """A small stand-in for the anchor generator: deterministic, valid, a few entries per unit."""
    light = [("两书未签", "count", 1), ("评查缺次", "count", 1), ("网络舆情", "points", "0.5"),
             ("信访", "points", 1), ("道路交通", "points", "1.5"), ("一般案件", "count", 1)]
    for year in range(FIRST_YEAR, FIRST_YEAR + years):
        (folder / str(year)).mkdir(parents=True, exist_ok=True)
        for index in range(units):
            rng = random.Random(f"{year}:{index}")
            lines = [f"name: 示例单位{index:04d}", "level: 副处级以上", f"poll: {{score: {rng.randint(80, 99)}}}",
                     "deductions:"]
            for rule, key, value in rng.sample(light, rng.randint(0, 4)):
                lines += [f"  - rule: {rule}", f"    {key}: {value}", f"    note: {year}年检查发现问题{rng.randint(1, 99)}"]
            if lines[-1] == "deductions:":
                lines[-1] = "deductions: []"
            (folder / str(year) / f"u{index:04d}.yaml").write_text("\n".join(lines) + "\n", "utf-8")


# -- measures ----------------------------------------------------------------------------------


def edited_unit(content: Path, year: int | None = None) -> tuple[Path, bytes]:
    """The first unit file of `year` (the latest by default), with its bytes as they are."""
    year = year or max(int(p.name) for p in (content / "units").iterdir())
    path = sorted((content / "units" / str(year)).glob("*.yaml"))[0]
    return path, path.read_bytes()


def rename(path: Path, original: bytes) -> None:
    """Change the unit's name (or put it back): the year's pages change, no total does."""
    if path.read_bytes() != original:
        path.write_bytes(original)
        return
    text = re.sub(r"(?m)^name: *(.*)$", lambda m: f"name: {m[1]}（改）", original.decode("utf-8"), count=1)
    path.write_bytes(text.encode("utf-8"))


def toggle(path: Path, original: bytes) -> None:
    """Add a deduction to the unit (or take it away again): a real edit every time."""
    if path.read_bytes() != original:
        path.write_bytes(original)
        return
    text = original.decode("utf-8")
    head, found, tail = text.partition("deductions:")
    if not found or tail.startswith(" []"):
        head, tail = text.replace("deductions: []\n", ""), ""
    indent = next((line[: len(line) - len(line.lstrip())] for line in tail.splitlines()[1:2]), "  ")
    entry = f"\n{indent}- rule: 两书未签\n{indent}  count: 1\n{indent}  note: 基准测试：新增一条扣分"
    path.write_bytes((head + "deductions:" + entry + tail).encode("utf-8"))


def kaoping(*args: str) -> list[str]:
    return [sys.executable, "-m", "kaoping.cli", *args]


def measure_serve(content: Path, out: Path, runs: int) -> float:
    """Seconds from saving a unit file to the changed page being served by `kaoping serve`."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(kaoping("serve", "--content", str(content), "--theme", str(REPO / "theme"),
                                      "--output", str(out), "--port", str(port)), env=ENV,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        for line in server.stdout:
            if "http://" in line:
                break
        path, original = edited_unit(content)
        year = path.parent.name
        url = f"http://127.0.0.1:{port}/{year}/units/{path.stem}.html"
        samples = []
        for _ in range(runs + 1):
            before = urllib.request.urlopen(url).read()
            toggle(path, original)
            saved = time.perf_counter()
            deadline = saved + 30
            while urllib.request.urlopen(url).read() == before:
                if time.perf_counter() > deadline:
                    raise SystemExit("serve did not pick up the change within 30 s")
                time.sleep(0.01)
            samples.append(time.perf_counter() - saved)
            time.sleep(0.3)
        path.write_bytes(original)
        return statistics.median(samples[1:])
    finally:
        server.terminate()
        server.wait(10)


def run_size(size: str, root: Path, out_root: Path, runs: int) -> dict:
    content = make_data(root, size)
    out = out_root / size / "kaoping"
    build = kaoping("build", "--content", str(content), "--theme", str(REPO / "theme"), "--output", str(out))
    row = {}
    from kaoping.state import state_folder

    def nothing_built() -> None:  # neither the site nor kaoping's stamps and caches beside the content
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(state_folder(content, out), ignore_errors=True)

    row["cold"] = median_of(runs, nothing_built, build)
    row["no-change"] = median_of(runs, lambda: None, build)
    if SIZES[size][0] >= 4:
        path, original = edited_unit(content, FIRST_YEAR + 3)
        try:
            row["4th: name"] = median_of(runs, lambda: rename(path, original), build)
            row["4th: total"] = median_of(runs, lambda: toggle(path, original), build)
        finally:
            path.write_bytes(original)
    path, original = edited_unit(content)
    try:
        row["one edit"] = median_of(runs, lambda: toggle(path, original), build)
        path.write_bytes(original)
        row["serve"] = (measure_serve(content, out, runs), None)
    finally:
        path.write_bytes(original)
    if (ANCHORS / "build_jinja.py").is_file():
        plain_out = out_root / size / "plain"
        row["plain Jinja2 cold"] = median_of(runs, lambda: shutil.rmtree(plain_out, ignore_errors=True),
                                             [sys.executable, str(ANCHORS / "build_jinja.py"), "--content",
                                              str(content), "--output", str(plain_out)])
    hugo_src = root / size / "hugo"
    if shutil.which("hugo") and hugo_src.is_dir():
        hugo_out = out_root / size / "hugo"
        row["Hugo cold"] = median_of(runs, lambda: shutil.rmtree(hugo_out, ignore_errors=True),
                                     ["hugo", "--quiet", "--source", str(hugo_src), "--destination", str(hugo_out)])
    return row


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=list(SIZES), choices=list(SIZES))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--root", type=Path, default=Path("/tmp/kaoping-bench"))
    parser.add_argument("--out", type=Path, default=Path("/dev/shm/kaoping-bench") if Path("/dev/shm").is_dir()
                        else Path("/tmp/kaoping-bench-out"))
    args = parser.parse_args(argv)
    print(f"kaoping benchmark: median of {args.runs} runs after a warm-up; output in {args.out}")
    print(f"{'size':<12}{'measure':<20}{'seconds':>9}{'peak MiB':>10}{'vs kaoping cold':>17}")
    for size in args.sizes:
        years, units = SIZES[size]
        label = f"{years} × {units}"
        row = run_size(size, args.root, args.out, args.runs)
        cold = row["cold"][0]
        for name, (seconds, rss) in row.items():
            ratio = f"{seconds / cold:.2f}×" if name.endswith("cold") and name != "cold" else ""
            rss_text = f"{rss:.0f}" if rss else ""
            print(f"{label:<12}{name:<20}{seconds:>9.3f}{rss_text:>10}{ratio:>17}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
