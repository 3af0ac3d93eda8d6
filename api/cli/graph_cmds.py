"""Graph commands: ``ingest``, ``trace``, ``implementations``, ``coverage``, ``timeline``,
``resolve``, ``search``, ``stats`` — readable trees with evidence snippets, or ``--json``."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text
from rich.tree import Tree

from api.cli.exits import fail, status
from api.cli.render import evidence, force_note
from api.settings import load_settings, open_store
from graph.build.ingest import ingest_sources
from graph.query import lineage as queries
from graph.query.examples import mark_examples
from graph.query.lookup import resolve_text, search
from graph.query.marks import mark_hops
from graph.store.protocol import Store
from loaders.read.sources import iter_sources
from ontology.errors import NotFoundError, VankienError

console = Console(highlight=False)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def store_options(f: Callable[..., Any]) -> Callable[..., Any]:
    """--store, --data-dir and the Neo4j connection flags (each defaults to its setting, see api.settings)."""
    f = click.option("--data-dir", type=click.Path(file_okay=False), default=None,
                     help="Embedded store folder (default: $VANKIEN_DATA_DIR, else ~/.local/share/vankien).")(f)
    f = click.option("--store", "store_kind", type=click.Choice(["embedded", "neo4j"]), default=None,
                     help="Which store to use (default: $VANKIEN_STORE, else embedded).")(f)
    f = click.option("--neo4j-uri", default=None, help="Neo4j URI (default: $NEO4J_URI, else bolt://localhost:7687).")(f)
    f = click.option("--neo4j-user", default=None, help="Neo4j user (default: $NEO4J_USER, else neo4j).")(f)
    f = click.option("--neo4j-password", default=None, help="Neo4j password (default: $NEO4J_PASSWORD).")(f)
    return f


@contextmanager
def opened(store_kind: str | None, data_dir: str | None, neo4j_uri: str | None = None, neo4j_user: str | None = None,
           neo4j_password: str | None = None, *, create: bool = False) -> Iterator[Store]:
    """Open the chosen store; an error is one line and the status of ``api.cli.exits``. Only a
    command that writes (``create``) makes a new embedded store: a read of a folder without one
    is refused."""
    try:
        settings = load_settings(store=store_kind, data_dir=data_dir, neo4j_uri=neo4j_uri, neo4j_user=neo4j_user,
                                 neo4j_password=neo4j_password)
        store = open_store(settings, create=create)
    except VankienError as e:
        fail(e)
    try:
        yield store
    finally:
        store.close()


def _emit_json(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2, default=str) + "\n")


def _pick(store: Store, ref: str) -> str:
    """An id, or the best match of a free-text reference."""
    if ref.split(":", 1)[0] in ("doc", "mtg", "body", "person", "post", "src"):
        return ref
    found = resolve_text(store, ref, limit=5)
    if not found:
        raise NotFoundError(ref)
    if len(found) > 1 and found[0]["score"] == found[1]["score"]:
        err.print(f"[yellow]'{ref}' matches several documents; using {found[0]['id']} "
                  f"(others: {', '.join(f['id'] for f in found[1:])})[/yellow]")
    return str(found[0]["id"])


def _examples_marked(store: Store, result: dict[str, Any]) -> dict[str, Any]:
    """A trace or implementations answer, its evidence from the project's examples marked as such."""
    hops = [h for p in result.get("paths", ()) for h in p] + [i["via"] for i in result.get("items", ())]
    mark_examples(store, hops)
    return result


@click.command()
@click.argument("paths", nargs=-1, required=True)
@store_options
@click.option("--workers", type=int, default=None, help="Extraction processes (default: the CPU count).")
@click.option("--batch", "batch_size", type=int, default=None,
              help="Sources per transaction (default: 256, or 2048 on the bulk path).")
