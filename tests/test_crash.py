"""The embedded store survives ``kill -9`` at any moment of a real ingest, and a reader
never sees half a write."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import zlib
from pathlib import Path
from typing import Any

import pytest

PROVINCES = ["Bình Định", "Gia Lai", "Nghệ An", "Đồng Tháp", "Lâm Đồng", "Quảng Trị", "Thái Nguyên", "An Giang"]
CENTRAL = ["Chỉ thị số 39-CT/TW ngày 18-8-2014", "Chỉ thị số 05-CT/TW ngày 15-5-2016", "Kết luận số 21-KL/TW ngày 25-10-2021"]


def _corpus(folder: Path, n: int) -> None:
    rnd = random.Random(7)
    folder.mkdir()
    for i in range(n):
        prov = PROVINCES[i % len(PROVINCES)]
        central = CENTRAL[i % len(CENTRAL)]
        day = 1 + i % 27
        text = (
            f"Tỉnh ủy {prov} triển khai kế hoạch số {i + 1}\n\n"
            f"Sáng ngày {day}/3/2022, Ban Tổ chức Tỉnh ủy {prov} tổ chức Hội nghị quán triệt {central} của Bộ Chính trị. "
            f"Đồng chí Nguyễn Văn {chr(65 + i % 20)}an, Phó Bí thư Thường trực Tỉnh ủy {prov}, chủ trì hội nghị.\n\n"
            f"Ban Thường vụ Tỉnh ủy {prov} đã ban hành Kế hoạch số {i + 1}-KH/TU ngày {day}-2-2022 về thực hiện {central}. "
            f"Các cấp ủy tiếp tục thực hiện Quy định số {rnd.randint(100, 300)}-QĐ/TW của Bộ Chính trị.\n"
        )
        (folder / f"art{i:05d}.txt").write_text(text, encoding="utf-8")


def _check(db_path: Path) -> int:
    """Open the store file as a reader and check it holds only whole sources."""
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=30)
    try:
        assert db.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        if db.execute("SELECT count(*) FROM sqlite_master WHERE name='sources'").fetchone()[0] == 0:
            return 0  # the ingest has not created its tables yet
        db.execute("BEGIN")  # one snapshot for all the checks
        n = 0
        for sid, delta in db.execute("SELECT id, delta FROM sources"):
            stored = json.loads(zlib.decompress(delta))
            expected = {(s, t, g, e["start"], e["rule"]) for s, t, g, e in stored["edges"]}
            got = db.execute("SELECT count(*) FROM evidence WHERE source=?", (sid,)).fetchone()[0]
            assert got == len(expected), f"{sid}: {got} evidences of {len(expected)}"
            n += 1
        assert db.execute("SELECT count(*) FROM edges e WHERE NOT EXISTS (SELECT 1 FROM evidence v WHERE "
                          "v.src=e.src AND v.type=e.type AND v.tgt=e.tgt)").fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM nodes n WHERE NOT EXISTS (SELECT 1 FROM claims c WHERE "
                          "c.node=n.id)").fetchone()[0] == 0
        db.execute("COMMIT")
        return n
    finally:
        db.close()


def _ingest(corpus: Path, data: Path, path: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    return subprocess.Popen([sys.executable, "-m", "api.cli.main", "ingest", str(corpus), "--data-dir", str(data),
                             "--workers", "1", "--batch", "10", f"--{path}", "--json"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _pending(db_path: Path) -> int:
    db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=30)
    try:
        return int(db.execute("SELECT (SELECT count(*) FROM pending_nodes) + (SELECT count(*) FROM pending_edges)")
                   .fetchone()[0])
    finally:
        db.close()


@pytest.mark.timeout(900)
@pytest.mark.parametrize("path", ["no-bulk", "bulk"])
def test_kill_minus_nine_leaves_the_last_committed_state(tmp_path: Path, path: str) -> None:
    corpus, data = tmp_path / "corpus", tmp_path / "store"
    n = 1500
    _corpus(corpus, n)
    db_path = data / "vankien.db"
    rnd = random.Random(11)
    counts = []
    for _ in range(4):
        before = counts[-1] if counts else 0
        proc = _ingest(corpus, data, path)
        # kill at a random moment after the ingest has committed something new (however slow
        # the machine), while a concurrent reader checks it only ever sees whole sources
        committed_at = None
        deadline = time.monotonic() + 300
        while proc.poll() is None and time.monotonic() < deadline:
            if db_path.exists():
                seen = _check(db_path)
                if committed_at is None and seen > before:
                    committed_at = time.monotonic() + rnd.uniform(0.0, 0.6)
            if committed_at is not None and time.monotonic() >= committed_at:
                break
            time.sleep(0.02)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait()
        counts.append(_check(db_path) if db_path.exists() else 0)
    assert counts == sorted(counts), "a later run lost committed sources"
    assert any(0 < c < n for c in counts), f"no kill landed in the middle of an ingest: {counts}"
    proc = _ingest(corpus, data, path)
    assert proc.wait(timeout=600) == 0, proc.stderr.read().decode() if proc.stderr else ""
    assert _check(db_path) == n
    assert _pending(db_path) == 0  # the rerun merged what the killed bulk ingests left


def _children(pid: int) -> set[int]:
    out = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.add(int(stat.parent.name))
    return out


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
@pytest.mark.timeout(300)
def test_no_process_of_a_killed_ingest_outlives_it(tmp_path: Path) -> None:
    corpus, data = tmp_path / "corpus", tmp_path / "store"
    _corpus(corpus, 3000)
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    proc = subprocess.Popen([sys.executable, "-m", "api.cli.main", "ingest", str(corpus), "--data-dir", str(data),
                             "--workers", "2", "--batch", "10"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    workers: set[int] = set()
    while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
        workers = {c for c in _children(proc.pid) if _alive(c)}
        time.sleep(0.05)
    assert len(workers) >= 2, "the ingest did not start its workers"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 20
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [w for w in workers if _alive(w)], "extraction workers outlived the killed ingest"


def test_a_new_store_makes_its_tables_in_one_transaction(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A reader polling a store that an ingest is creating sees all its tables or none (it
    once saw ``sources`` without ``edges`` and failed with "no such table")."""
    from graph.store import embedded

    statements: list[str] = []
    connect = sqlite3.connect

    def traced(*args: object, **kwargs: object) -> sqlite3.Connection:
        db = connect(*args, **kwargs)  # type: ignore[arg-type]
        db.set_trace_callback(statements.append)
        return db

    monkeypatch.setattr(embedded.sqlite3, "connect", traced)
    store = embedded.EmbeddedStore(tmp_path / "store")
    store.open()
    store.close()
    words = [s.split(None, 1)[0].upper() for s in statements if s.strip()]
    creates = [i for i, w in enumerate(words) if w == "CREATE"]
    begins = [i for i, w in enumerate(words[:creates[0]]) if w == "BEGIN"]
    assert begins, "the tables are made outside a transaction"
    assert not [i for i, w in enumerate(words) if w in ("COMMIT", "END") and begins[-1] < i < creates[-1]]
    with sqlite3.connect(tmp_path / "store" / "vankien.db") as db:
        assert dict(db.execute("SELECT key, value FROM meta")) == {"schema": str(embedded.SCHEMA_VERSION),
                                                                   "generation": "0", "name_index": "1"}


