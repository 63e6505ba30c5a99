"""`kaoping serve` shows results that are not published yet: no other site may read them or
drive the preview, and no request may crash it (issue 11, point 7).

Each test talks to a real `kaoping serve` subprocess (the fixtures of test_serve.py) the way a
hostile page in the clerk's browser could: another Host name (DNS rebinding: evil.example made
to resolve to 127.0.0.1), another Origin on the reload socket, a GET of /forcereload, odd paths
and messages. Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import os
import subprocess
import sys

import pytest
from test_serve import ZHUBAO, edit, files_below, get, site, start_server  # noqa: F401  (fixtures)
from tornado import httpclient, websocket

EVIL = "evil.example"


def ask(port: int, path: str, method: str = "GET", headers: dict | None = None) -> tuple[int, dict, bytes]:
    """One request sent as written (path unquoted, Host as given) → (status, headers, body)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request(method, path, headers={"Host": f"127.0.0.1:{port}", **(headers or {})})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


# ---------------------------------------------------------------- DNS rebinding: the Host header


def test_only_requests_naming_this_computer_are_answered(start_server):
    server = start_server()
    port = server.port
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}", "localhost", "LOCALHOST:1234"):
        status, _, body = ask(port, "/2017/", headers={"Host": host})
        assert status == 200 and "考评".encode() in body, (host, status)
    for host in (EVIL, f"{EVIL}:{port}", f"127.0.0.1.{EVIL}", "10.0.0.1.nip.io", "localhost.evil.example:80"):
        for path in ("/2017/", "/2017/units/zhubao.html", "/2017/results.csv", "/livereload.js", "/nothing"):
            status, headers, body = ask(port, path, headers={"Host": host})
            assert status == 403, (host, path, status)
            text = body.decode("utf-8")
            assert "本机" in text and "拒绝" in text, text
            assert "zhubao" not in text and "考评结果" not in text
            assert headers["Content-Type"] == "text/plain; charset=utf-8"
            assert headers["X-Content-Type-Options"] == "nosniff"


def test_a_host_given_with_host_is_answered_too_and_an_open_host_is_warned_about(start_server):
    quiet = start_server(extra=("--host", "127.0.0.1"))
    assert not any("任何人" in line for line in quiet.err), quiet.err
    server = start_server(extra=("--host", "0.0.0.0"))
    warning = [line for line in server.err if "任何人" in line]
    assert warning and "0.0.0.0" in warning[0] and "尚未发布" in warning[0], server.err
    assert ask(server.port, "/2017/", headers={"Host": f"0.0.0.0:{server.port}"})[0] == 200
    assert ask(server.port, "/2017/", headers={"Host": f"127.0.0.1:{server.port}"})[0] == 200
    assert ask(server.port, "/2017/", headers={"Host": EVIL})[0] == 403


# ---------------------------------------------------------------- the reload socket and reload triggers


async def _socket(port: int, origin: str | None):
    headers = {"Origin": origin} if origin else {}
    return await websocket.websocket_connect(
        httpclient.HTTPRequest(f"ws://127.0.0.1:{port}/livereload", headers=headers, connect_timeout=5))


