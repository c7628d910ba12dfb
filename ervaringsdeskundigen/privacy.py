"""What the policy pool contributes to the retention job, to erasure and to the
parent's data download (registered in apps.py).

- The pool membership goes 12 months after the parent stopped (or was not taken on).
- An invitation goes 12 months after the request's last meeting, unless an allowance
  was paid for it: then 7 years after the year of payment (the tax rules).
- Erasure removes the membership and every invitation without a payment; a paid one is
  kept, with the reason, until its term ends."""

from datetime import date, datetime

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from steunpunt import erasure, retention
from steunpunt import personal_data as registry
from steunpunt.personal_data import SectionData

from .models import Format, Invitation, Moment, PerspectiveRequest, PoolMember

M = PoolMember.Status

# --- Retention ---------------------------------------------------------------------------


def members_due(moment: datetime) -> QuerySet:
    return PoolMember.objects.filter(status__in=[M.STOPPED, M.REJECTED], stopped_at__lt=moment)


def members_apply(pks: list) -> int:
    deleted = PoolMember.objects.filter(pk__in=pks).delete()[1]
    return deleted.get(PoolMember._meta.label, 0)


def invitations_due(moment: datetime) -> QuerySet:
    """Unpaid, and the request's last meeting (or its cancellation) was before `moment`."""
    day = moment.date()
    ended = Q(request__last_date__lt=day) | Q(request__cancelled_at__lt=moment)
    return Invitation.objects.filter(paid_on__isnull=True).filter(ended)


def invitations_apply(pks: list) -> int:
    deleted = Invitation.objects.filter(pk__in=pks).delete()[1]
    return deleted.get(Invitation._meta.label, 0)


def allowances_due(moment: datetime) -> QuerySet:
    """Paid in a year that ended more than the term before `moment`."""
    return Invitation.objects.filter(paid_on__lt=date(moment.year, 1, 1))


def busy_users() -> list[QuerySet]:
    """A parent in the pool, or with a kept payment, keeps their account."""
    return [
        PoolMember.objects.exclude(status__in=[M.STOPPED, M.REJECTED]).values("user_id"),
        Invitation.objects.values("parent_id"),
    ]


# --- Erasure -----------------------------------------------------------------------------


def _paid_reason() -> str:
    return _(
        "Je kreeg hiervoor een vrijwilligersvergoeding. Betalingen moeten we voor de "
        "belasting 7 jaar bewaren. Daarna verwijderen we ook dit."
    )


def preview(user) -> list[erasure.Item]:
    items = []
    if PoolMember.objects.filter(user=user).exists():
        items.append(erasure.Item(_("Aanmelding als ervaringsdeskundige"), 1))
    unpaid = Invitation.objects.filter(parent=user, paid_on__isnull=True).count()
    paid = Invitation.objects.filter(parent=user, paid_on__isnull=False).count()
    if unpaid:
        items.append(erasure.Item(_("Uitnodigingen om mee te denken over beleid"), unpaid))
    if paid:
        items.append(
            erasure.Item(_("Uitnodigingen met een betaalde vergoeding"), paid, True, _paid_reason())
        )
    return items


def erase(user) -> list[erasure.Item]:
    items = preview(user)
    Invitation.objects.filter(parent=user, paid_on__isnull=True).delete()
    PoolMember.objects.filter(user=user).delete()
    return items


# --- The parent's download ---------------------------------------------------------------

LABELS = {
    "member": gettext_lazy("Je aanmelding"),
    "status": gettext_lazy("Status"),
    "joined_at": gettext_lazy("Aangemeld op"),
    "stopped_at": gettext_lazy("Gestopt op"),
    "themes": gettext_lazy("Thema's"),
    "municipalities": gettext_lazy("Gemeenten"),
    "formats": gettext_lazy("Manieren van meedenken"),
    "moments": gettext_lazy("Wanneer in de dag"),
    "experience": gettext_lazy("Je ervaring"),
    "max_per_year": gettext_lazy("Hoe vaak per jaar"),
    "intake_held_at": gettext_lazy("Kennismakingsgesprek op"),
    "training_date": gettext_lazy("Training gevolgd op"),
    "invitations": gettext_lazy("Uitnodigingen"),
    "topic": gettext_lazy("Onderwerp"),
    "organisation": gettext_lazy("Organisatie"),
    "format": gettext_lazy("Vorm"),
    "dates": gettext_lazy("Data"),
    "invited_at": gettext_lazy("Uitgenodigd op"),
    "answered_at": gettext_lazy("Geantwoord op"),
    "allowance_paid": gettext_lazy("Vergoeding betaald (euro)"),
    "paid_on": gettext_lazy("Betaald op"),
}


def _labels_of(codes: list[str], choices) -> list[str]:
    names = dict(choices.choices)
    return [str(names.get(code, code)) for code in codes]


def export(user) -> SectionData:
    member = (
        PoolMember.objects.filter(user=user).prefetch_related("themes", "municipalities").first()
    )
    invitations = (
        Invitation.objects.filter(parent=user)
        .select_related("request__organisation")
        .order_by("invited_at")
    )
    return SectionData(
        {
            "member": None
            if member is None
            else {
                "status": member.get_status_display(),
                "joined_at": member.created_at,
                "stopped_at": member.stopped_at,
                "themes": [theme.name for theme in member.themes.all()],
                "municipalities": [place.name for place in member.municipalities.all()],
                "formats": _labels_of(member.formats, Format),
                "moments": _labels_of(member.moments, Moment),
                "experience": member.experience,
                "max_per_year": member.max_per_year,
                "intake_held_at": member.intake_held_at,
                "training_date": member.training_date,
            },
            "invitations": [
                {
                    "topic": item.request.topic,
                    "organisation": item.request.organisation.name,
                    "format": item.request.get_format_display(),
                    "dates": item.request.dates,
                    "invited_at": item.invited_at,
                    "status": item.get_status_display(),
                    "answered_at": item.answered_at,
                    "allowance_paid": None
                    if item.allowance_paid is None
                    else str(item.allowance_paid),
                    "paid_on": item.paid_on,
                }
                for item in invitations
            ],
        }
    )


def register() -> None:
    for kind in (
        retention.RetentionKind(
            "ervaringsdeskundigen.pool", "policy_pool", members_due, members_apply
        ),
        retention.RetentionKind(
            "ervaringsdeskundigen.invitations",
            "policy_invitations",
            invitations_due,
            invitations_apply,
        ),
        retention.RetentionKind(
            "ervaringsdeskundigen.allowances",
            "policy_allowances",
            allowances_due,
            invitations_apply,
        ),
    ):
        retention.register(kind)
    retention.register_account_activity(busy_users)
    erasure.register(erasure.Provider("ervaringsdeskundigen", preview, erase))
    registry.register(
        key="policy_pool",
        title=gettext_lazy("Meedenken over beleid"),
        collect=export,
        labels=LABELS,
        position=65,
        description=gettext_lazy(
            "Als je ervaringsdeskundige bent: je aanmelding, de uitnodigingen om mee te "
            "denken en de vergoedingen die je kreeg."
        ),
    )


__all__ = ["PerspectiveRequest", "register"]
