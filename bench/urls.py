"""The project's URLs plus the two bare views the bench compares every page with."""

from django.http import HttpResponse
from django.urls import path
from django.views.generic import TemplateView

from config.urls import urlpatterns as project_urls


def bare(request):
    return HttpResponse("ok")


urlpatterns = [
    path("__bench__/bare/", bare),
    path("__bench__/template/", TemplateView.as_view(template_name="bench/bare.html")),
    *project_urls,
]
