"""Render a scored year into the files of its folder, through the theme's Jinja2 templates.

    index.html          the 通报          (bulletin.html)
    bulletin.docx       the 通报 in Word  (bulletin_docx.py, from index.html)
    units/<id>.html     the breakdowns    (unit.html)
    rules.html          the rules text    (rules.html)
    results.json / .csv the exports       (exports.py)
    assets/…            the theme's static files, copied into every year (self-contained)

Jinja2 runs with StrictUndefined: a typo in a template fails the build instead of printing
nothing. Autoescape is on for every template (templating.py).
"""

from __future__ import annotations

import datetime
import hashlib
import json
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

from markupsafe import Markup, escape

from . import __version__, charts, doctitle, markup, templating
from .bulletin_docx import bulletin_docx
from .exports import net_label, results_csv, results_json, section_values
from .fields import plain_number
from .fingerprints import file_key, sha256, unit_page_key
from .scheme import DEDUCTION, Node
from .scoring import EntryScore, NodeScore, ScoredYear, SectionScore, UnitResult, YearResult
from .write import REUSE, write_file

ASSETS = "assets"
HISTORY = "fragments/history.html"  # a unit's earlier years, the one part of its page that shows them
READINGS = "koujing"  # the anchor of the rules page's 计分口径 section, linked from the 通报 and every unit page


def signed(value: Decimal) -> str:
    """+1.5 / −2 / 0, with a real minus sign."""
    if value > 0:
        return "+" + plain_number(value)
    if value < 0:
        return "−" + plain_number(-value)
    return "0"


def cn_date(value) -> str:
    """2018-01-05 (a date or its ISO text) → 2018年1月5日."""
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value)
    return f"{value.year}年{value.month}月{value.day}日"


def grade_class(grade: str, scheme) -> str:
    """CSS class by the grade's place (best, middle, worst), not by its Chinese name."""
    return _place_class(scheme.grade_names, grade)


def _place_class(names: list[str], grade: str) -> str:
    index = names.index(grade)
    return "grade-best" if index == 0 else "grade-worst" if index == len(names) - 1 else "grade-mid"


def grade_reasons(scheme, result: UnitResult) -> list[str]:
    """Why the unit has its grade, in the 通报's words: a low total and every condition that sets it."""
    reasons = []
    names = scheme.grade_names
    if result.score_grade == result.grade and result.grade == names[-1]:
        limit = dict(scheme.grades)[names[-2]]
        reasons.append(f"考评得分{plain_number(result.total)}分，低于{plain_number(limit)}分")
    for applied in result.conditions:
        if applied.condition.at_most == result.grade:
            reasons.append(f"{applied.condition.name}（{applied.reason}）")
    return reasons


class EntryLine(NamedTuple):
    """An entry's line of a breakdown table, every figure as it is shown."""

    line: int  # in the unit file (the row's anchor)
    clause: str
    rule: str
    how: str  # "2次 × 1分", or "酌情 1.5分"
    nominal: str
    counted: str  # with its sign: "−1.5", or "0"
    adjusted: bool  # counts other than its nominal value (a cap, one incident, a group)
    note: str
    date: str  # 2017年3月12日, or ""
    incident: str
    group: str
    why: str  # what happened to it, in words (entry_explanation)
    why_clause: str


def entry_line(scheme, score: EntryScore, sign: str) -> EntryLine:
    entry, rule = score.entry, score.rule
    if rule.points is None:
        how = f"酌情{plain_number(entry.points)}分"
    else:
        how = f"{entry.count}{rule.per} × {plain_number(rule.points)}分"
    counted = sign + plain_number(score.counted) if score.counted else "0"
    return EntryLine(entry.line, rule.clause, rule.name, how, plain_number(score.nominal), counted,
                     score.counted != score.nominal, entry.note, cn_date(entry.date) if entry.date else "",
                     entry.incident or "", entry.group or "", *entry_explanation(scheme, score))


