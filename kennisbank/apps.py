from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KennisbankConfig(AppConfig):
    """The knowledge base and the directory of partners (wegwijzer)."""

    name = "kennisbank"
    verbose_name = _("Kennisbank")

    def ready(self) -> None:
        from steunpunt import retention

        from . import page_cache, search_index, services

        search_index.connect()
        page_cache.connect()

        retention.register(
            retention.RetentionKind(
                "kennisbank.search_log",
                "search_log",
                services.search_logs_due,
                services.search_logs_delete,
            )
        )

    def work_queue(self, user, now) -> list:
        from .work_queue import entries

        return entries(user, now)

    def seed_demo(self) -> str:
        """Seeds what is missing and reports what is there (also on a second run)."""
        from .demo import seed_articles
        from .models import Article

        seed_articles()
        return f"{Article.objects.count()} articles"
