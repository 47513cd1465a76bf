"""Runner for the W3C Web Annotation WG's data-model assertions (tests/fixtures/w3c/).

Reads the ``.test`` files as the WG's runner (annotation-model/scripts/JSONtest.js)
does — file names (with a slash: relative to the suite folder; without: to
the ``.test`` file's folder), inline schemas, ``{"assertionFile": F, ...overrides}``,
nested lists and ``{"assertions": [...], "compareWith": "and"|"or"}`` groups —
and checks each assertion (a draft-04 JSON Schema with ``assertionType``,
``expectedResult``) with jsonschema's Draft4Validator, a registry holding
``definitions/*.json`` under their ids (the assertions ``$ref`` them as
``bodyTarget.json#/definitions/…``) and format checks (uri, date-time, date,
time, email).

``check_export(collection)`` runs the annotation tests on every embedded
annotation (given the collection's ``@context``, as JSON-LD does) and the
collection and page tests on the collection.  An assertion that is specific
to a selector/state kind (SvgSelector, RangeSelector, …) or to an Agent
(creator, generator) counts only when the export uses it (the suite README's
rule); the others always count.

Run as a script: ``python tests/w3c_suite.py EXPORT.json`` prints the counts
and every miss.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

SUITE = Path(__file__).resolve().parent / "fixtures" / "w3c"

ANNOTATION_TESTS = ("annotations/annotationMusts.test", "annotations/annotationOptionals.test", "annotations/annotationsAgentOptionals.test")
COLLECTION_TESTS = (
    "collections/collectionMusts.test",
    "collections/collectionOptionals.test",
    "collections/pages/pageMusts.test",
    "collections/pages/pageOptionals.test",
)

# assertion file name fragment → what must be in the export for it to count
_KIND_SPECIFIC = {
    "svgSelector": "SvgSelector",
    "rangeSelector": "RangeSelector",
    "fragmentCssXPathSelector": ("FragmentSelector", "CssSelector", "XPathSelector"),
    "fragmentSelector": "FragmentSelector",
    "conformsTo": "FragmentSelector",
    "cssSelector": "CssSelector",
    "xpathSelector": "XPathSelector",
    "dataPositionSelector": "DataPositionSelector",
    "timeState": "TimeState",
    "httpRequestState": "HttpRequestState",
    "requestHeaderState": "HttpRequestState",
    "stateValidIfPresent": "@state",
    "stateFound": "@state",
    "refinedBy": "@refinedBy",
    "styleClass": "@styleClass",
}


@dataclass
class Result:
    test: str
    file: str
    level: str  # must | should | may
    passed: bool
    applicable: bool
    subject: str  # which item/document
    message: str = ""


@dataclass
class Report:
    results: list[Result] = field(default_factory=list)

    def by_assertion(self, level: str, applicable_only: bool = True) -> dict[str, bool]:
        """assertion file → passed for every subject it was run on."""
        out: dict[str, bool] = {}
        for r in self.results:
            if r.level != level or (applicable_only and not r.applicable):
                continue
            out[r.file] = out.get(r.file, True) and r.passed
        return out

    def counts(self, level: str, applicable_only: bool = True) -> tuple[int, int]:
        d = self.by_assertion(level, applicable_only)
        return sum(d.values()), len(d)

    def failures(self, level: str) -> list[Result]:
        return [r for r in self.results if r.level == level and r.applicable and not r.passed]

    def summary(self) -> str:
        lines = []
        for level in ("must", "should", "may"):
            p, n = self.counts(level)
            pa, na = self.counts(level, applicable_only=False)
            lines.append(f"{level.upper():6} {p}/{n} applicable assertions pass ({pa}/{na} of all)")
        return "\n".join(lines)

    def table(self, level: str) -> str:
        """One row per applicable assertion: met by every subject, or on how many."""
        seen: dict[str, list[bool]] = {}
        for r in self.results:
            if r.level == level and r.applicable:
                seen.setdefault(r.file, []).append(r.passed)
        rows = []
        for f, oks in sorted(seen.items()):
            mark = "met " if all(oks) else "MISS"
            rows.append(f"  {mark}  {f}" + ("" if all(oks) or len(oks) == 1 else f"  (met on {sum(oks)} of {len(oks)})"))
        return "\n".join(rows)


@lru_cache(maxsize=None)
def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _registry():
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    resources = []
    for p in sorted((SUITE / "definitions").glob("*.json")):
        schema = _json(p)
        resources.append((schema["id"], Resource.from_contents(schema, default_specification=DRAFT4)))
    return Registry().with_resources(resources)


def _validator(schema: dict):
    from jsonschema import Draft4Validator, FormatChecker

    return Draft4Validator(schema, registry=_registry(), format_checker=FormatChecker())


def _load_assertion(entry: Any, test_dir: Path) -> list[tuple[str, dict]]:
    """(name, schema) for each assertion an entry of a .test's list stands for."""
    if isinstance(entry, str):
        path = SUITE / entry if "/" in entry else test_dir / entry
        return [(str(path.relative_to(SUITE)), _json(path))]
    if isinstance(entry, list):
        out = []
        for e in entry:
            out += _load_assertion(e, test_dir)
        return out
    if isinstance(entry, dict) and "assertionFile" in entry:
        (name, schema), = _load_assertion(entry["assertionFile"], test_dir)
        merged = dict(schema)
        merged.update({k: v for k, v in entry.items() if k != "assertionFile"})
        return [(name, merged)]
    if isinstance(entry, dict) and "assertions" in entry:
        # a condition group: kept as one assertion (and/or of its members)
        members = _load_assertion(entry["assertions"], test_dir)
        op = "anyOf" if entry.get("compareWith") == "or" else "allOf"
        schema = {op: [s for _n, s in members], "assertionType": entry.get("assertionType", "must")}
        return [("(" + f" {op} ".join(n for n, _ in members) + ")", schema)]
    if isinstance(entry, dict):
        return [(entry.get("title") or entry.get("id") or "inline assertion", entry)]
    raise ValueError(f"unreadable assertion entry: {entry!r}")


