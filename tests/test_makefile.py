"""The Makefile's housekeeping: `make clean` keeps .venv, `make distclean` removes it, the install step says
what it is doing. Run in a scratch copy, never in the working tree."""

import shutil
import subprocess
from pathlib import Path

import pytest

MAKEFILE = Path(__file__).resolve().parent.parent / "Makefile"

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


@pytest.fixture
def tree(tmp_path):
    shutil.copy(MAKEFILE, tmp_path / "Makefile")
    for folder in (".venv/bin", ".pytest_cache", ".mypy_cache", ".ruff_cache", "src/pkg/__pycache__"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / ".venv/lib/__pycache__").mkdir(parents=True)
    (tmp_path / ".venv/bin/python").write_text("")
    (tmp_path / "crisisledger.db").write_text("")
    (tmp_path / "pyproject.toml").write_text("")
    (tmp_path / "src/pkg/__init__.py").write_text("")
    return tmp_path


def make(tree, *targets):
    return subprocess.run(["make", *targets], cwd=tree, capture_output=True, text=True, check=True).stdout


def test_clean_removes_the_store_and_caches_and_keeps_the_virtualenv(tree):
    make(tree, "clean")
    assert (tree / ".venv/bin/python").exists() and (tree / ".venv/lib/__pycache__").exists()
    assert (tree / "src/pkg/__init__.py").exists()
    for gone in ("crisisledger.db", ".pytest_cache", ".mypy_cache", ".ruff_cache", "src/pkg/__pycache__"):
        assert not (tree / gone).exists(), gone


def test_distclean_removes_the_virtualenv_too(tree):
    make(tree, "distclean")
    assert not (tree / ".venv").exists() and not (tree / "crisisledger.db").exists()
    assert (tree / "src/pkg/__init__.py").exists()


def test_the_install_step_says_what_it_does_before_pip_runs(tree):
    planned = make(tree, "-n", "-B", ".venv/.installed").splitlines()
    installs = [i for i, line in enumerate(planned) if "pip install" in line and "-e" in line]
    assert installs, planned
    before = planned[installs[0] - 1]
    assert before.startswith("echo") and "installing" in before
