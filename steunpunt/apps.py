from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SteunpuntConfig(AppConfig):
    """The shared core: people and roles, organisations, themes and the public pages."""

    name = "steunpunt"
    verbose_name = _("Steunpunt")

    def ready(self) -> None:
        from . import checks, personal_data, receivers, retention

        checks.register()
        receivers.connect()
        retention.register_core()
        personal_data.register_account_section()

        # The admin builds its own choice fields for relations: give it ours too, so an
        # out-of-range id in any admin form is a form error (steunpunt.forms). Runs
        # before the admin registers its model admins (steunpunt comes first).
        from django.contrib.admin import options
        from django.db import models

        from .forms import ModelChoiceField, ModelMultipleChoiceField

        defaults = options.FORMFIELD_FOR_DBFIELD_DEFAULTS
        for relation in (models.ForeignKey, models.OneToOneField):
            defaults.setdefault(relation, {})["form_class"] = ModelChoiceField
        defaults.setdefault(models.ManyToManyField, {})["form_class"] = ModelMultipleChoiceField
