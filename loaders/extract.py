"""From one source to its facts: the pipeline, stage by stage.

read (``loaders.read``: files → ``Source``) → text (``loaders.text.prepare``: normalise,
fold, sentences, dates, bodies) → find (``loaders.find.find``: document references, an
official text's header, people, meetings) → resolve (``loaders.resolve.resolve``: canonical
documents) → relate (``loaders.relate.relate``: facts and relations with evidence) →
``Extraction`` (the source's graph delta).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from loaders.find import find
from loaders.read import Failure, Source, iter_sources
from loaders.relate import relate
from loaders.resolve import resolve
from loaders.text import prepare
from ontology.records import Extraction


def extract_source(source: Source) -> Extraction:
    """Extract everything from one source."""
    ctx = prepare(source)
    found = find(ctx)
    resolved = resolve(ctx, found.documents)
    own = found.official
    resolved.documents = [own.document(d) if d.id == resolved.self_document else d for d in resolved.documents]
    return relate(ctx, found, resolved)


def extract_paths(paths: Iterable[str]) -> Iterator[Extraction | Failure]:
    """Extract every source under the paths; failures are yielded, not raised."""
    for item in iter_sources(paths):
        if isinstance(item, Failure):
            yield item
        else:
            yield extract_source(item)
