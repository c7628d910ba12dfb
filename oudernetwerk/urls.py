from django.urls import path

from . import views

app_name = "oudernetwerk"

urlpatterns = [
    path("buddy/", views.buddy, name="buddy"),
    path("buddy/pauze/", views.buddy_pause, name="buddy_pause"),
    path("buddy/terug/", views.buddy_resume, name="buddy_resume"),
    path("buddy/aanvragen/", views.request_buddy, name="request"),
    path("buddy/aanvragen/ontvangen/", views.request_received, name="request_received"),
    path("ontmoeten/", views.meetups, name="meetups"),
    path("ontmoeten/<int:pk>/", views.meetup, name="meetup"),
    path("ontmoeten/<int:pk>/aanmelden/", views.meetup_register, name="meetup_register"),
    path("ontmoeten/<int:pk>/afmelden/", views.meetup_leave, name="meetup_leave"),
    path("ontmoeten/<int:pk>/agenda.ics", views.meetup_calendar, name="meetup_calendar"),
]
