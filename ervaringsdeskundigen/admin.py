"""The coordinator's pages for policy work: the pool with each parent's year (asked,
said yes, allowance paid against the legal maximum), the partners' requests with the
ranked, explained list to invite from, and the invitations with their payments."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from steunpunt import access_log
from steunpunt.admin import AccessLoggedAdmin
from steunpunt.admin.actions import ActionPagesMixin
from steunpunt.admin.read_once import ReadOnceAdmin

from . import services, work_queue
from .forms import PaymentForm, ReportForm
from .models import Format, Invitation, Moment, PerspectiveRequest, PoolMember

I = Invitation.Status  # noqa: E741


class ConfirmForm(forms.Form):
    """Nothing to fill in: the page shows what the action is about."""


def _labels(codes: list[str], choices) -> str:
    names = dict(choices.choices)
    return ", ".join(str(names.get(code, code)) for code in codes) or "-"


class WorkFilter(admin.SimpleListFilter):
    """The work queue's links: shared queries, so the count and the list agree."""

    title = _("werk")
    parameter_name = "werk"

    def lookups(self, request, model_admin):
        return [("nieuw", _("Nog niemand uitgenodigd")), ("verslag", _("Verslag ontbreekt"))]

    def queryset(self, request, queryset):
        if self.value() == "nieuw":
            return work_queue.requests_new(queryset)
        if self.value() == "verslag":
            return work_queue.reports_missing(queryset, timezone.localdate())
        return queryset


class ToCallFilter(admin.SimpleListFilter):
    title = _("werk")
    parameter_name = "werk"

    def lookups(self, request, model_admin):
        return [("bellen", _("Nog bellen voor een kennismaking"))]

    def queryset(self, request, queryset):
        if self.value() == "bellen":
            return work_queue.members_to_call(queryset)
        return queryset


