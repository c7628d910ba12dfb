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

        _refuse_impossible_dates_in_admin_filters()


def _refuse_impossible_dates_in_admin_filters() -> None:
    """The admin's date drill-down (`?created_at__year=`) builds a datetime from the
    query string and only turns part of the errors into its "wrong filter" answer: a
    26-digit year (OverflowError) or the year 9999 (no year after it) was a 500. Every
    error of building those dates becomes that answer (back to the list with ?e=1)."""
    from django.contrib.admin.options import IncorrectLookupParameters
    from django.contrib.admin.views.main import ChangeList

    if getattr(ChangeList.get_filters, "_steunpunt_safe", False):
        return
    original = ChangeList.get_filters

    def get_filters(self, request):
        try:
            return original(self, request)
        except (OverflowError, ValueError) as error:
            raise IncorrectLookupParameters(error) from error

    get_filters._steunpunt_safe = True
    ChangeList.get_filters = get_filters
