"""The command line: kaoping build | check | serve (SPEC §7).

Exit codes: 0 success, 1 invalid content (every problem listed, as path:line: message),
2 bad usage.
"""

from __future__ import annotations

import argparse
import sys
import time
import unicodedata
from pathlib import Path

import jinja2

from .build import UsageError, build, choose_years, score_years
from .exports import net_label, section_values
from .fields import plain_number
from .problems import ContentError


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

    content_options(commands.add_parser("build", help="生成网站"))
    content_options(commands.add_parser("check", help="校验并计分，打印排名，不写任何文件"), with_output=False)
    serve = commands.add_parser("serve", help="生成、预览并在修改后自动刷新")
    content_options(serve)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "check":
            return _check(args)
        if args.command == "build":
            started = time.perf_counter()
            built = build(args.content, args.theme, args.output, args.year)
            years = "、".join(str(y.content.year) for y in built)
            print(f"已生成 {years} 年的网站到 {args.output}/（{time.perf_counter() - started:.2f} 秒）。")
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
    except jinja2.TemplateError as error:
        print(f"{_template_place(error)}模板错误：{error}。未生成任何文件。", file=sys.stderr)
        return 1
    return 2


def _template_place(error: Exception) -> str:
    """theme/templates/x.html:12: — from the error itself or from the template frame of its traceback."""
    if getattr(error, "filename", None) and getattr(error, "lineno", None):
        return f"{error.filename}:{error.lineno}: "
    place = ""
    trace = error.__traceback__
    while trace is not None:
        if trace.tb_frame.f_code.co_filename.endswith(".html"):
            place = f"{trace.tb_frame.f_code.co_filename}:{trace.tb_lineno}: "
        trace = trace.tb_next
    return place


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
