"""Counting the queries of one page view, for the tests that pin them at scale."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def page_queries(client, url) -> tuple[int, str]:
    """The number of queries of a second view of `url` (the first view of a session
    writes it once more) and the page's HTML. The page must answer 200."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries), response.content.decode()
