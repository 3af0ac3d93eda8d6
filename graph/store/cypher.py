"""Every Cypher statement of vankien: the Neo4j schema (DDL) and the reads and writes of
``graph.store.neo4j_store``. No other module spells Cypher.

The model, for one Neo4j database that may host several isolated stores:

- every node and source record carries ``ns`` (the store's namespace); it is part of every
  MERGE and MATCH and of each uniqueness constraint (composite ``(ns, id)`` property
  uniqueness, which Neo4j 5 Community supports);
- a graph node is ``(:VkNode:<NodeKind> {ns, id, kind, …merged properties…})`` with
  ``vk_props`` (the merged properties as JSON, what readers get back), the search keys
  ``vk_label_folded``, ``vk_lookup``, ``vk_series`` and ``vk_sources``, the ids of the
  sources that claim it (sorted);
- a source is ``(:VkSource {ns, id, key, path, url, title, published, sha256, ingested,
  text, delta_z, c_node, c_props, m_claim, m_start, m_end, m_text})`` (``delta_z``: the
  delta packed, see ``neo4j_rows.packed_delta``; a namespace written before it has
  ``delta``, plain JSON, which is still read). What it says about its nodes is in its own
  claim lists (``neo4j_rows.claims_of``; schema 3 — before, a ``VK_CLAIM`` relationship per
  source and node, 1.5 for every edge of the graph and most of a load's relationships):
  ``c_node`` the nodes, ``c_props`` each one's claim (JSON), and its mentions as parallel
  lists ``m_claim`` (an index into ``c_node``), ``m_start``, ``m_end`` and ``m_text``, kept
  as ``ev_text`` below ("" for a mention that is the source's text at its offsets, absent
  when all are); a list is absent when empty;
- an edge is one relationship ``(:VkNode)-[:<RelationType>]->(:VkNode)`` carrying
  ``confidence`` (the best), ``evidence_count`` and its evidences as parallel lists
  ``ev_source, ev_start, ev_end, ev_rule, ev_confidence`` and ``ev_text``, which does not
  repeat the sentences: an entry is "" for a sentence that is its source's ``text`` at
  ``[ev_start, ev_end)`` (nearly all; readers take it back by ``substring``) and
  ``"="`` + the sentence otherwise, and the list is absent when every entry is "" (schema 2;
  schema 1 kept every sentence on the edge, the bulk of what a load wrote);
- ``(:VkAlias {ns, partial, canonical})`` and ``(:VkMeta {ns, generation, schema})``, with
  ``loading`` while a bulk first load is under way (left set by one cut short).

Values are always parameters. Labels and relationship types cannot be, so the statements
that create them are generated per ``NodeKind`` / ``RelationType`` member (a closed set,
checked against an identifier pattern). ``all_statements()`` lists every statement this
module can emit, for the checker in ``.ci/cypher``.
"""

from __future__ import annotations

import re
from functools import cache

from graph.store.protocol import MAX_REACH
from ontology.vocab import NodeKind, RelationType

NODE = "VkNode"
SOURCE = "VkSource"
ALIAS = "VkAlias"
META = "VkMeta"
SCHEMA_VERSION = 3
#: what each schema changed, for the refusal of a namespace written by another one
SCHEMA_CHANGES = {
    2: "edges and claims no longer copy the sentences their sources' texts hold",
    3: "a source's claims are lists on its VkSource, no longer VK_CLAIM relationships",
}
EVIDENCE_FIELDS = ("source", "start", "end", "text", "rule", "confidence")
_IDENT = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


def _ident(name: str) -> str:
    """A label or relationship type, backticked, after checking it is a plain identifier."""
    if not _IDENT.match(name):
        raise ValueError(f"not a plain Cypher identifier: {name!r}")
    return f"`{name}`"


