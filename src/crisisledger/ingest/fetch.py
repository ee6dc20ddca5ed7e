"""Fetch one URL, carefully: a timeout, a size cap, a redirect limit, content-type checks, conditional
requests, and an address guard that keeps crisisledger off internal networks.

    InputError
     └── FetchError           the address could not be fetched (.url, .status when the server answered)
          ├── AddressRefused  not http(s), or the host resolves to a loopback, private or other internal address
          ├── SourceGone      the server says the page is not there (404) or gone for good (410)
          ├── UnsupportedContent  an image, a binary or anything else that is not a page, feed or export
          └── ResponseTooLarge    (also a TooLarge) the body passed `max_bytes` while streaming

The address guard resolves the host itself and checks every address it resolves to, on every hop of a
redirect chain. The request then goes to the address that was checked (the host name travels in the Host
header and in TLS SNI), so a name that resolves to a public address for the check and to 127.0.0.1 for the
connection (DNS rebinding) gets nowhere. Retries belong to the caller (the watch command backs off).
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import threading
import time
from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast
from urllib.parse import urlsplit, urlunsplit

import httpcore
import httpx

from .. import __version__
from ..errors import InputError, TooLarge

__all__ = [
    "ACCEPTED_TYPES",
    "USER_AGENT",
    "AddressRefused",
    "FetchError",
    "FetchResult",
    "ResponseTooLarge",
    "SourceGone",
    "UnsupportedContent",
    "check_address",
    "fetch",
    "new_client",
    "without_credentials",
]

USER_AGENT = f"crisisledger/{__version__} (+https://example.org/crisisledger)"
#: The media types crisisledger reads: pages, plain text, feeds, and JSON (Telegram exports).
ACCEPTED_TYPES = frozenset(
    {
        "text/html",
        "application/xhtml+xml",
        "text/plain",
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
        "application/json",
    }
)
_ACCEPT = (
    "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, application/xml;q=0.9,"
    " text/xml;q=0.9, text/plain;q=0.8, application/json;q=0.8"
)
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
#: A fetch still going after this many timeouts is refused, whatever it is waiting for (the connection, the
#: headers, a redirect, the body): a server trickling one byte at a time would otherwise never trip the
#: per-read timeout.
_DEADLINE_FACTOR = 4
#: When the fetch running in this thread (or task) must be over: `time.monotonic()` seconds, or None.
_DEADLINE: ContextVar[float | None] = ContextVar("crisisledger_fetch_deadline", default=None)


class FetchError(InputError):
    def __init__(self, message: str, *, url: str | None = None, status: int | None = None) -> None:
        super().__init__(message)
        self.url = url
        self.status = status


class AddressRefused(FetchError):
    pass


class SourceGone(FetchError):
    pass


class UnsupportedContent(FetchError):
    pass


class ResponseTooLarge(FetchError, TooLarge):
    pass


@dataclass(frozen=True)
class FetchResult:
    """One fetch: what a snapshot of the source needs (status, validators, time, the bytes)."""

    url: str  # as asked for
    final_url: str  # after redirects
    status: int  # 200, or 304 when the conditional request found nothing new
    content_type: str | None
    etag: str | None
    last_modified: str | None
    content: bytes | None  # None when 304 Not Modified
    fetched_at: datetime  # when the response arrived (UTC)
    redirects: tuple[str, ...] = ()  # the addresses passed through, in order

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def media_type(self) -> str | None:
        return _media_type(self.content_type)


def fetch(
    url: str,
    *,
    client: httpx.Client | None = None,
    allow_private: bool = False,
    timeout: float = 15.0,
    max_bytes: int = 5_000_000,
    max_redirects: int = 5,
    etag: str | None = None,
    last_modified: str | None = None,
) -> FetchResult:
    """GET `url` and return its body, or raise a `FetchError` that says why not.

    `client` is the seam for tests and proxies (an `httpx.Client`, e.g. with a `MockTransport`); redirects are
    followed here, not by the client. `timeout` bounds connecting and each read; `etag` and `last_modified`
    (from an earlier `FetchResult`) make the request conditional.
    """
    if client is None:
        with new_client(timeout) as own:
            return fetch(
                url,
                client=own,
                allow_private=allow_private,
                timeout=timeout,
                max_bytes=max_bytes,
                max_redirects=max_redirects,
                etag=etag,
                last_modified=last_modified,
            )
    url = without_credentials(url)
    headers = {"User-Agent": USER_AGENT, "Accept": _ACCEPT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    limit = _DEADLINE_FACTOR * timeout
    deadline = time.monotonic() + limit
    token = _DEADLINE.set(deadline)
    try:
        return _follow(
            client,
            url,
            headers,
            allow_private=allow_private,
            timeout=timeout,
            limit=limit,
            max_bytes=max_bytes,
            max_redirects=max_redirects,
            deadline=deadline,
        )
    except httpx.TimeoutException:
        raise FetchError(_too_slow(url, limit), url=url) from None
    finally:
        _DEADLINE.reset(token)


def new_client(timeout: float = 15.0) -> httpx.Client:
    """An HTTP client for `fetch`: no proxy, and every connect, read and write cut short at the deadline of
    the fetch it serves (see `_BoundedBackend`)."""
    # trust_env off: a proxy from the environment would resolve names itself, past the address guard.
    return httpx.Client(trust_env=False, timeout=timeout, transport=_BoundedTransport())


def _follow(
    client: httpx.Client,
    url: str,
    headers: dict[str, str],
    *,
    allow_private: bool,
    timeout: float,
    limit: float,
    max_bytes: int,
    max_redirects: int,
    deadline: float,
) -> FetchResult:
    """The fetch itself: each hop of the redirect chain in turn, then the body, all before `deadline`."""
    current = _parse(url, url)
    visited: list[str] = [str(current)]
    for _ in range(max_redirects + 1):
        if time.monotonic() > deadline:
            raise FetchError(_too_slow(url, limit), url=url)
        response = _send(client, current, headers, allow_private=allow_private, timeout=timeout, asked=url)
        try:
            location = response.headers.get("location")
            if response.status_code in _REDIRECTS and location:
                following = _parse(_join(current, location, url), url)
                if str(following) in visited:
                    raise FetchError(
                        f"{url}: refused: the redirects go round in a loop ({' -> '.join([*visited, str(following)])})",
                        url=url,
                        status=response.status_code,
                    )
                visited.append(str(following))
                current = following
                continue
            return _result(response, url, visited, max_bytes=max_bytes, deadline=deadline, limit=limit)
        finally:
            response.close()
    raise FetchError(
        f"{url}: refused: more than {max_redirects} redirects (last to {visited[-1]}); fetch the final address"
        " directly if it is genuine.",
        url=url,
    )


class _BoundedStream(httpcore.NetworkStream):
    """A connection whose every read and write waits no later than the current fetch's deadline."""

    def __init__(self, stream: httpcore.NetworkStream) -> None:
        self._stream = stream

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, _bounded(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, _bounded(timeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        return _BoundedStream(self._stream.start_tls(ssl_context, server_hostname, _bounded(timeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _BoundedBackend(httpcore.NetworkBackend):
    """httpcore's own sockets, with `_BoundedStream`s. httpx's timeouts are per operation: a server that
    sends one byte of its headers every second never trips a 15 s read timeout. Here each socket operation
    is given at most the time left until the fetch's deadline, so a fetch ends by it whatever the server
    does; the streams stay in the pool and serve the next fetch under that fetch's own deadline."""

    def __init__(self) -> None:
        self._backend = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self._backend.connect_tcp(host, port, _bounded(timeout), local_address, socket_options)
        return _BoundedStream(stream)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        return _BoundedStream(self._backend.connect_unix_socket(path, _bounded(timeout), socket_options))

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


class _BoundedTransport(httpx.HTTPTransport):
    """httpx's transport over `_BoundedBackend`. httpx takes no network backend, so the connection pool it
    would build is built here instead, the same (httpx's default limits and TLS context) but on ours. httpx's
    own __init__ is not called: it would build a pool, and a TLS context, only to be thrown away."""

    def __init__(self) -> None:
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=100,  # httpx's defaults (httpx.HTTPTransport's `limits`)
            max_keepalive_connections=20,
            keepalive_expiry=5.0,
            network_backend=_BoundedBackend(),
        )


def _bounded(timeout: float | None) -> float | None:
    """`timeout`, shortened to the time left before the current fetch's deadline; a timeout once it passed."""
    deadline = _DEADLINE.get()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise httpcore.ReadTimeout("the fetch's deadline passed")
    return left if timeout is None else min(timeout, left)


def without_credentials(url: str) -> str:
    """`url` without the user name and password it may carry (`https://user:secret@host/feed`): they would
    be stored with every snapshot and document of the source and printed in every message about it, so
    crisisledger drops them and sends none (a server that needs them answers 401). Any other URL is
    returned exactly as given."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url  # not a URL that could be fetched; fetching it says so
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def check_address(host: str, port: int) -> list[str]:
    """The addresses `host` resolves to, or `AddressRefused` if any of them is internal. Inside a fetch, the
    look-up ends by the fetch's deadline too."""
    try:
        infos = _resolve(host, port)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError(f"host {host} not found ({error}); check the address.") from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    for address in addresses:
        reason = _internal(ipaddress.ip_address(address))
        if reason is not None:
            shown = host if host == address else f"{host} resolves to {address}, which"
            raise AddressRefused(
                f"refused: {shown} is {reason}; crisisledger does not fetch from internal networks"
                " (pass --allow-private to read your own local feeds)."
            )
    if not addresses:
        raise FetchError(f"host {host} not found (no addresses); check the address.")
    return addresses


def _resolve(host: str, port: int) -> list[Any]:
    """`socket.getaddrinfo`, given no longer than the current fetch's deadline allows.

    The system resolver takes no timeout of ours (its own may run to half a minute and more), so within a
    fetch it runs in a daemon thread; when the deadline comes first the thread is left to finish on its own
    and the fetch fails now."""
    deadline = _DEADLINE.get()
    if deadline is None:
        return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    found: list[Any] = []
    done = threading.Event()

    def look_up() -> None:
        try:
            found.append(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM))
        except BaseException as error:  # handed to the caller's thread, which says what it was
            found.append(error)
        finally:
            done.set()

    threading.Thread(target=look_up, name=f"resolve {host}", daemon=True).start()
    if not done.wait(max(deadline - time.monotonic(), 0.0)):
        raise FetchError(f"host {host} was not found in time (the name server did not answer); try again later.")
    if isinstance(found[0], BaseException):
        raise found[0]
    return cast(list[Any], found[0])


def _internal(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why an address is internal, or None for a public one."""
    if isinstance(address, ipaddress.IPv6Address):
        # IPv6 forms that carry an IPv4 address: mapped (::ffff:a.b.c.d), 6to4, Teredo, NAT64 (64:ff9b::/96).
        embedded = address.ipv4_mapped or address.sixtofour or (address.teredo[1] if address.teredo else None)
        if embedded is None and address in _NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            reason = _internal(embedded)
            if reason is not None:
                return f"{reason} ({embedded} inside {address})"
    checks = (
        ("is_unspecified", "an unspecified address"),
        ("is_loopback", "a loopback address"),
        ("is_link_local", "a link-local address"),
        ("is_multicast", "a multicast address"),
        ("is_private", "a private address"),
        ("is_reserved", "a reserved address"),
    )
    for attribute, reason in checks:
        if getattr(address, attribute):
            return reason
    return None if address.is_global else "not a public address"


_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def _parse(url: str, asked: str) -> httpx.URL:
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as error:
        raise FetchError(f"{asked}: not a valid address ({error}); check the URL.", url=asked) from None
    if parsed.scheme not in ("http", "https"):
        raise AddressRefused(
            f"{asked}: refused: {parsed.scheme or 'no'} scheme in {url!r}; only http and https addresses are fetched.",
            url=asked,
        )
    if not parsed.host:
        raise FetchError(f"{asked}: no host in {url!r}; check the URL.", url=asked)
    return parsed


def _join(current: httpx.URL, location: str, asked: str) -> str:
    try:
        return without_credentials(str(current.join(location)))
    except httpx.InvalidURL:
        raise FetchError(f"{asked}: the server redirected to an invalid address ({location!r}).", url=asked) from None


def _send(
    client: httpx.Client, url: httpx.URL, headers: dict[str, str], *, allow_private: bool, timeout: float, asked: str
) -> httpx.Response:
    target, hop_headers = url, dict(headers)
    extensions: dict[str, Any] = {}
    if not allow_private:
        port = url.port or (443 if url.scheme == "https" else 80)
        try:
            address = check_address(url.host, port)[0]
        except FetchError as error:
            raise type(error)(f"{asked}: {error}", url=asked) from None
        # Connect to the address just checked; the name goes in Host and SNI (see the module docstring).
        target = url.copy_with(host=address)
        hop_headers["Host"] = url.netloc.decode("ascii")
        extensions = {"sni_hostname": url.host}
    request = client.build_request("GET", target, headers=hop_headers, timeout=timeout, extensions=extensions)
    try:
        return client.send(request, stream=True, follow_redirects=False)
    except httpx.TimeoutException:
        deadline = _DEADLINE.get()
        if deadline is not None and time.monotonic() >= deadline:
            raise  # the whole fetch's deadline, said by `fetch`
        raise FetchError(f"{asked}: timed out after {timeout:g} s at {url}; try again later.", url=asked) from None
    except httpx.HTTPError as error:
        raise FetchError(f"{asked}: could not fetch {url} ({error or type(error).__name__}).", url=asked) from None


def _result(
    response: httpx.Response, asked: str, visited: list[str], *, max_bytes: int, deadline: float, limit: float
) -> FetchResult:
    status, final = response.status_code, visited[-1]
    content_type = response.headers.get("content-type")
    content: bytes | None = None
    reason = f"{status} {httpx.codes.get_reason_phrase(status)}".strip()
    if status in (404, 410):
        raise SourceGone(
            f"{asked}: the server answered {reason} for {final}; the page is not there.", url=asked, status=status
        )
    if status != 304 and not 200 <= status < 300:
        hint = " (crisisledger sends no user name or password)" if status == 401 else ""
        raise FetchError(f"{asked}: the server answered {reason} for {final}{hint}.", url=asked, status=status)
    if status != 304:
        media_type = _media_type(content_type)
        if media_type is not None and media_type not in ACCEPTED_TYPES:
            raise UnsupportedContent(
                f"{asked}: refused: {final} is {media_type}, not a page, feed or export; crisisledger reads"
                " HTML, plain text, RSS/Atom and Telegram JSON.",
                url=asked,
                status=status,
            )
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            detail = f"{int(declared):,} bytes declared"
            raise ResponseTooLarge(_too_large(asked, max_bytes, detail), url=asked, status=status)
        content = _read_capped(response, asked, max_bytes=max_bytes, deadline=deadline, limit=limit)
    return FetchResult(
        url=asked,
        final_url=final,
        status=status,
        content_type=content_type,
        etag=response.headers.get("etag"),
        last_modified=response.headers.get("last-modified"),
        content=content,
        fetched_at=datetime.now(UTC),
        redirects=tuple(visited[1:]),
    )


def _read_capped(response: httpx.Response, asked: str, *, max_bytes: int, deadline: float, limit: float) -> bytes:
    """The body, read chunk by chunk and abandoned as soon as it passes `max_bytes` (decoded, so a small
    compressed body that inflates past the cap is stopped too)."""
    body = bytearray()
    try:
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > max_bytes:
                raise ResponseTooLarge(
                    _too_large(asked, max_bytes, "stopped reading"), url=asked, status=response.status_code
                )
            if time.monotonic() > deadline:
                raise FetchError(_too_slow(asked, limit), url=asked)
    except httpx.TimeoutException:
        if time.monotonic() >= deadline:
            raise FetchError(_too_slow(asked, limit), url=asked) from None
        raise FetchError(f"{asked}: timed out while reading the body; try again later.", url=asked) from None
    except httpx.HTTPError as error:
        raise FetchError(f"{asked}: the body could not be read ({error or type(error).__name__}).", url=asked) from None
    return bytes(body)


def _too_slow(asked: str, limit: float) -> str:
    return (
        f"{asked}: refused: the server took more than {limit:g} s in all (connecting, headers, redirects and"
        " body); try again later."
    )


def _too_large(asked: str, max_bytes: int, detail: str) -> str:
    return (
        f"{asked}: refused: the response is larger than the limit of {max_bytes:,} bytes ({detail}); if it is"
        f" genuine, set CRISISLEDGER_MAX_BYTES above {max_bytes:,}."
    )


def _media_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    return content_type.split(";", 1)[0].strip().lower() or None
