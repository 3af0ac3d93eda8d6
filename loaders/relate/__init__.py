"""relate: found and resolved mentions into a source's facts and relations —
``relate(ctx, found, resolved) -> Extraction``.

Every relation type the loaders mint is minted here, each with its sentence as evidence and
the confidence of its rule:

- ``stated`` (with ``cues``, from ``relation_cues.yaml``): the relations between documents
  that the text states by cue phrases (IMPLEMENTS, GUIDES, REVIEWS, AMENDS, REPLACES,
  REPEALS, BASED_ON);
- ``documents``: which of those the documents' levels and dates allow, ISSUED_BY, and
  PART_OF between bodies (``collect``);
- ``persons``: HOLDS_POST, POST_IN, and an official text's SIGNED_BY and SENT_TO;
- ``meetings``: ORGANIZED_BY, ATTENDED_BY, CHAIRED_BY, the documents a meeting carried out,
  reviewed or discussed, and ADOPTED_AT.
"""

from loaders.relate.extraction import relate

__all__ = ["relate"]
