"""The rows of the ranked buddy suggestions on the coordinator's request page, written in
Python (issue #12): the template's loop reversed two URLs, rendered a CSRF field and a
translated label per buddy through the template engine. `{% suggestion_rows %}` writes
exactly what that loop wrote (tested against it), with the two URLs reversed once."""

from django import template
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

register = template.Library()

# What `{% csrf_token %}` finds when the view opted out of CSRF: no field.
_NOT_PROVIDED = "NOTPROVIDED"

# Stand in for the buddy's id in the URLs reversed once for all rows.
_BUDDY = 2_147_483_000


def _csrf_field(context) -> str:
    """`{% csrf_token %}`."""
    token = context.get("csrf_token")
    if not token or token == _NOT_PROVIDED:
        return ""
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)


@register.simple_tag(takes_context=True)
def suggestion_rows(context) -> SafeString:
    """A table row per suggestion (`suggestions`): the buddy linked to their page, the
    score, the reasons and, with `may_propose`, the button that proposes them for the
    request (`original`)."""
    suggestions = context.get("suggestions") or []
    if not suggestions:
        return ""
    may_propose = context.get("may_propose")
    stand_in = f"/{_BUDDY}/"
    profile_url = conditional_escape(
        reverse("admin:oudernetwerk_buddyprofile_change", args=[_BUDDY])
    )
    propose_url = ""
    csrf_field = label = ""
    if may_propose:
        propose_url = conditional_escape(
            reverse(
                "admin:oudernetwerk_buddyrequest_propose", args=[context["original"].pk, _BUDDY]
            )
        )
        csrf_field = _csrf_field(context)
        label = conditional_escape(gettext("Voorstellen"))
    rows = []
    for suggestion in suggestions:
        buddy = suggestion.buddy
        pk = f"/{buddy.pk}/"
        name = conditional_escape(buddy)
        reasons = "".join(f"<li>{conditional_escape(reason)}</li>" for reason in suggestion.reasons)
        row = (
            f'\n      <tr>\n        <td><a href="{profile_url.replace(stand_in, pk, 1)}">'
            f"{name}</a></td>\n"
            f"        <td>{conditional_escape(floatformat(suggestion.score, 0))}</td>\n"
            f'        <td><ul class="suggestion-reasons">{reasons}</ul></td>\n        '
        )
        if may_propose:
            action = propose_url.replace(stand_in, pk, 1)
            aria = gettext("%(buddy)s voorstellen") % {"buddy": name}
            row += (
                f'\n        <td>\n          <form method="post" action="{action}">\n'
                f"            {csrf_field}\n"
                f'            <button type="submit" class="button" aria-label="{aria}">'
                f"{label}</button>\n          </form>\n        </td>\n        "
            )
        rows.append(row + "\n      </tr>\n      ")
    return mark_safe("".join(rows))  # every part escaped or format_html
