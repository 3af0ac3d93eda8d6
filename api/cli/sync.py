"""``vankien sync``: copy the embedded store into another backend (``vankien sync neo4j``)."""

from __future__ import annotations

import time
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from api.cli.exits import fail
from api.settings import load_settings, open_store
from graph.build.sync import BATCH
from graph.build.sync import sync as sync_stores
from graph.store.protocol import Store, WriteSummary
from ontology.errors import VankienError


def _summary_table(summary: WriteSummary, seconds: float) -> Table:
    table = Table(title=f"vankien sync: done in {seconds:.1f} s", show_header=True)
    table.add_column("")
    for col in ("added", "replaced/updated", "unchanged", "removed"):
        table.add_column(col, justify="right")
    s = summary
    table.add_row("sources", str(s.sources_added), str(s.sources_replaced), str(s.sources_unchanged),
                  str(s.sources_removed))
    table.add_row("nodes", str(s.nodes_added), str(s.nodes_updated), "", str(s.nodes_removed))
    table.add_row("edges", str(s.edges_added), str(s.edges_updated), "", str(s.edges_removed))
    table.add_row("aliases", str(len(s.merged)), "", "", "")
    return table


@click.group()
def sync() -> None:
    """Copy the graph of the embedded store into another backend."""


@sync.command("neo4j")
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The embedded store to copy (default: $VANKIEN_DATA_DIR, else ~/.local/share/vankien).")
@click.option("--uri", default=None, help="Neo4j URI (default: $NEO4J_URI, else bolt://localhost:7687).")
@click.option("--user", default=None, help="Neo4j user (default: $NEO4J_USER, else neo4j).")
@click.option("--password", default=None, help="Neo4j password (default: $NEO4J_PASSWORD).")
@click.option("--database", default=None, help="Neo4j database (default: $NEO4J_DATABASE, else the server's).")
@click.option("--namespace", default=None,
              help="Namespace of the store inside the database (default: $NEO4J_NAMESPACE, else vankien).")
@click.option("--batch", type=click.IntRange(min=1), default=BATCH, show_default=True,
              help="Sources per transaction.")
@click.option("--force", is_flag=True, help="Rewrite every source, even those Neo4j already holds unchanged.")
@click.option("--prune", is_flag=True, help="Remove from Neo4j the sources the embedded store does not hold.")
def neo4j(data_dir: Path | None, uri: str | None, user: str | None, password: str | None, database: str | None,
          namespace: str | None, batch: int, force: bool, prune: bool) -> None:
    """Push the embedded store into Neo4j, in batches; running it again writes only what changed."""
    console = Console(stderr=True)
    start = time.perf_counter()
    source: Store | None = None
    target: Store | None = None
    try:
        settings = load_settings(store="neo4j", data_dir=data_dir, neo4j_uri=uri, neo4j_user=user,
                                 neo4j_password=password, neo4j_database=database, neo4j_namespace=namespace)
        source = open_store(settings, kind="embedded")
        target = open_store(settings)
        with Progress(TextColumn("sync → neo4j"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=console, transient=True) as bar:
            task = bar.add_task("sources", total=None)

            def progress(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            summary = sync_stores(source, target, batch, force=force, prune=prune, progress=progress)
    except VankienError as e:
        fail(e)
    finally:
        for store in (target, source):
            if store is not None:
                store.close()
    Console().print(_summary_table(summary, time.perf_counter() - start))


COMMANDS = [sync]
