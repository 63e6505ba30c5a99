"""Scoring: pure functions from (scheme, units) to results. No I/O, no globals, Decimal only.

The order follows the rules text (SPEC §4):
1. nominal value of each entry (points, or the rule's points × count);
2. one 案事件 counts once, the entry that deducts most after the bases (incidents.py); in a bonus
   group, the highest entry;
3. caps: each entry counts what is left under every base or cap above it (rule → item → section),
   taken in `fill_order` (the scheme's order, then larger entries first), never in file order. For
   nested caps this fill gives exactly min(base, Σ capped children) at every level whatever the order,
   and tells which level stopped each entry;
4. 三 from the poll; total = sections + bonuses − penalties;
5. over the whole year: ranks, the computed conditions, grades.
The order of the entries in a file changes nothing in any result (tests/test_scoring.py, properties).
"""

from __future__ import annotations

import datetime
from bisect import bisect_left, bisect_right
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from .fields import plain_number
from .incidents import Option, choose, take, would_take
from .scheme import Condition, Limit, Node, PollBand, PollMethod, Rule, Scheme
from .units import Entry, Unit, name_key

if TYPE_CHECKING:
    from .content import YearContent

ZERO = Decimal(0)


class Choice(NamedTuple):
    """Why an entry of an incident (or a bonus group) counts 0: which entry counted instead, and why."""

    winner: Entry
    winner_rule: Rule
    winner_gain: Decimal  # what the winner adds to the unit's total, the rest as chosen
    own_gain: Decimal  # what this entry would have added instead
    limit: Limit | None  # the level that left this entry only own_gain, if one did
    reason: str  # the first tie-break that tells them apart: total, nominal, scheme, date, note, same


class EntryScore(NamedTuple):
    entry: Entry
    rule: Rule
    nominal: Decimal  # what the entry is worth on its own
    counted: Decimal  # what it finally counts
    superseded_by: Entry | None = None  # the entry of the same 案事件 / group that counted instead
    capped_by: Limit | None = None  # the base or cap that had no room left for the rest
    choice: Choice | None = None  # with superseded_by: why

    @property
    def lost_to_cap(self) -> Decimal:
        return ZERO if self.superseded_by else self.nominal - self.counted


class NodeScore(NamedTuple):
    node: Node
    nominal: Decimal  # its entries' sum after the one-incident/group rule, before caps
    counted: Decimal  # after every cap
    entries: tuple[EntryScore, ...]  # entries of the rules held directly by this node
    items: tuple["NodeScore", ...]
    held_back: Decimal = ZERO  # what this node's own base or cap kept out (the level whose room ran out)

    @property
    def score(self) -> Decimal:
        """Deduction sections and items: base − what was deducted."""
        return self.node.base - self.counted

    def all_entries(self) -> list[EntryScore]:
        """Its entries and those of every item below, depth first (a list: nested generators cost
        a third of the rules page's notes in a 1,000-unit year)."""
        found = list(self.entries)
        for item in self.items:
            found += item.all_entries()
        return found


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


class ScoredYear(NamedTuple):
    """A year as its pages show it: what was loaded, how it scored, and, for a published year, its
    publication date and the corrections made since (archive.py)."""

    content: YearContent
    result: YearResult
    corrections: tuple[dict, ...] = ()
    published: str = ""  # ISO date


def nominal_value(entry: Entry, rule: Rule) -> Decimal:
    return entry.points if rule.discretionary else rule.points * entry.count


class Valued(NamedTuple):
    entry: Entry
    rule: Rule
    nominal: Decimal
    order: int  # the rule's place in the scheme


def preference(item: Valued) -> tuple:
    """Where an incident's or a group's entries tie: the larger nominal value, then the rule first in
    the scheme, then the earlier date (an entry without one last), then the note in text order. The
    line only tells apart two entries identical in all of these, which score alike wherever they stand."""
    entry = item.entry
    return (-item.nominal, item.order, entry.date or datetime.date.max, entry.note, entry.line)


def fill_order(item: Valued) -> tuple:
    """The order in which entries fill the bases and caps: the scheme's order, larger entries first, then
    preference's other tie-breaks. It decides only which entry of a full item shows the cut; every sum is
    the same in any order."""
    entry = item.entry
    return (item.order, -item.nominal, entry.date or datetime.date.max, entry.note, entry.line)


def _choice(loser: Valued, winner: Valued, own: Decimal, gained: Decimal, limit: Limit | None) -> Choice:
    """Why `winner` counted instead of `loser`: the first of the tie-breaks that tells them apart."""
    if gained != own:
        reason = "total"
    else:
        a, b = preference(winner), preference(loser)
        reason = next((name for name, x, y in zip(("nominal", "scheme", "date", "note"), a, b) if x != y), "same")
    return Choice(winner.entry, winner.rule, gained, own, limit, reason)


