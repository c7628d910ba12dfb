"""The coordinator's side of the parent network, one module per subdomain: screening
buddies, the ranked suggestions on a request with a button to propose one, the matches and
check-ins, the outbox, the parent panel with its consultations (results only as suppressed
totals) and meetups. Importing this package registers every model admin."""

from .buddies import (  # noqa: F401
    BuddyProfileAdmin,
    VogFilter,
)
from .checkins import (  # noqa: F401
    CheckInAdmin,
    WorryingFilter,
)
from .common import (  # noqa: F401
    SCREENING_FIELDS,
    P,
    ProfileEventInline,
    ProfileMatchInline,
    RequestEventInline,
    RequestMatchInline,
    ViewOnlyAdmin,
)
from .consultations import (  # noqa: F401
    ConsultationActionForm,
    ConsultationAdmin,
    PanelMemberAdmin,
    PublishSummaryForm,
    QuestionAdminForm,
    QuestionInline,
)
from .match_support import (  # noqa: F401
    AgreementInline,
    ClosureInline,
    ContactInline,
    QuietMatchFilter,
)
from .matches import (  # noqa: F401
    CheckInInline,
    MatchAdmin,
    MatchEventInline,
    WaitingForBuddyFilter,
)
from .meetups import (  # noqa: F401
    MR,
    MeetupAdmin,
    MeetupRegistrationInline,
    MeetupWhenFilter,
    attendance_order,
)
from .reminders import (  # noqa: F401
    ReminderAdmin,
)
from .requests import (  # noqa: F401
    BuddyRequestAdmin,
)
