"""Load one year of content: the scheme, the rules text, the 通报's text and every unit file.

    content/rules/<year>/scheme.yaml   rules as data (scheme.py)
    content/rules/<year>/rules.md      the rules document, with {: #anchor } on scored clauses
    content/rules/<year>/bulletin.yaml the 通报's own words
    content/units/<year>/<id>.yaml     one file per unit (units.py)

Every problem of every file is collected; a year with any problem is not returned at all.
The Markdown of rules.md and of the 通报's words is converted here, since its HTML depends on
the text alone: like a checked file, it is kept in the parse cache and not converted again.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import re
import unicodedata
from pathlib import Path
from typing import NamedTuple

from . import characters, doctitle, markup
from .fields import Fields
from .markup import Rendered
from .problems import ContentError, Problem
from .scheme import Scheme, read_scheme
from .units import ID_PATTERN, Unit, read_unit, same_names
from .yamltree import MAX_BYTES, Scalar, Seq, read_yaml

_ANCHOR = re.compile(r"\{:?\s*#([A-Za-z0-9_-]+)\s*\}")
_YEAR = re.compile("[0-9]{4}")  # not \d: int() reads "２０１７" as 2017, and the folder would be missed
_EDITOR_LEFTOVERS = ("~", ".swp", ".swo", ".tmp", ".bak")  # how their names end (and .x, .#x: hidden)


class Bulletin(NamedTuple):
    """The 通报's own words: everything that is not computed from the scores."""

    example: bool
    draft: bool
    issuer: str
    doc_number: str
    title: str
    title_lines: tuple[str, ...]  # where the title breaks (doctitle.py), as written or found
    recipients: str
    opening: str  # HTML, from Markdown (markup.py)
    closing: str  # HTML, from Markdown
    signature: str
    date: datetime.date
    copy_to: str  # 版记: 抄送 (ending in 。), or "" for none
    printed_by: str  # 版记: 印发机关
    printed_on: datetime.date  # 版记: 印发日期


class YearContent(NamedTuple):
    year: int
    scheme: Scheme
    bulletin: Bulletin
    rules: Rendered  # rules.md as HTML, with a slot after each clause for the units it touched
    units: tuple[Unit, ...]
    digests: dict[str, str]  # sha256 of every unit file, by path: what each unit's page is made from
    rules_digest: str  # sha256 over rules.md, scheme.yaml and bulletin.yaml: what every page is made from
    files: dict[str, list]  # name under content/ → stat_key + [sha256] of every input as it was read


def find_years(content: Path) -> list[int]:
    """The years of content/rules/<year>/, four ASCII digits. A year folder typed with the Chinese
    input method on (２０１７) is refused by name: ignored, its year would silently not be built."""
    rules = content / "rules"
    if not rules.is_dir():
        return []
    odd = [Problem(str(folder / name), 1, f"年度文件夹名「{name}」用了全角数字。请切换到英文输入法，改名为「{fixed}」。")
           for folder in (rules, content / "units") if folder.is_dir()
           for name in sorted(os.listdir(folder))
           if not _YEAR.fullmatch(name) and _YEAR.fullmatch(fixed := unicodedata.normalize("NFKC", name))]
    if odd:
        raise ContentError(odd)
    return sorted(int(p.name) for p in rules.iterdir() if p.is_dir() and _YEAR.fullmatch(p.name))


def stat_key(stat: os.stat_result) -> list[int]:
    """What says a file is unchanged without reading it: a write always moves ctime, which no tool
    can set back (stamps.py)."""
    return [stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns]


def _read(path: Path, problems: list[Problem], files: dict[str, list], name: str) -> bytes | None:
    """The bytes of a file, or None with the problem said; `files[name]` records its stat_key and sha256."""
    try:
        with open(path, "rb", buffering=0) as handle:  # one open for the stat and the bytes
            stat = os.fstat(handle.fileno())  # before reading: a file changed meanwhile has a newer ctime than recorded
            if stat.st_size > MAX_BYTES:  # refused before reading: a 2 GB file must not fill the memory
                problems.append(Problem(str(path), 1, f"文件过大（{stat.st_size / 1024 / 1024:.1f} MB）：考评文件通常只有几 KB，请检查是否放错了文件。"))
                return None
            raw = handle.read()
        files[name] = stat_key(stat) + [hashlib.sha256(raw).hexdigest()]
        return raw
    except FileNotFoundError:
        problems.append(Problem(str(path), 1, "找不到这个文件。"))
    except OSError as err:
        problems.append(Problem(str(path), 1, f"无法读取这个文件（{err.strerror}）。"))
    return None


