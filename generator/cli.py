"""The command line: kaoping build | check | serve (SPEC §7).

Exit codes: 0 success, 1 invalid content (every problem listed, as path:line: message),
2 bad usage.
"""

from __future__ import annotations

import argparse
import datetime
import errno
import os
import sys
import time
import unicodedata
from pathlib import Path


from .archive import new_year, publish, verify
from .build import UsageError, build, choose_years, score_years
from .exports import net_label, section_values
from .fields import plain_number
from .places import check_output
from .problems import ContentError
from .write import recover_output


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse's own wording, with a pointer to --help, exit 2
        self.print_usage(sys.stderr)
        self.exit(2, f"kaoping：用法错误：{message}\n请运行 kaoping {self.prog.split()[-1]} --help 查看用法。\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="kaoping", description="综治考评：校验、计分并生成静态网站。")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def content_options(command, with_output=True):
        command.add_argument("--content", type=Path, default=Path("content"), help="内容文件夹（默认 ./content）")
        if with_output:
            command.add_argument("--theme", type=Path, default=Path("theme"), help="模板文件夹（默认 ./theme）")
            command.add_argument("--output", type=Path, default=Path("site"), help="输出文件夹（默认 ./site）")
        command.add_argument("--year", type=int, action="append", metavar="Y", help="只处理这一年（可写多次）")

    build_command = commands.add_parser("build", help="生成网站")
    content_options(build_command)
    build_command.add_argument("--reopen", type=int, action="append", metavar="Y",
                               help="更正已发布的年度：按改动后的内容重新生成并记录更正日期")
    build_command.add_argument("--jobs", type=int, default=None, help="同时生成的进程数（默认按 CPU 核数）")
    publish = commands.add_parser("publish", help="把一个年度标记为已发布（记录所有输入和输出文件的校验值）")
    content_options(publish)
    publish.add_argument("publish_year", type=int, metavar="YEAR")
    publish.add_argument("--date", type=datetime.date.fromisoformat, default=None, help="发布日期（默认今天）")
    verify = commands.add_parser("verify", help="核对归档的年度文件夹与其清单是否一致")
    verify.add_argument("--output", type=Path, default=Path("site"))
    verify.add_argument("--content", type=Path, default=Path("content"),
                        help="内容文件夹（默认 ./content）：有 published.json 时也与它比对")
    verify.add_argument("verify_year", type=int, nargs="?", metavar="YEAR")
    new_year = commands.add_parser("new-year", help="以最近一年为底稿开始新的年度")
    new_year.add_argument("--content", type=Path, default=Path("content"))
    new_year.add_argument("new_year", type=int, metavar="YEAR")
    content_options(commands.add_parser("check", help="校验并计分，打印排名，不写任何文件"), with_output=False)
    serve = commands.add_parser("serve", help="生成、预览并在修改后自动刷新")
    content_options(serve)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=_port, default=8000, help="端口（1–65535，默认 8000）")
    return parser


def _port(text: str) -> int:
    """A TCP port a browser can be sent to (0 would mean "any": the printed address would be wrong)."""
    try:
        port = int(text)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"--port {text} 不是可用的端口：请写 1 到 65535 之间的整数，例如 --port 8000。")
    return port


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
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
            print(f"已建立 {args.new_year} 年的内容（{len(made)} 个文件）：{args.content}/rules/{args.new_year}/ 和 "
                  f"{args.content}/units/{args.new_year}/。通报文字已标为草稿，定稿后删去 bulletin.yaml 里的 draft 一行；"
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


def _report_line(report, output: Path, seconds: float) -> str:
    parts = []
    if report.built:
        parts.append(f"已生成 {'、'.join(map(str, report.built))} 年（写入 {report.written} 个有变化的文件）")
    for year, changed in report.corrected:
        parts.append(f"已记录 {year} 年的更正（{'；'.join(changed) or '内容未变'}），各页注明更正日期")
    if report.unchanged:
        parts.append(f"{'、'.join(map(str, report.unchanged))} 年内容未变，保持原样")
    return f"{'；'.join(parts)}，输出在 {output}/（{seconds:.2f} 秒）。"


def _publish(args) -> int:
    manifest = publish(args.content, args.theme, args.output, args.publish_year, args.date or datetime.date.today())
    print(f"{args.publish_year} 年已发布（{manifest.published}）：记录了 {len(manifest.inputs)} 个输入文件和 "
          f"{len(manifest.outputs)} 个输出文件的校验值，见 {args.content}/rules/{args.publish_year}/published.json；"
          f"{args.output}/{args.publish_year}/manifest.json 是随网站归档的副本。")
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


if __name__ == "__main__":
    sys.exit(main())
