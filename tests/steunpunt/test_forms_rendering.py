"""The form renderer with its smallest templates in Python (issue #12): the HTML is
Django's own, for every widget it writes and for whole pages."""

import re
from datetime import UTC, datetime

import pytest
from django import forms
from django.contrib.admin import widgets as admin_widgets
from django.contrib.admin.sites import site
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils.safestring import mark_safe

from casussen.models import Case
from steunpunt.forms_rendering import FastTemplatesRenderer, KeptMedia, kept_media
from tests.clients import SecondFactorClient
from tests.factories import ArticleFactory, coordinator, editor, make_case
from tests.factories.meetups import MeetupFactory, MeetupRegistrationFactory

DJANGO = "django.forms.renderers.DjangoTemplates"


class EveryWidgetForm(forms.Form):
    text = forms.CharField(label="Naam & <b>", help_text="Uitleg", initial='"hoi" & <x>')
    number = forms.IntegerField(initial=12345)
    decimal = forms.DecimalField(initial=1234.5)
    choice = forms.ChoiceField(
        choices=[
            ("", "---"),
            (1, "één"),
            ("x&y", mark_safe("<i>al veilig</i>")),
            ("Groep", [(3, 1234), (4, "vier")]),
        ],
        initial=3,
    )
    many = forms.MultipleChoiceField(choices=[(1, "a"), (2, "b")], initial=[2])
    tick = forms.BooleanField(initial=True, required=False)
    maybe = forms.NullBooleanField()
    day = forms.DateField(initial="2026-12-01")
    email = forms.EmailField(required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, initial="verborgen")
    story = forms.CharField(widget=forms.Textarea, initial="tekst")
    radio = forms.ChoiceField(widget=forms.RadioSelect, choices=[(1, "a"), (2, "b")])
    boxes = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple, choices=[(1, "a"), (2, "b")]
    )
    attrs = forms.CharField(
        widget=forms.TextInput(
            attrs={"data-on": True, "data-off": False, "class": "a b", "data-n": 3}
        )
    )
    moment = forms.SplitDateTimeField(required=False)
    # Checkboxes in groups, with a class, and a text with characters to escape.
    grouped = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple(attrs={"class": "inline <x>"}),
        choices=[("Groep & zo", [(1, "a <b>"), (2, "b")]), (3, "los")],
        initial=[1, 3],
    )
    escaped = forms.CharField(widget=forms.Textarea, initial='a < b & "c"\nregel twee')
    empty = forms.CharField(widget=forms.Textarea, required=False)


def _html(form) -> list[str]:
    fields = [
        f"{form[name]}{form[name].label_tag()}{form[name].legend_tag()}{form[name].errors}"
        for name in form.fields
    ]
    return [*fields, str(form), form.as_p(), form.as_table(), form.as_div()]


@pytest.mark.parametrize("data", [None, {"text": '"hoi" & <x>', "number": "x", "choice": "zz"}])
def test_every_widget_is_written_as_django_writes_it(data):
    ours = EveryWidgetForm(data, renderer=FastTemplatesRenderer())
    django = EveryWidgetForm(data, renderer=DjangoTemplates())

    assert _html(ours) == _html(django)
    assert "&quot;hoi&quot; &amp; &lt;x&gt;" in str(ours["text"])
    assert "<i>al veilig</i>" in str(ours["choice"])
    assert ('class="errorlist"' in ours.as_div()) == (data is not None)


def test_the_project_renders_forms_with_it():
    assert isinstance(get_default_renderer(), FastTemplatesRenderer)


def test_other_templates_go_to_django():
    renderer = FastTemplatesRenderer()

    context = {"errors": ["a < b"], "error_class": "errorlist"}
    html = renderer.render("django/forms/errors/list/ul.html", context)

    assert html == '<ul class="errorlist"><li>a &lt; b</li></ul>'


def test_a_checkbox_list_without_ids_is_written_as_django_writes_it():
    ours = EveryWidgetForm(auto_id=False, renderer=FastTemplatesRenderer())
    django = EveryWidgetForm(auto_id=False, renderer=DjangoTemplates())

    for name in ("boxes", "radio", "grouped"):
        assert str(ours[name]) == str(django[name])
    assert "<label>" in str(ours["grouped"])


@pytest.mark.django_db
def test_case_change_page_is_the_same_html_as_with_djangos_renderer():
    client = SecondFactorClient()
    client.force_login(coordinator())
    url = reverse("admin:casussen_case_change", args=[make_case().pk])

    def page() -> str:
        html = client.get(url).content.decode()
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)

    ours = page()
    with override_settings(FORM_RENDERER=DJANGO):
        django = page()

    assert ours == django
    assert 'name="theme"' in ours


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["meetup", "article"])
def test_meetup_and_article_pages_are_the_same_html_as_with_djangos_renderer(page):
    # Their date and time fields, link fields and inlines' management forms.
    client = SecondFactorClient()
    if page == "meetup":
        meetup = MeetupFactory()
        MeetupRegistrationFactory(meetup=meetup)
        client.force_login(coordinator())
        url = reverse("admin:oudernetwerk_meetup_change", args=[meetup.pk])
    else:
        client.force_login(editor())
        url = reverse("admin:kennisbank_article_change", args=[ArticleFactory().pk])

    def html() -> str:
        text = client.get(url).content.decode()
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)

    ours = html()
    with override_settings(FORM_RENDERER=DJANGO):
        django = html()

    assert ours == django
    assert "-TOTAL_FORMS" in ours


