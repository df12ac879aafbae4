"""Find every form on a page and fill it in the way a person would, for the hostile-input tests."""

from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.utils import timezone

from tests.helpers import PASSWORD

TEXT_TYPES = {"text", "search", "textarea", "tel"}


@dataclass
class Control:
    tag: str
    type: str
    name: str
    value: str = ""
    checked: bool = False
    options: list[tuple[str, bool]] = field(default_factory=list)
    attrs: dict = field(default_factory=dict)


@dataclass
class Form:
    method: str
    action: str
    controls: list[Control] = field(default_factory=list)

    @property
    def text_fields(self) -> list[str]:
        """Free-text fields; on a form without any (sign in, reset), its email and password."""
        names = [c.name for c in self.controls if c.type in TEXT_TYPES]
        return names or [c.name for c in self.controls if c.type in ("email", "password")]

    def fields_of_type(self, *types: str) -> list[str]:
        return [c.name for c in self.controls if c.type in types]

    def signature(self) -> tuple:
        return self.method, self.action, tuple(sorted(c.name for c in self.controls))


class FormParser(HTMLParser):
    def __init__(self, page_url: str):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: Control | None = None
        self.textarea: Control | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            action = a.get("action") or self.page_url
            self.form = Form(a.get("method", "get").lower(), action)
            self.forms.append(self.form)
        elif self.form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "reset", "image", "file"):
                return
            self.form.controls.append(
                Control("input", kind, a["name"], a.get("value", ""), "checked" in a, attrs=a)
            )
        elif tag == "textarea" and a.get("name"):
            self.textarea = Control("textarea", "textarea", a["name"], attrs=a)
            self.form.controls.append(self.textarea)
        elif tag == "select" and a.get("name"):
            self.select = Control("select", "select", a["name"], attrs=a)
            self.form.controls.append(self.select)
        elif tag == "option" and self.select is not None:
            self.select.options.append((a.get("value", ""), "selected" in a))

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea.value += data


def forms_on(html: str, page_url: str) -> list[Form]:
    parser = FormParser(page_url)
    parser.feed(html)
    return parser.forms


def fill(form: Form, text: str, hostile: set[str] | None = None) -> dict[str, list[str]]:
    """The `hostile` fields (by default every free-text field) get `text`; everything else a
    plausible value."""
    now = timezone.localtime()
    data: dict[str, list[str]] = {}
    radios_done = set()
    hostile = set(form.text_fields) if hostile is None else hostile
    for control in form.controls:
        kind, name, value = control.type, control.name, control.value
        if name in hostile:
            chosen = [text]
        elif kind == "hidden":
            chosen = [value]
        elif kind == "checkbox":
            chosen = [value or "on"] if control.checked else []
        elif kind == "radio":
            if name in radios_done:
                continue
            group = [c for c in form.controls if c.name == name and c.type == "radio"]
            picked = next((c for c in group if c.checked), group[0])
            chosen, _ = [picked.value], radios_done.add(name)
        elif kind == "select":
            values = [v for v, selected in control.options if selected] or [
                v for v, _ in control.options if v
            ][:1]
            chosen = values[:1] if "multiple" not in control.attrs else values
        elif kind == "password":
            chosen = [PASSWORD]
        elif kind == "email":
            chosen = [value or "someone@example.org"]
        elif kind == "url":
            chosen = [value or "https://example.org/"]
        elif kind in ("number", "range"):
            chosen = [value or control.attrs.get("min") or "1"]
        elif kind == "date":
            chosen = [value or now.date().isoformat()]
        elif kind == "datetime-local":
            chosen = [value or now.strftime("%Y-%m-%dT%H:%M")]
        elif kind == "time":
            chosen = [value or "10:00"]
        else:
            chosen = [value]
        if chosen:
            data.setdefault(name, []).extend(chosen)
    return data
