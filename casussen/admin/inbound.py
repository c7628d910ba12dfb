"""The "Onbekende berichten": emails in the reply mailbox that could not be placed on a
case by themselves. A coordinator reads one and links it to a case (as the parent's
reply or a partner's answer) or drops it; both call a service (`services.inbound_*`)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from steunpunt import access_log
from steunpunt.admin import AccessLoggedAdmin
from steunpunt.admin.actions import ActionPagesMixin

from .. import services
from ..models import Case, FollowUp, InboundMessage

PARENT = "parent"


class InboundLinkForm(forms.Form):
    """Which case, and whose message it is there. The choices are those of the case the
    reference names (the one in the form, or the suggestion)."""

    reference = forms.CharField(
        label=_("Kenmerk van de vraag"),
        max_length=40,
        help_text=_("Bijvoorbeeld OSP-2026-00042. Pas je het kenmerk aan? Kies daarna opnieuw."),
    )
    target = forms.ChoiceField(
        label=_("Zet het bericht op de tijdlijn als"), widget=forms.RadioSelect
    )

    def __init__(self, data=None, *, message: InboundMessage):
        initial = {
            "reference": message.case.reference if message.case else "",
            "target": str(message.followup_id) if message.followup_id else PARENT,
        }
        super().__init__(data, initial=initial)
        reference = (data.get("reference") if data else initial["reference"]) or ""
        self.case = Case.objects.filter(reference=reference.strip().upper()).first()
        self.followups = (
            list(
                self.case.followups.filter(
                    status__in=[FollowUp.Status.OPEN, FollowUp.Status.OVERDUE]
                ).select_related("organisation")
            )
            if self.case
            else []
        )
        self.fields["target"].choices = [(PARENT, _("Bericht van de ouder"))] + [
            (str(f.pk), _("Antwoord van %(organisation)s") % {"organisation": f.organisation.name})
            for f in self.followups
        ]

    def clean_reference(self) -> str:
        if self.case is None:
            raise ValidationError(_("We vinden geen vraag met dit kenmerk. Kijk of het klopt."))
        return self.case.reference


class InboundDropForm(forms.Form):
    """Nothing to fill in: the page asks to confirm."""


@admin.register(InboundMessage)
class InboundMessageAdmin(ActionPagesMixin, AccessLoggedAdmin, admin.ModelAdmin):
    list_display = ["received_at", "from_address", "subject", "reason", "case"]
    list_filter = ["reason"]
    search_fields = ["subject", "from_address", "case__reference"]
    list_select_related = ["case"]
    fields = [
        "received_at",
        "from_address",
        "subject",
        "reason",
        "detail",
        "text",
        "case",
        "followup",
    ]
    readonly_fields = fields
    actions = None
    action_template = "admin/casussen/inboundmessage/action_form.html"

    def get_queryset(self, request):
        # Only what still waits for a coordinator: a handled message keeps no content.
        return super().get_queryset(request).filter(status=InboundMessage.Status.HELD)

    def access_subjects(self, obj) -> list:
        return [obj.case.parent_id] if obj.case and obj.case.parent_id else []

    def access_case_reference(self, obj) -> str:
        return obj.case.reference if obj.case else ""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_handle_permission(self, request) -> bool:
        return request.user.has_perm("casussen.handle_inboundmessage")

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/koppelen/",
                wrap(self.link_view),
                name="casussen_inboundmessage_link",
            ),
            path(
                "<path:object_id>/verwijderen/",
                wrap(self.drop_view),
                name="casussen_inboundmessage_drop",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        message = self.get_object(request, unquote(object_id))
        if message is not None and self.has_handle_permission(request):
            extra_context["inbound_actions"] = [
                (reverse("admin:casussen_inboundmessage_link", args=[message.pk]), _("Koppelen")),
                (
                    reverse("admin:casussen_inboundmessage_drop", args=[message.pk]),
                    _("Verwijderen"),
                ),
            ]
        return super().change_view(request, object_id, form_url, extra_context)

    def _message_or_404(self, request, object_id) -> InboundMessage:
        if not self.has_handle_permission(request):
            raise PermissionDenied
        message = self.get_object(request, unquote(object_id))
        if message is None:
            raise Http404
        return message

    def _page(self, request, message, *, form, title, submit_label, perform, success):
        if request.method == "POST" and form.is_valid():
            try:
                perform(form)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(request, success, messages.SUCCESS)
                return redirect("admin:casussen_inboundmessage_changelist")
        self._log_object(request, message, access_log.Action.VIEW)
        return self._action_page(
            request,
            title=title,
            form=form,
            back_url=reverse("admin:casussen_inboundmessage_change", args=[message.pk]),
            submit_label=submit_label,
            extra={"message": message},
        )

    def link_view(self, request, object_id):
        message = self._message_or_404(request, object_id)
        form = InboundLinkForm(request.POST or None, message=message)

        def perform(form):
            target = form.cleaned_data["target"]
            followup = next((f for f in form.followups if str(f.pk) == target), None)
            if target != PARENT and followup is None:
                raise ValidationError(
                    _("Kies opnieuw: deze vraag aan een partner staat niet open.")
                )
            services.inbound_link(
                message=message,
                actor=request.user,
                case=None if followup else form.case,
                followup=followup,
            )
            access_log.record(
                action=access_log.Action.CHANGE,
                request=request,
                obj=message,
                subject=form.case.parent_id,
                case_reference=form.case.reference,
            )

        return self._page(
            request,
            message,
            form=form,
            title=_("Bericht koppelen aan een vraag"),
            submit_label=_("Op de tijdlijn zetten"),
            perform=perform,
            success=_("Het bericht staat op de tijdlijn."),
        )

    def drop_view(self, request, object_id):
        message = self._message_or_404(request, object_id)

        def perform(form):
            services.inbound_drop(message=message, actor=request.user)
            access_log.record(action=access_log.Action.DELETE, request=request, obj=message)

        return self._page(
            request,
            message,
            form=InboundDropForm(request.POST if request.method == "POST" else None),
            title=_("Bericht verwijderen"),
            submit_label=_("Verwijderen"),
            perform=perform,
            success=_("Het bericht is verwijderd."),
        )
