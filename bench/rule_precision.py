"""Measure each document-to-document relation rule on the gold and write its counts to
``ontology/data/rule_precision.yaml``, from which extraction takes a relation's confidence.

    .venv/bin/python bench/rule_precision.py [--shared ../shared] [--write]

Runs the extractor over every gold set (the shared seeds, dev and dev2 articles, and the
project's QA corpus), pairs records with gold articles and matches relations with the
shared scorer (``<shared>/tools/score.py``). A relation between two documents of the gold
counts as right (tp) when it matches a gold relation, required or optional, with its type;
else as wrong (fp). Relations with an end outside the gold are not judged. Per rule, every
link the rule finds counts (also one another rule found too); per relation type, the links
the records keep (tp, fp, and the required gold relations missed: fn).
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from loaders.extract import extract_paths  # noqa: E402
from ontology.records import to_record  # noqa: E402
from ontology.vocab import LINEAGE  # noqa: E402

OUT = ROOT / "ontology" / "data" / "rule_precision.yaml"


def _scorer(path: Path) -> Any:
    spec = importlib.util.spec_from_file_location("vankien_score", path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _sets(shared: Path) -> list[tuple[str, Path, list[Path]]]:
    return [
        ("seeds", shared / "gold" / "seeds.gold.json", sorted((shared / "seeds").glob("*.txt"))),
        ("dev", shared / "gold" / "dev.gold.json", [shared / "corpus" / "dev.jsonl"]),
        ("dev2", shared / "gold" / "dev2.gold.json", [shared / "corpus" / "dev2.jsonl"]),
        ("qa", ROOT / "tests" / "data" / "qa" / "qa.gold.json", [ROOT / "tests" / "data" / "qa" / "qa.jsonl"]),
    ]


def measure(shared: Path) -> tuple[dict[str, Counter[str]], dict[str, Counter[str]], list[str]]:
    """Per rule and per type: Counters of tp, fp (and fn per type); and the wrong links."""
    import json

    from loaders.relate.collect import Collector

    sc = _scorer(shared / "tools" / "score.py")
    lineage = {t.value for t in LINEAGE}
    rules: dict[str, Counter[str]] = {}
    types: dict[str, Counter[str]] = {}
    wrong: list[str] = []
    # every link each rule finds, before the record keeps one evidence per relation (so a rule
    # is counted even where another one found the same link with a higher confidence)
    found_by: dict[str, set[tuple[str, str, str, str]]] = {}
    relate = Collector.relate

    def spy(self: Any, t: Any, source: str, target: str, pos: int, rule: Any, confidence: float) -> None:
        if t.value in lineage and source.startswith("doc:"):
            found_by.setdefault(self.ctx.source.id, set()).add((rule.value, t.value, source, target))
        relate(self, t, source, target, pos, rule, confidence)

    Collector.relate = spy  # type: ignore[method-assign]
    for _name, gold_path, inputs in _sets(shared):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        by_file: dict[str, dict[str, Any]] = {}
        for x in extract_paths([str(p) for p in inputs]):
            rec = to_record(x) if hasattr(x, "source") and hasattr(x, "relations") else None
            if rec is None:
                continue
            for field in ("path", "id"):
                if rec["source"].get(field):
                    by_file.setdefault(Path(str(rec["source"][field])).name, rec)
                    by_file.setdefault(Path(str(rec["source"][field])).stem, rec)
        for art in gold["articles"]:
            rec = by_file.get(art["file"]) or by_file.get(Path(art["file"]).stem) or {}
            keys = {d["id"]: k for d in rec.get("documents", []) if (k := sc.record_doc_key(d))}
            gdocs = [sc.parse_gold_key(g["key"]) for g in art["documents"]]
            grel = [g for g in art.get("relations", []) if not str(g["source"]).startswith("meeting:")]

            def gold_doc(k: Any, gdocs: list[Any] = gdocs) -> bool:
                return any(sc.key_matches(g, k) for g in gdocs)

            def matches(g: dict[str, Any], t: str, s: Any, o: Any) -> bool:
                return (g["type"] == t and sc.key_matches(sc.parse_gold_key(g["source"]), s)
                        and sc.key_matches(sc.parse_gold_key(g["target"]), o))

            found = []
            for r in rec.get("relations", []):
                if r["type"] not in lineage or r["source"] not in keys or r["target"] not in keys:
                    continue
                s, o = keys[r["source"]], keys[r["target"]]
                if not (gold_doc(s) and gold_doc(o)):
                    continue
                ok = any(matches(g, r["type"], s, o) for g in grel)
                found.append((r["type"], s, o))
                types.setdefault(r["type"], Counter())["tp" if ok else "fp"] += 1
            for rule, t, source, target in sorted(found_by.get(rec.get("source", {}).get("entity", ""), ())):
                if source not in keys or target not in keys:
                    continue
                s, o = keys[source], keys[target]
                if not (gold_doc(s) and gold_doc(o)):
                    rules.setdefault(rule, Counter())["unjudged"] += 1
                    continue
                ok = any(matches(g, t, s, o) for g in grel)
                rules.setdefault(rule, Counter())["tp" if ok else "fp"] += 1
                if not ok:
                    wrong.append(f"{art['file']}: {rule} {t} {source} -> {target}")
            for g in grel:
                if not g.get("optional") and not any(matches(g, *f) for f in found):
                    types.setdefault(g["type"], Counter())["fn"] += 1
    return rules, types, wrong


def write(rules: dict[str, Counter[str]], path: Path = OUT) -> None:
    stamp = datetime.now(UTC).strftime("%Y-%m-%d")
    lines = [
        "# Right (tp) and wrong (fp) document-to-document links of each relation rule, measured on",
        "# all gold (shared seeds, dev, dev2 and tests/data/qa) by bench/rule_precision.py; a relation's",
        "# confidence is its rule's (tp + 1) / (tp + fp + 2). Every link a rule finds is counted, also where",
        "# another rule found it too; optional gold links count as right; links with an end outside the",
        "# gold are not counted (unjudged). Re-run the script after changing a rule.",
        f"measured: {stamp}",
        "rules:",
    ]
    for rule in sorted(rules):
        c = rules[rule]
        lines.append(f"  {rule}: {{tp: {c['tp']}, fp: {c['fp']}, unjudged: {c['unjudged']}}}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"), help="the shared folder (gold, corpus, tools)")
    ap.add_argument("--write", action="store_true", help=f"write the counts to {OUT.relative_to(ROOT)}")
    args = ap.parse_args(argv)
    rules, types, wrong = measure(Path(args.shared))
    print(f"{'rule':<18} {'tp':>4} {'fp':>4} {'unjudged':>9}  confidence")
    for rule in sorted(rules):
        c = rules[rule]
        print(f"{rule:<18} {c['tp']:>4} {c['fp']:>4} {c['unjudged']:>9}  {(c['tp'] + 1) / (c['tp'] + c['fp'] + 2):.3f}")
    print(f"\n{'type':<18} {'tp':>4} {'fp':>4} {'fn':>4}")
    for t in sorted(types):
        c = types[t]
        print(f"{t:<18} {c['tp']:>4} {c['fp']:>4} {c['fn']:>4}")
    for w in wrong:
        print("wrong:", w)
    if args.write:
        write(rules)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
