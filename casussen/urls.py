from django.urls import path

from . import views

app_name = "casussen"

urlpatterns = [
    path("vraag/", views.intake, name="intake"),
    path("vraag/ontvangen/", views.received, name="received"),
]
