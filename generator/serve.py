"""kaoping serve: build, serve the output folder, watch content/ and theme/, rebuild, reload.

livereload provides the browser side (livereload.js); the rest is ours: its watcher polls every
0.8 s and drops changes that come within 3 s of the last reload, and its websocket listens to
any site and fails on a message that is not JSON (and /forcereload let any page reload ours,
so there is none). Here:

- content/ and theme/ are polled (never the output, so no rebuild loop); a burst of saves
  is waited out and then built once;
- only the years whose files changed are rebuilt; a theme change rebuilds every year;
- a mistake keeps the last good pages and shows the problems in a banner on every served
  page (and in the terminal) until the files are fixed;
- files are served by tornado's StaticFileHandler, whose path checks keep every request
  inside the output folder. The only change to a served page is the injected script
  (and the banner while there are problems);
- only requests that name this computer are answered (see _App), so that no other site can
  read results that are not published yet;
- the server runs in a thread of its own and the rebuilds in the main thread, so pages are
  served while a rebuild runs (the last good ones, until it is done).
"""

from __future__ import annotations

import asyncio
import errno
import hashlib
import html
import ipaddress
import json
import os
import re
import socket
import sys
import threading
import time
from pathlib import Path

from livereload.handlers import LiveReloadJSHandler
from tornado import httpserver, ioloop, netutil, web
from tornado.websocket import WebSocketClosedError, WebSocketHandler

from .build import build
from .problems import ContentError

_LEFTOVER = re.compile(r"(^\.|~$|\.swp$|\.swx$|\.tmp$)")
_SCRIPT = b'<script src="/livereload.js?port=__PORT__"></script>'
SETTLE = 0.05  # seconds a just-saved file must stay as it is before it is built
LOOK = 0.05  # seconds between looks for saved files at the least (a scan of a clerk's year takes a millisecond)


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


def status_line(built: list[int], unchanged: list[int], first: bool, fixed: bool, seconds: float) -> str:
    """What a build of the preview did, in words: at start-up, after a save, after a fix."""
    took = f"（{seconds:.2f} 秒）"
    if built:
        years = "、".join(map(str, built))
        done = (f"已生成 {years} 年" if first else f"已修正：{years} 年已重新生成" if fixed else f"已重新生成 {years} 年")
        same = f"；{'、'.join(map(str, unchanged))} 年没有变化，保持原样" if unchanged else ""
        return done + same + took
    if first:
        return f"{'、'.join(map(str, unchanged))} 年的内容与已有的网页一致，直接预览{took}"
    if fixed:
        return f"已修正：内容与上次成功生成时相同，网页保持原样{took}"
    return f"内容没有变化，网页保持原样{took}"


