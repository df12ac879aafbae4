"""The main menu of a signed-in person: `{% load site_nav %}{% main_nav %}` in templates/base.html.

The menu is on every signed-in page. As an included template it cost a dozen `{% url %}`
reversals and as many lookups into `request.resolver_match`: about a sixth of the journal
list's server time. Written here in one pass, with each URL reversed once per URLconf and
script prefix, it costs a fraction of that. tests/core/test_nav.py holds every item, which one
is marked current on which pages, and the sign-out form.

Clinic staff see "Patients" (therapists) and "Clinic" (their first clinic) where a patient sees
"Care team". Which of the two menus a person gets is held in their session and read from their
clinic memberships again whenever the session's last-seen stamp moves (integration_journal/
middleware.py): at most once a minute, and usually on a request that saves the session anyway.
The views that change the person's own memberships (a new clinic, an accepted staff invitation,
leaving a clinic) call `forget_roles()`, so the next page in that session shows the change; a
change made elsewhere (an admin removing a therapist, or the person on another device) shows
within the minute. The menu only links: every page it links to checks the person's access
itself.
"""

from functools import cache
from html import escape

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.safestring import SafeString, mark_safe

from integration_journal.middleware import SESSION_SEEN

register = template.Library()

ROLES = "_ij_menu_roles"  # session key: [last-seen stamp, first clinic's id or None, therapist]

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


def _roles(request) -> tuple[str | None, bool]:
    """(the first clinic's id, is a therapist) for clinic staff, (None, False) for a patient."""
    session = request.session
    seen = session.get(SESSION_SEEN)
    held = session.get(ROLES)
    if held and held[0] == seen:
        return held[1], held[2]
    from care.models import Membership

    memberships = list(Membership.objects.filter(user_id=request.user.pk).order_by("created"))
    clinic = str(memberships[0].clinic_id) if memberships else None
    therapist = any(m.role == Membership.Role.THERAPIST for m in memberships)
    session[ROLES] = [seen, clinic, therapist]
    return clinic, therapist


def forget_roles(request) -> None:
    """The person's own clinic memberships changed: their next page reads them again."""
    request.session.pop(ROLES, None)


def _items(request):
    """(label, url, current) for each link of the menu, in order."""
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
    clinic, therapist = _roles(request)
    if clinic:
        if therapist:
            yield "Patients", url("care:dashboard"), care and name in PATIENT_PAGES
        yield "Clinic", reverse("care:clinic", args=[clinic]), care and name in CLINIC_PAGES
    else:
        yield "Care team", url("care:index"), care
    yield "Reports", url("reports:index"), namespace == "reports"
    yield "Settings", url("accounts:settings"), namespace in ("accounts", "mydata")


@register.simple_tag(takes_context=True)
def main_nav(context) -> SafeString:
    """The menu as a list: its links, then the sign-out button (a POST with the CSRF token)."""
    request = context["request"]
    links = "".join(
        f'  <li><a href="{escape(url)}"{' aria-current="page"' if current else ""}>'
        f"{label}</a></li>\n"
        for label, url, current in _items(request)
    )
    token = context.get("csrf_token")
    token = str(token) if token else ""
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
