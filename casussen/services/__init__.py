"""Business actions of the cases, one module per subdomain:

- `links`: signed links and addresses;
- `common`: shared helpers;
- `cases`: a case from intake to close;
- `messages`: messages and notes;
- `followups`: follow-ups to partners and consent;
- `evaluations`: the parent's evaluation and its review;
- `notifications`: telling the coordinators (`notify_coordinators`);
- `reads`: what each coordinator has seen of a case;
- `sweep`: the time-driven sweep;
- `legal_hold`: legal hold and anonymisation;
- `texts`: standard texts and the variables in a message;
- `duplicates`: a parent's possible duplicates, merging and linking cases;
- `inbound`: replies by email onto the timeline, and the unknown ones.

Every change locks its row, checks the rules (`casussen.selectors`, `casussen.workflow`),
records the timeline event and queues its emails after commit. Views, admin actions and
tasks call these functions; they are re-exported here, so `services.case_submit` keeps
working."""

from django.core.exceptions import ValidationError  # noqa: F401 - callers catch it here

from steunpunt.services import parent_for_email  # noqa: F401 - its old address

from .cases import (  # noqa: F401
    case_assign,
    case_change_theme,
    case_confirm,
    case_submit,
    case_transition,
    cases_close_resolved,
    check_case_owner,
    consent_give,
    evaluation_invite,
)
from .common import (  # noqa: F401
    INTERNAL_EVENT_KINDS,
    MAX_ATTACHMENTS,
    REOPEN_WINDOW,
    RESPONDING_STATUSES,
    S,
    TransitionRefusedError,
    _email_context,
    _followup_context,
    compute_deadlines,
    coordinator_recipients,
    deadline_terms,
    next_reference,
    rule_terms,
    validate_attachments,
)
from .duplicates import (  # noqa: F401
    case_link,
    case_merge,
    has_possible_duplicate,
    link_refusal,
    merge_refusal,
    merge_summary,
    possible_duplicates,
)
from .evaluations import (  # noqa: F401
    evaluation_can_reopen,
    evaluation_review_done,
    evaluation_submit,
    is_unhappy,
)
from .followups import (  # noqa: F401
    consent_withdraw,
    followup_answer,
    followup_cancel,
    followup_create,
    followup_request_email,
    valid_consent,
)
from .inbound import (  # noqa: F401
    inbound_drop,
    inbound_fetch,
    inbound_link,
    inbound_process,
)
from .legal_hold import (  # noqa: F401
    LEGAL_HOLD_FIELDS,
    case_anonymise,
    case_lift_legal_hold,
    case_place_legal_hold,
)
from .links import (  # noqa: F401
    CONFIRM_SALT,
    EVALUATION_SALT,
    FOLLOWUP_SALT,
    LinkExpiredError,
    LinkInvalidError,
    _portal_url,
    case_confirm_link,
    case_confirm_token,
    case_for_confirm_token,
    evaluation_for_token,
    evaluation_link,
    evaluation_token,
    followup_for_token,
    followup_link,
    followup_token,
    logger,
    reply_target,
    reply_to,
    reply_token,
    reply_token_in,
)
from .messages import (  # noqa: F401
    case_add_note,
    case_message_to_parent,
    message_to_parent_email,
    parent_reply,
    parent_withdraw,
)
from .notifications import (  # noqa: F401
    notify_coordinators,
)
from .praatplaat import (  # noqa: F401
    praatplaat_create,
    praatplaat_invite_partners,
    praatplaat_parent_submit,
    praatplaat_professional_submit,
    praatplaat_send_to_partner,
    praatplaat_sweep,
)
from .reads import (  # noqa: F401
    case_mark_seen,
)
from .sweep import (  # noqa: F401
    CLOSE_AFTER,
    EVALUATION_REMINDER_AFTER,
    reminder_drafts,
    reminder_still_relevant,
    reminders_still_relevant,
    sweep_reminders,
)
from .texts import (  # noqa: F401
    VARIABLES,
    empty_variables,
    standard_texts_for,
    text_check,
    text_fill,
    text_values,
    variables_help,
)
