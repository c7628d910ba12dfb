"""The praatplaat from both sides: the partner of an answered follow-up scores the ten
collaboration topics once the case is resolved (invited once, reminded once), and a
praatplaat as a conversation starter that the parent and one professional each fill in.

Every email is claimed once in the praatplaat outbox (`PraatplaatEmail`) under a key
that names the praatplaat and the kind of email, so a second resolve, a second click or
a sweep that runs twice sends nothing more. The professional's link is signed, expires
(`PRAATPLAAT_LINK_MAX_AGE_DAYS`) and stops working when the parent withdraws the
consent for that organisation."""

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from steunpunt import outbox
from steunpunt.selectors import site_settings
from steunpunt.signed_links import LinkInvalidError, sign, unsign
from steunpunt.site_url import absolute_url

from ..models import Case, FollowUp, Praatplaat, PraatplaatEmail
from .common import S, TransitionRefusedError

PRAATPLAAT_SALT = "casussen.praatplaat"
# An invited professional who has not answered after this long gets one reminder.
PRAATPLAAT_REMINDER_AFTER = timedelta(days=7)
MAX_COMMENT = 2000
BATCH = 500

Kind = Praatplaat.Kind
EmailKind = PraatplaatEmail.Kind
TEMPLATES = {
    EmailKind.INVITE: "casussen/email/praatplaat_invite",
    EmailKind.REMINDER: "casussen/email/praatplaat_reminder",
    EmailKind.CONVERSATION: "casussen/email/praatplaat_conversation",
}


def _nonce() -> str:
    return secrets.token_urlsafe(16)[:32]


def _key(praatplaat: Praatplaat | int, kind: str) -> str:
    pk = praatplaat if isinstance(praatplaat, int) else praatplaat.pk
    return f"praatplaat-{pk}-{kind}"


# --- Signed link ---------------------------------------------------------------------------


def praatplaat_token(praatplaat: Praatplaat) -> str:
    return sign([praatplaat.pk, praatplaat.link_nonce], salt=PRAATPLAAT_SALT)


def praatplaat_link(praatplaat: Praatplaat) -> str:
    return absolute_url(reverse("casussen:praatplaat_partner", args=[praatplaat_token(praatplaat)]))


def praatplaat_for_token(token: str) -> Praatplaat:
    """The praatplaat a professional's link points at. Raises LinkExpiredError or
    LinkInvalidError (also for one never sent to a partner)."""
    max_age = timedelta(days=settings.PRAATPLAAT_LINK_MAX_AGE_DAYS)
    payload = unsign(token, salt=PRAATPLAAT_SALT, max_age=max_age)
    if not isinstance(payload, list) or len(payload) != 2 or not isinstance(payload[0], int):
        raise LinkInvalidError
    pk, nonce = payload
    praatplaat = (
        Praatplaat.objects.select_related("case", "followup__organisation", "followup__consent")
        .filter(pk=pk, followup__isnull=False)
        .first()
    )
    if praatplaat is None or not secrets.compare_digest(praatplaat.link_nonce, str(nonce)):
        raise LinkInvalidError
    return praatplaat


def praatplaat_closed_for_professional(praatplaat: Praatplaat) -> bool:
    """The professional sees nothing of the case any more: the parent withdrew the
    consent for their organisation, the follow-up was cancelled or the case is anonymous."""
    followup = praatplaat.followup
    return (
        followup is None
        or not followup.consent.is_valid
        or followup.status == FollowUp.Status.CANCELLED
        or praatplaat.case.anonymised_at is not None
    )


# --- Answers -------------------------------------------------------------------------------


