from django.utils.functional import SimpleLazyObject

from care import access

# The session key of the home a person chose in the menu (a preference, never access).
HOME_ROLE_KEY = "care:home_role"


def menu(request):
    """`menu`: which main menu the signed-in person gets (`care.access.menu_for`), asked once per
    request and only by a page that shows the menu."""

    def for_request():
        if not hasattr(request, "_care_menu"):
            session = getattr(request, "session", None)
            preferred = session.get(HOME_ROLE_KEY) if session is not None else None
            request._care_menu = access.menu_for(getattr(request, "user", None), preferred)
        return request._care_menu

    return {"menu": SimpleLazyObject(for_request)}
