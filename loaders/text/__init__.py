"""text: a ``Source`` made ready for extraction, once — ``prepare(source) -> Context``.

The text is normalised by named steps (``normalize``: NFC, whitespace, tone marks, the
site's boilerplate of ``boilerplate``) and folded; then indexed by offset: its sentences
(``sentences``), the dates it writes (``dates``), the bodies it names and the province it is
about (``bodies``). Every later stage reads the ``Context`` (``context``) instead of scanning
the text again.
"""

from loaders.text.context import Context, prepare

__all__ = ["Context", "prepare"]
