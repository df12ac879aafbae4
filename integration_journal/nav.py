"""The main menu of a signed-in person: `{% load site_nav %}{% main_nav %}` in templates/base.html.

The menu is on every signed-in page. As an included template it cost a dozen `{% url %}`
reversals and as many lookups into `request.resolver_match`: about a sixth of the journal
list's server time. Written here in one pass, with each URL reversed once per URLconf and
script prefix, it costs a fraction of that. tests/core/test_nav.py holds every item, which one
is marked current on which pages, and the sign-out form.

Clinic staff see "Patients" (therapists) and "Clinic" (their first clinic) where a patient sees
"Care team". Only the roles and clinic ids are read, without a join.
"""

from functools import cache
from html import escape

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# The care pages each staff item stands for (url names in care/urls.py).
PATIENT_PAGES = frozenset(
    {
        "dashboard",
        "patient",
        "patient_entry",
        "patient_intention",
        "patient_session",
        "patient_themes",
    }
)
CLINIC_PAGES = frozenset({"clinic", "clinic_edit", "resource_new", "resource_edit"})


@cache
def _url(urlconf, prefix: str, name: str) -> str:
    """`reverse(name)`, once per URLconf and script prefix (the key holds both)."""
    return reverse(name, urlconf=urlconf)


def _items(request):
    """(label, url, current) for each link of the menu, in order."""
    from care.models import Membership

    match = request.resolver_match
    namespace = (match.namespace if match else "") or ""
    name = (match.url_name if match else "") or ""
    themes = namespace == "journal" and name.startswith("theme_")
    care = namespace == "care"

    urlconf, prefix = get_urlconf(), get_script_prefix()

    def url(url_name):
        return _url(urlconf, prefix, url_name)

    yield "Home", url("home"), name == "home"
    yield "Intentions", url("intentions:list"), namespace == "intentions"
    yield "Journal", url("journal:entry_list"), namespace == "journal" and not themes
    yield "Themes", url("journal:theme_list"), themes
    yield "Practices", url("practices:overview"), namespace == "practices"
    yield "Questionnaires", url("measures:index"), namespace == "measures"
    memberships = list(Membership.objects.filter(user=request.user).order_by("created"))
    if memberships:
        if any(m.role == Membership.Role.THERAPIST for m in memberships):
            yield "Patients", url("care:dashboard"), care and name in PATIENT_PAGES
        clinic = reverse("care:clinic", args=[memberships[0].clinic_id])
        yield "Clinic", clinic, care and name in CLINIC_PAGES
    else:
        yield "Care team", url("care:index"), care
    yield "Reports", url("reports:index"), namespace == "reports"
    yield "Settings", url("accounts:settings"), namespace == "accounts"


@register.simple_tag(takes_context=True)
def main_nav(context) -> SafeString:
    """The menu as a list: its links, then the sign-out button (a POST with the CSRF token)."""
    request = context["request"]
    links = "".join(
        f'  <li><a href="{escape(url)}"{' aria-current="page"' if current else ""}>'
        f"{label}</a></li>\n"
        for label, url, current in _items(request)
    )
    token = str(context.get("csrf_token", ""))
    hidden = (
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(token)}">'
        if token and token != "NOTPROVIDED"  # as {% csrf_token %}: no token, no field
        else ""
    )
    logout = escape(_url(get_urlconf(), get_script_prefix(), "account_logout"))
    return mark_safe(
        f"<ul>\n{links}"
        f'  <li>\n    <form method="post" action="{logout}" class="inline-form">'
        f'{hidden}<button type="submit" class="link-button">Sign out</button>'
        "</form>\n  </li>\n</ul>"
    )
