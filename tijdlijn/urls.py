from django.urls import path

from . import views

app_name = "tijdlijn"

urlpatterns = [
    path("mijn/tijdlijn/", views.timeline, name="timeline"),
    path("mijn/tijdlijn/nieuw/", views.entry_add, name="add"),
    path("mijn/tijdlijn/<int:pk>/", views.entry_edit, name="edit"),
    path("mijn/tijdlijn/<int:pk>/verwijderen/", views.entry_delete, name="delete"),
    path("mijn/tijdlijn/afdrukken/", views.print_view, name="print"),
    path("mijn/tijdlijn/tijdlijn.pdf", views.pdf_download, name="pdf"),
    path("mijn/tijdlijn/delen/<int:case_pk>/", views.share, name="share"),
    path("mijn/tijdlijn/gedeeld/<int:pk>/", views.share_detail, name="share_detail"),
    path("mijn/tijdlijn/gedeeld/<int:pk>/stoppen/", views.share_stop, name="share_stop"),
]
