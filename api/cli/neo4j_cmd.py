"""``vankien neo4j start|stop|fetch|export|import``: a local Neo4j server for the ``neo4j`` store without
Docker (Neo4j 5.26 Community run by Java; its jars fetched by Maven), and the bulk first load
of a big corpus through neo4j-admin's CSV import. See graph.store.neo4j_server and graph.export.neo4j_csv."""

from __future__ import annotations

import json
import signal
from pathlib import Path
from types import FrameType

import click

from api.cli.exits import fail
from api.settings import load_settings, open_store
from graph.build.sync import source_ids
from graph.export import neo4j_csv
from graph.store import neo4j_server as server
from graph.store.neo4j_store import Neo4jStore
from ontology.errors import VankienError

_HOME = click.option("--home", type=click.Path(file_okay=False, path_type=Path), default=None,
                     help="Folder of the jars (lib/) and the database (server/) "
                          "[default: $VANKIEN_NEO4J_HOME, else .neo4j in a checkout, else ~/.cache/vankien/neo4j].")


def _home(home: Path | None) -> Path:
    try:
        return (home or load_settings().neo4j_home or server.default_home()).resolve()
    except VankienError as e:
        fail(e)


def _say(line: str) -> None:
    click.echo(line, err=True)


@click.group("neo4j")
def neo4j() -> None:
    """A local Neo4j server for `--store neo4j` and `vankien sync neo4j` (needs Java 17+ and Maven)."""


@neo4j.command()
@_HOME
def fetch(home: Path | None) -> None:
    """Fetch Neo4j's jars from Maven Central (once; `start` does it when needed)."""
    try:
        click.echo(server.fetch_jars(_home(home), _say))
    except VankienError as e:
        fail(e)


@neo4j.command()
@_HOME
@click.option("--port", type=click.IntRange(0, 65535), default=7687, show_default=True,
              help="Bolt port on 127.0.0.1 (0: any free port).")
@click.option("--heap", default="1g", show_default=True, help="The JVM's maximum heap.")
@click.option("--pagecache", default="256m", show_default=True, help="Neo4j's page cache.")
@click.option("--background", is_flag=True, help="Return once the server is up (stop it with `vankien neo4j stop`).")
def start(home: Path | None, port: int, heap: str, pagecache: str, background: bool) -> None:
    """Start Neo4j on 127.0.0.1 (auth off) and print the NEO4J_URI to export. In the
    foreground (the default) Ctrl-C or SIGTERM stops it."""
    where = _home(home)
    try:
        running = server.start(where, port=port or None, heap=heap, pagecache=pagecache, say=_say)
    except VankienError as e:
        fail(e)
    _say(f"vankien: Neo4j {server.NEO4J_VERSION} is up (pid {running.pid}, data in {running.folder}); "
         f"use it with --store neo4j after:")
    click.echo(f"export NEO4J_URI={running.uri}")
    if background:
        return

    def stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        assert running.process is not None
        running.process.wait()
        fail(VankienError(f"the Neo4j server exited (see {running.folder / 'launcher.log'})"))
    except KeyboardInterrupt:
        _say("vankien: stopping Neo4j …")
        running.stop()


@neo4j.command()
@_HOME
def stop(home: Path | None) -> None:
    """Stop the server `vankien neo4j start --background` started."""
    pid = server.stop(_home(home))
    _say(f"vankien: stopped Neo4j (pid {pid})" if pid else "vankien: no vankien Neo4j server was running")


@neo4j.command("export")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The embedded store to export (default: $VANKIEN_DATA_DIR, else ~/.local/share/vankien).")
@click.option("--namespace", default=None,
              help="Namespace the imported store will have (default: $NEO4J_NAMESPACE, else vankien).")
def export_csv(folder: Path, data_dir: Path | None, namespace: str | None) -> None:
    """Write the embedded store as the CSV files `neo4j-admin database import full` reads
    (the fast first load of a big corpus; load them with `vankien neo4j import FOLDER`)."""
    try:
        settings = load_settings(data_dir=data_dir, neo4j_namespace=namespace)
        store = open_store(settings, kind="embedded")
        try:
            done = neo4j_csv.export(source_ids(store), store.load_delta, store.aliases(), folder,
                                    settings.neo4j_namespace, store.generation())
        finally:
            store.close()
    except VankienError as e:
        fail(e)
    _say(f"vankien: {len(done.nodes)} node and {len(done.relationships)} relationship files in {folder}: "
         + ", ".join(f"{v:,} {k}" for k, v in done.counts.items()))


@neo4j.command("import")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@_HOME
@click.option("--port", type=click.IntRange(0, 65535), default=7687, show_default=True,
              help="Bolt port on 127.0.0.1 (0: any free port).")
@click.option("--heap", default="1g", show_default=True, help="The JVM's maximum heap.")
@click.option("--pagecache", default="256m", show_default=True, help="Neo4j's page cache.")
def import_csv(folder: Path, home: Path | None, port: int, heap: str, pagecache: str) -> None:
    """Import an export of `vankien neo4j export` into a fresh database (HOME/server must
    hold none), start the server on it in the background and create the store's indexes."""
    where = _home(home)
    try:
        namespace = json.loads((folder / neo4j_csv.MANIFEST).read_text(encoding="utf-8")).get("namespace")
        server.import_database(where, neo4j_csv.import_arguments(folder), heap=heap, say=_say)
        running = server.start(where, port=port or None, heap=heap, pagecache=pagecache, say=_say)
        with Neo4jStore(running.uri, namespace=namespace) as store:  # creates the constraints and indexes
            store.await_indexes()
    except (OSError, ValueError) as e:
        fail(VankienError(f"{folder / 'import.json'}: {e}"))
    except VankienError as e:
        fail(e)
    _say(f"vankien: imported {folder} into {running.folder}; Neo4j is up (pid {running.pid}, namespace "
         f"{namespace}); stop it with `vankien neo4j stop`. Use it with --store neo4j after:")
    click.echo(f"export NEO4J_URI={running.uri} NEO4J_NAMESPACE={namespace}")


COMMANDS = [neo4j]
