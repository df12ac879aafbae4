"""The clinic's list of integration practices, in the product's own words."""

from django.utils.translation import gettext, gettext_noop

CATALOGUE = [
    (
        "meditation",
        gettext_noop("Mindfulness and meditation"),
        gettext_noop("Sitting quietly with the breath, a body scan, or a guided recording."),
    ),
    (
        "journaling",
        gettext_noop("Journaling, stories or poems"),
        gettext_noop("Putting what you notice into words, in any form."),
    ),
    (
        "loved-one",
        gettext_noop("Time with someone you love"),
        gettext_noop("Unhurried time with a partner, friend or family member."),
    ),
    (
        "art",
        gettext_noop("Art"),
        gettext_noop("Drawing, painting, clay, collage: making something with your hands."),
    ),
    (
        "music",
        gettext_noop("Music"),
        gettext_noop("Listening closely, singing, or playing an instrument."),
    ),
    (
        "nature",
        gettext_noop("Time in nature"),
        gettext_noop("A walk in the park, the woods, by water, or simply sitting outside."),
    ),
    (
        "spiritual",
        gettext_noop("Religious or spiritual practice"),
        gettext_noop("Prayer, ritual, services or study that matter to you."),
    ),
    (
        "movement",
        gettext_noop("Yoga or exercise"),
        gettext_noop("Moving your body in a way that feels good: yoga, walking, sport."),
    ),
    (
        "volunteering",
        gettext_noop("Volunteering"),
        gettext_noop("Giving time to a cause or to people who need it."),
    ),
    (
        "pet",
        gettext_noop("Time with an animal"),
        gettext_noop("Walking, playing with or caring for a pet."),
    ),
    (
        "sleep",
        gettext_noop("Sleep routine"),
        gettext_noop("Regular times, a wind-down hour, screens away from the bed."),
    ),
    (
        "food",
        gettext_noop("Nourishing food"),
        gettext_noop("Regular, balanced meals, and noticing how food makes you feel."),
    ),
    (
        "stress",
        gettext_noop("Stress management"),
        gettext_noop("Breathing exercises, boundaries, breaks: whatever lowers the load."),
    ),
    (
        "support-group",
        gettext_noop("Support group or integration circle"),
        gettext_noop("Time with peers who have been through treatment too."),
    ),
]

CATALOGUE_NAMES = frozenset(name for _, name, _ in CATALOGUE)


def practice_label(name: str) -> str:
    """A practice's name in the reader's language: the catalogue's are translated, a person's
    own practices are shown as they wrote them."""
    return gettext(name) if name in CATALOGUE_NAMES else name


def ensure_catalogue(Practice=None) -> dict:
    """Create any missing catalogue practices; return them by key. Used by the data migration
    (with the historical model) and wherever code needs a catalogue practice to exist."""
    if Practice is None:
        from practices.models import Practice
    existing = {
        p.key: p for p in Practice.objects.filter(owner=None, key__in=[k for k, *_ in CATALOGUE])
    }
    for order, (key, name, description) in enumerate(CATALOGUE):
        if key not in existing:
            existing[key], _ = Practice.objects.get_or_create(
                owner=None,
                name=name,
                defaults={"key": key, "description": description, "order": order},
            )
    return existing
