from django.urls import path

from . import directory, views

app_name = "kennisbank"

urlpatterns = [
    path("kennisbank/", views.index, name="index"),
    path("kennisbank/suggesties/", views.suggestions, name="suggestions"),
    path("kennisbank/voorbeeld/", views.preview, name="preview"),
    path("kennisbank/<slug:slug>/", views.article, name="article"),
    path("kennisbank/<slug:slug>/afdrukken/", views.article_print, name="article_print"),
    path("kennisbank/<slug:slug>/reactie/", views.feedback, name="feedback"),
    path("kennisbank/<slug:slug>/bijlage/<int:pk>/", views.attachment, name="attachment"),
    path("wegwijzer/", directory.directory, name="directory"),
]
