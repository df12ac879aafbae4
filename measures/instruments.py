"""The questionnaires as code: the standard published wording, answer scales, scoring and bands.

One `Instrument` describes each questionnaire: its answer scale (one scale for every item, or
per-item anchors for 0–10 ratings), how it is scored (the total of the answers, or their mean),
its severity bands (optional), a provisional threshold (optional) and the recall period in the
stem. The wording below is the standard English wording; do not edit it.

- PHQ-9 and GAD-7 (Spitzer, Kroenke, Williams et al.): released by their publisher for use
  without charge. Item 9 of the PHQ-9 is a flag for the safety response, never a score of "risk".
- PCL-5, the PTSD Checklist for DSM-5 (Weathers, Litz, Keane, Palmieri, Marx & Schnurr, 2013,
  US Department of Veterans Affairs, National Center for PTSD, www.ptsd.va.gov): public domain.
  Twenty items, 0 "Not at all" to 4 "Extremely", past month, total 0–80. It has no severity
  bands; studies suggest a provisional cut-off between 31 and 33 (Forkus et al., 2022, a
  systematic review), which the app draws as a line at 33 and never calls a diagnosis.
- PEG (Krebs, Lorenz, Bair et al., "Development and initial validation of the PEG, a three-item
  scale assessing pain intensity and interference", J Gen Intern Med 2009;24(6):733–738,
  doi:10.1007/s11606-009-0981-1): free to use. Three 0–10 ratings of the past week; the score
  is their mean (0–10, one decimal). No bands; a change of about 30 % reads as meaningful.

Languages: the wording of a questionnaire is never translated by us. An instrument may carry a
publisher's own translation (`published`: PHQ-9 and GAD-7 in the official Spanish for the USA,
sources in docs/i18n.md); otherwise it is shown in its English wording under any interface
language, and the page says so (`Instrument.wording`). Names, descriptions and band names are
the app's words and are translated as usual; band names are stored in English (`Response.band`)
and translated where shown.

Every response stores the total of its answers (for the PEG 0–30); the PEG's mean is derived
from it (`Instrument.score`), so totals stay whole numbers and the database checks one range
per questionnaire.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext_lazy as _

FREQUENCY = (
    (0, "Not at all"),
    (1, "Several days"),
    (2, "More than half the days"),
    (3, "Nearly every day"),
)
# The answer scale of the publisher's Spanish PHQ-9 and GAD-7 (same values).
SPANISH_FREQUENCY = (
    (0, "Ningún día"),
    (1, "Varios días"),
    (2, "Más de la mitad de los días"),
    (3, "Casi todos los días"),
)
INTENSITY = (
    (0, "Not at all"),
    (1, "A little bit"),
    (2, "Moderately"),
    (3, "Quite a bit"),
    (4, "Extremely"),
)
TWO_WEEKS = (
    "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
)
PAST_MONTH = "In the past month, how much were you bothered by:"
PAST_WEEK = "Please choose the one number that best describes your pain over the past week."

# Kept for callers that know only the PHQ-9 and GAD-7 scale.
ANSWERS = list(FREQUENCY)
STEM = TWO_WEEKS

TOTAL, MEAN = "total", "mean"


@dataclass(frozen=True)
class Band:
    low: int
    high: int
    label: str


@dataclass(frozen=True)
class Threshold:
    """A provisional cut-off: drawn as a line on the chart, never a band or a diagnosis."""

    value: int
    label: str
    explanation: str


@dataclass(frozen=True)
class Anchors:
    """The words at both ends of a 0–10 rating."""

    low: str
    high: str


@dataclass(frozen=True)
class Wording:
    """What a person reads and answers: the stem, the items and the answer scale, in one
    language. Only a publisher's own wording, never a translation of ours."""

    language: str
    stem: str
    items: tuple[str, ...]
    answers: tuple[tuple[int, str], ...] = ()
    instructions: str = ""
    anchors: tuple[Anchors, ...] = ()
    source: str = ""