async def _listen(port: int):
    """A page of the preview, registered as livereload.js does it (hello, then info)."""
    connection = await _socket(port, f"http://127.0.0.1:{port}")
    connection.write_message(json.dumps({"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}))
    hello = json.loads(await asyncio.wait_for(connection.read_message(), 5))
    assert hello["command"] == "hello", hello
    connection.write_message(json.dumps({"command": "info", "url": f"http://127.0.0.1:{port}/2017/"}))
    await asyncio.sleep(0.3)  # the server registers the page when it has read "info"
    return connection


async def _next_message(connection, timeout: float):
    try:
        return await asyncio.wait_for(connection.read_message(), timeout)
    except asyncio.TimeoutError:
        return None


def test_the_reload_socket_only_accepts_pages_of_the_preview(start_server):
    port = start_server().port

    async def scenario():
        for origin in (f"http://{EVIL}", f"http://{EVIL}:{port}", "null", f"http://127.0.0.1:{port + 1}",
                       f"http://localhost:{port}"):  # the last: the page's name must be the one it asks
            with pytest.raises(httpclient.HTTPClientError) as refused:
                await _socket(port, origin)
            assert refused.value.code == 403, origin
        connection = await _socket(port, f"http://127.0.0.1:{port}")  # the preview's own page
        connection.close()

    asyncio.run(scenario())


def test_no_other_site_can_reload_the_preview_and_a_save_still_does(start_server, site):
    server = start_server()
    port = server.port

    async def scenario():
        connection = await _listen(port)
        # what a page of another site can send: a GET (an <img>), a POST (a form), with or without its origin
        for method in ("GET", "POST"):
            for headers in ({}, {"Origin": f"http://{EVIL}"}, {"Referer": f"http://{EVIL}/"}):
                status, _, _ = ask(port, "/forcereload?path=%2A", method, headers)
                assert status in (403, 404, 405), (method, headers, status)
        assert await _next_message(connection, 1.0) is None, "another site reloaded the preview"
        # a save does reload it (so the silence above means something)
        edit(site / "content" / ZHUBAO.format(year=2017), "score: 91.6", "score: 86")
        message = await _next_message(connection, 5.0)
        assert message and json.loads(message)["command"] == "reload", message
        connection.close()

    asyncio.run(scenario())


def test_a_message_that_is_not_livereload_closes_the_socket_without_a_traceback(start_server):
    server = start_server()  # the fixture fails the test if the server printed a traceback
    port = server.port

    async def scenario():
        for junk in ("not json", "{", "[1, 2]", '"hello"', "42", "null", json.dumps({"command": ["x"]})):
            connection = await _socket(port, f"http://127.0.0.1:{port}")
            connection.write_message(junk)
            answer = await _next_message(connection, 3.0)
            assert answer is None, (junk, answer)  # closed (None), never an error page or a crash
            connection.close()

    asyncio.run(scenario())
    assert get(port, "/2017/")[0] == 200
    assert "Traceback" not in server.stderr and "ERROR" not in server.stderr, server.stderr


# ---------------------------------------------------------------- what is sent


def test_every_answer_forbids_sniffing_and_names_its_charset(start_server, site):
    port = start_server().port
    paths = ["/" + relative for relative in files_below(site / "site")]
    paths += ["/", "/2017/", "/livereload.js", "/nothing.html", "/.kaoping/", "/2017"]
    for path in paths:
        status, headers, _ = ask(port, path)
        assert headers.get("X-Content-Type-Options") == "nosniff", (path, status, headers)
        kind = headers.get("Content-Type", "")
        if status in (200, 404) or kind:
            textual = kind.startswith(("text/", "application/javascript", "application/json", "image/svg"))
            if path.endswith((".html", ".css", ".js", ".csv", ".json", ".svg", "/")) or status == 404:
                assert textual, (path, kind)
            if textual:
                assert kind.lower().endswith("charset=utf-8"), (path, kind)


def test_head_and_range_describe_the_page_as_served(start_server, site):
    port = start_server().port
    for path in ("/2017/", "/2017/units/zhubao.html", "/index.html"):
        status, headers, page = ask(port, path)
        assert status == 200 and b"/livereload.js" in page
        assert int(headers["Content-Length"]) == len(page), path
        status, head, body = ask(port, path, "HEAD")
        assert status == 200 and body == b""
        assert int(head["Content-Length"]) == len(page), (path, head["Content-Length"], len(page))
        assert head.get("Etag") == headers.get("Etag")
        for wanted, start, end in (("bytes=0-99", 0, 100), (f"bytes=100-{len(page) - 1}", 100, len(page)),
                                   ("bytes=-64", len(page) - 64, len(page))):
            status, ranged, body = ask(port, path, headers={"Range": wanted})
            assert status == 206, (path, wanted, status)
            assert body == page[start:end], (path, wanted)
            assert ranged["Content-Range"] == f"bytes {start}-{end - 1}/{len(page)}", (path, ranged)
            assert int(ranged["Content-Length"]) == end - start
    # a file other than a page is served as it is on disk, ranges included
    css = (site / "site" / "2017" / "assets" / "style.css").read_bytes()
    assert ask(port, "/2017/assets/style.css", headers={"Range": "bytes=0-9"})[2] == css[:10]
    assert int(ask(port, "/2017/assets/style.css", "HEAD")[1]["Content-Length"]) == len(css)


@pytest.mark.parametrize("path", ["/%00", "/%00.html", "/2017/%00", "/2017/units/zhubao%00.html", "/a%00b/",
                                  "/" + "a" * 5000, "/2017/" + "%e4%b8%ad" * 200 + ".html", "/%ff", "/%"])
def test_odd_paths_are_not_found_never_an_error(start_server, path):
    server = start_server()
    status, headers, body = ask(server.port, path)
    assert status in (400, 404), (path, status, body[:200])
    assert b"Traceback" not in body and "Traceback" not in server.stderr, server.stderr
    assert ask(server.port, "/2017/")[0] == 200


@pytest.mark.parametrize("port", ["70000", "65536", "0", "-1", "http"])
def test_a_port_that_cannot_be_is_refused_with_exit_2(site, port):
    result = subprocess.run(
        [sys.executable, "-m", "kaoping.cli", "serve", "--content", "content", "--output", "site", f"--port={port}"],
        cwd=site, capture_output=True, text=True, encoding="utf-8", timeout=60,
        env=dict(os.environ, PYTHONIOENCODING="utf-8"), stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert f"--port {port}" in result.stderr and "1 到 65535" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and "预览地址" not in result.stdout
    assert not (site / "site").exists(), "a refused command must not build anything"
