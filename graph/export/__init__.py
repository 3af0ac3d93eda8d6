"""How the graph leaves: RDF with the provenance of every relation (``rdf``, written by
``rdf_syntax``) and read-only SPARQL over it (``sparql``)."""
