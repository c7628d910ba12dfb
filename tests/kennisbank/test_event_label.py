"""An article's history row is labelled by what happened and when, in local time, like
every other history in the admin (the walker saw "aangemaakt · 01-12-2026 13:58" above a
row saying 14:58)."""

from datetime import datetime

import pytest
import time_machine
from django.utils import timezone

from kennisbank.models import ArticleEvent
from tests.factories import ArticleFactory, editor

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 12, 1, 9, 30, tzinfo=timezone.get_default_timezone())


@time_machine.travel(NOW, tick=False)
def test_article_event_is_labelled_in_local_time():
    event = ArticleEvent.objects.create(
        article=ArticleFactory(), action=ArticleEvent.Action.choices[0][0], actor=editor()
    )
    event.refresh_from_db()

    assert str(event) == f"{ArticleEvent.Action.choices[0][1]} · 01-12-2026 09:30"