@click.option("--bulk/--no-bulk", default=None,
              help="Write rows in large transactions and merge once at the end (default: when the embedded "
                   "store is empty or an interrupted bulk ingest left merging to do).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def ingest(paths: tuple[str, ...], store_kind: str | None, data_dir: str | None, neo4j_uri: str | None,
           neo4j_user: str | None, neo4j_password: str | None, workers: int | None, batch_size: int | None,
           bulk: bool | None, as_json: bool) -> None:
    """Extract PATHS (files, folders, JSONL corpora) and upsert them into the store. Re-ingesting
    an unchanged source changes nothing; a changed one replaces its own facts."""
    # sources stream from disk to the workers: the bar counts them without a total
    with opened(store_kind, data_dir, neo4j_uri, neo4j_user, neo4j_password, create=True) as store, \
            Progress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                     console=err, transient=True, disable=as_json or not err.is_terminal) as bar:
        task = bar.add_task("ingest", total=None)
        try:
            report = ingest_sources(store, iter_sources(paths), workers=workers, batch_size=batch_size,
                                    progress=lambda n: bar.advance(task, n), bulk=bulk)
        except VankienError as e:  # e.g. another writer held the store past the wait
            err.print(f"vankien: {e}; what was written before is kept, and a rerun goes on from there")
            raise SystemExit(status(e)) from e
    if as_json:
        _emit_json(report.as_dict())
    else:
        s = report.summary
        console.print(f"read {report.read} sources in {report.seconds:.2f}s: {s.sources_added} new, "
                      f"{s.sources_replaced} changed, {report.unchanged} unchanged, {len(report.failures)} failed")
        console.print(f"the store gained {s.nodes_added} nodes and {s.edges_added} relations; "
                      f"{s.nodes_updated} nodes and {s.edges_updated} relations were updated, "
                      f"{s.nodes_removed} nodes and {s.edges_removed} relations removed"
                      + (f"; {len(s.merged)} undated references were merged into dated ones" if s.merged else ""))
        for f in report.failures:
            err.print(f"[red]failed[/red] {f}")
    if report.failures:
        raise SystemExit(1)


def _run(fn: Callable[[Store], Any], store_kind: str | None, data_dir: str | None, **neo: Any) -> Any:
    with opened(store_kind, data_dir, **neo) as store:
        try:
            return fn(store)
        except NotFoundError as e:
            hints = resolve_text(store, e.what, limit=5) if not e.what.startswith(("doc:", "mtg:")) else []
            err.print(f"vankien: not found: {e.what}" + (f"; did you mean {', '.join(h['id'] for h in hints)}?"
                                                          if hints else ""))
            raise SystemExit(1) from e
        except VankienError as e:
            fail(e)


@click.command()
@click.argument("ref")
@store_options
@click.option("--depth", type=int, default=queries.MAX_DEPTH, show_default=True)
@click.option("--json", "as_json", is_flag=True)
def trace(ref: str, store_kind: str | None, data_dir: str | None, depth: int, as_json: bool, **neo: Any) -> None:
    """Every path from a plan or meeting REF up to the central documents it rests on."""
    def answer(s: Store) -> dict[str, Any]:
        result = queries.trace(s, _pick(s, ref), depth=depth)
        mark_hops(s, (hop for path in result["paths"] for hop in path))
        return _examples_marked(s, result)

    result = _run(answer, store_kind, data_dir, **neo)
    if as_json:
        _emit_json(result)
        return
    nodes = result["nodes"]
    start = result["start"]
    tree = Tree(f"[bold]{start['label']}[/bold] [dim]{start['id']}[/dim][red]{force_note(start)}[/red]")
    # paths that share their first hops share those branches: a plan that carries out a
    # provincial plan resting on a resolution in two ways is drawn with that plan once
    drawn: dict[tuple[int, str, str], Tree] = {}
    for path in result["paths"]:
        branch = tree
        for hop in path:
            key = (id(branch), hop["type"], hop["target"])
            if key not in drawn:
                n = nodes.get(hop["target"], {"label": hop["target"], "central": False})
                mark = " [green](trung ương)[/green]" if n.get("central") else ""
                head = Text.from_markup(f"{hop['type']} → [bold]{n['label']}[/bold]{mark} [dim]{hop['target']}[/dim]"
                                        f"[red]{force_note(n)}[/red]\n")
                drawn[key] = branch.add(head + evidence(hop, console.is_terminal))
            branch = drawn[key]
    if not result["paths"]:
        tree.add("[dim](no recorded document above this one)[/dim]")
    console.print(tree)
    if result["superseded"]:
        console.print(f"[red]{len(result['superseded'])} document(s) on these paths are no longer in force.[/red]")


@click.command()
@click.argument("ref")
@store_options
@click.option("--depth", type=int, default=3, show_default=True)
@click.option("--json", "as_json", is_flag=True)
def implementations(ref: str, store_kind: str | None, data_dir: str | None, depth: int, as_json: bool, **neo: Any) -> None:
    """Meetings and documents that implement, review or discuss REF, by province and year."""
    def answer(s: Store) -> dict[str, Any]:
        result = queries.implementations(s, _pick(s, ref), depth=depth)
        mark_hops(s, (i["via"] for i in result["items"]))
        return _examples_marked(s, result)

    result = _run(answer, store_kind, data_dir, **neo)
    if as_json:
        _emit_json(result)
        return
    items = {i["node"]["id"]: i for i in result["items"]}
    doc = result["document"]
    tree = Tree(f"[bold]{doc['label']}[/bold] [dim]{doc['id']}[/dim] — {result['count']} implementing"
                f"[red]{force_note(doc)}[/red]")
    for province, years in result["by_province"].items():
        pb = tree.add(f"[bold cyan]{province}[/bold cyan]")
        for year, ids_ in years.items():
            yb = pb.add(year)
            for nid in ids_:
                if nid not in items:
                    continue
                i = items[nid]
                head = Text.from_markup(f"{i['via']['type']} ← [bold]{i['node']['label']}[/bold] [dim]{nid}[/dim]"
                                        f"[red]{force_note(i['node'])}[/red]\n")
                yb.add(head + evidence(i["via"], console.is_terminal))
    console.print(tree)


