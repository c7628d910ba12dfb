"""The cases in the admin, one module per part: triage and a case's page (`cases`) with
its action pages (`case_actions`), what coordinators set up (`configuration`), the
records only services write (`records`), and what they share (`common`). Importing this
package registers every model admin."""

from .cases import CaseAdmin  # noqa: F401
from .configuration import DeadlineRuleAdmin, SignalTagAdmin, StandardTextAdmin  # noqa: F401
from .inbound import InboundMessageAdmin  # noqa: F401
from .records import EvaluationAdmin, FollowUpAdmin, ReminderAdmin, ViewOnlyAdmin  # noqa: F401
