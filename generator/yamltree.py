"""Read a YAML file into a small tree that remembers line numbers.

Values stay text (`Scalar`) until a field reader (fields.py) knows what the field should
be: `note: no` stays the words "no", and `points: 0.1` becomes Decimal("0.1") without ever
passing through a binary float. Whatever a clerk never needs (aliases, tags, several
documents, deep nesting, huge or binary files) is refused with a Chinese message.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import NamedTuple

from . import characters
from .problems import Problem

MAX_BYTES = 512 * 1024  # a unit file is a few KB; anything this big is the wrong file
MAX_DEPTH = 12  # unit files nest 4 deep, the scheme 9
_PLAIN_TAGS = {f"tag:yaml.org,2002:{name}": name  # the tags plain YAML resolves to, by their short name
               for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")}

# A key at the start of a line: an ASCII word (name, rule…) or Chinese words (基本合格); a note's
# "时间12：30" is neither, so a colon inside text is never mistaken for one after a key.
_WORD = r"(?:[A-Za-z_][A-Za-z0-9_]*|[\u4e00-\u9fff]+)"
_KEY = rf"^[ ]*(?:-[ ]+)?(?P<key>{_WORD})"


class _Check(NamedTuple):
    """A typing mistake on one line: how to find it (the group `bad` is the wrong text), what to tell
    the clerk, and what the message says to write instead of `bad` (so the rest of the file can be
    read as if it were fixed, and the mistake is reported once, not again as what it breaks)."""

    pattern: str  # as text: compiled (and kept by re) the first time a line needs it
    message: Callable[[re.Match], str]
    fix: Callable[[str], str]


_LINE_CHECKS = [
    _Check(r"^(?P<bad>[ \u3000]*\t[ \t\u3000]*)", lambda m: "这一行用 Tab 键缩进，YAML 只能用空格缩进。请把 Tab 换成两个空格。",
           lambda bad: bad.replace("\t", "  ").replace("\u3000", "  ")),
    _Check(r"^(?P<bad>[ ]*\u3000[ \u3000]*)",
           lambda m: "这一行开头是全角空格（中文输入法的空格），YAML 只能用半角空格缩进。请切换到英文输入法，"
                     f"把行首改为{len(m['bad'].replace(chr(0x3000), '  '))}个半角空格。",
           lambda bad: bad.replace("\u3000", "  ")),
    _Check(r"^[ ]*(?P<bad>[－—–][ \u3000])", lambda m: "列表项开头的「－」是中文减号，请改为英文减号「-」加一个空格。",
           lambda bad: "- "),
    _Check(r"^[ ]*-(?P<bad>\u3000)", lambda m: "「-」后面是全角空格，请改为半角空格（英文输入法）。", lambda bad: " "),
    _Check(rf"^[ ]*-(?P<bad>)(?P<key>{_WORD})[ ]*[:：]",
           lambda m: f"「-」后面少了一个空格：列表的每一项要写成「- {m['key']}: …」，英文减号后面空一格。", lambda bad: " "),
    _Check(r"^[ ]*(?P<bad>＃)", lambda m: "注释要用英文井号「#」，这里是中文「＃」。", lambda bad: "#"),
    _Check(_KEY + r"(?P<bad>[ ]*：[ \u3000]?)",
           lambda m: f"「{m['key']}」后面用了中文冒号「：」。键后面要用英文冒号加一个空格，如「{m['key']}: 」。",
           lambda bad: ": "),
    _Check(_KEY + r":(?P<bad>\u3000)",
           lambda m: f"「{m['key']}:」后面是全角空格。冒号后面要用半角空格（英文输入法），如「{m['key']}: 」。", lambda bad: " "),
    _Check(_KEY + r":(?P<bad>)(?=[^\s/])",
           lambda m: f"「{m['key']}:」后面少了一个空格：键和值之间要写英文冒号加空格，如「{m['key']}: 」。", lambda bad: " "),
    _Check(r"(?P<bad>[｛｝])", lambda m: f"这一行有中文花括号「{m['bad']}」，请改为英文「{{」「}}」。",
           lambda bad: "{" if bad == "｛" else "}"),
    _Check(r"[{,][ ]*[A-Za-z_\u4e00-\u9fff]+[ ]*(?P<bad>：)",
           lambda m: "花括号 { } 里键后面的「：」是中文冒号，请改为英文冒号加空格「: 」。", lambda bad: ": "),
    _Check(r"\{[^}]*?\d[ ]*(?P<bad>，)", lambda m: "花括号 { } 里的「，」是中文逗号，请改为英文逗号「,」。", lambda bad: ", "),
]
# The patterns below that only a file with a suspect line needs stay text, like the checks' own:
# compiled (and kept by re) the first time a file needs them, which good content never does
# (compiling them cost a cold 1 × 40 build about 4 ms).
# One quick look per line; only a line it catches goes through the checks above. (From the last
# "{" or "," before a "：" or "，": the same lines as "[{,][^}]*[：，]", in linear time.)
_SUSPECT = (r"^[ ]*(?:[\t\u3000－—–＃]|-\u3000|-[A-Za-z_\u4e00-\u9fff])|[｛｝]|[{,][^{},\n：，]*[：，]|"
            r"^[ ]*(?:-[ ]+)?(?:[A-Za-z_][A-Za-z0-9_]*|[\u4e00-\u9fff]+)(?:[ ]*：|:(?![\s/]|$))")
# `deductions: []` (as the files `new-year` wrote before 2018 have it) with entries written under it
_EMPTY_LIST = rf"^(?P<indent>[ ]*(?:-[ ]+)?)(?P<key>{_WORD}):[ ]*(?P<bad>\[\])[ ]*(?:#.*)?$"
_BLOCK_START = r":[ ]+[|>][-+0-9]*[ ]*(#.*)?$"
# Most files have no suspect line at all: one search over the whole text says so (no part of
# the pattern crosses a "\n"; lines split another way are scanned one by one).
_SUSPECT_ANYWHERE = re.compile(_SUSPECT, re.MULTILINE)
_ODD_LINE_BREAKS = re.compile("\r(?!\n)|[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")  # lines ^ would not see


class Scalar:
    """A leaf value as written, with its line (1-based)."""

    __slots__ = ("text", "tag", "line", "quoted")

    def __init__(self, text: str, tag: str, line: int, quoted: bool):
        self.text, self.tag, self.line, self.quoted = text, tag, line, quoted

    @property
    def is_null(self) -> bool:
        return self.tag == "null" and not self.quoted


class Map(dict):
    """A mapping of text keys to nodes; `.line` is where it starts, `.key_lines` where each key is."""

    def __init__(self, line: int):
        super().__init__()
        self.line = line
        self.key_lines: dict[str, int] = {}


class Seq(list):
    """A list of nodes; `.line` is where it starts."""

    def __init__(self, line: int):
        super().__init__()
        self.line = line


def read_yaml(raw: bytes, path: str) -> tuple[object | None, list[Problem]]:
    """Parse the bytes of one file. Returns (tree, problems); the tree is None when unusable."""
    text, problem = _decode(raw, path)
    if problem:
        return None, [problem]
    forbidden = characters.in_file(text)
    if forbidden:  # PyYAML would stop at the first with an English message, or keep a bidi control
        return None, [Problem(path, line, characters.file_message(column, char)) for line, column, char in forbidden]
    problems, text, wrong = _scan_lines(text, path)
    try:
        node = yaml_module().compose(text, Loader=_loader())
    except yaml_module().MarkedYAMLError as err:
        line = _error_line(err, text)
        # on a line already named, or the line after it (`-rule:` with `note:` under its `rule`): the
        # same mistake as YAML understood it; once it is fixed, a real next mistake shows on the next run
        if line in wrong or line - 1 in wrong:
            return None, problems
        return None, problems + [Problem(path, line, _explain_yaml_error(err, text))]
    except yaml_module().YAMLError as err:  # e.g. a reader error on control characters
        return None, problems + [Problem(path, 1, f"YAML 无法读取：{err}。请检查文件是否为纯文本。")]
    except RecursionError:
        return None, problems + [Problem(path, 1, "嵌套层次过深，不是考评文件的格式。")]
    if node is None:
        return None, problems + [Problem(path, 1, "文件是空的（或只有注释）。请按 README 的格式填写内容。")]
    converter = _Converter(path, aliases="&" in text)
    tree = converter.convert(node, 0)
    problems += converter.problems
    # a repeated key is reported and the first one kept, so the rest of the file is still checked
    return (None if converter.fatal else tree), problems


def yaml_module():
    import yaml  # here, not at the top: a build with nothing to parse should not pay for it

    return yaml


_LOADERS: list = []


def _loader():
    """PyYAML's C parser (libyaml) when there, with a resolver that only tells null from text:
    fields.py decides what each value means, so guessing int/float/bool/date is wasted work."""
    if not _LOADERS:
        yaml = yaml_module()
        base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        null, text = "tag:yaml.org,2002:null", "tag:yaml.org,2002:str"
        nulls = {"", "~", "null", "Null", "NULL"}

        class Loader(base):
            def resolve(self, kind, value, implicit):
                if kind is yaml.ScalarNode:
                    return null if implicit[0] and value in nulls else text
                return super().resolve(kind, value, implicit)

        _LOADERS.append(Loader)
    return _LOADERS[0]


def _error_line(err, text: str) -> int:
    """PyYAML marks an unclosed quote or bracket at the end of the file; the line where it opened helps more."""
    last = text.count("\n") + (0 if text.endswith("\n") else 1)
    mark = err.problem_mark or err.context_mark
    if err.context_mark and (mark is None or mark.line + 1 > last or "end of stream" in (err.problem or "")):
        mark = err.context_mark
    return min(mark.line + 1, max(last, 1)) if mark else 1


def _decode(raw: bytes, path: str) -> tuple[str, Problem | None]:
    if len(raw) > MAX_BYTES:
        size = f"{len(raw) / 1024 / 1024:.1f} MB"
        return "", Problem(path, 1, f"文件过大（{size}）：考评文件通常只有几 KB，请检查是否放错了文件。")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "", Problem(path, 1, "文件是 UTF-16 编码（记事本里叫“Unicode”）。请用记事本“另存为”，编码选“UTF-8”后保存。")
    if b"\x00" in raw:
        return "", Problem(path, 1, "这不是文本文件（含有二进制内容）。请放入用文本编辑器保存的 .yaml 文件。")
    if raw.startswith(b"\xef\xbb\xbf"):  # Windows Notepad's UTF-8 signature
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        try:
            raw.decode("gb18030")
            guess = "看起来是 GBK/GB18030 编码（Windows 中文系统的默认编码）"
        except UnicodeDecodeError:
            guess = "编码无法识别"
        return "", Problem(
            path, line,
            f"文件不是 UTF-8 编码，{guess}。请用记事本打开，选“另存为”，编码选“UTF-8”后保存。",
        )


def _scan_lines(text: str, path: str) -> tuple[list[Problem], str, set[int]]:
    """Mistakes that YAML reports confusingly or not at all: tabs, full-width spaces and punctuation
    where YAML needs ASCII, a key without its space, entries under `key: []`. Lines inside a `|` or
    `>` text block are text. Returns the problems, the text as the messages say to write it (same
    lines), and the numbers of the lines that were wrong."""
    if not _SUSPECT_ANYWHERE.search(text) and not _ODD_LINE_BREAKS.search(text) and "[]" not in text:
        return [], text, set()
    problems = []
    lines = text.splitlines(keepends=True)
    block = None  # indentation of the key that opened a text block
    for index, whole in enumerate(lines):
        line = whole.rstrip("\r\n")
        ending = whole[len(line):]
        indent = len(line) - len(line.lstrip(" "))
        if block is not None:
            if not line.strip() or indent > block:
                continue
            block = None
        fixed = line
        for _ in range(len(_LINE_CHECKS)):  # a line may hold several mistakes: each once, in turn
            if not re.search(_SUSPECT, fixed):
                break
            for check in _LINE_CHECKS:
                match = re.search(check.pattern, fixed)
                if match:
                    problems.append(Problem(path, index + 1, check.message(match)))
                    fixed = fixed[:match.start("bad")] + check.fix(match["bad"]) + fixed[match.end("bad"):]
                    break
            else:
                break
        if "[]" in fixed:
            empty = re.match(_EMPTY_LIST, fixed)
            if empty and _opens_a_block(lines, index, len(empty["indent"])):
                key = empty["key"]
                problems.append(Problem(
                    path, index + 1,
                    f"「{key}: []」的「[]」表示这一项是空的，下面却写了内容。请删去「[]」，只写「{key}:」，"
                    "下面的各项保持缩进。"))
                fixed = fixed[:empty.start("bad")] + fixed[empty.end("bad"):]
        if fixed != line:
            lines[index] = fixed + ending
        if ("|" in fixed or ">" in fixed) and re.search(_BLOCK_START, fixed):
            block = indent
    wrong = {problem.line for problem in problems}
    return problems, "".join(lines) if wrong else text, wrong


def _opens_a_block(lines: list[str], index: int, column: int) -> bool:
    """Whether the next line with content belongs under the key at `column` of line `index`:
    indented deeper, or a list item "- " at the key's own column (YAML allows both)."""
    for line in lines[index + 1:]:
        content = line.lstrip(" \t\u3000")
        if not content.strip() or content.startswith("#"):
            continue
        indent = len(line) - len(content)
        return indent > column or (indent == column and content.startswith("-"))
    return False