# ---------------------------------------------------------------------------- schema
DDL: tuple[str, ...] = (
    f"CREATE CONSTRAINT vk_node_key IF NOT EXISTS FOR (n:{NODE}) REQUIRE (n.ns, n.id) IS UNIQUE",
    f"CREATE CONSTRAINT vk_source_key IF NOT EXISTS FOR (s:{SOURCE}) REQUIRE (s.ns, s.id) IS UNIQUE",
    f"CREATE CONSTRAINT vk_alias_key IF NOT EXISTS FOR (a:{ALIAS}) REQUIRE (a.ns, a.partial) IS UNIQUE",
    f"CREATE CONSTRAINT vk_meta_key IF NOT EXISTS FOR (m:{META}) REQUIRE m.ns IS UNIQUE",
    f"CREATE INDEX vk_node_kind IF NOT EXISTS FOR (n:{NODE}) ON (n.ns, n.kind)",
    f"CREATE INDEX vk_node_series IF NOT EXISTS FOR (n:{NODE}) ON (n.ns, n.vk_series)",
    f"CREATE INDEX vk_node_lookup IF NOT EXISTS FOR (n:{NODE}) ON (n.ns, n.vk_lookup)",
    f"CREATE TEXT INDEX vk_node_label IF NOT EXISTS FOR (n:{NODE}) ON (n.vk_label_folded)",
)

INIT_META = f"""
MERGE (m:{META} {{ns: $ns}})
ON CREATE SET m.generation = 0, m.schema = $schema
RETURN m.schema AS schema, m.generation AS generation
"""

BUMP_GENERATION = f"""
MERGE (m:{META} {{ns: $ns}})
ON CREATE SET m.generation = 0, m.schema = $schema
SET m.generation = m.generation + 1
RETURN m.generation AS generation
"""

GENERATION = f"MATCH (m:{META} {{ns: $ns}}) RETURN m.generation AS generation"

#: a first load under way: set before its first write, cleared (with the generation bumped) in
#: its last transaction; a namespace that keeps it holds a load cut short
START_LOAD = f"""
MERGE (m:{META} {{ns: $ns}})
ON CREATE SET m.generation = 0, m.schema = $schema
SET m.loading = true
"""

FINISH_LOAD = f"""
MATCH (m:{META} {{ns: $ns}})
REMOVE m.loading
SET m.generation = m.generation + 1
RETURN m.generation AS generation
"""

LOADING = f"MATCH (m:{META} {{ns: $ns}}) RETURN coalesce(m.loading, false) AS loading"

# ---------------------------------------------------------------------------- sources
SOURCE_SHAS = f"""
UNWIND $ids AS sid
MATCH (s:{SOURCE} {{ns: $ns, id: sid}})
RETURN s.id AS id, s.sha256 AS sha256
"""

SOURCE_DELTAS = f"""
UNWIND $ids AS sid
MATCH (s:{SOURCE} {{ns: $ns, id: sid}})
RETURN s.id AS id, s.delta_z AS delta_z, s.delta AS delta, s.text AS text
"""

UPSERT_SOURCES = f"""
UNWIND $rows AS row
MERGE (s:{SOURCE} {{ns: $ns, id: row.id}})
SET s += row.props
"""

DROP_SOURCES = f"""
UNWIND $ids AS sid
MATCH (s:{SOURCE} {{ns: $ns, id: sid}})
DETACH DELETE s
"""

GET_SOURCE = f"""
MATCH (s:{SOURCE} {{ns: $ns, id: $id}})
RETURN s.id AS id, s.key AS key, s.path AS path, s.url AS url, s.title AS title, s.published AS published,
       s.sha256 AS sha256, s.ingested AS ingested, s.text AS text
"""

LIST_SOURCES = f"""
MATCH (s:{SOURCE} {{ns: $ns}})
RETURN s.id AS id, s.key AS key, s.path AS path, s.url AS url, s.title AS title, s.published AS published,
       s.sha256 AS sha256, s.ingested AS ingested
ORDER BY id
SKIP $offset
LIMIT $limit
"""

