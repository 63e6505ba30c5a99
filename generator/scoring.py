"""Scoring: pure functions from (scheme, units) to results. No I/O, no globals, Decimal only.

The order follows the rules text (SPEC §4):
1. nominal value of each entry (points, or the rule's points × count);
2. one 案事件 (deductions) or one group (bonuses) counts once, at its largest entry;
3. caps: entries are taken in file order and each counts what is left under every base or
   cap above it (rule → item → section). For nested caps this greedy fill gives exactly
   min(base, Σ capped children) at every level, and tells which level stopped each entry;
4. 三 from the poll; total = sections + bonuses − penalties;
5. over the whole year: ranks, the computed conditions, grades.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from decimal import Decimal
from typing import NamedTuple

from .fields import plain_number
from .scheme import Condition, Limit, Node, PollBand, PollMethod, Rule, Scheme
from .units import Entry, Unit

ZERO = Decimal(0)


class EntryScore(NamedTuple):
    entry: Entry
    rule: Rule
    nominal: Decimal  # what the entry is worth on its own
    counted: Decimal  # what it finally counts
    superseded_by: Entry | None = None  # the entry of the same 案事件 / group that counted instead
    capped_by: Limit | None = None  # the base or cap that had no room left for the rest

    @property
    def lost_to_cap(self) -> Decimal:
        return ZERO if self.superseded_by else self.nominal - self.counted


class NodeScore(NamedTuple):
    node: Node
    nominal: Decimal  # its entries' sum after the one-incident/group rule, before caps
    counted: Decimal  # after every cap
    entries: tuple[EntryScore, ...]  # entries of the rules held directly by this node
    items: tuple["NodeScore", ...]

    @property
    def score(self) -> Decimal:
        """Deduction sections and items: base − what was deducted."""
        return self.node.base - self.counted

    def all_entries(self):
        yield from self.entries
        for item in self.items:
            yield from item.all_entries()


class PollScore(NamedTuple):
    method: PollMethod
    band: PollBand | None  # 副处级以上: the band the score fell into
    nominal: Decimal  # the deduction the poll gives
    counted: Decimal  # after the section's base


class SectionScore(NamedTuple):
    node: Node
    score: Decimal
    tree: NodeScore | None  # deduction sections
    poll: PollScore | None  # the poll section


class UnitScore(NamedTuple):
    unit: Unit
    sections: tuple[SectionScore, ...]
    bonuses: NodeScore
    penalties: NodeScore
    total: Decimal

    @property
    def net(self) -> Decimal:
        """五: bonuses − penalties."""
        return self.bonuses.counted - self.penalties.counted

    def section(self, label: str) -> SectionScore:
        return next(s for s in self.sections if s.node.label == label)


class Applied(NamedTuple):
    """A grade condition that applies to a unit, with why."""

    condition: Condition
    findings: tuple[Entry, ...]  # the entries that record it; empty for computed conditions
    reason: str
    decisive: bool = False  # did it lower the grade below what the total alone gives?


class UnitResult(NamedTuple):
    score: UnitScore
    rank: int
    score_grade: str  # the grade the total alone gives
    grade: str
    conditions: tuple[Applied, ...]

    @property
    def unit(self) -> Unit:
        return self.score.unit

    @property
    def total(self) -> Decimal:
        return self.score.total

    def condition_names(self) -> list[str]:
        return [applied.condition.name for applied in self.conditions]


class YearResult(NamedTuple):
    scheme: Scheme
    units: tuple[UnitResult, ...]  # display order: rank, then id
    poll_mean: Decimal  # the mean 三 score, for display (comparisons use exact sums)

    def by_id(self, unit_id: str) -> UnitResult:
        return self.index()[unit_id]

    def index(self) -> dict[str, UnitResult]:
        return {result.unit.id: result for result in self.units}


# -- one unit ---------------------------------------------------------------------------------


def nominal_value(entry: Entry, rule: Rule) -> Decimal:
    return entry.points if rule.discretionary else rule.points * entry.count


def keep_largest(entries: list[tuple[Entry, Decimal]], key) -> dict[int, Entry]:
    """Among entries sharing key(entry), only the largest counts (a tie: the first in the file).

    Returns {index of a dropped entry: the entry that counts instead}.
    """
    winners: dict[str, int] = {}
    for index, (entry, value) in enumerate(entries):
        name = key(entry)
        if name is None:
            continue
        if name not in winners or value > entries[winners[name]][1]:
            winners[name] = index
    return {
        index: entries[winners[key(entry)]][0]
        for index, (entry, _) in enumerate(entries)
        if key(entry) is not None and winners[key(entry)] != index
    }


def fill_caps(entries: list[tuple[Entry, Rule, Decimal, Entry | None]]) -> list[EntryScore]:
    """Count each entry against the room left under every limit above it, in file order."""
    room: dict[Limit, Decimal] = {}
    scored = []
    for entry, rule, nominal, superseded_by in entries:
        wanted = ZERO if superseded_by else nominal
        counted, capped_by = wanted, None
        for limit in rule.limits:
            left = room.setdefault(limit, limit.amount)
            if left < counted:
                counted, capped_by = left, limit
        for limit in rule.limits:
            room[limit] -= counted
        scored.append(EntryScore(entry, rule, nominal, counted, superseded_by, capped_by))
    return scored


def score_entries(scheme: Scheme, entries: tuple[Entry, ...], grouping: str | None) -> list[EntryScore]:
    valued = [(entry, nominal_value(entry, scheme.rules[entry.rule])) for entry in entries]
    dropped = keep_largest(valued, lambda e: getattr(e, grouping)) if grouping else {}
    return fill_caps([
        (entry, scheme.rules[entry.rule], value, dropped.get(index)) for index, (entry, value) in enumerate(valued)
    ])


def tally(node: Node, scored: list[EntryScore]) -> NodeScore:
    """Sum the scored entries up the scheme's tree (they already respect every cap)."""
    by_node: dict[str, list[EntryScore]] = {}
    for entry in scored:
        by_node.setdefault(entry.rule.node, []).append(entry)
    return _tally(node, by_node)


