"""resolve: document references to canonical documents — ``resolve(ctx, mentions) -> Resolved``.

Each reference is read for its key (kind, number, issuing series, term or year); the key
names a canonical ``DocumentFact`` with a stable id. Central series are national and take
their term from the text, the authority list or the numbering of the series (``terms``,
``numbering``); local series belong to their issuing body (``owners``). Each mention's
outcome is a typed ``facts.Resolution``, and ``facts.build_document`` merges the mentions of
one document. A reference that fits more than one candidate stays unresolved, its
candidates listed.
"""

from loaders.resolve.documents import Resolved, resolve

__all__ = ["Resolved", "resolve"]
