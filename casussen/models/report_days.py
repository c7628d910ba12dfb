"""The signals report's figures per day, kept so a quarter is not counted again on every
view (see `casussen.report_days`), and the log that tells which days changed since."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SignalsDay(models.Model):
    """The raw (not yet suppressed) counts of one finished local day: the cases received
    that day and the cases resolved that day. Written only by `casussen.report_days`;
    a day is counted again when a `SignalsChange` falls in it."""

    day = models.DateField(_("dag"), unique=True)
    data = models.JSONField(_("cijfers"))
    computed_at = models.DateTimeField(_("berekend op"))

    class Meta:
        verbose_name = _("signalen van een dag")
        verbose_name_plural = _("signalen per dag")
        ordering = ["day"]

    def __str__(self) -> str:
        return self.day.isoformat()


class SignalsChange(models.Model):
    """A moment whose day's figures may have changed: the received or resolved moment of
    a case that was added, changed in something the report counts, tagged, evaluated or
    deleted. Written by database triggers (PostgreSQL; migration 0010), so no way of
    writing a case can skip it; read and removed by `casussen.report_days`."""

    moment = models.DateTimeField(_("moment"), db_index=True)

    class Meta:
        verbose_name = _("wijziging voor de signalen")
        verbose_name_plural = _("wijzigingen voor de signalen")

    def __str__(self) -> str:
        return self.moment.isoformat()