class Tables(NamedTuple):
    """What every unit of a year looks up in the scheme, worked out once for the year (scheme_tables)."""

    order: dict[str, int]  # each rule's place in the scheme (a tie-break)
    below: dict[str, frozenset[str]]  # each node's label and the labels of every node under it
    untouched: dict[str, NodeScore]  # each node's sums when no entry lies at or below it: its full base


def scheme_tables(scheme: Scheme) -> Tables:
    tables = Tables({name: index for index, name in enumerate(scheme.rules)}, {}, {})
    for root in (*scheme.sections, scheme.bonuses, scheme.penalties):
        _untouched(root, tables)
    return tables


def _untouched(node: Node, tables: Tables) -> NodeScore:
    """Fill in tables.below and tables.untouched for the node and every node under it."""
    items = tuple(_untouched(item, tables) for item in node.items)
    tables.below[node.label] = frozenset([node.label]).union(*(tables.below[item.label] for item in node.items))
    tables.untouched[node.label] = NodeScore(node, ZERO, ZERO, (), items, ZERO)
    return tables.untouched[node.label]


def score_deductions(scheme: Scheme, entries: tuple[Entry, ...], order: dict[str, int]) -> list[EntryScore]:
    """One 案事件, one deduction (incidents.py), then the bases."""
    valued = _valued(scheme, entries, order)
    groups = _named_groups(valued, "incident")
    if not groups:  # no incident named twice: nothing to choose, every entry goes to the bases
        return fill_caps(valued, {})
    grouped = {id(item) for group in groups for item in group}
    always = [item for item in valued if id(item) not in grouped]
    room: dict[Limit, Decimal] = {}
    for item in always:
        take(room, item.rule.limits, item.nominal)
    picked = choose([[Option(i, v.rule.limits, v.nominal, preference(v)) for i, v in enumerate(group)]
                     for group in groups], room)
    winners = [group[option.index] for group, option in zip(groups, picked)]
    counting = always + winners
    choices: dict[int, Choice] = {}
    for group, winner in zip(groups, winners):
        # each entry that did not count is explained against the rest as chosen
        rest: dict[Limit, Decimal] = {}
        for item in counting:
            if item is not winner:
                take(rest, item.rule.limits, item.nominal)
        gained, _ = would_take(rest, winner.rule.limits, winner.nominal)
        for loser in group:
            if loser is not winner:
                own, limit = would_take(rest, loser.rule.limits, loser.nominal)
                choices[id(loser)] = _choice(loser, winner, own, gained, limit)
    return fill_caps(valued, choices)


def score_adjustments(scheme: Scheme, entries: tuple[Entry, ...], order: dict[str, int]) -> list[EntryScore]:
    """Bonuses and penalties: within a bonus group only the highest entry counts (ties: preference),
    then each clause's cap."""
    valued = _valued(scheme, entries, order)
    choices: dict[int, Choice] = {}
    for group in _named_groups(valued, "group"):
        winner = min(group, key=preference)
        for loser in group:
            if loser is not winner:
                choices[id(loser)] = _choice(loser, winner, loser.nominal, winner.nominal, None)
    return fill_caps(valued, choices)


def _valued(scheme: Scheme, entries: tuple[Entry, ...], order: dict[str, int]) -> list[Valued]:
    valued = []
    for entry in entries:
        rule = scheme.rules[entry.rule]
        valued.append(Valued(entry, rule, nominal_value(entry, rule), order[entry.rule]))
    return valued


def _named_groups(valued: list[Valued], field: str) -> list[list[Valued]]:
    """Entries that share an incident (or a group) name, as compared by name_key; only names used twice."""
    groups: dict[str, list[Valued]] = {}
    for item in valued:
        name = getattr(item.entry, field)
        if name:
            groups.setdefault(name_key(name), []).append(item)
    return [groups[name] for name in sorted(groups) if len(groups[name]) > 1]


def fill_caps(valued: list[Valued], choices: dict[int, Choice]) -> list[EntryScore]:
    """Count each entry against the room left under every limit above it, in fill_order (file order kept
    for the result)."""
    room: dict[Limit, Decimal] = {}
    scored: dict[int, EntryScore] = {}
    for item in sorted(valued, key=fill_order):
        choice = choices.get(id(item))
        if choice:
            scored[id(item)] = EntryScore(item.entry, item.rule, item.nominal, ZERO, choice.winner, None, choice)
        else:
            counted, capped_by = take(room, item.rule.limits, item.nominal)
            scored[id(item)] = EntryScore(item.entry, item.rule, item.nominal, counted, None, capped_by, None)
    return [scored[id(item)] for item in valued]


