"""One event from many reports: incremental same-event linking and the merged view.

``link`` decides, for a new report, which stored event (if any) it joins and why;
``merge`` rebuilds an event's fields from all its reports; ``conflicts_of`` lists where the
reports' attributed claims disagree. Pure functions over the data model.
"""

from __future__ import annotations

from frontwatch.cluster.conflicts import conflicts_of
from frontwatch.cluster.link import LinkDecision, link
from frontwatch.cluster.merge import event_id_for, merge

__all__ = ["LinkDecision", "conflicts_of", "event_id_for", "link", "merge"]
