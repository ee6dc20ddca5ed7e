"""`crisisledger serve`: the token, the warning off loopback, and what reaches uvicorn (stubbed here: the
browser tests run a real server)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from crisisledger.cli import app


@pytest.fixture
def served(monkeypatch):
    """What `serve` hands to uvicorn, instead of serving."""
    import uvicorn

    calls: list[dict] = []
    monkeypatch.setattr(uvicorn, "run", lambda application, **options: calls.append({"app": application, **options}))
    yield calls
    for call in calls:  # uvicorn would have closed the store when the app stopped
        call["app"].state.store.close()


def serve(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(app, ["serve", *args], env={"CRISISLEDGER_TOKEN": "", **(env or {})})


def test_on_loopback_a_token_is_made_for_the_run_and_printed(web_store, served):
    result = serve("--db", web_store, "--port", "8123")
    assert result.exit_code == 0, result.output
    (call,) = served
    assert (call["host"], call["port"]) == ("127.0.0.1", 8123)
    token = call["app"].state.settings.token
    assert token and len(token) >= 24 and token in result.output
    assert "http://127.0.0.1:8123/" in result.output


def test_off_loopback_without_a_token_it_refuses_to_start(web_store, served):
    result = serve("--db", web_store, "--host", "0.0.0.0")
    assert result.exit_code == 2 and not served
    assert "warning:" in result.output and "needs a token" in result.output


def test_off_loopback_the_token_comes_from_the_environment_or_a_file(web_store, served, tmp_path):
    result = serve("--db", web_store, "--host", "0.0.0.0", env={"CRISISLEDGER_TOKEN": "from-env"})
    assert result.exit_code == 0, result.output
    assert served[-1]["app"].state.settings.token == "from-env" and "from-env" not in result.output
    secret = tmp_path / "token"
    secret.write_text("from-file\n", encoding="utf-8")
    result = serve("--db", web_store, "--host", "0.0.0.0", "--token-file", str(secret))
    assert result.exit_code == 0 and served[-1]["app"].state.settings.token == "from-file"
    assert not served[-1]["app"].state.settings.loopback


def test_an_empty_or_missing_token_file_is_one_line(web_store, served, tmp_path):
    empty = tmp_path / "empty"
    empty.write_text("  \n", encoding="utf-8")
    for path, message in ((empty, "is empty"), (tmp_path / "nothing", "Cannot read the token file")):
        result = serve("--db", web_store, "--token-file", str(path))
        assert result.exit_code == 2 and message in result.output and not served


# SQLite only: a missing store is a file that is not there (a PostgreSQL database is created by its server).
def test_a_store_that_does_not_exist_is_not_created(tmp_path, served):
    result = serve("--db", str(tmp_path / "none.db"))
    assert result.exit_code == 2 and "no store at" in result.output
    assert not (tmp_path / "none.db").exists() and not served