def entry_explanation(scheme, score: EntryScore) -> tuple[str, str]:
    """What the one-incident rule, a group or a cap did to an entry, in words, and the clause that says so."""
    entry = score.entry
    if score.choice is not None:
        clause = scheme.clauses.get("one_incident", score.rule.clause) if entry.incident else score.rule.clause
        return choice_words(score), clause
    if score.capped_by is not None:
        limit = score.capped_by
        clause = scheme.clauses.get("caps", limit.clause) if score.rule.kind == DEDUCTION else limit.clause
        if score.counted == 0:
            return f"{limit.label}已达{plain_number(limit.amount)}分上限，此项不再计分", clause
        return f"{limit.label}以{plain_number(limit.amount)}分为限，此项只计{plain_number(score.counted)}分", clause
    return "", ""


_TIE_WORDS = {  # the tie-break that chose the winner (scoring.preference), as a reader is told it
    "nominal": "按应计分多的",
    "scheme": "按细则中条款在前的",
    "date": "按日期在前的",
    "note": "按说明文字排序在前的",
    "same": "两条记录相同，按",
}


def choice_words(score: EntryScore) -> str:
    """Why this entry of an incident (or a bonus group) counts 0: which entry counted instead, and why.

    "同一案事件「甲」只扣一次：此项在二.7 消防安全只剩0.5分可扣，按扣分多的「一般案件」（四.1，第12行）计2分"."""
    choice, entry = score.choice, score.entry
    winner = f"「{choice.winner.rule}」（{choice.winner_rule.node}，第{choice.winner.line}行）"
    gain, own = plain_number(choice.winner_gain), plain_number(choice.own_gain)
    if entry.incident:
        head = f"同一案事件「{entry.incident}」只扣一次："
        if choice.reason == "total":
            if choice.limit is not None:
                where = f"此项在{choice.limit.label}" + ("已无分可扣" if not choice.own_gain else f"只剩{own}分可扣")
            else:
                where = f"此项可扣{own}分"
            return f"{head}{where}，按扣分多的{winner}计{gain}分"
        return f"{head}两处都可扣{gain}分，{_TIE_WORDS[choice.reason]}{winner}计"
    head = f"同一项「{entry.group}」只按最高的一次计分："
    if choice.reason in ("total", "nominal"):
        return f"{head}按分值高的{winner}计{gain}分"
    return f"{head}分值相同，{_TIE_WORDS[choice.reason]}{winner}计"


class Figures(NamedTuple):
    """What an item's line (fragments/item_row.html) or a part's sum shows of a NodeScore: its node
    and sums, not its entries, which differ from unit to unit while the line is shared (a theme that
    asks for them is told so by StrictUndefined, rather than shown another unit's)."""

    node: Node  # within a year, its label says which
    counted: Decimal
    held_back: Decimal

    @property
    def score(self) -> Decimal:
        return self.node.base - self.counted


class Part(NamedTuple):
    """What a part's heading (fragments/part_heading.html) shows of a SectionScore."""

    node: Node
    score: Decimal
    tree: Figures | None


