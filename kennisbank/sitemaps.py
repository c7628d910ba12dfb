from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .selectors import visible_articles


class ArticleSitemap(Sitemap):
    """Only what an anonymous visitor may read."""

    changefreq = "monthly"

    def items(self):
        return visible_articles(AnonymousUser()).order_by("slug")

    def lastmod(self, item):
        return item.updated_at


class PagesSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return [
            "home",
            "contact",
            "privacy",
            "accessibility",
            "kennisbank:index",
            "kennisbank:directory",
        ]

    def location(self, item):
        return reverse(item)