def _by_node(scored: list[EntryScore]) -> dict[str, list[EntryScore]]:
    """The entries by the label of the node that holds their rule, in file order."""
    by_node: dict[str, list[EntryScore]] = {}
    for entry in scored:
        by_node.setdefault(entry.rule.node, []).append(entry)
    return by_node


def tally(node: Node, by_node: dict[str, list[EntryScore]], tables: Tables) -> tuple[NodeScore, list[EntryScore]]:
    """Sum the scored entries (they already respect every cap) up the scheme's tree from `node`; also
    the entries at or below it that some limit stopped: held_back is what this node's own limit kept
    out of them (passed up the tree, so that no level walks its subtree again)."""
    if by_node.keys().isdisjoint(tables.below[node.label]):  # most nodes of a unit: nothing deducted
        return tables.untouched[node.label], []
    own = tuple(by_node.get(node.label, ()))
    nominal = counted = ZERO
    stopped: list[EntryScore] = []
    for entry in own:
        if entry.superseded_by is None:
            nominal += entry.nominal
        counted += entry.counted
        if entry.capped_by is not None:
            stopped.append(entry)
    items = []
    for child in node.items:
        item, stopped_below = tally(child, by_node, tables)
        items.append(item)
        nominal += item.nominal
        counted += item.counted
        stopped += stopped_below
    held_back = ZERO
    if stopped:
        mine = node.limit_label
        for entry in stopped:
            if entry.capped_by.label == mine:
                held_back += entry.nominal - entry.counted
    return NodeScore(node, nominal, counted, own, tuple(items), held_back), stopped


def score_poll(method: PollMethod, unit: Unit, base: Decimal) -> PollScore:
    if method.bands:
        band = next(b for b in method.bands if b.min is None or unit.poll.score >= b.min)
        nominal = band.deduct
    else:
        band = None
        counts = dict(unit.poll.counts)
        nominal = sum((per * counts[answer] for answer, per in method.per_person), ZERO)
    return PollScore(method, band, nominal, min(nominal, base))


def score_unit(scheme: Scheme, unit: Unit, tables: Tables | None = None) -> UnitScore:
    """`tables` is scheme_tables(scheme), passed in by score_year so that it is worked out once a year."""
    if tables is None:
        tables = scheme_tables(scheme)
    order = tables.order
    # node labels are unique across the scheme (scheme.py), so one lookup serves every tree
    by_node = _by_node(score_deductions(scheme, unit.deductions, order)
                       + score_adjustments(scheme, unit.bonuses, order)
                       + score_adjustments(scheme, unit.penalties, order))
    sections = []
    for node in scheme.sections:
        if node.label == scheme.poll_section:
            poll = score_poll(scheme.poll[unit.level], unit, node.base)
            sections.append(SectionScore(node, node.base - poll.counted, None, poll))
        else:
            tree, _ = tally(node, by_node, tables)
            sections.append(SectionScore(node, tree.score, tree, None))
    bonuses, _ = tally(scheme.bonuses, by_node, tables)
    penalties, _ = tally(scheme.penalties, by_node, tables)
    total = sum((s.score for s in sections), ZERO) + bonuses.counted - penalties.counted
    return UnitScore(unit, tuple(sections), bonuses, penalties, total)


# -- the year ---------------------------------------------------------------------------------


def grade_for_total(scheme: Scheme, total: Decimal) -> str:
    return next(name for name, minimum in scheme.grades if minimum is None or total >= minimum)


def worse(scheme: Scheme, a: str, b: str) -> str:
    names = scheme.grade_names
    return max(a, b, key=names.index)


def score_year(scheme: Scheme, units: list[Unit]) -> YearResult:
    tables = scheme_tables(scheme)
    scores = [score_unit(scheme, unit, tables) for unit in units]
    bottom, mean = scheme.bottom, scheme.below_poll_mean
    poll_scores = [s.section(mean.section).score for s in scores]
    poll_sum = sum(poll_scores, ZERO)
    count = len(scores)
    poll_mean = poll_sum / count if count else ZERO
    mean_shown = plain_number(poll_mean.quantize(Decimal("0.01")))
    ordered = sorted(s.total for s in scores)
    results = []
    for score, own in zip(scores, poll_scores):
        lower = bisect_left(ordered, score.total)  # units with a strictly lower total
        higher = count - bisect_right(ordered, score.total)
        applied = _findings(scheme, score.unit)
        if lower < bottom.count:
            applied.append(Applied(
                bottom, (), f"总分{plain_number(score.total)}分，" + (
                    f"全年仅{lower}个单位低于此分" if lower else "全年没有单位低于此分"),
            ))
        if own * count < poll_sum:  # exact: own < Σ/count without dividing
            applied.append(Applied(
                mean, (), f"第{mean.section}部分民意调查得分{plain_number(own)}分，低于各单位平均分{mean_shown}",
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
