"""How allauth fits the steunpunt: its emails go through our task queue, staff land in
the admin after signing in, and staff cannot switch off their last second factor."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import outbox
from .roles import requires_second_factor
from .selectors import site_settings
from .site_url import absolute_url


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # allauth leaves the address out of some emails (an unknown account): ours name
        # it, and offer the question form to whoever has no account yet.
        context = {
            "site_settings": site_settings(),
            "email": email,
            "intake_url": absolute_url(reverse("casussen:intake")),
            **context,
        }
        message = self.render_mail(template_prefix, email, context)
        outbox.queue_message(message, kind=template_prefix)

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        if requires_second_factor(request.user):
            return reverse("admin:index")
        return super().get_login_redirect_url(request)


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": _(
            "Als medewerker kun je de tweede stap niet uitzetten. Heb je een nieuwe telefoon "
            "of werkt de app niet meer? Vraag een andere coördinator om je tweede stap "
            "opnieuw te laten instellen."
        ),
    }

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """Staff keep at least one second factor; a coordinator can reset it for them
        (steunpunt.services.user_second_factor_reset)."""
        user = authenticator.user
        if not requires_second_factor(user):
            return True
        if authenticator.type == Authenticator.Type.RECOVERY_CODES:
            return True
        others = (
            Authenticator.objects.filter(user=user)
            .exclude(pk=authenticator.pk)
            .exclude(type=Authenticator.Type.RECOVERY_CODES)
        )
        return others.exists()
