"""Checks for uploaded files: the type is read from the content, never from the name,
and the name a file is served under ends in the extension of that type."""

import contextlib
import contextvars
import functools
import os
import re
import unicodedata
from typing import NamedTuple

import filetype
from django.core.exceptions import ValidationError
from django.core.files import storage
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MAX_UPLOAD_SIZE = 10 * 1024 * 1024


class FileType(NamedTuple):
    label: str
    # The first is the one a served file gets; the others are kept when a file has one.
    extensions: tuple[str, ...]


# The one mapping of what we accept: content type -> what we call it, its extensions.
ALLOWED_TYPES = {
    "application/pdf": FileType("PDF", (".pdf",)),
    "image/jpeg": FileType("JPG", (".jpg", ".jpeg")),
    "image/png": FileType("PNG", (".png",)),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": FileType(
        "Word", (".docx",)
    ),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": FileType(
        "Excel", (".xlsx",)
    ),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": FileType(
        "PowerPoint", (".pptx",)
    ),
    "application/vnd.oasis.opendocument.text": FileType("ODT", (".odt",)),
    "application/vnd.oasis.opendocument.spreadsheet": FileType("ODS", (".ods",)),
}
# A file of a type we do not (or no longer) know is served under this extension.
UNKNOWN_EXTENSION = ".bin"
MAX_NAME_LENGTH = 200


def allowed_types_label() -> str:
    return ", ".join(dict.fromkeys(kind.label for kind in ALLOWED_TYPES.values()))


def display_name(name: str) -> str:
    """The sender's file name as we show it: without any path or control characters."""
    base = str(name).replace("\\", "/").rsplit("/", 1)[-1]
    base = re.sub(r"[\x00-\x1f\x7f]+", "_", base)
    # Invisible format characters (a right-to-left override shows `x<RLO>gnp.pdf` as
    # `xfdp.png`) and line separators go too, so the name reads as what it is.
    base = "".join(c for c in base if unicodedata.category(c) not in ("Cf", "Zl", "Zp"))
    return base.strip(" .") or "bestand"


def file_error(name: str, message: str) -> str:
    """An error about one of several files, saying which one."""
    return _("Bestand %(name)s: %(message)s") % {"name": display_name(name), "message": message}


def safe_filename(name: str, content_type: str) -> str:
    """The name a file is stored and served under: the sender's name without any path
    or control characters, ending in the extension of the type read from the content.
    `brief.html` holding a PDF becomes `brief.pdf`, so no browser or mail program opens
    it as a web page or a program."""
    base = display_name(name)
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    kind = ALLOWED_TYPES.get(content_type)
    extensions = kind.extensions if kind else (UNKNOWN_EXTENSION,)
    if f".{suffix.lower()}" in extensions:
        extension = f".{suffix.lower()}"
    else:
        extension = extensions[0]
        if not re.fullmatch(r"[A-Za-z0-9]{1,8}", suffix):
            # Not an extension, a part of the name (`verslag.juni 2026`).
            stem = base
    stem = stem.strip(" .") or "bestand"
    return stem[: MAX_NAME_LENGTH - len(extension)] + extension


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


# --- Storing ------------------------------------------------------------------------------


class StorageUnavailableError(Exception):
    """The files could not be written (disk full, folder read-only): nothing was kept."""


class FileSystemStorage(storage.FileSystemStorage):
    """Django's file storage, which leaves a half-written file behind when the disk
    fills up or the write fails midway; this one removes it before the error goes on."""

    def _save(self, name, content):
        try:
            return super()._save(name, content)
        except OSError:
            with contextlib.suppress(OSError):
                os.remove(self.path(name))
            raise


# The files written by the unit of work running now (see `removing_files_on_failure`).
_written: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar(
    "uploads_written", default=None
)


def removing_files_on_failure(func):
    """Decorates a service (outside its `transaction.atomic`) that stores files with
    `store_file`: when it fails, also in its commit, the files it wrote are removed
    again. No file without the record it belongs to."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        token = _written.set([])
        try:
            return func(*args, **kwargs)
        except BaseException:
            for name in _written.get():
                with contextlib.suppress(OSError):
                    storage.default_storage.delete(name)
            raise
        finally:
            _written.reset(token)

    return wrapper


def store_file(field_file, name: str, content) -> None:
    """Writes an upload into a model's file field (not saving the row); a disk that is
    full or read-only raises StorageUnavailableError, with nothing left on it."""

    try:
        field_file.save(name, content, save=False)
    except OSError as error:
        raise StorageUnavailableError from error
    written = _written.get()
    if written is not None:
        written.append(field_file.name)
