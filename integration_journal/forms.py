"""The whitespace policy for free text (docs/testing.md, "Whitespace"): what people write is stored
exactly as typed, except that line endings become "\\n"; single-line names and titles are trimmed
(Django's default)."""

from django import forms


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


class TypedTextField(forms.CharField):
    """Multi-line text kept as typed: no trimming (Markdown needs trailing double spaces for a
    line break, leading spaces for code and nesting), browsers' "\\r\\n" stored as "\\n". A form
    that needs some words (an entry, a reflection) still treats text that is only whitespace
    as nothing written, in its own clean()."""

    def __init__(self, **kwargs):
        kwargs["strip"] = False
        super().__init__(**kwargs)

    def to_python(self, value):
        return normalise_newlines(super().to_python(value))
