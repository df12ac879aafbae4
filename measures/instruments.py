"""PHQ-9 and GAD-7 as code: the standard published wording, answer scale, scoring and bands.

Both questionnaires were released by their publisher for use without charge. The wording below
is the standard English wording; do not edit it. Item 9 of the PHQ-9 is a flag for the safety
response, never a score of "risk".
"""

from __future__ import annotations

from dataclasses import dataclass

ANSWERS = [
    (0, "Not at all"),
    (1, "Several days"),
    (2, "More than half the days"),
    (3, "Nearly every day"),
]
STEM = "Over the last 2 weeks, how often have you been bothered by any of the following problems?"


@dataclass(frozen=True)
class Band:
    low: int
    high: int
    label: str


@dataclass(frozen=True)
class Instrument:
    code: str
    name: str
    short_name: str
    about: str
    items: tuple[str, ...]
    bands: tuple[Band, ...]

    @property
    def max_total(self) -> int:
        return 3 * len(self.items)

    def band_for(self, total: int) -> str:
        for band in self.bands:
            if band.low <= total <= band.high:
                return band.label
        raise ValueError(f"{total} is outside 0–{self.max_total}")


PHQ9 = Instrument(
    code="phq9",
    name="PHQ-9 (depression)",
    short_name="PHQ-9",
    about="Nine questions about mood over the last two weeks.",
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
    bands=(
        Band(0, 4, "Minimal"),
        Band(5, 9, "Mild"),
        Band(10, 14, "Moderate"),
        Band(15, 19, "Moderately severe"),
        Band(20, 27, "Severe"),
    ),
)

GAD7 = Instrument(
    code="gad7",
    name="GAD-7 (anxiety)",
    short_name="GAD-7",
    about="Seven questions about anxiety over the last two weeks.",
    items=(
        "Feeling nervous, anxious or on edge",
        "Not being able to stop or control worrying",
        "Worrying too much about different things",
        "Trouble relaxing",
        "Being so restless that it is hard to sit still",
        "Becoming easily annoyed or irritable",
        "Feeling afraid as if something awful might happen",
    ),
    bands=(
        Band(0, 4, "Minimal"),
        Band(5, 9, "Mild"),
        Band(10, 14, "Moderate"),
        Band(15, 21, "Severe"),
    ),
)

INSTRUMENTS = {PHQ9.code: PHQ9, GAD7.code: GAD7}
SAFETY_ITEM = 8  # index of PHQ-9 item 9
MEANINGFUL_CHANGE = {"phq9": 5}


def score_response(instrument: str, answers: list) -> dict:
    """Validate answers and return the fields of a Response. Raises ValueError when invalid."""
    spec = INSTRUMENTS.get(instrument)
    if spec is None:
        raise ValueError(f"Unknown questionnaire {instrument!r}")
    if not isinstance(answers, list) or len(answers) != len(spec.items):
        raise ValueError(f"{spec.short_name} has {len(spec.items)} answers")
    if any(isinstance(a, bool) or not isinstance(a, int) or not 0 <= a <= 3 for a in answers):
        raise ValueError("Each answer is a whole number from 0 to 3")
    total = sum(answers)
    return {
        "instrument": instrument,
        "answers": answers,
        "total": total,
        "band": spec.band_for(total),
        "item9_positive": instrument == PHQ9.code and answers[SAFETY_ITEM] > 0,
    }
