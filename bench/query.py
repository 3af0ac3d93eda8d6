"""Benchmark the lineage queries on a graph of ≥ 1,000,000 nodes in an embedded store.

Build (once; cached under ``--data-dir``): synthetic ``SourceDelta``s shaped like what
ingest produces — central documents (the authority list, then synthetic series of three
terms), and for each (province, central document) a source with the provincial plan
implementing it, a guide, district plans, commune plans and chi bộ plans in a chain, the
meetings discussing them, the bodies that issue them and organise the meetings, chairs with
their posts, one evidence per edge, one mention per node. Central documents amend, replace
or rest on older ones, so a chain from a chi bộ meeting to the oldest document is 6 hops.

Measure (in a new process): ``store.open()`` plus the first query (which builds the
in-memory graph), then p50/p99 of ``graph.query.lineage.trace`` and ``implementations`` (depth 6)
over random documents, and the peak RSS.

    python bench/query.py --data-dir /tmp/vankien-bench/q1m             # build if needed, measure
    python bench/query.py --data-dir /tmp/q100k --nodes 100000 --via write  # the store's own write path
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from graph.build.delta import EdgeRow, MentionRow, NodeRow, SourceDelta, document_label, series_key
from graph.store.protocol import open_store
from ontology import ids, reference
from ontology.vocab import NodeKind, RelationType

R = RelationType
TERMS = (("XI", 2011), ("XII", 2016), ("XIII", 2021))
CENTRAL_TYPES = (("nghi_quyet", "NQ", "TW"), ("chi_thi", "CT", "TW"), ("ket_luan", "KL", "TW"), ("quy_dinh", "QĐ", "TW"),
                 ("huong_dan", "HD", "BTCTW"), ("huong_dan", "HD", "BTGTW"))
ISSUERS = {"TW": "body:bo-chinh-tri", "BTCTW": "body:ban-to-chuc-trung-uong", "BTGTW": "body:ban-tuyen-giao-trung-uong"}


def _h(*parts: object) -> int:
    return zlib.crc32("|".join(map(str, parts)).encode("utf-8"))


class Delta:
    """Rows of one synthetic source."""

    def __init__(self, sid: str, title: str) -> None:
        self.sid, self.title = sid, title
        self.nodes: dict[str, NodeRow] = {}
        self.edges: list[EdgeRow] = []
        self.mentions: list[MentionRow] = []

    def node(self, nid: str, kind: NodeKind, **props: Any) -> str:
        if nid not in self.nodes:
            props.setdefault("label", props.get("name") or nid)
            self.nodes[nid] = NodeRow(nid, kind, {**props, "basis": props.get("basis", "text")})
            a = 40 * len(self.mentions)
            self.mentions.append(MentionRow(nid, a, a + 30, str(props["label"])[:30]))
        return nid

    def doc(self, nid: str, kind: str, number: int, symbol: str, issuer: str, issued: str, **extra: Any) -> str:
        p: dict[str, Any] = {"doc_kind": kind, "system": "party", "number": number, "symbol": symbol, "issuer": issuer,
                             "issued": issued, "year": int(issued[:4]), "resolved": True, **extra}
        p["series"] = series_key(p)
        p["label"] = document_label(p)
        return self.node(nid, NodeKind.DOCUMENT, **p)

    def edge(self, s: str, t: RelationType, g: str, rule: str = "cue", conf: float = 0.9) -> None:
        text = f"{self.nodes[s].props['label']} {t.value.lower()} {self.nodes[g].props['label']}."
        self.edges.append(EdgeRow(s, t, g, {"source": self.sid, "start": 0, "end": len(text), "text": text,
                                            "rule": rule, "confidence": conf}))

    def delta(self) -> SourceDelta:
        text = f"{self.title}\n\n" + " ".join(str(n.props["label"]) for n in self.nodes.values())
        source = {"id": self.sid, "key": self.sid[4:], "path": "bench", "title": self.title, "published": None,
                  "url": None, "sha256": f"{_h(self.sid, len(self.edges)):08x}", "text": text,
                  "ingested": "2026-01-01T00:00:00+00:00"}
        return SourceDelta(source, tuple(self.nodes.values()), tuple(self.edges), tuple(self.mentions))


def centrals(n: int) -> list[tuple[str, str, str, int, str, str]]:
    """(id, kind, code, number, issuer code, issued) of ``n`` central documents, the authority list first."""
    out, seen = [], set()
    for d in reference.central_documents():
        if d.issued and d.issuer_code in ("TW", "BTCTW", "BTGTW") and d.term in ("XI", "XII", "XIII"):
            nid = ids.document_id(d.type_code, d.issuer_code, d.number, term=d.term)
            if nid not in seen:
                seen.add(nid)
                out.append((nid, d.kind.value, d.type_code, d.number, d.issuer_code, d.issued.isoformat()))
    i = 0
    while len(out) < n:
        term, y0 = TERMS[i % 3]
        kind, code, iss = CENTRAL_TYPES[(i // 3) % len(CENTRAL_TYPES)]
        number = 300 + i // (3 * len(CENTRAL_TYPES))
        nid = ids.document_id(code, iss, number, term=term)
        issued = f"{y0 + (i // 7) % 5}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        if nid not in seen:
            seen.add(nid)
            out.append((nid, kind, code, number, iss, issued))
        i += 1
    return out[:n]


def central_delta(c: tuple[str, str, str, int, str, str], older: list[tuple[str, str, str, int, str, str]],
                  rng: random.Random) -> SourceDelta:
    """The source that states a central document, its issuer and what it changes or rests on."""
    d = Delta(f"src:q-central-{c[0][4:]}", f"Ban hành {c[0]}")
    _doc_of(d, c)
    for o in rng.sample(older, min(len(older), rng.choice((0, 1, 1, 2)))):
        _doc_of(d, o)
        d.edge(c[0], rng.choice((R.AMENDS, R.REPLACES, R.BASED_ON, R.BASED_ON)), o[0])
    return d.delta()


def _doc_of(d: Delta, c: tuple[str, str, str, int, str, str]) -> str:
    nid, kind, code, number, iss, issued = c
    term = nid.rsplit("-", 1)[1].upper()
    d.doc(nid, kind, number, f"{code}/{iss}", ISSUERS[iss], issued, term=term, basis="reference")
    issuer = d.node(ISSUERS[iss], NodeKind.BODY, name=ISSUERS[iss][5:].replace("-", " ").title(), body_kind="central_agency")
    d.edge(nid, R.ISSUED_BY, issuer, "issuer-symbol", 0.75)
    return nid


def province_delta(p: reference.Province, pi: int, c: tuple[str, str, str, int, str, str], rng: random.Random) -> SourceDelta:
    """One province's chain of documents and meetings carrying out a central document."""
    cid, _, ccode, cnum, _, issued = c
    year = int(issued[:4]) + 1
    lt = f"{2010 + 5 * ((year - 2010) // 5)}-{2015 + 5 * ((year - 2010) // 5)}"
    word = "Thành ủy" if p.city else "Tỉnh ủy"
    com_name = f"{word} {p.name}"
    d = Delta(f"src:q-{pi}-{cid[4:]}", f"{p.name} thực hiện {ccode} {cnum}")
    _doc_of(d, c)
    com = d.node(ids.body_id(com_name), NodeKind.BODY, name=com_name, body_kind="provincial_committee", province=p.name)
    btv = d.node(ids.body_id("Ban Thường vụ " + com_name), NodeKind.BODY, name="Ban Thường vụ " + com_name,
                 body_kind="standing_committee", parent=com, province=p.name)
    btg = d.node(ids.body_id("Ban Tuyên giáo " + com_name), NodeKind.BODY, name="Ban Tuyên giáo " + com_name,
                 body_kind="committee_agency", parent=com, province=p.name)
    d.edge(btv, R.PART_OF, com, "hierarchy", 0.95)
    d.edge(btg, R.PART_OF, com, "hierarchy", 0.95)
    n1 = 1 + _h(p.name, cid) % 300
    day = f"{year}-{1 + _h(cid) % 12:02d}-{1 + _h(p.name, cid) % 28:02d}"
    plan = d.doc(ids.document_id("KH", "TU", n1, scope=p.name, local_term=lt), "ke_hoach", n1, "KH/TU", btv, day,
                 scope=com_name, province=p.name)
    d.edge(plan, R.IMPLEMENTS, cid)
    d.edge(plan, R.ISSUED_BY, btv, "issuer-phrase")
    guide = d.doc(ids.document_id("HD", "BTGTU", n1 % 60 + 1, scope=p.name, local_term=lt), "huong_dan", n1 % 60 + 1,
                  "HD/BTGTU", btg, day, scope=com_name, province=p.name)
    d.edge(guide, R.GUIDES, plan)
    d.edge(guide, R.ISSUED_BY, btg, "issuer-phrase")
    _meeting(d, f"{p.name}-{cid}", day, com, (plan, cid), p.name, f"Phó Bí thư Thường trực {com_name}", rng)
    for k in range(rng.randint(1, 3)):
        dist = f"Huyện ủy H{(_h(p.name, cid, k) % 12) + 1} {p.name}"
        hu = d.node(ids.body_id(dist), NodeKind.BODY, name=dist, body_kind="district_committee", parent=com, province=p.name)
        d.edge(hu, R.PART_OF, com, "hierarchy", 0.95)
        l3 = d.doc(ids.document_id("KH", "HU", n1 + k, scope=dist, local_term=lt), "ke_hoach", n1 + k, "KH/HU", hu, day,
                   scope=dist, province=p.name)
        d.edge(l3, R.IMPLEMENTS, plan)
        d.edge(l3, R.ISSUED_BY, hu, "issuer-phrase")
        _meeting(d, f"{dist}-{cid}", day, hu, (l3,), p.name, f"Bí thư {dist}", rng)
        for j in range(rng.randint(1, 2)):
            xa = f"Đảng ủy xã X{(_h(dist, cid, j) % 15) + 1} {dist}"
            du = d.node(ids.body_id(xa), NodeKind.BODY, name=xa, body_kind="party_committee", parent=hu, province=p.name)
            d.edge(du, R.PART_OF, hu, "hierarchy", 0.95)
            l4 = d.doc(ids.document_id("KH", "ĐU", n1 + j, scope=xa, local_term=lt), "ke_hoach", n1 + j, "KH/ĐU", du, day,
                       scope=xa, province=p.name)
            d.edge(l4, R.IMPLEMENTS, l3)
            d.edge(l4, R.ISSUED_BY, du, "issuer-phrase")
            cb = d.node(ids.body_id(f"Chi bộ {j + 1} {xa}"), NodeKind.BODY, name=f"Chi bộ {j + 1} {xa}", body_kind="party_committee",
                        parent=du, province=p.name)
            l5 = d.doc(ids.document_id("KH", "CB", n1 + j, scope=f"Chi bộ {j + 1} {xa}", local_term=lt), "ke_hoach",
                       n1 + j, "KH/CB", cb, day, scope=f"Chi bộ {j + 1} {xa}", province=p.name)
            d.edge(l5, R.IMPLEMENTS, l4)
            d.edge(l5, R.ISSUED_BY, cb, "issuer-phrase")
            _meeting(d, f"{xa}-{j}-{cid}", day, cb, (l5,), p.name, f"Bí thư Chi bộ {j + 1} {xa}", rng)
    return d.delta()