def _inside(path: Path, root: Path) -> bool:
    """Does the path, links followed, stay inside the content folder (and lead somewhere)?"""
    try:
        return path.resolve(strict=path.is_symlink()).is_relative_to(root)
    except (OSError, RuntimeError):  # a link to nowhere or to itself
        return False


def _entries(folder: Path) -> list[os.DirEntry]:
    """The folder's entries by name; hidden files and editor leftovers (.x, x~, .swp, .#x) left out."""
    with os.scandir(folder) as entries:
        kept = [e for e in entries if not (e.name.startswith(".") or e.name.endswith(_EDITOR_LEFTOVERS))]
    return sorted(kept, key=lambda e: e.name)


class UnitFolders:
    """The unit folders content/units/<year>/, each scanned once however many ask (a build's plan
    wants a year's listing, its input files and every unit's years): the entries by name, hidden
    files and editor leftovers left out. Made for one step and dropped, so no scan is ever stale."""

    def __init__(self, content: Path):
        self.content = content
        self._scans: dict[int, list[os.DirEntry]] = {}

    def folder(self, year: int) -> Path:
        return self.content / "units" / str(year)

    def entries(self, year: int) -> list[os.DirEntry]:
        """[] for a year with no unit folder."""
        scan = self._scans.get(year)
        if scan is None:
            try:
                scan = _entries(self.folder(year))
            except (FileNotFoundError, NotADirectoryError):
                scan = []
            self._scans[year] = scan
        return scan


def listing(content: Path, year: int, folders: UnitFolders | None = None) -> list[str]:
    """Every name in the year's unit folder, with where links lead: a file that a build would
    refuse still changes what the year is made of."""
    entries = (folders or UnitFolders(content)).entries(year)
    return [f"{e.name}->{os.readlink(e.path)}" if e.is_symlink() else e.name for e in entries]


def unit_files(folder: Path, content: Path, problems: list[Problem]) -> list[Path]:
    """The unit files of a year; hidden files and editor leftovers are skipped, odd names reported."""
    return [Path(entry.path) for entry in _unit_entries(folder, content, _entries(folder), problems)]


def _unit_entries(folder: Path, content: Path, entries: list[os.DirEntry], problems: list[Problem]) -> list[os.DirEntry]:
    """The entries (of `folder`) that are unit files; odd names reported. Plain strings and the
    entries' own type bits, no Path per file: the plan goes through 10,000 of them on every build."""
    files = []
    root = content.resolve()
    folder_inside = _inside(folder, root)  # a year folder that is itself a link out
    for entry in entries:
        name = entry.name
        if not name.endswith(".yaml"):
            if ".yaml" in name or name.endswith(".yml"):
                problems.append(Problem(entry.path, 1, f"单位文件名「{characters.shown(name)}」要以 .yaml 结尾（Windows 可能隐藏了真正的扩展名），如 zhianzhan.yaml。"))
            continue
        if not ID_PATTERN.fullmatch(name[:-5]):
            problems.append(Problem(
                entry.path, 1,
                f"文件名「{characters.shown(name)}」不能作单位编号：只能用小写英文字母、数字和连字符（-），且以字母或数字开头，如 zhianzhan.yaml。",
            ))
            continue
        if not (_inside(Path(entry.path), root) if entry.is_symlink() else folder_inside):
            problems.append(Problem(entry.path, 1, "这个文件是指向内容文件夹以外（或指向自身）的链接，为安全起见不予读取。请把文件本身复制到这里。"))
            continue
        if entry.is_file():
            files.append(entry)
    return files


def input_files(content: Path, year: int, folders: UnitFolders | None = None) -> list[tuple[str, str]]:
    """Every content file a year is built from: its name relative to content/ and its path (problems
    with names are load_year's to report)."""
    rules = os.path.join(content, "rules", str(year))
    files = [(f"rules/{year}/{n}", os.path.join(rules, n)) for n in ("rules.md", "scheme.yaml", "bulletin.yaml")]
    folders = folders or UnitFolders(content)
    entries = folders.entries(year)
    if entries:
        files += [(f"units/{year}/{e.name}", e.path) for e in _unit_entries(folders.folder(year), content, entries, [])]
    return files


