"""The pipeline of one build: load → validate → score every year first, then render and write.

Nothing is written until every requested year is valid, so a failed build leaves the
output as it was; each year's folder is then swapped in whole (write.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .content import YearContent, find_years, load_year
from .problems import ContentError
from .scoring import YearResult, score_year


class UsageError(Exception):
    """A wrong option or year (exit code 2), as opposed to wrong content (exit code 1)."""


@dataclass(frozen=True)
class ScoredYear:
    content: YearContent
    result: YearResult


def choose_years(content: Path, asked: list[int] | None) -> list[int]:
    available = find_years(content)
    if not available:
        raise UsageError(f"在 {content} 下没有找到任何年度（应有 {content}/rules/<年份>/ 文件夹）。")
    missing = [y for y in asked or [] if y not in available]
    if missing:
        raise UsageError(
            f"没有 {'、'.join(map(str, missing))} 年的内容（{content}/rules/ 下只有 {'、'.join(map(str, available))}）。"
        )
    return sorted(set(asked)) if asked else available


def score_years(content: Path, years: list[int]) -> list[ScoredYear]:
    """Load and score every year; raise one ContentError listing the problems of all of them."""
    scored, problems = [], []
    for year in years:
        try:
            loaded = load_year(content, year)
        except ContentError as error:
            problems += error.problems
            continue
        scored.append(ScoredYear(loaded, score_year(loaded.scheme, list(loaded.units))))
    if problems:
        raise ContentError(problems)
    return scored


def build(content: Path, theme: Path, output: Path, years: list[int] | None = None) -> list[ScoredYear]:
    from .render import Renderer
    from .write import write_file, write_folder

    if not (theme / "templates").is_dir():
        raise UsageError(f"找不到模板文件夹 {theme / 'templates'}：请用 --theme 指定 kaoping 的 theme 文件夹。")
    chosen = choose_years(content, years)
    scored = score_years(content, chosen)
    renderer = Renderer(theme, content)
    for year in scored:
        write_folder(output, str(year.content.year), renderer.year_files(year))
    write_file(output / "index.html", renderer.site_index(output))
    return scored
