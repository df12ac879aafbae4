"""Who may use each URL of the project: one row per URL pattern, walked from `get_resolver()`.

Classes:
- public: anyone, signed in or not.
- login: any signed-in person; nothing of anyone else's is in the URL.
- owner: the URL names one of alice's own things; anyone else gets 404 for every method.
- care: another person's data seen through `care/access.py` (a therapist on the care team, the
  clinic's admin, a support person). Strangers and colleagues who were not given access get 404;
  CARE_ACCESS names who is let in.
- token: an emailed invitation link; a made-up token shows nothing and never errors.
- allauth: django-allauth's own account, MFA and session pages (listed by name, one by one).
- admin: Django's admin site (staff only); its models are pinned in ADMIN_MODELS.
"""

from django.urls import URLPattern, URLResolver, get_resolver

PUBLIC, LOGIN, OWNER, CARE, TOKEN, ALLAUTH, ADMIN = (
    "public",
    "login",
    "owner",
    "care",
    "token",
    "allauth",
    "admin",
)

MATRIX = {
    "home": PUBLIC,
    "crisis": PUBLIC,
    "healthz": PUBLIC,
    "manifest": PUBLIC,
    "service_worker": PUBLIC,
    "offline": PUBLIC,
    "accounts:set_language": PUBLIC,
    "javascript-catalog": PUBLIC,
    # allauth: accounts/
    "account_login": ALLAUTH,
    "account_logout": ALLAUTH,
    "account_inactive": ALLAUTH,
    "account_signup": ALLAUTH,
    "account_signup_by_passkey": ALLAUTH,
    "account_reauthenticate": ALLAUTH,
    "account_email": ALLAUTH,
    "account_email_verification_sent": ALLAUTH,
    "account_change_password": ALLAUTH,
    "account_set_password": ALLAUTH,
    "account_reset_password": ALLAUTH,
    "account_confirm_login_code": ALLAUTH,
    "account_reset_password_from_key_done": ALLAUTH,
    "account_reset_password_from_key": ALLAUTH,
    "account_reset_password_done": ALLAUTH,
    "mfa_index": ALLAUTH,
    "mfa_authenticate": ALLAUTH,
    "mfa_reauthenticate": ALLAUTH,
    "mfa_activate_totp": ALLAUTH,
    "mfa_deactivate_totp": ALLAUTH,
    "mfa_view_recovery_codes": ALLAUTH,
    "mfa_generate_recovery_codes": ALLAUTH,
    "mfa_download_recovery_codes": ALLAUTH,
    "usersessions_list": ALLAUTH,
    "account_request_login_code": ALLAUTH,
    "mfa_list_webauthn": ALLAUTH,
    "mfa_add_webauthn": ALLAUTH,
    "mfa_reauthenticate_webauthn": ALLAUTH,
    "mfa_remove_webauthn": ALLAUTH,
    "mfa_edit_webauthn": ALLAUTH,
    "mfa_login_webauthn": ALLAUTH,
    "mfa_signup_webauthn": ALLAUTH,
    # accounts: account/
    "accounts:settings": LOGIN,
    "accounts:end_session": LOGIN,
    "mydata:my_data": LOGIN,
    "mydata:export_start": LOGIN,
    "mydata:export_status": OWNER,
    "mydata:export_download": OWNER,
    "mydata:questionnaires_fhir": LOGIN,
    "mydata:import_upload": LOGIN,
    "mydata:import_preview": OWNER,
    "mydata:other_import_upload": LOGIN,
    "mydata:other_import_preview": OWNER,
    "mydata:delete_account": LOGIN,
    "mydata:trash": LOGIN,
    "mydata:trash_restore": OWNER,
    "mydata:trash_delete": OWNER,
    # push: account/settings/push/
    "push:settings": LOGIN,
    "push:subscribe": LOGIN,
    "push:unsubscribe": LOGIN,
    "push:test": LOGIN,
    "push:remove": OWNER,
    # notifications: notifications/
    "notifications:settings": LOGIN,
    "notifications:pause": LOGIN,
    "notifications:resume": LOGIN,
    "notifications:unsubscribe": TOKEN,
    # intentions
    "intentions:list": LOGIN,
    "intentions:create": LOGIN,
    "intentions:detail": OWNER,
    "intentions:edit": OWNER,
    "intentions:delete": OWNER,
    "intentions:status": OWNER,
    "intentions:move": OWNER,
    "intentions:action_add": OWNER,
    "intentions:review_add": OWNER,
    "intentions:action_toggle": OWNER,
    "intentions:action_move": OWNER,
    "intentions:action_remove": OWNER,
    # journal
    "journal:entry_list": LOGIN,
    "journal:entry_create": LOGIN,
    "journal:entry_preview": LOGIN,
    "journal:entry_detail": OWNER,
    "journal:entry_edit": OWNER,
    "journal:entry_delete": OWNER,
    "journal:attachment_add": OWNER,
    "journal:attachment_describe": OWNER,
    "journal:attachment_remove": OWNER,
    "journal:session_list": LOGIN,
    "journal:session_create": LOGIN,
    "journal:session_detail": OWNER,
    "journal:session_edit": OWNER,
    "journal:session_delete": OWNER,
    "journal:timeline": LOGIN,
    "journal:search": LOGIN,
    "journal:calendar": LOGIN,
    "journal:calendar_month": LOGIN,
    "journal:calendar_day": LOGIN,
    "journal:timeline_between": LOGIN,
    "journal:theme_list": LOGIN,
    "journal:theme_create": LOGIN,
    "journal:theme_starters": LOGIN,
    "journal:theme_detail": OWNER,
    "journal:theme_rename": OWNER,
    "journal:theme_merge": OWNER,
    "journal:theme_delete": OWNER,
    # practices and measures
    "practices:overview": LOGIN,
    "practices:check_in": LOGIN,
    "practices:choose": LOGIN,
    "practices:timer": LOGIN,
    "practices:timer_log": LOGIN,
    "measures:index": LOGIN,
    "measures:take": LOGIN,
    "measures:history": LOGIN,
    "measures:result": OWNER,
    "measures:tracked": LOGIN,
    # care: the patient's side
    "care:index": LOGIN,
    "care:join": LOGIN,
    "care:resources": LOGIN,
    "care:access_log": LOGIN,
    "care:shared": LOGIN,
    "care:team_add": OWNER,
    "care:consents": OWNER,
    "care:leave": OWNER,
    "care:team_remove": OWNER,
    "care:team_usually": OWNER,
    "care:share_item": OWNER,
    "care:share_revoke": OWNER,
    "care:reflection_reply": OWNER,
    "care:support_invite": OWNER,
    "care:support_withdraw": OWNER,
    "care:support_note_status": OWNER,
    "care:leave_confirm": OWNER,
    "care:team_remove_confirm": OWNER,
    # care: every signed-in person's own home, role switch and getting started
    "care:switch_role": LOGIN,
    "care:onboarding": LOGIN,
    "care:onboarding_finish": LOGIN,
    "care:onboarding_dismiss": LOGIN,
    # care: support persons, therapists and clinics
    "care:support_home": LOGIN,
    "care:support_accept": TOKEN,
    "care:support_accept_confirm": TOKEN,
    "care:support_session": CARE,
    "care:mfa_required": LOGIN,
    "care:dashboard": LOGIN,
    # The therapist's search of what their patients share with them (404 for anyone who is not a
    # therapist; `?patient=` not on their team is a 404 too: tests/care/test_shared_search.py).
    "care:shared_search": LOGIN,
    "care:patient": CARE,
    # Attachment files: the owner and a therapist the entry is shared with
    # (test_url_matrix.py's attachment-file tests; tests/journal/test_attachments.py).
    "care:attachment_file": CARE,
    "care:attachment_thumbnail": CARE,
    "care:patient_themes": CARE,
    "care:patient_entry": CARE,
    "care:reflect": CARE,
    "care:questionnaires_fhir": CARE,
    "care:patient_intention": CARE,
    "care:patient_session": CARE,
    "care:acknowledge": CARE,
    "care:clinic_new": LOGIN,
    "care:clinic": CARE,
    "care:clinic_edit": CARE,
    "care:clinic_invite": CARE,
    "care:invite_resend": CARE,
    "care:invite_withdraw": CARE,
    "care:member_remove": CARE,
    "care:resource_new": CARE,
    "care:resource_edit": CARE,
    "care:resource_delete": CARE,
    "care:member_remove_confirm": CARE,
    "care:resource_delete_confirm": CARE,
    "care:invite": TOKEN,
    "care:invite_accept": TOKEN,
    # reports
    "reports:index": LOGIN,
    "reports:create": LOGIN,
    "reports:create_for": CARE,
    "reports:status": OWNER,
    "reports:preview": OWNER,
    "reports:download": OWNER,
    "reports:retry": OWNER,
    "reports:batch_create": CARE,
    "reports:batch_status": OWNER,
    "reports:batch_download": OWNER,
}

