"""`{% work_queue %}` on the admin index: the signed-in user's work queue."""

from django import template

from ..roles import is_coordinator
from ..work_queue import work_queue_for

register = template.Library()


@register.inclusion_tag("admin/steunpunt/work_queue.html", takes_context=True)
def work_queue(context) -> dict:
    user = context["request"].user
    entries = work_queue_for(user)
    return {
        "coordinator_entries": [e for e in entries if e.role == "coordinator"],
        "editor_entries": [e for e in entries if e.role == "editor"],
        "show_notification_link": is_coordinator(user),
    }
