"""``implementations`` asks the store few things: one ``expand`` per level (which also reads
what replaces or repeals that level's documents), one more for the last level shown, one
``get_nodes`` and one ``evidence`` — on a server, each a round trip. The calls, in order,
for a document and a depth of a small three-level graph (tests/data/round_trips/calls.tsv),
on both stores; not a timing."""

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


def test_implementations_calls_the_store_once_per_level(filled: Store) -> None:
    for case in CASES:
        counting = Counting(filled)
        answer = queries.implementations(counting, case["document"], depth=int(case["depth"]))  # type: ignore[arg-type]
        assert (answer["count"], counting.calls) == (int(case["count"]), case["calls"].split()), case


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
