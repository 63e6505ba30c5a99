"""The year's scoring scheme (content/rules/<year>/scheme.yaml) as plain, validated data.

The scheme is the rules as data: sections and items with their bases, every rule with its
points and limits, bonus and penalty clauses with their caps, findings and the computed
conditions with their effect on the grade, and the grade thresholds. Next year's numbers
change this file, never the Python.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cached_property
from decimal import Decimal
from typing import NamedTuple

from .characters import invisible
from .fields import Fields, plain_number
from .yamltree import Map

DEDUCTION, BONUS, PENALTY = "deduction", "bonus", "penalty"
HUNDRED = Decimal(100)  # grade and poll thresholds are scores out of 100
MAX_COUNT = 999  # a count limit or 后三位's count beyond this is a typing slip, not a rule
KIND_WORDS = {DEDUCTION: "扣分", BONUS: "加分", PENALTY: "减分"}
UNIT_KEYS = {DEDUCTION: "deductions", BONUS: "bonuses", PENALTY: "penalties"}


class Limit(NamedTuple):
    """One level that caps what a rule's entries may count together: a base or a cap."""

    label: str  # "二.2 危害国家安全案（事）件"
    clause: str
    amount: Decimal


class Rule(NamedTuple):
    name: str
    kind: str  # DEDUCTION, BONUS or PENALTY
    clause: str
    points: Decimal | None  # per count; None: discretionary, the assessor writes points
    per: str  # what is counted: 起, 人, 次…
    max_count: int | None
    limits: tuple[Limit, ...]  # innermost first: the rule's own cap, its item, …, its section
    node: str  # label of the node that holds the rule, e.g. "二.2"

    @property
    def discretionary(self) -> bool:
        return self.points is None

    @property
    def max_points(self) -> Decimal | None:
        """The nearest base or cap above the rule: no entry may be worth more."""
        return self.limits[0].amount if self.limits else None


class Node(NamedTuple):
    """A section, item or sub-item (deductions) or a bonus/penalty clause."""

    label: str  # "二", "二.6", "二.6①", "五.1②"
    title: str
    clause: str
    base: Decimal | None  # deductions: full marks, and the cap of what is deducted
    cap: Decimal | None  # bonuses and penalties: "以2分为限"
    rules: tuple[str, ...]
    items: tuple["Node", ...]

    @property
    def limit(self) -> Decimal | None:
        return self.base if self.base is not None else self.cap

    @property
    def limit_label(self) -> str:
        """The label of the Limit its base or cap puts on its rules."""
        return _limit_label(self.label, self.title)


class PollBand(NamedTuple):
    band: str
    min: Decimal | None  # None: everything below the previous band
    deduct: Decimal


class PollMethod(NamedTuple):
    level: str
    clause: str
    bands: tuple[PollBand, ...]  # 副处级以上: a score falls into one band
    per_person: tuple[tuple[str, Decimal], ...]  # 直属科级: points per person-time of each answer


class Condition(NamedTuple):
    """A finding the assessor records, or a condition computed from the scores (后三位…)."""

    name: str
    clause: str
    at_most: str | None  # the best grade still possible; None: no effect on the grade
    listed_as: str | None = None  # 挂牌督办 / 一票否决 lists of the 通报
    count: int = 0  # 后三位: how many at the bottom
    section: str = ""  # 民调低于平均: which section's mean


class Reading(NamedTuple):
    """A place where the rules text can be read two ways, and the reading kaoping scores by (计分口径)."""

    place: str  # "六 考评分类 95分、85分"
    clause: str
    reading: str
    reason: str
    other: str  # the other reading, not taken


class CountLimit(NamedTuple):
    rules: tuple[str, ...]
    max_count: int
    why: str


