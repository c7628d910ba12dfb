"""Business actions of the published signals: prepare, change a concept, and move a
publication through its workflow (submit, approve, send back, withdraw)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from casussen.reports import Quarter
from kennisbank.rendering import render_markdown
from steunpunt import outbox, roles
from steunpunt.models import User
from steunpunt.selectors import site_settings
from steunpunt.site_url import absolute_url

from . import rules, snapshot, workflow
from .models import Publication, PublicationEvent


class TransitionRefusedError(ValidationError):
    """A step the workflow does not allow now; the message says why."""


def already_one() -> str:
    return _("Voor dit kwartaal is er al een publicatie. Pas die aan of trek hem eerst in.")


def _check_quarter(year: int, quarter: int) -> Quarter:
    chosen = Quarter(year, quarter)
    if chosen.last_day >= timezone.localdate():
        raise ValidationError(
            _("Dit kwartaal is nog niet voorbij. Kies een kwartaal dat al is afgelopen.")
        )
    return chosen


def _check_sections(sections: list[str]) -> list[str]:
    known = [key for key, _label in snapshot.section_choices()]
    if not sections:
        raise ValidationError(_("Kies minstens één tabel of grafiek."))
    unknown = set(sections) - set(known)
    if unknown:
        raise ValidationError(_("Onbekend onderdeel: %(keys)s.") % {"keys": ", ".join(unknown)})
    return [key for key in known if key in sections]


def _record(publication: Publication, action: str, actor, note: str = "") -> None:
    PublicationEvent.objects.create(publication=publication, action=action, actor=actor, note=note)


def _take_figures(publication: Publication, *, recount: bool) -> None:
    """Count the quarter (or reuse the counts of this concept) and suppress them against
    everything published so far."""
    figures, counted = snapshot.build(
        year=publication.year,
        quarter=publication.quarter,
        sections=publication.sections,
        exclude_pk=publication.pk,
        counted=None if recount else publication.counted or None,
    )
    publication.figures = figures
    if recount or not publication.counted:
        publication.counted = counted
        publication.counted_at = timezone.now()


def publication_prepare(
    *,
    year: int,
    quarter: int,
    title: str,
    summary: str,
    sections: list[str],
    is_public: bool,
    actor,
) -> Publication:
    """A new concept for a finished quarter, with its figures counted now."""
    if not rules.may_prepare(actor):
        raise PermissionDenied(_("Alleen een coördinator maakt een publicatie."))
    _check_quarter(year, quarter)
    publication = Publication(
        year=year,
        quarter=quarter,
        title=title.strip(),
        summary=summary,
        summary_html=render_markdown(summary),
        sections=_check_sections(sections),
        is_public=is_public,
        prepared_by=actor,
    )
    _take_figures(publication, recount=True)
    try:
        with transaction.atomic():
            publication.save()
    except IntegrityError:
        raise ValidationError(already_one()) from None
    _record(publication, "prepared", actor)
    return publication


@transaction.atomic
def publication_update(
    *,
    publication: Publication,
    title: str,
    summary: str,
    sections: list[str],
    is_public: bool,
    recount: bool,
    actor,
) -> Publication:
    """Change a concept. Its figures stay as counted unless `recount` asks to count the
    quarter again; once offered for approval nothing changes any more."""
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    if not rules.may_prepare(actor):
        raise PermissionDenied(_("Alleen een coördinator past een publicatie aan."))
    if publication.status != Publication.Status.DRAFT:
        raise TransitionRefusedError(
            _("Deze publicatie is geen concept meer en kan niet meer veranderen.")
        )
    publication.title = title.strip()
    publication.summary = summary
    publication.summary_html = render_markdown(summary)
    publication.sections = _check_sections(sections)
    publication.is_public = is_public
    _take_figures(publication, recount=recount)
    publication.save()
    _record(publication, "recounted" if recount else "edited", actor)
    return publication


@transaction.atomic
def publication_transition(
    *, publication: Publication, action: str, actor, note: str = ""
) -> Publication:
    """One step of the workflow. Approving needs a second person: an editor or a
    coordinator who did not prepare the publication and did not offer it."""
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    if action not in workflow.TRANSITIONS:
        raise TransitionRefusedError(_("Onbekende stap."))
    sources, target = workflow.TRANSITIONS[action]
    if publication.status not in sources:
        raise TransitionRefusedError(
            _("'%(title)s' is %(status)s: deze stap kan nu niet.")
            % {"title": publication.title, "status": publication.get_status_display()}
        )
    if action == "submit" and not rules.may_prepare(actor):
        raise PermissionDenied(_("Alleen een coördinator biedt een publicatie aan."))
    if action in {"approve", "reject"}:
        if not rules.may_review(actor):
            raise PermissionDenied(_("Alleen een redacteur of coördinator keurt goed."))
        if actor.pk in {publication.prepared_by_id, publication.submitted_by_id}:
            raise TransitionRefusedError(
                _(
                    "Je hebt deze publicatie zelf gemaakt of aangeboden. "
                    "Een redacteur of een andere coördinator moet hem goedkeuren."
                )
            )
    if action == "withdraw" and not rules.may_review(actor):
        raise PermissionDenied(_("Alleen een redacteur of coördinator trekt een publicatie in."))
    now = timezone.now()
    publication.status = target
    if action == "submit":
        publication.submitted_by = actor
    elif action == "approve":
        # The counts stay as prepared; only the suppression is done again, against what
        # may have been published since it was prepared.
        _take_figures(publication, recount=False)
        publication.approved_by = actor
        publication.published_at = now
    elif action == "withdraw":
        publication.withdrawn_at = now
    publication.save()
    _record(publication, action, actor, note)
    _notify(publication=publication, action=action, actor=actor, note=note)
    return publication


def _notify(*, publication: Publication, action: str, actor, note: str) -> None:
    """Offered: every editor and coordinator who may approve it hears. Approved or sent
    back: who prepared it hears."""
    if action == "submit":
        recipients = list(
            User.objects.filter(
                Q(groups__name=roles.EDITOR) | Q(groups__name=roles.COORDINATOR),
                is_active=True,
            )
            .exclude(pk__in=[actor.pk, publication.prepared_by_id or actor.pk])
            .order_by("email")
            .values_list("email", flat=True)
            .distinct()
        )
        template = "signalen/email/review_requested"
    elif action in {"approve", "reject"} and publication.prepared_by:
        recipients = [publication.prepared_by.email]
        template = "signalen/email/decided"
    else:
        return
    if not recipients:
        return
    outbox.send_templated_email(
        template=template,
        to=recipients,
        context={
            "publication": publication,
            "actor": actor,
            "note": note,
            "approved": action == "approve",
            "site_settings": site_settings(),
            "admin_url": absolute_url(
                reverse("admin:signalen_publication_change", args=[publication.pk])
            ),
        },
    )