def _tally(node: Node, by_node: dict[str, list[EntryScore]]) -> NodeScore:
    own = tuple(by_node.get(node.label, ()))
    items = tuple(_tally(item, by_node) for item in node.items)
    nominal = counted = ZERO
    for entry in own:
        nominal += ZERO if entry.superseded_by else entry.nominal
        counted += entry.counted
    for item in items:
        nominal += item.nominal
        counted += item.counted
    return NodeScore(node=node, nominal=nominal, counted=counted, entries=own, items=items)


def score_poll(method: PollMethod, unit: Unit, base: Decimal) -> PollScore:
    if method.bands:
        band = next(b for b in method.bands if b.min is None or unit.poll.score >= b.min)
        nominal = band.deduct
    else:
        band = None
        counts = dict(unit.poll.counts)
        nominal = sum((per * counts[answer] for answer, per in method.per_person), ZERO)
    return PollScore(method, band, nominal, min(nominal, base))


def score_unit(scheme: Scheme, unit: Unit) -> UnitScore:
    deductions = score_entries(scheme, unit.deductions, "incident")
    sections = []
    for node in scheme.sections:
        if node.label == scheme.poll_section:
            poll = score_poll(scheme.poll[unit.level], unit, node.base)
            sections.append(SectionScore(node, node.base - poll.counted, None, poll))
        else:
            tree = tally(node, deductions)
            sections.append(SectionScore(node, tree.score, tree, None))
    bonuses = tally(scheme.bonuses, score_entries(scheme, unit.bonuses, "group"))
    penalties = tally(scheme.penalties, score_entries(scheme, unit.penalties, None))
    total = sum((s.score for s in sections), ZERO) + bonuses.counted - penalties.counted
    return UnitScore(unit, tuple(sections), bonuses, penalties, total)


# -- the year ---------------------------------------------------------------------------------


def grade_for_total(scheme: Scheme, total: Decimal) -> str:
    return next(name for name, minimum in scheme.grades if minimum is None or total >= minimum)


def worse(scheme: Scheme, a: str, b: str) -> str:
    names = scheme.grade_names
    return max(a, b, key=names.index)


def score_year(scheme: Scheme, units: list[Unit]) -> YearResult:
    scores = [score_unit(scheme, unit) for unit in units]
    totals = [s.total for s in scores]
    poll_scores = [s.section(scheme.below_poll_mean.section).score for s in scores]
    poll_sum = sum(poll_scores, ZERO)
    count = len(scores)
    poll_mean = poll_sum / count if count else ZERO
    ordered = sorted(totals)
    results = []
    for score in scores:
        lower = bisect_left(ordered, score.total)  # units with a strictly lower total
        higher = count - bisect_right(ordered, score.total)
        applied = _findings(scheme, score.unit)
        bottom = scheme.bottom
        if lower < bottom.count:
            applied.append(Applied(
                bottom, (), f"总分{plain_number(score.total)}分，" + (
                    f"全年仅{lower}个单位低于此分" if lower else "全年没有单位低于此分"),
            ))
        mean = scheme.below_poll_mean
        own = score.section(mean.section).score
        if own * count < poll_sum:  # exact: own < Σ/count without dividing
            applied.append(Applied(
                mean, (), f"第{mean.section}部分民意调查得分{plain_number(own)}分，低于各单位平均分{plain_number(poll_mean.quantize(Decimal('0.01')))}",
            ))
        score_grade = grade_for_total(scheme, score.total)
        grade = score_grade
        for item in applied:
            if item.condition.at_most:
                grade = worse(scheme, grade, item.condition.at_most)
        applied = [
            Applied(a.condition, a.findings, a.reason,
                    decisive=bool(a.condition.at_most) and a.condition.at_most == grade != score_grade)
            for a in applied
        ]
        results.append(UnitResult(score, higher + 1, score_grade, grade, tuple(applied)))
    results.sort(key=lambda r: (r.rank, r.unit.id))
    return YearResult(scheme, tuple(results), poll_mean)


def _findings(scheme: Scheme, unit: Unit) -> list[Applied]:
    """Each finding once, in file order, with every entry that records it."""
    by_name: dict[str, list[Entry]] = {}
    for entry in unit.findings:
        by_name.setdefault(entry.rule, []).append(entry)
    return [
        Applied(scheme.findings[name], tuple(entries), "；".join(e.note for e in entries))
        for name, entries in by_name.items()
    ]
