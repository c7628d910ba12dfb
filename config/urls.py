from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from kennisbank.sitemaps import ArticleSitemap, PagesSitemap

# The admin signs in through allauth, so its rate limits and the second factor apply.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = _("Beheer van het oudersteunpunt")
admin.site.site_title = _("Beheer oudersteunpunt")
admin.site.index_title = _("Overzicht")

SITEMAPS = {"pages": PagesSitemap, "articles": ArticleSitemap}

urlpatterns = [
    path("", include("steunpunt.urls")),
    path("", include("kennisbank.urls")),
    path("", include("tijdlijn.urls")),
    path("", include("casussen.urls")),
    path("", include("oudernetwerk.urls")),
    path("", include("signalen.urls")),
    path("", include("opendata.urls")),
    path("", include("ervaringsdeskundigen.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