SOURCES_MENTIONING = f"""
UNWIND $ids AS nid
MATCH (n:{NODE} {{ns: $ns, id: nid}})
UNWIND coalesce(n.vk_sources, []) AS sid
RETURN DISTINCT sid AS id
ORDER BY id
"""

# ---------------------------------------------------------------------------- claims and nodes
#: take sources out of their nodes' ``vk_sources`` (the sources' own claim lists are replaced
#: by ``UPSERT_SOURCES`` or go with them); the nodes touched
DROP_CLAIMS = f"""
UNWIND $ids AS sid
MATCH (s:{SOURCE} {{ns: $ns, id: sid}})
UNWIND coalesce(s.c_node, []) AS nid
MATCH (n:{NODE} {{ns: $ns, id: nid}})
SET n.vk_sources = [x IN n.vk_sources WHERE x <> sid]
RETURN DISTINCT nid AS node
"""

EXISTING_NODES = f"""
UNWIND $ids AS nid
MATCH (n:{NODE} {{ns: $ns, id: nid}})
RETURN n.id AS id
"""

#: the claim of source ``s`` on the node ``nid`` (its entry of ``c_props``)
_CLAIM = "[k IN range(0, size(coalesce(s.c_node, [])) - 1) WHERE s.c_node[k] = nid | s.c_props[k]][0]"

NODE_CLAIMS = f"""
UNWIND $ids AS nid
MATCH (n:{NODE} {{ns: $ns, id: nid}})
CALL (n, nid) {{
  UNWIND coalesce(n.vk_sources, []) AS sid
  MATCH (s:{SOURCE} {{ns: $ns, id: sid}})
  RETURN collect([sid, {_CLAIM}]) AS claims
}}
RETURN n.id AS id, n.kind AS kind, claims
"""

SET_NODES = f"""
UNWIND $rows AS row
MATCH (n:{NODE} {{ns: $ns, id: row.id}})
SET n = row.props
"""

DELETE_NODES = f"""
UNWIND $ids AS nid
MATCH (n:{NODE} {{ns: $ns, id: nid}})
DETACH DELETE n
"""


@cache
def upsert_nodes(kind: NodeKind) -> str:
    """Create missing nodes of one kind and add each row's sources to the node's ``vk_sources``
    (one row per node; the claims themselves are in the sources' lists, written by
    ``UPSERT_SOURCES``)."""
    kind = NodeKind(kind)
    return f"""
UNWIND $rows AS row
MERGE (n:{NODE} {{ns: $ns, id: row.id}})
ON CREATE SET n:{_ident(kind.value)}, n.kind = $kind, n.vk_sources = []
SET n.vk_sources = [x IN n.vk_sources WHERE NOT x IN row.sources] + row.sources
RETURN count(n) AS written
"""


# ---------------------------------------------------------------------------- edges
_EDGE = f"(a:{NODE} {{ns: $ns, id: row.src}})-[r]->(b:{NODE} {{ns: $ns, id: row.tgt}})"

EXISTING_EDGES = f"""
UNWIND $rows AS row
MATCH {_EDGE}
WHERE type(r) = row.type
RETURN row.src AS src, row.type AS type, row.tgt AS tgt
"""


_LISTS = tuple(f for f in EVIDENCE_FIELDS if f != "text")
_KEEP = "[i IN range(0, size(coalesce(r.ev_source, [])) - 1) WHERE NOT r.ev_source[i] IN row.sources] AS keep"
#: ``ev_text`` only when some entry is not ``$from_source`` ("": a sentence the source's text gives back)
_TEXTS = "r.ev_text = CASE WHEN any(t IN texts WHERE t <> $from_source) THEN texts ELSE null END"