_YAML_HINTS = [
    ("cannot start any token", "出现了 YAML 不允许的字符（常见为 Tab 缩进或行首的 @、`）。请改用空格缩进，或给这段文字加引号。"),
    ("mapping values are not allowed", "这里不能再出现英文冒号「:」。文字里要用冒号请写中文冒号「：」或给整段文字加引号；也可能是这一行或上一行缩进不对。"),
    ("could not find expected ':'", "缺少英文冒号「: 」：每个键后面要写英文冒号和一个空格，如「note: 说明」。也可能是引号没有闭合。"),
    ("expected <block end>", "缩进不一致：同一层的键要左对齐，列表的「- 」要对齐。请检查这一行和上一行的空格数。"),
    ("did not find expected key", "缩进不一致：同一层的键要左对齐。请检查这一行和上一行的空格数。"),
    ("did not find expected '-' indicator", "列表缩进不一致：同一列表的每一项都以对齐的「- 」开头。"),
    ("found unexpected end of stream", "文件意外结束：可能有引号或括号没有闭合。"),
    ("found unknown escape character", "双引号里的反斜杠「\\」不能这样用：请去掉引号或改用单引号。"),
    ("expected a single document", "一个文件只能写一个单位：请不要用「---」把文件分成几段。"),
    ("found undefined alias", "不支持 YAML 别名（*）：请把内容直接写出来。"),
    ("expected node content", "这里缺少内容：冒号后面的值不完整，或方括号、花括号没有闭合。"),
    ("maximum nesting depth", "嵌套层次过深，不是考评文件的格式。请对照 README 的示例。"),
    ("expected ',' or ']'", "方括号 [ ] 没有正确闭合，或其中缺少英文逗号。"),
    ("expected ',' or '}'", "花括号 { } 没有正确闭合，或其中缺少英文逗号。"),
]