@dataclass(frozen=True)
class Instrument:
    code: str
    name: str
    short_name: str
    about: str
    stem: str
    items: tuple[str, ...]
    # One answer scale for every item; or, for 0–10 ratings, `anchors` per item.
    answers: tuple[tuple[int, str], ...] = FREQUENCY
    anchors: tuple[Anchors, ...] = ()
    scoring: str = TOTAL
    bands: tuple[Band, ...] = ()
    threshold: Threshold | None = None
    # How much change is commonly read as meaningful, in words and (for totals) in points.
    meaningful_points: int | None = None
    meaningful_words: str = ""
    instructions: str = ""
    # The publisher's translations (never ours), by language code.
    published: tuple[Wording, ...] = ()

    def wording(self, language: str | None = None) -> Wording:
        """The wording to show in `language` (default: the active one): the publisher's
        translation if there is one, else the English original (then `.language` is "en")."""
        code = (language or get_language() or "en").split("-")[0].lower()
        for wording in self.published:
            if wording.language == code:
                return wording
        return Wording(
            language="en",
            stem=self.stem,
            items=self.items,
            answers=self.answers,
            instructions=self.instructions,
            anchors=self.anchors,
        )

    @property
    def item_max(self) -> int:
        if self.anchors:
            return 10
        return max(value for value, _ in self.answers)

    @property
    def max_total(self) -> int:
        return self.item_max * len(self.items)

    @property
    def max_score(self) -> int:
        """The top of the scale the score is read on (the PEG's mean: 10)."""
        return self.item_max if self.scoring == MEAN else self.max_total

    def item_choices(self, index: int) -> list[tuple[int, str]]:
        """The choices for one item: the shared scale, or the numbers 0–10 (the page shows
        the item's anchors beside them)."""
        if not self.anchors:
            return list(self.answers)
        return [(n, str(n)) for n in range(11)]

    def score(self, total: int) -> Decimal | int:
        """The score read from a stored total: the total itself, or the mean to one decimal."""
        if self.scoring == MEAN:
            mean = Decimal(total) / len(self.items)
            return mean.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        return total

    def band_for(self, total: int) -> str:
        if not 0 <= total <= self.max_total:
            raise ValueError(f"{total} is outside 0–{self.max_total}")
        for band in self.bands:
            if band.low <= total <= band.high:
                return band.label
        if self.bands:
            raise ValueError(f"{total} has no band")
        return ""


PHQ9 = Instrument(
    code="phq9",
    name=_("PHQ-9 (depression)"),
    short_name="PHQ-9",
    about=_("Nine questions about mood over the last two weeks."),
    stem=TWO_WEEKS,
    items=(
        "Little interest or pleasure in doing things",
        "Feeling down, depressed, or hopeless",
        "Trouble falling or staying asleep, or sleeping too much",
        "Feeling tired or having little energy",
        "Poor appetite or overeating",
        "Feeling bad about yourself — or that you are a failure or have let yourself or your "
        "family down",
        "Trouble concentrating on things, such as reading the newspaper or watching television",
        "Moving or speaking so slowly that other people could have noticed? Or the opposite — "
        "being so fidgety or restless that you have been moving around a lot more than usual",
        "Thoughts that you would be better off dead or of hurting yourself in some way",
    ),
    # PHQ Screeners (Pfizer), "PHQ-9 Spanish for the USA": docs/i18n.md gives the source.
    published=(
        Wording(
            language="es",
            stem="Durante las últimas 2 semanas, ¿qué tan seguido ha tenido molestias debido a "
            "los siguientes problemas?",
            items=(
                "Poco interés o placer en hacer cosas",
                "Se ha sentido decaído(a), deprimido(a) o sin esperanzas",
                "Ha tenido dificultad para quedarse o permanecer dormido(a), o ha dormido "
                "demasiado",
                "Se ha sentido cansado(a) o con poca energía",
                "Sin apetito o ha comido en exceso",
                "Se ha sentido mal con usted mismo(a) – o que es un fracaso o que ha quedado mal "
                "con usted mismo(a) o con su familia",
                "Ha tenido dificultad para concentrarse en ciertas actividades, tales como leer el "
                "periódico o ver la televisión",
                "¿Se ha movido o hablado tan lento que otras personas podrían haberlo notado? o "
                "lo contrario – muy inquieto(a) o agitado(a) que ha estado moviéndose mucho más "
                "de lo normal",
                "Pensamientos de que estaría mejor muerto(a) o de lastimarse de alguna manera",
            ),
            answers=SPANISH_FREQUENCY,
            source="PHQ Screeners, PHQ-9 Spanish for the USA (Pfizer Inc.)",
        ),
    ),
    bands=(
        Band(0, 4, gettext_noop("Minimal")),
        Band(5, 9, gettext_noop("Mild")),
        Band(10, 14, gettext_noop("Moderate")),
        Band(15, 19, gettext_noop("Moderately severe")),
        Band(20, 27, gettext_noop("Severe")),
    ),
    meaningful_points=5,
    meaningful_words=_("A change of 5 or more points is often considered meaningful."),
)

GAD7 = Instrument(
    code="gad7",
    name=_("GAD-7 (anxiety)"),
    short_name="GAD-7",
    about=_("Seven questions about anxiety over the last two weeks."),
    stem=TWO_WEEKS,
    items=(
        "Feeling nervous, anxious or on edge",
        "Not being able to stop or control worrying",
        "Worrying too much about different things",
        "Trouble relaxing",
        "Being so restless that it is hard to sit still",
        "Becoming easily annoyed or irritable",
        "Feeling afraid as if something awful might happen",
    ),
    # PHQ Screeners (Pfizer), "GAD-7 Spanish for the USA": docs/i18n.md gives the source.
    published=(
        Wording(
            language="es",
            stem="Durante las últimas 2 semanas, ¿qué tan seguido ha tenido molestias debido a "
            "los siguientes problemas?",
            items=(
                "Se ha sentido nervioso(a), ansioso(a) o con los nervios de punta",
                "No ha sido capaz de parar o controlar su preocupación",
                "Se ha preocupado demasiado por motivos diferentes",
                "Ha tenido dificultad para relajarse",
                "Se ha sentido tan inquieto(a) que no ha podido quedarse quieto(a)",
                "Se ha molestado o irritado fácilmente",
                "Ha tenido miedo de que algo terrible fuera a pasar",
            ),
            answers=SPANISH_FREQUENCY,
            source="PHQ Screeners, GAD-7 Spanish for the USA (Pfizer Inc.)",
        ),
    ),
    bands=(
        Band(0, 4, gettext_noop("Minimal")),
        Band(5, 9, gettext_noop("Mild")),
        Band(10, 14, gettext_noop("Moderate")),
        Band(15, 21, gettext_noop("Severe")),
    ),
)

