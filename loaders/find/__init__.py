"""find: the mentions a prepared text makes — ``find(ctx) -> Found``.

- ``documents`` (with ``patterns``, the reference patterns from ``doc_types.yaml`` and
  ``issuers.yaml``): references to documents and their modifiers (số, ngày, của <body>, khóa …),
  and what is stated before them (``preceding``);
- ``official`` (with ``closing``): an official text's header, signature blocks and
  recipients, which make the source's own document;
- ``persons``: people and the posts the text gives them;
- ``meetings`` (with ``meeting_mention``, ``meeting_dates``, ``meeting_people`` and
  ``meetings_en`` for English pages): the meetings it reports, with their day, organisers,
  chair and attendance.

Nothing here decides which entity a mention is: that is ``loaders.resolve``.
"""

from loaders.find.found import Found, find

__all__ = ["Found", "find"]