def clean_answers(*, topics: dict[str, str], comment: str) -> tuple[dict[str, str], str]:
    """The answers as they are stored, or a ValidationError in plain Dutch. At least one
    topic is needed: an empty praatplaat says nothing."""
    known = {key for key, _label in Praatplaat.TOPICS}
    answers = set(Praatplaat.Answer.values)
    topics = {key: value for key, value in topics.items() if value}
    if not set(topics) <= known or not set(topics.values()) <= answers:
        raise ValidationError(_("Een van de antwoorden klopt niet. Kies opnieuw."))
    if not topics:
        raise ValidationError(_("Kies bij minstens één onderwerp een antwoord."))
    comment = comment.strip()
    if len(comment) > MAX_COMMENT:
        raise ValidationError(
            _("De opmerking is te lang. Maak hem korter dan %(max)s tekens.") % {"max": MAX_COMMENT}
        )
    # In the order of the praatplaat, whatever order the form sent.
    return {key: topics[key] for key, _label in Praatplaat.TOPICS if key in topics}, comment


@transaction.atomic
def praatplaat_professional_submit(
    *, praatplaat: Praatplaat, topics: dict[str, str], comment: str = ""
) -> Praatplaat:
    """Store the professional's side, once. Nothing is stored when an answer is wrong."""
    praatplaat = (
        Praatplaat.objects.select_for_update(of=("self",))
        .select_related("case", "followup__consent")
        .get(pk=praatplaat.pk)
    )
    if praatplaat.professional_submitted_at is not None:
        raise TransitionRefusedError(_("Deze praatplaat is al ingevuld. Dank u wel!"))
    if praatplaat_closed_for_professional(praatplaat):
        raise TransitionRefusedError(_("Deze praatplaat kunt u niet meer invullen."))
    topics, comment = clean_answers(topics=topics, comment=comment)
    praatplaat.professional_topics = topics
    praatplaat.professional_comment = comment
    praatplaat.professional_submitted_at = timezone.now()
    praatplaat.save(
        update_fields=["professional_topics", "professional_comment", "professional_submitted_at"]
    )
    return praatplaat


@transaction.atomic
def praatplaat_parent_submit(
    *, praatplaat: Praatplaat, parent, topics: dict[str, str], comment: str = ""
) -> Praatplaat:
    """Store the parent's side of a conversation praatplaat, once. After a case the
    parent's side is their evaluation."""
    praatplaat = (
        Praatplaat.objects.select_for_update(of=("self",))
        .select_related("case")
        .get(pk=praatplaat.pk)
    )
    if praatplaat.kind != Kind.CONVERSATION or praatplaat.case.parent_id != parent.pk:
        raise TransitionRefusedError(_("Deze praatplaat kun je niet invullen."))
    if praatplaat.parent_submitted_at is not None:
        raise TransitionRefusedError(_("Je hebt deze praatplaat al ingevuld. Dank je wel!"))
    topics, comment = clean_answers(topics=topics, comment=comment)
    praatplaat.parent_topics = topics
    praatplaat.parent_comment = comment
    praatplaat.parent_submitted_at = timezone.now()
    praatplaat.save(update_fields=["parent_topics", "parent_comment", "parent_submitted_at"])
    return praatplaat


# --- After a case is resolved --------------------------------------------------------------


def praatplaat_invite_partners(*, case: Case) -> list[Praatplaat]:
    """When a case is resolved: the partner of each answered follow-up (with a consent
    still valid) is asked once for their side of the collaboration. Resolving again
    after a reopen finds the praatplaat and the key taken: nothing is sent twice."""
    answered = (
        FollowUp.objects.filter(
            case=case, status=FollowUp.Status.ANSWERED, consent__withdrawn_at__isnull=True
        )
        .exclude(contact_email="")
        .order_by("pk")
    )
    invited = []
    now = timezone.now()
    for followup in answered:
        praatplaat, _created = Praatplaat.objects.get_or_create(
            kind=Kind.AFTER_CASE,
            followup=followup,
            defaults={"case": case, "link_nonce": _nonce(), "invited_at": now},
        )
        if praatplaat.professional_submitted_at is None:
            outbox.claim_once(
                model=PraatplaatEmail,
                key=_key(praatplaat, EmailKind.INVITE),
                kind=EmailKind.INVITE,
                praatplaat=praatplaat,
                template=TEMPLATES[EmailKind.INVITE],
                to=[followup.contact_email],
            )
        invited.append(praatplaat)
    return invited


