"""Where the gold data, the floors and the shared corpora are, in a source checkout of the project."""

from __future__ import annotations

from pathlib import Path

#: The repository root (src/crisisledger/evaluation/ is three levels below it).
ROOT = Path(__file__).resolve().parents[3]
#: Our gold data: seed.json, reports/*.txt with a gold .json beside each, and floors.json.
GOLD = ROOT / "tests" / "gold"
FLOORS = GOLD / "floors.json"
#: Read-only material shared by the project's developers, beside the repository; never copied into it.
SHARED = ROOT.parent / "shared"
MEANTIME = SHARED / "data" / "meantime" / "intra-doc_annotation"
