"""read: files, folders, JSONL and HTML into ``Source`` records — ``iter_sources(paths)``.

Each source is one article: its decoded text (``decode``: UTF-8, UTF-16/32, Windows-1258;
text typed in the legacy VNI and TCVN3 fonts read back as Unicode by ``legacy``), the main
text of an HTML page (``html``), and the title and publication date its head gives (``meta``). A bad input is yielded as a ``Failure``
naming the file and the reason, never raised.
"""

from loaders.read.sources import Failure, Source, iter_sources

__all__ = ["Failure", "Source", "iter_sources"]
