"""Demo intentions for the demo patient, with steps and reviews spread over recent weeks."""

import datetime as dt

from django.utils import timezone

from integration_journal.markdown import render_markdown
from intentions.models import Action, Intention, Review

INTENTIONS = [
    {
        "title": "Wake up without dread",
        "success_looks_like": "Most mornings I get out of bed within ten minutes, make tea, and "
        "the first thought of the day is about the day, not about everything that could go wrong.",
        "troubles_most": "The heavy first hour. I lie there running through every worry and the "
        "whole day feels lost before it starts.",
        "replace_with": "A slow, ordinary start: light, tea, a few minutes outside.",
        "why_it_matters": "Mornings decide the rest of my day, and my partner has been carrying "
        "them for both of us.",
        "actions": [
            ("Open the curtains as soon as I wake", True),
            ("Tea on the back step", True),
            ("Phone stays in the kitchen overnight", False),
        ],
        "reviews": [
            (42, 2, "Still hard. Noticed the dread is worst on Mondays."),
            (28, 4, "Two good mornings this week. The step outside helps."),
            (12, 5, "After session 3 the mornings feel less loud."),
            (3, 7, "Most days now. I even hummed while making tea."),
        ],
    },
    {
        "title": "Be gentler with myself when I make mistakes",
        "success_looks_like": "When I drop something or forget an email, I notice the harsh "
        "voice and answer it the way I would answer a friend.",
        "troubles_most": "The inner critic. One small slip and I replay it all evening.",
        "replace_with": "A kinder voice, and moving on after a moment.",
        "why_it_matters": "I want to stop teaching my kids that mistakes are shameful.",
        "actions": [
            ("Write one kind sentence to myself each evening", False),
            ("Say “that's human” out loud after a slip", True),
        ],
        "reviews": [
            (35, 3, "Caught the critic twice. Didn't answer it yet."),
            (10, 5, "The image of my younger self from session 4 stays with me."),
        ],
    },
    {
        "title": "Reconnect with music",
        "success_looks_like": "I play guitar for twenty minutes at least twice a week, for no "
        "reason but enjoying it.",
        "troubles_most": "I stopped playing when the depression got bad and now it feels like "
        "proof of what I lost.",
        "replace_with": "Playing badly and enjoying it anyway.",
        "why_it_matters": "Music used to be where I felt most like me.",
        "actions": [("Restring the guitar", True), ("Learn one song my daughter likes", False)],
        "reviews": [
            (20, 3, "Restrung it. Played for five minutes."),
            (6, 6, "Played with my daughter on Saturday."),
        ],
    },
]


def seed(people) -> None:
    now = timezone.now()
    for order, spec in enumerate(INTENTIONS):
        intention = Intention(
            owner=people.patient,
            order=order,
            title=spec["title"],
            success_looks_like=spec["success_looks_like"],
            troubles_most=spec["troubles_most"],
            replace_with=spec["replace_with"],
            why_it_matters=spec["why_it_matters"],
            created=now - dt.timedelta(days=70),
        )
        intention.render_texts()
        intention.save()
        for position, (text, done) in enumerate(spec["actions"]):
            Action.objects.create(
                intention=intention,
                text=text,
                order=position,
                done_at=now - dt.timedelta(days=20 - position * 5) if done else None,
            )
        for days_ago, progress, note in spec["reviews"]:
            Review.objects.create(
                intention=intention,
                progress=progress,
                note=note,
                note_html=render_markdown(note),
                created=now - dt.timedelta(days=days_ago),
            )
