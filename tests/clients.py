"""A test client whose `force_login` models a completed sign-in.

Staff (coordinators, editors, the privacy officer) open nothing without a session that
completed the second step. A plain `force_login` writes no authentication records, so
this client writes the ones allauth writes after a password and an accepted TOTP code,
when the user has an authenticator app. Tests that prove refusal pass
`second_factor=False` (a session after only the first factor).
"""

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from django.http import HttpRequest
from django.test import Client


class SecondFactorClient(Client):
    def force_login(self, user, backend=None, *, second_factor: bool | None = None):
        super().force_login(user, backend)
        totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
        if second_factor is False or (second_factor is None and totp is None):
            return
        if totp is None:
            raise ValueError("second_factor=True needs a user with an authenticator app")
        session = self.session
        request = HttpRequest()
        request.session = session
        request.user = user
        record_authentication(request, user, "password")
        record_authentication(request, user, "mfa", id=totp.pk, type=totp.type)
        session.save()
