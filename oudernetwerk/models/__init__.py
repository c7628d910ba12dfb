"""The parent network's data: buddies (experienced parents), parents' requests for one,
the matches between them and their check-ins, the timeline, the outbox, the parent
panel with its consultations, and meetups. One module per subdomain; business rules live
in `oudernetwerk.services`, these models only hold data. Every model is re-exported here."""

from .buddies import (  # noqa: F401
    MAX_ACTIVE_MATCHES_LIMIT,
    BuddyProfile,
    Language,
    SchoolType,
)
from .checkins import (  # noqa: F401
    CheckIn,
)
from .consultations import (  # noqa: F401
    Answer,
    Consultation,
    Invitation,
    PanelMember,
    Question,
    Response,
    SealedResponse,
)
from .events import (  # noqa: F401
    NetworkEvent,
)
from .matches import (  # noqa: F401
    Match,
)
from .meetups import (  # noqa: F401
    Meetup,
    MeetupRegistration,
)
from .reminders import (  # noqa: F401
    Reminder,
)
from .requests import (  # noqa: F401
    BuddyRequest,
)
from .support import (  # noqa: F401
    Goal,
    GoalReview,
    MatchAgreement,
    MatchClosure,
    MatchContact,
)
