"""The lineage queries ask the store few things, each a round trip on a server.
``implementations``: one ``expand`` per level (which also reads what replaces or repeals that
level's documents), one more for the last level shown, one ``get_nodes`` and one
``evidence``. ``trace``: the alias, one ``reach`` (every level up, with what replaces or
repeals each node) and the hops' ``evidence``, at any depth. ``timeline``: those of
``implementations`` and what amends, replaces or repeals the document. The calls, in order,
for a query, a document and a depth of a small three-level graph
(tests/data/round_trips/calls.tsv), on both stores; not a timing."""

from __future__ import annotations

import csv
from typing import Any

import pytest

from graph.build.ingest import ingest_paths
from graph.query import lineage as queries
from graph.store.protocol import Store
from tests.conftest import DATA

TEXTS = [DATA / "in_force", DATA / "round_trips"]
CASES = list(csv.DictReader((DATA / "round_trips" / "calls.tsv").open(encoding="utf-8"), delimiter="\t"))


class Counting:
    """A store that records the name of each method called on it, then calls it."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.calls: list[str] = []

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self.store, name)
        if not callable(attr):
            return attr

        def call(*args: Any, **kwargs: Any) -> Any:
            self.calls.append(name)
            return attr(*args, **kwargs)

        return call


@pytest.fixture
def filled(store: Store) -> Store:
    ingest_paths(store, [str(p) for p in TEXTS], workers=1)
    return store


#: what ``count`` counts in each query's answer
COUNTED = {"implementations": lambda a: a["count"], "trace": lambda a: len(a["paths"]),
           "timeline": lambda a: len(a["events"])}


def test_queries_call_the_store_few_times(filled: Store) -> None:
    for case in CASES:
        counting = Counting(filled)
        query = getattr(queries, case["query"])
        answer = query(counting, case["document"], depth=int(case["depth"]))
        assert (COUNTED[case["query"]](answer), counting.calls) == (int(case["count"]), case["calls"].split()), case


def test_trace_reads_past_the_reach_bounds_on_its_own(filled: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """A level that passes ``reach``'s bounds is read node by node: the same answer, more calls."""
    for doc in ("doc:kh-hu-huyen-uy-tuy-phuoc-binh-dinh-15-2015-2020", "mtg:2019-04-25-ban-thuong-vu-huyen-uy-tuy-phuoc-binh-dinh-so-ket"):
        whole = queries.trace(filled, doc)
        for bound, value in (("_REACH_NODES", 1), ("_REACH_NODES", 2), ("_LEVEL_LIMIT", 0), ("_LEVEL_LIMIT", 1)):
            with monkeypatch.context() as m:
                m.setattr(queries, bound, value)
                counting = Counting(filled)
                assert queries.trace(counting, doc) == whole, (doc, bound, value)  # type: ignore[arg-type]
                assert counting.calls.count("expand") >= 1


def test_the_calls_give_what_a_call_per_question_gives(filled: Store) -> None:
    """The in-force marks read with the levels are those read on their own."""
    from graph.query import in_force

    answer = queries.implementations(filled, "doc:qd-tw-102-xii", depth=3)
    summaries = [{**answer["document"]}, *({**i["node"]} for i in answer["items"])]
    for s in summaries:
        s.pop("in_force", None)
        s.pop("superseded_by", None)
    assert in_force.mark(filled, summaries) == answer["superseded"] == ["doc:qd-tw-102-xii"]
    assert summaries == [answer["document"], *(i["node"] for i in answer["items"])]
