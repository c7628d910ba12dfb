"""The admin's tabular inline written in Python (steunpunt/templatetags/light_tabular.py):
the HTML of Django's admin/edit_inline/tabular.html, for every tabular inline of the
admin (unbound and with errors) and for the inline options none of them uses."""

from datetime import timedelta
from pathlib import Path

import pytest
from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.options import InlineModelAdmin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.template import Context, Engine
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from casussen import services
from casussen.models import Case, Consent, FollowUp
from kennisbank.models import Article, ArticleLink
from tests.clients import SecondFactorClient
from tests.factories import (
    OrganisationFactory,
    UserFactory,
    coordinator,
    make_case,
    make_followup,
)
from tests.factories.meetups import MeetupFactory, MeetupRegistrationFactory

pytestmark = pytest.mark.django_db

DJANGO = (Path(admin.__file__).parent / "templates/admin/edit_inline/tabular.html").read_text()
OURS = (Path(__file__).parents[2] / "templates/admin/edit_inline/tabular.html").read_text()


def _superuser_request(data=None):
    factory = RequestFactory()
    request = factory.get("/") if data is None else factory.post("/", data)
    request.user = UserFactory(is_superuser=True, is_staff=True)
    return request


def _admin_formsets(model_admin, request, obj):
    formsets, inlines = model_admin._create_formsets(request, obj, change=obj is not None)
    for formset in formsets:
        if formset.is_bound:
            formset.is_valid()
    return model_admin.get_inline_formsets(request, formsets, inlines, obj)


def _both(admin_formset, last=True) -> tuple[str, str]:
    engine = Engine.get_default()
    values = {"inline_admin_formset": admin_formset, "forloop": {"last": last}}
    django, ours = (engine.from_string(text).render(Context(values)) for text in (DJANGO, OURS))
    return django, ours


def _tabular(admin_formsets):
    return [fs for fs in admin_formsets if fs.opts.template == "admin/edit_inline/tabular.html"]


def _post_data(admin_formsets) -> dict:
    """Every inline with one new row of nonsense, so the rows show their errors."""
    data = {}
    for admin_formset in admin_formsets:
        prefix = admin_formset.formset.prefix
        initial = admin_formset.formset.initial_form_count()
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": str(initial + 1),
                f"{prefix}-INITIAL_FORMS": str(initial),
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
                f"{prefix}-{initial}-title": "x" * 500,
                f"{prefix}-{initial}-url": "geen adres",
            }
        )
    return data


def _with_rows():
    article = Article.objects.create(
        title="Passend onderwijs <uitleg>", slug="passend", summary="Kort.", body="Lang."
    )
    ArticleLink.objects.create(article=article, title="Loket & meer", url="https://e.nl")
    meetup = MeetupFactory()
    MeetupRegistrationFactory(meetup=meetup)
    MeetupRegistrationFactory(meetup=meetup, status="waiting")
    MeetupRegistrationFactory(meetup=meetup, status="cancelled")


def test_every_tabular_inline_is_written_as_djangos_template_writes_it():
    _with_rows()
    compared = 0
    for model, model_admin in admin.site._registry.items():
        obj = model._default_manager.first()
        for instance in {obj, None}:
            if instance is None and not model_admin.has_add_permission(_superuser_request()):
                continue
            unbound = _tabular(_admin_formsets(model_admin, _superuser_request(), instance))
            if not unbound:
                continue
            bound = _tabular(
                _admin_formsets(model_admin, _superuser_request(_post_data(unbound)), instance)
            )
            for admin_formset in [*unbound, *bound]:
                for last in (True, False):
                    django, ours = _both(admin_formset, last)
                    assert ours == django, (model, instance, admin_formset.formset.prefix)
                    compared += 1
    # The article's attachments and links, the meetup's attendance list: with and
    # without a record, unbound and with errors.
    assert compared >= 16


def test_the_rows_shown_are_the_inlines_rows():
    _with_rows()
    meetup = MeetupFactory._meta.model.objects.get()
    model_admin = admin.site._registry[type(meetup)]

    (admin_formset,) = _tabular(_admin_formsets(model_admin, _superuser_request(), meetup))
    django, ours = _both(admin_formset)

    assert ours == django
    assert ours.count('<tr class="form-row has_original"') == 3
    assert "Afmelden" in ours