# ---------------------------------------------------------------------------- sync neo4j
#: what a watcher counts in a namespace while a sync loads it
COUNTS = {
    "nodes": "MATCH (n:VkNode {ns: $ns}) RETURN count(n) AS n",
    "edges": "MATCH (:VkNode {ns: $ns})-[r]->(:VkNode) RETURN count(r) AS n",
    "sources": "MATCH (s:VkSource {ns: $ns}) RETURN count(s) AS n",
}


def _counts(driver: Any, ns: str) -> dict[str, int]:
    with driver.session() as session:
        return {k: int(session.run(q, ns=ns).single()["n"]) for k, q in COUNTS.items()}


def _sync(data: Path, uri: str, ns: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    return subprocess.Popen([sys.executable, "-m", "api.cli.main", "sync", "neo4j", "--data-dir", str(data),
                             "--uri", uri, "--namespace", ns, "--batch", "5"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


@pytest.mark.timeout(1200)
def test_sync_neo4j_killed_in_its_first_load_then_run_again_gives_the_same_graph(tmp_path: Path,
                                                                                  neo4j_uri: str) -> None:
    """``kill -9`` of ``vankien sync neo4j`` while its bulk first load writes the nodes, the
    edges or the sources into a real Neo4j: the namespace keeps its ``loading`` mark and
    refuses writes; ``sync neo4j`` run again exits 0 and leaves the same graph as an
    uninterrupted sync (and as the embedded store), every node, edge, evidence, mention and
    source."""
    from neo4j import GraphDatabase

    from graph.build.ingest import ingest_paths
    from graph.build.sync import source_ids, sync
    from graph.store.protocol import open_store
    from ontology.errors import StoreError
    from tests.conftest import neo4j_store
    from tests.test_sync import state

    corpus, data = tmp_path / "corpus", tmp_path / "store"
    n = 400
    _corpus(corpus, n)
    embedded = open_store("embedded", data_dir=data)
    ingest_paths(embedded, [str(corpus)], workers=1)
    reference = neo4j_store(neo4j_uri, "whole")
    reference.open()
    driver = GraphDatabase.driver(neo4j_uri)
    targets: list[Any] = []
    try:
        sync(embedded, reference)
        expected = state(reference)
        assert expected == state(embedded)
        whole = _counts(driver, reference.namespace)  # type: ignore[attr-defined]
        assert whole["sources"] == n and whole["nodes"] > 0 and whole["edges"] > 0
        delta = embedded.load_delta(source_ids(embedded)[0])
        assert delta is not None
        embedded.close()
        left: dict[str, dict[str, int]] = {}
        for phase in ("nodes", "edges", "sources"):  # kill once the load has committed its first ones
            target = neo4j_store(neo4j_uri, f"killed{phase}")
            target.open()  # as the sync will: the constraints, the namespace's meta node
            targets.append(target)
            ns = target.namespace  # type: ignore[attr-defined]
            proc = _sync(data, neo4j_uri, ns)
            deadline = time.monotonic() + 300
            while proc.poll() is None and time.monotonic() < deadline and not _counts(driver, ns)[phase]:
                time.sleep(0.01)
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            left[phase] = _counts(driver, ns)
            assert target.load_cut_short(), f"the load killed while writing the {phase} left no mark"
            with pytest.raises(StoreError, match="cut short"):  # a write would be lost with the load
                target.write([delta])
            rerun = _sync(data, neo4j_uri, ns)
            _, err = rerun.communicate(timeout=900)
            assert rerun.returncode == 0, err.decode()
            assert state(target) == expected, f"killed while writing the {phase} ({left[phase]} left), then run again"
        # the kills landed inside the load: one with nodes but not every edge, one with some
        # sources but not all, none after its end
        assert any(c["nodes"] > 0 and c["edges"] < whole["edges"] for c in left.values()), left
        assert any(0 < c["sources"] < n for c in left.values()), left
        assert all(c != whole for c in left.values()), left
    finally:
        for store in (reference, *targets):
            store.wipe()
            store.close()
        driver.close()