def load_year(content: Path, year: int, cache: dict | None = None) -> YearContent:
    """Load and validate a year. `cache` holds what was validated before, by the names and
    sha256 of the files it was made from (see _validated); it is filled as files are read
    (build.py keeps it between runs, for this kaoping version and scheme only)."""
    problems: list[Problem] = []
    digests: dict[str, str] = {}
    files: dict[str, list] = {}
    rules_dir = content / "rules" / str(year)
    rules_path, scheme_path, bulletin_path = (rules_dir / n for n in ("rules.md", "scheme.yaml", "bulletin.yaml"))
    rules_name = f"rules/{year}/rules.md"
    raw_rules = _read(rules_path, problems, files, rules_name)
    rules_text = ""
    if raw_rules is not None:
        try:
            rules_text = raw_rules.decode("utf-8-sig")
        except UnicodeDecodeError:
            problems.append(Problem(str(rules_path), 1, "rules.md 不是 UTF-8 编码：请用“另存为”选择 UTF-8 后保存。"))
        problems += [Problem(str(rules_path), line, characters.file_message(column, char))
                     for line, column, char in characters.in_file(rules_text)]
    anchors = set(_ANCHOR.findall(rules_text))
    rules_file = (rules_name, files.get(rules_name, [""])[-1])
    rules = cache.get((rules_file,)) if cache is not None else None  # its HTML is kept like a checked file
    if rules is None:
        try:
            rules = markup.render(rules_text)
        except markup.TooComplex as error:
            problems.append(Problem(str(rules_path), error.line, str(error)))
        else:
            if cache is not None and raw_rules is not None:
                cache[(rules_file,)] = rules
    scheme = _validated(scheme_path, f"rules/{year}/scheme.yaml", problems, files, cache,
                        lambda tree: read_scheme(tree, str(scheme_path), anchors),
                        rules_file)  # the anchors it is checked against
    if scheme and scheme.year != year:
        problems.append(Problem(str(scheme_path), 1, f"year 写的是 {scheme.year}，但文件在 {year} 年的文件夹里。"))
        scheme = None
    bulletin = _validated(bulletin_path, f"rules/{year}/bulletin.yaml", problems, files, cache,
                          lambda tree: _read_bulletin(tree, str(bulletin_path)))
    units_dir = content / "units" / str(year)
    units = []
    if rules_dir.is_symlink() and not _inside(rules_dir, content.resolve()):  # unit files are checked one by one
        problems.append(Problem(str(rules_dir), 1, "这个年度文件夹是指向内容文件夹以外的链接，为安全起见不予读取。请把文件夹本身复制到这里。"))
        raise ContentError(problems)
    if not units_dir.is_dir():
        problems.append(Problem(str(units_dir), 1, f"没有 {year} 年的单位文件夹：请建立它并放入每个单位的 .yaml 文件。"))
    else:
        paths = unit_files(units_dir, content, problems)
        if not paths:
            problems.append(Problem(str(units_dir), 1, "这个文件夹里没有单位文件（<编号>.yaml）。"))
        if scheme is not None:
            for path in paths:
                name = f"units/{year}/{path.name}"
                unit = _validated(path, name, problems, files, cache,
                                  lambda tree: read_unit(tree, str(path), path.stem, scheme))
                if name in files:
                    digests[str(path)] = files[name][-1]
                if unit is not None:
                    units.append(unit)
            problems += same_names(units)
    if problems:
        raise ContentError(problems)
    shared = hashlib.sha256()
    for name in ("rules.md", "scheme.yaml", "bulletin.yaml"):
        shared.update(bytes.fromhex(files[f"rules/{year}/{name}"][-1]))
    return YearContent(year, scheme, bulletin, rules, tuple(units), digests, shared.hexdigest(), files)


def _validated(path: Path, name: str, problems: list[Problem], files: dict[str, list], cache: dict | None,
               check, *depends: tuple[str, str]):
    """Read a YAML file and check its tree with `check(tree) -> (value, problems)`. The cache key
    is the (name, sha256) of the file and of every file the check `depends` on: the same bytes
    checked the same way. Only a file without problems is kept."""
    raw = _read(path, problems, files, name)
    if raw is None:
        return None
    key = ((name, files[name][-1]), *depends)
    if cache is not None and key in cache:
        return cache[key]
    tree, found = read_yaml(raw, str(path))
    value = None
    if tree is not None:
        value, more = check(tree)
        found += more
    problems += found
    if cache is not None and value is not None and not found:
        cache[key] = value
    return value


