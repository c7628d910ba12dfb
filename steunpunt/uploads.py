"""Checks for uploaded files: the type is read from the content, never from the name."""

import filetype
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAX_UPLOAD_SIZE = 10 * 1024 * 1024

ALLOWED_TYPES = {
    "application/pdf": "PDF",
    "image/jpeg": "JPG",
    "image/png": "PNG",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint",
    "application/vnd.oasis.opendocument.text": "ODT",
    "application/vnd.oasis.opendocument.spreadsheet": "ODS",
}


def allowed_types_label() -> str:
    return ", ".join(dict.fromkeys(ALLOWED_TYPES.values()))


def validate_upload(upload: UploadedFile) -> str:
    """Return the detected content type, or raise a ValidationError in plain Dutch."""
    if upload.size > MAX_UPLOAD_SIZE:
        raise ValidationError(
            _("Dit bestand is %(size)s. Het mag niet groter zijn dan %(max)s.")
            % {"size": filesizeformat(upload.size), "max": filesizeformat(MAX_UPLOAD_SIZE)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_TYPES:
        raise ValidationError(
            _("Dit soort bestand kunnen we niet aannemen. Dit kan wel: %(types)s.")
            % {"types": allowed_types_label()},
            code="bad_type",
        )
    return kind.mime
