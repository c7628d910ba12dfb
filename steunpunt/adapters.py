"""How allauth fits the steunpunt: its emails go through our task queue, and staff land
in the admin after signing in."""

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.urls import reverse

from . import notifications
from .roles import requires_second_factor
from .selectors import site_settings


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        context = {"site_settings": site_settings(), **context}
        message = self.render_mail(template_prefix, email, context)
        notifications.queue_message(message)

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        if requires_second_factor(request.user):
            return reverse("admin:index")
        return super().get_login_redirect_url(request)
