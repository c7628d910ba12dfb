"""The access log (who saw what): one function writes every entry.

Call `record` wherever someone reads or changes personal data that is not their own
(a case, a file, a buddy's or parent's details, an attendance list, a report, an
export), and for sign-ins and security changes. Entries never carry names, emails,
tokens or what people wrote: only ids, the role, the organisation and a keyed hash of
the request's origin.
"""

import hashlib
import hmac

from django.conf import settings
from django.db import connections, models, router, transaction
from django.db.models.sql import InsertQuery
from django.http import HttpRequest

from . import roles
from .models import AccessEvent, User
from .ratelimit import client_ip

Action = AccessEvent.Action
Result = AccessEvent.Result

# The role written for a signed-in user without a role, and for requests without a user
# (signed links, background jobs).
PARENT = "parent"
ANONYMOUS = "anonymous"
SYSTEM = "system"


def pseudonymised_origin(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    address = client_ip(request)
    if not address:
        return ""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"access-origin:{address}".encode(), hashlib.sha256).hexdigest()[:16]


def actor_role(user) -> str:
    """The one role written for a user: the most privileged they hold."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    names = roles.role_names(user)
    for role in (roles.PRIVACY_OFFICER, roles.COORDINATOR, roles.EDITOR, roles.PARTNER):
        if role in names:
            return role
    if roles.BUDDY in names:
        return roles.BUDDY
    if user.is_superuser or user.is_staff:
        return "staff"
    return PARENT


def object_label(obj: models.Model | None) -> tuple[str, str]:
    if obj is None:
        return "", ""
    return obj._meta.label_lower, str(obj.pk)


def record(
    *,
    action: str,
    request: HttpRequest | None = None,
    actor: User | None = None,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    subject: User | int | None = None,
    case_reference: str = "",
    result: str = Result.OK,
    organisation: str = "",
) -> AccessEvent:
    """Append one entry. `actor` defaults to the request's user; `obj` gives the object
    type and id unless they are passed; `subject` is the person the data is about;
    `organisation` names the organisation when there is no signed-in actor to take it
    from (a partner's signed link)."""
    event = _event(
        action=action,
        request=request,
        actor=actor,
        obj=obj,
        object_type=object_type,
        object_id=object_id,
        subject=subject,
        case_reference=case_reference,
        result=result,
        organisation=organisation,
    )
    _insert([event])
    return event


# Every column but the id, in the model's order: what `save` writes.
_FIELDS = [field for field in AccessEvent._meta.concrete_fields if not field.primary_key]
# The INSERT of n entries for each database, compiled once per process: Django's own of
# one entry (the same columns, placeholders and RETURNING of the id), with a row of
# placeholders for each entry. (Django writes many rows on PostgreSQL as an UNNEST of one
# array per column, with its parameters in another order.)
_INSERTS: dict[tuple[str, int], str] = {}


def _insert_sql(alias: str, count: int) -> str:
    sql = _INSERTS.get((alias, count))
    if sql is None:
        query = InsertQuery(AccessEvent)
        query.insert_values(_FIELDS, [AccessEvent()])
        compiler = query.get_compiler(using=alias)
        compiler.returning_fields = [AccessEvent._meta.pk]
        [(one, _params)] = compiler.as_sql()
        head, rest = one.split(" VALUES (", 1)
        row, tail = rest.split(")", 1)
        if row != ", ".join(["%s"] * len(_FIELDS)):
            raise ValueError(f"unexpected INSERT of an access event: {one}")
        sql = f"{head} VALUES {', '.join([f'({row})'] * count)}{tail}"
        _INSERTS[(alias, count)] = sql
    return sql


def _insert(events: list[AccessEvent]) -> None:
    """Write the entries in one statement, and give them their ids.

    What `save(force_insert=True)` and `bulk_create` do, without building and compiling
    the INSERT for every page: one statement, committed on its own outside a transaction
    (as before, never with a weaker commit), all entries written or none, and any error
    raised to the caller, so the page is not shown (fail closed)."""
    if not events:
        return
    alias = router.db_for_write(AccessEvent)
    connection = connections[alias]
    if not connection.features.can_return_rows_from_bulk_insert:
        if len(events) == 1:
            events[0].save(force_insert=True, using=alias)
        else:
            AccessEvent.objects.using(alias).bulk_create(events)
        return
    params = [
        field.get_db_prep_save(getattr(event, field.attname), connection)
        for event in events
        for field in _FIELDS
    ]
    with transaction.mark_for_rollback_on_error(using=alias), connection.cursor() as cursor:
        cursor.execute(_insert_sql(alias, len(events)), params)
        ids = cursor.fetchall()
    for event, (pk,) in zip(events, ids, strict=True):
        event.pk = pk
        event._state.adding = False
        event._state.db = alias


def _event(
    *,
    action: str,
    request: HttpRequest | None,
    actor: User | None,
    obj: models.Model | None,
    object_type: str,
    object_id: str,
    subject: User | int | None,
    case_reference: str,
    result: str,
    organisation: str,
) -> AccessEvent:
    """The entry `record` writes, not saved yet."""
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    if obj is not None and not object_type:
        object_type, object_id = object_label(obj)
    subject_id = _subject_id(subject)
    if not organisation and actor is not None and getattr(actor, "organisation_id", None):
        organisation = actor.organisation.name
    return AccessEvent(
        actor=actor,
        actor_role=actor_role(actor)
        if actor is not None
        else (ANONYMOUS if request is not None else SYSTEM),
        actor_organisation=organisation,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        subject_id=subject_id,
        case_reference=case_reference,
        result=result,
        origin=pseudonymised_origin(request),
    )


def _subject_id(subject: User | int | None) -> int | None:
    return subject.pk if isinstance(subject, User) else subject


def record_read(
    *,
    request: HttpRequest,
    action: str = Action.VIEW,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    subjects: list[User | int | None] | tuple = (None,),
    case_reference: str = "",
    organisation: str = "",
) -> list[AccessEvent]:
    """Log that the request's user is shown data about `subjects` (one entry each; one
    entry without a subject for a list of many people).

    Someone's own data is not logged: a subject who is the reader gets no entry, and
    when every subject is the reader nothing is written. Call it *before* the data
    leaves (before returning the response): when the entry cannot be written the error
    propagates and the page or file is not shown (fail closed)."""
    reader = request.user.pk if request.user.is_authenticated else None
    ids = list(dict.fromkeys(_subject_id(subject) for subject in subjects)) or [None]
    others = [subject for subject in ids if subject is None or subject != reader]
    events = [
        _event(
            action=action,
            request=request,
            actor=None,
            obj=obj,
            object_type=object_type,
            object_id=object_id,
            subject=subject,
            case_reference=case_reference,
            result=Result.OK,
            organisation=organisation,
        )
        for subject in others
    ]
    # A page about two people (a match, a case): their entries in one INSERT, one
    # round trip and one commit instead of one each; all of them are written or none.
    _insert(events)
    return events
