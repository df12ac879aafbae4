"""Signing a person out on their other devices when they become clinic staff."""

from allauth.usersessions.models import UserSession

from integration_journal.middleware import SESSION_STAFF, SESSION_TRUSTED


def end_other_sessions(user, *, keep: str | None = None) -> None:
    """Sign `user` out everywhere but the session `keep` (its key)."""
    for other in UserSession.objects.filter(user_id=user.pk).exclude(session_key=keep or ""):
        other.end()


def became_staff(request) -> None:
    """The signed-in person just became clinic staff: this session keeps the short limits from
    now on, and every other device is signed out. A patient's phone kept signed in for days
    must not go on as a staff session that never passed the second step."""
    request.session[SESSION_STAFF] = True
    request.session.pop(SESSION_TRUSTED, None)
    request.session.set_expiry(0)
    end_other_sessions(request.user, keep=request.session.session_key)
