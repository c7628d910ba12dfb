"""The parent panel and its consultations: joining, opening, inviting, answering
(unlinkably, in sealed batches), results and the summary; and the sweep's batches."""

import logging
import random
import secrets
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from steunpunt import outbox
from steunpunt.models import Municipality, Theme
from steunpunt.site_url import absolute_url
from steunpunt.stats import MIN_CELL, SUPPRESSED, suppress

from .. import rules, sealing, workflow
from ..models import (
    Answer,
    Consultation,
    Invitation,
    PanelMember,
    Question,
    Response,
    SealedResponse,
)
from .common import ActionRefusedError, _context, _reverse_or_none

logger = logging.getLogger(__name__)


# --- Parent panel and consultations ---------------------------------------------------------
#
# Anonymity: an `Invitation` knows who was asked and only *whether* they answered; a
# `Response` knows only its consultation. Nothing here logs or records who answered
# when, responses have random keys, and results are shown only once a consultation is
# finished and at least 5 parents answered, with every count below 5 suppressed.
#
# Unlinkability (docs/adr/0004-unlinkable-consultation-answers.md): answering writes
# the flag and an encrypted, fixed-size `SealedResponse` in one transaction. Only when
# the consultation is finished (closed, or its last day passed) are the sealed answers
# opened and written as `Response` rows, all in one other transaction, in an order
# shuffled by `secrets.SystemRandom`, and only when there are at least 5 of them; fewer
# stay sealed. So no transaction id, physical row order or key ties an answer to the
# flag of the parent who gave it.

PANEL_CONSENT_TEXT = _lazy(
    "Ik wil af en toe een korte vragenlijst van het steunpunt krijgen over mijn ervaringen. "
    "Ik kies elke keer zelf of ik meedoe. Mijn antwoorden worden bewaard zonder mijn naam. "
    "Ik kan altijd stoppen."
)
OPEN_ANSWER_MAX_LENGTH = 2000
# Within this many days after the closing date the participants get a summary.
SUMMARY_WITHIN_DAYS = 42
C = Consultation.Status


def answer_field_name(question: Question) -> str:
    """The name of a question's field in the answer form, and the key of its error."""
    return f"vraag_{question.pk}"


def summary_expected_by(consultation: Consultation) -> date:
    return consultation.closes_on + timedelta(days=SUMMARY_WITHIN_DAYS)


def _consultation_url(consultation: Consultation) -> str:
    return absolute_url(reverse("oudernetwerk:consultation", args=[consultation.pk]))


def _send_to_each(*, template: str, recipients: Iterable[str], context: dict) -> int:
    """The same email, rendered once, to every recipient on their own (nobody sees who
    else got it)."""
    recipients = sorted(set(recipients))
    if not recipients:
        return 0
    subject, body, html = outbox.render_email(template=template, context=context)
    for email in recipients:
        outbox.queue_email(subject=subject, body=body, html=html, to=[email])
    return len(recipients)


@transaction.atomic
def panel_join(
    *, user, municipality: Municipality, consent: bool, themes: Sequence[Theme] = ()
) -> PanelMember:
    """A parent joins the parent panel, agreeing to `PANEL_CONSENT_TEXT` (kept on the
    row in the words they saw). Joining again after stopping is fine."""
    if not consent:
        raise ValidationError(_("Zet een vinkje als je mee wilt doen."))
    if not rules.may_join_panel(user):
        raise ActionRefusedError(
            _("Het ouderpanel is voor ouders. Meld je aan met je eigen, persoonlijke account.")
        )
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    member = PanelMember.objects.filter(user=user).first() or PanelMember(user=user)
    if member.pk and member.is_active:
        raise ActionRefusedError(_("Je zit al in het ouderpanel."))
    with translation.override(settings.LANGUAGE_CODE):
        member.consent_text = str(PANEL_CONSENT_TEXT)
    member.municipality = municipality
    member.joined_at = timezone.now()
    member.withdrawn_at = None
    member.save()
    member.themes.set(themes)
    return member


@transaction.atomic
def panel_withdraw(*, user) -> int:
    """Stop with the panel: no new invitations, and the ones not answered yet for
    consultations still running are taken back. Answers already given stay: they carry
    no name, so nobody can find them again. Returns how many invitations were removed."""
    member = (
        PanelMember.objects.select_for_update().filter(user=user, withdrawn_at__isnull=True).first()
    )
    if member is None:
        raise ActionRefusedError(_("Je zit niet in het ouderpanel."))
    member.withdrawn_at = timezone.now()
    member.save(update_fields=["withdrawn_at"])
    removed, _counts = Invitation.objects.filter(
        user=user, has_answered=False, consultation__status__in=[C.DRAFT, C.OPEN]
    ).delete()
    return removed


