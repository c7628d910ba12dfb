"""Who may see and do what with the publications of signals: one place, used by the
admin, the partner portal, the public pages and the API alike."""

from django.db.models import QuerySet

from steunpunt import roles

from .models import Publication


def may_prepare(user) -> bool:
    """Coordinators prepare publications (they have the report)."""
    return roles.is_coordinator(user)


def may_review(user) -> bool:
    """Editors and coordinators approve, each never their own."""
    return bool(
        user.is_authenticated
        and user.is_active
        and (roles.has_role(user, roles.COORDINATOR) or roles.has_role(user, roles.EDITOR))
    )


def may_manage(user) -> bool:
    return may_prepare(user) or may_review(user)


def is_partner(user) -> bool:
    return bool(roles.has_role(user, roles.PARTNER) and user.organisation_id)


def published() -> QuerySet[Publication]:
    return Publication.objects.filter(status=Publication.Status.PUBLISHED)


def public_publications() -> QuerySet[Publication]:
    """What anyone may read: published and chosen to be public."""
    return published().filter(is_public=True)


def publications_for_partner(user) -> QuerySet[Publication]:
    """What a partner reads in the portal: every published one, public or not."""
    if not is_partner(user):
        return Publication.objects.none()
    return published()
