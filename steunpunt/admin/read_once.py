"""Change pages that read their object once per GET request, with the relations they show
and which of their many-to-many choices are chosen."""

from django.core.exceptions import ValidationError
from django.db import models, router
from django.db.models import Value, prefetch_related_objects

from steunpunt.compiled import CompiledQuery
from steunpunt.forms import fits_in_key

from .base import object_by_id

_READ_ONCE = "_admin_objects_read_once"
# Where the page's id goes in a compiled change page query: an id no row has.
_OBJECT_MARK = -7_303_002


class ReadOnceAdmin:
    """A change page that looks at its object before Django's change view does (for its
    buttons and summary) reads it once: `get_object` keeps what it read for the rest of
    a GET request. A POST reads it again each time, because the form writes into the
    object it is given, and what the page says beside the form is what is saved.

    `change_select_related`: the relations the change page shows, in the same query;
    `change_prefetch_related`: the many-to-many ones it reads more than once;
    `change_selected`: many-to-many fields whose form shows which are chosen among all
    (a `filter_horizontal`): which are chosen is read for all of them in one query."""

    change_select_related: tuple[str, ...] = ()
    change_prefetch_related: tuple[str, ...] = ()
    change_selected: tuple[str, ...] = ()
    # For an admin whose `get_queryset` is the same for every request (it reads nothing
    # of the request, as the annotations of places taken): a page's object is read by a
    # query built and compiled once per process (`steunpunt.compiled`). Building the
    # meetup's query with its counts and compiling it took 1.5 ms of its page.
    change_query_compiles = False

    def get_object(self, request, object_id, from_field=None):
        if request.method not in ("GET", "HEAD"):
            return self._read_object(request, object_id, from_field)
        read = request.__dict__.setdefault(_READ_ONCE, {})
        key = (self.model._meta.label_lower, object_id, from_field)
        if key not in read:
            obj = self._read_object(request, object_id, from_field)
            if obj is not None and self.change_selected:
                # Only where the form shows the fields: read-only, they show the names.
                readonly = set(self.get_readonly_fields(request, obj))
                selected = tuple(name for name in self.change_selected if name not in readonly)
                if selected and self.has_change_permission(request, obj):
                    _read_selected(obj, selected)
            read[key] = obj
        return read[key]

    def _read_object(self, request, object_id, from_field):
        if self.change_query_compiles and from_field is None:
            return self._compiled_object(object_id)
        if not (self.change_select_related or self.change_prefetch_related):
            return super().get_object(request, object_id, from_field)
        # Django's own get_object, with the related records read along.
        queryset = (
            self.get_queryset(request)
            .select_related(*self.change_select_related)
            .prefetch_related(*self.change_prefetch_related)
        )
        return object_by_id(queryset, object_id, from_field)

    def _compiled_object(self, object_id):
        """`_read_object` by id, by the query `_change_query` compiled: None for an id
        that is no number, lies outside the key's range or that no row has."""
        pk_field = self.model._meta.pk
        try:
            pk = pk_field.to_python(object_id)
        except (ValidationError, ValueError):
            return None
        using = router.db_for_read(self.model)
        if not fits_in_key(pk_field, pk, using=using):
            return None
        query = self.__dict__.get("_change_query")
        if query is None:
            query = self.__dict__["_change_query"] = CompiledQuery(
                self._change_queryset, _OBJECT_MARK
            )
        found = query.objects(pk, using=using)
        if not found:
            return None
        if self.change_prefetch_related:
            prefetch_related_objects(found, *self.change_prefetch_related)
        return found[0]

    def _change_queryset(self, pk):
        """The change page's query for the object with this id, as `_read_object` asks
        it (`get_queryset` given no request: it reads nothing of it)."""
        if not isinstance(self.model._meta.pk, models.IntegerField):
            raise TypeError("change_query_compiles is for models with a numbered key")
        return (
            self.get_queryset(None)
            .select_related(*self.change_select_related)
            .filter(pk=pk)
            .order_by()
        )


_SELECTED: dict[tuple, CompiledQuery] = {}


def _selected_query(model, names: tuple[str, ...]) -> CompiledQuery:
    """The ids linked through each of these many-to-many fields, as (field number, id)
    rows: the link tables in one `UNION ALL`, compiled once per process."""
    key = (model._meta.label_lower, names)
    if key not in _SELECTED:

        def build(pk):
            parts = []
            for index, name in enumerate(names):
                field = model._meta.get_field(name)
                links = field.remote_field.through.objects.filter(
                    **{field.m2m_field_name(): pk}
                ).order_by()
                parts.append(
                    links.annotate(field_number=Value(index)).values_list(
                        "field_number", field.m2m_reverse_field_name() + "_id"
                    )
                )
            return parts[0].union(*parts[1:], all=True)

        _SELECTED[key] = CompiledQuery(build, -7_303_001)
    return _SELECTED[key]


def _read_selected(obj, names: tuple[str, ...]) -> None:
    """What the change form reads of these many-to-many fields (which are chosen), put
    where Django's prefetching puts it, from one query instead of one per field. The
    records have their ids only (the form needs no more); anything reading more of them
    reads it as for a deferred field."""
    chosen: dict[int, list[int]] = {index: [] for index in range(len(names))}
    for index, pk in _selected_query(type(obj), names).rows(obj.pk):
        chosen[index].append(pk)
    cache = obj.__dict__.setdefault("_prefetched_objects_cache", {})
    for index, name in enumerate(names):
        field = obj._meta.get_field(name)
        related = field.related_model
        queryset = getattr(obj, name).get_queryset()
        queryset._result_cache = [
            related.from_db(queryset.db, [related._meta.pk.attname], (pk,)) for pk in chosen[index]
        ]
        queryset._prefetch_done = True
        cache[field.name] = queryset