@dataclass(frozen=True)
class Scheme:
    year: int
    first_day: datetime.date
    last_day: datetime.date
    period_clause: str
    grades: tuple[tuple[str, Decimal | None], ...]  # best first; the last has no minimum
    grades_clause: str
    grades_words: str  # 六's own words on the bands, quoted on every unit page
    sections: tuple[Node, ...]
    poll_section: str  # label of the section scored from the poll
    poll: dict[str, PollMethod]  # by unit level
    bonuses: Node
    penalties: Node
    rules: dict[str, Rule]
    count_limits: tuple[CountLimit, ...]
    findings: dict[str, Condition]
    bottom: Condition
    below_poll_mean: Condition
    clauses: dict[str, str]
    readings: tuple[Reading, ...] = ()

    @property
    def levels(self) -> tuple[str, ...]:
        return tuple(self.poll)

    @cached_property  # asked for on every line of every table
    def grade_names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.grades)

    def effect_words(self, at_most: str | None) -> str:
        """不合格 → "评定为不合格"; 合格 → "不得评为优秀"."""
        if at_most is None:
            return "不影响等次"
        names = self.grade_names
        index = names.index(at_most)
        if index == len(names) - 1:
            return f"评定为{at_most}"
        return f"不得评为{names[index - 1]}" if index > 0 else "不影响等次"

    def readings_of(self, clause: str) -> list[Reading]:
        return [reading for reading in self.readings if reading.clause == clause]

    def rules_of(self, kind: str) -> list[Rule]:
        return [rule for rule in self.rules.values() if rule.kind == kind]


# ---------------------------------------------------------------------------------------------


def read_scheme(tree, path: str, anchors: set[str]) -> tuple[Scheme | None, list]:
    """Validate the parsed scheme.yaml; `anchors` are the ids that rules.md defines."""
    reader = _SchemeReader(Fields(path), anchors)
    scheme = reader.read(tree)
    problems = reader.fields.problems
    return (None if problems else scheme), problems


