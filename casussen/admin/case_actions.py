"""The action pages of a case in the admin: each a small form that calls one service
(message to the parent, internal note, consent, follow-up, status, legal hold) and goes
back to the case; cancelling a consent or follow-up from the case page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from steunpunt.outbox import render_email

from .. import services, workflow
from ..admin_forms import (
    ConsentForm,
    FollowUpForm,
    LegalHoldForm,
    LiftLegalHoldForm,
    LinkForm,
    MergeForm,
    MessageForm,
    NoteForm,
    StatusForm,
)
from ..models import Case, CaseEvent, Evaluation, FollowUp, StandardText
from ..views_parent import timeline_entry


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

    # --- Message forms: a standard text to pick, variables filled in, a preview ----------

    def _message_action(
        self,
        request,
        pk: int,
        *,
        form_class,
        title: str,
        purpose: str,
        perform,
        preview,
        statuses=None,
        **form_kwargs,
    ):
        """A form whose text goes to someone (`form_class.text_field`). Four buttons post
        it: "Tekst invoegen" adds the picked standard text to what is typed, "Voorbeeld
        bekijken" shows the exact email (`preview(case, data)` renders it as the outbox
        will), "Terug naar bewerken" brings everything back into the form, and sending
        calls `perform(case, data)` with the variables filled in. Nothing typed is lost
        on the way."""
        case = self._case_or_404(request, pk)
        texts = services.standard_texts_for(case=case, purpose=purpose, statuses=statuses)
        kwargs = {**form_kwargs, "texts": texts}
        back_url = reverse("admin:casussen_case_change", args=[case.pk])
        post = request.POST if request.method == "POST" else None
        if post is not None and ("_pick" in post or "_edit" in post):
            data = post.copy()
            pick_error = ""
            if "_pick" in post:
                chosen = texts.filter(pk=_int(post.get("standard_text"))).first()
                if chosen is None:
                    pick_error = _("Kies eerst een standaardtekst.")
                else:
                    _add_text(data, form_class, chosen)
            # What was posted, read as each widget reads it (a checkbox as True/False),
            # shown again without errors: nothing was sent yet.
            bound = form_class(data, **kwargs)
            form = form_class(initial={name: bound[name].data for name in bound.fields}, **kwargs)
            return self._message_page(request, case, form, title, back_url, pick_error)
        form = form_class(post, **kwargs)
        if post is not None and form.is_valid():
            data = dict(form.cleaned_data)
            field = form_class.text_field
            values = services.text_values(
                case=case,
                purpose=purpose,
                organisation=data.get("organisation"),
                due_date=data.get("due_date"),
            )
            data[field] = services.text_fill(text=data[field], values=values)
            try:
                if "_html" in post:
                    html = preview(case, data).get("email_html")
                    if html:
                        return _html_preview_response(html)
                if "_preview" in post or "_html" in post:
                    page = preview(case, data)
                    return self._preview_page(
                        request,
                        case,
                        form,
                        title,
                        back_url,
                        {
                            **page,
                            "empty_variables": services.empty_variables(
                                text=form.cleaned_data[field], values=values
                            ),
                        },
                    )
                message = perform(case, data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(request, message, messages.SUCCESS)
                return redirect("admin:casussen_case_change", case.pk)
        return self._message_page(request, case, form, title, back_url, "")

    def _message_page(self, request, case, form, title, back_url, pick_error):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            "form": form,
            "case": case,
            "back_url": back_url,
            "pick_error": pick_error,
        }
        status = 400 if form.errors else 200
        return TemplateResponse(
            request, "admin/casussen/case/message_form.html", context, status=status
        )

    def _preview_page(self, request, case, form, title, back_url, page):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Voorbeeld: %(title)s") % {"title": title},
            "form": form,
            "case": case,
            "back_url": back_url,
            **page,
        }
        return TemplateResponse(request, "admin/casussen/case/message_preview.html", context)

    def message_view(self, request, pk: int):
        def perform(case, data):
            services.case_message_to_parent(
                case=case,
                actor=request.user,
                text=data["text"],
                wait_for_reply=data["wait_for_reply"],
            )
            return _("Bericht verstuurd naar de ouder.")

        def preview(case, data):
            return _email_preview(
                *services.message_to_parent_email(
                    case=case, text=data["text"], wait_for_reply=data["wait_for_reply"]
                )
            )

        return self._message_action(
            request,
            pk,
            form_class=MessageForm,
            title=_("Bericht aan de ouder"),
            purpose=StandardText.Purpose.PARENT_MESSAGE,
            perform=perform,
            preview=preview,
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

        def preview(case, data):
            organisation = data["organisation"]
            followup = FollowUp(
                case=case,
                organisation=organisation,
                contact_email=(data["contact_email"] or organisation.contact_email).strip(),
                request=data["request"],
                due_date=data["due_date"],
            )
            return _email_preview(*services.followup_request_email(followup=followup, preview=True))

        return self._message_action(
            request,
            pk,
            form_class=FollowUpForm,
            title=_("Partner om actie vragen"),
            purpose=StandardText.Purpose.FOLLOWUP_REQUEST,
            perform=perform,
            preview=preview,
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

        def preview(case, data):
            # A status change sends the parent no email of its own: they read it on
            # their timeline, as this line shows it.
            event = CaseEvent(
                case=case,
                kind=CaseEvent.Kind.STATUS_CHANGED,
                actor=request.user,
                text=data["note"],
                data={
                    "from": case.status,
                    "to": data["to_status"],
                    "resolution": data["resolution"],
                },
            )
            entry = timeline_entry(event, case)
            return {
                "timeline_label": entry.label,
                "timeline_text": entry.text,
                "evaluation_follows": data["to_status"] == Case.Status.RESOLVED,
            }

        return self._message_action(
            request,
            pk,
            form_class=StatusForm,
            title=_("Status wijzigen of afronden"),
            purpose=StandardText.Purpose.STATUS_CHANGE,
            perform=perform,
            preview=preview,
            statuses=workflow.TRANSITIONS.get(case.status, frozenset()),
            case=case,
        )

    # --- Duplicates: merge into another case, or link two ---------------------------------

    def merge_view(self, request, pk: int):
        """Opened from the duplicate: choose the case it goes into, read what will
        happen, confirm."""
        case = self._case_or_404(request, pk)
        form = MergeForm(request.POST or None, case=case)
        back_url = reverse("admin:casussen_case_change", args=[case.pk])
        if request.method == "POST" and form.is_valid():
            surviving = form.cleaned_data["surviving"]
            refusal = services.merge_refusal(duplicate=case, surviving=surviving)
            if refusal:
                form.add_error(None, refusal)
            elif "_confirm" in request.POST:
                try:
                    services.case_merge(
                        duplicate=case, surviving=surviving, actor=request.user, request=request
                    )
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    self.message_user(
                        request,
                        _(
                            "%(duplicate)s is samengevoegd met %(surviving)s en gesloten als "
                            "dubbel. De ouder heeft een e-mail gekregen."
                        )
                        % {"duplicate": case.reference, "surviving": surviving.reference},
                        messages.SUCCESS,
                    )
                    return redirect("admin:casussen_case_change", surviving.pk)
            else:
                context = {
                    **self.admin_site.each_context(request),
                    "opts": self.model._meta,
                    "title": _("Samenvoegen bevestigen"),
                    "form": form,
                    "case": case,
                    "surviving": surviving,
                    "moves": services.merge_summary(duplicate=case, surviving=surviving),
                    "back_url": back_url,
                }
                return TemplateResponse(request, "admin/casussen/case/merge_confirm.html", context)
        return self._action_page(
            request,
            title=_("Samenvoegen: deze zaak is dubbel"),
            form=form,
            back_url=back_url,
            submit_label=_("Verder"),
            extra={"case": case},
        )

    def link_view(self, request, pk: int):
        def perform(case, data):
            services.case_link(case=case, other=data["other"], actor=request.user, request=request)
            return _("%(case)s en %(other)s zijn gekoppeld. Beide zaken blijven bestaan.") % {
                "case": case.reference,
                "other": data["other"].reference,
            }

        case = self._case_or_404(request, pk)
        return self._action(
            request,
            pk,
            form_class=LinkForm,
            title=_("Koppelen aan een andere zaak"),
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


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _add_text(data, form_class, chosen: StandardText) -> None:
    """Add the standard text after what was typed (`data` is a copy of the POST)."""
    field = form_class.text_field
    typed = (data.get(field) or "").rstrip()
    data[field] = f"{typed}\n\n{chosen.body}" if typed else chosen.body
    if chosen.purpose == StandardText.Purpose.STATUS_CHANGE and chosen.status:
        data["to_status"] = data.get("to_status") or chosen.status


# The email's own HTML, in a sandboxed frame of the preview page: its inline styles are
# allowed here only, nothing else (no script, no form, no request elsewhere).
HTML_PREVIEW_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "frame-ancestors 'self'; form-action 'none'; base-uri 'none'"
)


def _html_preview_response(html: str) -> HttpResponse:
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = HTML_PREVIEW_POLICY
    response["X-Frame-Options"] = "SAMEORIGIN"
    return response


def _email_preview(template: str, to, context: dict) -> dict:
    """The email exactly as the outbox renders it."""
    subject, text, html = render_email(template=template, context=context)
    return {"email_to": list(to), "email_subject": subject, "email_text": text, "email_html": html}
