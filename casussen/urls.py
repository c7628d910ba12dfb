from django.urls import path

from . import views, views_evaluation, views_parent, views_partner, views_praatplaat

app_name = "casussen"

urlpatterns = [
    path("vraag/", views.intake, name="intake"),
    path("vraag/ontvangen/", views.received, name="received"),
    # The owner of an address confirms a question someone sent with it (signed link).
    path("vraag/bevestigen/<str:token>/", views.confirm, name="confirm"),
    # The parent's own cases (Mijn steunpunt).
    path("mijn/", views_parent.portal, name="portal"),
    path("mijn/<int:pk>/", views_parent.case_detail, name="portal_case"),
    path("mijn/<int:pk>/bericht/", views_parent.reply, name="portal_reply"),
    path("mijn/<int:pk>/intrekken/", views_parent.withdraw, name="portal_withdraw"),
    path("mijn/<int:pk>/toestemming/", views_parent.consent_give, name="portal_consent"),
    path(
        "mijn/<int:pk>/toestemming/<int:consent_pk>/intrekken/",
        views_parent.consent_withdraw,
        name="portal_consent_withdraw",
    ),
    path(
        "mijn/<int:pk>/bijlage/<int:attachment_pk>/",
        views_parent.attachment,
        name="attachment",
    ),
    # The conversation praatplaat of a case (parent's side, print view).
    path("mijn/<int:pk>/praatplaat/", views_praatplaat.parent_create, name="portal_praatplaat_new"),
    path(
        "mijn/<int:pk>/praatplaat/<int:praatplaat_pk>/",
        views_praatplaat.parent_detail,
        name="portal_praatplaat",
    ),
    path(
        "mijn/<int:pk>/praatplaat/<int:praatplaat_pk>/versturen/",
        views_praatplaat.parent_send,
        name="portal_praatplaat_send",
    ),
    path(
        "mijn/<int:pk>/praatplaat/<int:praatplaat_pk>/afdrukken/",
        views_praatplaat.parent_print,
        name="portal_praatplaat_print",
    ),
    # The professional's side of a praatplaat (signed link).
    path("praatplaat/<str:token>/", views_praatplaat.partner_page, name="praatplaat_partner"),
    # Partners: the signed link in their email, and the partner portal.
    path("opvolging/<str:token>/", views_partner.answer_by_link, name="followup_answer"),
    path("partner/", views_partner.portal, name="partner"),
    path("partner/<int:pk>/", views_partner.followup_detail, name="partner_followup"),
    # The parent's evaluation after a case is resolved (signed link).
    path("evaluatie/<str:token>/", views_evaluation.evaluate, name="evaluation"),
]