class _SchemeReader:
    def __init__(self, fields: Fields, anchors: set[str]):
        self.fields = fields
        self.anchors = anchors
        self.rules: dict[str, Rule] = {}
        self.labels: dict[str, int] = {}  # label of every section, item and clause → its line

    def clause(self, owner: Map, what: str) -> str:
        anchor = self.fields.text(owner, "clause")
        if anchor is None:
            if "clause" not in owner:
                self.fields.problem(owner.line, f"{what}缺少 clause（规则原文在 rules.md 中的锚点）。")
            return ""
        if anchor not in self.anchors:
            self.fields.problem(
                owner.key_lines["clause"],
                f"{what}的 clause「{anchor}」在 rules.md 中没有对应的锚点。请在原文段落后加「{{: #{anchor} }}」或改正锚点名。",
            )
        return anchor

    def read(self, tree) -> Scheme | None:
        f = self.fields
        top = f.mapping(tree, 1, "考评方案", "year: 2017")
        if top is None:
            return None
        f.check_keys(
            top,
            ("year", "period", "grades", "sections", "count_limits", "bonuses", "penalties",
             "findings", "computed", "clauses", "readings"),
            ("year", "period", "grades", "sections", "bonuses", "penalties", "findings", "computed", "readings"),
            "考评方案",
        )
        year = f.whole(top, "year", minimum=2000, maximum=9999) or 0
        first = last = datetime.date(year or 2000, 1, 1)
        period_clause = ""
        period = self.part(top, "period", "period: {start: 2017-01-01, end: 2017-12-31, clause: notes-1}")
        if period is not None:
            f.check_keys(period, ("start", "end", "clause"), ("start", "end"), "period")
            first = f.date(period, "start") or first
            last = f.date(period, "end") or last
            if last < first:
                f.problem(period.key_lines.get("end", period.line),
                          f"period 的 end（{last.isoformat()}）早于 start（{first.isoformat()}）：请核对起止日期。")
            period_clause = self.clause(period, "period")
        grades, grades_clause, grades_words = self.read_grades(top.get("grades"), top.line)
        sections, poll_section, poll = [], "", {}
        for node in f.sequence(top, "sections", "- key: 一"):
            section, methods = self.read_node(node, (), DEDUCTION, ())
            if section is None:
                continue
            if section.base is None:
                f.problem(node.line, f"第{section.label}部分缺少 base（基分）。")
            sections.append(section)
            if methods and poll:
                f.problem(node.line, f"只能有一个部分写 poll：第{poll_section}部分已经写了民调计分办法。")
            elif methods:
                poll_section, poll = section.label, methods
                if section.rules or section.items:
                    f.problem(node.line, f"民意调查部分（第{section.label}部分）按 poll 计分，不能再写 rules 或 items。")
                self.check_poll_deductions(poll, section)
        total = sum((s.base or Decimal(0) for s in sections), Decimal(0))
        if sections and total != 100:
            f.problem(top.key_lines["sections"], f"各部分基分之和应为100，现在是{plain_number(total)}。")
        if not poll:
            f.problem(top.line, "没有民意调查部分：有一个部分要写 poll（按单位级别的民调计分办法）。")
        bonuses, _ = self.read_node(top.get("bonuses"), (), BONUS, ())
        penalties, _ = self.read_node(top.get("penalties"), (), PENALTY, ())
        if bonuses and bonuses.label.split(".")[0] in [s.label for s in sections]:
            f.problem(top["bonuses"].key_lines["key"], f"加分的 key「{bonuses.label}」与某一部分同名：表格里“加减分”一栏用它的第一段"
                                           "作标题，请另起一个编号（如「五.1」）。")
        count_limits = self.read_count_limits(f.sequence(top, "count_limits", "- {rules: [a, b], max_count: 5}"))
        findings = {}
        for node in f.sequence(top, "findings", "- {name: 挂牌督办, clause: c6-1-4}"):
            finding = self.read_condition(node, grades, ("name", "clause", "at_most", "listed_as"))
            if finding and finding.name in findings:
                f.problem(node.line, f"情形「{finding.name}」重复定义：每个情形只写一次。")
            elif finding and finding.name in self.rules:
                f.problem(node.line, f"情形「{finding.name}」与一条规则同名：单位文件里分不清，请换一个名字。")
            elif finding:
                findings[finding.name] = finding
        bottom = below = None
        computed = self.part(top, "computed", "\n  bottom: {name: 后三位, clause: c6-1-6, at_most: 不合格, count: 3}\n  ……")
        if computed is not None:
            f.check_keys(computed, ("bottom", "below_poll_mean"), ("bottom", "below_poll_mean"), "computed")
            bottom = self.read_condition(computed.get("bottom"), grades, ("name", "clause", "at_most", "count"))
            below = self.read_condition(computed.get("below_poll_mean"), grades,
                                        ("name", "clause", "at_most", "section"))
            self.check_computed(computed, bottom, below, findings, poll_section)
        readings = tuple(filter(None, map(self.read_reading, f.sequence(
            top, "readings", "- {place: …, clause: c6-grades, reading: …, reason: …, other: …}"))))
        clauses = {}
        anchors = self.part(top, "clauses", "clauses: {caps: notes-3, one_incident: notes-3}")
        if anchors is not None:
            clauses = {key: self._anchor_value(anchors, key) for key in anchors}
        if f.problems or None in (bonuses, penalties, bottom, below):
            return None
        return Scheme(
            year=year, first_day=first, last_day=last, period_clause=period_clause,
            grades=grades, grades_clause=grades_clause, grades_words=grades_words, sections=tuple(sections),
            poll_section=poll_section, poll=poll, bonuses=bonuses, penalties=penalties,
            rules=dict(self.rules), count_limits=count_limits, findings=findings,
            bottom=bottom, below_poll_mean=below, clauses=clauses, readings=readings,
        )

    def part(self, top: Map, key: str, example: str) -> Map | None:
        """A part of the scheme written as 「键: 值」 pairs; absent is for check_keys to say."""
        return self.fields.mapping(top[key], top.key_lines[key], key, example) if key in top else None

    def _anchor_value(self, owner: Map, key: str) -> str:
        anchor = self.fields.text(owner, key) or ""
        if anchor and anchor not in self.anchors:
            self.fields.problem(owner.key_lines[key], f"「{anchor}」在 rules.md 中没有对应的锚点。")
        return anchor

    def read_grades(self, node, line):
        f = self.fields
        grades_map = f.mapping(node, line, "grades", "{clause: c6-grades, words: …, levels: [...]}")
        if grades_map is None:
            return (), "", ""
        f.check_keys(grades_map, ("clause", "words", "levels"), ("clause", "words", "levels"), "grades")
        grades = []
        for item in f.sequence(grades_map, "levels", "- {grade: 优秀, min: 95}"):
            entry = f.mapping(item, grades_map.line, "等次", "{grade: 优秀, min: 95}")
            if entry is None:
                continue
            f.check_keys(entry, ("grade", "min"), ("grade",), "等次")
            name = f.one_line(entry, "grade")
            minimum = f.decimal(entry, "min", minimum=Decimal(0), maximum=HUNDRED) if "min" in entry else None
            if grades and grades[-1][1] is None:
                f.problem(entry.line, "只有最后一个等次可以不写 min。")
            if grades and minimum is not None and grades[-1][1] is not None and minimum >= grades[-1][1]:
                f.problem(entry.line, "等次要从高到低排列，min 逐个减小。")
            if name is None:
                continue
            if name in [g for g, _ in grades]:
                f.problem(entry.line, f"等次「{name}」重复：每个等次只写一次。")
            grades.append((name, minimum))
        if not grades or grades[-1][1] is not None:
            f.problem(grades_map.line, "最后一个等次不写 min（总分低于上一档的都归入它）。")
        return tuple(grades), self.clause(grades_map, "grades"), f.text(grades_map, "words") or ""

    def read_reading(self, node) -> Reading | None:
        f = self.fields
        entry = f.mapping(node, 1, "计分口径", "{place: …, clause: c6-grades, reading: …, reason: …, other: …}")
        if entry is None:
            return None
        fields = ("place", "clause", "reading", "reason", "other")
        f.check_keys(entry, fields, fields, "计分口径的一项（place 何处、reading 采用的读法、reason 理由、other 另一种读法）")
        texts = {key: f.text(entry, key) for key in fields if key != "clause"}
        clause = self.clause(entry, "计分口径的一项")
        if None in texts.values():
            return None
        return Reading(clause=clause, **texts)

    def read_node(self, node, parents: tuple[str, ...], kind: str, limits: tuple[Limit, ...]):
        f = self.fields
        where = "考评方案的" + ("、".join(parents) or "部分")
        entry = f.mapping(node, 1, where, "{key: 一, title: 履职情况, base: 25, clause: c1, rules: [...]}")
        if entry is None:
            return None, {}
        allowed = ("key", "title", "clause", "rules", "items") + (("base", "poll") if kind == DEDUCTION else ("cap",))
        f.check_keys(entry, allowed, ("key", "title"), where)
        key = f.one_line(entry, "key") or "?"
        label = _label(parents, key)
        if label in self.labels:  # scores are summed by label: two nodes of one label would count twice
            f.problem(entry.line, f"编号「{label}」重复（第{self.labels[label]}行已经用过）：同一层的 key 不能相同。")
        self.labels.setdefault(label, entry.line)
        title = f.one_line(entry, "title") or ""
        clause = self.clause(entry, f"「{label}」")
        base = f.decimal(entry, "base", positive=True) if "base" in entry else None
        cap = f.decimal(entry, "cap", positive=True) if "cap" in entry else None
        here = limits
        if (base or cap) is not None:
            here = (Limit(_limit_label(label, title), clause, base or cap),) + limits
        rule_names = []
        for rule_node in f.sequence(entry, "rules", "- {name: 评查缺次, clause: c1-2-4, points: 2}"):
            rule = self.read_rule(rule_node, kind, here, label)
            if rule:
                rule_names.append(rule.name)
        items = []
        for item_node in f.sequence(entry, "items", "- {key: '1', title: …, base: 6, clause: c2-1}"):
            item, _ = self.read_node(item_node, parents + (label,), kind, here)
            if item:
                items.append(item)
        poll = {}
        if "poll" in entry and parents:
            f.problem(entry.key_lines["poll"], f"poll 只能写在部分（如「三」）下面，不能写在「{label}」这样的项目里。")
        elif "poll" in entry:
            poll = self.read_poll(entry["poll"], entry.key_lines["poll"])
        return Node(label, title, clause, base, cap, tuple(rule_names), tuple(items)), poll

    def read_rule(self, node, kind, limits, holder):
        f = self.fields
        entry = f.mapping(node, 1, "规则", "{name: 评查缺次, clause: c1-2-4, points: 2, per: 次}")
        if entry is None:
            return None
        f.check_keys(entry, ("name", "clause", "points", "per", "max_count", "cap"), ("name", "clause"), "规则")
        name = f.one_line(entry, "name")
        if name is None:
            return None
        if name in self.rules:
            f.problem(entry.line, f"规则「{name}」重复定义：规则名在全年的方案中必须唯一。")
            return None
        clause = self.clause(entry, f"规则「{name}」")
        points = f.decimal(entry, "points", positive=True) if "points" in entry else None
        cap = f.decimal(entry, "cap", positive=True) if "cap" in entry else None
        if cap is not None:
            limits = (Limit(f"「{name}」", clause, cap),) + limits
        if points is not None and limits and points > limits[0].amount:
            f.problem(entry.key_lines["points"], f"规则「{name}」每次{plain_number(points)}分，超过了它所属的上限{plain_number(limits[0].amount)}分。")
        rule = Rule(
            name=name, kind=kind, clause=clause, points=points,
            per=(f.one_line(entry, "per") if "per" in entry else None) or "次",
            max_count=f.whole(entry, "max_count", minimum=1, maximum=MAX_COUNT) if "max_count" in entry else None,
            limits=limits, node=holder,
        )
        if rule.discretionary and rule.max_count is not None:
            f.problem(entry.line, f"规则「{name}」是酌情计分（没有 points），不能有 max_count。")
        if rule.discretionary and not limits:
            f.problem(entry.line, f"酌情计分的规则「{name}」需要一个上限：给它或它所属的项目写 cap / base。")
        self.rules[name] = rule
        return rule

    def read_poll(self, node, line) -> dict[str, PollMethod]:
        f = self.fields
        poll = f.mapping(node, line, "poll", "{副处级以上: {...}, 直属科级: {...}}")
        methods = {}
        for level, method_node in (poll or {}).items():
            method = f.mapping(method_node, poll.key_lines[level], f"「{level}」的民调计分办法", "{clause: c3-2-1, bands: [...]}")
            if method is None:
                continue
            f.check_keys(method, ("clause", "bands", "per_person"), ("clause",), f"「{level}」的民调计分办法")
            clause = self.clause(method, f"「{level}」的民调计分办法")
            bands = self.read_bands(f.sequence(method, "bands", "- {band: 优秀, min: 95, deduct: 0}"), method)
            per_person = []
            if "per_person" in method:
                per_map = f.mapping(method["per_person"], method.line, "per_person", "{基本合格: 2, 不合格: 5}")
                for answer in per_map or {}:
                    if invisible(answer):
                        f.problem(per_map.key_lines[answer], "per_person 里的答案名是空的：请写问卷的答案，如「基本合格: 2」。")
                    per_person.append((answer, f.decimal(per_map, answer, positive=True) or Decimal(0)))
            if bool(bands) == bool(per_person):
                f.problem(method.line, f"「{level}」的民调计分办法要写 bands（按得分分档）或 per_person（按人次扣分），二者选一。")
            methods[level] = PollMethod(level, clause, tuple(bands), tuple(per_person))
        if not methods:
            f.problem(line, "poll 至少要有一种单位级别的民调计分办法。")
        return methods

    def read_bands(self, nodes, method: Map) -> list[PollBand]:
        """Bands from the best down: each `min` lower than the one before, within 0–100, each
        deducting at least as much as the band above; the last has no min. A score falls into the
        first band whose min it reaches, so bands out of order would give wrong scores."""
        f = self.fields
        bands: list[PollBand] = []
        for band_node in nodes:
            band = f.mapping(band_node, method.line, "民调分档", "{band: 优秀, min: 95, deduct: 0}")
            if band is None:
                continue
            f.check_keys(band, ("band", "min", "deduct"), ("band", "deduct"), "民调分档")
            name = f.one_line(band, "band") or ""
            minimum = f.decimal(band, "min", minimum=Decimal(0), maximum=HUNDRED) if "min" in band else None
            deduct = f.decimal(band, "deduct", minimum=Decimal(0))
            if name and name in [b.band for b in bands]:
                f.problem(band.line, f"民调分档「{name}」重复：每一档只写一次。")
            if bands and bands[-1].min is None:
                f.problem(band.line, "只有最后一个民调分档可以不写 min（低于上一档的都归入它），它后面不能再有分档。")
            elif bands and minimum is not None and minimum >= bands[-1].min:
                f.problem(band.key_lines["min"], f"民调分档要从高到低排列，min 逐档减小：这一档的 min {plain_number(minimum)}"
                                                 f" 不低于上一档「{bands[-1].band}」的 {plain_number(bands[-1].min)}。")
            if bands and deduct is not None and deduct < bands[-1].deduct:
                f.problem(band.key_lines["deduct"], f"得分更低的分档不能扣得更少：这一档扣{plain_number(deduct)}分，"
                                                    f"上一档「{bands[-1].band}」扣{plain_number(bands[-1].deduct)}分。")
            bands.append(PollBand(name, minimum, deduct if deduct is not None else Decimal(0)))
        if bands and bands[-1].min is not None:
            f.problem(method.key_lines["bands"], "最后一个民调分档不写 min（低于上一档的都归入它）。")
        return bands

    def check_poll_deductions(self, poll: dict[str, PollMethod], section: Node) -> None:
        """No band or per-person value may deduct more than the poll section's base."""
        if section.base is None:
            return
        for method in poll.values():
            worst = max([b.deduct for b in method.bands] + [p for _, p in method.per_person], default=Decimal(0))
            if worst > section.base:
                self.fields.problem(
                    self.labels[section.label],
                    f"「{method.level}」的民调计分办法一次扣{plain_number(worst)}分，超过了第{section.label}部分的基分"
                    f"{plain_number(section.base)}分。",
                )

    def read_count_limits(self, nodes) -> tuple[CountLimit, ...]:
        f = self.fields
        result = []
        for node in nodes:
            entry = f.mapping(node, 1, "次数上限", "{rules: [力量缺失, 力量不完善], max_count: 5, why: …}")
            if entry is None:
                continue
            f.check_keys(entry, ("rules", "max_count", "why"), ("rules", "max_count", "why"), "次数上限")
            names = tuple(n.text for n in f.sequence(entry, "rules", "[力量缺失, 力量不完善]") if hasattr(n, "text"))
            kinds = set()
            for name in names:
                rule = self.rules.get(name)
                if rule is None:
                    f.problem(entry.line, f"次数上限里的规则「{name}」没有定义。")
                elif rule.discretionary:
                    f.problem(entry.line, f"次数上限里的规则「{name}」是酌情计分，没有次数可以限制。")
                else:
                    kinds.add(rule.kind)
            if len(set(names)) < len(names):
                f.problem(entry.line, "次数上限的 rules 里有重复的规则名。")
            if len(kinds) > 1:
                f.problem(entry.line, "次数上限只能合计同一类（同为扣分、加分或减分）的规则。")
            result.append(CountLimit(names, f.whole(entry, "max_count", minimum=1, maximum=MAX_COUNT) or 0,
                                     f.text(entry, "why") or ""))
        return tuple(result)

    def check_computed(self, computed: Map, bottom: Condition | None, below: Condition | None,
                       findings: dict[str, Condition], poll_section: str) -> None:
        """后三位 needs its count, 民调低于平均 the poll section; no computed condition shares a
        finding's name (a unit file could not tell them apart)."""
        f = self.fields
        if bottom and bottom.count == 0 and "count" not in computed["bottom"]:
            f.problem(computed.key_lines["bottom"], f"「{bottom.name}」缺少 count（位居后几位），如「count: 3」。")
        if below and poll_section and below.section != poll_section:
            line = computed["below_poll_mean"].key_lines.get("section", computed.key_lines["below_poll_mean"])
            shown = f"写的是「{below.section}」" if below.section else "没有写"
            f.problem(line, f"「{below.name}」比较的是民意调查部分的得分：section 应写「{poll_section}」，这里{shown}。")
        for condition, key in ((bottom, "bottom"), (below, "below_poll_mean")):
            if condition and condition.name and (condition.name in findings or condition.name in self.rules):
                f.problem(computed.key_lines[key], f"「{condition.name}」与一个情形或一条规则同名：单位文件里分不清，请换一个名字。")
        if bottom and below and bottom.name and bottom.name == below.name:
            f.problem(computed.key_lines["below_poll_mean"], f"两个自动判定的情形都叫「{bottom.name}」：请换一个名字。")

    def read_condition(self, node, grades, allowed) -> Condition | None:
        f = self.fields
        entry = f.mapping(node, 1, "等次情形", "{name: 一票否决, clause: c6-1-4, at_most: 不合格}")
        if entry is None:
            return None
        f.check_keys(entry, allowed, ("name", "clause"), "等次情形")
        name = f.one_line(entry, "name") or ""
        at_most = f.text(entry, "at_most") if "at_most" in entry else None
        if at_most is not None and at_most not in [g for g, _ in grades]:
            f.problem(entry.key_lines["at_most"], f"at_most 应是一个等次名（{'、'.join(g for g, _ in grades)}）。")
        return Condition(
            name=name, clause=self.clause(entry, f"情形「{name}」"), at_most=at_most,
            listed_as=f.text(entry, "listed_as") if "listed_as" in entry else None,
            count=(f.whole(entry, "count", minimum=1, maximum=MAX_COUNT) or 0) if "count" in entry else 0,
            section=(f.text(entry, "section") or "") if "section" in entry else "",
        )


def _limit_label(label: str, title: str) -> str:
    return f"{label} {title}"


def _label(parents: tuple[str, ...], key: str) -> str:
    """一 → "一"; 2 under 二 → "二.2"; ① under 二.6 → "二.6①"; ① under 五.1 → "五.1①"."""
    if not parents:
        return key
    parent = parents[-1]
    return f"{parent}{key}" if not key.isascii() else f"{parent}.{key}"
