"""Settings: plain defaults in one dataclass, overridable by environment variables.

Stdlib only.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def _default_cache_dir() -> Path:
    env = os.environ.get("FRONTWATCH_CACHE_DIR")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "frontwatch"


@dataclass(frozen=True)
class Settings:
    # derived data (gazetteer table, trained classifier) is built once and kept here
    cache_dir: Path
    # the embedded default database: a SQLite file in the working directory
    db_url: str = "sqlite:///frontwatch.db"
    spacy_model: str = "en_core_web_sm"
    # largest article text kept, in characters; a longer one is cut at a sentence end there with
    # warning FW-IN-004. Measured (docs/reliability.md): 100,000 characters of news text take about
    # 20 CPU seconds and 1.1 GB through the pipeline; the longest seed or news-dev article has 6,354.
    max_article_chars: int = 100_000
    # threads of each native library in each process: the sentence encoders (torch) and numpy's BLAS
    # (spaCy's matrix products; frontwatch.native_threads). One by default: on a
    # shared or multi-process machine, OpenMP threads spin while their partner is descheduled, and the
    # encoder then costs several times more (issue 15); set FRONTWATCH_TORCH_THREADS to try more
    torch_threads: int = 1
    # number format of the sentence encoder's weights: "auto" (bfloat16 where the CPU multiplies
    # bfloat16 natively, float32 elsewhere), "bfloat16" or "float32" (FRONTWATCH_ENCODER_DTYPE).
    # bfloat16 MiniLM is 2.6x cheaper at the same CASE 2021 scores (bench/RESULTS.md, issue 15)
    encoder_dtype: str = "auto"

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            cache_dir=_default_cache_dir(),
            db_url=os.environ.get("FRONTWATCH_DB", "sqlite:///frontwatch.db"),
            torch_threads=_positive_int(os.environ.get("FRONTWATCH_TORCH_THREADS"), 1),
            max_article_chars=_positive_int(os.environ.get("FRONTWATCH_MAX_ARTICLE_CHARS"), 100_000),
            # checked where the encoder loads (classify.encoder_dtype), with a one-line error
            encoder_dtype=(os.environ.get("FRONTWATCH_ENCODER_DTYPE") or "auto").strip().lower(),
        )


def _positive_int(value: str | None, default: int) -> int:
    try:
        number = int(value) if value else default
    except ValueError:
        return default
    return number if number > 0 else default


def settings() -> Settings:
    return Settings.from_env()
