"""The progress report's content: a pure function of (viewer, patient, scope).

Everything a non-owner may include is decided by care.access: a therapist gets only what is shared
with them; a clinic admin only the intentions and sessions the patient shared with their clinic's
therapists (never entries, so no themes either), and only with consent to clinic reports. The
same context feeds the HTML preview and the PDF.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field, replace

from django.db.models import Avg, Count, Prefetch
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from care import access
from care.models import CareLink, SupportNote
from intentions.models import Action
from journal import themes as patterns
from journal.models import Theme
from measures.charts import questionnaire_chart
from measures.instruments import INSTRUMENTS
from practices.catalogue import practice_label
from practices.charts import mood_chart
from practices.models import CheckIn, PracticeLog

SECTIONS = {
    "intentions": gettext_lazy("Intentions"),
    "sessions": gettext_lazy("Sessions"),
    "themes": gettext_lazy("Themes"),
    "measures": gettext_lazy("Questionnaires"),
    "practices": gettext_lazy("Practices and check-ins"),
    "support_notes": gettext_lazy("Notes from a support person"),
    "entries": gettext_lazy("Selected entries"),
}


SELECTABLE_ENTRIES = 150

# Notes from a support person are kept by the patient in their own journal; they are never
# shared with anyone (there is no Share for them), so only the patient's own report holds them.
OWNER_ONLY_SECTIONS = ("support_notes",)
SHARED_SECTIONS = tuple(s for s in SECTIONS if s not in OWNER_ONLY_SECTIONS)
# Clinic staff outside the care team get no entries from care.access, so no section made of them.
ENTRY_SECTIONS = ("themes", "entries")
CLINIC_SECTIONS = tuple(s for s in SHARED_SECTIONS if s not in ENTRY_SECTIONS)


@dataclass(frozen=True)
class Scope:
    start: dt.date
    end: dt.date
    entry_ids: tuple[str, ...] = ()
    sections: tuple[str, ...] = tuple(SECTIONS)

    def as_json(self) -> dict:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "entry_ids": list(self.entry_ids),
            "sections": list(self.sections),
        }

    @classmethod
    def from_json(cls, data: dict) -> Scope:
        return cls(
            start=dt.date.fromisoformat(data["start"]),
            end=dt.date.fromisoformat(data["end"]),
            entry_ids=tuple(data.get("entry_ids", ())),
            sections=tuple(s for s in data.get("sections", SECTIONS) if s in SECTIONS),
        )


@dataclass
class ProgressReport:
    patient: object
    viewer: object
    scope: Scope
    clinic_names: list[str]
    generated: dt.datetime
    sections: dict = field(default_factory=dict)

    @property
    def title(self) -> str:
        name = self.patient.display_name or self.patient.email
        return _("Progress summary: {name}, {start} – {end}").format(
            name=name,
            start=date_format(self.scope.start, "M j, Y"),
            end=date_format(self.scope.end, "M j, Y"),
        )


def visible_items(viewer, patient) -> dict:
    """Entries, intentions and sessions the viewer may put in a report of this patient's."""
    if viewer.pk == patient.pk or access.is_care_team_member(viewer, patient):
        return {
            "entries": access.visible_entries(viewer, patient),
            "intentions": access.visible_intentions(viewer, patient),
            "sessions": access.visible_sessions(viewer, patient),
        }
    return access.clinic_report_items(viewer, patient)


def report_sections(viewer, patient) -> tuple[str, ...]:
    """The sections a report by `viewer` of `patient` may hold (the form offers only these)."""
    if viewer.pk == patient.pk:
        return tuple(SECTIONS)
    if access.is_care_team_member(viewer, patient):
        return SHARED_SECTIONS
    return CLINIC_SECTIONS


def may_include(viewer, patient, what: str) -> bool:
    """Measures and check-ins: owner; care-team therapist with the patient's opt-in; clinic
    admin with consent to reports and the opt-in at that clinic."""
    if viewer.pk == patient.pk:
        return True
    field_name = "share_measures" if what == "measures" else "share_checkins"
    if access.is_care_team_member(viewer, patient):
        return (
            access.can_see_measures(viewer, patient)
            if what == "measures"
            else access.can_see_checkins(viewer, patient)
        )
    return access.clinic_consents(viewer, patient, field_name)


