from django.http import HttpRequest

from .selectors import site_settings


def site(request: HttpRequest) -> dict:
    return {"site_settings": site_settings()}
