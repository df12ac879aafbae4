"""The crisis resources shown when a clinic has not configured its own (United States)."""

DEFAULT_CRISIS_RESOURCES = [
    {
        "name": "988 Suicide & Crisis Lifeline",
        "detail": "Call or text 988, any time, day or night.",
        "href": "tel:988",
        "action": "Call 988",
    },
    {
        "name": "Text 988",
        "detail": "Prefer writing? Send a text message to 988.",
        "href": "sms:988",
        "action": "Text 988",
    },
    {
        "name": "Crisis Text Line",
        "detail": "Text HOME to 741741 to reach a trained crisis counselor.",
        "href": "sms:741741?body=HOME",
        "action": "Text 741741",
    },
    {
        "name": "Emergency services",
        "detail": "If you are in immediate danger, call 911 or go to the nearest emergency room.",
        "href": "tel:911",
        "action": "Call 911",
    },
]
