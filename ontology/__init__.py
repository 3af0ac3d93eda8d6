"""The vocabulary of vankien: node kinds, relation types, ids, reference data, RDF/OWL."""
