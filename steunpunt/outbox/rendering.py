"""Render an email: a subject/text/html triple from three templates."""

from django.conf import settings
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation


def render_email(*, template: str, context: dict) -> tuple[str, str, str | None]:
    """Render ``<template>_subject.txt``, ``<template>_message.txt`` and, when it exists,
    ``<template>_message.html`` (always in Dutch, the steunpunt's language)."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template}_subject.txt", context)
        text = render_to_string(f"{template}_message.txt", context)
        try:
            html = render_to_string(f"{template}_message.html", context)
        except TemplateDoesNotExist:
            html = None
    return " ".join(subject.split()), text, html
