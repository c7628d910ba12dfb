"""Public pages of the parent network, one module per subdomain: becoming a buddy and
asking for one (`buddies`), the buddy portal, the match page for both sides and check-ins
(`matches`), goals, contacts and closure of a match (`match_support`), the parent panel's
consultations (`consultations`) and meetups (`meetups`).

Views bind a form, call one service and redirect; who may do what is asked of
`oudernetwerk.rules`, and a refused action is shown beside the form, with nothing lost."""

from .buddies import (  # noqa: F401
    buddy,
    buddy_capacity,
    buddy_pause,
    buddy_resume,
    request_buddy,
    request_received,
)
from .consultations import (  # noqa: F401
    consultation,
    consultations,
    panel_withdraw,
)
from .match_support import (  # noqa: F401
    buddy_end_rest,
    match_close,
    match_contacts,
    match_goals,
    match_goals_confirm,
)
from .matches import (  # noqa: F401
    checkin,
    match_detail,
    match_start,
    portal,
    proposal_accept,
    proposal_decline,
)
from .meetups import (  # noqa: F401
    meetup,
    meetup_calendar,
    meetup_leave,
    meetup_register,
    meetups,
)
