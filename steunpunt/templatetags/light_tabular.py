"""The admin's tabular inline (admin/edit_inline/tabular.html) written in Python (issue #12).

Django's template walks every row and cell of an inline through the template engine:
some twenty lookups, conditions and loops a cell, more than the cells' own contents on
the attendance list of a meetup and the links and attachments of an article.
`{% light_tabular %}` writes exactly the HTML the template writes, from the same objects
(the widgets, errors and management form render themselves as before; a read-only cell
is `readonly_contents`, Django's `contents()` with its dates and choices written as the
read-only tables write them). `templates/admin/edit_inline/tabular.html` is the tag; the
tests compare it with Django's template for every tabular inline of the admin and for
the options none of them uses."""

from django import template
from django.contrib.admin.templatetags.admin_modify import cell_count
from django.contrib.admin.utils import quote
from django.template.defaultfilters import capfirst, striptags
from django.templatetags.static import static
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from steunpunt.admin.inlines import readonly_contents
from steunpunt.admin.rows import DateWriter

from .light_fieldset import _INVALID, _lookup
from .light_fieldset import _text as _out

register = template.Library()


def _translated(msgid: str) -> str:
    """`{% translate "..." %}`: a literal of the template is safe, and so its translation."""
    return gettext(mark_safe(msgid))


def _current_app(context) -> str | None:
    """The namespace `{% url %}` reverses in: the request's, else the one it resolved to."""
    request = getattr(context, "request", None)
    try:
        return request.current_app
    except AttributeError:
        try:
            return request.resolver_match.namespace
        except AttributeError:
            return None


def _header(field: dict, context) -> str:
    classes = f"column-{_out(_lookup(field, 'name'), context)}"
    if _lookup(field, "required"):
        classes += " required"
    if _lookup(_lookup(field, "widget"), "is_hidden"):
        classes += " hidden"
    help_text = _lookup(field, "help_text")
    icon = ""
    if help_text:
        plain = _out(striptags(help_text), context)
        icon = (
            f'<img src="{_out(static("admin/img/icon-unknown.svg"), context)}" '
            f'class="help help-tooltip" width="10" height="10" alt="({plain})" title="{plain}">'
        )
    return (
        f'\n       <th class="{classes}">{_out(capfirst(_lookup(field, "label")), context)}'
        f"\n       {icon}\n       </th>\n     "
    )


def _cell(field, context, dates: DateWriter) -> str:
    inner = _lookup(field, "field")
    name = _lookup(inner, "name")
    classes = f"field-{_out(name, context)}" if name else ""
    if _lookup(inner, "is_hidden"):
        classes += " hidden"
    if field.is_readonly:
        contents = readonly_contents(field, dates)
        body = f"\n                  <p>{_out(contents, context)}</p>\n              "
    else:
        errors = _lookup(_lookup(inner, "errors"), "as_ul")
        body = (
            f"\n                  {_out(errors, context)}"
            f"\n                  {_out(inner, context)}\n              "
        )
    return (
        f'\n              <td class="{classes}">\n              {body}'
        "\n              </td>\n            "
    )