class Preview:
    """What is being previewed, and the problems of the last build of each year."""

    def __init__(self, content: Path, theme: Path, output: Path, years: list[int] | None, port: int,
                 built=lambda: None):
        self.content, self.theme, self.output, self.years = content, theme, output, years
        self.built = built  # called after each rebuild: tells the open pages to reload
        self.script = _SCRIPT.replace(b"__PORT__", str(port).encode())
        self.problems: list[str] = []  # of the last build, shown on every page until fixed
        self.started = False  # whether the first build has been made
        self.failing: set[int] | None = set()  # years whose last build failed; None: all
        self.seen = self.snapshot()
        self.pending: set[Path] = set()
        self.interval = LOOK

    def snapshot(self) -> dict[Path, tuple[int, int]]:
        """(mtime, size) of every file under content/ and theme/ (the output never lies inside them:
        places.check_output refuses that before serve starts)."""
        found = {}
        stack = [str(self.content), str(self.theme)]
        entered = set()  # (device, inode) of every folder walked: two links to a parent are no endless walk
        while stack:
            try:
                folder = stack.pop()
                identity = os.stat(folder)
                if (identity.st_dev, identity.st_ino) in entered:
                    continue
                entered.add((identity.st_dev, identity.st_ino))
                with os.scandir(folder) as entries:
                    for entry in entries:
                        if _LEFTOVER.search(entry.name):
                            continue
                        if entry.is_dir():
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
        first, fixing = not self.started, bool(self.problems)
        self.started = True
        started = time.perf_counter()
        try:
            report = build(self.content, self.theme, self.output, target)
        except ContentError as error:
            self.fail(target, [str(p) for p in error.problems])
            print(f"共 {len(error.problems)} 处问题；网站仍是上次成功生成的样子。改正后保存即可自动更新。", file=sys.stderr)
            return
        except Exception as error:  # a template or disk problem: keep serving, say what it was
            self.fail(target, [f"生成失败：{type(error).__name__}：{error}"])
            return
        self.problems, self.failing = [], set()
        print(status_line(report.built, report.unchanged, first, fixing, time.perf_counter() - started), flush=True)

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
                self.built()
            return self.interval  # whatever was saved meanwhile differs from `seen`: built next time
        started = time.perf_counter()
        now = self.snapshot()
        self.pending = {p for p in now.keys() | self.seen.keys() if now.get(p) != self.seen.get(p)}
        self.seen = now
        self.interval = max(LOOK, 3 * (time.perf_counter() - started))
        return SETTLE if self.pending else self.interval

    def page(self, raw: bytes) -> bytes:
        """An HTML page as served: the reload script before </head>, the problems box (if any)
        after <body>. The whole page is made before answering, so that its length, HEAD and
        Range answers all describe the bytes actually sent."""
        page = raw.replace(b"</head>", self.script + b"</head>", 1)
        box = self.banner()
        body = re.search(rb"<body[^>]*>", page)
        if box and body:
            page = page[: body.end()] + box + page[body.end():]
        return page

    def banner(self) -> bytes:
        """The problems box, while there are problems. It is fixed to the top of the window, over
        everything, so that it is in view whatever the scroll position a reload keeps; it can be
        folded to a small tab in the bottom corner (so it does not hide the page's own header),
        and stays folded over reloads until the problems change."""
        lines = self.problems
        if not lines:
            return b""
        items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
        signature = hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:16]
        return (
            f'<div id="kaoping-problems" role="alert" data-problems="{signature}"><style>{_BOX_STYLE}</style>'
            f"<details open><summary>内容有 {len(lines)} 处问题<span>，页面仍是上次成功生成的结果。改正并保存后会自动刷新。</span>"
            "</summary>"
            f"<ul>{items}</ul></details><script>{_BOX_SCRIPT}</script></div>"
        ).encode("utf-8")


# The problems box's own look: every rule under its id, so neither it nor the page's style touches
# the other; hidden in print (the preview is for the screen).
_BOX_STYLE = (
    "#kaoping-problems{position:fixed;top:0;left:0;right:0;z-index:2147483647;box-sizing:border-box;"
    "max-height:45vh;overflow:auto;margin:0;padding:8px 16px;background:#fbe9ea;color:#7a0b10;"
    "border-bottom:3px solid #a4161a;box-shadow:0 2px 8px rgba(0,0,0,.3);font:15px/1.6 sans-serif;text-align:left}"
    "#kaoping-problems.kp-folded{top:auto;bottom:0;left:auto;border:3px solid #a4161a;border-bottom:0;"
    "border-right:0;border-radius:8px 0 0 0;padding:4px 12px}"
    "#kaoping-problems.kp-folded summary span{display:none}"
    "#kaoping-problems summary{cursor:pointer;font-weight:bold}"
    '#kaoping-problems summary::after{content:"（收起）";font-weight:normal;text-decoration:underline}'
    '#kaoping-problems.kp-folded summary::after{content:"（展开）"}'
    "#kaoping-problems ul{margin:.3em 0 0;padding-left:1.4em}"
    "@media print{#kaoping-problems{display:none}}"
)
# Folding is remembered for the tab (sessionStorage) under the problems' signature: the same
# problems stay folded over reloads, new ones open the box again.
_BOX_SCRIPT = (
    "(function(){var box=document.getElementById('kaoping-problems'),d=box.querySelector('details'),"
    "key='kaoping-problems-folded',sig=box.getAttribute('data-problems');"
    "function show(){box.classList.toggle('kp-folded',!d.open);}"
    "try{if(sessionStorage.getItem(key)===sig)d.open=false;}catch(e){}show();"
    "d.addEventListener('toggle',function(){show();"
    "try{d.open?sessionStorage.removeItem(key):sessionStorage.setItem(key,sig);}catch(e){}});})();"
)