def _meeting(d: Delta, key: str, day: str, org: str, docs: tuple[str, ...], prov: str, post_title: str,
             rng: random.Random) -> None:
    kind = rng.choice(("so_ket", "tong_ket", "quan_triet", "giao_ban"))
    mid = f"mtg:{day}-{org[5:]}-{kind}-{_h(key) % 1000}"
    d.node(mid, NodeKind.MEETING, name=f"Hội nghị {kind.replace('_', ' ')} {key}", meeting_kind=kind, date=day,
           year=int(day[:4]), province=prov)
    d.edge(mid, R.ORGANIZED_BY, org, "organizer", 0.85)
    for i, doc in enumerate(docs):
        d.edge(mid, (R.DISCUSSES, R.REVIEWS, R.IMPLEMENTS)[(i + _h(key)) % 3] if i else R.IMPLEMENTS, doc, "cue", 0.8)
    who = f"Người {_h(post_title, day[:4]) % 100000}"
    person = d.node(ids.person_id(who), NodeKind.PERSON, name=who)
    post = d.node(ids.post_id(post_title, org), NodeKind.POST, title=post_title, body=org)
    d.edge(mid, R.CHAIRED_BY, person, "chair")
    d.edge(person, R.HOLDS_POST, post, "post-apposition", 0.85)
    d.edge(post, R.POST_IN, org, "post-apposition", 0.85)


