"""loaders: source files into facts with evidence, stage by stage.

``read`` (files → ``Source``) → ``text`` (``prepare``: normalised, folded, indexed
``Context``) → ``find`` (document references, an official text's header, people, meetings)
→ ``resolve`` (canonical documents) → ``relate`` (facts and relations with evidence, the
source's ``Extraction``). ``lexicon`` holds the look-ups the stages share, built once from
``ontology/data``; ``extract`` runs the stages (``extract_source``, ``extract_paths``).
A stage imports only the stages before it and the lexicon.
"""
