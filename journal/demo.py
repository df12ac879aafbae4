"""Demo journal for the demo patient: six sessions over ten weeks and the entries around them."""

import datetime as dt

from django.utils import timezone

from integration_journal.markdown import render_markdown
from intentions.models import Intention
from journal.models import Entry, Theme, TreatmentSession

SESSIONS = [  # days ago, kind, mood before, mood after
    (68, "iv", 2, 5),
    (61, "iv", 3, 6),
    (54, "iv", 3, 7),
    (40, "iv", 4, 7),
    (26, "im", 5, 8),
    (12, "im", 5, 8),
]

# (session index or None, days after that session (or days ago when None), phase, title, body,
#  emotions, insight, themes, intention indexes)
ENTRIES = [
    (
        0,
        -1,
        "preparation",
        "The night before",
        "Nervous. I keep reading about dissociation and wondering if I'll hate it.\n\n"
        "What I want: to feel *anything* other than flat.",
        ["anxious", "hopeful"],
        "",
        ["fear", "hope"],
        [0],
    ),
    (
        0,
        0,
        "after",
        "First session",
        "It felt like floating above a warm lake. Music was very loud and then very far away.\n\n"
        "I cried at one point and didn't know why.",
        ["tender", "confused"],
        "Crying without a reason was okay.",
        ["body", "grief"],
        [],
    ),
    (
        0,
        3,
        "integration",
        "Three days later",
        "Mornings are a little lighter? Hard to say. Made tea outside twice.",
        ["curious"],
        "Small changes count.",
        ["sleep", "nature"],
        [0],
    ),
    (
        1,
        0,
        "after",
        "Session 2: my father",
        "My father showed up. Not a memory exactly, more a feeling of his hands on the steering "
        "wheel on the drive to the lake.\n\n> You are allowed to miss him and be angry at him.",
        ["grieving", "loved"],
        "Missing and anger can live together.",
        ["grief", "my father"],
        [],
    ),
    (
        1,
        4,
        "integration",
        "Talked to my sister",
        "Called my sister and told her about the lake. She remembered the same drive.",
        ["connected", "grateful"],
        "",
        ["connection", "my father", "family"],
        [],
    ),
    (
        None,
        58,
        "free",
        "Bad Monday",
        "Work was too much. The old voice: *you can't do anything right*. I noticed it this time.",
        ["frustrated", "tired"],
        "Noticing is the first step.",
        ["work stress", "self-compassion"],
        [1],
    ),
    (
        2,
        -1,
        "preparation",
        "Before session 3",
        "Intention for tomorrow: look at the harsh voice with curiosity.",
        ["calm"],
        "",
        ["self-compassion"],
        [1],
    ),
    (
        2,
        0,
        "after",
        "Session 3",
        "Saw myself at about eight, sitting on the stairs. I wanted to sit next to him.\n\n"
        "- colours: deep blue, gold\n- sound: rain",
        ["tender", "peaceful"],
        "The harsh voice was never mine.",
        ["self-compassion", "childhood", "body"],
        [1],
    ),
    (
        2,
        5,
        "integration",
        "Guitar",
        "Restrung the guitar. Played for five minutes and stopped, but I played.",
        ["proud", "hopeful"],
        "",
        ["music", "creativity"],
        [2],
    ),
    (
        None,
        45,
        "free",
        "Walk in the woods",
        "Long walk with the dog. Noticed the light through the leaves for the first time "
        "in months.",
        ["peaceful", "grateful"],
        "",
        ["nature", "body"],
        [],
    ),
    (
        3,
        0,
        "after",
        "Session 4",
        "Less visual, more bodily. Warmth in my chest, then a heavy sadness, then relief.",
        ["sad", "relieved"],
        "Sadness passes through when I let it.",
        ["grief", "body"],
        [],
    ),
    (
        3,
        6,
        "integration",
        "Sleep is better",
        "Slept seven hours three nights in a row. Phone in the kitchen helps.",
        ["relieved"],
        "",
        ["sleep"],
        [0],
    ),
    (
        None,
        33,
        "free",
        "Integration circle",
        "Went to the clinic's integration circle. Others described the lake feeling too.",
        ["connected"],
        "I'm not the only one.",
        ["connection"],
        [],
    ),
    (
        4,
        -1,
        "preparation",
        "Before session 5 (IM)",
        "First IM session. A bit scared of the change. Bringing my playlist.",
        ["anxious"],
        "",
        ["fear", "music"],
        [],
    ),
    (
        4,
        0,
        "after",
        "Session 5",
        "Shorter and stronger. I heard my daughter laughing, and I laughed too.",
        ["joyful", "loved"],
        "",
        ["family", "hope"],
        [2],
    ),
    (
        4,
        3,
        "integration",
        "Played with my daughter",
        "We played her song together. She corrected my chords.",
        ["joyful", "proud"],
        "Playing badly together is the point.",
        ["music", "family", "connection"],
        [2],
    ),
    (
        None,
        18,
        "free",
        "A hard week",
        "Anniversary of Dad's death. Heavy, but I didn't disappear into it.",
        ["grieving"],
        "Grief feels different now, less like drowning.",
        ["grief", "my father"],
        [],
    ),
    (
        5,
        0,
        "after",
        "Session 6",
        "Quiet session. Mostly gratitude. Thought about the person who wrote the first entry here.",
        ["grateful", "peaceful"],
        "",
        ["hope", "self-compassion"],
        [0, 1],
    ),
    (
        5,
        4,
        "integration",
        "Looking back",
        "Reading the old entries. Mornings, the harsh voice, the guitar. All moved.\n\n"
        "Not fixed. **Moved.**",
        ["hopeful", "tender"],
        "Change is slower and realer than I thought.",
        ["hope", "self-compassion", "body"],
        [0, 1, 2],
    ),
    (
        0,
        0,
        "during",
        "Notes from the chair",
        "heavy arms. warm. the ceiling is breathing\n\n"
        "Dad's jacket, the brown one. smell of rain on it",
        ["calm", "tender"],
        "",
        ["body", "my father"],
        [],
    ),
    (
        2,
        0,
        "during",
        "Scribbled halfway",
        "Everything very far and very kind. I keep saying *it's okay* out loud.\n\n"
        "Green. Trees from the cabin when I was small.",
        ["peaceful", "loved"],
        "",
        ["nature", "self-compassion"],
        [],
    ),
    (
        3,
        -1,
        "preparation",
        "Before session 4",
        "Work has been loud this week. I want to leave the inbox at the door tomorrow.\n\n"
        "- phone off\n- Maya is coming with me\n- ask for the blanket",
        ["anxious", "hopeful"],
        "I am allowed to arrive tired.",
        ["work stress", "connection"],
        [0],
    ),
    (
        3,
        0,
        "during",
        "A few words",
        "Maya's hand. Counting breaths with her. Music like water.",
        ["connected", "calm"],
        "",
        ["connection", "music"],
        [],
    ),
    (
        None,
        30,
        "free",
        "Slept through",
        "Seven hours without waking for the first time in months. "
        "I walked to the river before work and noticed the herons.",
        ["relieved", "grateful"],
        "Sleep comes easier on days I've been outside.",
        ["sleep", "nature"],
        [1],
    ),
    (
        4,
        -1,
        "preparation",
        "The evening before",
        "Less fear this time. More curiosity. I'd like to meet the part of me that keeps "
        "apologising and ask what it needs.",
        ["curious", "hopeful"],
        "",
        ["self-compassion"],
        [0],
    ),
    (
        None,
        8,
        "free",
        "Busy week",
        "Deadlines again and the old tightness in my chest. I took ten minutes in the "
        "stairwell to breathe instead of pushing through. Small, but I did it.",
        ["overwhelmed", "proud"],
        "Ten minutes is enough to change the day's direction.",
        ["work stress", "body"],
        [2],
    ),
]