def deltas(nodes: int, seed: int) -> Iterator[SourceDelta]:
    """Deltas until the graph holds at least ``nodes`` distinct nodes."""
    rng = random.Random(seed)
    provinces = reference.provinces_before_merger()
    seen: set[str] = set()
    cs = centrals(max(200, nodes // 250))  # more than needed: the loop stops at the target
    for i, c in enumerate(cs):
        for d in [central_delta(c, cs[max(0, i - 40):i], rng)] + [
                province_delta(p, pi, c, rng) for pi, p in enumerate(provinces) if rng.random() < 0.8]:
            seen.update(n.id for n in d.nodes)
            yield d
        if len(seen) >= nodes:
            return


def build(data_dir: Path, nodes: int, seed: int, batch: int, via: str) -> dict[str, Any]:
    """Write the synthetic graph into a fresh store; ``via`` 'write' uses ``store.write`` per batch,
    'bulk' the store's own row inserts (``_add``) then one merge of claims and edges at the end."""
    from graph.build.delta import lookup_key, merge_claims

    try:
        from graph.build.delta import label_key as _label_key  # type: ignore[attr-defined]
    except ImportError:  # older layout
        from graph.store.embedded import _label_key  # type: ignore[attr-defined,no-redef]

    data_dir.mkdir(parents=True, exist_ok=True)
    for f in data_dir.glob("vankien.db*"):
        f.unlink()
    store = open_store("embedded", data_dir=data_dir)
    t0 = time.perf_counter()
    count, pending, last = 0, [], t0

    def flush() -> None:
        if via == "write":
            store.write(pending)
        else:
            store.db.execute("BEGIN")
            for d in pending:
                store._add(d)  # type: ignore[attr-defined]
            store.db.execute("COMMIT")
        pending.clear()

    for d in deltas(nodes, seed):
        pending.append(d)
        count += 1
        if len(pending) >= batch:
            flush()
            if time.perf_counter() - last > 30:
                last = time.perf_counter()
                print(f"  … {count} sources in {last - t0:.0f} s", file=sys.stderr)
    if pending:
        flush()
    if via == "bulk":
        db = store.db
        db.execute("BEGIN")
        updates: list[tuple[Any, ...]] = []
        node, claims = None, {}
        for nid, src, props in db.execute("SELECT node, source, props FROM claims ORDER BY node, source"):
            if nid != node and node is not None:
                m = merge_claims(claims)
                updates.append((json.dumps(m, ensure_ascii=False), m.get("series"), _label_key(m), lookup_key(m), node))
                claims = {}
            node = nid
            claims[src] = json.loads(props)
        if node is not None:
            m = merge_claims(claims)
            updates.append((json.dumps(m, ensure_ascii=False), m.get("series"), _label_key(m), lookup_key(m), node))
        db.executemany("UPDATE nodes SET props=?, series=?, label_folded=?, lookup=? WHERE id=?", updates)
        db.execute("INSERT OR REPLACE INTO edges SELECT src, type, tgt, max(confidence), count(*) FROM evidence "
                   "GROUP BY src, type, tgt")
        db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key='generation'")
        db.execute("COMMIT")
    stats = store.stats()
    store.close()
    info = {"nodes_target": nodes, "seed": seed, "via": via, "sources": count, "seconds": round(time.perf_counter() - t0, 1),
            "nodes": stats["nodes"], "edges": stats["edges"], "evidence": stats["evidence"],
            "nodes_by_kind": stats["nodes_by_kind"],
            "db_mb": round(sum(f.stat().st_size for f in data_dir.glob("vankien.db*")) / 1e6)}
    (data_dir / "bench-build.json").write_text(json.dumps(info))
    return info


def _pct(xs: list[float], q: float) -> float:
    s = sorted(xs)
    return s[min(len(s) - 1, int(q * len(s)))] * 1000


def measure(data_dir: Path, samples: int, seed: int) -> dict[str, Any]:
    """Open the store, time the first query (over the edge table), build the graph as the API does, then time
    random queries twice (run in a fresh process)."""
    from graph.query import lineage as queries
    from graph.store.protocol import create_store

    t0 = time.perf_counter()
    store = create_store("embedded", data_dir=data_dir)
    store.open()
    opened = time.perf_counter() - t0
    db = store.db  # type: ignore[attr-defined]
    central = [r[0] for r in db.execute("SELECT id FROM nodes WHERE kind='Document' AND "
                                        "(id LIKE 'doc:%-tw-%' OR id LIKE 'doc:hd-btctw-%' OR id LIKE 'doc:hd-btgtw-%')")]
    rng = random.Random(seed)
    t1 = time.perf_counter()
    queries.implementations(store, rng.choice(central), depth=6)
    first = time.perf_counter() - t1
    g = store.graph()  # type: ignore[attr-defined]
    graph_size = (g.number_of_nodes(), g.number_of_edges())
    top = db.execute("SELECT max(rowid) FROM nodes").fetchone()[0]
    docs: list[str] = []
    while len(docs) < samples:
        rows = db.execute(f"SELECT id FROM nodes WHERE kind='Document' AND rowid IN ({','.join('?' * 500)})",
                          [rng.randint(1, top) for _ in range(500)]).fetchall()
        docs += [r[0] for r in rows]
    docs = docs[:samples]
    out: dict[str, Any] = {"open_s": round(opened, 3), "first_query_s": round(first, 2),
                           "open_and_first_s": round(opened + first, 2), "graph_nodes": graph_size[0],
                           "graph_edges": graph_size[1]}
    gc.collect()
    gc.freeze()  # as the API does once its graph is warm (api/app.py ``_warm``)
    runs = (("trace", queries.trace, docs), ("implementations", queries.implementations, docs),
            ("implementations_central", queries.implementations, [rng.choice(central) for _ in range(samples)]))
    for name, fn, targets in runs:
        # the first pass touches each answer's pages of the file for the first time (a random
        # document of a 5-7 GB store is rarely in the page cache); the second asks the same
        # questions again, as a server that has been answering for a while would find them
        for suffix in ("", "_again"):
            times, cpu, sizes = [], [], []
            for nid in targets:
                t, c = time.perf_counter(), time.process_time()
                r = fn(store, nid, depth=6)
                times.append(time.perf_counter() - t)
                cpu.append(time.process_time() - c)
                sizes.append(len(r.get("paths", r.get("items", []))))
            out[name + suffix] = {"n": len(times), "p50_ms": round(_pct(times, 0.5), 2),
                                  "p99_ms": round(_pct(times, 0.99), 2), "max_ms": round(max(times) * 1000, 1),
                                  "cpu_p50_ms": round(_pct(cpu, 0.5), 2), "cpu_p99_ms": round(_pct(cpu, 0.99), 2),
                                  "mean_results": round(sum(sizes) / len(sizes), 1)}
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    store.close()
    return out


def one_shots(data_dir: Path, seed: int, runs: int = 5) -> dict[str, dict[str, Any]]:
    """What a researcher waits for at the shell: each command in a fresh process, wall clock
    from start to exit, and the peak RSS of the command processes."""
    import sqlite3

    db = sqlite3.connect(data_dir / "vankien.db")
    rng = random.Random(seed + 1)
    top = db.execute("SELECT max(rowid) FROM nodes").fetchone()[0]
    docs: list[tuple[str, str]] = []
    while len(docs) < runs:
        row = db.execute("SELECT id, props FROM nodes WHERE kind='Document' AND rowid=?", (rng.randint(1, top),)).fetchone()
        if row:
            docs.append((row[0], json.loads(row[1]).get("label") or row[0]))
    central = [r[0] for r in db.execute("SELECT id FROM nodes WHERE kind='Document' AND id LIKE 'doc:%-tw-%' LIMIT 50")]
    db.close()
    commands = {"trace": [["trace", d] for d, _ in docs], "implementations": [["implementations", d] for d, _ in docs],
                "coverage": [["coverage", rng.choice(central)] for _ in range(runs)],
                "resolve": [["resolve", label] for _, label in docs]}
    out: dict[str, dict[str, Any]] = {}
    for name, argvs in commands.items():
        times, rss, cpu = [], [], []
        for argv in argvs:
            with tempfile.TemporaryFile() as errors:
                t = time.perf_counter()
                proc = subprocess.Popen([sys.executable, "-m", "api.cli.main", *argv, "--data-dir", str(data_dir)],
                                        stdout=subprocess.DEVNULL, stderr=errors)
                _, status, usage = os.wait4(proc.pid, 0)  # this command's own peak RSS, not the largest so far
                times.append(time.perf_counter() - t)
                proc.returncode = os.waitstatus_to_exitcode(status)
                if proc.returncode not in (0, 1):  # 1: a reference with nothing to show
                    errors.seek(0)
                    print(f"`vankien {' '.join(argv)}` failed: {errors.read().decode()[-300:]}", file=sys.stderr)
            rss.append(usage.ru_maxrss // 1024)
            cpu.append(usage.ru_utime + usage.ru_stime)
        times.sort()
        cpu.sort()
        out[name] = {"n": len(times), "median_s": round(times[len(times) // 2], 3), "max_s": round(times[-1], 3),
                     "median_cpu_s": round(cpu[len(cpu) // 2], 3), "peak_rss_mb": max(rss)}
    return out


def _print_shots(shots: dict[str, dict[str, Any]]) -> None:
    for name, r in shots.items():
        print(f"one-shot `vankien {name}` (a new process, start included): median {r['median_s']:.2f} s, "
              f"max {r['max_s']:.2f} s, CPU {r['median_cpu_s']:.2f} s, peak RSS {r['peak_rss_mb']:,} MB ({r['n']} runs)")


def main(argv: list[str] | None = None) -> int:
    """Command line: build (unless cached) and measure."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data-dir", default="/tmp/vankien-bench/q1m", help="where the built store is cached")
    ap.add_argument("--nodes", type=int, default=1_000_000, help="nodes to build (default 1,000,000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--batch", type=int, default=200, help="sources per write")
    ap.add_argument("--via", choices=("bulk", "write"), default="bulk",
                    help="bulk: the store's row inserts + one merge at the end; write: store.write per batch")
    ap.add_argument("--samples", type=int, default=1000, help="queries of each kind")
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--one-shots", action="store_true", help="only the one-shot commands on the built store")
    ap.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)  # the child process
    args = ap.parse_args(argv)
    data_dir = Path(args.data_dir)
    if args.one_shots:
        _print_shots(one_shots(data_dir, args.seed))
        return 0
    if args.measure:
        print(json.dumps(measure(data_dir, args.samples, args.seed)))
        return 0
    info_path = data_dir / "bench-build.json"
    info = json.loads(info_path.read_text()) if info_path.exists() else None
    if args.rebuild or info is None or info.get("nodes_target") != args.nodes or info.get("seed") != args.seed:
        print(f"building ≥ {args.nodes:,} nodes via {args.via} in {data_dir} …")
        info = build(data_dir, args.nodes, args.seed, args.batch, args.via)
        rate = info["sources"] / info["seconds"]
        print(f"built in {info['seconds']} s ({rate:,.0f} sources/s)")
    print(f"store: {info['nodes']:,} nodes, {info['edges']:,} edges, {info['evidence']:,} evidence, {info['db_mb']:,} MB "
          f"({info['sources']:,} sources, built via {info['via']}); {info['nodes_by_kind']}")
    child = subprocess.run([sys.executable, __file__, "--measure", "--data-dir", str(data_dir), "--samples",
                            str(args.samples), "--seed", str(args.seed)], capture_output=True, text=True, check=False)
    if child.returncode != 0:
        print(child.stderr, file=sys.stderr)
        return child.returncode
    m = json.loads(child.stdout.strip().splitlines()[-1])
    print(f"open (new process): store.open() {m['open_s']} s + first query {m['first_query_s']} s = "
          f"{m['open_and_first_s']} s  (graph {m['graph_nodes']:,} nodes, {m['graph_edges']:,} edges)")
    for k in (f"{q}{suffix}" for q in ("trace", "implementations", "implementations_central")
              for suffix in ("", "_again")):
        r = m[k]
        print(f"{k:30s} depth 6: p50 {r['p50_ms']:7.2f} ms  p99 {r['p99_ms']:7.2f} ms  max {r['max_ms']:7.1f} ms  "
              f"(CPU p50 {r['cpu_p50_ms']:.2f} ms, p99 {r['cpu_p99_ms']:.2f} ms; {r['n']} queries, "
              f"{r['mean_results']} results on average)")
    print(f"peak RSS (query process): {m['peak_rss_mb']:,} MB")
    shots = one_shots(data_dir, args.seed)
    _print_shots(shots)
    print(json.dumps({"build": info, "measure": m, "one_shot": shots}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
