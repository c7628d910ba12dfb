"""Headers of every open data answer: readable from any website (CORS, no credentials)
and cacheable by anyone for as long as the server caches it."""

from django.conf import settings
from django.utils.cache import patch_cache_control

PREFIX = "/api/"


class OpenDataHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(PREFIX) and request.method in ("GET", "HEAD", "OPTIONS"):
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            if response.status_code == 200 and "no-store" not in response.get("Cache-Control", ""):
                patch_cache_control(response, public=True, max_age=settings.OPEN_DATA_CACHE_SECONDS)
        return response