class Renderer:
    def __init__(self, theme: Path, cache: Path | None = None):
        """`cache`: a folder for compiled templates (Jinja2 checks each against its source)."""
        self.theme = theme
        self.env = templating.environment(theme / "templates", cache)
        # numbers are digits, signs and a dot: marked safe so autoescape does not re-check them
        self.env.filters.update(num=lambda v: Markup(plain_number(v)), signed=lambda v: Markup(signed(v)),
                                cn_date=cn_date, title_lines=doctitle.title_lines)
        self.env.globals.update(
            breakdown=self.breakdown, part_heading=self.part_heading, grade_reasons=grade_reasons,
            grade_class=grade_class, readings_anchor=READINGS, site_head=self.site_head, grade_bands=self.grade_bands,
            section_bar=self.section_bar, history_dot=self.history_dot, poll_part=self.poll_part,
        )
        self._fragments: dict[tuple, Markup] = {}
        self.history_fragment = (theme / "templates" / HISTORY).is_file()
        self._history_apart: bool | None = None
        self.assets = {
            f"{ASSETS}/{p.relative_to(theme / 'static').as_posix()}": p.read_bytes()
            for p in sorted((theme / "static").rglob("*")) if p.is_file()
        }

    def breakdown(self, scheme, tree: NodeScore, kind_word: str, sign: str) -> list[EntryLine | Markup]:
        """The lines of a part's table: its entries under its items, depth first (templates loop
        once). An item's line comes ready-made (item_row). Nothing when there is nothing to show."""
        rows: list[EntryLine | Markup] = []
        found = self._add_rows(rows, scheme, tree, kind_word, sign)
        return rows if found or tree.nominal else []

    def _add_rows(self, rows: list, scheme, node: NodeScore, kind_word: str, sign: str) -> bool:
        """Appends the node's lines; says whether it or an item below holds an entry. (A method, not a
        nested function calling itself: that would be a reference cycle per table, left to the collector.)"""
        rows.extend(entry_line(scheme, entry, sign) for entry in node.entries)
        found = bool(node.entries)
        for item in node.items:
            rows.append(self.item_row(item, kind_word))
            found = self._add_rows(rows, scheme, item, kind_word, sign) or found
        return found

    def fragment(self, template: str, key: tuple, **context) -> Markup:
        """A piece that many pages show alike, rendered once per distinct key and reused. The key
        holds every value the template is given, so a reused piece is the very one it would render."""
        piece = self._fragments.get((template, key))
        if piece is None:
            piece = self._fragments[(template, key)] = Markup(self.env.get_template(template).render(**context))
        return piece

    def item_row(self, item: NodeScore, kind_word: str) -> Markup:
        """An item's line of a breakdown table: most units have the same figures on most items."""
        node = item.node
        key = (node.label, node.title, node.clause, node.base, node.cap, item.counted, item.held_back, kind_word)
        return self.fragment("fragments/item_row.html", key, item=Figures(node, item.counted, item.held_back),
                             kind_word=kind_word)

    def part_heading(self, part: SectionScore) -> Markup:
        """A part's heading, with its sum when it is a scored list (not the poll)."""
        node, tree = part.node, part.tree
        key = (node.label, node.title, node.clause, node.base, part.score,
               (tree.counted, tree.held_back) if tree else None)
        shown = Part(node, part.score, Figures(node, tree.counted, tree.held_back) if tree else None)
        return self.fragment("fragments/part_heading.html", key, s=shown)

    def site_head(self, root: str, page: str, bulletin, corrections, published: str, year: int) -> Markup:
        """The banners and links heading every page of a year (example, corrections, draft): the
        same on a thousand unit pages."""
        corrected = tuple(correction["date"] for correction in corrections)
        key = (root, page, bulletin.example, bulletin.draft, corrected, published, year)
        return self.fragment("fragments/site_head.html", key, root=root, page=page, example=bulletin.example,
                             draft=bulletin.draft, corrected=corrected, published=published, year=year)

    def sections_chart(self, result: UnitResult) -> Markup:
        """The unit's section bars: many units share their section scores."""
        bars = charts.sections_chart(tuple((s.node.label, s.score, s.node.base) for s in result.score.sections))
        return self.fragment("fragments/sections_chart.html", bars, bars=bars)

    def section_bar(self, bar: charts.SectionBar) -> Markup:
        """A section's bar of a unit's chart: a few scores per section recur on every page."""
        return self.fragment("fragments/section_bar.html", bar, bar=bar)

    def history_dot(self, dot: tuple[str, str, str, str, str], height: int) -> Markup:
        """A year's dot of a unit's line of totals (charts.history_line): on one scale, so it recurs."""
        return self.fragment("fragments/history_dot.html", (dot, height), dot=dot, height=height)

    def grade_bands(self, result: UnitResult, scheme) -> Markup:
        """The grade the unit's total alone gives, and the rule that says so."""
        clause, readings = scheme.grades_clause, tuple(r.reading for r in scheme.readings_of(scheme.grades_clause))
        total = plain_number(result.total)
        key = (total, result.score_grade, clause, scheme.grades_words, readings)
        return self.fragment("fragments/grade_bands.html", key, total=total, grade=result.score_grade, clause=clause,
                             words=scheme.grades_words, readings=readings)

    def poll_part(self, part: SectionScore, unit) -> Markup:
        """The poll part of a unit's page: a few poll results recur on many units' pages."""
        poll, method = part.poll, part.poll.method
        if poll.band is not None:
            band, poll_score, counts = poll.band.band, plain_number(unit.poll.score), ()
        else:
            given = dict(unit.poll.counts)
            band, poll_score = None, ""
            counts = tuple((answer, str(given[answer]), plain_number(per)) for answer, per in method.per_person)
        shown = dict(level=unit.level, clause=method.clause, band=band, poll_score=poll_score, counts=counts,
                     nominal=plain_number(poll.nominal), counted=plain_number(poll.counted),
                     base=plain_number(part.node.base), score=plain_number(part.score))
        return self.fragment("fragments/poll.html", tuple(shown.values()), **shown)

    def page(self, template: str, **context) -> bytes:
        return self.env.get_template(template).render(**context).encode("utf-8")

    def history_section(self, unit_id: str, year: int, past: list[tuple[int, str]], total: str) -> Markup:
        """The part of a unit's page that shows its earlier years (`past`: (year, total) of each, maybe none)."""
        if not self.history_fragment:
            return Markup("")
        return Markup(self.env.get_template(HISTORY).render(unit_id=unit_id, **self._history_parts(past, year, total)))

    def history_apart(self) -> bool:
        """Does the unit page show the earlier years through the history fragment alone? Not in a theme
        without fragments/history.html, nor in one whose unit page (or a template it uses) shows
        other_years or trend itself (made before the fragment existed). For the shipped default theme
        the answer compile_theme recorded: parsing the templates cost 50 ms in every rendering process."""
        if self._history_apart is None:
            answer = templating.recorded(self.env).get("history_apart")
            self._history_apart = answer if isinstance(answer, bool) else self.shows_history_apart()
        return self._history_apart

    def shows_history_apart(self) -> bool:
        """history_apart worked out from the theme's template sources."""
        from jinja2 import FileSystemLoader, TemplateError, meta

        if not self.history_fragment:
            return False
        sources = FileSystemLoader(str(self.theme / "templates"))  # the environment's may load compiled modules
        seen, todo, names = set(), ["unit.html"], set()
        while todo:
            name = todo.pop()
            if name in seen:
                continue
            seen.add(name)
            try:
                tree = self.env.parse(sources.get_source(self.env, name)[0])
                names |= meta.find_undeclared_variables(tree)
            except TemplateError:  # rendering the page says what is wrong, and where
                return False
            for used in meta.find_referenced_templates(tree):
                if used is None:  # a template chosen while rendering: cannot tell what it shows
                    return False
                todo.append(used)
        return "history" in names and not names & {"other_years", "trend"}

    @staticmethod
    def _history_parts(past: list[tuple[int, str]], year: int, total: str) -> dict:
        """What a theme made before fragments/history.html shows on its unit page itself."""
        return dict(other_years=[y for y, _ in past],
                    trend=charts.history_line(past + [(year, total)]) if past else None)

    def carry_history(self, page: bytes, unit_id: str, year: int, old: list[tuple[int, str]],
                      new: list[tuple[int, str]], total: str) -> bytes | None:
        """A unit page made with the history `old`, as it is with `new`: the same bytes but its history
        part, when nothing else of it shows the earlier years. None when the old part is not found
        exactly once in `page` (the page must then be rendered)."""
        before = self.history_section(unit_id, year, old, total).encode("utf-8")
        if not (self.history_apart() and before and page.count(before) == 1):
            return None
        return page.replace(before, self.history_section(unit_id, year, new, total).encode("utf-8"))

    def year_files(self, scored: ScoredYear, common: str, own: str, history: dict[str, list[tuple[int, str]]],
                   reusable) -> tuple[dict[str, bytes | None], dict[str, list[str]]]:
        """Every file of the year folder, and what each was made from: [key, sha256].

        A file that shows nothing of the earlier years (the 通报, bulletin.docx, the rules page,
        the exports, the assets) is keyed by the year's own inputs (`own`: its fingerprint). A unit
        page by the year's shared inputs (`common`: theme, scheme, 通报 text…), its own file, its
        place in the year (rank, grade, conditions, number of units, neighbours) and its history
        (its earlier years' totals), so that a total changed in an earlier year makes only the
        pages of that unit again. When `reusable(path, key)` gives the sha256 of the current file
        (made from the same, and still holding the bytes written then), it is not rendered again
        (write.REUSE).
        """
        self._fragments.clear()  # shared within a year; kept across years, they would pile up
        year, bulletin = scored.result, scored.content.bulletin
        scheme = year.scheme
        common_context = dict(year=year, scheme=scheme, bulletin=bulletin, net=net_label(year),
                              sections=lambda r: section_values(year, r), corrections=scored.corrections,
                              published=scored.published)
        files: dict[str, bytes | None] = {}
        made: dict[str, list[str]] = {}

        def keep_or_make(path: str, key: str, make) -> str:
            """The file's sha256; made (`make()`) only when the current one cannot be kept."""
            sha = reusable(path, key)
            if sha is None:
                files[path] = make()
                sha = sha256(files[path])
            else:
                files[path] = REUSE
            made[path] = [key, sha]
            return sha

        for path, data in self.assets.items():
            keep_or_make(path, own, lambda data=data: data)
        keep_or_make("results.json", own, lambda: results_json(year))
        keep_or_make("results.csv", own, lambda: results_csv(year))

        def bulletin_page() -> bytes:
            # rendered whole: keeping its ranking rows and chart bars between builds, as units.html
            # keeps its rows, was measured on 10 × 1,000 at 25 ms less when one unit changed but
            # 55 ms more in a cold build (a template render per row and bar), so it was not kept
            return self.page(
                "bulletin.html", root="", page="bulletin", chart=_totals_chart(year), **common_context,
                opening=Markup(markup.fill_slots(bulletin.opening, _no_note)),
                closing=Markup(markup.fill_slots(bulletin.closing, _no_note)),
                by_grade={g: [r for r in year.units if r.grade == g] for g in scheme.grade_names},
                listed=_listed(year),
            )

        page = keep_or_make("index.html", own, bulletin_page)
        # the same page as a Word document, made from the page's bytes alone (a kept page renders
        # to the bytes it holds: its key says it was made from the same)
        keep_or_make("bulletin.docx", file_key(__version__, page),
                     lambda: bulletin_docx(files["index.html"] or bulletin_page()))
        rules = scored.content.rules
        keep_or_make("rules.html", own, lambda: self.page(
            "rules.html", root="", page="rules", headings=rules.headings,
            rules_html=Markup(markup.fill_slots(rules.html, _clause_notes(year))), **common_context))
        for index, result in enumerate(year.units):
            unit = result.unit
            # the units before and after it in the ranking (the page's 上一名 / 下一名 links)
            previous = year.units[index - 1] if index else None
            following = year.units[index + 1] if index + 1 < len(year.units) else None
            past = history.get(unit.id, [])  # (year, total) of the unit's earlier years
            own_part = file_key(common, unit.id, scored.content.digests.get(unit.path), result.rank,
                            len(year.units), result.grade, result.score_grade,
                            [(a.condition.name, a.reason, a.decisive) for a in result.conditions],
                            [(r.unit.id, r.unit.name) if r else None for r in (previous, following)])
            total = plain_number(result.total)
            keep_or_make(f"units/{unit.id}.html", unit_page_key(own_part, past), lambda: self.page(
                "unit.html", root="../", page="unit", r=result, previous=previous, following=following,
                **common_context,
                sections_chart=self.sections_chart(result),
                history=self.history_section(unit.id, scheme.year, past, total),
                **({} if self.history_apart() else self._history_parts(past, scheme.year, total)),
            ))
        return files, made


