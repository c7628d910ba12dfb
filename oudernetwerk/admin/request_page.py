"""What the coordinator's buddy request page reads: the request with the names it shows,
every theme with whether the request has it, and every municipality with whether it
neighbours the request's. Each is a query of a fixed shape, compiled once per process
(`steunpunt.compiled`, issue #12); the themes and municipalities are the form's choices
and what the ranking needs of them, one query each instead of two."""

from django.db import router
from django.db.models import Exists, OuterRef

from steunpunt.compiled import CompiledQuery
from steunpunt.forms import fits_in_key
from steunpunt.models import Municipality, Theme

from ..models import BuddyRequest

# Markers: values no row has, where the request's values go.
_REQUEST_MARK = -7_305_001
_MUNICIPALITY_MARK = -7_305_002

_REQUEST = CompiledQuery(
    lambda pk: BuddyRequest.objects.select_related("parent", "created_by").filter(pk=pk).order_by(),
    _REQUEST_MARK,
)

_THEMES = CompiledQuery(
    lambda pk: Theme.objects.annotate(
        on_request=Exists(
            BuddyRequest.themes.through.objects.filter(buddyrequest_id=pk, theme_id=OuterRef("pk"))
        )
    ),
    _REQUEST_MARK,
)

# As `Municipality.objects.filter(neighbours=municipality)` asks it (the ranking's
# `_NEIGHBOURS`): the link from the municipality listed to the request's.
_MUNICIPALITIES = CompiledQuery(
    lambda municipality: Municipality.objects.annotate(
        is_neighbour=Exists(
            Municipality.neighbours.through.objects.filter(
                from_municipality_id=OuterRef("pk"), to_municipality_id=municipality
            )
        )
    ),
    _MUNICIPALITY_MARK,
)


def request_for_page(pk: int) -> BuddyRequest | None:
    """The request by its id with its parent and who entered it, its themes kept as a
    prefetch keeps them (`request.themes.all()` reads no more) and `theme_rows` and
    `municipality_rows`: every theme and municipality in their model's order (the form's
    choices), with `on_request` and `is_neighbour`. None for an id no request has."""
    using = router.db_for_read(BuddyRequest)
    if not fits_in_key(BuddyRequest._meta.pk, pk, using=using):
        return None
    found = _REQUEST.objects(pk, using=using)
    if not found:
        return None
    request = found[0]
    request.theme_rows = _THEMES.objects(pk, using=router.db_for_read(Theme))
    queryset = request.themes.get_queryset()
    queryset._result_cache = [theme for theme in request.theme_rows if theme.on_request]
    queryset._prefetch_done = True
    request._prefetched_objects_cache = {BuddyRequest._meta.get_field("themes").name: queryset}
    request.municipality_rows = _MUNICIPALITIES.objects(
        request.municipality_id, using=router.db_for_read(Municipality)
    )
    return request


def neighbours(request: BuddyRequest) -> list[Municipality]:
    """The municipalities next to the request's, as read with it (`request_for_page`)."""
    return [row for row in request.municipality_rows if row.is_neighbour]
