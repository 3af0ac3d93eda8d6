"""What the graph answers, over any store (only ``Store`` methods are used): lineage —
trace, implementations, coverage, timeline, the layered lineage graph (``lineage``) —,
lookup of references as typed (``lookup``), one entity and the lists of them
(``entities``), the articles with their spans (``sources``), and the one bounded
neighbourhood of a node every partial export uses (``neighbourhood``)."""