class OptionsForm(forms.ModelForm):
    secret = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = FollowUp
        fields = ["contact_email", "request", "due_date"]
        help_texts = {"contact_email": "Het <b>adres</b> van de school"}

    def clean(self):
        data = super().clean()
        if data.get("request") == "fout":
            raise ValidationError("Deze rij klopt niet <samen>.")
        return data


class OptionsFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        raise ValidationError("Het geheel klopt niet.")


def _options_inline(**options) -> InlineModelAdmin:
    attributes = {
        "model": FollowUp,
        "form": OptionsForm,
        "fields": [
            "contact_email",
            "request",
            "due_date",
            "status",
            "secret",
            "organisation",
            "answered_at",
            "overdue",
        ],
        "readonly_fields": ["organisation", "answered_at", "status", "overdue"],
        "extra": 1,
        "show_change_link": True,
        "view_on_site": lambda self, obj: f"/op-de-site/{obj.pk}/",
        "overdue": admin.display(boolean=True, description="te laat")(
            lambda self, followup: (
                bool(followup.due_date) and followup.due_date < timezone.localdate()
            )
        ),
        **options,
    }
    inline_class = type("OptionsInline", (admin.TabularInline,), attributes)
    return inline_class(Case, admin.site)


def _options_formset(inline, case, data=None):
    request = _superuser_request(data)
    formset_class = inline.get_formset(request, case)
    formset = formset_class(data, instance=case, prefix="followups")
    if data is not None:
        formset.is_valid()
    fieldsets = list(inline.get_fieldsets(request, case))
    readonly = inline.get_readonly_fields(request, case)
    return helpers.InlineAdminFormSet(
        inline,
        formset,
        fieldsets,
        inline.get_prepopulated_fields(request, case),
        readonly,
        model_admin=admin.site._registry[Case],
        has_add_permission=inline.has_add_permission(request, case),
        has_change_permission=inline.has_change_permission(request, case),
        has_delete_permission=inline.has_delete_permission(request, case),
        has_view_permission=inline.has_view_permission(request, case),
    )


def _options_data(followup) -> dict:
    return {
        "followups-TOTAL_FORMS": "2",
        "followups-INITIAL_FORMS": "1",
        "followups-MIN_NUM_FORMS": "0",
        "followups-MAX_NUM_FORMS": "1000",
        "followups-0-id": str(followup.pk),
        "followups-0-case": str(followup.case_id),
        "followups-0-contact_email": "geen adres",
        "followups-0-request": "fout",
        "followups-0-due_date": "morgen",
        "followups-0-DELETE": "on",
        "followups-1-contact_email": "school@voorbeeld.nl",
        "followups-1-request": "",
    }


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"classes": ["collapse", "wide"]},
        {"max_num": 1, "extra": 0, "can_delete": False},
        {"formset": OptionsFormSet},
        {"show_change_link": False, "view_on_site": False},
    ],
    ids=["everything", "collapsed", "one-row", "formset-errors", "no-links"],
)
@pytest.mark.parametrize("bound", [False, True], ids=["unbound", "with-errors"])
def test_the_options_no_inline_here_uses_are_written_as_django_writes_them(options, bound):
    case = make_case()
    worker = coordinator()
    consent = services.consent_give(
        case=case, organisation=OrganisationFactory(), method=Consent.Method.PHONE, actor=worker
    )
    followup = make_followup(
        case,
        consent,
        answered_at=timezone.now() - timedelta(days=1),
        due_date=timezone.localdate() - timedelta(days=2),
    )
    inline = _options_inline(**options)
    data = _options_data(followup) if bound else None

    django, ours = _both(_options_formset(inline, followup.case, data))

    assert ours == django
    if not options:
        assert "Het &lt;b&gt;adres&lt;/b&gt; van de school" not in ours  # stripped, not shown
        assert 'title="Het adres van de school"' in ours
        assert "/op-de-site/" in ours
        assert reverse("admin:casussen_followup_change", args=[followup.pk]) in ours
        assert "empty-form" in ours
        if bound:
            assert "Deze rij klopt niet &lt;samen&gt;." in ours


def test_the_meetup_page_uses_it():
    meetup = MeetupFactory()
    MeetupRegistrationFactory(meetup=meetup)
    client = SecondFactorClient()
    client.force_login(coordinator())

    response = client.get(reverse("admin:oudernetwerk_meetup_change", args=[meetup.pk]))

    names = [template.name for template in response.templates]
    assert "admin/edit_inline/tabular.html" in names
    assert 'data-inline-type="tabular"' in response.content.decode()
