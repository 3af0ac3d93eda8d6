"""Independent check: every format the tests export parses with Raptor's ``rapper`` (Debian
package ``raptor2-utils``) and gives as many triples as rdflib reads. Raptor has no JSON-LD
parser: the JSON-LD export is expanded to N-Quads by PyLD, another independent processor,
and those are counted by ``rapper -i nquads``.

Without ``rapper`` the tests are skipped, except in CI (``VANKIEN_CI=1``) where they fail."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Dataset, Graph

from graph.export.rdf import FORMATS, export
from graph.store.protocol import Store
from ontology.rdf import ONTOLOGY_PATH, SHAPES_PATH
from tests.conftest import IN_CI
from tests.test_rdf_export import XML_TRICKY, tricky_store

pytestmark = pytest.mark.filterwarnings("ignore:.*is deprecated, use Dataset.*:DeprecationWarning")

RAPPER_PARSER = {"ttl": "turtle", "nt": "ntriples", "xml": "rdfxml", "trig": "trig", "nquads": "nquads"}
RDFLIB_PARSER = {"ttl": "turtle", "nt": "nt", "xml": "xml", "trig": "trig", "jsonld": "json-ld", "nquads": "nquads"}


def need(what: str) -> None:
    """Skip without the tool, or fail in CI."""
    if IN_CI:
        pytest.fail(f"{what} is missing in CI")
    pytest.skip(f"{what} is not installed")


@pytest.fixture(scope="module")
def rapper() -> str:
    path = shutil.which("rapper")
    if path is None:
        need("rapper (apt-get install raptor2-utils)")
    return str(path)


def rapper_count(rapper: str, path: Path, fmt: str) -> int:
    """Triples rapper parses from a file; any error or warning fails the test."""
    r = subprocess.run([rapper, "-i", RAPPER_PARSER[fmt], "-c", str(path)], capture_output=True, text=True,
                       timeout=300, check=False)
    assert r.returncode == 0, r.stderr
    assert "Error" not in r.stderr and "Warning" not in r.stderr, r.stderr
    m = re.search(r"Parsing returned (\d+) triples", r.stderr)
    assert m, r.stderr
    return int(m[1])


def rdflib_count(data: bytes, fmt: str) -> int:
    if fmt in ("trig", "nquads"):
        ds = Dataset()
        ds.parse(data=data, format=RDFLIB_PARSER[fmt])
        return sum(1 for _ in ds.quads())
    return len(Graph().parse(data=data, format=RDFLIB_PARSER[fmt]))


def jsonld_to_nquads(data: bytes) -> bytes:
    try:
        from pyld import jsonld
    except ImportError:
        need("PyLD (pip install pyld)")
    return str(jsonld.to_rdf(json.loads(data), {"format": "application/n-quads"})).encode()


@pytest.fixture(scope="module")
def tricky(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = tricky_store(tmp_path_factory.mktemp("tricky"), XML_TRICKY)
    yield store
    store.close()


CASES = [(fmt, None, 1) for fmt in FORMATS] + [("ttl", "doc:kl-tw-21-xiii", 2), ("nt", "Chỉ thị 39-CT/TW", 1),
                                               ("trig", "doc:kl-tw-21-xiii", 1), ("xml", "doc:ct-tw-5-xii", 1)]


def _check(rapper: str, tmp_path: Path, data: bytes, fmt: str) -> None:
    expected = rdflib_count(data, fmt)
    assert expected > 0
    if fmt == "jsonld":
        data, fmt = jsonld_to_nquads(data), "nquads"
        assert rdflib_count(data, fmt) == expected, "PyLD and rdflib read the JSON-LD differently"
    path = tmp_path / f"export.{fmt}"
    path.write_bytes(data)
    assert rapper_count(rapper, path, fmt) == expected


@pytest.mark.parametrize(("fmt", "document", "depth"), CASES,
                         ids=[f"{f}-{d or 'all'}-{n}" for f, d, n in CASES])
def test_rapper_reads_the_corpus_export(rapper: str, corpus: Store, tmp_path: Path, fmt: str, document: str | None,
                                        depth: int) -> None:
    data = b"".join(export(corpus, fmt, document=document, depth=depth))
    _check(rapper, tmp_path, data, fmt)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_rapper_reads_hard_literals(rapper: str, tricky: Store, tmp_path: Path, fmt: str) -> None:
    _check(rapper, tmp_path, b"".join(export(tricky, fmt)), fmt)


@pytest.mark.parametrize("path", [ONTOLOGY_PATH, SHAPES_PATH], ids=lambda p: p.name)
def test_rapper_reads_the_ontology_and_shapes(rapper: str, path: Path) -> None:
    assert rapper_count(rapper, path, "ttl") == rdflib_count(path.read_bytes(), "ttl")


@pytest.mark.parametrize(("fmt", "text"), [("ttl", '<urn:a> <urn:b> "no end .'), ("nt", "<urn:a> <urn:b> <c d> .")])
def test_the_check_can_fail(rapper: str, tmp_path: Path, fmt: str, text: str) -> None:
    path = tmp_path / f"broken.{fmt}"
    path.write_text(text + "\n")
    with pytest.raises(AssertionError):
        rapper_count(rapper, path, fmt)
