from django.utils.functional import SimpleLazyObject

from care import access


def menu(request):
    """`menu`: which main menu the signed-in person gets (`care.access.menu_for`), asked once per
    request and only by a page that shows the menu."""

    def for_request():
        if not hasattr(request, "_care_menu"):
            request._care_menu = access.menu_for(getattr(request, "user", None))
        return request._care_menu

    return {"menu": SimpleLazyObject(for_request)}