def praatplaat_sweep(*, now: datetime | None = None) -> dict[str, int]:
    """Part of the cases' sweep: one reminder a week after the invitation to a
    professional who has not answered (the query leaves out who was reminded), and a new
    attempt for praatplaat emails a crashed worker left."""
    now = now or timezone.now()
    waiting = Praatplaat.objects.filter(
        kind=Kind.AFTER_CASE,
        professional_submitted_at__isnull=True,
        invited_at__lte=now - PRAATPLAAT_REMINDER_AFTER,
        # The link would not open any more: no reminder for it.
        invited_at__gt=now - timedelta(days=settings.PRAATPLAAT_LINK_MAX_AGE_DAYS),
        followup__consent__withdrawn_at__isnull=True,
        case__anonymised_at__isnull=True,
    ).exclude(
        Exists(PraatplaatEmail.objects.filter(praatplaat=OuterRef("pk"), kind=EmailKind.REMINDER))
    )
    todo = list(waiting.order_by("pk").values_list("pk", "followup__contact_email"))
    reminded = 0
    for start in range(0, len(todo), BATCH):
        with transaction.atomic():
            claims = [
                outbox.Claim(
                    key=_key(pk, EmailKind.REMINDER),
                    email=lambda email=email: (TEMPLATES[EmailKind.REMINDER], [email], {}),
                    fields={"kind": EmailKind.REMINDER, "praatplaat_id": pk},
                )
                for pk, email in todo[start : start + BATCH]
            ]
            reminded += len(outbox.claim_many(model=PraatplaatEmail, claims=claims))
    return {
        "praatplaat_reminder": reminded,
        "praatplaat_redelivered": outbox.redeliver_stale(model=PraatplaatEmail, now=now),
    }


# --- A conversation starter ----------------------------------------------------------------


def praatplaat_can_create(case: Case) -> bool:
    return case.status != S.CLOSED and case.anonymised_at is None and case.merged_into_id is None


