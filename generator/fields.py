"""Typed reading of YAML fields with precise Chinese messages (used by scheme.py and units.py).

A `Fields` collects problems instead of raising, so one run reports every mistake of every file.
Each reader returns None when the value is unusable, and the caller simply skips what depends on it.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from decimal import Decimal
from functools import lru_cache

from .characters import invisible
from .problems import Problem
from .yamltree import Map, Scalar, Seq

# re.ASCII: \d must not match full-width digits (１), which get their own message instead
_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$", re.ASCII)
_WHOLE = re.compile(r"^[+-]?\d+$", re.ASCII)
# Year first, always with four digits: 2017-3-5, 2017/03/05, 2017.3.5 (one separator throughout) or
# 2017年3月5日 (号). Day-first or month-first forms (5.3.2017, 3/5/2017) read two ways and are refused.
_DATE = re.compile(r"^(\d{4})(?:([-/.])(\d{1,2})\2(\d{1,2})|[ ]*年[ ]*(\d{1,2})[ ]*月[ ]*(\d{1,2})[ ]*[日号])$", re.ASCII)
DATE_FORMS = "2017-03-12、2017-3-12、2017/3/12、2017.3.12 或 2017年3月12日"
MAX_DIGITS = 9  # before the point: no count or score comes near a billion; more is a slip of the keyboard


def closest(word: str, choices, n: int = 1) -> list[str]:
    """The names a mistyped word was most likely meant to be (for "是否想写……？")."""
    import difflib  # only for a mistake: a build of good content never needs it

    return difflib.get_close_matches(word, list(choices), n=n, cutoff=0.4)


def suggestion(word: str, choices) -> str:
    near = closest(word, choices)
    return f"是否想写「{near[0]}」？" if near else ""


@lru_cache(maxsize=4096)  # a year writes a few hundred distinct numbers a hundred thousand times
def plain_number(value: Decimal) -> str:
    """94.90 → "94.9", 25.0 → "25": how a score is written for people and for JSON. Equal numbers
    give the same text (94.9 and 94.90 alike), so caching by value is exact."""
    if not value:
        return "0"
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


_CHINESE_PUNCTUATION = str.maketrans({"。": ".", "、": ",", "，": ",", "：": ":", "－": "-", "　": " "})
# In a score a comma or a full stop can only be the decimal point (91，5 is 91.5: scores stay below 1000).
_DECIMAL_MARKS = str.maketrans({"。": ".", "、": ".", "，": ".", ",": ".", "－": "-", "　": ""})


def _typing_hint(text: str, valid, marks=_CHINESE_PUNCTUATION) -> str:
    """Point at a full-width digit or Chinese punctuation (typed with the Chinese IME on) and show the
    text as it should be written, if that form is `valid` (never a fix that fails again)."""
    fixed = unicodedata.normalize("NFKC", text.translate(marks))
    shown = f"改写为「{fixed}」。" if fixed != text and valid(fixed) else ""
    for position, char in enumerate(text, 1):
        if unicodedata.east_asian_width(char) in "FW" and not ("\u4e00" <= char <= "\u9fff"):
            return f"其中第{position}个字「{char}」是全角字符或中文标点，请切换到英文输入法{'，' + shown if shown else '重新输入。'}"
    if shown and "," in text:
        return f"小数点要写英文句点「.」，请{shown}"
    return ""


class Fields:
    """Reads the fields of one file; `problems` lists what was wrong, in the order found."""

    def __init__(self, path: str, hints: dict[str, str] | None = None):
        self.path = path
        self.hints = _REQUIRED_HINTS | (hints or {})  # what to write, by key; a kind of file adds its own
        self.problems: list[Problem] = []

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    # -- structure -------------------------------------------------------------------------

    def mapping(self, node, line: int, what: str, example: str) -> Map | None:
        if isinstance(node, Map):
            return node
        self.problem(getattr(node, "line", line), f"{what}应写成「键: 值」的形式，例如：{example}")
        return None

    def sequence(self, owner: Map, key: str, example: str) -> Seq:
        """An optional list under `key`; absent or empty means none."""
        node = owner.get(key)
        if node is None or (isinstance(node, Scalar) and node.is_null):
            return Seq(owner.line)
        if isinstance(node, Seq):
            return node
        self.problem(owner.key_lines[key], f"{key} 下面应是一个列表，每项以「- 」开头，例如：\n{example}")
        return Seq(owner.line)

    def check_keys(self, owner: Map, allowed, required, what: str) -> None:
        for key in owner:
            if key not in allowed:
                hint = suggestion(key, allowed)
                self.problem(
                    owner.key_lines[key],
                    f"{what}里不能写「{key}」。{hint}可以写的键有：{'、'.join(allowed)}。",
                )
        for key in required:
            if key not in owner:
                self.problem(owner.line, f"{what}缺少「{key}」。{self.hints.get(key, '')}".rstrip())

    # -- leaves ------------------------------------------------------------------------------

    def _scalar(self, owner: Map, key: str) -> Scalar | None:
        node = owner.get(key)
        if node is None:
            return None
        if not isinstance(node, Scalar):
            self.problem(owner.key_lines[key], f"{key} 应是一个值，不能是列表或下一层的键值对。")
            return None
        if node.is_null:
            self.problem(node.line, f"{key} 后面没有填写内容。{self.hints.get(key, '')}".rstrip())
            return None
        return node

    def text(self, owner: Map, key: str) -> str | None:
        node = self._scalar(owner, key)
        if node is None:
            return None
        value = node.text.strip()
        if not value:
            self.problem(node.line, f"{key} 不能为空。{self.hints.get(key, '')}".rstrip())
            return None
        return None if self._invisible(node, key, value) else value

    def one_line(self, owner: Map, key: str) -> str | None:
        """Text shown in tables and lists (a name): a line break in it is refused."""
        value = self.text(owner, key)
        if value is not None and "\n" in value:
            self.problem(owner.key_lines[key], f"{key} 只能写一行，这里有换行（「|」「>」或双引号里的「\\n」）。请写成一行。")
            return None
        return value

    def _invisible(self, node: Scalar, key: str, value: str) -> bool:
        """A value of zero-width or blank-looking characters only looks empty and is said so."""
        if not invisible(value):
            return False
        self.problem(node.line, f"{key} 只有看不见的字符（如零宽空格，这里第一个是 U+{ord(value[0]):04X}），等于没有填写。"
                                f"{self.hints.get(key, '')}")
        return True

    def _too_big(self, node: Scalar, key: str, text: str) -> bool:
        """More than MAX_DIGITS digits before the point: refused before any arithmetic (Python will
        not even read a 5,000-digit whole number)."""
        digits = len(text.lstrip("+-").split(".")[0].lstrip("0"))
        if digits <= MAX_DIGITS:
            return False
        shown_text = text if len(text) <= 20 else f"{text[:12]}……（共{len(text)}位）"
        self.problem(node.line, f"{key} 的数字太大：「{shown_text}」。请核对后重写。")
        return True

    def decimal(self, owner: Map, key: str, *, places: int = 2, minimum: Decimal | None = None,
                maximum: Decimal | None = None, positive: bool = False, limit_words: str = "") -> Decimal | None:
        node = self._scalar(owner, key)
        if node is None:
            return None
        text = node.text.strip()
        if not _DECIMAL.match(text):
            hint = _typing_hint(text, _DECIMAL.match, _DECIMAL_MARKS) or "请写阿拉伯数字（英文输入法），如 1.5。"
            self.problem(node.line, f"{key} 应是数字，这里写的是「{text}」。{hint}")
            return None
        if self._too_big(node, key, text):
            return None
        value = Decimal(text)
        if -value.normalize().as_tuple().exponent > places:
            self.problem(node.line, f"{key} 最多{places}位小数，这里写的是「{text}」。")
            return None
        if positive and value <= 0:
            self.problem(node.line, f"{key} 应大于0，这里写的是「{text}」。没有分数就不要写这一项。")
            return None
        if minimum is not None and value < minimum:
            self.problem(node.line, f"{key} 不能小于{plain_number(minimum)}，这里写的是「{text}」。")
            return None
        if maximum is not None and value > maximum:
            self.problem(node.line, f"{key} 不能大于{plain_number(maximum)}{limit_words}，这里写的是「{text}」。")
            return None
        return value

    def whole(self, owner: Map, key: str, *, minimum: int, maximum: int | None = None) -> int | None:
        node = self._scalar(owner, key)
        if node is None:
            return None
        text = node.text.strip()
        if not _WHOLE.match(text):
            hint = _typing_hint(text, _WHOLE.match) or f"请写不小于{minimum}的整数（英文输入法），如 {max(minimum, 1)}。"
            self.problem(node.line, f"{key} 应是整数，这里写的是「{text}」。{hint}")
            return None
        if self._too_big(node, key, text):
            return None
        value = int(text)
        if value < minimum:
            self.problem(node.line, f"{key} 不能小于{minimum}，这里写的是「{text}」。")
            return None
        if maximum is not None and value > maximum:
            self.problem(node.line, f"{key} 不能大于{maximum}，这里写的是「{text}」。")
            return None
        return value

    def date(self, owner: Map, key: str, first: datetime.date | None = None,
             last: datetime.date | None = None) -> datetime.date | None:
        node = self._scalar(owner, key)
        if node is None:
            return None
        text = node.text.strip()
        value = _read_date(text)
        if not isinstance(value, datetime.date):
            self.problem(node.line, f"{key} 不是有效的日期：「{text}」。{value}")
            return None
        if first and last and not first <= value <= last:
            self.problem(
                node.line,
                f"日期 {value.isoformat()} 不在考评时间段内（{first.isoformat()} 至 {last.isoformat()}）。"
                "请核对年份，或把这一项记到对应年度。",
            )
            return None
        return value


def _read_date(text: str) -> datetime.date | str:
    """The date `text` names, or what to tell the clerk about it."""
    match = _DATE.match(text)
    if not match:
        hint = _typing_hint(text, _DATE.match)
        return hint or f"请按年、月、日的顺序写，年份写全四位，如 {DATE_FORMS}。"
    year, _, *parts = match.groups()
    month, day = (int(p) for p in parts if p is not None)
    if not 1 <= month <= 12:
        return f"月份只能是 1—12。日期请按年、月、日的顺序写，如 {DATE_FORMS}。"
    try:
        return datetime.date(int(year), month, day)
    except ValueError:
        days = (datetime.date(int(year) + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)).day
        return f"{year}年{month}月只有{days}天，请核对日期。"


_REQUIRED_HINTS = {
    "name": "请写单位全称，如「name: 市建设工程质量安全监督站」。",
    "level": "请写「level: 副处级以上」或「level: 直属科级」。",
    "poll": "请写民调结果：副处级以上单位写「poll: {score: 93.5}」，直属科级单位写「poll: {基本合格: 0, 不合格: 0}」。",
    "rule": "请写规则名，如「rule: 评查缺次」。",
    "note": "请写明理由（网站上会显示），如「note: 第三季度未开展综治工作评查」。",
    "points": "酌情计分的规则请写分数，如「points: 1」。",
    "printed_by": "请写版记中的印发机关，如「printed_by: 常德市住房和城乡建设局办公室」。",
    "printed_on": "请写版记中的印发日期，如「printed_on: 2018-01-05」。",
}
