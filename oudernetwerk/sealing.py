"""Sealing a parent's answers while they wait in the pool of their consultation.

The sealed row is written in the same transaction as the "has answered" flag, so it must
say nothing about the answers: AES-GCM with a key derived from SECRET_KEY (never stored
in the database), a fresh random nonce, the consultation as associated data (a row cannot
be moved to another consultation), and the plaintext padded to one length per
consultation, so the length of an open answer cannot be matched later either. See
docs/adr/0004-unlinkable-consultation-answers.md."""

import json
import os
from collections.abc import Iterable, Mapping, Sequence

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

from .models import Question

_INFO = b"oudernetwerk.sealed-responses.v1"
_NONCE_BYTES = 12
# json.dumps(ensure_ascii=False) writes at most 6 bytes per character (\\u001f).
_BYTES_PER_CHAR = 6


def _key(secret: str | bytes) -> bytes:
    material = secret.encode() if isinstance(secret, str) else secret
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(material)


def _keys() -> Iterable[bytes]:
    yield _key(settings.SECRET_KEY)
    for fallback in getattr(settings, "SECRET_KEY_FALLBACKS", []):
        yield _key(fallback)


def _associated_data(consultation_id: int) -> bytes:
    return f"consultation:{consultation_id}".encode()


def padded_length(questions: Sequence[Question], *, open_max_length: int) -> int:
    """The one plaintext length of every sealed row of a consultation: enough for the
    longest answer every question allows. Questions are fixed once a consultation opens."""
    length = 2  # {}
    for question in questions:
        longest = (
            open_max_length
            if question.kind == Question.Kind.OPEN
            else max((len(option) for option in question.options), default=0)
        )
        # "pk": "value",
        length += len(str(question.pk)) + 6 + _BYTES_PER_CHAR * longest
    return length


def seal(
    *,
    consultation_id: int,
    questions: Sequence[Question],
    values: Mapping[int, str],
    open_max_length: int,
) -> bytes:
    """`values` (question pk to the answer) as nonce + ciphertext of a fixed length."""
    length = padded_length(questions, open_max_length=open_max_length)
    plain = json.dumps(
        {str(pk): value for pk, value in values.items()}, ensure_ascii=False, separators=(",", ":")
    ).encode()
    if len(plain) > length:
        raise ValueError("answers longer than the questions allow")
    # Trailing spaces are ignored by json.loads.
    plain += b" " * (length - len(plain))
    nonce = os.urandom(_NONCE_BYTES)
    sealed = AESGCM(_key(settings.SECRET_KEY)).encrypt(
        nonce, plain, _associated_data(consultation_id)
    )
    return nonce + sealed


def unseal(*, consultation_id: int, sealed: bytes) -> dict[int, str] | None:
    """The answers of a sealed row, or None when no current or fallback key opens it."""
    sealed = bytes(sealed)
    nonce, body = sealed[:_NONCE_BYTES], sealed[_NONCE_BYTES:]
    for key in _keys():
        try:
            plain = AESGCM(key).decrypt(nonce, body, _associated_data(consultation_id))
        except InvalidTag:
            continue
        return {int(pk): value for pk, value in json.loads(plain).items()}
    return None
