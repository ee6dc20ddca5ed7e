"""Fetching URLs: happy paths against a local server, the address guard on every hop, redirects, size caps,
content types and conditional requests. No test touches the internet: hosts other than 127.0.0.1 are
resolved by a stand-in for getaddrinfo and answered by httpx's MockTransport."""

from __future__ import annotations

import gzip
import socket
import threading
import time
from datetime import UTC
from http.server import BaseHTTPRequestHandler

import httpx
import pytest
from fixtures.sources.server import LocalServer, Reply

from crisisledger import __version__
from crisisledger.errors import InputError, TooLarge
from crisisledger.ingest import fetch as fetch_module
from crisisledger.ingest.fetch import (
    USER_AGENT,
    AddressRefused,
    FetchError,
    ResponseTooLarge,
    SourceGone,
    UnsupportedContent,
    check_address,
    fetch,
)

PAGE = b"<!DOCTYPE html><html><body><p>Report.</p></body></html>"
HTML = {"Content-Type": "text/html; charset=utf-8"}
PUBLIC_IP = "93.184.215.14"


@pytest.fixture
def server():
    with LocalServer() as running:
        yield running


@pytest.fixture
def resolver(monkeypatch):
    """Names the tests make up resolve to the addresses given here; everything else as usual (literals)."""
    names: dict[str, list[str]] = {"news.example": [PUBLIC_IP], "feeds.example": [PUBLIC_IP]}
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host in names:
            return [
                (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
                for a in names[host]
            ]
        if host.endswith(".example"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(fetch_module.socket, "getaddrinfo", getaddrinfo)
    return names


def mock_client(routes: dict[str, httpx.Response], seen: list[httpx.Request]) -> httpx.Client:
    """A client whose transport answers by the Host header and path (requests go to the pinned address)."""

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        key = f"{request.headers['host']}{request.url.raw_path.decode()}"
        return routes.get(key, httpx.Response(404))

    return httpx.Client(transport=httpx.MockTransport(handle))


# Happy paths, against a real local server ----------------------------------------------------------------


def test_fetches_a_page_with_a_clear_user_agent(server):
    server.routes["/page"] = Reply(PAGE, headers=HTML)
    result = fetch(server.url("/page"), allow_private=True)
    assert (result.status, result.content, result.media_type) == (200, PAGE, "text/html")
    assert result.final_url == result.url == server.url("/page")
    assert result.fetched_at.tzinfo is UTC
    user_agent = server.requests[-1][1]["User-Agent"]
    assert user_agent == USER_AGENT == f"crisisledger/{__version__} (+https://example.org/crisisledger)"


def test_a_second_fetch_with_the_etag_gets_304_and_no_content(server):
    server.routes["/feed.xml"] = Reply(
        b"<rss version='2.0'></rss>", headers={"Content-Type": "application/rss+xml"}, etag='"v1"'
    )
    first = fetch(server.url("/feed.xml"), allow_private=True)
    assert first.etag == '"v1"' and first.content
    second = fetch(server.url("/feed.xml"), allow_private=True, etag=first.etag)
    assert server.requests[-1][1]["If-None-Match"] == '"v1"'
    assert second.status == 304 and second.not_modified and second.content is None
    assert second.etag == '"v1"'


def test_last_modified_is_sent_back_as_if_modified_since(server):
    stamp = "Tue, 14 Mar 2023 08:30:00 GMT"
    server.routes["/page"] = Reply(PAGE, headers={**HTML, "Last-Modified": stamp})
    first = fetch(server.url("/page"), allow_private=True)
    assert first.last_modified == stamp
    fetch(server.url("/page"), allow_private=True, last_modified=first.last_modified)
    assert server.requests[-1][1]["If-Modified-Since"] == stamp


def test_redirects_are_followed_and_recorded(server):
    server.routes["/old"] = Reply(status=301, headers={"Location": "/moved"})
    server.routes["/moved"] = Reply(status=302, headers={"Location": server.url("/page")})
    server.routes["/page"] = Reply(PAGE, headers=HTML)
    result = fetch(server.url("/old"), allow_private=True)
    assert result.content == PAGE
    assert result.url == server.url("/old") and result.final_url == server.url("/page")
    assert result.redirects == (server.url("/moved"), server.url("/page"))


def test_a_redirect_loop_is_refused(server):
    server.routes["/a"] = Reply(status=302, headers={"Location": "/b"})
    server.routes["/b"] = Reply(status=302, headers={"Location": "/a"})
    with pytest.raises(FetchError, match="loop") as caught:
        fetch(server.url("/a"), allow_private=True)
    assert "\n" not in str(caught.value)


def test_an_endless_redirect_chain_is_refused_after_the_limit(server):
    def onward(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(302)
        handler.send_header("Location", f"/hop{len(server.requests)}")
        handler.end_headers()

    for n in range(50):
        server.routes[f"/hop{n}"] = onward
    with pytest.raises(FetchError, match="more than 3 redirects"):
        fetch(server.url("/hop0"), allow_private=True, max_redirects=3)
    assert len(server.requests) == 4  # the first request and three redirects, no more


@pytest.mark.parametrize(
    ("status", "error"), [(404, SourceGone), (410, SourceGone), (500, FetchError), (403, FetchError)]
)
def test_error_statuses_are_refused_with_the_status(server, status, error):
    server.routes["/x"] = Reply(b"no", status=status, headers=HTML)
    with pytest.raises(error, match=str(status)) as caught:
        fetch(server.url("/x"), allow_private=True)
    assert caught.value.status == status


def test_a_slow_server_times_out(server):
    def slow(handler: BaseHTTPRequestHandler) -> None:
        time.sleep(1.5)
        handler.send_response(200)
        handler.end_headers()

    server.routes["/slow"] = slow
    with pytest.raises(FetchError, match="timed out"):
        fetch(server.url("/slow"), allow_private=True, timeout=0.3)


# Sizes and content types ----------------------------------------------------------------------------------


def test_an_endless_body_is_refused_without_reading_it_all(server):
    served = {"bytes": 0}
    done = threading.Event()
    chunk = b"x" * 65_536

    def endless(handler: BaseHTTPRequestHandler) -> None:
        # No Content-Length: only counting while streaming can stop this one (it would be 100 MB).
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()
        try:
            while served["bytes"] < 100_000_000:
                handler.wfile.write(chunk)
                served["bytes"] += len(chunk)
        except OSError:
            pass  # the client hung up, as it should
        finally:
            done.set()

    server.routes["/huge"] = endless
    with pytest.raises(ResponseTooLarge, match="larger than the limit of 1,000,000 bytes") as caught:
        fetch(server.url("/huge"), allow_private=True, max_bytes=1_000_000)
    assert isinstance(caught.value, TooLarge) and isinstance(caught.value, InputError)
    assert done.wait(10)
    assert served["bytes"] < 20_000_000  # the cap plus what socket buffers held, far from 100 MB


def test_a_declared_length_over_the_cap_is_refused_before_reading(resolver):
    seen: list[httpx.Request] = []
    big = httpx.Response(200, headers={"Content-Type": "text/html", "Content-Length": "104857600"}, content=b"")
    with mock_client({"news.example/big": big}, seen) as client, pytest.raises(ResponseTooLarge, match="104,857,600"):
        fetch("http://news.example/big", client=client)


def test_a_compressed_body_that_inflates_past_the_cap_is_refused(resolver):
    bomb = gzip.compress(b"\0" * 20_000_000)  # 20 KB on the wire, 20 MB inflated
    seen: list[httpx.Request] = []
    response = httpx.Response(200, headers={"Content-Type": "text/html", "Content-Encoding": "gzip"}, content=bomb)
    with mock_client({"news.example/bomb": response}, seen) as client, pytest.raises(ResponseTooLarge):
        fetch("http://news.example/bomb", client=client, max_bytes=1_000_000)


@pytest.mark.parametrize("content_type", ["image/png", "application/octet-stream", "application/pdf", "video/mp4"])
def test_images_and_binaries_are_refused(server, content_type):
    server.routes["/file"] = Reply(b"\x89PNG\r\n\x1a\n", headers={"Content-Type": content_type})
    with pytest.raises(UnsupportedContent, match=f"is {content_type}, not a page, feed or export"):
        fetch(server.url("/file"), allow_private=True)


@pytest.mark.parametrize(
    "content_type",
    ["text/html; charset=windows-1251", "application/xhtml+xml", "text/plain", "application/rss+xml",
     "application/atom+xml", "application/xml", "text/xml", "application/json", None],
)  # fmt: skip
def test_pages_feeds_text_and_json_are_accepted(server, content_type):
    server.routes["/ok"] = Reply(b"ok", headers={"Content-Type": content_type} if content_type else {})
    assert fetch(server.url("/ok"), allow_private=True).content == b"ok"


# The address guard ----------------------------------------------------------------------------------------


def test_the_local_server_is_refused_without_allow_private(server):
    server.routes["/page"] = Reply(PAGE, headers=HTML)
    with pytest.raises(AddressRefused, match="127.0.0.1 is a loopback address.*--allow-private"):
        fetch(server.url("/page"))
    with pytest.raises(AddressRefused, match="localhost resolves to 127.0.0.1"):
        fetch(f"http://localhost:{server.port}/page")
    assert server.requests == []  # refused before connecting


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("http://127.0.0.1:8080/admin", "loopback"),
        ("http://[::1]/", "loopback"),
        ("http://10.1.2.3/", "private"),
        ("http://192.168.0.1/router", "private"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://0.0.0.0/", "unspecified"),
        ("http://224.0.0.1/", "multicast"),
        ("http://[::ffff:127.0.0.1]/", "loopback"),
        ("http://[64:ff9b::a00:1]/", "private"),
        ("http://2130706433/", "loopback"),  # 127.0.0.1 written as one number
        ("http://intranet.example/", "private"),  # a name that resolves inside
    ],
)
def test_a_redirect_to_an_internal_address_is_refused(resolver, target, reason):
    resolver["intranet.example"] = ["10.0.0.7"]
    seen: list[httpx.Request] = []
    routes = {"news.example/story": httpx.Response(302, headers={"Location": target})}
    with mock_client(routes, seen) as client, pytest.raises(AddressRefused, match=reason) as caught:
        fetch("http://news.example/story", client=client)
    assert len(seen) == 1  # the public first hop only; the internal one is never asked
    assert str(caught.value).startswith("http://news.example/story: refused:")


def test_the_request_goes_to_the_checked_address(resolver):
    """The name is resolved once: the connection goes to the address the guard checked (no DNS rebinding)."""
    seen: list[httpx.Request] = []
    routes = {"news.example/story": httpx.Response(200, headers=HTML, content=PAGE)}
    with mock_client(routes, seen) as client:
        result = fetch("http://news.example/story", client=client)
    assert result.final_url == "http://news.example/story"
    assert seen[0].url.host == PUBLIC_IP
    assert seen[0].headers["host"] == "news.example"
    assert seen[0].extensions["sni_hostname"] == "news.example"


def test_a_name_with_any_internal_address_is_refused(resolver):
    resolver["mixed.example"] = [PUBLIC_IP, "127.0.0.1"]
    with pytest.raises(AddressRefused, match="mixed.example resolves to 127.0.0.1"):
        check_address("mixed.example", 80)


def test_allow_private_permits_internal_hops(resolver):
    seen: list[httpx.Request] = []
    routes = {
        "news.example/story": httpx.Response(302, headers={"Location": "http://10.0.0.7/story"}),
        "10.0.0.7/story": httpx.Response(200, headers=HTML, content=PAGE),
    }
    with mock_client(routes, seen) as client:
        assert fetch("http://news.example/story", client=client, allow_private=True).content == PAGE


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://files.example/report.txt", "gopher://x.example/", "javascript:alert(1)"]
)
def test_other_schemes_are_refused(url):
    with pytest.raises(AddressRefused, match="only http and https"):
        fetch(url, allow_private=True)


def test_a_redirect_to_another_scheme_is_refused(resolver):
    seen: list[httpx.Request] = []
    routes = {"news.example/story": httpx.Response(302, headers={"Location": "file:///etc/passwd"})}
    with mock_client(routes, seen) as client, pytest.raises(AddressRefused, match="file scheme"):
        fetch("http://news.example/story", client=client)


def test_an_unknown_host_is_a_fetch_error(resolver):
    with pytest.raises(FetchError, match="host nowhere.example not found"):
        fetch("http://nowhere.example/")


def test_every_error_is_an_input_error_with_a_one_line_message(server):
    server.routes["/gone"] = Reply(status=410)
    for url, allow in [(server.url("/gone"), True), (server.url("/gone"), False), ("ftp://x.example/", True)]:
        with pytest.raises(InputError) as caught:
            fetch(url, allow_private=allow)
        assert "\n" not in str(caught.value) and str(caught.value).startswith(url)
