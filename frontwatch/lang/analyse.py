"""Dispatch of a non-English article by what its language gets (``frontwatch.lang.SUPPORT``)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

from frontwatch.errors import FrontwatchError, warning
from frontwatch.lang.detect import SUPPORT

if TYPE_CHECKING:
    from frontwatch.pipeline import ArticleAnalysis

log = logging.getLogger(__name__)


def analyse_other(result: ArticleAnalysis, lang: str, *, only: Iterable[str] | None = None) -> ArticleAnalysis:
    how = SUPPORT.get(lang)
    if how is None:
        # stored with its language, never coded as English
        result.warnings.append(warning("FW-IN-002", f"language {lang!r} is not supported"))
        return result
    try:
        if how == "translate":
            from frontwatch.lang.translated import analyse_translated

            analyse_translated(result, lang, only=only)
        else:
            from frontwatch.lang.reader import read_article

            read_article(result, lang)
    except FrontwatchError as exc:
        log.warning("%s: %s", result.article.id, exc)
        result.warnings.append(warning("FW-STAGE-001", f"{lang}: {exc}"))
    return result
