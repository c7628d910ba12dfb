"""The "Ter controle aanbieden" button on the article page: it saves what was typed,
then takes the workflow's submit step; refused where the workflow refuses it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from kennisbank.models import Article, ArticleEvent
from tests.factories import ArticleFactory, UserFactory, coordinator, editor, privacy_officer

pytestmark = pytest.mark.django_db

BUTTON = 'name="_submit_for_review"'


def change_url(article: Article) -> str:
    return reverse("admin:kennisbank_article_change", args=[article.pk])


def form_data(client, article: Article, **changes) -> dict:
    """What the browser would send back from the change page, with `changes`."""
    response = client.get(change_url(article))
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if hasattr(value, "all"):
            value = [obj.pk for obj in value.all()]
        elif isinstance(value, list):
            value = [getattr(obj, "pk", obj) for obj in value]
        if value is not None:
            data[name] = value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"):
            data[f"{formset.prefix}-{name}"] = management.initial.get(name, 0)
        for subform in formset.initial_forms:
            data[f"{subform.prefix}-id"] = subform.instance.pk
            data[f"{subform.prefix}-article"] = article.pk
        data[f"{formset.prefix}-TOTAL_FORMS"] = len(formset.initial_forms)
    data.update(changes)
    return data


def test_a_draft_offers_the_button_to_an_editor(client):
    client.force_login(editor())
    article = ArticleFactory(status="draft")

    assert BUTTON in client.get(change_url(article)).content.decode()


@pytest.mark.parametrize("status", ["in_review", "published", "archived"])
def test_no_button_where_the_workflow_has_no_submit_step(client, status):
    client.force_login(editor())
    article = ArticleFactory(status=status)

    assert BUTTON not in client.get(change_url(article)).content.decode()


def test_the_button_saves_the_edits_and_offers_the_article(client):
    author = editor()
    client.force_login(author)
    article = ArticleFactory(status="draft", title="Oude titel")

    response = client.post(
        change_url(article),
        form_data(client, article, title="Nieuwe titel", _submit_for_review="1"),
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == change_url(article)
    article.refresh_from_db()
    assert (article.title, article.status, article.submitted_by) == (
        "Nieuwe titel",
        Article.Status.IN_REVIEW,
        author,
    )
    assert article.events.filter(action=ArticleEvent.Action.SUBMITTED, actor=author).exists()


def test_plain_save_does_not_submit(client):
    client.force_login(editor())
    article = ArticleFactory(status="draft")

    client.post(change_url(article), form_data(client, article, title="Alleen opslaan"))

    article.refresh_from_db()
    assert (article.title, article.status) == ("Alleen opslaan", Article.Status.DRAFT)


def test_a_refused_step_is_a_message_not_an_error(client):
    client.force_login(editor())
    article = ArticleFactory(status="draft")
    data = form_data(client, article, _submit_for_review="1")
    Article.objects.filter(pk=article.pk).update(status=Article.Status.IN_REVIEW)

    response = client.post(change_url(article), data, follow=True)

    assert response.status_code == 200
    assert "deze stap kan nu niet" in response.content.decode()


def test_coordinators_and_other_staff_get_no_button_and_cannot_submit(client):
    article = ArticleFactory(status="draft")
    for user in (coordinator(), privacy_officer()):
        client.force_login(user)
        response = client.get(change_url(article))
        assert BUTTON not in response.content.decode()
        client.post(change_url(article), {"title": "x", "_submit_for_review": "1"})
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_parent_and_anonymous_cannot_submit(client):
    article = ArticleFactory(status="draft")
    response = client.post(change_url(article), {"_submit_for_review": "1"})
    assert response["Location"].startswith(reverse("admin:login"))
    client.force_login(UserFactory())
    assert (
        client.post(change_url(article), {"_submit_for_review": "1"}, follow=True).status_code
        == 403
    )
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_editor_work_queue_links_list_exactly_those(client):
    client.force_login(editor())
    offered = ArticleFactory(status="in_review", title="Aangeboden")
    ArticleFactory(status="draft", title="Concept")
    late = ArticleFactory(status="published", title="Verlopen")
    Article.objects.filter(pk=late.pk).update(review_by=timezone.localdate())
    changelist = reverse("admin:kennisbank_article_changelist")

    for query, expected in [("aangeboden", {offered.pk}), ("verlopen", {late.pk})]:
        response = client.get(f"{changelist}?controle={query}")
        assert {a.pk for a in response.context["cl"].queryset} == expected