class UnitYear(NamedTuple):
    """One unit in one year, as the cross-year index shows it."""

    year: str
    name: str
    total: str
    grade: str
    grade_class: str  # grade-best / grade-mid / grade-worst, by the grade's place in its year


class UnitHistory(NamedTuple):
    id: str
    name: str  # as in its latest year
    former: tuple[str, ...]  # other names it had in earlier years
    by_year: dict[str, UnitYear]


def site_pages(theme: Path, years: list[tuple[str, int, dict[str, int], bool]],
               rosters: dict[str, list[list[str]]], state: Path, theme_digest: str) -> dict[str, bytes]:
    """The files of the site root, beside the year folders (never inside one: building a year
    must not change another year's folder):

        index.html   the years (newest first), each with its number of units, counts per grade
                     and whether it is example data
        units.html   every unit of every year: its totals and grades, a link to each year's page
        site.js      the filter of units.html; year pages also load it to learn that they are
                     inside a whole site (nav.js), since a folder copied alone has no such index
        favicon.svg  the tab icon of these pages (each year folder has its own copy in assets/)

    `rosters`: year → [[id, name, total, grade], …] in the year's display order. `state`: kaoping's
    folder for this output (compiled templates, the rows of units.html: UnitRows);
    `theme_digest`: kaoping's version and the theme, which every kept row was rendered with."""
    renderer = Renderer(theme, state / "templates")
    css = renderer.assets.get(f"{ASSETS}/style.css", b"").decode("utf-8")
    examples = [year for year, _, _, example in years if example]
    common = dict(css=css, examples=examples)  # for root.html, which both pages extend
    by_unit: dict[str, list[tuple]] = {}  # id → (year, name, total, grade) of each of its years, newest first
    for year, *_ in years:
        for unit_id, name, total, grade in rosters.get(year, []):
            by_unit.setdefault(unit_id, []).append((year, name, total, grade))
    files = {"index.html": renderer.page("index.html", page="years", years=years, units=len(by_unit), **common)}
    # a theme made before these existed still builds: its pages do not link to them
    if (theme / "templates" / "units.html").is_file():
        unit_rows = UnitRows(renderer, state, theme_digest, years, by_unit)
        files["units.html"] = renderer.page("units.html", page="units", years=unit_rows.years, units=sorted(by_unit),
                                            unit_row=unit_rows.row, **common)
        unit_rows.save()
    if (theme / "templates" / "site.js").is_file():
        files["site.js"] = renderer.page("site.js")
    if f"{ASSETS}/favicon.svg" in renderer.assets:
        files["favicon.svg"] = renderer.assets[f"{ASSETS}/favicon.svg"]
    return files


