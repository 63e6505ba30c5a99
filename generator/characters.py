"""Characters no content text may hold, and text that holds nothing visible.

Control characters (an escape sequence recolours the terminal, a BEL rings it), bidi controls
(U+202E shows "gpj.exe" as "exe.jpg") and line separators are never typed by a clerk; they come
from copying or from YAML escapes such as "\\e" and "\\u202e". Each one is refused with where it
is. Tab and line feed stay allowed: they are ordinary white space, in `|` text blocks too.
"""

from __future__ import annotations

import re
import unicodedata

# C0 controls but tab/LF/CR, DEL, C1 controls (U+0085 included: YAML reads it as a line break),
# lone surrogates (a "\ud800" escape: not text, cannot be written as UTF-8), Arabic letter mark,
# LRM/RLM, bidi embeddings/overrides (U+202A–202E) and isolates (U+2066–2069), line/paragraph separators.
_SPECIAL = "\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029"
_IN_FILE = re.compile(f"[\x00-\x08{_SPECIAL}]")  # the raw text: CR of CRLF allowed
_IN_VALUE = re.compile(f"[\x00-\x08\r{_SPECIAL}]")  # a read value: YAML made every line break "\n"
_ANY_CONTROL = re.compile(f"[\x00-\x1f{_SPECIAL}]")  # for printing: tab and line breaks too
_LINE_BREAK = re.compile(r"\r\n|\r|\n")

# Letters and marks that show as nothing (Hangul fillers, the braille blank, the combining grapheme
# joiner, Khmer's invisible vowels, variation selectors): a name made of them looks empty.
_BLANK_LOOKING = re.compile("[\u115f\u1160\u3164\uffa0\u2800\u034f\u17b4\u17b5\ufe00-\ufe0f]")
_SURELY_SHOWN = re.compile("[!-~\u4e00-\u9fff]")  # printable ASCII, CJK ideographs: none is blank-looking


def kind(char: str) -> str:
    """What a forbidden character is, for a clerk: "控制字符 U+001B"."""
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:
        what = "无效字符（单独的代理码位）"
    elif char in "\u2028\u2029":
        what = "行分隔符"
    elif code < 0x20 or 0x7F <= code <= 0x9F:
        what = "控制字符"
    else:
        what = "文字方向控制字符"
    return f"{what} U+{code:04X}"


_HARM = "它看不见，却会让网页、表格或命令行显示出与所写不同的内容"


def first_in_value(text: str) -> tuple[int, str] | None:
    """(1-based position, character) of the first forbidden character in a value, or None."""
    found = _IN_VALUE.search(text)
    return (found.start() + 1, found[0]) if found else None


def value_message(what: str, text: str) -> str | None:
    """The Chinese sentence for a value with a forbidden character (`what`: "name 的值"), or None."""
    found = first_in_value(text)
    if found is None:
        return None
    position, char = found
    return (f"{what}中第 {position} 个字符是{kind(char)}（多由双引号里的「\\e」「\\u202e」之类的写法或复制粘贴带入）。"
            f"{_HARM}。请删去它。")


def in_file(text: str) -> list[tuple[int, int, str]]:
    """(line, column, character) of the first forbidden character on each line of a file's text."""
    if not _IN_FILE.search(text):  # the usual case: one pass over the text
        return []
    found = []
    for number, (start, end) in enumerate(_lines(text), 1):
        hit = _IN_FILE.search(text, start, end)
        if hit:
            found.append((number, hit.start() - start + 1, hit[0]))
    return found


def file_message(column: int, char: str) -> str:
    return f"这一行第 {column} 个字符是{kind(char)}。{_HARM}。请删去它（看不见时，可把这一行删掉重新输入）。"


def _lines(text: str):
    """(start, end) of each line, lines broken by CRLF, CR or LF as an editor breaks them."""
    start = 0
    for brk in _LINE_BREAK.finditer(text):
        yield start, brk.start()
        start = brk.end()
    yield start, len(text)


def invisible(text: str) -> bool:
    """Does the text show nothing at all: only spaces, zero-width and format characters, fillers?"""
    if _SURELY_SHOWN.match(text):  # the usual case, in one look: a name or note starts with a letter
        return False
    return all(_BLANK_LOOKING.match(char) or unicodedata.category(char) in ("Zs", "Zl", "Zp", "Cc", "Cf")
               for char in text)


def shown(text: str, keep: str = "") -> str:
    """The text with each forbidden character written as <U+XXXX>, for printing it safely."""
    return _ANY_CONTROL.sub(lambda m: m[0] if m[0] in keep else f"<U+{ord(m[0]):04X}>", text)
