from django.urls import path

from care.views import (
    clinic,
    fhir,
    files,
    home,
    onboarding,
    patient,
    search,
    shares,
    support,
    therapist,
)

app_name = "care"

urlpatterns = [
    # The patient's side
    path("", patient.index, name="index"),
    path("join/", patient.join, name="join"),
    path("links/<uuid:link_id>/team/", patient.team_add, name="team_add"),
    path("links/<uuid:link_id>/consents/", patient.consents, name="consents"),
    path("links/<uuid:link_id>/leave/", patient.leave, name="leave"),
    path("links/<uuid:link_id>/leave/confirm/", patient.leave_confirm, name="leave_confirm"),
    path("team/<uuid:member_id>/remove/", patient.team_remove, name="team_remove"),
    path(
        "team/<uuid:member_id>/remove/confirm/",
        patient.team_remove_confirm,
        name="team_remove_confirm",
    ),
    path("switch/", home.switch_role, name="switch_role"),
    path("welcome/<int:step>/", onboarding.step, name="onboarding"),
    path("welcome/finish/", onboarding.finish, name="onboarding_finish"),
    path("welcome/dismiss/", onboarding.dismiss, name="onboarding_dismiss"),
    path("team/<uuid:member_id>/default/", patient.team_usually, name="team_usually"),
    path("resources/", patient.resources, name="resources"),
    path("access-log/", patient.access_log, name="access_log"),
    path("shared/", shares.shared, name="shared"),
    path("share/<str:kind>/<uuid:item_id>/", shares.share_item, name="share_item"),
    path("shares/<uuid:share_id>/revoke/", shares.share_revoke, name="share_revoke"),
    path(
        "entries/<uuid:entry_id>/reflections/<uuid:therapist_id>/reply/",
        support.reflection_reply,
        name="reflection_reply",
    ),
    path("sessions/<uuid:session_id>/support/", support.support_invite, name="support_invite"),
    path(
        "support-invites/<uuid:invite_id>/withdraw/",
        support.support_withdraw,
        name="support_withdraw",
    ),
    path(
        "support-notes/<uuid:note_id>/status/",
        support.support_note_status,
        name="support_note_status",
    ),
    # Support persons
    path("support/", support.support_home, name="support_home"),
    path("support/accept/<str:token>/", support.support_accept, name="support_accept"),
    path(
        "support/accept/<str:token>/confirm/",
        support.support_accept_confirm,
        name="support_accept_confirm",
    ),
    path("support/<uuid:invite_id>/", support.support_session, name="support_session"),
    # Attachment files: the owner, or a therapist the entry is shared with (care/access.py)
    path("files/<uuid:pk>/", files.attachment_file, name="attachment_file"),
    path("files/<uuid:pk>/thumbnail/", files.attachment_thumbnail, name="attachment_thumbnail"),
    # Therapists
    path("mfa-required/", therapist.mfa_required, name="mfa_required"),
    path("dashboard/", therapist.dashboard, name="dashboard"),
    path("search/", search.shared_search, name="shared_search"),
    path("patients/<uuid:patient_id>/", therapist.patient, name="patient"),
    path("patients/<uuid:patient_id>/themes/", therapist.patient_themes, name="patient_themes"),
    path(
        "patients/<uuid:patient_id>/questionnaires.fhir.json",
        fhir.questionnaires_fhir,
        name="questionnaires_fhir",
    ),
    path(
        "patients/<uuid:patient_id>/entries/<uuid:entry_id>/",
        therapist.patient_entry,
        name="patient_entry",
    ),
    path(
        "patients/<uuid:patient_id>/entries/<uuid:entry_id>/reflect/",
        therapist.reflect,
        name="reflect",
    ),
    path(
        "patients/<uuid:patient_id>/intentions/<uuid:intention_id>/",
        therapist.patient_intention,
        name="patient_intention",
    ),
    path(
        "patients/<uuid:patient_id>/sessions/<uuid:session_id>/",
        therapist.patient_session,
        name="patient_session",
    ),
    path("responses/<uuid:response_id>/acknowledge/", therapist.acknowledge, name="acknowledge"),
    # Clinics
    path("clinics/new/", clinic.clinic_new, name="clinic_new"),
    path("clinics/<uuid:clinic_id>/", clinic.clinic, name="clinic"),
    path("clinics/<uuid:clinic_id>/edit/", clinic.clinic_edit, name="clinic_edit"),
    path("clinics/<uuid:clinic_id>/invites/", clinic.clinic_invite, name="clinic_invite"),
    path(
        "clinics/<uuid:clinic_id>/invites/<uuid:invite_id>/resend/",
        clinic.invite_resend,
        name="invite_resend",
    ),
    path(
        "clinics/<uuid:clinic_id>/invites/<uuid:invite_id>/withdraw/",
        clinic.invite_withdraw,
        name="invite_withdraw",
    ),
    path(
        "clinics/<uuid:clinic_id>/members/<uuid:membership_id>/remove/",
        clinic.member_remove,
        name="member_remove",
    ),
    path(
        "clinics/<uuid:clinic_id>/members/<uuid:membership_id>/remove/confirm/",
        clinic.member_remove_confirm,
        name="member_remove_confirm",
    ),
    path("clinics/<uuid:clinic_id>/resources/new/", clinic.resource_new, name="resource_new"),
    path(
        "clinics/<uuid:clinic_id>/resources/<uuid:resource_id>/edit/",
        clinic.resource_edit,
        name="resource_edit",
    ),
    path(
        "clinics/<uuid:clinic_id>/resources/<uuid:resource_id>/delete/",
        clinic.resource_delete,
        name="resource_delete",
    ),
    path(
        "clinics/<uuid:clinic_id>/resources/<uuid:resource_id>/delete/confirm/",
        clinic.resource_delete_confirm,
        name="resource_delete_confirm",
    ),
    path("invite/<str:token>/", clinic.invite, name="invite"),
    path("invite/<str:token>/accept/", clinic.invite_accept, name="invite_accept"),
]