@transaction.atomic
def praatplaat_create(*, case: Case, actor) -> Praatplaat:
    """An empty praatplaat for a conversation about the case. Asked twice (a double
    click) while the last one is still empty: that one is given back."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not praatplaat_can_create(case):
        raise TransitionRefusedError(
            _("Voor %(reference)s kun je geen praatplaat meer maken.")
            % {"reference": case.reference}
        )
    empty = (
        Praatplaat.objects.filter(
            case=case,
            kind=Kind.CONVERSATION,
            parent_submitted_at__isnull=True,
            professional_submitted_at__isnull=True,
            followup__isnull=True,
        )
        .order_by("-pk")
        .first()
    )
    if empty is not None:
        return empty
    return Praatplaat.objects.create(
        case=case, kind=Kind.CONVERSATION, created_by=actor, link_nonce=_nonce()
    )


def praatplaat_followups(praatplaat: Praatplaat):
    """The follow-ups of the case whose partner may get the professional's link: not
    cancelled, with a consent for that organisation that is still valid."""
    return (
        FollowUp.objects.filter(case_id=praatplaat.case_id, consent__withdrawn_at__isnull=True)
        .exclude(status=FollowUp.Status.CANCELLED)
        .exclude(contact_email="")
        .select_related("organisation")
        .order_by("pk")
    )


@transaction.atomic
def praatplaat_send_to_partner(
    *, praatplaat: Praatplaat, followup: FollowUp, actor
) -> PraatplaatEmail | None:
    """Send the professional's link of a conversation praatplaat to the partner of a
    follow-up of the same case, only while the parent's consent for that organisation
    is valid. Once per praatplaat: None when it was sent already."""
    praatplaat = Praatplaat.objects.select_for_update().get(pk=praatplaat.pk)
    followup = (
        FollowUp.objects.select_related("consent", "organisation")
        .filter(pk=followup.pk, case_id=praatplaat.case_id)
        .first()
    )
    if praatplaat.kind != Kind.CONVERSATION:
        raise TransitionRefusedError(_("Deze praatplaat gaat al vanzelf naar de partner."))
    if followup is None or followup.status == FollowUp.Status.CANCELLED:
        raise ValidationError(_("Kies een organisatie van deze vraag."))
    if not followup.consent.is_valid:
        raise ValidationError(
            _("Er is geen toestemming (meer) voor %(organisation)s.")
            % {"organisation": followup.organisation.name}
        )
    if praatplaat.professional_submitted_at is not None:
        raise TransitionRefusedError(_("De professional heeft deze praatplaat al ingevuld."))
    if praatplaat.followup_id not in (None, followup.pk):
        raise TransitionRefusedError(
            _("Deze praatplaat is al naar een andere organisatie gestuurd. Maak een nieuwe.")
        )
    if praatplaat.followup_id is None:
        praatplaat.followup = followup
        praatplaat.invited_at = timezone.now()
        praatplaat.save(update_fields=["followup", "invited_at"])
    return outbox.claim_once(
        model=PraatplaatEmail,
        key=_key(praatplaat, EmailKind.CONVERSATION),
        kind=EmailKind.CONVERSATION,
        praatplaat=praatplaat,
        template=TEMPLATES[EmailKind.CONVERSATION],
        to=[followup.contact_email],
    )


# --- The outbox: still relevant, and the context at delivery -------------------------------


def email_still_relevant(row: PraatplaatEmail) -> bool:
    praatplaat = Praatplaat.objects.select_related("case", "followup__consent").get(
        pk=row.praatplaat_id
    )
    return praatplaat.professional_submitted_at is None and not (
        praatplaat_closed_for_professional(praatplaat)
    )


def email_drafts(rows: list[PraatplaatEmail]) -> dict[int, outbox.Draft]:
    praatplaten = Praatplaat.objects.select_related("case", "followup__organisation").in_bulk(
        {row.praatplaat_id for row in rows}
    )
    shared = site_settings()
    drafts = {}
    for row in rows:
        praatplaat = praatplaten[row.praatplaat_id]
        drafts[row.pk] = outbox.Draft(
            context={
                "praatplaat": praatplaat,
                "case": praatplaat.case,
                "organisation": praatplaat.followup.organisation,
                "link": praatplaat_link(praatplaat),
                "link_days": settings.PRAATPLAAT_LINK_MAX_AGE_DAYS,
                "site_settings": shared,
            }
        )
    return drafts


# --- Both sides next to each other ---------------------------------------------------------


def side_by_side(praatplaat: Praatplaat, *, evaluation=None) -> list[dict]:
    """Per topic: the parent's answer and the professional's, as labels, and whether
    they differ. After a case the parent's side is their evaluation (`evaluation`)."""
    if praatplaat.kind == Kind.AFTER_CASE:
        parent = evaluation.topics if evaluation is not None and evaluation.submitted_at else {}
    else:
        parent = praatplaat.parent_topics
    professional = praatplaat.professional_topics
    labels = dict(Praatplaat.Answer.choices)
    rows = []
    for key, label in Praatplaat.TOPICS:
        mine, theirs = parent.get(key), professional.get(key)
        rows.append(
            {
                "key": key,
                "topic": label,
                "parent": labels.get(mine, ""),
                "professional": labels.get(theirs, ""),
                "differs": bool(mine and theirs and mine != theirs),
            }
        )
    return rows


def praatplaten_for_parent(case: Case) -> list[Praatplaat]:
    """The conversation praatplaten the parent sees on their case page."""
    return list(
        Praatplaat.objects.filter(case=case, kind=Praatplaat.Kind.CONVERSATION).order_by("-pk")
    )
