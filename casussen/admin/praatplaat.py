"""The praatplaat on the admin's case page: both sides next to each other (read in one
query), a new conversation praatplaat, sending its link to a partner and the print
view. Wired in `CaseAdmin.get_urls` through `praatplaat_urls`."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from steunpunt import access_log

from ..forms_praatplaat import SendToPartnerForm
from ..models import Case, Praatplaat
from ..services import praatplaat as service
from ..views_praatplaat import PRINT_TEMPLATE, _private, print_context


def praatplaat_panel(case: Case, evaluation, praatplaten=None) -> list[dict]:
    """What the case page shows: every praatplaat of the case with its rows. One query,
    none when the page read `praatplaten` (by kind) already; `evaluation` is the
    submitted evaluation the page has read already."""
    if praatplaten is None:
        praatplaten = (
            Praatplaat.objects.filter(case=case)
            .select_related("followup__organisation")
            .order_by("kind", "pk")
        )
    return [
        {"praatplaat": item, "rows": service.side_by_side(item, evaluation=evaluation)}
        for item in praatplaten
    ]


def _praatplaat_or_404(model_admin, request, pk: int, praatplaat_pk: int) -> Praatplaat:
    case = model_admin._case_or_404(request, pk)
    praatplaat = (
        Praatplaat.objects.select_related("followup__organisation")
        .filter(pk=praatplaat_pk, case=case)
        .first()
    )
    if praatplaat is None:
        raise Http404
    praatplaat.case = case
    return praatplaat


def praatplaat_urls(model_admin) -> list:
    wrap = model_admin.admin_site.admin_view

    def create_view(request, pk: int):
        case = model_admin._case_or_404(request, pk)
        if request.method != "POST":
            return redirect("admin:casussen_case_change", case.pk)
        try:
            praatplaat = service.praatplaat_create(case=case, actor=request.user)
        except ValidationError as error:
            model_admin.message_user(request, " ".join(error.messages), messages.ERROR)
            return redirect("admin:casussen_case_change", case.pk)
        model_admin.message_user(
            request,
            _("De praatplaat is gemaakt. De ouder ziet hem in Mijn steunpunt."),
            messages.SUCCESS,
        )
        return redirect("admin:casussen_case_praatplaat_send", case.pk, praatplaat.pk)

    def send_view(request, pk: int, praatplaat_pk: int):
        praatplaat = _praatplaat_or_404(model_admin, request, pk, praatplaat_pk)
        case = praatplaat.case
        followups = service.praatplaat_followups(praatplaat)
        form = SendToPartnerForm(request.POST or None, followups=followups)
        if request.method == "POST" and form.is_valid():
            followup = form.cleaned_data["followup"]
            try:
                sent = service.praatplaat_send_to_partner(
                    praatplaat=praatplaat, followup=followup, actor=request.user
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                model_admin.message_user(
                    request,
                    _("%(organisation)s krijgt een e-mail met een link naar de praatplaat.")
                    % {"organisation": followup.organisation.name}
                    if sent
                    else _("Die e-mail is al verstuurd."),
                    messages.SUCCESS if sent else messages.INFO,
                )
                return redirect("admin:casussen_case_change", case.pk)
        return model_admin._action_page(
            request,
            title=_("Praatplaat naar een partner sturen"),
            form=form,
            back_url=reverse("admin:casussen_case_change", args=[case.pk]),
            submit_label=_("Stuur de link"),
            extra={"case": case},
        )

    def print_view(request, pk: int, praatplaat_pk: int):
        if not model_admin.has_view_permission(request):
            raise PermissionDenied
        praatplaat = _praatplaat_or_404(model_admin, request, pk, praatplaat_pk)
        case = praatplaat.case
        access_log.record_read(
            request=request,
            obj=praatplaat,
            subjects=[case.parent_id],
            case_reference=case.reference,
        )
        back = reverse("admin:casussen_case_change", args=[case.pk])
        context = print_context(praatplaat, back_url=back)
        if praatplaat.kind == Praatplaat.Kind.AFTER_CASE:
            evaluation = getattr(case, "evaluation", None)
            context["rows"] = service.side_by_side(praatplaat, evaluation=evaluation)
        return _private(render(request, PRINT_TEMPLATE, context))

    return [
        path("<int:pk>/praatplaat/", wrap(create_view), name="casussen_case_praatplaat_new"),
        path(
            "<int:pk>/praatplaat/<int:praatplaat_pk>/versturen/",
            wrap(send_view),
            name="casussen_case_praatplaat_send",
        ),
        path(
            "<int:pk>/praatplaat/<int:praatplaat_pk>/afdrukken/",
            wrap(print_view),
            name="casussen_case_praatplaat_print",
        ),
    ]
