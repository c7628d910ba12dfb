from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class SteunpuntConfig(AppConfig):
    """The shared core: people and roles, organisations, themes and the public pages."""

    name = "steunpunt"
    verbose_name = _("Steunpunt")

    def ready(self) -> None:
        from . import checks, notifications, outbox, personal_data, receivers, retention
        from .models import DigestEmail, OutgoingEmail

        checks.register()
        outbox.register(
            DigestEmail,
            still_relevant=notifications.digest_still_relevant,
            drafts=notifications.digest_drafts,
        )
        # Plain emails are rendered in the request: always relevant, nothing to draft.
        outbox.register(OutgoingEmail, still_relevant=lambda row: True, drafts=lambda rows: {})
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
    """The admin turns a wrong filter in the query string into its "wrong filter" answer
    (back to the list with ?e=1) only for part of the errors: a 26-digit year in the
    date drill-down (`?created_at__year=`, OverflowError), the year 9999 (no year after
    it), or a 26-digit id in a plain lookup (`?subject=`, which SQLite refuses only when
    the query runs) were a 500. Every such error becomes that answer."""
    from django.contrib.admin.options import IncorrectLookupParameters
    from django.contrib.admin.views.main import ChangeList

    def refusing(original, errors):
        def method(self, request):
            try:
                return original(self, request)
            except errors as error:
                raise IncorrectLookupParameters(error) from error

        method._steunpunt_safe = True
        return method

    if not getattr(ChangeList.get_filters, "_steunpunt_safe", False):
        ChangeList.get_filters = refusing(ChangeList.get_filters, (OverflowError, ValueError))
    if not getattr(ChangeList.get_results, "_steunpunt_safe", False):
        ChangeList.get_results = refusing(ChangeList.get_results, (OverflowError,))


class AdminConfig(admin_apps.AdminConfig):
    """`django.contrib.admin` with `steunpunt.admin_site.SteunpuntAdminSite` as
    `admin.site` (the list of apps kept per set of permissions, issue #12). Named in
    INSTALLED_APPS instead of "django.contrib.admin"."""

    # Not the config of the "steunpunt" entry in INSTALLED_APPS (SteunpuntConfig is).
    default = False
    default_site = "steunpunt.admin_site.SteunpuntAdminSite"
