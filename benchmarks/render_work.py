#!/usr/bin/env python3
"""What rendering one year's files costs, file by file (not a test): in-process, median of --runs.

    python benchmarks/render_work.py --content /tmp/kaoping-bench/c/data/content [--year 2020] [--runs 5]

Renderer.year_files is run with every file but the measured ones taken as kept, so each figure is
what making those files adds (the loop over the year's files, always there, is timed apart and
taken off): the 通报 (index.html), the rules page, the exports, and the unit pages (given per page;
each unit shown with two earlier years). Also a new Renderer's history_apart, which every rendering
process asks once. The content folder is only read. It times the kaoping that Python imports.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from year_work import arguments, timed

from kaoping import content, scoring, themes
from kaoping.render import Renderer
from kaoping.scoring import ScoredYear


def main() -> None:
    args, year = arguments(__doc__)
    loaded = content.load_year(args.content, year, {})
    scored = ScoredYear(loaded, scoring.score_year(loaded.scheme, list(loaded.units)))
    units = [f"units/{r.unit.id}.html" for r in scored.result.units]
    history = {r.unit.id: [(year - 2, "90"), (year - 1, "91.5")] for r in scored.result.units}
    with tempfile.TemporaryDirectory() as folder:
        renderer = Renderer(themes.default_theme(), Path(folder))

        def making(names):
            return lambda: renderer.year_files(scored, "common", "own", history,
                                               lambda path, key: None if path in names else "0" * 64)

        making(set(units) | {"index.html"})()  # templates loaded, caches warm
        loop = timed(args.runs, making(set()))
        print(f"{year}: {len(units)} units, median of {args.runs} runs, CPU ms (the loop over the files, "
              f"{loop[1]:.1f} ms, taken off)")
        for name, made in (("index.html (通报)", {"index.html"}), ("rules.html", {"rules.html"}),
                           ("results.json", {"results.json"}), ("results.csv", {"results.csv"})):
            print(f"  {name:22s} {timed(args.runs, making(made))[1] - loop[1]:7.1f}")
        pages = timed(args.runs, making(set(units)))[1] - loop[1]
        print(f"  {'a unit page':22s} {pages / len(units):7.3f}  ({pages:.0f} for {len(units)})")
        fresh = timed(args.runs, lambda: Renderer(themes.default_theme(), Path(folder)))[1]
        asked = timed(args.runs, lambda: Renderer(themes.default_theme(), Path(folder)).history_apart())[1]
        print(f"  {'history_apart':22s} {asked - fresh:7.1f}")


if __name__ == "__main__":
    main()
