"""The command line: kaoping build | check | serve (SPEC §7).

Exit codes: 0 success, 1 invalid content (every problem listed, as path:line: message),
2 bad usage.
"""

from __future__ import annotations

import argparse
import datetime
import errno
import gc
import os
import re
import sys
import time
import unicodedata
from pathlib import Path


from . import __version__
from .archive import check_unpublished, new_year, publish, verify
from .build import build, choose_years, score_years
from .exports import net_label, section_values
from .fields import plain_number
from .places import check_output
from .problems import ContentError, UsageError
from .themes import choose_theme
from .write import recover_output


class _Layout(argparse.RawDescriptionHelpFormatter):
    """argparse's layout with Chinese headings; examples keep their lines. Each option's help goes
    on the line below it: argparse aligns columns by characters, and a Chinese one is two wide."""

    def __init__(self, prog, max_help_position=6):
        super().__init__(prog, max_help_position=max_help_position)

    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


# argparse's own messages (Python 3.9–3.13) that a clerk may meet, in Chinese
_MESSAGES = [
    (r"the following arguments are required: (.+)", r"缺少 \1"),
    (r"unrecognized arguments: (.+)", r"不认识的参数：\1"),
    (r"argument 命令: invalid choice: '?([^' ]+)'? \(choose from (.+)\)", r"没有「\1」这个命令，可用的命令：\2"),
    (r"argument ([^:]+): expected one argument", r"\1 后面要写一个值"),
    (r"ambiguous option: (\S+) could match (.+)", r"\1 不完整，可能是 \2"),
    (r"argument ([^:]+): (?=\1)", ""),  # our own messages that name the option already
    (r"argument ([^:]+): (.+)", r"\1：\2"),
]


class _Parser(argparse.ArgumentParser):
    commands: dict[str, argparse.ArgumentParser] = {}  # of the top-level parser: its sub-commands'

    def __init__(self, *args, example: str = "", layout=_Layout, **kwargs):
        super().__init__(*args, formatter_class=layout, add_help=False, epilog=example and "例子：\n" + example,
                         **kwargs)
        self._positionals.title, self._optionals.title = "参数", "选项"
        self.add_argument("-h", "--help", action="help", help="显示这段说明")

    def format_help(self) -> str:
        # argparse ends every section heading with an ASCII colon; Chinese text takes the full-width one
        return re.sub(r"(?m)^(参数|选项|命令):$", r"\1：", super().format_help())

    def error(self, message):  # exit 2, with the usage and a pointer to --help
        for english, chinese in _MESSAGES:
            message = re.sub(english, chinese, message)
        message = message.replace("', '", "、").replace("'", "")
        self.print_usage(sys.stderr)
        self.exit(2, f"kaoping：用法错误：{message}\n请运行 {self.prog} --help 查看用法。\n")


def _number(kind: str, low: int, high: int):
    def read(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            raise argparse.ArgumentTypeError(f"「{text}」不是{kind}（应为 {low} 到 {high} 之间的整数）")
        return value
    return read


_YEAR = _number("年份", 1900, 2999)


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"「{text}」不是日期，请写成 2018-01-05 这样") from None


