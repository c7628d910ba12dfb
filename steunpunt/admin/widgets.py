"""Admin widgets that read less (issue #12)."""

from django.contrib.admin.widgets import AutocompleteSelect


class KnownRowAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete select, which reads its selected row with a query of its
    own. A page that read that row already (with the record, `select_related`) hands it
    over in `known_rows`: the selected value's key and the row the widget's queryset
    would have returned for it, or None when the queryset would not return it (an owner
    who is no coordinator any more). Any other value is read as Django reads it. With
    nothing selected there is nothing to read: Django builds a query for no rows (which
    the database never sees, but which costs as much to build as one it does)."""

    known_rows: dict[str, object] | None = None

    def optgroups(self, name, value, attr=None):
        selected = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        known = self.known_rows or {}
        if selected and not selected <= known.keys():
            return super().optgroups(name, value, attr)
        default = (None, [], 0)
        if not self.is_required and not self.allow_multiple_selected:
            default[1].append(self.create_option(name, "", "", False, 0))
        label = self.choices.field.label_from_instance
        remote = self.field.remote_field
        opts = remote.model._meta
        to_field = opts.get_field(getattr(remote, "field_name", opts.pk.attname)).attname
        # As Django's: the option's value is the row's own, and `selected` the set of the
        # selected values (what Django hands to create_option too).
        for row in (known[key] for key in sorted(selected)):
            if row is not None:
                default[1].append(
                    self.create_option(
                        name, getattr(row, to_field), label(row), selected, len(default[1])
                    )
                )
        return [default]
