"""Factory-boy factories for every test, one module per area: `core` (people, roles,
organisations, themes, articles, cases, buddies, requests and matches), `consultations`
(the parent panel), `meetups` and `pool` (ervaringsdeskundigen). Everything here is
invented. Import from here."""

from .consultations import (  # noqa: F401
    CHOICES,
    ConsultationFactory,
    InvitationFactory,
    PanelMemberFactory,
    QuestionFactory,
    invited_member,
    sealed_answers,
    survey,
)
from .core import (  # noqa: F401
    TEST_TOTP_SECRET,
    ArticleFactory,
    BuddyProfileFactory,
    BuddyRequestFactory,
    MatchFactory,
    MunicipalityFactory,
    OrganisationFactory,
    ThemeFactory,
    UserFactory,
    coordinator,
    editor,
    has_totp,
    make_case,
    make_followup,
    privacy_officer,
)
from .meetups import (  # noqa: F401
    MeetupFactory,
    MeetupRegistrationFactory,
)
from .pool import (  # noqa: F401
    PerspectiveRequestFactory,
    PolicyInvitationFactory,
    PoolMemberFactory,
)
