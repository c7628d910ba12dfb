"""Questions and complaints from parents: the case, its timeline, consent and files,
follow-ups to partners, reminders and evaluations; one module per part. Business rules
live in `casussen.services`. Every model is re-exported here."""

from .attachments import (  # noqa: F401
    CaseAttachment,
)
from .cases import (  # noqa: F401
    Case,
    CaseEvent,
    CaseView,
    SignalTag,
)
from .consents import (  # noqa: F401
    Consent,
)
from .deadlines import (  # noqa: F401
    DeadlineRule,
    ReferenceCounter,
)
from .evaluations import (  # noqa: F401
    Evaluation,
)
from .followups import (  # noqa: F401
    FollowUp,
)
from .inbound import (  # noqa: F401
    InboundMessage,
)
from .praatplaat import (  # noqa: F401
    Praatplaat,
    PraatplaatEmail,
)
from .reminders import (  # noqa: F401
    Reminder,
)
from .report_days import (  # noqa: F401
    SignalsChange,
    SignalsDay,
)
from .texts import (  # noqa: F401
    StandardText,
)