def _explain_yaml_error(err, text: str) -> str:
    said = f"{err.context or ''} {err.problem or ''}"
    if err.problem_mark is not None and any(needle in said for needle in _INDENT_ERRORS):
        misaligned = _misaligned(text.splitlines(), err.problem_mark.line, err.problem_mark.column,
                                 "mapping values" in said)
        if misaligned:
            return misaligned
    for needle, message in _YAML_HINTS:
        if needle in said:
            return message
    return f"YAML 格式错误（{(err.problem or said).strip()}）。请检查这一行及上一行的缩进、冒号和引号。"


# What libyaml and PyYAML say when a line is indented wrongly (a colon after a key indented too
# deep reads to YAML as a colon inside the text of the line above: "mapping values").
_INDENT_ERRORS = ("expected <block end>", "did not find expected key", "did not find expected '-' indicator",
                  "mapping values are not allowed")
_LINE_KEY = rf"^(?P<indent>[ ]*)(?P<dash>-[ ]+)?(?P<key>{_WORD})?[ ]*(?P<colon>:)?"  # text: only for a mistake


def _misaligned(lines: list[str], index: int, column: int, at_colon: bool) -> str:
    """The line `index` (0-based) said in words when its indentation fits nothing above it, else "".
    `at_colon`: YAML stopped at a colon, which is the indentation's fault only if it follows the key."""
    if index >= len(lines):
        return ""
    here = re.match(_LINE_KEY, lines[index])
    if at_colon and not (here["key"] and here["colon"] and here.end("colon") - 1 == column):
        return ""
    indent = len(here["indent"])
    above = [(number, re.match(_LINE_KEY, line)) for number, line in enumerate(lines[:index], 1)
             if line.strip() and not line.lstrip().startswith("#")]
    if here["dash"]:  # a list item: its "-" goes under the other items' "-"
        for number, other in reversed(above):
            if other["dash"]:
                width = len(other["indent"])
                if width == indent:
                    return ""
                return (f"这一项的「-」前面有{indent}个空格，第{number}行那一项的「-」前面有{width}个："
                        f"同一列表的各项要对齐，请改为{width}个空格。")
        return ""
    if not here["key"]:
        return ""
    chain = []  # the keys this line could belong beside: the nearest above, then each one less indented
    for number, other in reversed(above):
        if other["key"]:
            width = other.end("dash") if other["dash"] else len(other["indent"])
            if not chain or width < chain[-1][2]:
                chain.append((number, other["key"], width))
    if not chain or any(width == indent for _, _, width in chain):
        return ""

    def spaces(width: int) -> str:
        return f"写{width}个空格" if width else "顶格写（前面不留空格）"

    key = here["key"]
    if len(chain) == 1:
        number, other, width = chain[0]
        return (f"「{key}」前面有{indent}个空格，第{number}行的「{other}」前面有{width}个：同一层的键要左对齐，"
                f"请{spaces(width)}。")
    choices = "；".join(f"与第{number}行的「{other}」同一层就{spaces(width)}" for number, other, width in chain)
    return f"「{key}」前面有{indent}个空格，和上面的键都没有对齐：{choices}。"