class UnitRows:
    """The rows of units.html (fragments/unit_row.html), kept as text between builds, each by a
    digest of all it is made from: kaoping and the theme, the years (its columns) with their grades
    in order, the unit's names, totals and grades. So a build after an edit in one year renders
    only the rows that edit changed; the page's bytes are those of rendering every row.

    The file is JSON text in the state folder, never code: anything but {digest: text} is ignored
    (every row is then rendered), and so is the file when others could write to the state folder. It holds the rows of the latest page only, so it does not grow."""

    FILE = "units.rows.json"
    TEMPLATE = "fragments/unit_row.html"

    def __init__(self, renderer: Renderer, state: Path, theme_digest: str,
                 years: list[tuple[str, int, dict[str, int], bool]], by_unit: dict[str, list[tuple]]):
        self.renderer, self.path, self.by_unit = renderer, state / self.FILE, by_unit
        self.years = [year for year, *_ in years]  # newest first
        self.grade_orders = {year: list(counts) for year, _, counts, _ in years}
        self.salt = file_key(theme_digest, self.grade_orders, self.years)
        # the rows go into the page as they are, unescaped: read back only from where this user alone
        # could have written them, as compiled templates are (templating.private_folder)
        self.kept = _text_map(self.path) if templating.private_folder(state) else {}
        self.shown: dict[str, str] = {}  # the rows of this page, by digest
        self.rendered = 0

    def row(self, unit_id: str) -> Markup:
        shown = self.by_unit[unit_id]
        # joined, not repr'd (a third of the cost): the separators are control characters, which a
        # unit's name cannot hold (characters.py) and kaoping's ids, years, totals and grades do not
        key = hashlib.sha256("\x1f".join([self.salt, unit_id, *("\x1e".join(y) for y in shown)])
                             .encode("utf-8")).hexdigest()
        text = self.kept.get(key)
        if text is None:
            text = self.renderer.env.get_template(self.TEMPLATE).render(u=self.history(unit_id, shown),
                                                                        years=self.years)
            self.rendered += 1
        self.shown[key] = text
        return Markup(text)

    def history(self, unit_id: str, shown: list[tuple]) -> UnitHistory:
        by_year = {year: UnitYear(year, name, total, grade, _place_class(self.grade_orders[year], grade))
                   for year, name, total, grade in shown}
        latest = shown[0][1]
        former = tuple(dict.fromkeys(name for _, name, *_ in shown if name != latest))
        return UnitHistory(unit_id, latest, former, by_year)

    def save(self) -> None:
        """Kept for the next build, unless it holds these rows already."""
        if self.rendered or self.shown.keys() != self.kept.keys():
            write_file(self.path, json.dumps(self.shown, ensure_ascii=False).encode("utf-8"))


