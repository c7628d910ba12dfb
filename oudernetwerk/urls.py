from django.urls import path

from . import views

app_name = "oudernetwerk"

urlpatterns = [
    path("buddy/", views.buddy, name="buddy"),
    path("buddy/pauze/", views.buddy_pause, name="buddy_pause"),
    path("buddy/terug/", views.buddy_resume, name="buddy_resume"),
    path("buddy/plekken/", views.buddy_capacity, name="buddy_capacity"),
    path("buddy/rust-stoppen/", views.buddy_end_rest, name="buddy_end_rest"),
    path("buddy/aanvragen/", views.request_buddy, name="request"),
    path("buddy/aanvragen/ontvangen/", views.request_received, name="request_received"),
    path("buddy/portaal/", views.portal, name="portal"),
    path("buddy/portaal/<int:pk>/ja/", views.proposal_accept, name="proposal_accept"),
    path("buddy/portaal/<int:pk>/nee/", views.proposal_decline, name="proposal_decline"),
    path("buddy/koppeling/<int:pk>/", views.match_detail, name="match"),
    path("buddy/koppeling/<int:pk>/gestart/", views.match_start, name="match_start"),
    path("buddy/koppeling/<int:pk>/doelen/", views.match_goals, name="match_goals"),
    path(
        "buddy/koppeling/<int:pk>/doelen/bevestigen/",
        views.match_goals_confirm,
        name="match_goals_confirm",
    ),
    path("buddy/koppeling/<int:pk>/contact/", views.match_contacts, name="match_contacts"),
    path("buddy/koppeling/<int:pk>/stoppen/", views.match_close, name="match_close"),
    path("buddy/check-in/<int:pk>/", views.checkin, name="checkin"),
    path("raadplegen/", views.consultations, name="consultations"),
    path("raadplegen/stoppen/", views.panel_withdraw, name="panel_withdraw"),
    path("raadplegen/<int:pk>/", views.consultation, name="consultation"),
    path("ontmoeten/", views.meetups, name="meetups"),
    path("ontmoeten/<int:pk>/", views.meetup, name="meetup"),
    path("ontmoeten/<int:pk>/aanmelden/", views.meetup_register, name="meetup_register"),
    path("ontmoeten/<int:pk>/afmelden/", views.meetup_leave, name="meetup_leave"),
    path("ontmoeten/<int:pk>/agenda.ics", views.meetup_calendar, name="meetup_calendar"),
]