def _lock_consultation(consultation: Consultation) -> Consultation:
    return Consultation.objects.select_for_update().get(pk=consultation.pk)


def consultation_problems(*, consultation: Consultation, today: date | None = None) -> list[str]:
    """What must be fixed before a consultation can open, in Dutch; empty when ready."""
    today = today or timezone.localdate()
    problems = []
    questions = list(consultation.questions.all())
    if not questions:
        problems.append(_("Voeg eerst minstens één vraag toe."))
    for question in questions:
        if question.kind == Question.Kind.CHOICE and len(question.options) < 2:
            problems.append(
                _("Geef de vraag '%(question)s' minstens twee keuzes.") % {"question": question}
            )
    if consultation.closes_on < today:
        problems.append(_("De sluitdatum is al voorbij. Kies een latere datum."))
    return problems


@transaction.atomic
def consultation_open(*, consultation: Consultation, actor) -> Consultation:
    """Draft to open: from now on the questions are fixed and parents can be invited."""
    consultation = _lock_consultation(consultation)
    if not workflow.consultation_may_move(consultation.status, C.OPEN):
        raise ActionRefusedError(
            _("'%(title)s' is niet meer een concept.") % {"title": consultation}
        )
    problems = consultation_problems(consultation=consultation)
    if problems:
        raise ActionRefusedError(problems)
    consultation.status = C.OPEN
    consultation.opened_at = timezone.now()
    consultation.save(update_fields=["status", "opened_at", "updated_at"])
    return consultation


@transaction.atomic
def consultation_close(
    *, consultation: Consultation, actor, rng: random.Random | None = None
) -> Consultation:
    """Open to closed: nobody can answer any more, the sealed answers are written as
    one shuffled batch (when there are at least 5), and the results can be read."""
    consultation = _lock_consultation(consultation)
    if not workflow.consultation_may_move(consultation.status, C.CLOSED):
        raise ActionRefusedError(_("'%(title)s' is niet open.") % {"title": consultation})
    _mark_closed(consultation)
    _write_batch(consultation=consultation, rng=rng)
    return consultation


def _mark_closed(consultation: Consultation) -> None:
    consultation.status = C.CLOSED
    consultation.closed_at = timezone.now()
    consultation.save(update_fields=["status", "closed_at", "updated_at"])


def consultation_write_answers(
    *, consultation: Consultation, rng: random.Random | None = None
) -> int:
    """For a finished consultation: write its sealed answers as one shuffled batch.

    A consultation whose last day passed while it was still open is closed for good
    first, so no answer can come after its batch (a later batch would be smaller than
    5). Safe to run at any moment and twice at once. Returns how many were written."""
    with transaction.atomic():
        consultation = _lock_consultation(consultation)
        if consultation.status == C.OPEN and consultation.is_finished():
            _mark_closed(consultation)
        if consultation.status != C.CLOSED:
            return 0
        return _write_batch(consultation=consultation, rng=rng)


def _write_batch(*, consultation: Consultation, rng: random.Random | None) -> int:
    """Open every sealed answer of a closed (and locked) consultation and write them as
    `Response` rows in one transaction, in shuffled order. Fewer than 5 stay sealed: a
    batch that small would point at the few parents whose flag was set.

    `rng` is for tests only; it defaults to the operating system's randomness. The answers
    are put in an order of their content first, so even the order in which the sealed
    rows are read plays no part."""
    sealed_rows = list(SealedResponse.objects.filter(consultation=consultation))
    if len(sealed_rows) < MIN_CELL:
        return 0
    opened, read_rows = [], []
    for row in sealed_rows:
        values = sealing.unseal(consultation_id=consultation.pk, sealed=row.sealed)
        if values is not None:
            opened.append(sorted(values.items()))
            read_rows.append(row.pk)
    unreadable = len(sealed_rows) - len(read_rows)
    if unreadable:
        logger.warning(
            "consultation %s: %s sealed answers cannot be opened with the current or "
            "fallback secret keys",
            consultation.pk,
            unreadable,
        )
    if len(opened) < MIN_CELL:
        return 0
    opened.sort()
    (rng or secrets.SystemRandom()).shuffle(opened)
    questions = {question.pk: question for question in consultation.questions.all()}
    responses = [Response(consultation=consultation) for _values in opened]
    Response.objects.bulk_create(responses)
    Answer.objects.bulk_create(
        [
            Answer(
                response=response,
                question=questions[question_pk],
                choice=value if questions[question_pk].kind == Question.Kind.CHOICE else "",
                text=value if questions[question_pk].kind == Question.Kind.OPEN else "",
            )
            for response, values in zip(responses, opened, strict=True)
            for question_pk, value in values
            if question_pk in questions
        ]
    )
    SealedResponse.objects.filter(pk__in=read_rows).delete()
    logger.info("consultation %s: wrote a batch of %s answers", consultation.pk, len(opened))
    return len(opened)