class _Converter:
    def __init__(self, path: str, aliases: bool):
        self.path = path
        self.problems: list[Problem] = []
        # the nodes met so far, to find one met twice (an alias); only a file with an anchor ("&") has one
        self.seen: set[int] | None = set() if aliases else None
        self.fatal = False
        import yaml

        self.scalar, self.sequence = yaml.ScalarNode, yaml.SequenceNode

    def refuse(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))
        self.fatal = True

    def check_characters(self, node, line: int, key: str | None) -> None:
        """A forbidden character from an escape ("\\e", "\\u202e") is refused, and the file with it:
        no message may print the value back to the terminal. `key`: whose value it is ("" for a key).
        Only a double-quoted value has escapes: any other holds the file's own characters (read_yaml
        checked them all) and YAML's "\\n" for a line break."""
        text = node.value
        if node.style == '"' and characters.first_in_value(text):
            where = "这个键" if key == "" else f"{characters.shown(key)} 的值" if key else "这一项"
            self.refuse(line, characters.value_message(where, text))

    def convert(self, node, depth, key: str | None = None):
        line = node.start_mark.line + 1
        if self.seen is not None:
            if id(node) in self.seen:
                self.refuse(line, "不支持 YAML 锚点和别名（& 与 *）：请把内容直接写出来。")
                return None
            self.seen.add(id(node))
        if depth > MAX_DEPTH:
            self.refuse(line, "嵌套层次过深，不是考评文件的格式。请对照 README 的示例。")
            return None
        tag = _PLAIN_TAGS.get(node.tag)
        if tag is None:
            self.refuse(line, f"不支持 YAML 标签「{node.tag}」：考评文件只写普通的文字和数字。")
            return None
        if isinstance(node, self.scalar):
            self.check_characters(node, line, key)
            return Scalar(unicodedata.normalize("NFC", node.value), tag, line, node.style in ("'", '"'))
        if isinstance(node, self.sequence):
            seq = Seq(line)
            seq.extend(self.convert(item, depth + 1) for item in node.value)
            return seq
        mapping = Map(line)
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, self.scalar) or (key_node.value == "<<" and not key_node.style):
                self.refuse(key_line, "键必须是简单的文字（如 rule、note），不能是列表、映射或「<<」。")
                continue
            key = key_node.value
            self.check_characters(key_node, key_line, "")
            if key in mapping:
                self.problems.append(Problem(
                    self.path, key_line,
                    f"键「{key}」重复出现（第{mapping.key_lines[key]}行已经写过）。同一处每个键只能写一次，请删去或合并其中一个。",
                ))
                continue
            mapping.key_lines[key] = key_line
            mapping[key] = self.convert(value_node, depth + 1, key)
        return mapping
