"""What the graph answers, over any store (only ``Store`` methods are used): lineage —
trace, implementations, coverage, timeline (``lineage``) — and lookup of references as typed
(``lookup``)."""
