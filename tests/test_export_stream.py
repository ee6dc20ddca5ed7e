"""Exports written as they are read (`StoreExport`, `write_json`, `write_csv`) against the export built whole
(`to_json`, `csv_rows`, `to_csv`): the same characters; the ledger read without report texts against the
full reconciliation; one snapshot for every read of a `reading()` block."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from typer.testing import CliRunner

from crisisledger import review
from crisisledger.cli import app
from crisisledger.export import (
    CSV_COLUMNS,
    CSV_TABLES,
    StoreExport,
    csv_rows,
    ledger_line_json,
    to_csv,
    to_json,
    write_csv,
    write_json,
)
from crisisledger.reconcile import ledger_lines, reconcile
from crisisledger.records import (
    Actor,
    Document,
    Event,
    Evidence,
    Extraction,
    Figure,
    Place,
    PlaceMention,
    Role,
    Statement,
    StatusChange,
    TimeExpression,
    record_id,
)
from crisisledger.store import Store

RIVERTON = Place("Riverton", "ZZ", 10.5, 20.25, 90001, "city")
VALLEY = Place("Lower Valley", "ZZ", None, None, None, "region")
AT = datetime(2024, 3, 9, 8, 30, tzinfo=UTC)


def report(text: str, outlet: str, published: date, toll: int, *, quote: str = "We are still counting") -> Extraction:
    """A made-up report of a toll in Riverton, with every kind of record the store keeps."""
    document = Document.from_text(text, outlet=outlet, published=published, title=f"{outlet}: {toll} dead")
    said = text.index("said")
    figure = Figure(
        id=record_id("fig", document.id, toll),
        document_id=document.id,
        kind="killed",
        min=toll,
        max=toll,
        evidence=Evidence.of(document, 0, said + 4),
        as_of=published,
        place=RIVERTON,
        claimant="the Ministry of Rescue",
    )
    crowd = Figure(
        id=record_id("fig", document.id, "crowd"),
        document_id=document.id,
        kind="displaced",
        min=300,
        max=None,
        evidence=Evidence.of(document, said, len(text)),
        vague=True,
        place=VALLEY,
    )
    change = StatusChange(figure.id, "disputed", Evidence.of(document, said, len(text)), published, "Dr. Ånstrøm")
    actor = Actor(record_id("act", document.id, "minister"), document.id, "Mara Quell", "person",
                  Evidence.of(document, 0, 5), aliases=("Quell",), country="ZZ")  # fmt: skip
    role = Role(record_id("role", document.id, 0), document.id, actor.id, actor.name, Evidence.of(document, 0, 5),
                title="minister", organization="Ministry of Rescue", change="appointed", date=published)  # fmt: skip
    event = Event(record_id("ev", document.id, 0), document.id, "riots", Evidence.of(document, 0, said),
                  date_start=date(2024, 3, 7), date_end=published, place=RIVERTON, actors=("Mara Quell",),
                  figure_ids=(figure.id,), details=(("measure", "sandbags"), ("measure", "boats")))  # fmt: skip
    statement = Statement(record_id("st", document.id, 0), document.id, quote, Evidence.of(document, said, len(text)),
                          speaker="Mara Quell", stance="warns", cue="say", figure_id=figure.id)  # fmt: skip
    mention = PlaceMention(document.id, Evidence.of(document, text.index("Riverton"), text.index("Riverton") + 8),
                           RIVERTON, admin1="Lower Valley")  # fmt: skip
    when = TimeExpression(document.id, Evidence.of(document, 0, 3), "DATE", published.isoformat())
    return Extraction(document, (figure, crowd), (change,), (statement,), (), (actor,), (role,), (event,),
                      (mention,), (when,))  # fmt: skip


FIRST = report(
    "Water rose in Riverton overnight; 14 people drowned, the Ministry of Rescue said.\nMore rain is due.",
    "Valley Courier",
    date(2024, 3, 8),
    14,
    quote='He said: "the dam \u201cheld\u201d" \\ and\ncounting',
)
SECOND = report(
    "In Riverton 17 people are now known dead, the Ministry of Rescue said on Saturday. Boats \u00e9vacuent.",
    "Радио Долина",
    date(2024, 3, 9),
    17,
)


def filled(db: str) -> Store:
    """A store holding both reports and a few reviews: a correction, a rejection and a figure added by hand."""
    store = Store.open(db)
    store.add(FIRST)
    store.add(SECOND)
    crowd = SECOND.figures[1]
    review.save(store, review.decide(FIRST.figures[0], by="ana", settings=[("min", 15), ("max", 15)], at=AT))
    review.save(store, review.decide(crowd, by="ben", reject=True, at=AT))
    start = SECOND.document.text.index("Boats")
    _, reviews = review.added(
        SECOND.document, start, start + 5, by="ana", settings=[("kind", "evacuated"), ("min", 20)], at=AT
    )
    review.save(store, reviews)
    return store


def whole(store: Store) -> dict:
    """The export as `crisisledger export` built it before it streamed: every table read on its own, the
    reconciliation reading them all again, one dict."""
    return to_json(
        store.documents(),
        review.figures_of(store),
        store.status_changes(),
        store.statements(),
        store.actors(),
        store.roles(),
        store.events(),
        reconcile(store),
        places=store.places(),
        time_expressions=store.time_expressions(),
        reviews=review.load(store),
    )


def streamed(store: Store, *, texts: bool = True) -> StoreExport:
    return StoreExport(store, texts=texts)


@pytest.mark.parametrize("content", ["full", "empty"])
def test_the_streamed_json_is_the_whole_export_character_for_character(db, content) -> None:
    with filled(db) if content == "full" else Store.open(db) as store:
        expected = json.dumps(whole(store), ensure_ascii=False, indent=2) + "\n"
        out = io.StringIO()
        with store.reading():
            write_json(out, streamed(store))
    assert out.getvalue() == expected
    exported = json.loads(out.getvalue())
    if content == "full":  # the example holds what it should: reviews, a multi-line quote, reconciled keys
        assert {f["review"] for f in exported["figures"]} == {None, "corrected", "rejected", "added"}
        assert "\n" in exported["statements"][0]["text"] and exported["ledger_lines"] and exported["incidents"]


@pytest.mark.parametrize("table", CSV_TABLES)
def test_each_streamed_csv_table_is_the_table_of_the_whole_export(db, table) -> None:
    with filled(db) as store:
        expected = to_csv(csv_rows(whole(store), table), CSV_COLUMNS[table])
        with store.reading():
            rows = streamed(store, texts=table in ("ledger", "incidents")).csv_rows(table)
            got = to_csv(rows, CSV_COLUMNS[table])
    assert got == expected and got.count("\n") > 1


def test_reconciling_needs_the_texts_and_says_so(tmp_path) -> None:
    with filled(str(tmp_path / "ledger.db")) as store, pytest.raises(ValueError, match="texts=True"):
        _ = streamed(store, texts=False).reconciliation


@pytest.mark.parametrize("as_of", [None, date(2024, 3, 8), date(2024, 3, 1)])
def test_the_ledger_read_without_texts_is_the_reconciled_ledger(db, as_of) -> None:
    with filled(db) as store:
        expected = [ledger_line_json(line) for line in reconcile(store, as_of=as_of).lines]
        got = [ledger_line_json(line) for line in ledger_lines(store, as_of=as_of)]
    assert got == expected
    assert bool(got) is (as_of != date(2024, 3, 1))


def test_the_ledger_reads_no_report_text(tmp_path, monkeypatch) -> None:
    with filled(str(tmp_path / "ledger.db")) as store:
        read_whole = []
        documents = Store.documents

        def counted(self: Store, *, text: bool = True) -> list[Document]:
            read_whole.append(text)
            return documents(self, text=text)

        monkeypatch.setattr(Store, "documents", counted)
        lines = ledger_lines(store)
    assert read_whole == [False] and lines


def test_a_reading_sees_one_snapshot_whatever_is_written_meanwhile(db) -> None:
    with Store.open(db) as store, Store.open(db) as writer:
        store.add(FIRST)
        with store.reading():
            before = [d.id for d in store.documents()]
            writer.add(SECOND)  # another connection commits while the reading holds its snapshot
            assert [d.id for d in store.documents(text=False)] == before
            assert [f.document_id for f in store.each_figure()] == [FIRST.document.id] * 2
        assert len(store.documents()) == 2  # a new reading sees the write


def test_streamed_reads_are_the_lists_and_documents_can_leave_their_text_out(db) -> None:
    with filled(db) as store:
        assert list(store.each_statement()) == store.statements()
        assert list(store.each_place()) == store.places()
        assert list(store.each_event()) == store.events()
        bare = store.documents(text=False)
        assert [d.text for d in bare] == ["", ""]
        assert [d.id for d in bare] == [d.id for d in store.documents()]


@pytest.mark.parametrize("args", [["--format", "json"], ["--format", "csv", "--table", "places"],
                                  ["--format", "acled"]])  # fmt: skip
def test_export_to_a_file_writes_what_it_prints_and_leaves_no_partial_file(tmp_path, args) -> None:
    db = str(tmp_path / "ledger.db")
    filled(db).close()
    printed = CliRunner().invoke(app, ["export", *args, "--db", db])
    target = tmp_path / "out" / "ledger.export"
    target.parent.mkdir()
    written = CliRunner().invoke(app, ["export", *args, "--db", db, "-o", str(target)])
    assert printed.exit_code == written.exit_code == 0, written.stderr
    assert target.read_text(encoding="utf-8") == printed.stdout and printed.stdout.count("\n") > 1
    assert [p.name for p in target.parent.iterdir()] == ["ledger.export"]


# -- memory: what a reader holds at once --------------------------------------------------------------------


class Writes(io.StringIO):
    """A file that keeps the size of each write it is given."""

    def __init__(self) -> None:
        super().__init__()
        self.sizes: list[int] = []

    def write(self, text: str) -> int:
        self.sizes.append(len(text))
        return super().write(text)


def printed(monkeypatch: pytest.MonkeyPatch, format: str, *, whole: bool = False) -> Writes:
    """What `emit` writes of a long view (1,500 rows, lines of several words), in `format`; `whole` prints its
    table with rich's own `print`, which renders all of it before writing."""
    from rich.console import Console
    from rich.text import Text

    from crisisledger.cli import common

    file = Writes()
    monkeypatch.setattr(common, "out", Console(file=file, width=100, highlight=False, soft_wrap=False,
                                               force_terminal=True, color_system="standard"))  # fmt: skip
    if whole:
        monkeypatch.setattr(common, "print_streamed", lambda table: common.out.print(table))
    columns = [common.Column("n", True), common.Column("claim"), common.Column("said")]
    rows = [
        (str(n), Text(f"{n * 7:,} dead in Riverton", style="bold"), f"the Ministry of Rescue said so\nat {n}:00")
        for n in range(1500)
    ]
    records = ({"n": n, "claim": f"{n * 7:,} dead", "said": ["Ministry", f"at {n}:00"]} for n in range(1500))
    common.emit(format, "Claims (1500)", columns, rows, records, lines=True)
    return file


