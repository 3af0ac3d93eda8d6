"""The CLI end to end with ``--store neo4j`` against a real Neo4j: every lineage command
answers as over the embedded store, and the errors a user meets are one line they can act
on, with one exit status per kind (api.cli.exits)."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from api.cli.main import cli
from graph.store.neo4j_server import free_port
from graph.store.protocol import create_store
from tests.conftest import need_shared, run_cli

READS = [
    ("trace", "126-KH/TU"),
    ("implementations", "05-CT/TW"),
    ("coverage", "Chỉ thị 05-CT/TW"),
    ("timeline", "39-CT/TW"),
    ("resolve", "chi thi 05"),
    ("search", "dang uy"),
]


@pytest.fixture(scope="module")
def both(neo4j_uri: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The seeds and the dev corpus ingested by the CLI into an embedded store and into Neo4j."""
    shared = need_shared()
    paths = [str(shared / "seeds"), str(shared / "corpus" / "dev.jsonl")]
    data_dir = str(tmp_path_factory.mktemp("cli-embedded"))
    env = {"NEO4J_URI": neo4j_uri, "NEO4J_NAMESPACE": f"cli{uuid.uuid4().hex[:10]}"}
    done = run_cli("ingest", "--data-dir", data_dir, *paths)
    assert done.returncode == 0, done.stderr
    done = run_cli("ingest", "--store", "neo4j", *paths, **env)
    assert done.returncode == 0, done.stderr
    assert "read 35 sources" in done.stdout and "35 new" in done.stdout, done.stdout
    again = run_cli("ingest", "--store", "neo4j", *paths, "--json", **env)
    assert json.loads(again.stdout)["unchanged"] == 35  # re-ingesting changes nothing
    yield {"data_dir": data_dir, "env": env}
    store = create_store("neo4j", uri=neo4j_uri, namespace=env["NEO4J_NAMESPACE"])
    store.open()
    store.wipe()  # type: ignore[attr-defined]
    store.close()


def invoke(*args: str, **env: str) -> Result:
    """A command in this process (faster than a subprocess; ingest and serve run as one)."""
    return CliRunner().invoke(cli, list(args), env={"COLUMNS": "200", **env})


def _json(done: Result) -> Any:
    assert done.exit_code == 0, done.output
    return json.loads(done.stdout)


@pytest.mark.parametrize(("command", "ref"), READS)
def test_each_read_answers_as_over_the_embedded_store(both: dict[str, Any], command: str, ref: str) -> None:
    on_neo4j = _json(invoke(command, "--store", "neo4j", ref, "--json", **both["env"]))
    embedded = _json(invoke(command, "--data-dir", both["data_dir"], ref, "--json"))
    assert on_neo4j == embedded
    assert on_neo4j  # not an empty answer on both sides


def test_the_readable_trace_shows_the_path_and_its_evidence(both: dict[str, Any]) -> None:
    done = invoke("trace", "--store", "neo4j", "126-KH/TU", **both["env"])
    assert done.exit_code == 0, done.output
    assert "IMPLEMENTS → Chỉ thị 39-CT/TW (2014)" in done.stdout and "Kế hoạch số 126-KH/TU" in done.stdout


def test_stats_count_the_same_graph(both: dict[str, Any]) -> None:
    skip = ("store", "location", "generation")
    on_neo4j = _json(invoke("stats", "--store", "neo4j", "--json", **both["env"]))
    embedded = _json(invoke("stats", "--data-dir", both["data_dir"], "--json"))
    assert {k: v for k, v in on_neo4j.items() if k not in skip} == {k: v for k, v in embedded.items() if k not in skip}
    assert on_neo4j["store"] == "neo4j" and on_neo4j["nodes"] > 100


def test_sync_then_read_the_copy(both: dict[str, Any], neo4j_uri: str) -> None:
    env = {"NEO4J_URI": neo4j_uri, "NEO4J_NAMESPACE": f"clisync{uuid.uuid4().hex[:8]}"}
    done = run_cli("sync", "neo4j", "--data-dir", both["data_dir"], **env)
    assert done.returncode == 0, done.stderr
    again = invoke("sync", "neo4j", "--data-dir", both["data_dir"], **env)
    assert again.exit_code == 0 and "35" in again.stdout  # 35 unchanged sources
    copy = _json(invoke("implementations", "--store", "neo4j", "05-CT/TW", "--json", **env))
    assert copy == _json(invoke("implementations", "--data-dir", both["data_dir"], "05-CT/TW", "--json"))
    store = create_store("neo4j", uri=neo4j_uri, namespace=env["NEO4J_NAMESPACE"])
    store.open()
    store.wipe()  # type: ignore[attr-defined]
    store.close()


