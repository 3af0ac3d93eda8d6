"""The knowledge graph, in four stages:

- ``graph.store``: where the graph lives — the ``Store`` protocol and its backends
  (embedded networkx + SQLite, Neo4j through Cypher) and a local Neo4j server;
- ``graph.build``: how it is written — per-source deltas, ingest of articles, RDF import,
  and the sync of one store into another;
- ``graph.query``: what it answers — lineage (trace, implementations, coverage, timeline),
  lookup of typed references, and the neighbourhood of a node;
- ``graph.export``: how it leaves — RDF with provenance, SPARQL, GraphML and CSV tables.
"""