def sweep_consultations(now: datetime) -> int:
    """Write the batch of every consultation that finished with sealed answers waiting:
    the ones whose last day passed without anyone closing them. Returns how many answers
    were written."""
    today = timezone.localdate(now)
    waiting = Consultation.objects.annotate(sealed=Count("sealed_responses")).filter(
        Q(status=C.OPEN, closes_on__lt=today, sealed__gt=0)
        | Q(status=C.CLOSED, sealed__gte=MIN_CELL)
    )
    return sum(consultation_write_answers(consultation=consultation) for consultation in waiting)


def answered_count(*, consultation: Consultation) -> int:
    """How many parents answered: the written responses and the sealed ones waiting."""
    return consultation.responses.count() + consultation.sealed_responses.count()


def members_to_invite(*, consultation: Consultation) -> QuerySet[PanelMember]:
    """Active panel members who fit the consultation's municipalities and themes (an
    empty filter means everyone) and were not invited yet."""
    members = PanelMember.objects.filter(withdrawn_at__isnull=True, user__is_active=True)
    municipalities = list(consultation.municipalities.values_list("pk", flat=True))
    if municipalities:
        members = members.filter(municipality__in=municipalities)
    themes = list(consultation.themes.values_list("pk", flat=True))
    if themes:
        members = members.filter(
            pk__in=PanelMember.themes.through.objects.filter(theme__in=themes).values("panelmember")
        )
    invited = Invitation.objects.filter(consultation=consultation).values("user")
    return members.exclude(user__in=invited).order_by("pk")


@transaction.atomic
def consultation_invite(*, consultation: Consultation, actor) -> int:
    """Invite every fitting panel member not invited yet; each gets an email with what
    it is about, how long it takes, the last day and the link. Returns how many."""
    consultation = _lock_consultation(consultation)
    if not consultation.accepts_answers():
        raise ActionRefusedError(
            _("Uitnodigen kan als de raadpleging open is en de sluitdatum nog niet voorbij is.")
        )
    members = list(members_to_invite(consultation=consultation).select_related("user"))
    now = timezone.now()
    Invitation.objects.bulk_create(
        [Invitation(consultation=consultation, user=m.user, invited_at=now) for m in members]
    )
    _send_to_each(
        template="oudernetwerk/email/consultation_invitation",
        recipients=[m.user.email for m in members],
        context=_context(
            consultation=consultation,
            question_count=consultation.questions.count(),
            consultation_url=_consultation_url(consultation),
            panel_url=_reverse_or_none("oudernetwerk:consultations"),
        ),
    )
    return len(members)


def clean_answers(
    *, questions: Sequence[Question], answers: Mapping[int, str]
) -> list[tuple[Question, str]]:
    """The answers worth storing, checked against the questions. Errors are keyed by the
    answer form's field names, so the page shows each beside its question."""
    errors = {}
    cleaned = []
    for question in questions:
        value = (answers.get(question.pk) or "").strip()
        name = answer_field_name(question)
        if question.kind == Question.Kind.CHOICE:
            if value and value not in question.options:
                errors[name] = _("Kies een van de antwoorden uit de lijst.")
            elif not value and question.required:
                errors[name] = _("Kies een antwoord.")
        elif len(value) > OPEN_ANSWER_MAX_LENGTH:
            errors[name] = _("Je antwoord is te lang. Maak het korter dan 2000 tekens.")
        elif not value and question.required:
            errors[name] = _("Vul hier een antwoord in.")
        if value and name not in errors:
            cleaned.append((question, value))
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def consultation_answer(*, consultation: Consultation, user, answers: Mapping[int, str]) -> None:
    """Seal one invited parent's answers into the pool of the consultation and mark the
    invitation as answered. Nothing readable about the answers is written here: they
    become `Response` rows in a shuffled batch once the consultation is finished.

    The consultation row is locked first (so closing waits for an answer under way and
    no answer lands after the batch), then the invitation (so two quick submissions
    cannot both count). Nothing is logged."""
    consultation = _lock_consultation(consultation)
    invitation = (
        Invitation.objects.select_for_update().filter(consultation=consultation, user=user).first()
    )
    if invitation is None:
        raise ActionRefusedError(_("Je bent niet uitgenodigd voor deze vragenlijst."))
    if invitation.has_answered:
        raise ActionRefusedError(
            _("Je hebt deze vragenlijst al ingevuld. Je kunt maar één keer antwoorden.")
        )
    if not consultation.accepts_answers():
        raise ActionRefusedError(_("Deze vragenlijst is gesloten. Antwoorden kan niet meer."))
    if not PanelMember.objects.filter(user=user, withdrawn_at__isnull=True).exists():
        raise ActionRefusedError(_("Je zit niet meer in het ouderpanel."))
    questions = list(consultation.questions.all())
    cleaned = clean_answers(questions=questions, answers=answers)
    SealedResponse.objects.create(
        consultation=consultation,
        sealed=sealing.seal(
            consultation_id=consultation.pk,
            questions=questions,
            values={question.pk: value for question, value in cleaned},
            open_max_length=OPEN_ANSWER_MAX_LENGTH,
        ),
    )
    invitation.has_answered = True
    invitation.save(update_fields=["has_answered"])