def _text_map(path: Path) -> dict[str, str]:
    """A JSON object of texts, as UnitRows saves it; {} if missing or anything else."""
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        return {}
    return data


def _totals_chart(year: YearResult) -> charts.TotalsChart:
    thresholds = [m for _, m in year.scheme.grades if m is not None]
    rows = [(r.unit.display_name, r.total, r.grade, f"units/{r.unit.id}.html") for r in year.units]
    return charts.totals_chart(rows, thresholds)


def _listed(year: YearResult) -> dict[str, list[UnitResult]]:
    """The 挂牌督办 and 一票否决 lists of the 通报 (诫勉谈话, 四（二）)."""
    names = sorted({c.listed_as for c in year.scheme.findings.values() if c.listed_as},
                   key=lambda n: [c.listed_as for c in year.scheme.findings.values()].index(n))
    return {
        name: [r for r in year.units if any(a.condition.listed_as == name for a in r.conditions)]
        for name in names
    }


def _no_note(anchor: str) -> str:
    return ""


def _clause_notes(year: YearResult):
    """For the rules page: after each clause, the units that lost or gained points on it (with how many)
    or met the condition, each linking to its page; and the units with an entry on it that counted 0
    (recorded, but a full base, a cap or another entry of the same incident or group took it)."""
    points: dict[str, dict[str, Decimal]] = {}  # anchor → unit id → signed points
    recorded: dict[str, dict[str, str]] = {}  # anchor → unit id → why its entries there counted 0
    met: dict[str, list[UnitResult]] = {}  # anchor → units meeting a grade condition
    words: dict[str, str] = {}

    def add(anchor: str, unit_id: str, amount: Decimal, word: str) -> None:
        if amount:
            by_unit = points.setdefault(anchor, {})
            by_unit[unit_id] = by_unit.get(unit_id, Decimal(0)) + amount
            words.setdefault(anchor, word)

    def add_entry(entry: EntryScore, unit_id: str, sign: int, word: str) -> None:
        add(entry.rule.clause, unit_id, sign * entry.counted, word)
        if not entry.counted:
            recorded.setdefault(entry.rule.clause, {}).setdefault(unit_id, _not_counted_words(entry))

    for result in year.units:
        score, unit_id = result.score, result.unit.id
        for section in score.sections:
            if section.tree:
                for entry in section.tree.all_entries():
                    add_entry(entry, unit_id, -1, "扣分")
            elif section.poll:
                add(section.poll.method.clause, unit_id, -section.poll.counted, "扣分")
        for entry in score.bonuses.all_entries():
            add_entry(entry, unit_id, 1, "加分")
        for entry in score.penalties.all_entries():
            add_entry(entry, unit_id, -1, "减分")
        for applied in result.conditions:
            met.setdefault(applied.condition.clause, []).append(result)
            words.setdefault(applied.condition.clause, "符合此情形")

    hits = {anchor: [(u, signed(v)) for u, v in by_unit.items()] for anchor, by_unit in points.items()}
    for anchor, results in met.items():
        hits.setdefault(anchor, []).extend((r.unit.id, "") for r in results)
    # a unit's link, and the words after one, recur under many clauses: each is escaped once
    links = {r.unit.id: f'<a href="units/{escape(r.unit.id)}.html">{escape(r.unit.display_name)}</a>' for r in year.units}
    afters: dict[str, str] = {}

    def link(unit_id: str, after: str) -> str:
        words = afters.get(after)
        if words is None:
            words = afters[after] = str(escape(after))
        return links[unit_id] + words

    def note(anchor: str) -> str:
        found = hits.get(anchor, [])
        counted = {u for u, _ in found}
        zero = [(u, why) for u, why in recorded.get(anchor, {}).items() if u not in counted]
        parts = []
        if found:
            parts.append(f"{escape(words[anchor])}{len(found)}个单位：" + "、".join([link(u, a) for u, a in found]))
        parts += [link(u, why) for u, why in zero]
        return f'<span class="clause-hits">［{"；".join(parts)}］</span>' if parts else ""

    return note


def _not_counted_words(entry: EntryScore) -> str:
    """Why a recorded entry counts 0, in the rules page's short form."""
    if entry.superseded_by is not None:
        return "已记录、同一案事件按他处扣分" if entry.entry.incident else "已记录、同一项按最高一次计分"
    if entry.rule.kind == DEDUCTION:
        return "已记录、因基分已扣完未计分"
    return "已记录、因已达上限未计分"
