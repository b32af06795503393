"""Event dates relative to the publication date, with ACLED's time_precision.

Pure regular expressions over one sentence at a time (no spaCy), so it can run on every
sentence. The rule tables are in ``absolute`` (calendar days, ranges, months, years) and
``relative`` (weekdays, "yesterday", "last week", "three days ago"); ``find`` picks the
longest non-overlapping phrases, reads future cues and resolves them; ``dateline`` reads an
article's own date stamp.

Coding follows acled-facts.md section 4: precision 1 is one day; 2 a week-like span
(at most eight days) coded to its middle; 3 a month (the 15th, or the first/last day for
"early"/"late") or any longer window. Windows wider than a month ("last year") keep
precision 3 and are flagged by ``vaguer_than_acled``.

Future dates (plans, deadlines, "next week", any day after publication) are never event
dates: ``find_dates`` leaves them out and ``find_future_dates`` returns them;
``find_date_matches`` returns both with a ``future`` flag.
"""

from frontwatch.dates.dateline import dateline_date, opens_dateline
from frontwatch.dates.find import (
    DateMatch,
    find_date_matches,
    find_dates,
    find_future_dates,
    future_cue,
    vaguer_than_acled,
)

__all__ = [
    "DateMatch",
    "dateline_date",
    "opens_dateline",
    "find_date_matches",
    "find_dates",
    "find_future_dates",
    "future_cue",
    "vaguer_than_acled",
]