@pytest.mark.parametrize("format", ["table", "tsv", "json"])
def test_a_long_view_is_written_as_it_is_made_and_reads_the_same(monkeypatch, format) -> None:
    file = printed(monkeypatch, format)
    text = file.getvalue()
    if format == "table":
        assert text == printed(monkeypatch, format, whole=True).getvalue() and "\x1b[1m" in text
    elif format == "json":
        records = [{"n": n, "claim": f"{n * 7:,} dead", "said": ["Ministry", f"at {n}:00"]} for n in range(1500)]
        assert text == json.dumps(records, ensure_ascii=False, indent=2) + "\n"
    else:
        assert text.count("\n") == 1501 and "the Ministry of Rescue said so | at 1499:00" in text
    assert max(file.sizes) < len(text) / 10  # never the whole view in one piece


def many_figures(db: str, documents: int = 24, figures: int = 25) -> tuple[Store, int]:
    """A store of reports with many figures, each figure's words a long stretch of its report (and one figure
    corrected by review); the store and how many characters all the figures' words hold."""
    store = Store.open(db)
    words = 0
    for n in range(documents):
        text = f"Report {n} from Riverton. " + " ".join(f"ward {w} counted {n + w} dead" for w in range(400))
        document = Document.from_text(text, outlet=f"Outlet {n % 3}", published=date(2024, 3, 1 + n % 20))
        spans = [Evidence.of(document, 40 * i, 40 * i + 6000) for i in range(figures)]
        found = tuple(
            Figure(record_id("fig", document.id, i), document.id, "killed", n + i, n + i, span, place=RIVERTON)
            for i, span in enumerate(spans)
        )
        words += sum(len(f.evidence.text) for f in found)
        store.add(Extraction(document, found))
        if n == 0:
            review.save(store, review.decide(found[0], by="ana", settings=[("min", 3), ("max", 3)], at=AT))
    return store, words