def _port(text: str) -> int:
    """A TCP port a browser can be sent to (0 would mean "any": the printed address would be wrong)."""
    try:
        port = int(text)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"--port {text} 不是可用的端口：请写 1 到 65535 之间的整数，例如 --port 8000。")
    return port


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="kaoping", description="综治考评：校验各单位的考评记录，计分，生成通报网站。",
                     example="  kaoping check            校验并打印排名\n"
                             "  kaoping build            生成全部年度的网站（在 site 文件夹）\n"
                             "  kaoping serve --open     生成并在浏览器里预览，保存文件后自动刷新\n"
                             "  kaoping build --help     看 build 命令的全部选项",
                     layout=lambda prog: _Layout(prog, max_help_position=16))
    parser.add_argument("--version", action="version", version=f"kaoping {__version__}", help="显示版本号")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser, title="命令",
                                     metavar="命令", help="（每个命令后加 --help 看它的全部选项）")

    def command(name: str, summary: str, example: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, help=summary, description=summary + "。", example=example)

    def content_option(sub):
        sub.add_argument("--content", type=Path, default=Path("content"), metavar="文件夹",
                         help="内容文件夹（默认 ./content）")

    def output_option(sub):
        sub.add_argument("--output", type=Path, default=Path("site"), metavar="文件夹",
                         help="网站（输出）文件夹（默认 ./site）")

    def site_options(sub):
        content_option(sub)
        sub.add_argument("--theme", type=Path, default=None, metavar="文件夹",
                         help="模板文件夹（默认：内容文件夹旁边的 theme，没有就用 kaoping 自带的模板）")
        output_option(sub)
        sub.add_argument("--year", type=_YEAR, action="append", metavar="年份",
                         help="只处理这一年（可写多次；默认全部年度）")

    build = command("build", "生成网站", "  kaoping build\n  kaoping build --year 2017 --output D:\\内网\\考评\n"
                                          "  kaoping build --reopen 2017        更正已发布的 2017 年")
    site_options(build)
    build.add_argument("--reopen", type=_YEAR, action="append", metavar="年份",
                       help="更正已发布的年度：按改动后的内容重新生成并记录更正日期")
    build.add_argument("--jobs", type=_number("进程数", 1, 64), default=None, metavar="数目",
                       help="同时生成几个年度（默认按 CPU 核数；结果与逐个生成相同）")
    publish = command("publish", "把一个年度标记为已发布（记录所有输入和输出文件的校验值）",
                      "  kaoping publish 2017 --date 2018-01-05")
    site_options(publish)
    publish.add_argument("publish_year", type=_YEAR, metavar="年份", help="要发布的年度")
    publish.add_argument("--date", type=_date, default=None, metavar="日期", help="发布日期，如 2018-01-05（默认今天）")
    verify = command("verify", "核对归档的年度文件夹与发布时的清单是否一致",
                     "  kaoping verify\n  kaoping verify 2017 --output E:\\归档\\site")
    output_option(verify)
    verify.add_argument("--content", type=Path, default=Path("content"), metavar="文件夹",
                        help="内容文件夹（默认 ./content）：有 published.json 时也与它比对")
    verify.add_argument("verify_year", type=_YEAR, nargs="?", metavar="年份", help="只核对这一年（默认全部已发布的年度）")
    new_year = command("new-year", "以最近一年为底稿开始新的年度", "  kaoping new-year 2018")
    content_option(new_year)
    new_year.add_argument("new_year", type=_YEAR, metavar="年份", help="新的年度")
    check = command("check", "校验并计分，打印排名，不写任何文件", "  kaoping check\n  kaoping check --year 2017")
    content_option(check)
    check.add_argument("--year", type=_YEAR, action="append", metavar="年份", help="只处理这一年（可写多次）")
    serve = command("serve", "生成并预览网站，保存文件后自动重新生成、刷新页面",
                    "  kaoping serve --open\n  kaoping serve --port 8001\n"
                    "  kaoping serve --host 0.0.0.0      让同一局域网的电脑也能打开预览")
    site_options(serve)
    serve.add_argument("--host", default="127.0.0.1", metavar="地址",
                       help="预览地址（默认 127.0.0.1，只有本机能打开；写 0.0.0.0 则局域网里的电脑也能打开）")
    serve.add_argument("--port", type=_port, default=8000, metavar="端口",
                       help="预览服务器的端口（默认 8000；被占用时换一个，如 8001）")
    serve.add_argument("--open", action="store_true", help="启动后用默认浏览器打开预览页")
    parser.commands = commands.choices
    return parser