@dataclass
class OptionResult:
    label: str
    count: int | str
    # Share of all responses, for the bar; None when the count is suppressed.
    percent: int | None


@dataclass
class QuestionResult:
    question: Question
    options: list[OptionResult] = field(default_factory=list)
    open_answers: list[str] = field(default_factory=list)


@dataclass
class ConsultationResults:
    consultation: Consultation
    invited: int
    responses: int | str
    # Why there is nothing per question, in Dutch; empty when the results are shown.
    withheld: str = ""
    questions: list[QuestionResult] = field(default_factory=list)


def consultation_results(*, consultation: Consultation) -> ConsultationResults:
    """The results per question, for coordinators. Nothing per question while the
    consultation runs (a result that changes while you watch can tell who just
    answered) or when fewer than 5 parents answered; counts of 1 to 4 show as "<5".
    A finished consultation whose batch was not written yet gets it written first."""
    if consultation.is_finished() and consultation.sealed_responses.exists():
        consultation_write_answers(consultation=consultation)
        consultation.refresh_from_db()
    results = ConsultationResults(
        consultation=consultation,
        invited=consultation.invitations.count(),
        responses=suppress(answered_count(consultation=consultation)),
    )
    # Per question only what was written: sealed answers below 5 are never opened.
    total = consultation.responses.count()
    if not consultation.is_finished():
        results.withheld = _(
            "De uitslag zie je als de raadpleging gesloten is. Zo kan niemand uit een "
            "tussenstand afleiden wie wat heeft geantwoord."
        )
        return results
    if total < MIN_CELL:
        results.withheld = _(
            "Minder dan 5 ouders hebben geantwoord. Dan tonen we geen uitslag, zodat "
            "niemand herkenbaar is."
        )
        return results
    answers = Answer.objects.filter(question__consultation=consultation)
    counts = {
        (row["question"], row["choice"]): row["n"]
        for row in answers.filter(question__kind=Question.Kind.CHOICE)
        .values("question", "choice")
        .annotate(n=Count("id"))
        .order_by()
    }
    texts = defaultdict(list)
    for question_id, text in (
        answers.filter(question__kind=Question.Kind.OPEN)
        .order_by("id")
        .values_list("question", "text")
    ):
        texts[question_id].append(text)
    for question in consultation.questions.all():
        result = QuestionResult(question=question)
        if question.kind == Question.Kind.CHOICE:
            for option in question.options:
                n = counts.get((question.pk, option), 0)
                shown = suppress(n)
                result.options.append(
                    OptionResult(
                        label=option,
                        count=shown,
                        percent=None if shown == SUPPRESSED else round(100 * n / total),
                    )
                )
        else:
            result.open_answers = texts.get(question.pk, [])
        results.questions.append(result)
    return results


@transaction.atomic
def consultation_publish_summary(*, consultation: Consultation, actor, summary: str) -> int:
    """Share what we heard with the parents who answered: by email to those still in
    the panel, and on their page. Once. Returns how many emails go out."""
    consultation = _lock_consultation(consultation)
    if consultation.status != C.CLOSED:
        raise ActionRefusedError(_("Sluit de raadpleging eerst. Dan kun je de samenvatting delen."))
    if consultation.summary_published_at is not None:
        raise ActionRefusedError(_("De samenvatting is al gedeeld."))
    summary = summary.strip()
    if not summary:
        raise ValidationError(_("Schrijf eerst een samenvatting."))
    consultation.summary = summary
    consultation.summary_published_at = timezone.now()
    consultation.save(update_fields=["summary", "summary_published_at", "updated_at"])
    recipients = consultation.invitations.filter(
        has_answered=True,
        user__is_active=True,
        user__panel_member__withdrawn_at__isnull=True,
    ).values_list("user__email", flat=True)
    return _send_to_each(
        template="oudernetwerk/email/consultation_summary",
        recipients=recipients,
        context=_context(
            consultation=consultation,
            consultation_url=_consultation_url(consultation),
        ),
    )
