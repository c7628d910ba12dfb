"""Change pages that read their object once per GET request, with the relations they show."""

from django.core.exceptions import ValidationError

_READ_ONCE = "_admin_objects_read_once"


class ReadOnceAdmin:
    """A change page that looks at its object before Django's change view does (for its
    buttons and summary) reads it once: `get_object` keeps what it read for the rest of
    a GET request. A POST reads it again each time, because the form writes into the
    object it is given, and what the page says beside the form is what is saved.

    `change_select_related`: the relations the change page shows, in the same query;
    `change_prefetch_related`: the many-to-many ones it reads more than once."""

    change_select_related: tuple[str, ...] = ()
    change_prefetch_related: tuple[str, ...] = ()

    def get_object(self, request, object_id, from_field=None):
        if request.method not in ("GET", "HEAD"):
            return self._read_object(request, object_id, from_field)
        read = request.__dict__.setdefault(_READ_ONCE, {})
        key = (self.model._meta.label_lower, object_id, from_field)
        if key not in read:
            read[key] = self._read_object(request, object_id, from_field)
        return read[key]

    def _read_object(self, request, object_id, from_field):
        if not (self.change_select_related or self.change_prefetch_related):
            return super().get_object(request, object_id, from_field)
        # Django's own get_object, with the related records read along.
        queryset = (
            self.get_queryset(request)
            .select_related(*self.change_select_related)
            .prefetch_related(*self.change_prefetch_related)
        )
        meta = self.model._meta
        field = meta.pk if from_field is None else meta.get_field(from_field)
        try:
            return queryset.get(**{field.name: field.to_python(object_id)})
        except (self.model.DoesNotExist, ValidationError, ValueError):
            return None