def _row(admin_form, index: int, last: bool, admin_formset, prefix: str, context, dates) -> str:
    out = ["\n        "]
    form = _lookup(admin_form, "form")
    errors = _lookup(form, "non_field_errors")
    if errors:
        colspan = _out(cell_count(admin_form), context)
        out.append(
            f'\n        <tr class="row-form-errors"><td colspan="{colspan}">'
            f"{_out(errors, context)}</td></tr>\n        "
        )
    original = _lookup(admin_form, "original")
    show_url = _lookup(admin_form, "show_url")
    empty = last and _lookup(admin_formset, "has_add_permission")
    classes = "form-row " + ("has_original" if original or show_url else "")
    if empty:
        classes += " empty-form"
    row_id = "empty" if empty else _out(index, context)
    out.append(
        f'\n        <tr class="{classes}"\n             id="{prefix}-{row_id}">'
        '\n        <td class="original">\n          '
    )
    if original or show_url:
        out.append("<p>\n          ")
        if original:
            out.append(f"\n          {_out(original, context)}\n          ")
            model_admin = _lookup(admin_form, "model_admin")
            if _lookup(model_admin, "show_change_link") and _lookup(
                model_admin, "has_registered_model"
            ):
                opts = _lookup(model_admin, "opts")
                url = reverse(
                    f"admin:{opts.app_label}_{opts.model_name}_change",
                    args=[quote(_lookup(original, "pk"))],
                    current_app=_current_app(context),
                )
                changes = _lookup(admin_formset, "has_change_permission")
                kind = "inlinechangelink" if changes else "inlineviewlink"
                label = _translated("Change" if changes else "View")
                out.append(f'<a href="{_out(url, context)}" class="{kind}">{label}</a>')
            out.append("\n          ")
        out.append("\n          ")
        if show_url:
            out.append(
                f'<a href="{_out(_lookup(admin_form, "absolute_url"), context)}">'
                f"{_translated('View on site')}</a>"
            )
        out.append("\n            </p>")
    out.append("\n          ")
    if _lookup(admin_form, "needs_explicit_pk_field"):
        out.append(_out(_lookup(_lookup(admin_form, "pk_field"), "field"), context))
    out.append("\n          ")
    fk_field = _lookup(admin_form, "fk_field")
    if fk_field:
        out.append(_out(_lookup(fk_field, "field"), context))
    out.append("\n        </td>\n        ")
    for fieldset in admin_form:
        out.append("\n          ")
        for line in fieldset:
            out.append("\n            ")
            out.extend(_cell(field, context, dates) for field in line)
            out.append("\n          ")
        out.append("\n        ")
    out.append('\n        <td class="delete">')
    formset = _lookup(admin_formset, "formset")
    if (
        _lookup(formset, "can_delete")
        and _lookup(admin_formset, "has_delete_permission")
        and original
    ):
        out.append(_out(_lookup(_lookup(admin_form, "deletion_field"), "field"), context))
    out.append("</td>\n        </tr>\n     ")
    return "".join(out)


@register.simple_tag(takes_context=True)
def light_tabular(context) -> str:
    """admin/edit_inline/tabular.html, for the `inline_admin_formset` (and `forloop`) of
    the context."""
    admin_formset = context.get("inline_admin_formset", _INVALID)
    formset = _lookup(admin_formset, "formset")
    prefix = _out(_lookup(formset, "prefix"), context)
    forloop = context.get("forloop") or {}
    collapsible = _lookup(admin_formset, "is_collapsible")
    opts = _lookup(admin_formset, "opts")
    if _lookup(formset, "max_num") == 1:
        heading = capfirst(_lookup(opts, "verbose_name"))
    else:
        heading = capfirst(_lookup(opts, "verbose_name_plural"))
    last = "last-related" if _lookup(forloop, "last") else ""
    data = _out(_lookup(admin_formset, "inline_formset_data"), context)
    out = [
        f'\n<div class="js-inline-admin-formset inline-group" id="{prefix}-group"'
        '\n     data-inline-type="tabular"'
        f'\n     data-inline-formset="{data}">'
        f'\n  <div class="tabular inline-related {last}">'
        f"\n{_out(_lookup(formset, 'management_form'), context)}"
        f'\n<fieldset class="module {_out(_lookup(admin_formset, "classes"), context)}"'
        f' aria-labelledby="{prefix}-heading">\n  ',
        "<details><summary>" if collapsible else "",
        f'\n  <h2 id="{prefix}-heading" class="inline-heading">\n  '
        f"\n    {_out(heading, context)}\n  \n  </h2>\n  ",
        "</summary>" if collapsible else "",
        f"\n   {_out(_lookup(formset, 'non_form_errors'), context)}"
        '\n   <table>\n     <thead><tr>\n       <th class="original"></th>\n     ',
    ]
    out.extend(_header(field, context) for field in _lookup(admin_formset, "fields"))
    deletes = _lookup(formset, "can_delete") and _lookup(admin_formset, "has_delete_permission")
    out.append(
        f"\n     <th>{_translated('Delete?') if deletes else ''}</th>"
        "\n     </tr></thead>\n\n     <tbody>\n     "
    )
    admin_forms = list(admin_formset)
    final = len(admin_forms) - 1
    dates = DateWriter()
    out.extend(
        _row(admin_form, index, index == final, admin_formset, prefix, context, dates)
        for index, admin_form in enumerate(admin_forms)
    )
    out.append("\n     </tbody>\n   </table>\n  ")
    if collapsible:
        out.append("</details>")
    out.append("\n</fieldset>\n  </div>\n</div>\n")
    # Every part was escaped as the template escapes it (`_out`).
    return mark_safe("".join(out))
