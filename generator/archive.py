"""The yearly archive: publish a year, verify archived folders, start the next year.

A published year has content/rules/<year>/published.json: when it was published, the sha256
of every input (unit files, scheme, rules text, 通报 text, theme files) and of every output
file, and the corrections made since. A copy ships as site/<year>/manifest.json, so a folder
copied to another server can be verified without the content.
"""

from __future__ import annotations

import datetime
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .fingerprints import differences, folder_contents, input_hashes, part_sha, read_part, read_stamp, sha256
from .problems import ContentError, Problem, UsageError
from .state import state_folder
from .write import write_file
from .written import Written
from .yamltree import Map, Scalar, read_yaml

PUBLISHED = "published.json"
MANIFEST = "manifest.json"


@dataclass
class Manifest:
    year: int
    published: str  # ISO date
    inputs: dict[str, str]  # "units/2017/a.yaml" / "theme/templates/unit.html" → sha256
    outputs: dict[str, str]  # path inside the year folder → sha256 (manifest.json itself excluded)
    corrections: list[dict] = field(default_factory=list)  # {"date": …, "changed": ["被改动 units/…", …]}
    # the earlier years' totals the unit pages showed when published ({id: [[year, total], …]}):
    # kept, so that correcting an earlier year later never changes what this year published
    history: dict[str, list] = field(default_factory=dict)

    def to_bytes(self) -> bytes:
        data = {"year": self.year, "published": self.published, "corrections": self.corrections,
                "inputs": dict(sorted(self.inputs.items())), "outputs": dict(sorted(self.outputs.items())),
                "history": dict(sorted(self.history.items()))}
        return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")

    @classmethod
    def from_bytes(cls, raw: bytes) -> "Manifest":
        """The record, checked whole before any field is used: a hand-edited or truncated one
        raises ValueError with a Chinese sentence saying what is wrong."""
        try:
            data = json.loads(raw.decode("utf-8"))
        except ValueError as error:
            raise ValueError(f"不是有效的 JSON 文件（{error}）") from None
        wrong = _manifest_problem(data)
        if wrong:
            raise ValueError(wrong)
        return cls(data["year"], data["published"], data["inputs"], data["outputs"], data.get("corrections", []),
                   data.get("history", {}))


def _is_date(value) -> bool:
    try:
        datetime.date.fromisoformat(value)
        return True
    except (TypeError, ValueError):
        return False


def _is_total(value) -> bool:
    return isinstance(value, str) and re.fullmatch(r"-?[0-9]{1,9}(\.[0-9]+)?", value) is not None


def _text_map(value) -> bool:
    return isinstance(value, dict) and all(isinstance(v, str) for v in value.values())


_MANIFEST_FIELDS = {  # field → (is it right, what it should be)
    "year": (lambda v: type(v) is int and 1000 <= v <= 9999, "四位数的年份"),
    "published": (_is_date, "日期，如 \"2018-01-20\""),
    "inputs": (_text_map, "文件名到校验值的对象 {…}"),
    "outputs": (_text_map, "文件名到校验值的对象 {…}"),
    "corrections": (lambda v: isinstance(v, list) and all(
        isinstance(c, dict) and _is_date(c.get("date")) and isinstance(c.get("changed"), list) for c in v),
        "更正记录的列表 [{\"date\": …, \"changed\": […]}]"),
    "history": (lambda v: isinstance(v, dict) and all(isinstance(points, list) and all(
        isinstance(p, list) and len(p) == 2 and type(p[0]) is int and _is_total(p[1]) for p in points)
        for points in v.values()), "各单位往年总分的对象 {…}"),
}


def _manifest_problem(data) -> str | None:
    """What is wrong with the shape of a parsed published.json / manifest.json, or None."""
    if not isinstance(data, dict):
        return "内容应是一个 JSON 对象 {…}，这里不是"
    missing = [key for key in ("year", "published", "inputs", "outputs") if key not in data]
    if missing:
        return f"缺少 {'、'.join(missing)}"
    for key, (right, words) in _MANIFEST_FIELDS.items():
        if key in data and not right(data[key]):
            return f"{key} 应是{words}"
    return None