def load_test(rel: str) -> tuple[str, list[tuple[str, dict]]]:
    path = SUITE / rel
    spec = _json(path)
    out: list[tuple[str, dict]] = []
    for e in spec["assertions"]:
        out += _load_assertion(e, path.parent)
    return spec.get("name", rel), out


def _walk(obj: Any):
    stack = [obj]
    while stack:
        o = stack.pop()
        if isinstance(o, dict):
            yield o
            stack.extend(o.values())
        elif isinstance(o, list):
            stack.extend(o)


def _uses(doc: Any, what: str) -> bool:
    for o in _walk(doc):
        if what.startswith("@"):
            if what[1:] in o:
                return True
        elif o.get("type") == what or (isinstance(o.get("type"), list) and what in o["type"]):
            return True
    return False


def applicable(name: str, doc: Any) -> bool:
    """Whether an assertion counts for ``doc`` (see the suite README)."""
    base = name.rsplit("/", 1)[-1]
    for frag, need in _KIND_SPECIFIC.items():
        if frag in base:
            needs = need if isinstance(need, tuple) else (need,)
            return any(_uses(doc, n) for n in needs)
    if "AgentOptionals" in name or "Agent" in base:
        agent_key = "generator" if "Generator" in base else "creator"
        where = "body" if "/3.3.2-body" in name else "target" if "/3.3.2-targ" in name else None
        parts = [doc] if where is None else [x for x in _as_list(doc.get(where)) if isinstance(x, dict)]
        return any(agent_key in p for p in parts)
    return True


def _as_list(v: Any) -> list:
    return v if isinstance(v, list) else [] if v is None else [v]


def run_tests(doc: Any, tests: tuple[str, ...], subject: str, report: Report) -> None:
    for rel in tests:
        _name, assertions = load_test(rel)
        for file, schema in assertions:
            level = schema.get("assertionType", "must")
            expected_valid = schema.get("expectedResult", "valid") == "valid"
            errors = list(_validator(schema).iter_errors(doc))
            passed = (not errors) == expected_valid
            msg = "" if passed else (schema.get("errorMessage") or (errors[0].message if errors else "valid, expected invalid"))
            report.results.append(Result(rel, file, level, passed, applicable(file, doc), subject, msg))


def check_annotation(ann: dict, report: Report | None = None, subject: str = "annotation") -> Report:
    report = report or Report()
    run_tests(ann, ANNOTATION_TESTS, subject, report)
    return report


def check_export(collection: dict) -> Report:
    """Every assertion against a parlread W3C export (an AnnotationCollection)."""
    report = Report()
    run_tests(collection, COLLECTION_TESTS, "collection", report)
    ctx = collection.get("@context")
    page = collection.get("first") or {}
    for i, item in enumerate(page.get("items") or []):
        ann = dict(item) if "@context" in item else {"@context": ctx, **item}
        check_annotation(ann, report, f"item {i} ({item.get('id')})")
    return report


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python tests/w3c_suite.py EXPORT.json|EXPORT.jsonl", file=sys.stderr)
        return 2
    text = Path(argv[1]).read_text(encoding="utf-8")
    try:
        doc = json.loads(text)
        report = check_export(doc) if doc.get("type") == "AnnotationCollection" else check_annotation(doc)
    except ValueError:
        report = Report()
        for n, line in enumerate(l for l in text.splitlines() if l.strip()):
            check_annotation(json.loads(line), report, f"line {n + 1}")
    print(report.summary())
    for level in ("must", "should"):
        print(f"\n{level.upper()} assertions (applicable):")
        print(report.table(level))
    fails = report.failures("must")
    if fails:
        print("\nMUST failures:")
        for r in fails:
            print(f"  {r.file} on {r.subject}: {r.message}")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
