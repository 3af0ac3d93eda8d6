"""How the graph is written: the per-source delta every store writes (``delta``), ingest of
articles through the loaders (``ingest``), import of an RDF export (``rdf_import``), and the
copy of one store into another (``sync``)."""
