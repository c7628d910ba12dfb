from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("contact/", views.contact, name="contact"),
    path("privacy/", views.privacy, name="privacy"),
    path("mijn/verwijderen/", views.erasure_request, name="erasure_request"),
    path("toegankelijkheid/", views.accessibility, name="accessibility"),
    path("favicon.ico", views.favicon),
]