DROP_EVIDENCE = f"""
UNWIND $rows AS row
MATCH {_EDGE}
WHERE type(r) = row.type
WITH r, {_KEEP}
WITH r, keep, [i IN keep | coalesce(r.ev_text[i], $from_source)] AS texts
SET {", ".join(f"r.ev_{f} = [i IN keep | r.ev_{f}[i]]" for f in _LISTS)}, {_TEXTS}
"""


@cache
def merge_edges(rtype: RelationType) -> str:
    """Create missing edges of one type and append each row's evidences, replacing any
    earlier evidence of the same sources (one row per edge: rows must not repeat an edge;
    ``row.ev_text`` one entry per evidence, "" or a literal, as ``neo4j_rows.quote`` makes them)."""
    rtype = RelationType(rtype)
    appended = ", ".join(f"r.ev_{f} = [i IN keep | r.ev_{f}[i]] + row.ev_{f}" for f in _LISTS)
    return f"""
UNWIND $rows AS row
MATCH (a:{NODE} {{ns: $ns, id: row.src}})
MATCH (b:{NODE} {{ns: $ns, id: row.tgt}})
MERGE (a)-[r:{_ident(rtype.value)}]->(b)
WITH r, row, {_KEEP}
WITH r, row, keep, [i IN keep | coalesce(r.ev_text[i], $from_source)] + row.ev_text AS texts
SET {appended}, {_TEXTS}
RETURN count(r) AS written
"""


DELETE_EMPTY_EDGES = f"""
UNWIND $rows AS row
MATCH {_EDGE}
WHERE type(r) = row.type AND size(coalesce(r.ev_source, [])) = 0
DELETE r
RETURN row.src AS src, row.type AS type, row.tgt AS tgt
"""

SCORE_EDGES = f"""
UNWIND $rows AS row
MATCH {_EDGE}
WHERE type(r) = row.type AND size(coalesce(r.ev_source, [])) > 0
SET r.evidence_count = size(r.ev_source),
    r.confidence = reduce(best = r.ev_confidence[0], c IN r.ev_confidence | CASE WHEN c > best THEN c ELSE best END)
RETURN row.src AS src, row.type AS type, row.tgt AS tgt
"""

# ---------------------------------------------------------------------------- bulk loads
# First loads into an empty namespace (graph.store.neo4j_bulk): whole nodes and edges created
# once, with all their evidences, instead of merged source after source.
AWAIT_INDEXES = "CALL db.awaitIndexes(600)"

CREATE_SOURCES = f"""
UNWIND $rows AS row
CREATE (s:{SOURCE})
SET s = row, s.ns = $ns
"""


@cache
def create_nodes(kind: NodeKind) -> str:
    """Create whole nodes of one kind (a row holds ns, id, kind, the merged properties and
    ``vk_sources``)."""
    return f"""
UNWIND $rows AS row
CREATE (n:{NODE}:{_ident(NodeKind(kind).value)})
SET n = row, n.ns = $ns
"""


_EDGE_PROPS = ", ".join(f"{p}: row.{p}" for p in ("confidence", "evidence_count", *(f"ev_{f}" for f in EVIDENCE_FIELDS)))


@cache
def create_edges(rtype: RelationType) -> str:
    """Create whole edges of one type with all their evidences, score and count (the
    properties spelled out: ``SET r = row`` would make the plan eager)."""
    return f"""
UNWIND $rows AS row
MATCH (a:{NODE} {{ns: $ns, id: row.src}})
MATCH (b:{NODE} {{ns: $ns, id: row.tgt}})
CREATE (a)-[r:{_ident(RelationType(rtype).value)} {{{_EDGE_PROPS}}}]->(b)
RETURN count(r) AS written
"""


# ---------------------------------------------------------------------------- aliases
ALIASES = f"MATCH (a:{ALIAS} {{ns: $ns}}) RETURN a.partial AS partial, a.canonical AS canonical"

CANONICAL_ID = f"MATCH (a:{ALIAS} {{ns: $ns, partial: $id}}) RETURN a.canonical AS canonical"

