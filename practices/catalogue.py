"""The clinic's list of integration practices, in the product's own words."""

CATALOGUE = [
    (
        "meditation",
        "Mindfulness and meditation",
        "Sitting quietly with the breath, a body scan, or a guided recording.",
    ),
    (
        "journaling",
        "Journaling, stories or poems",
        "Putting what you notice into words, in any form.",
    ),
    (
        "loved-one",
        "Time with someone you love",
        "Unhurried time with a partner, friend or family member.",
    ),
    ("art", "Art", "Drawing, painting, clay, collage: making something with your hands."),
    ("music", "Music", "Listening closely, singing, or playing an instrument."),
    (
        "nature",
        "Time in nature",
        "A walk in the park, the woods, by water, or simply sitting outside.",
    ),
    (
        "spiritual",
        "Religious or spiritual practice",
        "Prayer, ritual, services or study that matter to you.",
    ),
    (
        "movement",
        "Yoga or exercise",
        "Moving your body in a way that feels good: yoga, walking, sport.",
    ),
    ("volunteering", "Volunteering", "Giving time to a cause or to people who need it."),
    ("pet", "Time with an animal", "Walking, playing with or caring for a pet."),
    ("sleep", "Sleep routine", "Regular times, a wind-down hour, screens away from the bed."),
    ("food", "Nourishing food", "Regular, balanced meals, and noticing how food makes you feel."),
    (
        "stress",
        "Stress management",
        "Breathing exercises, boundaries, breaks: whatever lowers the load.",
    ),
    (
        "support-group",
        "Support group or integration circle",
        "Time with peers who have been through treatment too.",
    ),
]


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
