"""Print the W3C Web Annotation test-suite results (MUST/SHOULD/MAY) for parlread's export.

    .venv/bin/python scripts/w3c_report.py                    # the export of the test annotations
    .venv/bin/python scripts/w3c_report.py --creator "Ann R" --language en-GB
    .venv/bin/python scripts/w3c_report.py --old-export OLD.py   # an older annotations/export.py, for comparison
    .venv/bin/python tests/w3c_suite.py FILE.json|FILE.jsonl  # any export file

The annotations are those of tests/w3c_support.py (tags, notes on spans, a highlight,
hostile characters, an orphan, a re-anchored note) over tests/fixtures records.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--creator", help="creator display name")
    ap.add_argument("--creator-id", help="creator IRI (mailto:, https://orcid.org/…)")
    ap.add_argument("--language", help="language of the notes (e.g. en-GB)")
    ap.add_argument("--old-export", metavar="FILE", help="an older annotations/export.py whose export(annotations, 'w3c') to check instead")
    args = ap.parse_args()

    import w3c_suite
    from annotations.w3c import CreatorSettings
    from w3c_support import AUTHOR, build

    store, corpus = build(Path(tempfile.mkdtemp(prefix="w3c-report-")))
    if args.old_export:
        spec = importlib.util.spec_from_file_location("old_export", args.old_export)
        mod = importlib.util.module_from_spec(spec)
        sys.modules["old_export"] = mod
        spec.loader.exec_module(mod)
        text = mod.export(store.all(), "w3c")
    else:
        from annotations.export import export

        text = export(store.all(), "w3c", corpus, CreatorSettings(args.creator, args.creator_id, args.language, login=AUTHOR))
    report = w3c_suite.check_export(json.loads(text))
    print(f"{len(store.all())} annotations\n{report.summary()}")
    for level in ("must", "should"):
        print(f"\n{level.upper()} (applicable):\n{report.table(level)}")
    return 1 if report.failures("must") else 0


if __name__ == "__main__":
    sys.exit(main())