_BULLETIN_KEYS = ("example", "draft", "issuer", "doc_number", "title", "recipients", "opening", "closing",
                  "signature", "date", "copy_to", "printed_by", "printed_on")
_OPTIONAL_KEYS = ("example", "draft", "copy_to")
_COPY_TO_LABEL = re.compile(r"^抄送\s*[：:]\s*")


def _read_bulletin(tree, path: str) -> tuple[Bulletin | None, list[Problem]]:
    f = Fields(path)
    top = f.mapping(tree, 1, "通报文字", "title: 关于2017年度……考评结果的通报")
    if top is None:
        return None, f.problems
    required = [k for k in _BULLETIN_KEYS if k not in _OPTIONAL_KEYS]
    f.check_keys(top, _BULLETIN_KEYS, required, "通报文字")
    flags = {}
    for flag in ("example", "draft"):
        text = f.text(top, flag) if flag in top else "false"
        if text not in ("true", "false", None):
            f.problem(top.key_lines[flag], f"{flag} 只能写 true 或 false。")
        flags[flag] = text == "true"
    values = {key: f.text(top, key) for key in required if key not in ("date", "printed_on", "title")}
    values["date"] = f.date(top, "date")
    values["printed_on"] = f.date(top, "printed_on")
    values["title"], values["title_lines"] = _read_title(f, top)
    copy_to = _COPY_TO_LABEL.sub("", f.text(top, "copy_to") or "") if "copy_to" in top else ""
    values["copy_to"] = copy_to + ("" if not copy_to or copy_to.endswith("。") else "。")
    if values["date"] and values["printed_on"] and values["printed_on"] < values["date"]:
        f.problem(top.key_lines["printed_on"], f"印发日期 printed_on（{values['printed_on'].isoformat()}）早于成文日期 "
                  f"date（{values['date'].isoformat()}）：公文先成文（签发）后印发，请核对这两个日期。")
    if f.problems:
        return None, f.problems
    for key in ("opening", "closing"):
        try:
            values[key] = markup.render(values[key]).html
        except markup.TooComplex as error:
            f.problem(top.key_lines[key], f"{key} 的第 {error.line} 行：{error}")
    if f.problems:
        return None, f.problems
    return Bulletin(**flags, **values), []


def _read_title(f: Fields, top) -> tuple[str | None, tuple[str, ...]]:
    """The title, on one line (kaoping breaks it between words) or as a list of its lines (the
    clerk chose the breaks: 梯形 or 菱形, GB/T 9704-2012 7.3.1)."""
    node = top.get("title")
    if not isinstance(node, Seq):
        title = f.text(top, "title")
        return title, tuple(doctitle.title_lines(title)) if title else ()
    lines = []
    for item in node:
        if not isinstance(item, Scalar) or item.is_null or not item.text.strip():
            f.problem(getattr(item, "line", node.line), "title 分行写时，每一行都要写文字，如：\n"
                      "title:\n  - 关于2017年度局属各单位\n  - 社会治安综合治理考评结果的通报")
            return None, ()
        line = item.text.strip()
        if doctitle.width(line) > doctitle.CHARS_PER_LINE:
            f.problem(item.line, f"标题的这一行有{doctitle.width(line):g}个字，2号字一行最多排{doctitle.CHARS_PER_LINE}个字："
                      "请在词与词之间再分一行。")
        lines.append(line)
    if not lines:
        f.problem(node.line, "title 后面没有填写内容。")
        return None, ()
    return "".join(lines), tuple(lines)


def unit_years(content: Path, folders: UnitFolders | None = None) -> dict[str, list[int]]:
    """Which years each unit id has a file in (its history)."""
    folders = folders or UnitFolders(content)
    years: dict[str, list[int]] = {}
    for year in find_years(content):
        for entry in folders.entries(year):  # by name
            name = entry.name
            if name.endswith(".yaml") and ID_PATTERN.fullmatch(name[:-5]):
                years.setdefault(name[:-5], []).append(year)
    return years