def test_an_unknown_reference_on_neo4j_is_one_line(both: dict[str, Any]) -> None:
    done = invoke("trace", "--store", "neo4j", "999-KH/XYZ", **both["env"])
    assert done.exit_code == 1 and "999-KH/XYZ" in done.stderr and "Traceback" not in done.stderr


# ---------------------------------------------------------------------------- errors a user can act on
def _status_and_stderr(*args: str, **env: str) -> tuple[int, str]:
    """serve in a subprocess (it puts its flags in the environment), the others here."""
    if args[0] == "serve":
        proc = run_cli(*args, **env)
        return proc.returncode, proc.stderr
    done = invoke(*args, **env)
    return done.exit_code, done.stderr


@pytest.mark.parametrize("args", [
    ("serve", "--store", "neo4j", "--port", "0"),
    ("stats", "--store", "neo4j"),
    ("ingest", "--store", "neo4j", "tests/data/contract"),
    ("sync", "neo4j"),
])
def test_no_server_is_one_line_and_status_3(args: tuple[str, ...], tmp_path: Path) -> None:
    if args[0] == "sync":
        assert invoke("ingest", "--data-dir", str(tmp_path), "--workers", "1", "tests/data/contract").exit_code == 0
        args = (*args, "--data-dir", str(tmp_path))
    code, stderr = _status_and_stderr(*args, NEO4J_URI=f"bolt://127.0.0.1:{free_port()}")
    assert code == 3, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("vankien: cannot reach Neo4j at bolt://127.0.0.1:"), lines
    assert "vankien neo4j start" in lines[0]


@pytest.mark.parametrize("args", [("stats", "--store", "neo4j"), ("serve", "--store", "neo4j"), ("sync", "neo4j")])
def test_an_http_uri_is_one_clear_line(args: tuple[str, ...]) -> None:
    code, stderr = _status_and_stderr(*args, NEO4J_URI="http://localhost:7474")
    assert code == 2
    assert stderr.strip().splitlines() == [
        "vankien: invalid setting NEO4J_URI: 'http://localhost:7474' is not a Bolt URI: use bolt://HOST:7687 or "
        "neo4j://HOST:7687 (7474 is Neo4j's HTTP port, for the browser)"]


def test_the_retired_setting_names_are_refused_with_the_new_name() -> None:
    code, stderr = _status_and_stderr("stats", "--store", "neo4j", VANKIEN_NEO4J_URI="bolt://localhost:7687")
    assert code == 2
    assert stderr.strip() == "vankien: VANKIEN_NEO4J_URI is no longer read: set NEO4J_URI"


@pytest.mark.parametrize("extra", [(), ("--document", "Chỉ thị 39-CT/TW", "--depth", "2")])
def test_rdf_export_from_neo4j(both: dict[str, Any], extra: tuple[str, ...]) -> None:
    """The same statements as from the embedded store, but for when each store ingested them."""
    def statements(*args: str, **env: str) -> list[bytes]:
        done = invoke("export", "--format", "nt", *extra, *args, **env)
        assert done.exit_code == 0, done.output
        return sorted(re.sub(rb'(endedAtTime> )"[^"]+"', rb'\1"-"', done.stdout_bytes).splitlines())

    on_neo4j = statements("--store", "neo4j", **both["env"])
    assert len(on_neo4j) > 1000
    assert on_neo4j == statements("--data-dir", both["data_dir"])


def test_a_port_past_65535_is_refused_not_wrapped_round() -> None:
    code, stderr = _status_and_stderr("stats", "--store", "neo4j", NEO4J_URI="bolt://127.0.0.1:99999")
    assert code == 2
    assert stderr.strip().splitlines() == [
        "vankien: invalid setting NEO4J_URI: 'bolt://127.0.0.1:99999': the port must be a number from 1 to 65535"]