def _range(scope: Scope) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(scope.start, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(scope.end, dt.time.max, tzinfo=tz)
    return start, end


def build_progress(*, viewer, patient, scope: Scope) -> ProgressReport:
    items = visible_items(viewer, patient)
    allowed = report_sections(viewer, patient)
    # A stored scope may name sections this viewer may not (or no longer) include.
    scope = replace(scope, sections=tuple(s for s in scope.sections if s in allowed))
    start, end = _range(scope)
    report = ProgressReport(
        patient=patient,
        viewer=viewer,
        scope=scope,
        clinic_names=list(
            CareLink.objects.filter(patient=patient).values_list("clinic__name", flat=True)
        ),
        generated=timezone.now(),
    )
    entries_in_range = items["entries"].filter(happened_at__range=(start, end))
    sessions = list(items["sessions"].filter(date__range=(start, end)).order_by("date"))

    if "intentions" in scope.sections:
        actions = Action.objects.order_by("order", "created")
        report.sections["intentions"] = list(
            items["intentions"]
            .prefetch_related(Prefetch("actions", queryset=actions), "reviews")
            .order_by("status", "order")
        )
    if "sessions" in scope.sections:
        report.sections["sessions"] = sessions
    if "themes" in scope.sections:
        summary = patterns.theme_summary(entries_in_range)
        report.sections["themes"] = {
            "summary": summary[:10],
            "grid": patterns.recurrence_grid(entries_in_range, summary=summary, owner=patient),
        }
    if "measures" in scope.sections and may_include(viewer, patient, "measures"):
        responses = access.report_responses(viewer, patient)
        report.sections["measures"] = _measures(responses, start, end, sessions)
    if "practices" in scope.sections and may_include(viewer, patient, "checkins"):
        report.sections["practices"] = _practices(patient, scope, sessions)
    if "support_notes" in scope.sections:
        notes = SupportNote.objects.filter(
            invite__patient=patient,
            status=SupportNote.Status.KEPT,
            invite__session__in=[s.pk for s in sessions],
        ).select_related("author", "invite__session")
        report.sections["support_notes"] = list(notes.order_by("created"))
    if "entries" in scope.sections and scope.entry_ids:
        report.sections["entries"] = list(
            entries_in_range.filter(pk__in=scope.entry_ids)
            .select_related("session")
            .prefetch_related(
                Prefetch("themes", queryset=Theme.objects.order_by("name")), "attachments"
            )
            .order_by("happened_at", "pk")
        )
    return report


def _measures(responses, start, end, sessions) -> list[dict]:
    """`responses`: the patient's results this viewer's report may hold (care.access)."""
    responses = list(responses.filter(created__range=(start, end)).order_by("created"))
    result = []
    for code, spec in INSTRUMENTS.items():
        rows = [r for r in responses if r.instrument == code]
        if rows:
            result.append(
                {
                    "spec": spec,
                    "chart": questionnaire_chart(spec, rows, sessions=sessions),
                    "count": len(rows),  # one answer is worded as one, not as a change of 0
                    "first": rows[0],
                    "last": rows[-1],
                    "change": rows[-1].score - rows[0].score,
                    "flags": sum(1 for r in rows if r.item9_positive),
                }
            )
    return result


def _practices(patient, scope: Scope, sessions) -> dict:
    check_ins = CheckIn.objects.filter(owner=patient, date__range=(scope.start, scope.end))
    counts = (
        PracticeLog.objects.filter(check_in__in=check_ins)
        .values("practice__name")
        .annotate(days=Count("id"))
        .order_by("-days", "practice__name")
    )
    averages = check_ins.aggregate(mood=Avg("mood"), sleep=Avg("sleep_hours"), days=Count("id"))
    moods = list(check_ins.exclude(mood=None).order_by("date").values_list("date", "mood"))
    chart = mood_chart(moods, title=_("Daily mood"), sessions=sessions)
    counts = [{**row, "practice__name": practice_label(row["practice__name"])} for row in counts]
    return {"counts": counts, "averages": averages, "mood_chart": chart}


def selectable_entries(viewer, patient, *, limit: int = SELECTABLE_ENTRIES, chosen=()):
    """Entries the viewer may choose from when putting a report together: the newest `limit`,
    and any of `chosen` (the keys a sent form ticked) the viewer may include, so an entry
    ticked before newer ones were written is still a valid choice."""
    entries = visible_items(viewer, patient)["entries"].select_related("session")
    newest = list(entries.order_by("-happened_at", "-pk")[:limit])
    shown = {str(entry.pk) for entry in newest}
    keys = [key for key in chosen if key not in shown and _is_uuid(key)][:limit]
    return (
        newest + list(entries.filter(pk__in=keys).order_by("-happened_at", "-pk"))
        if keys
        else newest
    )


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except (TypeError, ValueError):
        return False
    return True
