"""The authentication backends: Django's and allauth's, with the signed-in user read by a
query compiled once per process (`steunpunt.compiled`), since every signed-in request
reads its user."""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.core.exceptions import ValidationError
from django.db import router

from .compiled import CompiledQuery

_ID_MARK = -987654320

_USER = CompiledQuery(lambda pk: get_user_model()._default_manager.filter(pk=pk), _ID_MARK)


class CompiledUserMixin:
    def get_user(self, user_id):
        # As Django's ModelBackend.get_user: the user with this id, if they may sign in.
        model = get_user_model()
        try:
            pk = model._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        users = _USER.instances(model, pk, using=router.db_for_read(model))
        user = users[0] if users else None
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(CompiledUserMixin, DjangoModelBackend):
    pass


class AuthenticationBackend(CompiledUserMixin, AllauthBackend):
    pass
