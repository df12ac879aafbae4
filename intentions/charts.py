"""The intention progress chart."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _

from integration_journal.charts import Chart, Series, line_chart


def progress_chart(intention, reviews: Sequence) -> Chart:
    """The progress (0–10) of each review of an intention."""
    return line_chart(
        [Series(_("Progress"), [(r.created, r.progress) for r in reviews])],
        y_min=0,
        y_max=10,
        title=_("Progress on “{title}”").format(title=intention.title),
        y_step=2,
    )
