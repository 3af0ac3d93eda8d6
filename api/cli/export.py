"""``vankien export`` and ``vankien import-rdf``: the graph as RDF with provenance (and back),
or as GraphML and CSV tables — the same exports as the API's ``/export`` and ``/exports``."""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

import click

from api.cli.graph_cmds import opened, store_options
from graph.build.rdf_import import guess_format, import_rdf
from graph.export import tables
from graph.export.rdf import FORMATS
from graph.export.rdf import export as export_rdf
from graph.query.lineage import MAX_DEPTH
from graph.query.neighbourhood import MAX_NODES
from graph.store.protocol import Node, Store
from ontology.errors import VankienError

_PART = ".vankien-part"


def _remove_orphans(folder: Path, name: str) -> None:
    """Remove what exports to ``name`` killed before they finished left: their hidden
    temporary files, named after a process that no longer runs."""
    for part in folder.glob(f".{name}.*{_PART}"):
        pid = part.name[len(name) + 2:].split(".", 1)[0]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            part.unlink(missing_ok=True)


def _unnamed(folder: Path) -> int | None:
    """An unnamed file in ``folder`` that can later be given a name (O_TMPFILE, then a link
    through /proc), or None where the system or the file system cannot do both."""
    try:
        fd = os.open(folder, os.O_TMPFILE | os.O_WRONLY, 0o644)
    except (AttributeError, OSError):
        return None
    probe = folder / f".vankien-probe.{os.getpid()}.{secrets.token_hex(4)}"
    try:
        os.link(f"/proc/self/fd/{fd}", probe)
    except OSError:  # e.g. EXDEV on an overlay file system
        os.close(fd)
        return None
    probe.unlink()
    os.close(fd)
    return os.open(folder, os.O_TMPFILE | os.O_WRONLY, 0o644)


@contextmanager
def _whole_file(target: Path) -> Iterator[BinaryIO]:
    """A file that appears at ``target`` whole, when the block ends, or not at all. Where it
    can, it is written unnamed (O_TMPFILE), so even a killed export leaves nothing behind;
    elsewhere a hidden temporary file is renamed over the target: removed on any error, and
    by the next export to the same target if the process was killed."""
    folder = target.parent if str(target.parent) else Path(".")
    fd = _unnamed(folder)
    if fd is None:
        _remove_orphans(folder, target.name)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=_PART, dir=folder)
        try:
            with os.fdopen(fd, "wb") as out:
                yield out
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return
    with os.fdopen(fd, "wb") as out:
        yield out
        out.flush()
        name = folder / f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}"
        os.link(f"/proc/self/fd/{out.fileno()}", name)  # the finished file gets a name, then the target's
        try:
            os.replace(name, target)
        except BaseException:
            name.unlink(missing_ok=True)
            raise


@click.command("export")
@click.option("--format", "fmt", type=click.Choice([*FORMATS, *tables.FORMATS]), default="ttl", show_default=True,
              help="RDF: Turtle, N-Triples, JSON-LD, RDF/XML or TriG (each source's provenance in a named graph); "
                   "or GraphML (Gephi, yEd), or the CSV table of nodes or of edges (as the API's /exports).")
@click.option("--document", default=None,
              help="Export only this document's neighbourhood: an id, an IRI or a reference ('Kết luận 21-KL/TW').")
@click.option("--depth", type=click.IntRange(0, MAX_DEPTH), default=1, show_default=True,
              help="Hops around --document, in either direction.")
@click.option("--max-nodes", type=click.IntRange(min=1), default=MAX_NODES, show_default=True,
              help="A neighbourhood of more nodes is refused.")
@click.option("--base", default=None, help="Base of the data IRIs, for RDF (default: $VANKIEN_BASE_IRI or "
                                           "https://vankien.example.org/).")
@click.option("--evidence/--no-evidence", default=True, show_default=True,
              help="GraphML and edges-csv: each edge's first evidence sentence.")
@click.option("--bom", is_flag=True, help="CSV: start with a UTF-8 byte order mark (Excel on Windows needs it "
                                          "to read the diacritics).")
@click.option("--output", "--out", "-o", type=click.Path(dir_okay=False), default=None,
              help="File to write (default: standard output). Written whole or not at all.")
@store_options
def export(fmt: str, document: str | None, depth: int, max_nodes: int, base: str | None, evidence: bool, bom: bool,
           output: str | None, store_kind: str | None, data_dir: str | None, neo4j_uri: str | None,
           neo4j_user: str | None, neo4j_password: str | None) -> None:
    """Export the graph — or one document's neighbourhood — as RDF, where every relation keeps
    its provenance (article, offsets, sentence, rule and confidence: PROV-O), or as GraphML or
    CSV tables for Gephi, yEd and spreadsheets."""
    if bom and not fmt.endswith("-csv"):
        raise click.UsageError("--bom is for the CSV formats (nodes-csv, edges-csv)")
    if base is not None and fmt in tables.FORMATS:
        raise click.UsageError("--base is for the RDF formats")
    with opened(store_kind, data_dir, neo4j_uri, neo4j_user, neo4j_password) as store:
        try:
            chunks = _chunks(store, fmt, document, depth, max_nodes, base, evidence, bom)
            if output is None:
                for chunk in chunks:
                    sys.stdout.buffer.write(chunk)
                sys.stdout.buffer.flush()
                return
            with _whole_file(Path(output)) as out:
                for chunk in chunks:
                    out.write(chunk)
        except VankienError as e:
            raise click.ClickException(str(e)) from e


def _chunks(store: Store, fmt: str, document: str | None, depth: int, max_nodes: int, base: str | None,
            evidence: bool, bom: bool) -> Iterator[bytes]:
    """The export's bytes; a bad argument (an unknown document, a neighbourhood too big) is
    raised here, before anything is written."""
    if fmt in FORMATS:
        return export_rdf(store, fmt, document=document, depth=depth, base=base, max_nodes=max_nodes)
    nodes: Iterable[Node]
    edges: tables.EdgeRows
    if document is None:
        nodes, edges = tables.whole(store, evidence and fmt != "nodes-csv")
    else:
        nodes, edges = tables.part(store, document, depth, max_nodes, evidence and fmt != "nodes-csv")
    return (s.encode("utf-8") for s in tables.write_table(fmt, nodes, edges, bom))


@click.command("import-rdf")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default=None,
              help="The input's format (default: from the file's extension).")
@store_options
def import_rdf_cmd(path: str, fmt: str | None, store_kind: str | None, data_dir: str | None, neo4j_uri: str | None,
                   neo4j_user: str | None, neo4j_password: str | None) -> None:
    """Load an RDF export (of any format) into an EMPTY store: a new export of that store
    gives the same graph."""
    with opened(store_kind, data_dir, neo4j_uri, neo4j_user, neo4j_password, create=True) as store:
        try:
            if path == "-":
                if fmt is None:
                    raise click.UsageError("--format is needed when reading standard input")
                summary = import_rdf(store, sys.stdin.buffer.read(), fmt)
            else:
                summary = import_rdf(store, Path(path), fmt or guess_format(path))
        except VankienError as e:
            raise click.ClickException(str(e)) from e
    click.echo(f"imported {summary.sources_added} sources, {summary.nodes_added} nodes, "
               f"{summary.edges_added} relations", err=True)


COMMANDS = [export, import_rdf_cmd]