ADD_ALIASES = f"""
UNWIND $rows AS row
MERGE (a:{ALIAS} {{ns: $ns, partial: row.partial}})
SET a.canonical = row.canonical
"""

# ---------------------------------------------------------------------------- node reads
_NODE_FIELDS = "n.id AS id, n.kind AS kind, n.vk_props AS props"

GET_NODES = f"""
UNWIND $ids AS nid
MATCH (n:{NODE} {{ns: $ns, id: nid}})
RETURN {_NODE_FIELDS}
"""

NODES_BY_SERIES = f"""
UNWIND $series AS ser
MATCH (n:{NODE} {{ns: $ns, vk_series: ser}})
RETURN ser AS series, {_NODE_FIELDS}
ORDER BY series, id
"""

DOCUMENTS_BY_LOOKUP = f"""
UNWIND $keys AS key
MATCH (n:{NODE} {{ns: $ns, vk_lookup: key}})
RETURN {_NODE_FIELDS}
ORDER BY id
LIMIT $limit
"""

ITER_NODES = f"""
MATCH (n:{NODE} {{ns: $ns}})
WHERE $kind IS NULL OR n.kind = $kind
RETURN {_NODE_FIELDS}
ORDER BY id
"""


@cache
def find_nodes(by_kind: bool, count: bool) -> str:
    """Nodes (or their number) of a kind or of any, whose properties equal ``$where``
    (a list of ``{key, value}``) and whose folded label contains each of the words ``$words``
    (unless ``$q``, the longest of them, which the label's text index answers, is null)."""
    match = f"MATCH (n:{NODE} {{ns: $ns, kind: $kind}})" if by_kind else f"MATCH (n:{NODE} {{ns: $ns}})"
    where = ("WHERE ($q IS NULL OR n.vk_label_folded CONTAINS $q AND all(w IN $words WHERE n.vk_label_folded CONTAINS w))\n"
             "  AND all(w IN $where WHERE n[w.key] = w.value)")
    tail = "RETURN count(n) AS n" if count else f"RETURN {_NODE_FIELDS}\nORDER BY id\nSKIP $offset\nLIMIT $limit"
    return f"\n{match}\n{where}\n{tail}\n"


# ---------------------------------------------------------------------------- edge reads
@cache
def expand(direction: str) -> str:
    """Edges of given types out of (``out``) or into (``in``) the nodes ``$ids``."""
    if direction not in ("out", "in"):
        raise ValueError(f"direction must be 'out' or 'in', not {direction!r}")
    arrow = "-[r]->" if direction == "out" else "<-[r]-"
    ends = "n.id AS src, m.id AS tgt" if direction == "out" else "m.id AS src, n.id AS tgt"
    return f"""
UNWIND range(0, size($ids) - 1) AS i
WITH i, $ids[i] AS nid
MATCH (n:{NODE} {{ns: $ns, id: nid}}){arrow}(m:{NODE})
WHERE type(r) IN $types
RETURN {ends}, type(r) AS type, r.confidence AS confidence, r.evidence_count AS n, i AS position, m.id AS other
ORDER BY position, type, other
LIMIT $limit
"""


_EDGE_MAP = "{type: type(r), other: m.id, confidence: r.confidence, n: r.evidence_count}"


