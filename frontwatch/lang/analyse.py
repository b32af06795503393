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
    _figures_to_only_report(result)
    return result


def _figures_to_only_report(result: ArticleAnalysis) -> None:
    """An article that describes one event gives its attributed figures to that event.

    Assembly keeps a claim on a report only when the claim's sentence is one of the report's;
    a rule-read or machine-translated sentence that states a toll or a release ("D'après le
    ministre, 126 personnes ont été libérées") is often not classified as an event sentence,
    and its figure would be lost to the event's conflicts.
    """
    if len(result.reports) != 1:
        return
    report = result.reports[0]
    have = {id(c) for c in report.claims}
    report.claims.extend(c for c in result.claims if c.value is not None and id(c) not in have)
