"""The role matrix: a partner-only article never leaks to anyone who may not read it."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.urls import reverse

from kennisbank.models import ArticleAttachment
from kennisbank.selectors import visible_articles
from tests.factories import ArticleFactory, ThemeFactory, UserFactory, coordinator, editor

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _login(client, who):
    users = {
        "anonymous": None,
        "parent": lambda: UserFactory(),
        "buddy": lambda: UserFactory(roles=["buddy"]),
        "partner": lambda: UserFactory(roles=["partner"]),
        "editor": editor,
        "coordinator": coordinator,
    }
    if users[who]:
        client.force_login(users[who]())


@pytest.fixture
def partner_article(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    theme = ThemeFactory(slug="samenwerken", name="Samenwerken")
    public = ArticleFactory(title="Openbaar over samenwerken", slug="openbaar", themes=[theme])
    article = ArticleFactory(
        title="Geheim partneroverleg",
        slug="partneroverleg",
        visibility="partners",
        audience="professionals",
        body="Alleen voor partners: samenwerken met ouders.",
        themes=[theme],
    )
    article.related.add(public)
    attachment = ArticleAttachment(
        article=article, title="Gespreksformulier", content_type="application/pdf", size=len(PDF)
    )
    attachment.file.save("formulier.pdf", ContentFile(PDF))
    return article


READERS = ["partner", "editor", "coordinator"]
OUTSIDERS = ["anonymous", "parent", "buddy"]


@pytest.mark.parametrize("who", READERS)
def test_partner_article_opens_for_partners_and_staff(client, partner_article, who):
    _login(client, who)

    response = client.get(partner_article.get_absolute_url())

    assert response.status_code == 200
    assert "Geheim partneroverleg" in response.content.decode()


@pytest.mark.parametrize("who", OUTSIDERS)
def test_partner_article_answers_404_to_outsiders(client, partner_article, who):
    _login(client, who)

    assert client.get(partner_article.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("who", OUTSIDERS)
def test_partner_article_never_appears_in_lists_or_search(client, partner_article, who):
    _login(client, who)

    pages = [
        client.get(reverse("kennisbank:index")),
        client.get(reverse("kennisbank:index"), {"q": "partneroverleg"}),
        client.get(reverse("kennisbank:index"), {"q": "samenwerken"}),
        client.get(reverse("kennisbank:index"), {"thema": "samenwerken"}),
        client.get(reverse("kennisbank:article", kwargs={"slug": "openbaar"})),
        client.get(reverse("sitemap")),
        client.get(reverse("kennisbank:suggestions"), {"q": "samenwerken"}),
    ]

    for response in pages:
        assert response.status_code == 200
        assert "Geheim partneroverleg" not in response.content.decode()
        assert partner_article.get_absolute_url() not in response.content.decode()


@pytest.mark.parametrize("who", OUTSIDERS)
def test_partner_attachment_answers_404_to_outsiders(client, partner_article, who):
    _login(client, who)
    attachment = partner_article.attachments.get()

    assert client.get(attachment.get_absolute_url()).status_code == 404


def test_partner_downloads_the_attachment(client, partner_article):
    _login(client, "partner")
    attachment = partner_article.attachments.get()

    response = client.get(attachment.get_absolute_url())

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF


def test_related_link_hides_partner_article_from_public_readers(client, partner_article):
    response = client.get(reverse("kennisbank:article", kwargs={"slug": "openbaar"}))

    assert partner_article.get_absolute_url() not in response.content.decode()


def test_related_link_shows_for_partner(client, partner_article):
    _login(client, "partner")

    response = client.get(reverse("kennisbank:article", kwargs={"slug": "openbaar"}))

    assert partner_article.get_absolute_url() in response.content.decode()


def test_staff_only_article_is_hidden_from_partners(client):
    article = ArticleFactory(visibility="staff")
    _login(client, "partner")

    assert client.get(article.get_absolute_url()).status_code == 404


def test_draft_is_hidden_from_the_public_but_previewable_by_staff(client):
    article = ArticleFactory(status="draft")

    assert client.get(article.get_absolute_url()).status_code == 404
    client.force_login(editor())
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "Dit artikel is niet online" in response.content.decode()


def test_visible_articles_for_anonymous_are_public_and_published():

    ArticleFactory(slug="a")
    ArticleFactory(slug="b", visibility="partners")
    ArticleFactory(slug="c", status="draft")

    assert list(visible_articles(AnonymousUser()).values_list("slug", flat=True)) == ["a"]


def test_staff_without_second_factor_sees_only_public_articles(client):
    article = ArticleFactory(visibility="staff")
    client.force_login(UserFactory(roles=["editor"], is_staff=True))

    response = client.get(article.get_absolute_url())

    # The second-factor gate sends them to set up the app before any page with content.
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_suggestions_ignore_null_characters(client):
    response = client.get(reverse("kennisbank:suggestions"), {"q": "a\x00b", "thema": "\x00"})

    assert response.status_code == 200