@cache
def reach(direction: str, depth: int) -> str:
    """The nodes within ``depth`` hops of ``$id`` along ``$types`` edges (``out`` or ``in``),
    each at its least distance (a breadth-first variable-length expand that visits a node
    once), levels kept whole while they hold at most ``$max_nodes`` nodes in all; a row per
    node kept, by level and id, with its edges along ``$types`` and the ``$into`` edges into
    it (each list by type, other end; an ``$into`` edge's source comes with its fields)."""
    if direction not in ("out", "in"):
        raise ValueError(f"direction must be 'out' or 'in', not {direction!r}")
    if not isinstance(depth, int) or depth < 0:
        raise ValueError(f"depth must be a whole number ≥ 0, not {depth!r}")
    path, arrow = ("-[rs*0..{d}]->", "-[r]->") if direction == "out" else ("<-[rs*0..{d}]-", "<-[r]-")
    return f"""
MATCH (s:{NODE} {{ns: $ns, id: $id}})
MATCH p = (s){path.format(d=depth)}(n:{NODE})
WHERE all(r IN rs WHERE type(r) IN $types)
WITH n, min(length(p)) AS level
ORDER BY level, n.id
WITH level, collect(n) AS members
ORDER BY level
WITH collect(members) AS levels
WITH levels, size([k IN range(0, size(levels) - 1)
                   WHERE reduce(t = 0, l IN levels[..k + 1] | t + size(l)) <= $max_nodes]) AS kept
UNWIND range(0, kept - 1) AS level
UNWIND levels[level] AS n
CALL (n) {{
  OPTIONAL MATCH (n){arrow}(m:{NODE})
  WHERE type(r) IN $types
  WITH r, m
  ORDER BY type(r), m.id
  RETURN collect(CASE WHEN r IS NOT NULL THEN {_EDGE_MAP} END) AS edges
}}
CALL (n) {{
  OPTIONAL MATCH (n)<-[r]-(m:{NODE})
  WHERE type(r) IN $into
  WITH r, m
  ORDER BY type(r), m.id
  RETURN collect(CASE WHEN r IS NOT NULL THEN {{type: type(r), other: m.id, confidence: r.confidence,
                 n: r.evidence_count, kind: m.kind, props: m.vk_props}} END) AS into
}}
RETURN level, {_NODE_FIELDS}, edges, into, kept < size(levels) AS cut
ORDER BY level, id
"""


_EVIDENCE_COLUMNS = ", ".join(f"r.ev_{f} AS ev_{f}" for f in EVIDENCE_FIELDS)

#: the sentence of evidence ``i`` of ``r``: its literal, or its source ``s``'s text at its offsets
_SENTENCE = ("CASE WHEN coalesce(r.ev_text[i], $from_source) = $from_source "
             "THEN coalesce(substring(s.text, r.ev_start[i], r.ev_end[i] - r.ev_start[i]), $from_source) "
             "ELSE substring(r.ev_text[i], size($literal)) END")

EVIDENCE = f"""
UNWIND $rows AS row
MATCH {_EDGE}
WHERE type(r) = row.type
CALL (r) {{
  UNWIND range(0, size(coalesce(r.ev_source, [])) - 1) AS i
  WITH r, i
  ORDER BY r.ev_confidence[i] DESC, r.ev_source[i], r.ev_start[i], i
  LIMIT $per_edge
  OPTIONAL MATCH (s:{SOURCE} {{ns: $ns, id: r.ev_source[i]}})
  RETURN collect({{source: r.ev_source[i], start: r.ev_start[i], end: r.ev_end[i], text: {_SENTENCE},
                  rule: r.ev_rule[i], confidence: r.ev_confidence[i]}}) AS evidence
}}
RETURN row.src AS src, row.type AS type, row.tgt AS tgt, evidence
"""

SOURCE_SLICES = f"""
UNWIND $rows AS row
MATCH (s:{SOURCE} {{ns: $ns, id: row.source}})
RETURN row.i AS i, substring(s.text, row.start, row.end - row.start) AS text
"""


@cache
def iter_edges(with_evidence: bool) -> str:
    """Every edge between graph nodes in (source, type, target) order, maybe with its evidences."""
    extra = f", {_EVIDENCE_COLUMNS}" if with_evidence else ""
    return f"""
MATCH (a:{NODE} {{ns: $ns}})-[r]->(b:{NODE})
WHERE type(r) IN $types
RETURN a.id AS src, type(r) AS type, b.id AS tgt, r.confidence AS confidence, r.evidence_count AS n{extra}
ORDER BY src, type, tgt
"""


