"""Business actions of the parent network, one module per subdomain:

- `common`: shared helpers;
- `buddies`: becoming a buddy and being screened;
- `requests`: asking for a buddy;
- `matching`: ranking candidates and proposing one;
- `checkins`: "hoe gaat het?" check-ins;
- `matches`: the match life cycle;
- `consultations`: the parent panel and its consultations;
- `meetups`: meetups (ontmoetingen);
- `support`: match support: goals, the contact log, goal check-ins and closure;
- `sweep`: the time-driven sweep, each subdomain's slice in one run.

Every change locks its row, checks the rules (`oudernetwerk.rules`,
`oudernetwerk.workflow`), appends an event and queues its emails after commit. Views, admin
actions and tasks call these functions; they are re-exported here, so
`services.match_accept` keeps working."""

from django.core.exceptions import ValidationError  # noqa: F401 - callers catch it here

from .buddies import (  # noqa: F401
    buddy_apply,
    buddy_approve,
    buddy_pause,
    buddy_reject,
    buddy_resume,
    buddy_screen,
    buddy_set_capacity,
    sweep_vog,
    validate_screening,
    vog_reminder_key,
)
from .checkins import (  # noqa: F401
    CHECKIN_EVERY,
    CHECKIN_FIRST_AFTER,
    checkin_answer,
    checkin_for_user,
    checkin_mark_handled,
    checkin_recipient,
    checkin_round_due,
    sweep_checkins,
)
from .common import (  # noqa: F401
    INTRODUCTION_MAX_LENGTH,
    PHONE_ALLOWED,
    PHONE_DIGITS,
    ActionRefusedError,
    E,
    P,
    clean_contact_sharing,
    coordinator_emails,
    shift_years,
    vog_is_valid,
    vog_valid_until,
)
from .consultations import (  # noqa: F401
    OPEN_ANSWER_MAX_LENGTH,
    PANEL_CONSENT_TEXT,
    SUMMARY_WITHIN_DAYS,
    C,
    ConsultationResults,
    OptionResult,
    QuestionResult,
    answer_field_name,
    answered_count,
    clean_answers,
    consultation_answer,
    consultation_close,
    consultation_invite,
    consultation_open,
    consultation_problems,
    consultation_publish_summary,
    consultation_results,
    consultation_write_answers,
    members_to_invite,
    panel_join,
    panel_withdraw,
    summary_expected_by,
    sweep_consultations,
)
from .matches import (  # noqa: F401
    Contact,
    buddy_contact,
    match_accept,
    match_decline,
    match_end,
    match_expire,
    match_start,
    parent_contact,
    sweep_answer_soon,
    sweep_expired,
)
from .matching import (  # noqa: F401
    SCHOOL_TYPE_SHORT,
    Suggestion,
    eligible_buddies,
    ineligibility_reason,
    match_propose,
    suggest_buddies,
)
from .meetups import (  # noqa: F401
    ACTIVE_REGISTRATION,
    MEETUP_NEWS_FIELDS,
    R,
    attendance_refusal,
    meetup_calendar,
    meetup_calendar_attachment,
    meetup_cancel,
    meetup_cancel_registration,
    meetup_changed,
    meetup_fill_places,
    meetup_location,
    meetup_mark_attendance,
    meetup_register,
    meetup_reminder_key,
    meetup_url,
    sweep_meetups,
    waiting_place,
)
from .requests import (  # noqa: F401
    parent_hears_by,
    request_create,
)
from .support import (  # noqa: F401
    QUIET_AFTER_DAYS,
    REST_DAYS,
    agreement_confirm,
    agreement_for,
    agreement_save,
    buddy_end_rest,
    checkin_answer_with_goals,
    checkin_submit,
    closure_answer,
    closure_for,
    contact_log,
    contacts_for,
    goals_of,
    match_close,
    quiet_matches,
    respondent_for,
)
from .sweep import (  # noqa: F401
    reminder_drafts,
    reminder_still_relevant,
    sweep,
)
