"""A store as the CSV files ``neo4j-admin database import full`` reads: the first load of a
big corpus into a fresh Neo4j database without a single Cypher write.

The files hold exactly what the Neo4j store writes — the same labels, relationship types
and properties, from the same row builders (``graph.store.neo4j_bulk``, ``graph.store.neo4j_rows``)
— so a server started on the imported database answers as the store it was exported from
once ``Neo4jStore.open`` has created the constraints and indexes (an import creates none).

One folder, every file with its header on its first line:

- ``nodes-<Kind>-<n>.csv``: ``id:ID(VkNode)``, ``:LABEL`` (``VkNode`` and the kind) and the
  node's properties, typed (``:string``, ``:long``, ``:double``, ``:boolean`` and their
  arrays); nodes whose properties differ in names or types go to different files;
- ``sources-<n>.csv`` (``id:ID(VkSource)``: with its claims and mentions as arrays, schema 3),
  ``aliases.csv`` (``partial:ID(VkAlias)``), ``meta.csv`` (``ns:ID(VkMeta)``);
- ``edges-<TYPE>.csv``: ``:START_ID(VkNode)``, ``:END_ID(VkNode)``, ``:TYPE``, ``confidence``,
  ``evidence_count`` and the evidences as parallel arrays ``ev_*``;
- ``import.json``: the files in order and the options the importer needs
  (``import_arguments``).

Array elements are separated by U+001F (a character no text of vankien holds: a value that
does is refused by name). An empty list is written as an empty field, which the importer
leaves absent: the store's readers treat an absent list as empty.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from graph.build.delta import SourceDelta
from graph.store import cypher, neo4j_bulk
from ontology.errors import StoreError

ARRAY_DELIMITER = "\x1f"
MANIFEST = "import.json"
SOURCE_BATCH = 500
EDGE_COLUMNS = ("confidence", "evidence_count", *(f"ev_{f}" for f in cypher.EVIDENCE_FIELDS))
_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")  # a property name a CSV header can carry
MIN_BUFFER = 4 * 2**20  # the importer's default read buffer: a row must fit in it


@dataclass
class CsvExport:
    """What was written: the files for ``--nodes`` and ``--relationships``, and the counts."""

    folder: Path
    namespace: str
    nodes: list[str] = field(default_factory=list)
    relationships: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    longest: int = 0  # bytes the longest row may take (4 per character)

    def manifest(self) -> dict[str, Any]:
        return {"namespace": self.namespace, "array_delimiter": "U+001F", "nodes": self.nodes,
                "relationships": self.relationships, "counts": self.counts, "longest_row": self.longest}


def _type(value: Any) -> str | None:
    """The importer's type of a stored value (``long[]`` for a list of ints); None for an
    empty list, which is left out."""
    if isinstance(value, list):
        return f"{_TYPES[type(value[0])]}[]" if value else None
    return _TYPES[type(value)]


def _scalar(value: Any, where: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    text = str(value)
    if ARRAY_DELIMITER in text:
        raise StoreError(f"{where}: a value holds U+001F, the array delimiter of the neo4j-csv export")
    return text


def _field(value: Any, where: str) -> str:
    """One CSV field: strings and arrays quoted (quotes doubled), numbers and booleans bare."""
    if value is None or (isinstance(value, list) and not value):
        return ""
    if isinstance(value, list):
        text = ARRAY_DELIMITER.join(_scalar(v, where) for v in value)
    elif isinstance(value, str):
        text = _scalar(value, where)
    else:
        return _scalar(value, where)
    return '"' + text.replace('"', '""') + '"'


class _Files:
    """CSV files of one family, one per header, opened as rows with a new header come."""

    def __init__(self, folder: Path, stem: str, out: list[str], single: bool = False) -> None:
        self.folder, self.stem, self.out, self.single = folder, stem, out, single
        self.open: dict[tuple[str, ...], IO[str]] = {}
        self.longest = 0

    def write(self, header: tuple[str, ...], fields: Iterable[str]) -> None:
        f = self.open.get(header)
        if f is None:
            name = f"{self.stem}.csv" if self.single else f"{self.stem}-{len(self.open) + 1}.csv"
            path = self.folder / name
            f = self.open[header] = path.open("w", encoding="utf-8", newline="")
            f.write(",".join(header) + "\n")
            self.out.append(name)
        line = ",".join(fields) + "\n"
        self.longest = max(self.longest, 4 * len(line))  # bytes at most: no encoding per row
        f.write(line)

    def close(self) -> None:
        for f in self.open.values():
            f.close()


def _node_line(id_column: str, labels: str, props: dict[str, Any], skip: Sequence[str],
               where: str) -> tuple[tuple[str, ...], list[str]]:
    """(header, fields) of a node: its id, labels and each typed property."""
    keys = [(k, t) for k in sorted(props) if k not in skip and (t := _type(props[k])) is not None]
    if bad := [k for k, _ in keys if not _NAME.match(k)]:
        raise StoreError(f"{where}: property {bad[0]!r} cannot be a column of the neo4j-csv export")
    header = (id_column, ":LABEL", *(f"{k}:{t}" for k, t in keys))
    return header, [_field(props[skip[0]], where), f'"{labels}"', *(_field(props[k], where) for k, _ in keys)]


def export(ids: Sequence[str], load: Callable[[str], SourceDelta | None], aliases: dict[str, str],
           folder: Path, namespace: str, generation: int = 1) -> CsvExport:
    """Write the sources ``ids`` (read by ``load``, in id order) and the merge ``aliases`` as
    neo4j-admin CSV files into ``folder`` (created; it must hold no CSV of before)."""
    folder.mkdir(parents=True, exist_ok=True)
    if any(folder.glob("*.csv")) or (folder / MANIFEST).exists():
        raise StoreError(f"{folder} already holds an export: give an empty folder")
    out = CsvExport(folder, namespace)
    ids = list(dict.fromkeys(ids))
    graph = neo4j_bulk.collect((d for sid in ids if (d := load(sid)) is not None), namespace)
    try:
        id_col = f"id:ID({cypher.NODE})"

        for kind, node_rows in graph.node_rows(namespace).items():
            files = _Files(folder, f"nodes-{kind.value}", out.nodes)
            for props in node_rows:
                files.write(*_node_line(id_col, ARRAY_DELIMITER.join((cypher.NODE, kind.value)), props, ("id",),
                                        f"node {props['id']}"))
            files.close()
            out.longest = max(out.longest, files.longest)
            out.counts[kind.value] = len(node_rows)

        for rtype, edge_rows in graph.edge_rows().items():
            files = _Files(folder, f"edges-{rtype.value}", out.relationships, single=True)
            header = (f":START_ID({cypher.NODE})", f":END_ID({cypher.NODE})", ":TYPE",
                      "confidence:double", "evidence_count:long", *(f"ev_{f}:{t}" for f, t in zip(
                          cypher.EVIDENCE_FIELDS, ("string[]", "long[]", "long[]", "string[]", "string[]", "double[]"),
                          strict=True)))
            for row in edge_rows:
                where = f"edge {row['src']} {rtype.value} {row['tgt']}"
                files.write(header, [_field(row["src"], where), _field(row["tgt"], where), rtype.value,
                                     *(_field(row[c], where) for c in EDGE_COLUMNS)])
            files.close()
            out.longest = max(out.longest, files.longest)
            out.counts[rtype.value] = len(edge_rows)

        sources = _Files(folder, "sources", out.nodes)
        n_sources = 0
        for source_rows in graph.source_batches(SOURCE_BATCH):
            for props in source_rows:
                sources.write(*_node_line(f"id:ID({cypher.SOURCE})", cypher.SOURCE, props, ("id",), f"source {props['id']}"))
            n_sources += len(source_rows)
        sources.close()
        out.longest = max(out.longest, sources.longest)
        out.counts[cypher.SOURCE] = n_sources
    finally:
        graph.close()

    extra = _Files(folder, "aliases", out.nodes, single=True)
    for partial, canonical in sorted(aliases.items()):
        extra.write((f"partial:ID({cypher.ALIAS})", ":LABEL", "ns:string", "canonical:string"),
                    [_field(partial, "alias"), cypher.ALIAS, _field(namespace, "alias"), _field(canonical, "alias")])
    extra.close()
    meta = _Files(folder, "meta", out.nodes, single=True)
    meta.write((f"ns:ID({cypher.META})", ":LABEL", "generation:long", "schema:long"),
               [_field(namespace, "meta"), cypher.META, str(int(generation)), str(cypher.SCHEMA_VERSION)])
    meta.close()
    out.counts[cypher.ALIAS] = len(aliases)
    (folder / MANIFEST).write_text(json.dumps(out.manifest(), indent=1), encoding="utf-8")
    return out


def import_arguments(folder: Path) -> list[str]:
    """The options of ``neo4j-admin database import full`` for an export in ``folder``."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        nodes, rels = list(manifest["nodes"]), list(manifest["relationships"])
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise StoreError(f"{folder / MANIFEST}: not a neo4j-csv export ({e})") from e
    missing = [n for n in nodes + rels if not (folder / n).is_file()]
    if missing:
        raise StoreError(f"{folder}: the export lacks {', '.join(missing[:5])}")
    return [*(f"--nodes={folder.resolve() / n}" for n in nodes),
            *(f"--relationships={folder.resolve() / n}" for n in rels),
            f"--array-delimiter={manifest.get('array_delimiter', 'U+001F')}", "--multiline-fields=true",
            f"--read-buffer-size={max(MIN_BUFFER, 2 * int(manifest.get('longest_row', 0)))}",
            "--bad-tolerance=0", "--skip-duplicate-nodes=false", "--skip-bad-relationships=false"]