# For each care row: who is let in, and who (besides bob, the stranger) must get 404.
# therapist: on alice's care team; colleague: same clinic, not on her team; admin: runs the
# clinic; friend: alice's support person for one session.
CARE_ACCESS = {
    "care:support_session": ("friend", ("therapist", "admin")),
    "care:patient": ("therapist", ("colleague", "friend")),
    "care:patient_themes": ("therapist", ("colleague", "friend")),
    "care:questionnaires_fhir": ("therapist", ("colleague", "friend", "admin")),
    "care:patient_entry": ("therapist", ("colleague", "friend", "admin")),
    "care:attachment_file": ("therapist", ("colleague", "friend", "admin")),
    "care:attachment_thumbnail": ("therapist", ("colleague", "friend", "admin")),
    "care:reflect": ("therapist", ("colleague", "friend", "admin")),
    "care:patient_intention": ("therapist", ("colleague", "friend", "admin")),
    "care:patient_session": ("therapist", ("colleague", "friend", "admin")),
    "care:acknowledge": ("therapist", ("colleague", "friend")),
    "care:clinic": ("admin", ("friend",)),
    "care:clinic_edit": ("admin", ("therapist", "colleague", "friend")),
    "care:clinic_invite": ("admin", ("therapist", "colleague", "friend")),
    "care:invite_resend": ("admin", ("therapist", "colleague", "friend")),
    "care:invite_withdraw": ("admin", ("therapist", "colleague", "friend")),
    "care:member_remove": ("admin", ("therapist", "colleague", "friend")),
    "care:member_remove_confirm": ("admin", ("therapist", "colleague", "friend")),
    "care:resource_delete_confirm": ("admin", ("therapist", "colleague", "friend")),
    "care:resource_new": ("admin", ("therapist", "colleague", "friend")),
    "care:resource_edit": ("admin", ("therapist", "colleague", "friend")),
    "care:resource_delete": ("admin", ("therapist", "colleague", "friend")),
    "reports:create_for": ("therapist", ("colleague", "friend")),
    "reports:batch_create": ("admin", ("therapist", "colleague", "friend")),
}