def test_a_csv_of_figures_holds_a_few_rows_at_a_time(db, monkeypatch) -> None:
    import tracemalloc

    from crisisledger.store import store as store_module

    monkeypatch.setattr(store_module, "_STREAM_ROWS", 10)

    class Tally(io.StringIO):  # what was written, without keeping it (the CSV holds every figure's words)
        lines, corrected = 0, False

        def write(self, text: str) -> int:
            self.lines += text.count("\n")
            self.corrected |= ",3,3," in text
            return len(text)

    store, words = many_figures(db)
    with store, store.reading():
        write_csv(Tally(), streamed(store, texts=False).csv_rows("figures"), CSV_COLUMNS["figures"])  # warm caches
        out = Tally()
        tracemalloc.start()
        try:
            export = streamed(store, texts=False)
            write_csv(out, export.csv_rows("figures"), CSV_COLUMNS["figures"])
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert out.lines == 24 * 25 + 1 and out.corrected  # every figure, the review applied
    assert words > 3_000_000 and peak < words / 5  # the figures' words never all held at once


def test_the_records_of_one_read_share_their_repeated_values(db) -> None:
    with filled(db) as store:
        crowd, toll = (f for f in store.figures() if f.document_id == SECOND.document.id)
        (event,) = store.events(SECOND.document.id)
        first, second = store.events()
    assert crowd.document_id is toll.document_id is toll.evidence.document_id  # one id for a report's rows
    assert first.type is second.type and first.actors[0] is second.actors[0] and first.place is second.place
    assert event == SECOND.events[0]  # a read of one report's rows shares nothing and is the record as stored


@pytest.mark.parametrize("args", [["figures"], ["figures", "--official"]])
def test_the_figures_view_reads_no_report_text(tmp_path, monkeypatch, args) -> None:
    db = str(tmp_path / "ledger.db")
    filled(db).close()
    read: list[bool] = []
    each_document = Store.each_document

    def counted(self: Store, *, text: bool = True) -> Iterator[Document]:
        read.append(text)
        return each_document(self, text=text)

    monkeypatch.setattr(Store, "each_document", counted)
    shown = CliRunner().invoke(app, [*args, "--db", db])
    assert shown.exit_code == 0, shown.stderr
    assert read and not any(read)  # the one report a person added a figure to is read whole by id, not listed