def seed(people) -> None:
    patient = people.patient
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    intentions = list(Intention.objects.for_owner(patient).order_by("order"))
    sessions = []
    for number, (days_ago, kind, before, after) in enumerate(SESSIONS, start=1):
        session = TreatmentSession.objects.create(
            owner=patient,
            number=number,
            kind=kind,
            date=now - dt.timedelta(days=days_ago, hours=4),
            setting="Riverside clinic, room 2",
            support_person_present=number in (1, 4),
            mood_before=before,
            mood_after=after,
        )
        if intentions:
            session.intentions.set(intentions[: 1 + number % 2])
        sessions.append(session)
    # The next session is already booked, so the home page can show it.
    upcoming = TreatmentSession.objects.create(
        owner=patient,
        number=len(SESSIONS) + 1,
        kind="im",
        date=now + dt.timedelta(days=9, hours=-4),
        setting="Riverside clinic, room 2",
    )
    if intentions:
        upcoming.intentions.set(intentions[:1])
    for index, offset, phase, title, body, emotions, insight, themes, links in ENTRIES:
        session = sessions[index] if index is not None else None
        created = (
            (session.date + dt.timedelta(days=offset, hours=3 if phase != "during" else 0.5))
            if session
            else (now - dt.timedelta(days=offset))
        )
        entry = Entry.objects.create(
            owner=patient,
            session=session,
            phase=phase,
            title=title,
            body=body,
            body_html=render_markdown(body),
            emotions=emotions,
            insight=insight,
            created=created,
            happened_at=created,
            updated=created,
        )
        entry.themes.set(Theme.objects.get_or_create_named(patient, themes))
        entry.intentions.set([intentions[i] for i in links if i < len(intentions)])
