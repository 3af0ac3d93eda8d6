"""Where the graph lives: the ``Store`` protocol every backend implements and the registry
of backends by name (``protocol``), the embedded networkx + SQLite store (``embedded``), the
Neo4j store (``neo4j_store``, its Cypher in ``cypher`` and its parameter rows in
``neo4j_rows``), and a local Neo4j server for it (``neo4j_server``)."""
