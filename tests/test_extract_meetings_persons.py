"""Meetings and persons (tests/data/extract_meetings.yaml, extract_persons.yaml)."""

from __future__ import annotations

from typing import Any

import pytest

from ontology.text import fold_key
from tests.extract_cases import cases, matches, run

MEETINGS = cases("extract_meetings.yaml") + cases("extract_meeting_links.yaml")
PERSONS = cases("extract_persons.yaml")


@pytest.mark.parametrize("case", MEETINGS, ids=[c["id"] for c in MEETINGS])
def test_meetings(case: dict[str, Any]) -> None:
    _, rec = run(case)
    reported = [m for m in rec["meetings"] if m["kind"] != "plenum"]
    for expected in case.get("meetings") or []:
        assert any(matches(m, expected) for m in reported), (
            f"no meeting with {expected}; got {[{k: m[k] for k in ('name', 'kind', 'date', 'organizer', 'chair')} for m in reported]}")
    for words in case.get("name_excludes") or []:
        assert all(words not in m["name"] for m in reported), [m["name"] for m in reported]
    if case.get("none"):
        assert reported == [], [m["name"] for m in reported]
    if "count" in case:
        assert len(reported) == case["count"], [m["name"] for m in reported]
    plenums = {m["id"]: m for m in rec["meetings"] if m["kind"] == "plenum"}
    for want in case.get("plenums") or []:
        want = want if isinstance(want, dict) else {"id": want}
        got = plenums.get(want["id"])
        assert got is not None and got["date"], f"no dated plenum {want['id']}; got {plenums}"
        assert matches(got, want), f"plenum {got} is not {want}"
    for expected in case.get("bodies") or []:
        assert any(matches(b, expected) for b in rec["bodies"]), f"no body with {expected}; got {rec['bodies']}"
    for part in case.get("no_bodies_like") or []:  # no body whose id holds this part
        assert all(part not in b["id"] for b in rec["bodies"]), [b["id"] for b in rec["bodies"]]
    ids = {m["id"] for m in reported}
    attended = {r["target"] for r in rec["relations"] if r["type"] == "ATTENDED_BY" and r["source"] in ids}
    assert set(case.get("attended") or []) <= attended, attended
    assert not set(case.get("not_attended") or []) & attended
    organised = {r["target"] for r in rec["relations"] if r["type"] == "ORGANIZED_BY" and r["source"] in ids}
    assert not set(case.get("not_organized_by") or []) & organised, organised
    for doc in case.get("adopted") or []:  # documents adopted at a reported meeting
        assert any(r["type"] == "ADOPTED_AT" and r["source"] == doc and r["target"] in ids for r in rec["relations"]), (
            f"{doc} not adopted at {ids}")
    for doc in case.get("not_adopted") or []:
        assert not any(r["type"] == "ADOPTED_AT" and r["source"] == doc for r in rec["relations"])
    for t, target in case.get("links") or []:
        assert any(r["type"] == t and r["source"] in ids and r["target"] == target for r in rec["relations"]), (
            f"no meeting {t} {target}")
    linked = {(m["date"], r["type"], r["target"]) for m in reported for r in rec["relations"] if r["source"] == m["id"]}
    for key, want in (("dated_links", True), ("not_dated_links", False)):
        for when, t, target in case.get(key) or []:
            assert ((when, t, target) in linked) is want, f"meeting of {when} {t} {target}: {sorted(linked)}"


@pytest.mark.parametrize("case", PERSONS, ids=[c["id"] for c in PERSONS])
def test_persons(case: dict[str, Any]) -> None:
    _, rec = run(case)
    people = {fold_key(p["name"]): p for p in rec["persons"]}
    for expected in case.get("persons") or []:
        p = people.get(fold_key(expected["name"]))
        assert p is not None, f"missing {expected['name']}; got {list(people)}"
        titles = " | ".join(t["title"] for t in p["posts"])
        assert fold_key(expected["post"]) in fold_key(titles), f"{expected['name']}: posts {titles!r}"
        if "post_body" in expected:  # the body the post is held in
            assert expected["post_body"] in [t["body"] for t in p["posts"] if fold_key(expected["post"]) in fold_key(t["title"])]
        if "posts_exact" in expected:
            assert [t["title"] for t in p["posts"]] == expected["posts_exact"]
    for name in case.get("not_persons") or []:
        assert fold_key(name) not in people, f"{name} is not a person of the article"
