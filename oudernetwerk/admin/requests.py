"""The coordinator's request pages: the ranked buddy suggestions with a button to
propose one, and a request made on a parent's behalf."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from steunpunt.admin import AccessLoggedAdmin
from steunpunt.admin.actions import ActionPagesMixin
from steunpunt.admin.form_classes import KeptFormAdmin
from steunpunt.admin.read_once import ReadOnceAdmin
from steunpunt.forms import known_choices
from steunpunt.services import parent_for_email

from .. import services, workflow
from ..admin_forms import (
    RequestOnBehalfForm,
)
from ..models import (
    BuddyProfile,
    BuddyRequest,
)
from . import request_page
from .common import RequestEventInline, RequestMatchInline


@admin.register(BuddyRequest)
class BuddyRequestAdmin(
    ReadOnceAdmin, AccessLoggedAdmin, ActionPagesMixin, KeptFormAdmin, admin.ModelAdmin
):
    list_display = [
        "__str__",
        "parent",
        "municipality",
        "urgency",
        "status",
        "answer_by",
        "created_at",
    ]
    list_filter = ["status", "urgency", "municipality", "themes"]
    search_fields = ["parent__email", "parent__name"]
    list_select_related = ["parent", "municipality"]
    # The parent's own words are for the request's page.
    list_defer = ("hopes",)
    # The form's themes and the ranking's are the same read.
    change_select_related = ("parent", "created_by")
    change_prefetch_related = ("themes",)
    readonly_fields = ["parent", "created_by", "status", "answer_by", "hopes", "created_at"]
    fields = [
        ("parent", "status"),
        ("answer_by", "created_at", "created_by"),
        "hopes",
        "themes",
        ("age_band", "school_type"),
        ("municipality", "language"),
        "urgency",
    ]
    filter_horizontal = ["themes"]
    inlines = [RequestMatchInline, RequestEventInline]
    date_hierarchy = "created_at"

    def access_subjects(self, buddy_request: BuddyRequest) -> list:
        return [buddy_request.parent_id]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/voorstellen/<int:buddy_pk>/",
                wrap(require_POST(self.propose_view)),
                name="oudernetwerk_buddyrequest_propose",
            ),
            *super().get_urls(),
        ]

    def _may_propose(self, request) -> bool:
        return request.user.has_perm("oudernetwerk.add_match")

    def _read_object(self, request, object_id, from_field):
        # A page shown: the request with its names, themes and municipalities in three
        # compiled queries (`request_page`), the form's choices among them. A form sent
        # is read as Django reads it.
        if request.method not in ("GET", "HEAD") or from_field is not None:
            return super()._read_object(request, object_id, from_field)
        try:
            pk = BuddyRequest._meta.pk.to_python(object_id)
        except (ValidationError, ValueError):
            return None
        return request_page.request_for_page(pk)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # The request the admin has read and may show (it refused the page otherwise);
        # a saved form that redirects ranks nobody.
        if change and obj is not None:
            neighbours = None
            if hasattr(obj, "municipality_rows"):
                self._hand_known_rows(context, obj)
                neighbours = request_page.neighbours(obj)
            open_match = self._open_match(context, obj)
            is_open = obj.status == BuddyRequest.Status.OPEN
            context.update(
                open_match=open_match,
                suggestions=(
                    services.suggest_buddies(request=obj, neighbours=neighbours)
                    if is_open and open_match is None
                    else []
                ),
                request_is_open=is_open,
                may_propose=self._may_propose(request) and is_open and open_match is None,
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    @staticmethod
    def _hand_known_rows(context, obj: BuddyRequest) -> None:
        """The themes' and municipality's choices, as read with the request: their
        widgets read them no more."""
        adminform = context.get("adminform")
        if adminform is None:
            return
        for name, rows in (("themes", obj.theme_rows), ("municipality", obj.municipality_rows)):
            field = adminform.form.fields.get(name)
            if field is not None:
                known_choices(field, rows)

    @staticmethod
    def _open_match(context, obj: BuddyRequest):
        """The proposal or match running for the request: picked from the rows the
        matches inline reads anyway when they all fit on its first page (its order is
        the matches' own), else read."""
        for admin_formset in context.get("inline_admin_formsets", ()):
            if type(admin_formset.opts) is RequestMatchInline:
                every_row = admin_formset.formset.table.every_row
                if every_row is not None:
                    running = [m for m in every_row if m.status in workflow.OCCUPYING]
                    return running[0] if running else None
        return (
            obj.matches.filter(status__in=workflow.OCCUPYING).select_related("buddy__user").first()
        )

    def propose_view(self, request, pk: int, buddy_pk: int):
        if not self._may_propose(request):
            raise PermissionDenied
        buddy_request = self.get_queryset(request).filter(pk=pk).first()
        buddy = BuddyProfile.objects.select_related("user").filter(pk=buddy_pk).first()
        if buddy_request is None or buddy is None:
            raise Http404
        try:
            match = services.match_propose(request=buddy_request, buddy=buddy, actor=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(
                request,
                _("%(buddy)s is voorgesteld en krijgt een e-mail. Antwoord uiterlijk %(date)s.")
                % {
                    "buddy": buddy,
                    "date": date_format(timezone.localtime(match.answer_by), "l j F, H.i"),
                },
                messages.SUCCESS,
            )
        return HttpResponseRedirect(reverse("admin:oudernetwerk_buddyrequest_change", args=[pk]))

    def add_view(self, request, form_url="", extra_context=None):
        """A request entered for a parent who called or came by, through the same
        service as the website."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = RequestOnBehalfForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                buddy_request = services.request_create(
                    parent=parent_for_email(data["email"]),
                    themes=list(data["themes"]),
                    age_band=data["age_band"],
                    school_type=data["school_type"],
                    municipality=data["municipality"],
                    language=data["language"],
                    hopes=data["hopes"],
                    urgency=data["urgency"],
                    share_email=data["share_email"],
                    share_phone=data["share_phone"],
                    phone=data["phone"],
                    created_by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(
                    request,
                    _("De aanvraag is ingevoerd. De ouder krijgt een bevestiging."),
                    messages.SUCCESS,
                )
                return redirect("admin:oudernetwerk_buddyrequest_change", buddy_request.pk)
        return self._action_page(
            request,
            title=_("Buddy aanvragen voor een ouder"),
            form=form,
            back_url=reverse("admin:oudernetwerk_buddyrequest_changelist"),
            submit_label=_("Aanvraag invoeren"),
        )
