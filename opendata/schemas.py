"""What the open data API shows, field by field. Only what the public pages show
anyone, never a person: every field is listed here, and a test walks every endpoint
and compares the fields it answers with this list."""

from datetime import datetime

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
