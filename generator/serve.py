"""kaoping serve: build, serve the output folder, watch content/ and theme/, rebuild, reload.

livereload provides the browser side (its livereload.js and the websocket that tells open
pages to reload); the watching is ours, because livereload's own watcher polls every 0.8 s
and drops changes that come within 3 s of the last reload. Here:

- content/ and theme/ are polled (never the output, so no rebuild loop); a burst of saves
  is waited out and then built once;
- only the years whose files changed are rebuilt; a theme change rebuilds every year;
- a mistake keeps the last good pages and shows the problems in a banner on every served
  page (and in the terminal) until the files are fixed;
- files are served by tornado's StaticFileHandler, whose path checks keep every request
  inside the output folder. The only change to a served page is the injected script
  (and the banner while there are problems).
"""

from __future__ import annotations

import errno
import html
import os
import re
import sys
import time
from pathlib import Path

from livereload.handlers import ForceReloadHandler, LiveReloadHandler, LiveReloadJSHandler
from livereload.watcher import Watcher
from tornado import ioloop, web

from .build import build
from .problems import ContentError

_LEFTOVER = re.compile(r"(^\.|~$|\.swp$|\.swx$|\.tmp$)")
_SCRIPT = b'<script src="/livereload.js?port=__PORT__"></script>'
SETTLE = 0.05  # seconds a just-saved file must stay as it is before it is built


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


class Preview:
    """What is being previewed, and the problems of the last build of each year."""

    def __init__(self, content: Path, theme: Path, output: Path, years: list[int] | None):
        self.content, self.theme, self.output, self.years = content, theme, output, years
        self.problems: list[str] = []  # of the last build, shown on every page until fixed
        self.failing: set[int] | None = set()  # years whose last build failed; None: all
        self.seen = self.snapshot()
        self.pending: set[Path] = set()
        self.interval = 0.1

    def snapshot(self) -> dict[Path, tuple[int, int]]:
        """(mtime, size) of every file under content/ and theme/ — never the output, even inside them."""
        found = {}
        output = str(self.output.resolve())
        stack = [str(self.content), str(self.theme)]
        while stack:
            try:
                with os.scandir(stack.pop()) as entries:
                    for entry in entries:
                        if _LEFTOVER.search(entry.name):
                            continue
                        if entry.is_dir():
                            if os.path.realpath(entry.path) != output:
                                stack.append(entry.path)
                        else:
                            try:
                                stat = entry.stat()
                            except OSError:
                                continue
                            found[Path(entry.path)] = (stat.st_mtime_ns, stat.st_size)
            except OSError:
                continue
        return found

    def changed_years(self, paths: set[Path]) -> list[int] | None:
        """The years to rebuild for these changed files; None: all of them."""
        years = set()
        for path in paths:
            try:
                parts = path.relative_to(self.content).parts
            except ValueError:
                return self.years  # a theme file: every year
            if len(parts) >= 3 and parts[0] in ("units", "rules") and parts[1].isdigit():
                years.add(int(parts[1]))
            else:
                return self.years
        if self.years is not None:
            years &= set(self.years)
        return sorted(years)

    def rebuild(self, years: list[int] | None) -> None:
        """Build these years (None: all), plus every year whose last build failed."""
        if years is None or self.failing is None:
            target = self.years
        else:
            target = sorted(set(years) | self.failing)
        started = time.perf_counter()
        try:
            built = build(self.content, self.theme, self.output, target)
        except ContentError as error:
            self.fail(target, [str(p) for p in error.problems])
            print(f"共 {len(error.problems)} 处问题；网站仍是上次成功生成的样子。改正后保存即可自动更新。", file=sys.stderr)
            return
        except Exception as error:  # a template or disk problem: keep serving, say what it was
            self.fail(target, [f"生成失败：{type(error).__name__}：{error}"])
            return
        self.problems, self.failing = [], set()
        done = "、".join(str(y) for y in built.built) or "（内容未变）"
        print(f"已更新 {done} 年（{time.perf_counter() - started:.2f} 秒）", flush=True)

    def fail(self, target: list[int] | None, lines: list[str]) -> None:
        self.problems = lines
        self.failing = None if target is None else set(target)
        for line in lines:
            print(line, file=sys.stderr, flush=True)

    def poll(self) -> float:
        """Look for saved files; returns the seconds until the next look.

        A change is built once the files just saved have stayed as they are for SETTLE seconds,
        so the files of one save-all make one rebuild; between changes the whole tree is scanned
        no more often than 3× what a scan takes (a big archive costs more to stat).
        """
        if self.pending:
            settled = all(_stat(path) == self.seen.get(path) for path in self.pending)
            if not settled:
                self.seen.update({path: _stat(path) for path in self.pending})
                return SETTLE
            years = self.changed_years(self.pending)
            self.pending = set()
            if years != []:
                self.rebuild(years)
                LiveReloadHandler.reload_waiters("*")
            return self.interval  # whatever was saved meanwhile differs from `seen`: built next time
        started = time.perf_counter()
        now = self.snapshot()
        self.pending = {p for p in now.keys() | self.seen.keys() if now.get(p) != self.seen.get(p)}
        self.seen = now
        self.interval = max(0.1, 3 * (time.perf_counter() - started))
        return SETTLE if self.pending else self.interval

    def banner(self) -> bytes:
        lines = self.problems
        if not lines:
            return b""
        items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
        return (
            '<div id="kaoping-problems" role="alert" style="position:relative;z-index:9999;margin:0;'
            "padding:12px 16px;background:#fbe9ea;color:#7a0b10;border-bottom:3px solid #a4161a;"
            'font:15px/1.6 sans-serif">'
            f"<strong>内容有 {len(lines)} 处问题，下面的页面仍是上次成功生成的结果。改正并保存后会自动刷新：</strong>"
            f'<ul style="margin:.3em 0 0;padding-left:1.4em">{items}</ul></div>'
        ).encode("utf-8")


