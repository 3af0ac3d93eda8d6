"""What the graph answers, over any store (only ``Store`` methods are used): lineage —
trace, implementations, coverage, timeline (``lineage``) —, lookup of references as typed
(``lookup``), and the one bounded neighbourhood of a node every partial export uses
(``neighbourhood``)."""
