"""Writing prompts for each phase, in the product's own words. Offered, never required."""

from journal.models import Entry

PROMPTS: dict[str, list[str]] = {
    Entry.Phase.PREPARATION: [
        "What are you hoping this session might open up?",
        "Which intention feels most alive for you today, and why?",
        "What are you carrying into this session: worries, hopes, questions?",
        "If the session could help with one thing, what would you want it to be?",
        "What would help you feel safe and supported while it happens?",
    ],
    Entry.Phase.DURING: [
        "Words, images or feelings as they come. No need for full sentences.",
        "What is your body telling you right now?",
        "Is there a memory or a person close to you at the moment?",
    ],
    Entry.Phase.AFTER: [
        "What stands out most, now that the session is over?",
        "Were there images, colours or sounds you want to remember?",
        "What did you feel in your body, and where?",
        "Did anything surprise you about what came up?",
        "Is there something you said or thought that you want to keep?",
    ],
    Entry.Phase.INTEGRATION: [
        "Looking back a few days later, what has stayed with you?",
        "Have you noticed any change in how you respond to old triggers?",
        "Which small step could carry an insight into an ordinary day?",
        "What did you do this week that felt kind towards yourself?",
        "Is there a theme that keeps coming back? What might it be asking for?",
        "Who could you share something of this with?",
    ],
    Entry.Phase.FREE: [
        "What is on your mind today?",
        "What felt good today, even in a small way?",
        "What was hard today, and how did you meet it?",
        "Write a few lines to the person you were before treatment began.",
        "What are you grateful for right now?",
    ],
}


def prompt_for(phase: str, index: int) -> tuple[str, int]:
    """The prompt at `index` (wrapping) for a phase, and the index of the next one."""
    prompts = PROMPTS.get(phase) or PROMPTS[Entry.Phase.FREE]
    index %= len(prompts)
    return prompts[index], (index + 1) % len(prompts)
