"""Who may do what in the parent network, and the reads that views share. Pages and the
admin ask here, so a list never shows what a detail refuses."""

from django.db.models import Case, Count, IntegerField, OuterRef, Q, QuerySet, Subquery, When
from django.utils import timezone

from steunpunt import roles

from .models import BuddyProfile, BuddyRequest, Meetup, MeetupRegistration

# Accounts that act for an organisation or the steunpunt itself are not parents here:
# they use a personal account to sign up as a buddy or ask for one.
NOT_AS_PARENT = frozenset({roles.COORDINATOR, roles.EDITOR, roles.PARTNER})


def is_coordinator(user) -> bool:
    return bool(
        user.is_authenticated and user.is_active and roles.has_role(user, roles.COORDINATOR)
    )


def _acts_as_parent(user) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and not user.is_staff
        and not roles.role_names(user) & NOT_AS_PARENT
    )


def may_apply_as_buddy(user) -> bool:
    return _acts_as_parent(user)


def may_request_buddy(user) -> bool:
    """Parents, and buddies (who are parents too)."""
    return _acts_as_parent(user)


def profile_for_user(user) -> BuddyProfile | None:
    if not user.is_authenticated:
        return None
    return BuddyProfile.objects.filter(user=user).first()


def requests_for_parent(user) -> QuerySet[BuddyRequest]:
    """The parent's own buddy requests, newest first. Nobody else's."""
    if not user.is_authenticated:
        return BuddyRequest.objects.none()
    return BuddyRequest.objects.filter(parent=user).select_related("municipality")


def open_request_for_parent(user) -> BuddyRequest | None:
    return requests_for_parent(user).filter(status=BuddyRequest.Status.OPEN).first()


# --- Meetups (ontmoetingen) -----------------------------------------------------------------

MR = MeetupRegistration.Status


def may_register_for_meetups(user) -> bool:
    """Parents, and buddies (who are parents too). Staff and partners come as guests of
    the coordinator, not through the sign-up."""
    return _acts_as_parent(user)


def meetups_with_counts(meetups: QuerySet[Meetup]) -> QuerySet[Meetup]:
    return meetups.annotate(
        registered_count=Count("registrations", filter=Q(registrations__status=MR.REGISTERED)),
        waiting_count=Count("registrations", filter=Q(registrations__status=MR.WAITING)),
    )


def visible_meetups() -> QuerySet[Meetup]:
    """What the public pages show: published meetups, and cancelled ones so a parent who
    had one in mind reads that it is off. Drafts stay in the admin."""
    return meetups_with_counts(
        Meetup.objects.filter(status__in=[Meetup.Status.PUBLISHED, Meetup.Status.CANCELLED])
    ).select_related("theme", "municipality")


def upcoming_meetups() -> QuerySet[Meetup]:
    """Meetups that have not ended, soonest first."""
    return visible_meetups().filter(ends_at__gt=timezone.now()).order_by("starts_at", "pk")


def waiting_place_expression() -> Case:
    ahead = (
        MeetupRegistration.objects.filter(meetup=OuterRef("meetup"), status=MR.WAITING)
        .filter(
            Q(created_at__lt=OuterRef("created_at"))
            | Q(created_at=OuterRef("created_at"), pk__lte=OuterRef("pk"))
        )
        .order_by()
        .values("meetup")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Case(
        When(status=MR.WAITING, then=Subquery(ahead)), default=None, output_field=IntegerField()
    )


def active_registrations(user) -> QuerySet[MeetupRegistration]:
    """The user's places and waiting-list spots, each with `waiting_place` (1 is next)."""
    if not user.is_authenticated:
        return MeetupRegistration.objects.none()
    return MeetupRegistration.objects.filter(
        parent=user, status__in=[MR.REGISTERED, MR.WAITING]
    ).annotate(waiting_place=waiting_place_expression())


def registration_for(user, meetup: Meetup) -> MeetupRegistration | None:
    return active_registrations(user).filter(meetup=meetup).first()


def registrations_by_meetup(user, meetup_ids) -> dict[int, MeetupRegistration]:
    """The user's registrations for a page of meetups, in one query."""
    return {
        registration.meetup_id: registration
        for registration in active_registrations(user).filter(meetup_id__in=list(meetup_ids))
    }


def meetups_for_parent(user) -> QuerySet[MeetupRegistration]:
    """For the parent portal: the meetups the parent has a place at or waits for, that
    have not ended yet (also the ones called off, so they read it), soonest first."""
    return (
        active_registrations(user)
        .filter(meetup__ends_at__gt=timezone.now())
        .exclude(meetup__status=Meetup.Status.DRAFT)
        .select_related("meetup")
        .order_by("meetup__starts_at", "meetup_id")
    )