PCL5 = Instrument(
    code="pcl5",
    name=_("PCL-5 (post-traumatic stress)"),
    short_name="PCL-5",
    about=_(
        "Twenty questions about reactions to a very stressful experience, over the past month."
    ),
    instructions=(
        "Below is a list of problems that people sometimes have in response to a very stressful "
        "experience. Please read each problem carefully and then choose one of the answers to "
        "indicate how much you have been bothered by that problem in the past month."
    ),
    stem=PAST_MONTH,
    answers=INTENSITY,
    items=(
        "Repeated, disturbing, and unwanted memories of the stressful experience?",
        "Repeated, disturbing dreams of the stressful experience?",
        "Suddenly feeling or acting as if the stressful experience were actually happening again "
        "(as if you were actually back there reliving it)?",
        "Feeling very upset when something reminded you of the stressful experience?",
        "Having strong physical reactions when something reminded you of the stressful "
        "experience (for example, heart pounding, trouble breathing, sweating)?",
        "Avoiding memories, thoughts, or feelings related to the stressful experience?",
        "Avoiding external reminders of the stressful experience (for example, people, places, "
        "conversations, activities, objects, or situations)?",
        "Trouble remembering important parts of the stressful experience?",
        "Having strong negative beliefs about yourself, other people, or the world (for "
        "example, having thoughts such as: I am bad, there is something seriously wrong with "
        "me, no one can be trusted, the world is completely dangerous)?",
        "Blaming yourself or someone else for the stressful experience or what happened after it?",
        "Having strong negative feelings such as fear, horror, anger, guilt, or shame?",
        "Loss of interest in activities that you used to enjoy?",
        "Feeling distant or cut off from other people?",
        "Trouble experiencing positive feelings (for example, being unable to feel happiness or "
        "have loving feelings for people close to you)?",
        "Irritable behavior, angry outbursts, or acting aggressively?",
        "Taking too many risks or doing things that could cause you harm?",
        'Being "superalert" or watchful or on guard?',
        "Feeling jumpy or easily startled?",
        "Having difficulty concentrating?",
        "Trouble falling or staying asleep?",
    ),
    threshold=Threshold(
        33,
        _("Provisional threshold (33)"),
        _(
            "Studies suggest that a total around 31–33 or higher is worth talking over with a "
            "clinician. It is a provisional threshold, not a diagnosis."
        ),
    ),
)

PEG = Instrument(
    code="peg",
    name=_("PEG (pain)"),
    short_name="PEG",
    about=_("Three questions about pain and how it got in the way, over the past week."),
    stem=PAST_WEEK,
    items=(
        "What number best describes your pain on average in the past week?",
        "What number best describes how, during the past week, pain has interfered with your "
        "enjoyment of life?",
        "What number best describes how, during the past week, pain has interfered with your "
        "general activity?",
    ),
    anchors=(
        Anchors("No pain", "Pain as bad as you can imagine"),
        Anchors("Does not interfere", "Completely interferes"),
        Anchors("Does not interfere", "Completely interferes"),
    ),
    scoring=MEAN,
    meaningful_words=_("A change of about 30 % is often considered meaningful."),
)

INSTRUMENTS = {spec.code: spec for spec in (PHQ9, GAD7, PCL5, PEG)}
DEFAULT_TRACKED = (PHQ9.code, GAD7.code)
SAFETY_ITEM = 8  # index of PHQ-9 item 9
MEANINGFUL_CHANGE = {
    code: spec.meaningful_points for code, spec in INSTRUMENTS.items() if spec.meaningful_points
}


def score_response(instrument: str, answers: list) -> dict:
    """Validate answers and return the fields of a Response. Raises ValueError when invalid."""
    spec = INSTRUMENTS.get(instrument)
    if spec is None:
        raise ValueError(f"Unknown questionnaire {instrument!r}")
    if not isinstance(answers, list) or len(answers) != len(spec.items):
        raise ValueError(f"{spec.short_name} has {len(spec.items)} answers")
    top = spec.item_max
    if any(isinstance(a, bool) or not isinstance(a, int) or not 0 <= a <= top for a in answers):
        raise ValueError(f"Each answer is a whole number from 0 to {top}")
    total = sum(answers)
    return {
        "instrument": instrument,
        "answers": answers,
        "total": total,
        "band": spec.band_for(total),
        "item9_positive": instrument == PHQ9.code and answers[SAFETY_ITEM] > 0,
    }
