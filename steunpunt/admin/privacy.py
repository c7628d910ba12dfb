"""The privacy officer's records: deletions done by the retention job and erasure
requests."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext_lazy as _

from .. import access_log, erasure
from ..models import (
    AccessEvent,
    DeletionRecord,
    ErasureRequest,
)


@admin.register(DeletionRecord)
class DeletionRecordAdmin(admin.ModelAdmin):
    """What the retention job did, per run and kind. Written by the job only."""

    list_display = ["run_at", "kind", "count", "held", "term", "dry_run"]
    list_filter = ["dry_run", "kind"]
    date_hierarchy = "run_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ErasureRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Waarom niet?"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        help_text=_("De ouder krijgt deze reden in een e-mail. Schrijf eenvoudig."),
        error_messages={"required": _("Schrijf op waarom. De ouder leest dit.")},
    )


@admin.register(ErasureRequest)
class ErasureRequestAdmin(admin.ModelAdmin):
    """The coordinator sees what would be erased and what must be kept and why, then
    carries the request out or refuses it with a reason told to the person."""

    list_display = ["__str__", "status", "requested_at", "answer_by", "decided_at"]
    list_filter = ["status"]
    date_hierarchy = "requested_at"
    readonly_fields = [
        "user",
        "status",
        "requested_at",
        "answer_by",
        "decided_at",
        "decided_by",
        "refusal_reason",
        "outcome",
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/uitvoeren/",
                wrap(self.carry_out_view),
                name="steunpunt_erasurerequest_carry_out",
            ),
            path(
                "<int:pk>/weigeren/",
                wrap(self.refuse_view),
                name="steunpunt_erasurerequest_refuse",
            ),
            *super().get_urls(),
        ]

    @staticmethod
    def _may_carry_out(request) -> bool:
        return request.user.has_perm("steunpunt.carry_out_erasurerequest")

    def _get(self, request, pk: int) -> ErasureRequest:
        if not self.has_view_permission(request):
            raise PermissionDenied
        erasure_request = ErasureRequest.objects.select_related("user").filter(pk=pk).first()
        if erasure_request is None:
            raise Http404
        return erasure_request

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not object_id.isdecimal():
            raise Http404
        erasure_request = self._get(request, int(object_id))
        return self._review(request, erasure_request, ErasureRequestForm())

    def _review(self, request, erasure_request, refuse_form, status: int = 200):
        user = erasure_request.user
        is_open = erasure_request.status == ErasureRequest.Status.REQUESTED and user is not None
        items = erasure.preview(user) if is_open else []
        if user is not None:
            access_log.record(
                action=AccessEvent.Action.VIEW, request=request, obj=erasure_request, subject=user
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": str(erasure_request),
            "erasure": erasure_request,
            "is_open": is_open,
            "may_carry_out": is_open and self._may_carry_out(request),
            "erased": [item for item in items if not item.kept],
            "kept": [item for item in items if item.kept],
            "refuse_form": refuse_form,
        }
        response = TemplateResponse(
            request, "admin/steunpunt/erasurerequest/review.html", context, status=status
        )
        add_never_cache_headers(response)
        patch_cache_control(response, private=True, no_store=True)
        return response

    def carry_out_view(self, request, pk: int):
        erasure_request = self._get(request, pk)
        if not self._may_carry_out(request):
            raise PermissionDenied
        if request.method != "POST":
            return redirect("admin:steunpunt_erasurerequest_change", pk)
        try:
            done = erasure.erasure_carry_out(request=erasure_request, actor=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            kept = [item for item in done.outcome if item["kept"]]
            self.message_user(
                request,
                _("Uitgevoerd. De ouder krijgt een bevestiging.")
                + (" " + _("Een deel blijft bewaard; dat staat in de e-mail.") if kept else ""),
                messages.SUCCESS,
            )
        return redirect("admin:steunpunt_erasurerequest_change", pk)

    def refuse_view(self, request, pk: int):
        erasure_request = self._get(request, pk)
        if not self._may_carry_out(request):
            raise PermissionDenied
        if request.method != "POST":
            return redirect("admin:steunpunt_erasurerequest_change", pk)
        form = ErasureRequestForm(request.POST)
        if form.is_valid():
            try:
                erasure.erasure_refuse(
                    request=erasure_request, actor=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(
                    request, _("Geweigerd. De ouder krijgt de reden per e-mail."), messages.SUCCESS
                )
            return redirect("admin:steunpunt_erasurerequest_change", pk)
        return self._review(request, erasure_request, form, status=400)
