"""Unit files (content/units/<year>/<id>.yaml) validated against the year's scheme.

Every check of SPEC §2 lives here, each with a message that says what is wrong and what to
write instead. The result is plain data (`Unit`, `Entry`) that scoring.py reads.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from decimal import Decimal
from typing import NamedTuple

from .fields import Fields, closest, plain_number
from .problems import Problem
from .scheme import BONUS, DEDUCTION, KIND_WORDS, PENALTY, UNIT_KEYS, Scheme
from .yamltree import Map

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*")  # use fullmatch: "$" would let "zhubao\n" through
FINDINGS = "findings"
UNIT_TOP_KEYS = ("name", "short", "level", "poll", "deductions", "bonuses", "penalties", "findings")
_ENTRY_KEYS = {
    DEDUCTION: ("rule", "count", "points", "note", "date", "incident"),
    BONUS: ("rule", "count", "points", "note", "date", "group"),
    PENALTY: ("rule", "count", "points", "note", "date"),
    FINDINGS: ("rule", "note", "date"),
}
_LIST_WORDS = {DEDUCTION: "扣分（deductions）", BONUS: "加分（bonuses）", PENALTY: "减分（penalties）",
               FINDINGS: "考评分类情形（findings）"}
_EXAMPLE = {
    DEDUCTION: "  - rule: 评查缺次\n    count: 1\n    note: 第三季度未开展综治工作评查",
    BONUS: "  - rule: 经验推介省级\n    note: 2017年6月省级主流媒体报道",
    PENALTY: "  - rule: 未报计划总结\n    note: 未报送年度综治工作计划",
    FINDINGS: "  - rule: 挂牌督办\n    note: 被市综治委挂牌督办，整改已验收合格",
}


_ZERO_WIDTH = re.compile("[\u200b-\u200f\u2060-\u2064\ufeff\u00ad]")
_SPACES = re.compile(r"\s+")


def name_key(name: str) -> str:
    """How incident and group names (and unit names) are compared: after NFKC (Ａ１ is A1, a full-width
    space a space), zero-width characters removed and runs of spaces folded, names that look the same are
    the same. Shown as typed; compared by this."""
    folded = _ZERO_WIDTH.sub("", unicodedata.normalize("NFKC", name))
    return _SPACES.sub(" ", folded).strip()


class Entry(NamedTuple):
    """One line of what the assessment found: a deduction, bonus, penalty or finding."""

    rule: str
    note: str
    line: int
    count: int | None = None
    points: Decimal | None = None
    date: datetime.date | None = None
    incident: str | None = None
    group: str | None = None


class Poll(NamedTuple):
    score: Decimal | None  # 副处级以上: the third-party poll score
    counts: tuple[tuple[str, int], ...]  # 直属科级: person-times per answer, in the scheme's order


class Unit(NamedTuple):
    id: str
    path: str
    name: str
    short: str
    level: str
    poll: Poll
    deductions: tuple[Entry, ...]
    bonuses: tuple[Entry, ...]
    penalties: tuple[Entry, ...]
    findings: tuple[Entry, ...]
    name_line: int = 1  # where `name` and `short` are written, for problems that name two files
    short_line: int = 1

    def entries(self, kind: str) -> tuple[Entry, ...]:
        return {DEDUCTION: self.deductions, BONUS: self.bonuses, PENALTY: self.penalties}[kind]

    @property
    def display_name(self) -> str:
        return self.short or self.name


def read_unit(tree, path: str, unit_id: str, scheme: Scheme) -> tuple[Unit | None, list]:
    fields = Fields(path, _OPTIONAL_HINTS)
    top = fields.mapping(tree, 1, "单位文件", "\nname: 市建设工程质量安全监督站\nlevel: 副处级以上\npoll: {score: 93.5}")
    if top is None:
        return None, fields.problems
    fields.check_keys(top, UNIT_TOP_KEYS, ("name", "level", "poll"), "单位文件")
    name = fields.one_line(top, "name")
    short = fields.one_line(top, "short") if "short" in top else None
    level = fields.text(top, "level")
    if level is not None and level not in scheme.poll:
        hint = closest(level, scheme.levels)
        fields.problem(
            top.key_lines["level"],
            f"level「{level}」不是考评方案里的单位级别。"
            + (f"是否想写「{hint[0]}」？" if hint else "")
            + f"请写{'或'.join('「' + lv + '」' for lv in scheme.levels)}。",
        )
        level = None
    poll = _read_poll(fields, top, level, scheme) if level and "poll" in top else None
    lists = {kind: tuple(_read_entries(fields, top, kind, scheme)) for kind in (DEDUCTION, BONUS, PENALTY, FINDINGS)}
    for kind in (DEDUCTION, BONUS, PENALTY):
        _check_counts(fields, lists[kind], scheme)
    if fields.problems:
        return None, fields.problems
    unit = Unit(
        id=unit_id, path=path, name=name, short=short or "", level=level, poll=poll,
        deductions=lists[DEDUCTION], bonuses=lists[BONUS], penalties=lists[PENALTY], findings=lists[FINDINGS],
        name_line=top.key_lines["name"], short_line=top.key_lines.get("short", 1),
    )
    return unit, []


def same_names(units) -> list[Problem]:
    """Two unit files of one year with the same name or short name (SPEC §3): a copied file whose name was
    not changed would publish one unit twice. Names are compared as incident names are (name_key)."""
    problems = []
    for field, words in (("name", "单位名称"), ("short", "简称")):
        seen: dict[str, Unit] = {}
        for unit in sorted(units, key=lambda u: u.path):
            value = getattr(unit, field)
            if not value:
                continue
            first = seen.setdefault(name_key(value), unit)
            if first is unit:
                continue
            line = getattr(unit, f"{field}_line")
            first_line = getattr(first, f"{field}_line")
            problems.append(Problem(
                unit.path, line,
                f"{field}「{value}」与 {first.path} 第{first_line}行的{words}「{getattr(first, field)}」相同："
                f"两个文件不能是同一个单位。若是复制来的文件，请把 {field} 改成本单位的{words}；"
                "若是同一单位写了两个文件，请删去其中一个。",
            ))
    return problems


def _read_poll(fields: Fields, top: Map, level: str, scheme: Scheme) -> Poll | None:
    method = scheme.poll[level]
    line = top.key_lines["poll"]
    if method.bands:
        example = "poll: {score: 93.5}"
        words = f"{level}单位的 poll 写第三方民调得分（0—100），如「{example}」。"
    else:
        answers = [answer for answer, _ in method.per_person]
        example = "poll: {" + ", ".join(f"{a}: 0" for a in answers) + "}"
        words = f"{level}单位的 poll 写问卷各档的人次（没有也写0），如「{example}」。"
    poll = top["poll"]
    if not isinstance(poll, Map):
        fields.problem(line, f"poll 的写法不对。{words}")
        return None
    allowed = ("score",) if method.bands else tuple(a for a, _ in method.per_person)
    unknown = [key for key in poll if key not in allowed]
    missing = [key for key in allowed if key not in poll]
    if unknown or missing:
        what = "、".join([f"多写了「{k}」" for k in unknown] + [f"缺少「{k}」" for k in missing])
        fields.problem(line, f"poll {what}。{words}")
        return None
    if method.bands:
        score = fields.decimal(poll, "score", minimum=Decimal(0), maximum=Decimal(100))
        return Poll(score, ()) if score is not None else None
    counts = [(answer, fields.whole(poll, answer, minimum=0)) for answer in allowed]
    if any(count is None for _, count in counts):
        return None
    return Poll(None, tuple(counts))


# A unit file's optional keys written with nothing after them: an example, and that the line may go.
_OPTIONAL_HINTS = {
    "short": "请写单位简称，如「short: 质监站」；不用简称就删去这一行。",
    "count": "请写次数（正整数），如「count: 2」；只有一次可以删去这一行。",
    "date": "请写日期，如「date: 2017-03-12」；不记日期就删去这一行。",
    "incident": "请写这起案事件的名称（同一起案事件的几项写同一个名称），如「incident: 2017-03王某斗殴」；"
                "不是几项同属一起案事件就删去这一行。",
    "group": "请写同一事项的名称（同名的几项只计最高的一项），如「group: 网格化管理经验」；不需要就删去这一行。",
}


def _read_entries(fields: Fields, top: Map, kind: str, scheme: Scheme):
    key = FINDINGS if kind == FINDINGS else UNIT_KEYS[kind]
    allowed = _ENTRY_KEYS[kind]
    for node in fields.sequence(top, key, _EXAMPLE[kind]):
        entry = fields.mapping(node, top.line, f"{_LIST_WORDS[kind]}的每一项", "\n" + _EXAMPLE[kind])
        if entry is None:
            continue
        fields.check_keys(entry, allowed, ("rule", "note"), f"{_LIST_WORDS[kind]}的一项")
        name = fields.text(entry, "rule")
        if name is None or not _rule_fits(fields, entry, name, kind, scheme):
            continue
        values = {"rule": name, "note": fields.text(entry, "note"), "line": entry.line}
        if "date" in entry:
            values["date"] = fields.date(entry, "date", scheme.first_day, scheme.last_day)
        for word in ("incident", "group"):
            if word in entry and word in allowed:
                values[word] = fields.one_line(entry, word)
        if kind != FINDINGS:
            values.update(_read_amount(fields, entry, scheme.rules[name]))
        if values["note"] is not None:
            yield Entry(**values)


def _rule_fits(fields: Fields, entry: Map, name: str, kind: str, scheme: Scheme) -> bool:
    """Is `name` a rule of this list? If not, say where it belongs or what was meant."""
    line = entry.key_lines["rule"]
    if kind == FINDINGS:
        if name in scheme.findings:
            return True
        if name in (scheme.bottom.name, scheme.below_poll_mean.name):
            fields.problem(line, f"「{name}」由程序根据得分自动判定，不需要录入。请删去这一项。")
            return False
        valid = list(scheme.findings)
    else:
        rule = scheme.rules.get(name)
        if rule is not None and rule.kind == kind:
            return True
        if rule is not None:
            fields.problem(line, f"「{name}」是{KIND_WORDS[rule.kind]}规则，请写在 {UNIT_KEYS[rule.kind]} 下面，不要写在 {UNIT_KEYS[kind]} 下面。")
            return False
        if name in scheme.findings:
            fields.problem(line, f"「{name}」是考评分类情形，请写在 findings 下面（只写 rule 和 note）。")
            return False
        valid = [rule.name for rule in scheme.rules_of(kind)]
    near = closest(name, valid, n=3)
    hint = f"是否想写「{near[0]}」？" if near else f"可用的规则有：{'、'.join(valid)}。"
    fields.problem(line, f"没有叫「{name}」的{_LIST_WORDS[kind]}规则。{hint}规则名见 README 的“规则名”一节。")
    return False


def _read_amount(fields: Fields, entry: Map, rule) -> dict:
    if rule.discretionary:
        if "count" in entry:
            fields.problem(
                entry.key_lines["count"],
                f"「{rule.name}」是酌情计分，请用 points 写分数（如「points: 1」），不要写 count。",
            )
        if "points" not in entry:
            fields.problem(entry.line, f"「{rule.name}」是酌情计分，缺少 points：请写分数，如「points: 1」。")
            return {}
        limit = rule.limits[0]
        return {"points": fields.decimal(
            entry, "points", positive=True, maximum=limit.amount,
            limit_words=f"（「{rule.name}」所属的{limit.label}以{plain_number(limit.amount)}分为限）",
        )}
    if "points" in entry:
        fields.problem(
            entry.key_lines["points"],
            f"「{rule.name}」按{rule.per}计分（每{rule.per}{plain_number(rule.points)}分），"
            f"请用 count 写{rule.per}数（如「count: 1」），不要写 points。",
        )
    return {"count": fields.whole(entry, "count", minimum=1) if "count" in entry else 1}


def _check_counts(fields: Fields, entries, scheme: Scheme) -> None:
    """Count limits hold for the sum of all the unit's entries of a rule (and of a rule group)."""
    totals: dict[str, int] = {}
    for entry in entries:
        rule = scheme.rules[entry.rule]
        if entry.count is None:
            continue
        totals[entry.rule] = totals.get(entry.rule, 0) + entry.count
        if rule.max_count is not None and totals[entry.rule] > rule.max_count:
            fields.problem(
                entry.line,
                f"「{rule.name}」全年最多{rule.max_count}{rule.per}，这个单位各条合计已写了{totals[entry.rule]}{rule.per}。"
                "请核对 count，或合并重复的记录。",
            )
        for limit in scheme.count_limits:
            if entry.rule in limit.rules:
                together = sum(totals.get(name, 0) for name in limit.rules)
                if together > limit.max_count:
                    fields.problem(
                        entry.line,
                        f"{'与'.join('「' + n + '」' for n in limit.rules)}合计最多{limit.max_count}{rule.per}"
                        f"（{limit.why}），这个单位已写了{together}{rule.per}。请核对 count。",
                    )
