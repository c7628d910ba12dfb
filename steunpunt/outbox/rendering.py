"""Render an email: a subject/text/html triple from three templates."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.template import TemplateDoesNotExist, engines
from django.template.loader import get_template
from django.utils import translation


@dataclass(frozen=True)
class EmailTemplates:
    """The three compiled templates of one email, looked up once (a sweep renders the
    same email thousands of times: the lookup, and the miss of an email without an html
    part, are paid once per batch instead of once per email)."""

    subject: object
    text: object
    html: object | None

    @classmethod
    def load(cls, template: str) -> "EmailTemplates":
        try:
            html = get_template(f"{template}_message.html")
        except TemplateDoesNotExist:
            html = None
        return cls(
            subject=get_template(f"{template}_subject.txt"),
            text=get_template(f"{template}_message.txt"),
            html=html,
        )

    def render(self, context: dict) -> tuple[str, str, str | None]:
        if translation.get_language() != settings.LANGUAGE_CODE:
            with translation.override(settings.LANGUAGE_CODE):
                return self.render(context)
        subject = self.subject.render(context)
        text = self.text.render(context)
        html = self.html.render(context) if self.html is not None else None
        return " ".join(subject.split()), text, html


def render_email(*, template: str, context: dict) -> tuple[str, str, str | None]:
    """Render ``<template>_subject.txt``, ``<template>_message.txt`` and, when it exists,
    ``<template>_message.html`` (always in Dutch, the steunpunt's language)."""
    return EmailTemplates.load(template).render(context)


SUBJECT_SUFFIX = "_subject.txt"


@cache
def email_kinds() -> tuple[str, ...]:
    """The name of every email's templates (`<app>/.../<name>_subject.txt` in a template
    directory, ours, the apps' and allauth's, for an installed app): the kinds an outbox
    row can have, as `send_templated_email` and allauth store them. Read once per
    process (the templates do not change while it runs)."""
    kinds = set()
    for engine in engines.all():
        for directory in engine.template_dirs:
            for path in Path(directory).rglob(f"*{SUBJECT_SUFFIX}"):
                name = path.relative_to(directory).as_posix()
                if name.split("/", 1)[0] in apps.app_configs:
                    kinds.add(name.removesuffix(SUBJECT_SUFFIX))
    return tuple(sorted(kinds))
