from django.urls import path

from . import views

app_name = "signalen"

urlpatterns = [
    path("signalen/", views.public_list, name="list"),
    path("signalen/<int:pk>/", views.public_detail, name="detail"),
    path("signalen/<int:pk>/afdrukken/", views.public_print, name="print"),
    path("partner/signalen/", views.partner_list, name="partner_list"),
    path("partner/signalen/<int:pk>/", views.partner_detail, name="partner_detail"),
    path("partner/signalen/<int:pk>/afdrukken/", views.partner_print, name="partner_print"),
]
