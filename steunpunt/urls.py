from django.urls import path

from . import views, views_personal

urlpatterns = [
    path("", views.home, name="home"),
    path("contact/", views.contact, name="contact"),
    path("privacy/", views.privacy, name="privacy"),
    path("mijn/verwijderen/", views.erasure_request, name="erasure_request"),
    path("toegankelijkheid/", views.accessibility, name="accessibility"),
    path("favicon.ico", views.favicon),
    # The parent's rights: what we hold about you, and correcting your details.
    path("mijn/gegevens/", views_personal.overview, name="personal_data"),
    path(
        "mijn/gegevens/download/<str:fmt>/",
        views_personal.download,
        name="personal_data_download",
    ),
    path("mijn/gegevens/wijzigen/", views_personal.contact, name="contact_details"),
    path("mijn/gegevens/e-mailadres/", views_personal.email_change, name="email_change"),
    path(
        "mijn/gegevens/e-mailadres/bevestigen/",
        views_personal.email_change_confirm,
        name="email_change_confirm",
    ),
]