def read_published(content: Path, year: int) -> Manifest | None:
    """The year's publication record, or None if it was not published. A record that cannot be read,
    or that names another year (a rules folder copied with its record), is refused: it would freeze
    or unfreeze the wrong year."""
    path = content / "rules" / str(year) / PUBLISHED
    if not path.is_file():
        return None
    raw = path.read_bytes()
    try:
        manifest = Manifest.from_bytes(raw)
    except ValueError as error:
        raise ContentError([Problem(str(path), 1, f"发布记录已损坏：{error}。它由 kaoping publish 写成，请从备份恢复这个文件"
                                    f"（网站里的 {year}/{MANIFEST} 是它的副本）。")]) from None
    if manifest.year != year:
        line = next((n for n, text in enumerate(raw.decode("utf-8").splitlines(), 1) if '"year"' in text), 1)
        raise ContentError([Problem(str(path), line, f"这份发布记录写的是 {manifest.year} 年，却在 {year} 年的文件夹里"
                                    f"（多半是连同 rules/{manifest.year} 文件夹一起复制过来的）。{year} 年并没有因此发布："
                                    f"请删除这个文件；{manifest.year} 年的记录在 rules/{manifest.year}/{PUBLISHED}。")])
    return manifest


def write_published(content: Path, manifest: Manifest) -> None:
    write_file(content / "rules" / str(manifest.year) / PUBLISHED, manifest.to_bytes())


def check_unpublished(content: Path, year: int) -> None:
    """Publishing twice is refused (a correction is a --reopen build, which says so on the pages)."""
    if read_published(content, year) is not None:
        raise UsageError(f"{year} 年已经发布过。要更正已发布的通报，请修改内容后运行 kaoping build --reopen {year}。")


def publish(content: Path, theme: Path, output: Path, year: int, date: datetime.date) -> Manifest:
    """Record the year, just built afresh into `output` (cli.py builds it first), as published: the
    hashes of its inputs and of the files kaoping made, and the earlier years' totals its pages show."""
    written = Written(content, output)
    place = output / str(year) / MANIFEST
    if os.path.lexists(place):  # someone's file of that name: kaoping makes it only when publishing
        raise UsageError(f"{place} 不是 kaoping 生成的，发布会覆盖它，所以没有发布；请把它移到别处后再运行。")
    # what kaoping made, not what else the folder holds (the clerk's files stay, unpublished)
    state = state_folder(content, output)
    manifest = Manifest(year, date.isoformat(), input_hashes(content, theme, year), written.year(str(year)),
                        history=read_part(state, year, "work", part_sha(read_stamp(state, year), "work"))["history"])
    write_published(content, manifest)
    write_file(place, manifest.to_bytes())
    written.add(f"{year}/{MANIFEST}", sha256(manifest.to_bytes()))
    return manifest


def verify(output: Path, years: list[int] | None, content: Path | None = None) -> tuple[list[str], list[str]]:
    """Check archived year folders against their manifest.json, and each manifest against the content's
    published.json where that is there (a page changed together with its hash in the copy shows then).
    Returns (problems, years checked)."""
    if not output.is_dir():
        raise UsageError(f"找不到文件夹 {output}：请用 --output 指定网站（归档）所在的文件夹。")
    problems, checked = [], []
    folders = [output / str(y) for y in years] if years else sorted(
        p for p in output.iterdir() if (p.is_dir() or p.is_symlink()) and p.name.isdigit())
    for folder in folders:
        if folder.is_symlink():
            problems.append(f"{folder}: 年度文件夹被换成了符号链接（指向 {os.readlink(folder)}）：归档的年度应是真实的文件夹，"
                            "请换回发布时的文件夹。")
            continue
        manifest_path = folder / MANIFEST
        record = _published_record(content, folder.name, problems)
        if not manifest_path.is_file() or manifest_path.is_symlink():
            if years or record is not None:
                problems.append(f"{folder}: 没有 {MANIFEST}：这一年没有发布过（或清单被删除），无法核对。")
            continue
        try:
            manifest = Manifest.from_bytes(manifest_path.read_bytes())
        except (ValueError, KeyError, TypeError) as error:
            problems.append(f"{manifest_path}: 清单文件已损坏（{error}）。")
            continue
        hashes, links = folder_contents(folder, MANIFEST)
        problems += [f"{folder}: {name} 被换成了符号链接（指向 {target}）" for name, target in links.items()]
        problems += [f"{folder}: {line}" for line in differences(manifest.outputs, hashes)
                     if line.split(" ", 1)[1] not in links]
        if record is not None and record.to_bytes() != manifest_path.read_bytes():
            changed = differences(record.outputs, manifest.outputs)
            problems.append(f"{manifest_path}: 与发布记录 {content / 'rules' / folder.name / PUBLISHED} 不一致"
                            f"（{'；'.join(changed[:5]) or '日期、输入或更正记录不同'}）：归档里的清单被改动过。")
        checked.append(folder.name)
    return problems, checked


