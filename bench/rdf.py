"""Benchmark of the RDF export: a generated graph of ≥ 1,000,000 triples, exported to
N-Triples and Turtle; prints seconds and peak RSS of each export.

    .venv/bin/python bench/rdf.py [--sources 5000] [--keep DIR]

The graph is written as synthetic ``SourceDelta``s into an embedded store in a temporary
folder (not timed); each export then runs in a fresh process, so that its peak RSS is its
own. Aim: N-Triples in ≤ 10 s and ≤ 1 GB on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from graph.build.delta import EdgeRow, MentionRow, NodeRow, SourceDelta  # noqa: E402
from ontology.vocab import DocKind, MeetingKind, NodeKind, RelationType, Rule  # noqa: E402

PROVINCES = ["Đồng Tháp", "Nghệ An", "Gia Lai", "Quảng Nam", "An Giang", "Ninh Thuận", "Thái Nguyên", "Hà Nội"]
WORDS = ("công tác tổ chức xây dựng Đảng triển khai thực hiện nghị quyết chỉ thị kết luận kế hoạch hội nghị "
         "quán triệt sơ kết tổng kết cán bộ đảng viên Ban Thường vụ Tỉnh ủy")


def _sentence(rng: random.Random, n: int) -> str:
    words = WORDS.split()
    return " ".join(rng.choice(words) for _ in range(n)).capitalize() + "."


def synthetic(n_sources: int, seed: int = 7) -> list[SourceDelta]:
    """Deltas of ``n_sources`` articles over shared pools of documents, bodies and persons."""
    rng = random.Random(seed)
    kinds = list(DocKind)
    bodies = [f"body:co-quan-{i}" for i in range(max(50, n_sources // 10))]
    docs = [f"doc:kh-tu-{i % 60}-{i}-2020-2025" for i in range(max(200, n_sources * 4))]
    persons = [f"person:nguoi-{i}" for i in range(max(50, n_sources))]
    deltas = []
    for k in range(n_sources):
        sid = f"src:bench-{k:06d}"
        sentences = [_sentence(rng, rng.randint(12, 30)) for _ in range(8)]
        text = " ".join(sentences)
        spans, pos = [], 0
        for s in sentences:
            spans.append((pos, pos + len(s), s))
            pos += len(s) + 1
        mtg = f"mtg:bench-{k:06d}-hoi-nghi"
        ds = rng.sample(docs, 4)
        bs = rng.sample(bodies, 2)
        ps = rng.sample(persons, 2)
        post = f"post:bi-thu--{bs[0].removeprefix('body:')}"
        prov = rng.choice(PROVINCES)
        nodes = [NodeRow(mtg, NodeKind.MEETING, {
            "name": f"Hội nghị số {k}", "label": f"Hội nghị số {k}", "meeting_kind": rng.choice(list(MeetingKind)).value,
            "date": f"20{rng.randint(10, 25)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}", "province": prov})]
        for d in ds:
            n = d.split("-")[3]
            nodes.append(NodeRow(d, NodeKind.DOCUMENT, {
                "doc_kind": rng.choice(kinds).value, "system": "party", "number": n, "symbol": "KH/TU",
                "label": f"Kế hoạch {n}-KH/TU", "resolved": True, "province": prov, "year": 2020 + int(n) % 5,
                "issuer": bs[0]}))
        for b in bs:
            nodes.append(NodeRow(b, NodeKind.BODY, {"name": f"Cơ quan {b[-4:]}", "label": f"Cơ quan {b[-4:]}",
                                                     "body_kind": "provincial_committee", "province": prov}))
        for p in ps:
            nodes.append(NodeRow(p, NodeKind.PERSON, {"name": f"Người {p[-4:]}", "label": f"Người {p[-4:]}"}))
        nodes.append(NodeRow(post, NodeKind.POST, {"title": "Bí thư", "label": "Bí thư"}))

        def ev(rule: Rule, conf: float, sid: str = sid, spans: list[tuple[int, int, str]] = spans) -> dict[str, Any]:
            a, b, s = rng.choice(spans)
            return {"source": sid, "start": a, "end": b, "text": s, "rule": rule.value, "confidence": conf}

        T = RelationType  # noqa: N806
        edges = [EdgeRow(mtg, T.IMPLEMENTS, ds[0], ev(Rule.MEETING_NAME, 0.9)),
                 EdgeRow(mtg, T.IMPLEMENTS, ds[1], ev(Rule.MEETING_CONTENT, 0.6)),
                 EdgeRow(mtg, T.DISCUSSES, ds[2], ev(Rule.MEETING_CONTENT, 0.5)),
                 EdgeRow(mtg, T.ORGANIZED_BY, bs[0], ev(Rule.ORGANIZER, 0.85)),
                 EdgeRow(mtg, T.CHAIRED_BY, ps[0], ev(Rule.CHAIR, 0.85)),
                 EdgeRow(mtg, T.ATTENDED_BY, ps[1], ev(Rule.PARTICIPANT, 0.7)),
                 EdgeRow(ds[3], T.IMPLEMENTS, ds[0], ev(Rule.CUE, 0.9)),
                 EdgeRow(ds[0], T.ISSUED_BY, bs[0], ev(Rule.ISSUER_PHRASE, 0.9)),
                 EdgeRow(ds[1], T.ISSUED_BY, bs[0], ev(Rule.ISSUER_SYMBOL, 0.8)),
                 EdgeRow(ps[0], T.HOLDS_POST, post, ev(Rule.POST_APPOSITION, 0.85)),
                 EdgeRow(post, T.POST_IN, bs[0], ev(Rule.POST_APPOSITION, 0.85)),
                 EdgeRow(bs[1], T.PART_OF, bs[0], ev(Rule.HIERARCHY, 0.95))]
        mentions = [MentionRow(n.id, a, a + 10, text[a:a + 10]) for n, (a, _, _) in zip(nodes, spans, strict=False)]
        source = {"id": sid, "key": f"bench-{k}.txt", "path": f"/bench/{k}.txt", "title": f"Bài báo {k}",
                  "published": "2024-05-01", "url": f"https://example.org/bai/{k}", "sha256": f"{k:064x}",
                  "text": text, "ingested": "2026-01-01T00:00:00+00:00"}
        deltas.append(SourceDelta(source, tuple(nodes), tuple(edges), tuple(mentions)))
    return deltas


def build(data_dir: Path, n_sources: int) -> dict[str, Any]:
    """Write the synthetic graph into an embedded store."""
    from graph.store.protocol import open_store

    t = time.perf_counter()
    store = open_store("embedded", data_dir=data_dir)
    deltas = synthetic(n_sources)
    for i in range(0, len(deltas), 500):
        store.write(deltas[i:i + 500])
    stats = store.stats()
    store.close()
    return {"seconds": round(time.perf_counter() - t, 1), "nodes": stats["nodes"], "edges": stats["edges"],
            "evidence": stats["evidence"]}


def child(data_dir: str, fmt: str, output: str) -> None:
    """Run one export and print its figures as JSON (in its own process)."""
    from graph.export.rdf import write_export
    from graph.store.protocol import open_store

    store = open_store("embedded", data_dir=data_dir)
    t = time.perf_counter()
    with open(output, "wb") as out:
        write_export(store, out, fmt)
    seconds = time.perf_counter() - t
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"format": fmt, "seconds": round(seconds, 2), "peak_rss_mb": round(rss / 2**20),
                      "bytes": Path(output).stat().st_size}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sources", type=int, default=5000, help="synthetic articles (5000 ≈ 1.3 M triples)")
    ap.add_argument("--keep", type=Path, default=None, help="keep the store and exports in this folder")
    ap.add_argument("--child", nargs=3, metavar=("DATA_DIR", "FORMAT", "OUTPUT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(*args.child)
        return
    with tempfile.TemporaryDirectory(prefix="vankien-bench-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        print(f"building {args.sources} synthetic sources in {work} …", flush=True)
        print("store:", json.dumps(build(work / "store", args.sources)), flush=True)
        for fmt in ("nt", "ttl"):
            out = work / f"bench.{fmt}"
            res = subprocess.run([sys.executable, __file__, "--child", str(work / "store"), fmt, str(out)],
                                 check=True, capture_output=True, text=True)
            figures = json.loads(res.stdout.strip().splitlines()[-1])
            if fmt == "nt":
                with out.open("rb") as f:
                    figures["triples"] = sum(1 for _ in f)
            print(json.dumps(figures), flush=True)


if __name__ == "__main__":
    main()
