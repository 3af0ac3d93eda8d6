"""How the graph leaves: RDF with the provenance of every relation (``rdf``, written by
``rdf_syntax``), read-only SPARQL over it (``sparql``), and GraphML or CSV tables of nodes
and edges for Gephi, yEd and spreadsheets (``tables``)."""
