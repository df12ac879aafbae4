"""Writing prompts for each phase, in the product's own words. Offered, never required."""

from django.utils.translation import gettext_lazy as _

from journal.models import Entry

PROMPTS: dict[str, list[str]] = {
    Entry.Phase.PREPARATION: [
        _("What are you hoping this session might open up?"),
        _("Which intention feels most alive for you today, and why?"),
        _("What are you carrying into this session: worries, hopes, questions?"),
        _("If the session could help with one thing, what would you want it to be?"),
        _("What would help you feel safe and supported while it happens?"),
    ],
    Entry.Phase.DURING: [
        _("Words, images or feelings as they come. No need for full sentences."),
        _("What is your body telling you right now?"),
        _("Is there a memory or a person close to you at the moment?"),
    ],
    Entry.Phase.AFTER: [
        _("What stands out most, now that the session is over?"),
        _("Were there images, colours or sounds you want to remember?"),
        _("What did you feel in your body, and where?"),
        _("Did anything surprise you about what came up?"),
        _("Is there something you said or thought that you want to keep?"),
    ],
    Entry.Phase.INTEGRATION: [
        _("Looking back a few days later, what has stayed with you?"),
        _("Have you noticed any change in how you respond to old triggers?"),
        _("Which small step could carry an insight into an ordinary day?"),
        _("What did you do this week that felt kind towards yourself?"),
        _("Is there a theme that keeps coming back? What might it be asking for?"),
        _("Who could you share something of this with?"),
    ],
    Entry.Phase.FREE: [
        _("What is on your mind today?"),
        _("What felt good today, even in a small way?"),
        _("What was hard today, and how did you meet it?"),
        _("Write a few lines to the person you were before treatment began."),
        _("What are you grateful for right now?"),
    ],
}


def prompt_for(phase: str, index: int) -> tuple[str, int]:
    """The prompt at `index` (wrapping) for a phase, and the index of the next one."""
    prompts = PROMPTS.get(phase) or PROMPTS[Entry.Phase.FREE]
    index %= len(prompts)
    return prompts[index], (index + 1) % len(prompts)