# ---------------------------------------------------------------- who may talk to the preview
#
# The preview shows results that are not published yet, so a page of another site must not
# read it. A browser only sends another site's requests here under that site's own name (DNS
# rebinding: evil.example made to resolve to 127.0.0.1), so only requests naming this computer
# are answered; the reload socket also checks that the page that opens it is one of ours.

_LOOPBACK_NAMES = {"127.0.0.1", "localhost", "[::1]"}


def _host_name(host: str) -> str:
    """--host as a browser writes it in the Host header: IPv6 addresses in brackets."""
    host = host.lower()
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def is_loopback(host: str) -> bool:
    if host.lower() in ("localhost", "[::1]"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class _App(web.Application):
    """Answers a request only when its Host names this computer (any port): the loopback names,
    the --host given, the address the request came in on (a browser on the network typing the
    machine's IP) and the machine's own name. Anything else gets a 403 before any handler runs."""

    allowed: set[str]

    def find_handler(self, request, **kwargs):
        if request.host_name not in self.allowed | {_local_address(request)}:
            return self.get_handler_delegate(request, _Refused)
        return super().find_handler(request, **kwargs)


def _local_address(request) -> str:
    try:
        return _host_name(request.connection.stream.socket.getsockname()[0])
    except (AttributeError, OSError):
        return ""


class _Refused(web.RequestHandler):
    def prepare(self):
        self.set_status(403)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(f"kaoping 预览只回答以本机地址打开的请求；这个请求用的地址是 {self.request.host!r}，已拒绝。"
                    "请在本机用 http://127.0.0.1 打开预览。\n")


class _Reload(WebSocketHandler):
    """The server's end of livereload.js: its handshake, then "reload" to every open page after a build."""

    pages: set[_Reload] = set()

    def check_origin(self, origin: str) -> bool:
        # only a page of this preview (same scheme, name and port as this request) may listen
        return origin.lower() == f"http://{self.request.host.lower()}"

    def on_message(self, message):
        try:
            data = json.loads(message)
        except ValueError:
            data = None
        if not isinstance(data, dict):  # not livereload.js talking: hang up
            self.close(1003, "not a livereload message")
            return
        if data.get("command") == "hello":
            self.write_message({"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"],
                                "serverName": "kaoping"})
        elif data.get("command") == "info":
            _Reload.pages.add(self)

    def on_close(self):
        _Reload.pages.discard(self)

    @classmethod
    def reload_all(cls) -> None:
        for page in list(cls.pages):
            try:
                page.write_message({"command": "reload", "path": "*", "liveCSS": False, "liveImg": False})
            except WebSocketClosedError:
                cls.pages.discard(page)


# ---------------------------------------------------------------- what is sent

_TEXT_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml")


class _Headers(web.OutputTransform):
    """On every answer: no content sniffing, and the charset of every text (all of kaoping's are UTF-8)."""

    def transform_first_chunk(self, status_code, headers, chunk, finishing):
        headers["X-Content-Type-Options"] = "nosniff"
        kind = headers.get("Content-Type", "")
        if kind.startswith(_TEXT_TYPES) and "charset" not in kind.lower():
            headers["Content-Type"] = f"{kind}; charset=utf-8"
        return status_code, headers, chunk