@click.command()
@click.argument("ref")
@store_options
@click.option("--depth", type=int, default=3, show_default=True)
@click.option("--json", "as_json", is_flag=True)
def coverage(ref: str, store_kind: str | None, data_dir: str | None, depth: int, as_json: bool, **neo: Any) -> None:
    """Provinces with and without a recorded implementation of REF (63 units before the 2025
    merger, 34 after)."""
    result = _run(lambda s: queries.coverage(s, _pick(s, ref), depth=depth), store_kind, data_dir, **neo)
    if as_json:
        _emit_json(result)
        return
    console.print(f"[bold]{result['document']['label']}[/bold]: {len(result['covered'])} of {result['units']} "
                  f"province-level units have a recorded implementation (as of {result['as_of'] or 'its date'})"
                  f"[red]{force_note(result['document'])}[/red]")
    for prov, ids_ in result["covered"].items():
        console.print(f"  [green]✓[/green] {prov}: {', '.join(ids_)}")
    console.print(f"  [red]✗[/red] {', '.join(result['missing'])}")


@click.command()
@click.argument("ref")
@store_options
@click.option("--json", "as_json", is_flag=True)
def timeline(ref: str, store_kind: str | None, data_dir: str | None, as_json: bool, **neo: Any) -> None:
    """REF and the meetings and documents about it, by date."""
    result = _run(lambda s: queries.timeline(s, _pick(s, ref)), store_kind, data_dir, **neo)
    if as_json:
        _emit_json(result)
        return
    for ev in result["events"]:
        n = ev["node"]
        console.print(f"{n['date'] or n['year'] or '?':>10}  {ev['relation']:<11} {n['label']} [dim]{n['id']}[/dim]"
                      f"[red]{force_note(n) if ev['relation'] == 'ISSUED' else ''}[/red]")


@click.command(name="resolve")
@click.argument("text")
@store_options
@click.option("--limit", type=int, default=10, show_default=True)
@click.option("--json", "as_json", is_flag=True)
def resolve_cmd(text: str, store_kind: str | None, data_dir: str | None, limit: int, as_json: bool, **neo: Any) -> None:
    """Canonical documents for free text: "nghi quyet 04 khoa XII", "Chỉ thị 05", "39-CT/TW năm 2014"."""
    result = _run(lambda s: resolve_text(s, text, limit=limit), store_kind, data_dir, **neo)
    if as_json:
        _emit_json(result)
    else:
        for r in result:
            console.print(f"{r['score']:.2f}  {r['label']}  [dim]{r['id']} ({r['match']})[/dim]")
    if not result:
        err.print(f"vankien: no document found for {text!r}")
        raise SystemExit(1)


@click.command(name="search")
@click.argument("query")
@store_options
@click.option("--limit", type=int, default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True)
def search_cmd(query: str, store_kind: str | None, data_dir: str | None, limit: int, as_json: bool, **neo: Any) -> None:
    """Nodes whose name, title or label contains QUERY (diacritics-insensitive)."""
    result = _run(lambda s: search(s, query, limit=limit), store_kind, data_dir, **neo)
    if as_json:
        _emit_json(result)
        return
    for r in result:
        console.print(f"{r['kind']:<9} {r['label']}  [dim]{r['id']}[/dim]")


@click.command()
@store_options
@click.option("--json", "as_json", is_flag=True)
def stats(store_kind: str | None, data_dir: str | None, as_json: bool, **neo: Any) -> None:
    """What the store holds."""
    result = _run(lambda s: s.stats(), store_kind, data_dir, **neo)
    if as_json:
        _emit_json(result)
        return
    console.print(f"[bold]{result['store']}[/bold] {result.get('location', '')}")
    console.print(f"sources {result['sources']}, nodes {result['nodes']}, relations {result['edges']}, "
                  f"evidence {result['evidence']}, unresolved documents {result['unresolved_documents']}")
    for k, v in sorted(result["nodes_by_kind"].items()):
        console.print(f"  {k:<10} {v}")
    for k, v in sorted(result["edges_by_type"].items()):
        console.print(f"  {k:<13} {v}")


COMMANDS = [ingest, trace, implementations, coverage, timeline, resolve_cmd, search_cmd, stats]
