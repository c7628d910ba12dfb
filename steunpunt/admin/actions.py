"""Action pages in the admin, for every app: a small form on a page of its own for an
action on one record or on the records selected in a list; on a valid POST a service is
called, what happened is said, and the user goes back. A refused action is shown beside
the form, with nothing lost. The page is `admin/action_form.html`; an admin may name a
template that extends it (`action_template`) to show more about the record."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.urls import reverse

ACTION_TEMPLATE = "admin/action_form.html"


class ActionPagesMixin:
    action_template = ACTION_TEMPLATE

    def _action_page(self, request, *, title, form, back_url, submit_label, objects=(), extra=None):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            "form": form,
            "objects": objects,
            "back_url": back_url,
            "submit_label": submit_label,
            **(extra or {}),
        }
        return TemplateResponse(
            request, self.action_template, context, status=400 if form.errors else 200
        )

    def _list_action_with_form(
        self, request, *, action, form_class, objects, perform, success, title, submit_label
    ):
        """A list action that first asks for something (a reason, say) on a page of its
        own, then calls `perform(obj, cleaned_data)` for every selected record."""
        form = form_class(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._run(request, objects, lambda obj: perform(obj, form.cleaned_data), success)
            return None
        opts = self.model._meta
        return self._action_page(
            request,
            title=title,
            form=form,
            objects=objects,
            back_url=reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
            submit_label=submit_label,
            extra={"changelist_action": action},
        )

    def _run(self, request, objects, perform, success) -> int:
        done = 0
        for obj in objects:
            try:
                perform(obj)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, success % {"count": done}, messages.SUCCESS)
        return done
