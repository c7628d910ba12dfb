"""The form renderer: Django's, with its smallest templates written out in Python.

Django renders every widget, option, label and attribute list of a form through the
template engine: a select of 15 themes is 47 template renders, an admin change page
several hundred (issue #12: ~16 ms of the case page's widgets). The templates below
are a few lines each and never overridden in this project; `FastTemplatesRenderer`
writes exactly what they write (the tests compare it with Django's own output for
every widget it covers) and hands every other template to Django's renderer."""

from functools import lru_cache
from html import escape as html_escape

from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.templatetags.static import static
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.translation import gettext

# What `{{ value }}` does in a template: localise, then escape.
_CONTEXT = Context(autoescape=True)


def value_html(value, context: Context = _CONTEXT) -> str:
    """`{{ value }}` in this context (by default one that escapes). Text, the most of it,
    is escaped as `conditional_escape` would, without the lazy check, localisation and
    time zone that only other values need (issue #12)."""
    kind = type(value)
    if kind is SafeString:
        return value
    if kind is str and context.autoescape:
        return html_escape(value)
    return render_value_in_context(value, context)


_out = value_html  # the short name its many f-strings use


def _string(value) -> str:
    """`{{ value|stringformat:'s' }}`."""
    text = str(value) if isinstance(value, tuple) else "%s" % (value,)  # noqa: UP031
    if isinstance(value, SafeData):
        text = mark_safe(text)  # stringformat keeps a safe value safe
    return _out(text)


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html and django/forms/attrs.html."""
    parts = []
    for name, value in (attrs or {}).items():
        if value is False:
            continue
        parts.append(f" {_out(name)}" if value is True else f' {_out(name)}="{_string(value)}"')
    return "".join(parts)


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{_string(widget["value"])}"'
    return (
        f'<input type="{_out(widget["type"])}" name="{_out(widget["name"])}"{value}'
        f"{_attrs(widget['attrs'])}>"
    )


def _option(option: dict) -> str:
    return (
        f'<option value="{_string(option["value"])}"{_attrs(option["attrs"])}>'
        f"{_out(option['label'])}</option>"
    )


# Templates whose whole text is `{% include "django/forms/widgets/input.html" %}`.
_INPUTS = [
    f"django/forms/widgets/{name}.html"
    for name in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "checkbox",
        "date",
        "datetime",
        "time",
        "search",
        "tel",
        "color",
    )
]
_OPTION = "django/forms/widgets/select_option.html"
# Templates whose whole text is `{% include "django/forms/widgets/multiple_input.html" %}`
# (the checkboxes and radio buttons), and those of their options, which include
# input_option.html (each include keeps the line break that ends its template).
_MULTIPLE = [f"django/forms/widgets/{name}.html" for name in ("checkbox_select", "radio")]
_INPUT_OPTIONS = {
    "django/forms/widgets/input_option.html": "",
    "django/forms/widgets/checkbox_option.html": "\n",
    "django/forms/widgets/radio_option.html": "\n",
}


# The admin's date and time fields: `<p class="...">`, Django's date.html or time.html
# (which includes input.html) in it.
_ADMIN_DATE_TIME = {
    "admin/widgets/date.html": "date",
    "admin/widgets/time.html": "time",
}


def _admin_date_time(widget: dict) -> str:
    """admin/widgets/date.html or time.html as included (with their line breaks)."""
    kind = _ADMIN_DATE_TIME[widget["template_name"]]
    return f'<p class="{kind}">\n  {_input(widget)}\n\n\n</p>\n'


def _included(widget: dict) -> str | None:
    """A part of a widget (`{% include widget.template_name %}`), as included: with the
    line breaks that end its template and the one it includes; None for another one."""
    name = widget["template_name"]
    if name in _ADMIN_DATE_TIME:
        return _admin_date_time(widget)
    if name == _INPUTS[0]:  # input.html itself
        return f"{_input(widget)}\n"
    if name in _INPUTS:
        return f"{_input(widget)}\n\n"
    return None


def _input_option(option: dict) -> str:
    """django/forms/widgets/input_option.html, as included (with its last line break)."""
    if not option["wrap_label"]:
        return f"{_input(option)}\n\n"
    label_id = option["attrs"].get("id")
    target = f' for="{_out(label_id)}"' if label_id else ""
    return f"<label{target}>{_input(option)}\n {_out(option['label'])}</label>\n"


@lru_cache(maxsize=16)
def _icon(kind: str, static_url: str) -> str:
    # The address of a link's icon, asked of the static files storage once per process.
    return conditional_escape(static(f"admin/img/icon-{kind}link.svg"))


def _related_link(kind: str, context: dict, msgid: str, url: str, indent: int = 12) -> str:
    """One link of admin/widgets/related_widget_wrapper.html, as its {% spaceless %}
    leaves it (the line breaks inside the tag stay)."""
    pad = "\n" + " " * indent
    # {% blocktranslate %}: the translation, with the model's name escaped.
    title = gettext(msgid) % {"model": _out(context["model"])}
    icon = _icon(kind, settings.STATIC_URL)
    popup = "" if kind == "view" else f'{pad}data-popup="yes"'
    # The add link's address is its href, after data-popup; the others' a template.
    target = (
        f'{popup}{pad}href="{url}"' if kind == "add" else f'{pad}data-href-template="{url}"{popup}'
    )
    return (
        f'<a class="related-widget-wrapper-link {kind}-related" id="{kind}_id_'
        f'{_out(context["name"])}"{target}{pad}title="{title}">'
        f'<img src="{icon}" alt="" width="24" height="24"></a>'
    )


class FastTemplatesRenderer(DjangoTemplates):
    """Django's default renderer, with the input, select, option, checkbox and radio
    list, textarea, label and empty error list templates and the admin's related widget
    wrapper written in Python."""

    def render(self, template_name, context, request=None):
        write = self._written.get(template_name)
        if write is not None:
            written = write(self, context)
            if written is not None:
                return written.strip()  # as Django's renderer strips a template's output
        return super().render(template_name, context, request=request)

    def _select(self, context) -> str | None:
        widget = context["widget"]
        parts = [f'<select name="{_out(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{_out(group_name)}">')
            for option in group_choices:
                if option["template_name"] != _OPTION:
                    return None  # a widget with its own option template
                parts.append(f"\n  {_option(option)}\n")
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return "".join(parts)

    def _multiple_input(self, context) -> str | None:
        """django/forms/widgets/multiple_input.html."""
        widget = context["widget"]
        attrs = widget["attrs"]
        parts = ["<div"]
        if attrs.get("id"):
            parts.append(f' id="{_out(attrs["id"])}"')
        if attrs.get("class"):
            parts.append(f' class="{_out(attrs["class"])}"')
        parts.append(">")
        for group, options, _index in widget["optgroups"]:
            if group:
                parts.append(f"\n  <div><label>{_out(group)}</label>")
            for option in options:
                after = _INPUT_OPTIONS.get(option["template_name"])
                if after is None:
                    return None  # a widget with its own option template
                parts.append(f"<div>\n    {_input_option(option)}{after}</div>")
            if group:
                parts.append("\n  </div>")
        parts.append("\n</div>")
        return "".join(parts)

    def _textarea(self, context) -> str:
        """django/forms/widgets/textarea.html."""
        widget = context["widget"]
        value = _out(widget["value"]) if widget["value"] else ""
        return (
            f'<textarea name="{_out(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'
        )

    def _label(self, context) -> str:
        if not context["use_tag"]:
            return _out(context["label"])
        tag = _out(context["tag"])
        return f"<{tag}{_attrs(context['attrs'])}>{_out(context['label'])}</{tag}>"

    def _errors(self, context) -> str | None:
        return "" if not context["errors"] else None

    def _hidden_form(self, context) -> str | None:
        """django/forms/div.html for a form of hidden fields only and no errors (an
        inline's management form): the fields, one after the other."""
        if context["fields"] or context["errors"]:
            return None
        return "".join(str(field) for field in context["hidden_fields"])

    def _admin_url(self, context) -> str:
        """admin/widgets/url.html."""
        widget = context["widget"]
        field = f"{_input(widget)}\n"  # input.html, included with its line break
        if not context["url_valid"]:
            return field
        return (
            f'<p class="url">{_out(context["current_label"])} <a href="{_out(widget["href"])}">'
            f"{_out(widget['value'])}</a><br>{_out(context['change_label'])} {field}</p>"
        )

    def _admin_date_time(self, context) -> str:
        """admin/widgets/date.html and time.html."""
        return _admin_date_time(context["widget"])

    def _admin_split_datetime(self, context) -> str | None:
        """admin/widgets/split_datetime.html, with its two parts included."""
        date, time = (_included(widget) for widget in context["widget"]["subwidgets"])
        if date is None or time is None:
            return None  # a widget with its own templates
        return (
            f'<p class="datetime">\n  {_out(context["date_label"])} {date}<br>'
            f"\n  {_out(context['time_label'])} {time}\n</p>\n"
        )

    def _related_widget_wrapper(self, context) -> str | None:
        """admin/widgets/related_widget_wrapper.html: the widget and its change, add,
        delete and view links (which RelatedFieldWidgetWrapper put in the context)."""
        limited = context["model_has_limit_choices_to"]
        if callable(limited):
            return None  # the template would call it
        links = []
        if not context["is_hidden"]:
            params = _out(context["url_params"])
            if context["can_change_related"]:
                url = f"{_out(context['change_related_template_url'])}?{params}"
                links.append(_related_link("change", context, "Change selected %(model)s", url))
            if context["can_add_related"]:
                url = f"{_out(context['add_related_url'])}?{params}"
                links.append(_related_link("add", context, "Add another %(model)s", url))
            if context["can_delete_related"]:
                url = f"{_out(context['delete_related_template_url'])}?{params}"
                links.append(_related_link("delete", context, "Delete selected %(model)s", url))
            if context["can_view_related"]:
                url = (
                    f"{_out(context['change_related_template_url'])}"
                    f"?{_out(context['view_related_url_params'])}"
                )
                links.append(
                    _related_link("view", context, "View selected %(model)s", url, indent=13)
                )
        ref = "" if limited else f'data-model-ref="{_out(context["model_name"])}"'
        return (
            f'<div class="related-widget-wrapper" {ref}>\n    '
            f"{_out(context['rendered_widget'])}\n    \n        {''.join(links)}\n    \n</div>"
        )

    _written = {
        **dict.fromkeys(_INPUTS, lambda self, context: _input(context["widget"])),
        "django/forms/widgets/select.html": _select,
        "django/forms/widgets/multiple_input.html": _multiple_input,
        **dict.fromkeys(_MULTIPLE, _multiple_input),
        "django/forms/widgets/textarea.html": _textarea,
        _OPTION: lambda self, context: _option(context["widget"]),
        "django/forms/label.html": _label,
        "django/forms/errors/list/ul.html": _errors,
        "django/forms/errors/list/default.html": _errors,
        "admin/widgets/related_widget_wrapper.html": _related_widget_wrapper,
        "django/forms/div.html": _hidden_form,
        "admin/widgets/url.html": _admin_url,
        **dict.fromkeys(_ADMIN_DATE_TIME, _admin_date_time),
        "admin/widgets/split_datetime.html": _admin_split_datetime,
    }


# Rendered media, per process: the same scripts and styles give the same tags.
_MEDIA: dict[tuple, str] = {}
_MEDIA_ENTRIES = 64


def _frozen(value):
    if isinstance(value, dict):
        return tuple((key, _frozen(item)) for key, item in value.items())
    if isinstance(value, list | tuple):
        return tuple(_frozen(item) for item in value)
    return value


class KeptMedia(forms.Media):
    """A form's media whose tags are written once per process for each list of scripts
    and styles: each tag asks the static files storage for its address (`static()`),
    some twenty of them on an admin change page."""

    def render(self):
        key = (settings.STATIC_URL, _frozen(self._css_lists), _frozen(self._js_lists))
        html = _MEDIA.get(key)
        if html is None:
            html = super().render()
            if len(_MEDIA) >= _MEDIA_ENTRIES:
                _MEDIA.clear()
            _MEDIA[key] = html
        return html


def kept_media(media: forms.Media) -> KeptMedia:
    """`media`, rendered as `KeptMedia`."""
    kept = KeptMedia()
    kept._css_lists, kept._js_lists = list(media._css_lists), list(media._js_lists)
    return kept
