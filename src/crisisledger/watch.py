"""Watch sources: poll feeds and pages every so often, ingest what is new or changed, and say what that changed
in the ledger (new figures, revised ones, withdrawn ones).

    Watcher.run() ── every `every` seconds ──> Watcher.poll_once() ──> ingest.batch.ingest(sources)
                                                    └── read: read_one, retried with back-off on network errors

The state is the store: each source's last snapshot holds its ETag and Last-Modified, so every poll is a
conditional request, and a watcher started again (after Ctrl-C, a reboot) resumes where the last one stopped.

Errors: a network failure (a refused connection, a timeout, a 5xx or 429 answer) is retried within the poll,
`retries` times, waiting `backoff` seconds and doubling up to `max_backoff`; then the source is reported as
failed for this round and polled again next round. Anything else (a 404 is a removal; a refused address, a
page too large, content that is not a report) is not retried: it would fail the same way. A report that cannot
be analysed is stored with its problem (`pipeline`); any other error ends the round as a failure, and the
watch goes on to the next.

The clock, the sleep and the HTTP client are parameters, so tests run rounds without waiting or a network.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import httpx

from .config import Settings
from .errors import ConfigError, described
from .ingest.batch import Outcome, ingest
from .ingest.fetch import AddressRefused, FetchError, ResponseTooLarge, SourceGone, UnsupportedContent
from .ingest.sources import Reading, read_one
from .records import Figure
from .store import Store

__all__ = ["Round", "Watcher", "describe", "format_every", "is_transient", "parse_every"]

#: HTTP statuses worth asking again about: the server is busy or briefly broken.
TRANSIENT_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd]?)", re.IGNORECASE)
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_every(text: str) -> float:
    """Seconds in a duration such as "15m", "90s", "1h30m", "2h" or "600" (seconds)."""
    compact = text.strip().replace(" ", "")
    position, seconds = 0, 0.0
    while position < len(compact):
        match = _DURATION.match(compact, position)
        if match is None:
            break
        seconds += float(match.group(1)) * _UNITS[match.group(2).lower()]
        position = match.end()
    if not compact or position != len(compact):
        raise ConfigError(f"'--every' must be a duration such as 15m, 90s or 1h30m (got {text!r})")
    if seconds < 1:
        raise ConfigError(f"'--every' must be at least 1 second (got {text!r})")
    return seconds


def format_every(seconds: float) -> str:
    """ "15m", "1h30m", "90s" -> "1m30s"."""
    whole = int(round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    text = "".join(f"{n}{unit}" for n, unit in ((hours, "h"), (minutes, "m"), (secs, "s")) if n)
    return text or "0s"


def is_transient(error: FetchError) -> bool:
    """Whether asking again later may succeed: a network failure, a timeout, a busy or broken server."""
    if isinstance(error, AddressRefused | SourceGone | UnsupportedContent | ResponseTooLarge):
        return False
    if error.status is not None:
        return error.status in TRANSIENT_STATUSES
    cause: BaseException | None = error.__context__ or error.__cause__
    while cause is not None:  # fetch raises its own errors `from None`, but keeps what it caught as context
        if isinstance(cause, httpx.TransportError | OSError):
            return True
        cause = cause.__context__ or cause.__cause__
    return False


@dataclass(frozen=True)
class Round:
    """One poll of every source."""

    number: int
    started_at: datetime  # UTC
    outcomes: tuple[Outcome, ...]
    retries: int = 0  # network errors met and retried

    def count(self, status: str) -> int:
        return sum(o.status == status for o in self.outcomes)

    @property
    def revised(self) -> int:
        return sum(len(o.change.revised) for o in self.outcomes if o.change is not None)

    @property
    def withdrawn(self) -> int:
        return sum(len(o.change.withdrawn) for o in self.outcomes if o.change is not None)

    @property
    def figures(self) -> int:
        return sum(len(o.extraction.figures) for o in self.outcomes if o.extraction is not None)


@dataclass
class Watcher:
    """Polls `sources` into `store`. `poll_once()` is one round; `run()` loops until `max_rounds` or Ctrl-C
    (KeyboardInterrupt reaches the caller, after the round's finished writes: each is its own transaction)."""

    sources: Sequence[str]
    store: Store
    settings: Settings
    every: float = 900.0
    allow_private: bool = False
    as_kind: str | None = None
    client: httpx.Client | None = None
    retries: int = 3
    backoff: float = 2.0
    max_backoff: float = 300.0
    clock: Callable[[], float] = field(default=time.monotonic)
    sleep: Callable[[float], None] | None = None
    read: Callable[..., Reading] = read_one
    #: Told of each retry: (item, error, attempt, delay in seconds).
    on_retry: Callable[[str, FetchError, int, float], None] | None = None
    rounds: int = field(default=0, init=False)  # rounds polled so far
    _retried: int = field(default=0, init=False, repr=False)

    def poll_once(self) -> Round:
        """Read every source once (conditionally), ingest what is new or changed, and say what happened."""
        started = datetime.now(UTC)
        self._retried = 0
        outcomes = ingest(
            self.sources,
            self.store,
            self.settings,
            as_kind=self.as_kind,
            allow_private=self.allow_private,
            client=self.client,
            read=self._read_with_retries,
        )
        found: list[Outcome] = []
        try:
            found.extend(outcomes)
        except Exception as exc:  # a watch runs for days: an error no source explains ends this round, not the watch
            message = (
                f"round {self.rounds + 1} stopped by an error ({described(exc)}); what it stored stays, the next"
                " round goes on"
            )
            found.append(Outcome("watch", "failed", message=message))
        self.rounds += 1
        return Round(self.rounds, started, tuple(found), retries=self._retried)

    def run(self, *, max_rounds: int | None = None, on_round: Callable[[Round], None] | None = None) -> int:
        """Poll every `every` seconds (measured from the start of each round); the number of rounds run."""
        ran = 0
        while max_rounds is None or ran < max_rounds:
            began = self.clock()
            done = self.poll_once()
            ran += 1
            if on_round is not None:
                on_round(done)
            if max_rounds is not None and ran >= max_rounds:
                break
            self._sleep(max(0.0, self.every - (self.clock() - began)))
        return ran

    def _sleep(self, seconds: float) -> None:
        (self.sleep or _sleep)(seconds)

    def _read_with_retries(self, item: str, **options: object) -> Reading:
        delay = self.backoff
        attempt = 1
        while True:
            try:
                return self.read(item, **options)
            except FetchError as error:
                if attempt > self.retries or not is_transient(error):
                    raise
                self._retried += 1
                if self.on_retry is not None:
                    self.on_retry(item, error, attempt, delay)
                self._sleep(delay)
                delay = min(delay * 2, self.max_backoff)
                attempt += 1


def _sleep(seconds: float) -> None:
    time.sleep(seconds)


def describe(outcome: Outcome) -> list[tuple[str, str]]:
    """What an outcome changed in the ledger, or a note about reading it, as (label, line) pairs; nothing for
    what did not change."""
    lines: list[tuple[str, str]] = []
    if outcome.status == "failed":
        lines.append(("error", outcome.message or outcome.source))
    elif outcome.status == "removed":
        lines.append(("withdrawn", outcome.message or outcome.source))
    elif outcome.status == "note" and outcome.message:  # e.g. a feed entry's page the address guard refused
        lines.append(("note", outcome.message))
    elif outcome.status == "stored" and outcome.extraction is not None:
        found = outcome.extraction.figures
        listed = ", ".join(_figure(f) for f in found[:5]) + (", ..." if len(found) > 5 else "")
        title = outcome.extraction.document.title
        what = f"{outcome.source}" + (f" ({title})" if title else "")
        lines.append(("new", f"{what}: {len(found)} figure(s)" + (f": {listed}" if found else "")))
    for old, new in outcome.change.revised if outcome.change is not None else ():
        lines.append(("revised", f"{outcome.source}: {_figure(old)} -> {_value(new)}"))
    return lines


def _value(figure: Figure) -> str:
    low, high = figure.min, figure.max
    if low is not None and high is not None:
        return f"{low:,}" if low == high else f"{low:,}-{high:,}"
    return f">={low:,}" if low is not None else f"<={high:,}" if high is not None else "?"


def _figure(figure: Figure) -> str:
    who = f" ({figure.claimant})" if figure.claimant else ""
    return f"{figure.kind}{who} {_value(figure)}"
