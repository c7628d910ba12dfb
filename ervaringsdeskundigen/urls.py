from django.urls import path

from . import views

app_name = "ervaringsdeskundigen"

urlpatterns = [
    path("meedenken/", views.pool, name="pool"),
    path("meedenken/wijzigen/", views.pool_edit, name="pool_edit"),
    path("meedenken/pauze/", views.pool_pause, name="pool_pause"),
    path("meedenken/terug/", views.pool_resume, name="pool_resume"),
    path("meedenken/stoppen/", views.pool_stop, name="pool_stop"),
    path("meedenken/uitnodiging/<int:pk>/", views.invitation, name="invitation"),
    path("partner/ouderperspectief/", views.partner_requests, name="partner_requests"),
    path("partner/ouderperspectief/nieuw/", views.partner_request_new, name="partner_request_new"),
    path("partner/ouderperspectief/<int:pk>/", views.partner_request, name="partner_request"),
    path(
        "partner/ouderperspectief/<int:pk>/annuleren/",
        views.partner_request_cancel,
        name="partner_request_cancel",
    ),
]