MENTIONS_OF = f"""
MATCH (n:{NODE} {{ns: $ns, id: $id}})
UNWIND coalesce(n.vk_sources, []) AS sid
MATCH (s:{SOURCE} {{ns: $ns, id: sid}})
WITH s, [k IN range(0, size(coalesce(s.c_node, [])) - 1) WHERE s.c_node[k] = $id][0] AS k
UNWIND [i IN range(0, size(coalesce(s.m_claim, [])) - 1) WHERE s.m_claim[i] = k] AS i
RETURN s.id AS source, s.m_start[i] AS start, s.m_end[i] AS stop,
       CASE WHEN coalesce(s.m_text[i], $from_source) = $from_source
            THEN substring(s.text, s.m_start[i], s.m_end[i] - s.m_start[i])
            ELSE substring(s.m_text[i], size($literal)) END AS text
ORDER BY source, start, stop
LIMIT $limit
"""

# ---------------------------------------------------------------------------- stats and wipe
STATS_KINDS = f"MATCH (n:{NODE} {{ns: $ns}}) RETURN n.kind AS key, count(n) AS n"

STATS_TYPES = f"""
MATCH (:{NODE} {{ns: $ns}})-[r]->(:{NODE})
WHERE type(r) IN $types
RETURN type(r) AS key, count(r) AS n, sum(size(coalesce(r.ev_source, []))) AS evidence
"""

STATS_SOURCES = f"MATCH (s:{SOURCE} {{ns: $ns}}) RETURN count(s) AS n"

STATS_UNRESOLVED = f"MATCH (n:{NODE} {{ns: $ns, kind: $kind}}) WHERE n.resolved = false RETURN count(n) AS n"

WIPE_LABELS: tuple[str, ...] = (NODE, SOURCE, ALIAS, META)


@cache
def wipe(label: str) -> str:
    """Delete up to ``$batch`` nodes of one of vankien's labels in the namespace."""
    if label not in WIPE_LABELS:
        raise ValueError(f"not a vankien label: {label!r}")
    return f"""
MATCH (n:{_ident(label)} {{ns: $ns}})
WITH n LIMIT $batch
DETACH DELETE n
RETURN count(*) AS deleted
"""


def all_statements() -> list[str]:
    """Every statement this module can emit, including the DDL and each per-type variant."""
    out: list[str] = list(DDL)
    out += [INIT_META, BUMP_GENERATION, GENERATION, START_LOAD, FINISH_LOAD, LOADING, SOURCE_SHAS, SOURCE_DELTAS, UPSERT_SOURCES, DROP_SOURCES,
            GET_SOURCE, LIST_SOURCES, SOURCES_MENTIONING, DROP_CLAIMS, EXISTING_NODES, NODE_CLAIMS, SET_NODES,
            DELETE_NODES, EXISTING_EDGES, DROP_EVIDENCE, DELETE_EMPTY_EDGES, SCORE_EDGES, ALIASES, CANONICAL_ID, ADD_ALIASES,
            GET_NODES, NODES_BY_SERIES, DOCUMENTS_BY_LOOKUP, ITER_NODES, EVIDENCE, SOURCE_SLICES, MENTIONS_OF, STATS_KINDS,
            STATS_TYPES, STATS_SOURCES, STATS_UNRESOLVED, AWAIT_INDEXES, CREATE_SOURCES]
    out += [create_nodes(k) for k in NodeKind] + [create_edges(t) for t in RelationType]
    out += [upsert_nodes(k) for k in NodeKind]
    out += [merge_edges(t) for t in RelationType]
    out += [find_nodes(k, c) for k in (False, True) for c in (False, True)]
    out += [expand(d) for d in ("out", "in")]
    out += [reach(d, n) for d in ("out", "in") for n in range(MAX_REACH + 1)]
    out += [iter_edges(w) for w in (False, True)]
    out += [wipe(label) for label in WIPE_LABELS]
    return [s.strip() for s in out]
