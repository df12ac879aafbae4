"""Practice and check-in numbers, shared by the practices pages, the therapist's view and
reports. Each is computed with a fixed number of queries."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from journal.models import TreatmentSession
from practices.catalogue import practice_label
from practices.charts import mood_chart, sleep_chart
from practices.models import CheckIn, PracticeLog

HEATMAP_WEEKS = 12
TREND_DAYS = 90


def heat_map(user, *, today: dt.date, weeks: int = HEATMAP_WEEKS) -> dict:
    """Days with practices over the last `weeks` weeks, as weeks × weekdays (one query)."""
    start = today - dt.timedelta(days=today.weekday() + 7 * (weeks - 1))
    counts = dict(
        PracticeLog.objects.filter(check_in__owner=user, check_in__date__gte=start)
        .values_list("check_in__date")
        .annotate(n=Count("id"))
    )
    top = max(counts.values(), default=0)
    columns = []
    for week in range(weeks):
        days = []
        for weekday in range(7):
            day = start + dt.timedelta(days=7 * week + weekday)
            count = counts.get(day, 0)
            level = 0 if not count else max(1, min(4, round(4 * count / max(top, 1))))
            days.append({"date": day, "count": count, "level": level, "future": day > today})
        columns.append(days)
    rows = [[columns[w][d] for w in range(weeks)] for d in range(7)]
    return {
        "rows": rows,
        "weekdays": ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
        "week_starts": [columns[w][0]["date"] for w in range(weeks)],
        "active_days": sum(1 for c in counts.values() if c),
    }


def practice_counts(user, *, today: dt.date) -> list[dict]:
    """Per practice: days done in the last 7, 30 and 90 days (one aggregated query)."""
    windows = {n: today - dt.timedelta(days=n - 1) for n in (7, 30, 90)}
    rows = (
        PracticeLog.objects.filter(check_in__owner=user, check_in__date__gte=windows[90])
        .values("practice__name")
        .annotate(
            **{
                f"d{n}": Count("id", filter=Q(check_in__date__gte=start))
                for n, start in windows.items()
            }
        )
        .order_by("-d30", "practice__name")
    )
    return [{**row, "practice__name": practice_label(row["practice__name"])} for row in rows]


def mood_sleep_charts(user, *, today: dt.date, sessions=None):
    """The last 90 days of mood and sleep, marked with `sessions` (a queryset of the user's
    sessions the viewer may see; all of them when None)."""
    start = today - dt.timedelta(days=TREND_DAYS)
    check_ins = list(
        CheckIn.objects.for_owner(user)
        .filter(date__gte=start)
        .order_by("date")
        .values("date", "mood", "sleep_hours")
    )
    if sessions is None:
        sessions = TreatmentSession.objects.for_owner(user)
    # From the start of that day where the viewer is (the current time zone): a range on the
    # sessions' (owner, date) index, where `date__date` would convert every session's date first.
    since = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    sessions = list(sessions.filter(date__gte=since))
    moods = [(c["date"], c["mood"]) for c in check_ins if c["mood"] is not None]
    slept = [(c["date"], c["sleep_hours"]) for c in check_ins if c["sleep_hours"] is not None]
    return (
        mood_chart(moods, title=_("Mood over the last 90 days"), sessions=sessions),
        sleep_chart(slept, title=_("Sleep over the last 90 days"), sessions=sessions),
    )
