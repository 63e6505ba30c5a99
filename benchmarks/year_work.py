#!/usr/bin/env python3
"""What every rebuilt year costs before its pages (not a test): in-process, median of --runs.

    python benchmarks/year_work.py --content /tmp/kaoping-bench/c/data/content [--year 2017] [--runs 5]

Times, for one year, the steps that run for every year an incremental build rebuilds: reading the
parse cache, loading the year from it (every file read and hashed), scoring it, writing results.json.
The cycle collector is paused while timing, as in a build's worker (build.build_year). The cache is
made first in a temporary folder; the content folder is only read. It times the kaoping that Python
imports (pip install -e . in a checkout).
"""

from __future__ import annotations

import argparse
import gc
import statistics
import tempfile
import time
from pathlib import Path

from kaoping import content, exports, parsecache, scoring
from kaoping.fingerprints import file_sha


def timed(runs: int, step) -> tuple[float, float, float]:
    """Medians of `runs` in milliseconds: wall-clock time and this process's CPU time (on a shared
    machine the CPU time says more), and the least wall-clock time."""
    wall, cpu = [], []
    gc.collect()
    gc.disable()
    try:
        for _ in range(runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            step()
            wall.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
    finally:
        gc.enable()
    return statistics.median(wall), statistics.median(cpu), min(wall)


def arguments(description: str) -> tuple[argparse.Namespace, int]:
    """--content, --year (the first by default) and --runs, as this script and render_work.py take them."""
    parser = argparse.ArgumentParser(description=description.splitlines()[0])
    parser.add_argument("--content", type=Path, required=True)
    parser.add_argument("--year", type=int)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    return args, args.year or content.find_years(args.content)[0]


def main() -> None:
    args, year = arguments(__doc__)
    scheme_sha = file_sha(args.content / "rules" / str(year) / "scheme.yaml")
    with tempfile.TemporaryDirectory() as folder:
        cache_path = Path(folder) / f"{year}.parsed.json"
        made: dict = {}
        parsecache.write(cache_path, scheme_sha, made, content.load_year(args.content, year, made))
        cache = parsecache.read(cache_path, scheme_sha)
        loaded = content.load_year(args.content, year, cache)
        units = list(loaded.units)
        result = scoring.score_year(loaded.scheme, units)
        steps = {
            "parsecache.read": lambda: parsecache.read(cache_path, scheme_sha),
            "content.load_year": lambda: content.load_year(args.content, year, cache),
            "scoring.score_year": lambda: scoring.score_year(loaded.scheme, units),
            "exports.results_json": lambda: exports.results_json(result),
        }
        print(f"{year}: {len(units)} units, median of {args.runs} runs: wall-clock, CPU (least wall-clock)")
        for name, step in steps.items():
            wall, cpu, least = timed(args.runs, step)
            print(f"  {name:22s} {wall:7.1f} ms  {cpu:7.1f} ms CPU  ({least:.1f})")


if __name__ == "__main__":
    main()
