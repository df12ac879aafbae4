from django.conf import settings
from django.utils.functional import SimpleLazyObject

# The care pages each staff item of the main menu stands for (url names in care/urls.py).
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


def site(request):
    # LANGUAGES as written in settings: each language named in itself ("Español"), untranslated
    # (Django's get_available_languages would translate the names into the page's language).
    return {"site_name": settings.SITE_NAME, "site_languages": settings.LANGUAGES}


def current_sections(match) -> frozenset[str]:
    """The main menu's items (templates/_partials/nav.html) that the page `match` belongs to."""
    namespace = (match.namespace if match else "") or ""
    name = (match.url_name if match else "") or ""
    themes = namespace == "journal" and name.startswith("theme_")
    care = namespace == "care"
    sections = {
        "home": name == "home",
        "intentions": namespace == "intentions",
        "journal": namespace == "journal" and not themes,
        "themes": themes,
        "practices": namespace == "practices",
        "measures": namespace == "measures",
        "care": care,
        "patients": care and name in PATIENT_PAGES,
        "clinic": care and name in CLINIC_PAGES,
        "reports": namespace == "reports",
        "accounts": namespace in {"accounts", "mydata", "notifications"},
    }
    return frozenset(section for section, current in sections.items() if current)


def nav(request):
    """`nav_current`: the main menu's items marked as the current page."""
    return {
        "nav_current": SimpleLazyObject(
            lambda: current_sections(getattr(request, "resolver_match", None))
        )
    }