class _Files(web.StaticFileHandler):
    preview: Preview
    page: bytes | None = None  # an HTML page as it is sent (Preview.page); None for any other file

    def validate_absolute_path(self, root, absolute_path):
        if "\x00" in absolute_path:  # no file has such a name (and the OS refuses to look one up)
            raise web.HTTPError(404)
        checked = super().validate_absolute_path(root, absolute_path)  # tornado's own path checks first
        # kaoping's own bookkeeping (.kaoping/, a half-built .2017.new/) is not part of the site
        if checked is not None and any(part.startswith(".") for part in Path(os.path.normpath(self.path)).parts):
            raise web.HTTPError(404)
        if checked is not None and checked.endswith((".html", ".htm")):
            with open(checked, "rb") as file:
                self.page = self.preview.page(file.read())
        return checked

    def get_content_size(self):
        return len(self.page) if self.page is not None else super().get_content_size()

    def get_content(self, abspath, start=None, end=None):  # per request here: the page is this request's
        if self.page is not None:
            return self.page[start:end]
        return super().get_content(abspath, start, end)

    def compute_etag(self):
        if self.page is not None:
            return f'"{hashlib.sha256(self.page).hexdigest()[:32]}"'
        return super().compute_etag()

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
    except KeyboardInterrupt:  # Ctrl-C, during a build too: build() leaves the site as it was
        print("\n预览已停止。")
        return 0


def _serve(args) -> int:
    """The first build, then the server in a thread of its own, and the watching (and every
    rebuild) here in the main thread: a rebuild never keeps a request waiting, and Ctrl-C
    reaches the build that is running wherever the preview runs (it ends like `kaoping build`)."""
    if not is_loopback(args.host):
        print(f"注意：--host {args.host} 让同一网络里的任何人都能打开这个预览，看到尚未发布的考评结果。"
              "只在本机预览时请去掉 --host。", file=sys.stderr, flush=True)
    preview = Preview(args.content, args.theme, args.output, args.year, args.port)
    preview.rebuild(args.year)
    _Files.preview = preview
    app = _App(
        [
            (r"/livereload", _Reload),
            (r"/livereload.js", LiveReloadJSHandler),
            (r"/(.*)", _Files, {"path": str(args.output.resolve()), "default_filename": "index.html"}),
        ],
        transforms=[_Headers],
    )
    app.allowed = _LOOPBACK_NAMES | {_host_name(args.host), _host_name(socket.gethostname())}
    try:
        sockets = netutil.bind_sockets(args.port, address=args.host)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            print(f"kaoping：端口 {args.port} 已被占用。请关闭占用它的程序，或换一个端口：kaoping serve --port {args.port + 1}",
                  file=sys.stderr)
        else:
            print(f"kaoping：无法在 {args.host}:{args.port} 上启动预览（{error.strerror}）。", file=sys.stderr)
        return 2
    loop = _start_server(app, sockets)
    preview.built = lambda: loop.add_callback(_Reload.reload_all)  # add_callback: the one thread-safe call
    print(f"预览地址：http://{_host_name(args.host)}:{args.port}/  （按 Ctrl-C 停止）", flush=True)
    if args.open:  # listening already: the browser's request waits for the loop
        import webbrowser

        any_address = args.host in ("0.0.0.0", "::")
        webbrowser.open(f"http://{'127.0.0.1' if any_address else _host_name(args.host)}:{args.port}/")
    try:
        while True:
            time.sleep(preview.poll())
    finally:
        loop.add_callback(loop.stop)


def _start_server(app: web.Application, sockets) -> ioloop.IOLoop:
    """Serve `app` on `sockets` from a thread of its own; returns that thread's loop once it runs."""
    running: list[ioloop.IOLoop] = []
    ready = threading.Event()

    def run():
        asyncio.set_event_loop(asyncio.new_event_loop())
        httpserver.HTTPServer(app).add_sockets(sockets)
        running.append(ioloop.IOLoop.current())
        ready.set()
        running[0].start()

    threading.Thread(target=run, name="kaoping-preview", daemon=True).start()
    ready.wait()
    return running[0]