@pytest.mark.parametrize("hidden", [False, True])
@pytest.mark.parametrize("limited", [None, {"is_active": True}])
@pytest.mark.parametrize("links", [(True, True, True, True), (False, True, False, False), ()])
def test_related_widget_wrapper_is_written_as_django_writes_it(hidden, limited, links):
    can = dict(zip(("change", "add", "delete", "view"), links or (False,) * 4, strict=True))
    context = {
        "rendered_widget": mark_safe('<select name="theme">\n</select>'),
        "is_hidden": hidden,
        "name": "theme",
        "url_params": "_to_field=id&_popup=1",
        "model": "thema <&>",
        "model_name": "theme",
        "can_add_related": can["add"],
        "can_change_related": can["change"],
        "can_delete_related": can["delete"],
        "can_view_related": can["view"],
        "model_has_limit_choices_to": limited,
        "add_related_url": "/admin/steunpunt/theme/add/",
        "delete_related_template_url": "/admin/steunpunt/theme/__fk__/delete/",
        "change_related_template_url": "/admin/steunpunt/theme/__fk__/change/",
        "view_related_url_params": "_to_field=id",
    }
    name = "admin/widgets/related_widget_wrapper.html"

    ours = FastTemplatesRenderer().render(name, context)

    assert ours == DjangoTemplates().render(name, context)
    assert ("thema &lt;&amp;&gt;" in ours) == (any(links) and not hidden)


def test_the_project_keeps_djangos_related_widget_wrapper():
    # Written in Python above: an override of the template would not be used.
    template = FastTemplatesRenderer().get_template("admin/widgets/related_widget_wrapper.html")

    assert "django/contrib/admin/templates" in template.origin.name


@pytest.mark.django_db
def test_kept_media_are_written_as_django_writes_them():
    request = RequestFactory().get("/")
    request.user = coordinator()
    model_admin = site._registry[Case]
    media = model_admin.media + model_admin.get_form(request, make_case(), change=True)().media

    first, again = str(kept_media(media)), str(kept_media(media))

    assert first == again == str(media)
    assert "<script src=" in first


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["admin:casussen_case_change", "admin:casussen_case_changelist"])
def test_admin_pages_write_their_media_once_per_process(page):
    client = SecondFactorClient()
    client.force_login(coordinator())
    args = [make_case().pk] if page.endswith("_change") else []

    response = client.get(reverse(page, args=args))

    assert response.status_code == 200
    assert isinstance(response.context["media"], KeptMedia)
    assert '<script src="/static/admin/js/' in response.content.decode()


class AdminWidgetsForm(forms.Form):
    link = forms.URLField(
        widget=admin_widgets.AdminURLFieldWidget,
        initial='https://a.nl/?x="1"&y',
        assume_scheme="https",
    )
    no_link = forms.URLField(
        widget=admin_widgets.AdminURLFieldWidget, required=False, assume_scheme="https"
    )
    not_a_link = forms.CharField(widget=admin_widgets.AdminURLFieldWidget, initial="geen <url>")
    day = forms.DateField(widget=admin_widgets.AdminDateWidget, initial="2026-12-01")
    hour = forms.TimeField(widget=admin_widgets.AdminTimeWidget, initial="10:30")
    moment = forms.SplitDateTimeField(widget=admin_widgets.AdminSplitDateTime, required=False)
    starts = forms.SplitDateTimeField(
        widget=admin_widgets.AdminSplitDateTime, initial=datetime(2026, 12, 1, 10, 30, tzinfo=UTC)
    )


@pytest.mark.parametrize("data", [None, {"link": "geen", "day": "x", "moment_0": "2026-12-01"}])
def test_the_admin_date_time_and_link_widgets_are_written_as_django_writes_them(data):
    ours = AdminWidgetsForm(data, renderer=FastTemplatesRenderer())
    django = AdminWidgetsForm(data, renderer=DjangoTemplates())

    assert _html(ours) == _html(django)
    assert ('<p class="url">' in str(ours["link"])) == (data is None)
    assert '<p class="datetime">' in str(ours["starts"])


@pytest.mark.parametrize("data", [None, {"f-TOTAL_FORMS": "x"}])
def test_a_management_form_is_written_as_django_writes_it(data):
    def formset(renderer):
        formset_class = forms.formset_factory(EveryWidgetForm, extra=2, renderer=renderer)
        return formset_class(data, prefix="f")

    ours, django = formset(FastTemplatesRenderer()), formset(DjangoTemplates())

    assert str(ours.management_form) == str(django.management_form)
    assert 'name="f-TOTAL_FORMS"' in str(ours.management_form)


def test_the_admin_widgets_and_management_form_need_no_template(monkeypatch):
    asked = []
    original = DjangoTemplates.render

    def render(self, template_name, context, request=None):
        asked.append(template_name)
        return original(self, template_name, context, request)

    monkeypatch.setattr(DjangoTemplates, "render", render)
    renderer = FastTemplatesRenderer()
    form = AdminWidgetsForm(renderer=renderer)
    formset = forms.formset_factory(EveryWidgetForm, renderer=renderer)(prefix="f")

    html = [str(form[name]) for name in form.fields] + [str(formset.management_form)]

    assert asked == []
    assert all(html)