def main(argv: list[str] | None = None) -> int:
    if argv is None:  # the process is this one command (not a test calling main again and again)
        # what is imported by now lives as long as the process: the cycle collector, which a build
        # runs once per year (build.build_year), need not scan it again (a fifth of a 1 × 40 build)
        gc.freeze()
    _console_never_fails()
    parser = _parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown:  # told by the command's own parser, so that the hint names the command
        parser.commands[args.command].error(f"unrecognized arguments: {' '.join(unknown)}")
    if "theme" in args:
        args.theme = choose_theme(args.content, args.theme)
    try:
        if "output" in args:  # before anything is read or written
            check_output(args.output, getattr(args, "content", None), getattr(args, "theme", None))
            finished = recover_output(args.output)
            if finished:
                print(f"kaoping：{finished}", file=sys.stderr)
        if args.command == "check":
            return _check(args)
        if args.command == "build":
            started = time.perf_counter()
            report = build(args.content, args.theme, args.output, args.year, args.reopen, args.jobs)
            print(_report_line(report, args.output, time.perf_counter() - started))
            return 0
        if args.command == "publish":
            return _publish(args)
        if args.command == "verify":
            return _verify(args)
        if args.command == "new-year":
            made = new_year(args.content, args.new_year)
            year = str(args.new_year)
            print(f"已建立 {year} 年的内容（{len(made)} 个文件）：{args.content / 'rules' / year} 和 "
                  f"{args.content / 'units' / year}。通报文字已标为草稿，定稿后删去 bulletin.yaml 里的 draft 一行；"
                  "考评细则原文（rules.md）和方案（scheme.yaml）沿用上一年，如有新细则请替换。")
            return 0
        if args.command == "serve":
            from .serve import serve

            return serve(args)
    except ContentError as error:
        _print_problems(error)
        return 1
    except UsageError as error:
        print(f"kaoping：{error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # Ctrl-C: nothing half-done is swapped in (build.py)
        print("\nkaoping：已中断，网站保持原样。", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `kaoping check | head`: the reader has seen enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except OSError as error:  # a read-only or full disk: what was there stays as it was
        where = f"{error.filename}：" if error.filename else ""
        hint = "磁盘空间不足。" if error.errno == errno.ENOSPC else ""
        print(f"kaoping：无法读写文件（{where}{error.strerror}）。{hint}已有的网站保持原样。", file=sys.stderr)
        return 1
    return 2


def _console_never_fails() -> None:
    """No message may stop kaoping: where the console cannot show a character (Python writes a redirected
    Windows console in its code page, GBK/936 in China; a unit name may hold a rare character), it
    is shown as "?" instead of raising UnicodeEncodeError. stderr already does so (backslashreplace)."""
    if hasattr(sys.stdout, "reconfigure"):  # not a test's StringIO
        sys.stdout.reconfigure(errors="replace")


def _report_line(report, output: Path, seconds: float) -> str:
    parts = []
    if report.built:
        parts.append(f"已生成 {'、'.join(map(str, report.built))} 年（写入 {report.written} 个有变化的文件）")
    for year, changed in report.corrected:
        parts.append(f"已记录 {year} 年的更正（{'；'.join(changed) or '内容未变'}），各页注明更正日期")
    if report.unchanged:
        parts.append(f"{'、'.join(map(str, report.unchanged))} 年内容未变，保持原样")
    return f"{'；'.join(parts)}，输出在 {output}（{seconds:.2f} 秒）。"


def _publish(args) -> int:
    year = str(args.publish_year)
    check_unpublished(args.content, args.publish_year)
    build(args.content, args.theme, args.output, [args.publish_year],
          fresh=[args.publish_year])  # every file of the site rendered afresh
    manifest = publish(args.content, args.theme, args.output, args.publish_year, args.date or datetime.date.today())
    print(f"{args.publish_year} 年已发布（{manifest.published}）：记录了 {len(manifest.inputs)} 个输入文件和 "
          f"{len(manifest.outputs)} 个输出文件的校验值，见 {args.content / 'rules' / year / 'published.json'}；"
          f"{args.output / year / 'manifest.json'} 是随网站归档的副本。")
    return 0


def _verify(args) -> int:
    problems, checked = verify(args.output, [args.verify_year] if args.verify_year else None, args.content)
    for line in problems:
        print(line, file=sys.stderr)
    if problems:
        print(f"核对不一致：共 {len(problems)} 处。", file=sys.stderr)
        return 1
    if not checked:
        print(f"{args.output} 下没有已发布（带 manifest.json）的年度。")
        return 0
    print(f"{'、'.join(checked)} 年与发布时的清单完全一致。")
    return 0


def _print_problems(error: ContentError) -> None:
    for problem in error.problems:
        print(problem, file=sys.stderr)
    print(f"共 {len(error.problems)} 处问题，未生成任何文件。请按提示修改后再运行。", file=sys.stderr)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    space = " " * max(0, width - _width(text))
    return space + text if right else text + space


def _check(args) -> int:
    years = choose_years(args.content, args.year)
    for scored in score_years(args.content, years):
        year = scored.result
        net = net_label(year)
        labels = [s.label for s in year.scheme.sections] + [net]
        header = ["名次", "单位"] + labels + ["总分", "等次", "情形"]
        rows = []
        for r in year.units:
            values = section_values(year, r)
            rows.append([str(r.rank), r.unit.display_name] + [plain_number(values[x]) for x in labels]
                        + [plain_number(r.total), r.grade, "、".join(r.condition_names())])
        widths = [max(_width(row[i]) for row in rows + [header]) for i in range(len(header))]
        numeric = set(range(2, len(labels) + 3)) | {0}
        print(f"{year.scheme.year} 年，{len(rows)} 个单位：")
        for row in [header] + rows:
            print("  ".join(_pad(cell, widths[i], i in numeric) for i, cell in enumerate(row)).rstrip())
        print()
    return 0


if __name__ == "__main__":  # python -m kaoping.cli; a spawned worker imports this module without running it
    sys.exit(main())
