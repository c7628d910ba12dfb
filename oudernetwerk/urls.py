from django.urls import path

from . import views

app_name = "oudernetwerk"

urlpatterns = [
    path("buddy/", views.buddy, name="buddy"),
    path("buddy/pauze/", views.buddy_pause, name="buddy_pause"),
    path("buddy/terug/", views.buddy_resume, name="buddy_resume"),
    path("buddy/aanvragen/", views.request_buddy, name="request"),
    path("buddy/aanvragen/ontvangen/", views.request_received, name="request_received"),
    path("raadplegen/", views.consultations, name="consultations"),
    path("raadplegen/stoppen/", views.panel_withdraw, name="panel_withdraw"),
    path("raadplegen/<int:pk>/", views.consultation, name="consultation"),
]