class _Inject(web.OutputTransform):
    """Adds the reload script (and the problems banner) to HTML pages as they are served."""

    preview: Preview
    script: bytes

    def transform_first_chunk(self, status_code, headers, chunk, finishing):
        if "html" in headers.get("Content-Type", "") and b"</head>" in chunk:
            original = len(chunk)
            chunk = chunk.replace(b"</head>", self.script + b"</head>", 1)
            banner = self.preview.banner()
            body = re.search(rb"<body[^>]*>", chunk)
            if banner and body:
                chunk = chunk[: body.end()] + banner + chunk[body.end():]
            if "Content-Length" in headers:  # the file may come in several chunks: add what was inserted
                headers["Content-Length"] = str(int(headers["Content-Length"]) + len(chunk) - original)
        return status_code, headers, chunk


class _Files(web.StaticFileHandler):
    def validate_absolute_path(self, root, absolute_path):
        checked = super().validate_absolute_path(root, absolute_path)  # tornado's own path checks first
        # kaoping's own bookkeeping (.kaoping/, a half-built .2017.new/) is not part of the site
        if checked is not None and any(part.startswith(".") for part in Path(os.path.normpath(self.path)).parts):
            raise web.HTTPError(404)
        return checked

    def set_extra_headers(self, path):
        self.set_header("Cache-Control", "no-store")  # the preview must never show a stale page

    def write_error(self, status_code, **kwargs):
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(
            f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{status_code}</title></head>'
            f'<body><p>找不到这个页面（{status_code}）。<a href="/index.html">回到历年考评</a></p></body></html>'
        )


def serve(args) -> int:
    try:
        return _serve(args)
    except KeyboardInterrupt:  # Ctrl-C, even during the first build
        print("\n预览已停止。")
        return 0


def _serve(args) -> int:
    preview = Preview(args.content, args.theme, args.output, args.year)
    preview.rebuild(args.year)
    LiveReloadHandler.watcher = Watcher()  # never started: our Preview.poll does the watching
    LiveReloadHandler.DEFAULT_RELOAD_TIME = 0  # never drop a reload that follows another closely
    _Inject.preview = preview
    _Inject.script = _SCRIPT.replace(b"__PORT__", str(args.port).encode())
    app = web.Application(
        [
            (r"/livereload", LiveReloadHandler),
            (r"/forcereload", ForceReloadHandler),
            (r"/livereload.js", LiveReloadJSHandler),
            (r"/(.*)", _Files, {"path": str(args.output.resolve()), "default_filename": "index.html"}),
        ],
        transforms=[_Inject],
    )
    try:
        app.listen(args.port, address=args.host)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            print(f"kaoping：端口 {args.port} 已被占用。请关闭占用它的程序，或换一个端口：kaoping serve --port {args.port + 1}",
                  file=sys.stderr)
        else:
            print(f"kaoping：无法在 {args.host}:{args.port} 上启动预览（{error.strerror}）。", file=sys.stderr)
        return 2
    loop = ioloop.IOLoop.current()

    def tick():
        loop.call_later(preview.poll(), tick)

    loop.call_later(preview.interval, tick)
    print(f"预览地址：http://{args.host}:{args.port}/  （按 Ctrl-C 停止）", flush=True)
    try:
        loop.start()
    except KeyboardInterrupt:
        print("\n预览已停止。")
    return 0