# Owner rows whose owner is not alice: a clinic batch belongs to the admin who asked for it.
OWNED_BY = {"reports:batch_status": "admin", "reports:batch_download": "admin"}

# The models Django's admin may show. Journal text (entries, intentions, reflections, notes,
# check-ins, questionnaires) is never among them: clinic staff use the app, not the admin.
ADMIN_MODELS = {
    "auth.group",
    "account.emailaddress",
    "mfa.authenticator",
    "usersessions.usersession",
    "django_tasks_database.dbtaskresult",
    "accounts.user",
    "care.clinic",
    "care.clinicinvite",
    "care.carelink",
    "care.share",
    "care.accessevent",
    "care.resource",
    "outbox.outgoingmail",
}


def all_patterns(patterns=None, namespace=None, prefix=""):
    """(name, route, pattern) for every URL pattern, nested includes included."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace) if part) or None
            yield from all_patterns(pattern.url_patterns, inner, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, route, pattern


def classify(name: str | None, route: str) -> str | None:
    if route.startswith("admin/") and name and name.startswith("admin:"):
        return ADMIN
    return MATRIX.get(name)


def urls(kind: str) -> list[tuple[str, str]]:
    return [(name, route) for name, route, _ in all_patterns() if classify(name, route) == kind]


def kwargs_for(name: str, route: str, things: dict) -> dict:
    """URL arguments naming one of alice's (or her clinic's) things, for any pattern."""
    world = things["world"]
    by_name = {
        "mydata:export_status": {"pk": things["export"].pk},
        "mydata:export_download": {"pk": things["export"].pk},
        "mydata:import_preview": {"pk": things["pending"].pk},
        "mydata:other_import_upload": {"source": "dayone"},
        "mydata:other_import_preview": {"source": "dayone", "pk": things["other_pending"].pk},
        "mydata:trash_restore": {"kind": "entry", "pk": things["trashed"].pk},
        "mydata:trash_delete": {"kind": "entry", "pk": things["trashed"].pk},
        "care:share_item": {"kind": "entry", "item_id": world.entry.pk},
        "care:support_withdraw": {"invite_id": world.support_invite.pk},
        "care:support_session": {"invite_id": world.support_invite.pk},
        "care:invite_withdraw": {
            "clinic_id": world.clinic.pk,
            "invite_id": things["clinic_invite"].pk,
        },
        "care:invite_resend": {
            "clinic_id": world.clinic.pk,
            "invite_id": things["clinic_invite"].pk,
        },
        "reports:status": {"pk": things["report"].pk},
        "reports:preview": {"pk": things["report"].pk},
        "reports:retry": {"pk": things["report"].pk},
        "reports:download": {"pk": things["report"].pk},
        "reports:batch_status": {"pk": things["batch"].pk},
        "reports:batch_download": {"pk": things["batch"].pk},
        "measures:result": {"pk": things["response"].pk},
        "journal:attachment_describe": {"pk": things["attachment"].pk},
        "journal:attachment_remove": {"pk": things["attachment"].pk},
        "care:attachment_file": {"pk": things["attachment"].pk},
        "care:attachment_thumbnail": {"pk": things["attachment"].pk},
        "push:remove": {"pk": things["device"].pk},
        "journal:calendar_month": {"year": 2026, "month": 3},
        "journal:calendar_day": {"year": 2026, "month": 3, "day": 4},
        # allauth's passkeys have integer keys; nobody has this one.
        "mfa_remove_webauthn": {"pk": 999999},
        "mfa_edit_webauthn": {"pk": 999999},
        "account_reset_password_from_key": {"uidb36": "zz", "key": "not-a-real-key"},
        "admin:auth_user_password_change": {"id": world.alice.pk},
    }
    if name in by_name:
        return by_name[name]
    pk_owner = {"intentions": "intention", "journal": "entry"}
    values = {
        "pk": things[pk_owner.get(name.split(":")[0], "entry")],
        "patient_id": world.alice.pk,
        "entry_id": world.entry.pk,
        "intention_id": world.intention.pk,
        "session_id": world.session.pk,
        "therapist_id": world.therapist.pk,
        "share_id": things["share"].pk,
        "note_id": things["note"].pk,
        "member_id": things["member"].pk,
        "link_id": world.link.pk,
        "response_id": things["response"].pk,
        "clinic_id": world.clinic.pk,
        "membership_id": things["membership"].pk,
        "resource_id": things["resource"].pk,
        "slug": things["theme"].slug,
        "direction": "up",
        "instrument": "phq9",
        "step": 1,
        "token": "not-a-real-token",
        "kind": "entry",
        "object_id": world.alice.pk,
        "content_type_id": 1,
        "app_label": "care",
        "url": "nothing-here/",
    }
    if "sessions/<uuid:pk>" in route:
        values["pk"] = world.session.pk
    if name.startswith("intentions:action_") and name != "intentions:action_add":
        values["pk"] = things["action"].pk
    return {
        key: value.pk if hasattr(value, "pk") else value
        for key, value in values.items()
        if f"<{key}>" in route or f":{key}>" in route or f"(?P<{key}>" in route
    }


def url_for(name: str, route: str, things: dict) -> str:
    from django.urls import reverse

    return reverse(name, kwargs=kwargs_for(name, route, things))