@admin.register(PoolMember)
class PoolMemberAdmin(ActionPagesMixin, AccessLoggedAdmin, admin.ModelAdmin):
    list_display = [
        "__str__",
        "status",
        "asked_this_year",
        "accepted_this_year",
        "paid_this_year_display",
        "max_per_year",
        "created_at",
    ]
    list_filter = [ToCallFilter, "status", "themes"]
    search_fields = ["user__email", "user__name"]
    list_defer = ("experience",)
    readonly_fields = [
        "user",
        "status",
        "themes_display",
        "municipalities_display",
        "formats_display",
        "moments_display",
        "experience",
        "max_per_year",
        "created_at",
        "stopped_at",
    ]
    fields = [
        ("user", "status"),
        ("created_at", "stopped_at"),
        "themes_display",
        "municipalities_display",
        ("formats_display", "moments_display"),
        "max_per_year",
        "experience",
        ("intake_held_at", "training_date"),
    ]

    def get_queryset(self, request):
        members = super().get_queryset(request).select_related("user")
        return services.with_year_figures(members, today=timezone.localdate())

    def access_subjects(self, member: PoolMember) -> list:
        return [member.user_id]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("gevraagd dit jaar"), ordering="asked_this_year")
    def asked_this_year(self, member):
        return member.asked_this_year

    @admin.display(description=_("ja dit jaar"))
    def accepted_this_year(self, member):
        return member.accepted_this_year

    @admin.display(description=_("vergoeding dit jaar"), ordering="paid_this_year")
    def paid_this_year_display(self, member):
        maximum = services.allowance_year_max()
        return f"{services._euro(member.paid_this_year)} / {services._euro(maximum)}"

    @admin.display(description=_("thema's"))
    def themes_display(self, member):
        return ", ".join(services.member_theme_names(member)) or "-"

    @admin.display(description=_("gemeenten"))
    def municipalities_display(self, member):
        return ", ".join(services.member_place_names(member)) or _("De hele regio")

    @admin.display(description=_("manieren van meedenken"))
    def formats_display(self, member):
        return _labels(member.formats, Format)

    @admin.display(description=_("wanneer"))
    def moments_display(self, member):
        return _labels(member.moments, Moment)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/goedkeuren/",
                wrap(self.approve_view),
                name="ervaringsdeskundigen_poolmember_approve",
            ),
            path(
                "<int:pk>/afwijzen/",
                wrap(self.reject_view),
                name="ervaringsdeskundigen_poolmember_reject",
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            may_screen = request.user.has_perm("ervaringsdeskundigen.screen_poolmember")
            actions = []
            if may_screen and obj.status == PoolMember.Status.APPLIED:
                actions = [
                    (
                        reverse("admin:ervaringsdeskundigen_poolmember_approve", args=[obj.pk]),
                        _("Goedkeuren"),
                    ),
                    (
                        reverse("admin:ervaringsdeskundigen_poolmember_reject", args=[obj.pk]),
                        _("Afwijzen"),
                    ),
                ]
            years, invitations = services.member_history(user_id=obj.user_id)
            context.update(member_actions=actions, years=years, invitations=invitations)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _member_or_404(self, request, pk: int) -> PoolMember:
        if not request.user.has_perm("ervaringsdeskundigen.screen_poolmember"):
            raise PermissionDenied
        member = PoolMember.objects.select_related("user").filter(pk=pk).first()
        if member is None:
            raise Http404
        return member

    def _status_view(self, request, pk: int, *, action, title, submit_label, done):
        member = self._member_or_404(request, pk)
        back = reverse("admin:ervaringsdeskundigen_poolmember_change", args=[pk])
        form = ConfirmForm(request.POST if request.method == "POST" else None)
        if not form.is_bound:
            self._log_object(request, member, access_log.Action.VIEW)
        if request.method == "POST" and form.is_valid():
            try:
                action(member=member, actor=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(request, done % {"member": member}, messages.SUCCESS)
                return redirect(back)
        return self._action_page(
            request,
            title=title,
            form=form,
            objects=[member],
            back_url=back,
            submit_label=submit_label,
        )

    def approve_view(self, request, pk: int):
        return self._status_view(
            request,
            pk,
            action=services.pool_approve,
            title=_("Ervaringsdeskundige goedkeuren"),
            submit_label=_("Goedkeuren"),
            done=_("%(member)s doet mee en krijgt een welkomstmail."),
        )

    def reject_view(self, request, pk: int):
        return self._status_view(
            request,
            pk,
            action=services.pool_reject,
            title=_("Aanmelding afwijzen"),
            submit_label=_("Afwijzen"),
            done=_(
                "De aanmelding van %(member)s gaat niet door; er is een korte e-mail verstuurd."
            ),
        )


@admin.register(PerspectiveRequest)
class PerspectiveRequestAdmin(ReadOnceAdmin, ActionPagesMixin, AccessLoggedAdmin, admin.ModelAdmin):
    list_display = [
        "topic",
        "organisation",
        "format",
        "first_date",
        "parents_display",
        "status",
        "created_at",
    ]
    list_filter = [WorkFilter, "status", "format"]
    search_fields = ["topic"]
    list_select_related = ["organisation"]
    list_defer = ("description", "report")
    change_select_related = ("organisation", "asked_by", "reported_by", "municipality")
    change_query_compiles = True  # get_queryset: the accepted counted, for every request
    readonly_fields = [
        "organisation",
        "asked_by",
        "status",
        "topic",
        "description",
        "format",
        "moment",
        "dates_display",
        "hours",
        "parents_wanted",
        "allowance",
        "themes_display",
        "municipality",
        "report",
        "reported_at",
        "reported_by",
        "created_at",
    ]
    fields = [
        ("organisation", "asked_by"),
        ("status", "created_at"),
        "topic",
        "description",
        ("format", "moment"),
        "dates_display",
        ("hours", "parents_wanted", "allowance"),
        ("themes_display", "municipality"),
        "report",
        ("reported_at", "reported_by"),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(accepted=Count("invitations", filter=Q(invitations__status=I.ACCEPTED)))
        )

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        # Only the services change a request (invite, report, cancel: the buttons).
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("ouders (ja / gevraagd)"))
    def parents_display(self, perspective):
        return f"{perspective.accepted} / {perspective.parents_wanted}"

    @admin.display(description=_("data"))
    def dates_display(self, perspective):
        return ", ".join(date_format(day, "l j F Y") for day in perspective.meeting_dates)

    @admin.display(description=_("thema's"))
    def themes_display(self, perspective):
        return ", ".join(services.request_theme_names(perspective)) or "-"

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/uitnodigen/<int:member_pk>/",
                wrap(require_POST(self.invite_view)),
                name="ervaringsdeskundigen_perspectiverequest_invite",
            ),
            path(
                "<int:pk>/intrekken/<int:invitation_pk>/",
                wrap(require_POST(self.withdraw_view)),
                name="ervaringsdeskundigen_perspectiverequest_withdraw",
            ),
            path(
                "<int:pk>/verslag/",
                wrap(self.report_view),
                name="ervaringsdeskundigen_perspectiverequest_report",
            ),
            path(
                "<int:pk>/annuleren/",
                wrap(self.cancel_view),
                name="ervaringsdeskundigen_perspectiverequest_cancel",
            ),
            *super().get_urls(),
        ]

    def _may_invite(self, request) -> bool:
        return request.user.has_perm("ervaringsdeskundigen.add_invitation")

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if change and obj is not None:
            is_open = obj.status in (
                PerspectiveRequest.Status.SUBMITTED,
                PerspectiveRequest.Status.INVITING,
            )
            suggestions = (
                services.suggest_members(perspective=obj)
                if is_open and obj.first_date > timezone.localdate()
                else []
            )
            invitations = list(
                obj.invitations.select_related("parent").order_by("invited_at", "pk")
            )
            # The page names the suggested and the invited parents.
            shown = [s.member.user_id for s in suggestions] + [i.parent_id for i in invitations]
            if shown:
                access_log.record_read(request=request, obj=obj, subjects=shown)
            may_change = request.user.has_perm("ervaringsdeskundigen.change_perspectiverequest")
            context.update(
                suggestions=suggestions,
                invitations=invitations,
                request_is_open=is_open,
                may_invite=self._may_invite(request) and is_open,
                may_report=may_change
                and obj.status
                in (
                    PerspectiveRequest.Status.INVITING,
                    PerspectiveRequest.Status.FILLED,
                    PerspectiveRequest.Status.DONE,
                )
                and obj.first_date <= timezone.localdate(),
                may_cancel=may_change and obj.status in PerspectiveRequest.OPEN_STATUSES,
                now=timezone.now(),
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _change_url(self, pk: int) -> str:
        return reverse("admin:ervaringsdeskundigen_perspectiverequest_change", args=[pk])

    def _request_or_404(self, request, pk: int, permission: str) -> PerspectiveRequest:
        if not request.user.has_perm(permission):
            raise PermissionDenied
        perspective = (
            PerspectiveRequest.objects.select_related("organisation").filter(pk=pk).first()
        )
        if perspective is None:
            raise Http404
        return perspective

    def invite_view(self, request, pk: int, member_pk: int):
        perspective = self._request_or_404(request, pk, "ervaringsdeskundigen.add_invitation")
        member = PoolMember.objects.select_related("user").filter(pk=member_pk).first()
        if member is None:
            raise Http404
        try:
            services.invite(perspective=perspective, member=member, actor=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(
                request,
                _("%(member)s is uitgenodigd en krijgt een e-mail.") % {"member": member},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(self._change_url(pk))

    def withdraw_view(self, request, pk: int, invitation_pk: int):
        self._request_or_404(request, pk, "ervaringsdeskundigen.add_invitation")
        invitation = Invitation.objects.filter(pk=invitation_pk, request_id=pk).first()
        if invitation is None:
            raise Http404
        try:
            services.invitation_withdraw(invitation=invitation, actor=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(request, _("De uitnodiging is ingetrokken."), messages.SUCCESS)
        return HttpResponseRedirect(self._change_url(pk))

    def _request_action(self, request, pk: int, *, form_class, initial, perform, done, **page):
        """An action page for one request: the form filled from `initial(perspective)`,
        `perform(perspective, cleaned_data)` on a valid POST, then back to the request with
        `done`; a refusal stays beside the form."""
        perspective = self._request_or_404(
            request, pk, "ervaringsdeskundigen.change_perspectiverequest"
        )
        form = form_class(
            request.POST if request.method == "POST" else None,
            initial=initial(perspective) if initial else None,
        )
        if request.method == "POST" and form.is_valid():
            try:
                perform(perspective, form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(request, done, messages.SUCCESS)
                return redirect(self._change_url(pk))
        return self._action_page(
            request, form=form, objects=[perspective], back_url=self._change_url(pk), **page
        )

    def report_view(self, request, pk: int):
        return self._request_action(
            request,
            pk,
            form_class=ReportForm,
            initial=lambda perspective: {"report": perspective.report},
            perform=lambda perspective, data: services.request_report(
                perspective=perspective, report=data["report"], actor=request.user
            ),
            done=_("Het verslag is opgeslagen. Het staat in het signalenrapport."),
            title=_("Verslag: wat brachten de ouders in?"),
            submit_label=_("Verslag opslaan"),
        )

    def cancel_view(self, request, pk: int):
        return self._request_action(
            request,
            pk,
            form_class=ConfirmForm,
            initial=None,
            perform=lambda perspective, data: services.request_cancel(
                perspective=perspective, actor=request.user
            ),
            done=_("De vraag gaat niet door. De uitgenodigde ouders krijgen een e-mail."),
            title=_("Vraag annuleren"),
            submit_label=_("Annuleren"),
        )


class PaidFilter(admin.SimpleListFilter):
    title = _("vergoeding")
    parameter_name = "vergoeding"

    def lookups(self, request, model_admin):
        return [("betalen", _("Nog te betalen")), ("betaald", _("Betaald"))]

    def queryset(self, request, queryset):
        if self.value() == "betalen":
            return queryset.filter(
                status=I.ACCEPTED,
                paid_on__isnull=True,
                request__allowance__gt=0,
                request__first_date__lte=timezone.localdate(),
            )
        if self.value() == "betaald":
            return queryset.filter(paid_on__isnull=False)
        return queryset


@admin.register(Invitation)
class InvitationAdmin(ActionPagesMixin, AccessLoggedAdmin, admin.ModelAdmin):
    list_display = ["parent", "request", "status", "answer_by", "allowance_paid", "paid_on"]
    list_filter = [PaidFilter, "status"]
    search_fields = ["parent__email", "parent__name", "request__topic"]
    list_select_related = ["parent", "request"]
    readonly_fields = [
        "request",
        "parent",
        "status",
        "invited_at",
        "invited_by",
        "answer_by",
        "answered_at",
        "allowance_paid",
        "paid_on",
    ]

    def access_subjects(self, invitation: Invitation) -> list:
        return [invitation.parent_id]

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
                "<int:pk>/betaald/",
                wrap(self.pay_view),
                name="ervaringsdeskundigen_invitation_pay",
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["may_pay"] = (
                request.user.has_perm("ervaringsdeskundigen.pay_invitation")
                and obj.status == I.ACCEPTED
                and obj.paid_on is None
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def pay_view(self, request, pk: int):
        if not request.user.has_perm("ervaringsdeskundigen.pay_invitation"):
            raise PermissionDenied
        invitation = Invitation.objects.select_related("request", "parent").filter(pk=pk).first()
        if invitation is None:
            raise Http404
        back = reverse("admin:ervaringsdeskundigen_invitation_change", args=[pk])
        form = PaymentForm(
            request.POST if request.method == "POST" else None,
            initial={"amount": invitation.request.allowance, "paid_on": timezone.localdate()},
        )
        year = timezone.localdate().year
        form.fields["amount"].help_text = _(
            "Deze ouder kreeg in %(year)s al %(paid)s. Het maximum is %(max)s per jaar."
        ) % {
            "year": year,
            "paid": services._euro(services.paid_in_year(user_id=invitation.parent_id, year=year)),
            "max": services._euro(services.allowance_year_max()),
        }
        if not form.is_bound:
            self._log_object(request, invitation, access_log.Action.VIEW)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.allowance_mark_paid(
                    invitation=invitation,
                    amount=data["amount"],
                    paid_on=data["paid_on"],
                    actor=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(request, _("De vergoeding staat als betaald."), messages.SUCCESS)
                return redirect(back)
        return self._action_page(
            request,
            title=_("Vergoeding betaald"),
            form=form,
            objects=[invitation],
            back_url=back,
            submit_label=_("Opslaan als betaald"),
        )
