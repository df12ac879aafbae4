"""{{ word|feeling }}: a feeling an entry stores, as the reader's language says it."""

from django import template

from journal.forms.entries import feeling_label

register = template.Library()


@register.filter
def feeling(word: str) -> str:
    return feeling_label(word)
