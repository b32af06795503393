"""Reading conflict news that is not in English.

Every article's language is identified from its text (``detect``); the ``language`` field an
input carries is only a hint. What happens next depends on what the language gets
(``SUPPORT``, stated in README "Languages"):

- ``translate`` (Spanish, Portuguese): each sentence is machine-translated to English with
  gazetteer names protected, the English stages run on the translation, and every evidence span
  is mapped back to the original sentence it came from (``translated.py``).
- ``read`` (French, Russian, Ukrainian, Arabic): no translator is available offline, so
  sentences, dates, counts, places, actors, attribution and the event type are read from the
  original text with per-language tables and multilingual embeddings (``reader.py``).
- anything else is stored with its language recorded and reported as unsupported (FW-IN-002);
  it is never coded as English.

Nothing here is imported while only English articles arrive: ``pipeline.analyse`` calls
``route`` (language identification, a few milliseconds) and loads the rest on the first
non-English article.
"""

from __future__ import annotations

from frontwatch.lang.detect import SUPPORT, identify, route

__all__ = ["SUPPORT", "identify", "route"]
