"""The action pages of a case in the admin: each a small form that calls one service
(message to the parent, internal note, consent, follow-up, status, legal hold) and goes
back to the case; cancelling a consent or follow-up from the case page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .. import services
from ..admin_forms import (
    ConsentForm,
    FollowUpForm,
    LegalHoldForm,
    LiftLegalHoldForm,
    MessageForm,
    NoteForm,
    StatusForm,
)
from ..models import Case, Evaluation


class CaseActionViews:
    """Mixed into `CaseAdmin` (which gives `_action_page` through ActionPagesMixin and
    the URLs in `get_urls`)."""

    # --- Coordinator actions on one case: each a small form calling one service ---------

    def _case_or_404(self, request, pk: int) -> Case:
        if not self.has_change_permission(request):
            raise PermissionDenied
        case = self.get_queryset(request).filter(pk=pk).first()
        if case is None:
            raise Http404
        return case

    def _action(self, request, pk: int, *, form_class, title: str, perform, **form_kwargs):
        """Show the form; on a valid POST call the service, say what happened and go
        back to the case. A refused step is shown beside the form; nothing is lost."""
        case = self._case_or_404(request, pk)
        form = form_class(request.POST or None, **form_kwargs)
        if request.method == "POST" and form.is_valid():
            try:
                message = perform(case, form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(request, message, messages.SUCCESS)
                return redirect("admin:casussen_case_change", case.pk)
        return self._action_page(
            request,
            title=title,
            form=form,
            back_url=reverse("admin:casussen_case_change", args=[case.pk]),
            submit_label=_("Opslaan"),
            extra={"case": case},
        )

    def message_view(self, request, pk: int):
        def perform(case, data):
            services.case_message_to_parent(
                case=case,
                actor=request.user,
                text=data["text"],
                wait_for_reply=data["wait_for_reply"],
            )
            return _("Bericht verstuurd naar de ouder.")

        return self._action(
            request, pk, form_class=MessageForm, title=_("Bericht aan de ouder"), perform=perform
        )

    def note_view(self, request, pk: int):
        def perform(case, data):
            services.case_add_note(case=case, actor=request.user, text=data["text"])
            return _("Notitie opgeslagen. De ouder ziet die niet.")

        return self._action(
            request, pk, form_class=NoteForm, title=_("Interne notitie"), perform=perform
        )

    def consent_view(self, request, pk: int):
        def perform(case, data):
            services.consent_give(
                case=case,
                organisation=data["organisation"],
                method=data["method"],
                actor=request.user,
                purpose=data["purpose"],
            )
            return _("Toestemming vastgelegd voor %(organisation)s.") % {
                "organisation": data["organisation"].name
            }

        return self._action(
            request, pk, form_class=ConsentForm, title=_("Toestemming vastleggen"), perform=perform
        )

    def followup_view(self, request, pk: int):
        case = self._case_or_404(request, pk)

        def perform(case, data):
            followup = services.followup_create(
                case=case,
                organisation=data["organisation"],
                contact_email=data["contact_email"],
                request=data["request"],
                due_date=data["due_date"],
                actor=request.user,
            )
            return _("Vraag verstuurd naar %(email)s. Antwoord uiterlijk %(date)s.") % {
                "email": followup.contact_email,
                "date": date_format(followup.due_date),
            }

        return self._action(
            request,
            pk,
            form_class=FollowUpForm,
            title=_("Partner om actie vragen"),
            perform=perform,
            case=case,
        )

    def status_view(self, request, pk: int):
        case = self._case_or_404(request, pk)

        def perform(case, data):
            case = services.case_transition(
                case=case,
                to_status=data["to_status"],
                actor=request.user,
                resolution=data["resolution"],
                note=data["note"],
            )
            return _("Status is nu: %(status)s.") % {"status": case.get_status_display()}

        return self._action(
            request,
            pk,
            form_class=StatusForm,
            title=_("Status wijzigen of afronden"),
            perform=perform,
            case=case,
        )

    def legal_hold_view(self, request, pk: int):
        def perform(case, data):
            services.case_place_legal_hold(case=case, actor=request.user, reason=data["reason"])
            return _("Juridische blokkade gezet. Deze zaak blijft bewaard tot je die opheft.")

        return self._action(
            request,
            pk,
            form_class=LegalHoldForm,
            title=_("Juridische blokkade zetten"),
            perform=perform,
        )

    def lift_legal_hold_view(self, request, pk: int):
        def perform(case, data):
            services.case_lift_legal_hold(case=case, actor=request.user, reason=data["reason"])
            return _("Juridische blokkade opgeheven. De bewaartermijn geldt weer.")

        return self._action(
            request,
            pk,
            form_class=LiftLegalHoldForm,
            title=_("Juridische blokkade opheffen"),
            perform=perform,
        )

    def consent_withdraw_view(self, request, pk: int, consent_pk: int):
        case = self._case_or_404(request, pk)
        if request.method != "POST":
            return redirect("admin:casussen_case_change", case.pk)
        consent = case.consents.filter(pk=consent_pk).first()
        if consent is None:
            raise Http404
        services.consent_withdraw(consent=consent, actor=request.user)
        self.message_user(
            request,
            _("Toestemming voor %(organisation)s ingetrokken. Open vragen aan hen zijn gestopt.")
            % {"organisation": consent.organisation.name},
            messages.SUCCESS,
        )
        return redirect("admin:casussen_case_change", case.pk)

    def followup_cancel_view(self, request, pk: int, followup_pk: int):
        case = self._case_or_404(request, pk)
        if request.method != "POST":
            return redirect("admin:casussen_case_change", case.pk)
        followup = case.followups.filter(pk=followup_pk).first()
        if followup is None:
            raise Http404
        try:
            services.followup_cancel(
                followup=followup, actor=request.user, reason=_("Niet meer nodig.")
            )
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(request, _("Vraag aan de partner geannuleerd."), messages.SUCCESS)
        return redirect("admin:casussen_case_change", case.pk)

    def assign_to_me_view(self, request, pk: int):
        """The "Aan mij toewijzen" button of the case page (POST only)."""
        case = self._case_or_404(request, pk)
        if request.method != "POST":
            return redirect("admin:casussen_case_change", case.pk)
        try:
            services.case_assign(case=case, coordinator=request.user, actor=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(
                request,
                _("%(reference)s is nu van jou.") % {"reference": case.reference},
                messages.SUCCESS,
            )
        return redirect("admin:casussen_case_change", case.pk)

    def evaluation_reviewed_view(self, request, pk: int):
        """An unhappy evaluation talked through: off the work queue (POST only)."""
        case = self._case_or_404(request, pk)
        if request.method != "POST":
            return redirect("admin:casussen_case_change", case.pk)
        evaluation = Evaluation.objects.filter(case=case, submitted_at__isnull=False).first()
        if evaluation is None:
            raise Http404
        try:
            services.evaluation_review_done(evaluation=evaluation, actor=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(
                request,
                _("De evaluatie is besproken. Hij staat niet meer op de werkvoorraad."),
                messages.SUCCESS,
            )
        return redirect("admin:casussen_case_change", case.pk)
