"""Which changes make the cached public parts of the kennisbank and the wegwijzer new.

See `steunpunt.public_cache`. Connected in `KennisbankConfig.ready`, so a change made
anywhere (the admin, a service, the demo, a shell) counts. A view count is not a change:
it is written with `update()`, which sends no signal (the "veel gelezen" list follows the
counts within the index's timeout)."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from steunpunt import public_cache
from steunpunt.models import Municipality, Organisation, SiteSettings, Theme

from .models import Article, ArticleAttachment, ArticleLink

KENNISBANK = "kennisbank"
WEGWIJZER = "wegwijzer"


def _kennisbank_changed(sender, **kwargs) -> None:
    public_cache.bump(KENNISBANK)


def _wegwijzer_changed(sender, **kwargs) -> None:
    public_cache.bump(WEGWIJZER)


def _theme_changed(sender, **kwargs) -> None:
    public_cache.bump(KENNISBANK)
    public_cache.bump(WEGWIJZER)


def connect() -> None:
    # Not the word list of the typo corrections: it changes only with an article (which
    # bumps), and a receiver would make its bulk deletes load and signal every row.
    for model in (Article, ArticleAttachment, ArticleLink):
        for signal in (post_save, post_delete):
            signal.connect(_kennisbank_changed, sender=model, dispatch_uid=f"kb-page-{model}")
    for through in (Article.themes.through, Article.related.through):
        m2m_changed.connect(_kennisbank_changed, sender=through, dispatch_uid=f"kb-page-{through}")
    for model in (Organisation, Municipality, SiteSettings):
        for signal in (post_save, post_delete):
            signal.connect(_wegwijzer_changed, sender=model, dispatch_uid=f"ww-page-{model}")
    m2m_changed.connect(
        _wegwijzer_changed, sender=Organisation.themes.through, dispatch_uid="ww-page-themes"
    )
    for signal in (post_save, post_delete):
        signal.connect(_theme_changed, sender=Theme, dispatch_uid=f"theme-page-{signal}")