def _published_record(content: Path | None, name: str, problems: list[str]) -> Manifest | None:
    if content is None or not name.isdecimal():
        return None
    try:
        return read_published(content, int(name))
    except ContentError as error:  # a record of the wrong shape, said with its file
        problems += [str(problem) for problem in error.problems]
        return None
    except (OSError, ValueError, KeyError, TypeError) as error:
        problems.append(f"{content / 'rules' / name / PUBLISHED}: 发布记录无法读取（{error}），无法与归档的清单比对。")
        return None


_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


def new_year(content: Path, year: int) -> list[Path]:
    """Start `year` from the latest earlier year: scheme, rules text and 通报 text copied (the 通报
    marked as draft), one unit file per unit with its name and level and nothing assessed yet."""
    from .content import find_years, load_year

    earlier = [y for y in find_years(content) if y < year]
    if (content / "rules" / str(year)).exists() or (content / "units" / str(year)).exists():
        raise UsageError(f"{year} 年的内容已经存在（{content / 'rules' / str(year)} 或 {content / 'units' / str(year)}），不会覆盖。")
    if not earlier:
        raise UsageError(f"没有 {year} 年之前的年度可以作为起点。")
    previous = earlier[-1]
    loaded = load_year(content, previous)  # the previous year must be valid to copy from
    shift = year - previous

    def shifted(text: str) -> str:
        return _YEAR.sub(lambda m: str(int(m.group(1)) + shift), text)

    source, rules = content / "rules" / str(previous), content / "rules" / str(year)
    units = content / "units" / str(year)
    rules.mkdir(parents=True)
    units.mkdir(parents=True)
    made = []
    scheme_text = (source / "scheme.yaml").read_text("utf-8")
    (rules / "scheme.yaml").write_text(shifted(scheme_text), "utf-8")
    (rules / "rules.md").write_bytes((source / "rules.md").read_bytes())
    bulletin = shifted((source / "bulletin.yaml").read_text("utf-8"))
    bulletin = re.sub(r"(?m)^draft:.*\n", "", bulletin)
    (rules / "bulletin.yaml").write_text(
        "draft: true                    # 草稿：定稿后删去这一行\n" + bulletin, "utf-8")
    made += [rules / "scheme.yaml", rules / "rules.md", rules / "bulletin.yaml"]
    for unit in loaded.units:
        path = units / f"{unit.id}.yaml"
        path.write_text(_blank_unit(unit, loaded.scheme, year), "utf-8")
        made.append(path)
    return made


def _blank_unit(unit, scheme, year: int) -> str:
    method = scheme.poll[unit.level]
    if method.bands:
        poll = "poll:\n  score: 100                       # 第三方民调得分，出结果后改写\n"
    else:
        counts = "".join(f"  {_yaml_text(answer, '{}: 0')}: 0\n" for answer, _ in method.per_person)
        poll = "poll:                              # 问卷各档人次，没有也写 0\n" + counts
    short = f"short: {_yaml_text(unit.short)}\n" if unit.short else ""
    return (
        f"# {year}年度 {unit.name}。下面各项在考评中发现情况时填写，写法见 README。\n"
        f"name: {_yaml_text(unit.name)}\n{short}level: {_yaml_text(unit.level)}\n{poll}"
        "deductions:                        # 扣分，如：（写时删去各行开头的「#」）\n"
        "#  - rule: 评查缺次\n#    count: 1\n#    note: 第三季度未开展综治工作评查\n"
        "bonuses:                           # 加分，如：\n"
        "#  - rule: 经验推介省级\n#    note: 省级主流媒体报道本单位网格化管理经验\n"
        "penalties:                         # 履职减分，如：\n"
        "#  - rule: 未报计划总结\n#    note: 未报送年度综治工作计划\n"
        "findings:                          # 考评分类情形，如：\n"
        "#  - rule: 挂牌督办\n#    note: 被市综治委挂牌督办，整改已验收合格\n"
    )


def _yaml_text(value: str, line: str = "value: {}") -> str:
    """`value` written so that kaoping reads it back unchanged, in the place `line` puts it: as it
    is where that holds (市建设工程质量安全监督站), else in double quotes ("市建设局 #2 分局", "null",
    "[一]", "*号"), JSON's escapes being YAML's too."""
    tree, problems = read_yaml(line.format(value).encode("utf-8"), "")
    if not problems and isinstance(tree, Map) and len(tree) == 1:
        key, node = next(iter(tree.items()))
        read = key if line.startswith("{}") else node.text if isinstance(node, Scalar) and not node.is_null else None
        if read == value:
            return value
    return json.dumps(value, ensure_ascii=False)
