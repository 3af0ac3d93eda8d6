"""The lineage commands a researcher types, end to end on the shared articles (issue 3's bars)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest

from tests.conftest import ROOT, need_shared


def vankien(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "api.cli.main", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=300, env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"})


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> str:
    shared = need_shared()
    where = str(tmp_path_factory.mktemp("store"))
    proc = vankien("ingest", "--data-dir", where, str(shared / "seeds"), str(shared / "corpus" / "dev.jsonl"))
    assert proc.returncode == 0, proc.stderr
    return where


def test_trace_of_the_dong_thap_plan_reaches_the_2014_directive(data_dir: str) -> None:
    proc = vankien("trace", "--data-dir", data_dir, "126-KH/TU")
    assert proc.returncode == 0, proc.stderr
    assert "IMPLEMENTS → Chỉ thị 39-CT/TW (2014)" in proc.stdout
    assert "Kế hoạch số 126-KH/TU" in proc.stdout  # the evidence sentence
    result = json.loads(vankien("trace", "--data-dir", data_dir, "126-KH/TU", "--json").stdout)
    hops = [h for p in result["paths"] for h in p]
    assert any(h["target"] == "doc:ct-tw-39-xi" and h["evidence"] for h in hops)


def test_implementations_of_directive_05_list_meetings_with_evidence(data_dir: str) -> None:
    result = json.loads(vankien("implementations", "--data-dir", data_dir, "05-CT/TW", "--json").stdout)
    meetings = [i for i in result["items"] if i["node"]["kind"] == "Meeting"]
    assert len(meetings) >= 3
    assert all(i["via"]["evidence"] for i in result["items"])
    sources = {e["source"] for i in meetings for e in i["via"]["evidence"]}
    assert {"src:dev-010", "src:002-f9a59b69b065816b"} <= sources  # a dev article and a seed


def test_unknown_reference_is_a_clear_error(data_dir: str) -> None:
    proc = vankien("trace", "--data-dir", data_dir, "999-KH/XYZ")
    assert proc.returncode != 0
    assert "999-KH/XYZ" in proc.stderr and "Traceback" not in proc.stderr


def test_resolve_takes_abbreviations_as_typed_and_fails_when_nothing_matches(data_dir: str) -> None:
    proc = vankien("resolve", "--data-dir", data_dir, "kl 21")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0].split()[1:3] == ["Kết", "luận"] and "21-KL/TW" in proc.stdout.splitlines()[0]
    proc = vankien("resolve", "--data-dir", data_dir, "Quy định 9876 về không có")
    assert proc.returncode == 1
    assert "no document found" in proc.stderr and not proc.stdout.strip()


@pytest.mark.parametrize("command", [["trace", "126-KH/TU"], ["resolve", "kl 21"], ["stats"], ["export"],
                                     ["implementations", "05-CT/TW"], ["search", "dong thap"]])
def test_a_read_of_a_folder_without_a_store_is_refused_and_creates_nothing(tmp_path: Path, command: list[str]) -> None:
    for where in (tmp_path / "mistyped", Path("/nonexistent/vankien-store")):
        proc = vankien(*command, "--data-dir", str(where))
        assert proc.returncode != 0
        assert "no vankien store" in proc.stderr and "Traceback" not in proc.stderr
        assert not where.exists()


def test_the_ingest_summary_speaks_plainly(tmp_path: Path) -> None:
    shared = need_shared()
    proc = vankien("ingest", "--data-dir", str(tmp_path), str(shared / "seeds"))
    assert proc.returncode == 0, proc.stderr
    assert "read 5 sources" in proc.stdout and "5 new, 0 changed, 0 unchanged, 0 failed" in proc.stdout
    again = vankien("ingest", "--data-dir", str(tmp_path), str(shared / "seeds"))
    assert "0 new, 0 changed, 5 unchanged" in again.stdout and "gained 0 nodes and 0 relations" in again.stdout


def test_a_writer_kept_waiting_fails_with_one_line_and_no_path_reaches_the_api(tmp_path: Path,
                                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    from click.testing import CliRunner
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.cli.main import cli
    from api.settings import Settings
    from graph.store.embedded import EmbeddedStore
    from graph.store.protocol import open_store

    shared = need_shared()
    assert CliRunner().invoke(cli, ["ingest", "--data-dir", str(tmp_path), str(shared / "seeds" / sorted(
        p.name for p in (shared / "seeds").iterdir())[0])]).exit_code == 0
    monkeypatch.setitem(EmbeddedStore.__init__.__kwdefaults__, "timeout", 0.2)
    holder = sqlite3.connect(tmp_path / "vankien.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process's long write
    try:
        r = CliRunner().invoke(cli, ["ingest", "--data-dir", str(tmp_path), "--workers", "1",
                                     str(shared / "corpus" / "dev.jsonl")])
        assert r.exit_code == 2 and r.exception is not None and isinstance(r.exception, SystemExit)
        assert "locked for 0.2 s" in r.output and "Traceback" not in r.output
        store = open_store("embedded", data_dir=tmp_path)
        try:
            client = TestClient(create_app(Settings(api_token="t0ken-s3cret"), store=store))
            answer = client.post("/sources", headers={"Authorization": "Bearer t0ken-s3cret"},
                                 json={"id": "moi", "text": "Hội nghị quán triệt Chỉ thị số 05-CT/TW."})
        finally:
            store.close()
        assert answer.status_code == 503 and answer.headers["retry-after"]
        assert str(tmp_path) not in answer.text and "vankien.db" not in answer.text
    finally:
        holder.rollback()
        holder.close()


def _demo_store(corpus: str) -> str:
    """The store ``make demo CORPUS=…`` would ingest into (``make -n`` prints the commands, runs none)."""
    proc = subprocess.run(["make", "-n", "demo", f"CORPUS={corpus}"], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 0, proc.stderr
    ingest = [line for line in proc.stdout.splitlines() if " ingest " in line]
    assert len(ingest) == 1 and corpus in ingest[0], proc.stdout
    return ingest[0].split("--data-dir ", 1)[1].split()[0]


@pytest.mark.skipif(shutil.which("make") is None, reason="no make")
def test_make_demo_keeps_the_examples_out_of_a_store_of_real_articles() -> None:
    examples = _demo_store("examples/corpus")
    real = [_demo_store(c) for c in ("../shared/seeds", "../shared/corpus/dev.jsonl", "/srv/articles")]
    assert examples.endswith("/.vankien/examples")
    assert len({examples, *real}) == 4  # one store per corpus
    assert _demo_store("../shared/seeds") == real[0]  # and the same one each time
@pytest.mark.parametrize("fmt", ["nodes-csv", "edges-csv"])
def test_csv_export_opens_in_a_spreadsheet_with_its_diacritics(data_dir: str, tmp_path: Path, fmt: str) -> None:
    import csv

    out = tmp_path / f"{fmt}.csv"
    proc = vankien("export", "--format", fmt, "--bom", "--document", "126-KH/TU", "--depth", "1",
                   "--data-dir", data_dir, "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and not raw[3:].startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    ids = {r["Id"] for r in rows} if fmt == "nodes-csv" else {r["Source"] for r in rows} | {r["Target"] for r in rows}
    assert {"doc:kh-tu-dong-thap-126-2015-2020", "doc:ct-tw-39-xi"} <= ids
    if fmt == "nodes-csv":
        assert next(r for r in rows if r["Id"] == "doc:kh-tu-dong-thap-126-2015-2020")["province"] == "Đồng Tháp"
    plain = vankien("export", "--format", fmt, "--document", "126-KH/TU", "--depth", "1", "--data-dir", data_dir)
    assert plain.returncode == 0 and plain.stdout.encode("utf-8") == raw[3:]


@pytest.mark.parametrize(("args", "message"), [(["--format", "graphml", "--bom"], "--bom is for the CSV formats"),
                                               (["--format", "nodes-csv", "--base", "https://x.org/"], "--base is for the RDF"),
                                               (["--format", "csv"], "Invalid value for '--format'")])
def test_export_options_that_do_not_fit_the_format_are_refused(data_dir: str, args: list[str], message: str) -> None:
    proc = vankien("export", *args, "--data-dir", data_dir)
    assert proc.returncode == 2 and message in proc.stderr and not proc.stdout


def test_a_neighbourhood_too_big_is_refused_by_the_cli_and_nothing_is_written(data_dir: str, tmp_path: Path) -> None:
    proc = vankien("export", "--format", "graphml", "--document", "39-CT/TW năm 2014", "--depth", "3",
                   "--max-nodes", "5", "--data-dir", data_dir, "--out", str(tmp_path / "g.graphml"))
    assert proc.returncode == 1 and "more than 5 nodes" in proc.stderr and not (tmp_path / "g.graphml").exists()


def test_every_command_is_listed_once_under_the_module_that_holds_it() -> None:
    """The lazy command table must name every command of every family, and only those."""
    import importlib
    import pkgutil

    import api.cli
    from api.cli.main import COMMAND_MODULES, cli

    held: dict[str, str] = {}
    for info in pkgutil.iter_modules(api.cli.__path__):
        module = importlib.import_module(f"api.cli.{info.name}")
        for command in getattr(module, "COMMANDS", ()):
            assert command.name not in held, f"{command.name} is defined twice"
            held[command.name] = info.name
    assert held == COMMAND_MODULES
    ctx = click.Context(cli)
    assert all(cli.get_command(ctx, name).name == name for name in COMMAND_MODULES)  # type: ignore[union-attr]


def test_a_one_shot_query_loads_neither_the_rdf_nor_the_neo4j_code() -> None:
    """``vankien trace`` on the embedded store imports only what it needs (start-up time is a
    researcher's wait on a big store)."""
    code = ("import sys, runpy; sys.argv = ['vankien', 'trace', '--help']\n"
            "try:\n    runpy.run_module('api.cli.main', run_name='__main__')\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('rdflib', 'neo4j', 'networkx', 'uvicorn') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_trace_draws_a_shared_first_hop_once(tmp_path: Path) -> None:
    # a district plan carries out a provincial plan, which rests on a resolution in two ways
    # (two sentences of our own): two paths, one provincial plan in the tree
    rows = [
        ("a", "Ban Thường vụ Huyện ủy Mỹ Tú ban hành Kế hoạch số 80-KH/HU thực hiện Kế hoạch số 150-KH/TU "
              "của Ban Thường vụ Tỉnh ủy Sóc Trăng."),
        ("b", "Kế hoạch số 150-KH/TU của Ban Thường vụ Tỉnh ủy Sóc Trăng được ban hành nhằm triển khai Nghị quyết "
              "số 27-NQ/TW của Ban Chấp hành Trung ương."),
        ("c", "Trên cơ sở Nghị quyết số 27-NQ/TW của Ban Chấp hành Trung ương, Ban Thường vụ Tỉnh ủy Sóc Trăng ban "
              "hành Kế hoạch số 150-KH/TU."),
    ]
    corpus = tmp_path / "plans.jsonl"
    corpus.write_text("".join(json.dumps({"id": i, "title": "Sóc Trăng", "text": f"Sóc Trăng\n\n{t}",
                                          "published": "2023-06-01"}, ensure_ascii=False) + "\n" for i, t in rows),
                      encoding="utf-8")
    store = str(tmp_path / "store")
    assert vankien("ingest", "--data-dir", store, str(corpus)).returncode == 0
    result = json.loads(vankien("trace", "--data-dir", store, "80-KH/HU", "--json").stdout)
    assert sorted(tuple(h["type"] for h in p) for p in result["paths"]) == [
        ("IMPLEMENTS", "BASED_ON"), ("IMPLEMENTS", "IMPLEMENTS")]
    out = vankien("trace", "--data-dir", store, "80-KH/HU").stdout
    assert out.count("IMPLEMENTS → Kế hoạch 150-KH/TU") == 1
    assert "BASED_ON → Nghị quyết 27-NQ/TW" in out and "IMPLEMENTS → Nghị quyết 27-NQ/TW" in out
