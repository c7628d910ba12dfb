"""What the open data API shows, field by field. Only what the public pages show
anyone, never a person: every field is listed here, and a test walks every endpoint
and compares the fields it answers with this list."""

from datetime import date, datetime

from ninja import Schema


class ThemeOut(Schema):
    slug: str
    name: str


class ThemeDetailOut(ThemeOut):
    description: str


class MunicipalityOut(Schema):
    name: str


class ArticleOut(Schema):
    slug: str
    title: str
    summary: str
    audience: str
    themes: list[ThemeOut]
    url: str
    updated_at: datetime


class ArticleDetailOut(ArticleOut):
    body_html: str
    body_text: str


class OrganisationOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    municipality: MunicipalityOut | None
    region_wide: bool
    themes: list[ThemeOut]
    description: str
    phone: str
    website: str
    opening_hours: str


class MeetupOut(Schema):
    id: int
    title: str
    description: str
    theme: ThemeOut | None
    starts_at: datetime
    ends_at: datetime
    online: bool
    place_name: str
    address: str
    municipality: MunicipalityOut | None
    cancelled: bool
    places_left: int
    url: str


# --- Published signals: aggregates only, suppressed as published (null: not shown) ------


class SignalsTotalOut(Schema):
    quarter: int | None
    year_to_date: int | None = None


class SignalsRowOut(Schema):
    label: str
    quarter: int | None
    year_to_date: int | None = None


class SignalsTableOut(Schema):
    key: str
    title: str
    rows: list[SignalsRowOut]


class SignalsTimingRowOut(Schema):
    kind: str
    count: int | None
    median: float | None
    norm: str
    within_norm: int | None


class SignalsTimingOut(Schema):
    key: str
    title: str
    rows: list[SignalsTimingRowOut]


class SignalsScoreOut(Schema):
    label: str
    count: int | None


class SignalsSatisfactionOut(Schema):
    title: str
    evaluations: int | None
    mean: float | None
    rows: list[SignalsScoreOut]


class SignalsTopicOut(Schema):
    topic: str
    answers: int | None
    agree: int | None
    partly: int | None
    disagree: int | None


class SignalsPublicationOut(Schema):
    id: int
    title: str
    period: str
    first_day: date
    last_day: date
    published_at: datetime
    url: str


class SignalsPublicationDetailOut(SignalsPublicationOut):
    summary_html: str
    year_to_date: bool
    total: SignalsTotalOut
    tables: list[SignalsTableOut]
    timings: list[SignalsTimingOut]
    satisfaction: SignalsSatisfactionOut | None
    praatplaat: list[SignalsTopicOut] | None
