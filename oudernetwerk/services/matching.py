"""Matching: which buddies may take a request, how they rank, and proposing one."""

import heapq
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import (
    Count,
    F,
    Model,
    OuterRef,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from steunpunt import outbox
from steunpunt.compiled import CompiledQuery, field_converters
from steunpunt.deadlines import deadline_for_person
from steunpunt.models import AgeBand, Municipality, Theme

from .. import workflow
from ..models import (
    BuddyProfile,
    BuddyRequest,
    Language,
    Match,
    SchoolType,
)
from .common import (
    ActionRefusedError,
    E,
    P,
    _context,
    _event,
    _json_list_has,
    _reverse_or_none,
    _vog_cutoff,
    vog_is_valid,
)

# --- Matching --------------------------------------------------------------------------------


@dataclass
class Suggestion:
    """A candidate buddy for a request: the score (0 to 100) and, in Dutch, why."""

    buddy: BuddyProfile
    score: float
    reasons: list[str] = field(default_factory=list)
    active_matches: int = 0


def eligible_buddies(*, request: BuddyRequest, today: date | None = None) -> QuerySet:
    """Every buddy who may be proposed for this request, in one query: approved, a
    valid VOG, not paused, a place free, speaks the request's language, not the parent
    themselves, and never declined or let expire a proposal for this request.

    Annotated with `active_matches` (the places taken) and `last_matched_at`."""
    taken = (
        Match.objects.filter(buddy=OuterRef("pk"), status__in=workflow.OCCUPYING)
        .order_by()
        .values("buddy")
        .annotate(count=Count("pk"))
        .values("count")
    )
    last_match = (
        Match.objects.filter(buddy=OuterRef("pk"))
        .exclude(status__in=workflow.REFUSED)
        .order_by("-proposed_at")
        .values("proposed_at")[:1]
    )
    return (
        _hard_constraints(request=request, today=today)
        .annotate(
            active_matches=Coalesce(Subquery(taken), 0),
            last_matched_at=Subquery(last_match),
        )
        .filter(active_matches__lt=F("max_active_matches"))
    )


def _hard_constraints(
    *, request: BuddyRequest, today: date | None = None, active_user: bool = True
) -> QuerySet:
    """`eligible_buddies` but for the place free (the first cut joins the places taken
    once for every buddy instead of asking row by row). Without `active_user` also
    without "the account is active": the first cut asks that only of its best rows,
    instead of joining every buddy's user."""
    today = today or timezone.localdate()
    return _constraints(
        language=request.language,
        parent_id=request.parent_id,
        request_id=request.pk,
        today=today,
        vog_after=_vog_cutoff(today),
        active_user=active_user,
    )


def _constraints(
    *,
    language: str,
    parent_id: int,
    request_id: int,
    today: date,
    vog_after: date,
    active_user: bool = True,
) -> QuerySet:
    """The hard constraints from plain values (`_hard_constraints`), so that the first
    cut can compile them once with markers in their place."""
    refused = Match.objects.filter(request_id=request_id, status__in=workflow.REFUSED).values(
        "buddy"
    )
    active = {"user__is_active": True} if active_user else {}
    return (
        BuddyProfile.objects.filter(
            status=P.APPROVED,
            vog_date__gt=vog_after,
            vog_date__lte=today,
            **active,
        )
        .filter(_json_list_has("languages", language))
        # A rest the buddy chose after a match (`available_from`): not before that day.
        .exclude(available_from__gt=today)
        .exclude(user_id=parent_id)
        .exclude(pk__in=refused)
    )


# The first cut's eligible rows, per language (a language is a JSON value in the query,
# not a plain parameter), compiled once per process: markers for the parent, the
# request, the day and the oldest valid VOG date (ADR 0016).
_MARKS = (-7_302_001, -7_302_002, date(1901, 3, 4), date(1902, 4, 5))
_CANDIDATES: dict[str, CompiledQuery] = {}


def _candidates_sql(request: BuddyRequest, today: date) -> tuple[str, list]:
    compiled = _CANDIDATES.get(request.language)
    if compiled is None:

        def build(parent_id, request_id, day, vog_after, language=request.language):
            return (
                _constraints(
                    language=language,
                    parent_id=parent_id,
                    request_id=request_id,
                    today=day,
                    vog_after=vog_after,
                    active_user=False,
                )
                .order_by()
                .values(
                    b_id=F("pk"),
                    b_user=F("user_id"),
                    b_signed_up=Coalesce(F("approved_at"), F("created_at")),
                    b_ages=F("age_bands"),
                    b_schools=F("school_types"),
                    b_capacity=F("max_active_matches"),
                )
            )

        compiled = _CANDIDATES[request.language] = CompiledQuery(build, *_MARKS)
    return compiled.sql(
        request.parent_id, request.pk, today, _vog_cutoff(today), using=connection.alias
    )


# How a school type reads after "ervaring met ..."; not "thuiszitten", which is also
# a theme and would read twice.
SCHOOL_TYPE_SHORT = {
    SchoolType.REGULAR: _lazy("het regulier onderwijs"),
    SchoolType.SBO: _lazy("het SBO"),
    SchoolType.SO: _lazy("het SO"),
    SchoolType.VSO: _lazy("het VSO"),
    SchoolType.HOME: _lazy("een kind dat thuiszit"),
}


def _lower_first(name: str) -> str:
    """'Thuiszitten en verzuim' reads 'thuiszitten en verzuim' mid-sentence; 'OPP' stays."""
    if len(name) > 1 and name[1].isupper():
        return name
    return name[:1].lower() + name[1:]


def _places(taken: int, capacity: int) -> str:
    return ngettext(
        "heeft nu %(taken)s van %(capacity)s plek bezet",
        "heeft nu %(taken)s van %(capacity)s plekken bezet",
        capacity,
    ) % {"taken": taken, "capacity": capacity}


@dataclass
class _Request:
    """What scoring needs of the request, read once."""

    themes: dict[int, Theme]
    municipality_id: int
    neighbours: dict[int, Municipality]
    age_band: str
    school_type: str


@dataclass
class _Facts:
    """What counts for one candidate: scored for all, put into words for the best."""

    same_place: bool
    neighbours: list[int]
    themes: list[int]
    age_band: bool
    school_type: bool
    taken: int
    capacity: int
    idle_days: int
    never_matched: bool


def _facts(row: dict, req: _Request, themes: list[int], places: list[int], now) -> _Facts:
    last = row["last_matched_at"]
    since = last or row["approved_at"] or row["created_at"]
    return _Facts(
        same_place=req.municipality_id in places,
        neighbours=[pk for pk in places if pk in req.neighbours],
        themes=themes,
        age_band=bool(req.age_band) and req.age_band in row["age_bands"],
        school_type=bool(req.school_type) and req.school_type in row["school_types"],
        taken=row["active_matches"],
        capacity=row["max_active_matches"],
        idle_days=max((now - since).days, 0),
        never_matched=last is None,
    )


def _points(facts: _Facts, req: _Request, weights: dict, idle_full_days: int) -> float:
    score = 0.0
    if facts.same_place:
        score += weights["municipality"]
    elif facts.neighbours:
        score += weights["neighbour"]
    if req.themes:
        score += weights["theme"] * len(facts.themes) / len(req.themes)
    score += weights["age_band"] * facts.age_band
    score += weights["school_type"] * facts.school_type
    score += weights["load"] / (1 + facts.taken)
    score += weights["idle"] * min(facts.idle_days, idle_full_days) / idle_full_days
    return round(score, 1)


def _reasons(facts: _Facts, req: _Request) -> list[str]:
    """The score in plain Dutch, one phrase per criterion that counted, and always how
    busy the buddy is and how long since their last match."""
    reasons = []
    if facts.same_place:
        reasons.append(_("zelfde gemeente"))
    elif facts.neighbours:
        name = sorted((req.neighbours[pk].name for pk in facts.neighbours), key=str.lower)[0]
        reasons.append(_("buurgemeente (%(name)s)") % {"name": name})
    for pk in sorted(facts.themes, key=lambda pk: (req.themes[pk].position, req.themes[pk].name)):
        reasons.append(_("ervaring met %(theme)s") % {"theme": _lower_first(req.themes[pk].name)})
    if facts.age_band:
        reasons.append(
            _("kind van dezelfde leeftijd (%(age)s)")
            % {"age": _lower_first(str(AgeBand(req.age_band).label))}
        )
    if facts.school_type:
        reasons.append(
            _("ervaring met %(school)s") % {"school": SCHOOL_TYPE_SHORT[req.school_type]}
        )
    reasons.append(_places(facts.taken, facts.capacity))
    reasons.append(_idle_words(facts))
    return reasons


def _idle_words(facts: _Facts) -> str:
    """How long since the buddy was last proposed to someone."""
    if facts.never_matched:
        return _("nog nooit gekoppeld")
    months = facts.idle_days // 30
    if months < 1:
        return _("minder dan een maand geleden gekoppeld")
    if facts.taken:
        words = ngettext(
            "al %(months)s maand geen nieuwe koppeling",
            "al %(months)s maanden geen nieuwe koppeling",
            months,
        )
    else:
        words = ngettext(
            "al %(months)s maand geen koppeling", "al %(months)s maanden geen koppeling", months
        )
    return words % {"months": months}


# How far below the `limit`-th best SQL score a buddy may still be among the best:
# `_points` rounds to 0.1 and counts whole idle days, the SQL score is not rounded and
# counts the fraction of a day too (at most `idle` / `idle_full_days` points), so a
# score can move 0.05 up or that much plus 0.05 down; twice that, and a little more.
def _rough_margin(weights: dict, idle_full_days: int) -> float:
    return 0.11 + weights["idle"] / idle_full_days


def _without_themes(req: _Request, weights: dict, shared: int = 0) -> float:
    """The highest first-cut score of a buddy who shares at most `shared` of the
    request's themes (none, by default): those themes and every other criterion the
    request can give points for, in full (none below zero), and a hair more, against
    the rounding of floating point sums."""
    place = max(weights["municipality"], weights["neighbour"] if req.neighbours else 0, 0)
    criteria = [
        weights["theme"] * shared / len(req.themes) if shared else 0,
        weights["age_band"] if req.age_band else 0,
        weights["school_type"] if req.school_type else 0,
        weights["load"],
        weights["idle"],
    ]
    return place + sum(max(weight, 0) for weight in criteria) + 1e-6


def _days_since_sql(column: str, now) -> tuple[str, list]:
    """Days (with their fraction) from `column` to `now`, on PostgreSQL and SQLite."""
    if connection.vendor == "postgresql":
        # `date_part` is a float; `EXTRACT` is an exact numeric, several times slower.
        return f"(date_part('epoch', %s - {column}) / 86400.0)", [now]
    return f"(julianday(%s) - julianday({column}))", [connection.ops.adapt_datetimefield_value(now)]


def _list_has_sql(column: str, code: str) -> tuple[str, list]:
    """ "This JSON list holds `code`": the JSONB "holds this string" operator on PostgreSQL
    (cheaper than containment, the same for a list of codes), the quoted code in the
    stored text on SQLite (see `_json_list_has`)."""
    if connection.vendor == "postgresql":
        return f"{column} ? %s", [code]
    return f"{column} LIKE %s", [f'%"{code}"%']


def _first_cut(
    candidates: tuple[str, list], req: _Request, weights: dict, idle_full_days: int, now, limit: int
) -> tuple[str, list]:
    """The buddies that can be among the best `limit`, as common table expressions
    ending in `chosen` (their ids) beside `taken` and `last` (their places taken and
    last match): `_points` as SQL (not rounded, so within `_rough_margin` of the exact
    score) over the eligible rows (`candidates`, the SQL of `_candidates_sql`), the
    score computed once per row, and everyone within the margin of the `limit`-th best
    kept.

    A buddy only scores for a place or theme of the request, so the link tables are
    asked only "is this buddy linked to that place / theme" (PostgreSQL probes the
    index row by row for a small group of buddies and hashes the subset for a large
    one) instead of grouping the link tables and joining them; the places taken and
    the last match are small grouped tables (matches are few next to buddies)."""
    links = BuddyProfile.municipalities.through._meta.db_table
    topics = BuddyProfile.themes.through._meta.db_table
    base_sql, base_params = candidates
    matches = Match._meta.db_table
    occupying, refused = sorted(workflow.OCCUPYING), sorted(workflow.REFUSED)
    params: list = []
    # "Linked to": a correlated `EXISTS`, so that PostgreSQL probes the link table's
    # index for each row of a small group and hashes the whole subset for a large one.
    linked = "EXISTS (SELECT 1 FROM {table} WHERE buddyprofile_id = e.b_id AND {condition})"
    place_sql = (
        f"CASE WHEN {linked.format(table=links, condition='municipality_id = %s')} "
        f"THEN {float(weights['municipality'])} "
    )
    params.append(req.municipality_id)
    if req.neighbours:
        among = f"municipality_id IN ({', '.join(['%s'] * len(req.neighbours))})"
        place_sql += (
            f"WHEN {linked.format(table=links, condition=among)} "
            f"THEN {float(weights['neighbour'])} "
        )
        params += list(req.neighbours)
    score = [place_sql + "ELSE 0.0 END", f"{float(weights['load'])} / (COALESCE(taken.n, 0) + 1.0)"]
    # The same score for the buddies linked to every theme of the request: each theme's
    # part is its share of the weight, without asking the link table (twice a buddy on a
    # request with two themes).
    score_all, params_all = list(score), list(params)
    if req.themes:
        per_theme = weights["theme"] / len(req.themes)
        for theme_id in req.themes:
            score.append(
                f"(CASE WHEN {linked.format(table=topics, condition='theme_id = %s')} "
                f"THEN {per_theme} ELSE 0.0 END)"
            )
            params.append(theme_id)
            score_all.append(f"{per_theme}")
    for column, code, weight in (
        ("e.b_ages", req.age_band, weights["age_band"]),
        ("e.b_schools", req.school_type, weights["school_type"]),
    ):
        if code:
            has, has_params = _list_has_sql(column, code)
            for parts, values in ((score, params), (score_all, params_all)):
                parts.append(f"(CASE WHEN {has} THEN {float(weight)} ELSE 0.0 END)")
                values += has_params
    days, days_params = _days_since_sql("COALESCE(last.at, e.b_signed_up)", now)
    for parts, values in ((score, params), (score_all, params_all)):
        parts.append(
            f"{weights['idle'] / idle_full_days} * "
            f"MIN_OR_LEAST(MAX_OR_GREATEST({days}, 0.0), {float(idle_full_days)})"
        )
        values += days_params
    if connection.vendor == "postgresql":
        least, greatest = "LEAST", "GREATEST"
    else:  # SQLite's scalar MIN/MAX of two values
        least, greatest = "MIN", "MAX"

    def summed(parts: list[str]) -> str:
        return " + ".join(parts).replace("MIN_OR_LEAST", least).replace("MAX_OR_GREATEST", greatest)

    score_sql, score_all_sql = summed(score), summed(score_all)
    # The `limit`-th best among the buddies whose account is active: the rows sorted
    # first (a subquery with a LIMIT keeps its order and is not merged into the outer
    # query), then "active" asked row by row from the top until `limit` are found. The
    # rows kept need not be asked: `eligible_buddies` around this asks it of them.
    # "Active" is a scalar subquery, not `EXISTS`: PostgreSQL may turn an `EXISTS` into
    # a hash join, which loses the order (and so the `limit`-th row) on small tables.
    users = BuddyProfile._meta.get_field("user").related_model._meta.db_table
    every = "ALL" if connection.vendor == "postgresql" else "-1"

    def kth(table: str) -> str:
        return f"""(
                SELECT best.rough FROM (
                    SELECT b_user, rough FROM {table} ORDER BY rough DESC LIMIT {every} OFFSET 0
                ) best
                WHERE (SELECT is_active FROM {users} WHERE {users}.id = best.b_user)
                LIMIT 1 OFFSET %s
            )"""  # noqa: S608 - only our own table names

    margin = _rough_margin(weights, idle_full_days)
    scoring_template = """
            SELECT e.b_id, e.b_user, {score} AS rough
            FROM e
            LEFT JOIN taken ON taken.b_id = e.b_id
            LEFT JOIN last ON last.b_id = e.b_id
            WHERE COALESCE(taken.n, 0) < e.b_capacity"""
    scoring = scoring_template.format(score=score_sql)
    if req.themes:
        # Most buddies share few of the request's themes, and the best of those who share
        # fewer than all of them scores `_without_themes` at most. So the buddies sharing
        # every theme are scored first, and the others only when the `limit`-th best of
        # the first is not clearly above what they can score (too few of them, or too
        # low): the same rows come out, at a fraction of the work. (A third group, of
        # those sharing some, costs PostgreSQL more to plan than it saves.)
        themes = ", ".join(["%s"] * len(req.themes))
        sharing = f"SELECT buddyprofile_id FROM {topics} WHERE theme_id IN ({themes})"  # noqa: S608
        sharing_all = f"{sharing} GROUP BY buddyprofile_id HAVING COUNT(*) = {len(req.themes)}"
        theme_ids = list(req.themes)
        # (the group, its parameters, how many themes its buddies share at most): in
        # the WHERE clause, so that PostgreSQL can start from the few who share all.
        groups = []
        if len(req.themes) > 1:
            groups.append((f"e.b_id IN ({sharing_all})", theme_ids, None))
            groups.append((f"e.b_id NOT IN ({sharing_all})", theme_ids, len(req.themes) - 1))
        else:
            groups.append((f"e.b_id IN ({sharing})", theme_ids, None))
            groups.append((f"e.b_id NOT IN ({sharing})", theme_ids, 0))
        parts, scored_params = [], []
        for index, (condition, condition_params, shared) in enumerate(groups):
            name = "scored" if index == len(groups) - 1 else f"scored_{index}"
            if shared is None:
                # Those linked to every theme.
                every_theme = scoring_template.format(score=score_all_sql)
                parts.append(f"{name} AS ({every_theme} AND {condition})")
                scored_params += [*params_all, *condition_params]
                continue
            before = f"scored_{index - 1}"
            parts.append(
                f"""{name} AS (
            SELECT b_id, b_user, rough FROM {before}
            UNION ALL
            {scoring} AND {condition}
            AND COALESCE({kth(before)}, -1e9) - %s <= %s
        )"""  # noqa: S608 - our own SQL
            )
            scored_params += [
                *params,
                *condition_params,
                limit - 1,
                margin,
                _without_themes(req, weights, shared),
            ]
        scored_sql = ",\n        ".join(parts)
    else:
        scored_sql = f"scored AS ({scoring})"
        scored_params = list(params)
    # Scored in parts (by the themes shared), the eligible rows are read in each part,
    # not copied out first.
    inline = "NOT MATERIALIZED " if connection.vendor == "postgresql" else ""
    sql = f"""
        WITH e AS {inline}({base_sql}),
        taken AS (
            SELECT buddy_id AS b_id, COUNT(*) AS n FROM {matches}
            WHERE status IN ({", ".join(["%s"] * len(occupying))}) GROUP BY buddy_id
        ),
        last AS (
            SELECT buddy_id AS b_id, MAX(proposed_at) AS at FROM {matches}
            WHERE status NOT IN ({", ".join(["%s"] * len(refused))}) GROUP BY buddy_id
        ),
        {scored_sql},
        chosen AS (
            SELECT b_id FROM scored
            WHERE rough >= COALESCE({kth("scored")}, -1e9) - %s
        )
    """  # noqa: S608 - only our own table names and numbers are formatted in
    return sql, [*base_params, *occupying, *refused, *scored_params, limit - 1, margin]


def _columns(model, alias: str) -> list[str]:
    return [f'{alias}."{column.column}"' for column in model._meta.concrete_fields]


def _converted(model, values, converters) -> Model:
    """A model instance from raw column values, as the ORM makes it (`Model.from_db`,
    with the backend's and the fields' converters: SQLite's datetimes are text)."""
    values = list(values)
    for index, convert in converters:
        values[index] = convert(values[index])
    names = [model_field.attname for model_field in model._meta.concrete_fields]
    return model.from_db(connection.alias, names, values)


def _ids(text: str | None) -> list[int]:
    return [int(pk) for pk in text.split(",")] if text else []


def _best(
    request: BuddyRequest, req: _Request, weights: dict, idle_full_days: int, now, limit: int
) -> list[tuple[BuddyProfile, dict, list[int], list[int]]]:
    """The rows `_first_cut` chose, in the same query: each profile with its account
    (only active accounts), the places taken, the last match, and the request's themes
    and places the buddy is linked to."""
    sql, params = _first_cut(
        _candidates_sql(request, timezone.localdate(now)),
        req,
        weights,
        idle_full_days,
        now,
        limit,
    )
    user_model = BuddyProfile._meta.get_field("user").related_model
    links = BuddyProfile.municipalities.through._meta.db_table
    topics = BuddyProfile.themes.through._meta.db_table
    places = [req.municipality_id, *req.neighbours]
    joined = "string_agg(CAST({} AS text), ',')"
    if connection.vendor != "postgresql":
        joined = "group_concat({}, ',')"
    themes_sql = "NULL"
    if req.themes:
        themes_sql = (
            f"(SELECT {joined.format('theme_id')} FROM {topics} "  # noqa: S608
            f"WHERE buddyprofile_id = p.id AND theme_id IN ({', '.join(['%s'] * len(req.themes))}))"
        )
    places_sql = (
        f"(SELECT {joined.format('municipality_id')} FROM {links} "  # noqa: S608
        f"WHERE buddyprofile_id = p.id AND municipality_id IN ({', '.join(['%s'] * len(places))}))"
    )
    profile_fields = BuddyProfile._meta.concrete_fields
    user_fields = user_model._meta.concrete_fields
    select = [
        *_columns(BuddyProfile, "p"),
        *_columns(user_model, "u"),
        "COALESCE(taken.n, 0)",
        "last.at",
        themes_sql,
        places_sql,
    ]
    profile_table = BuddyProfile._meta.db_table
    # The chosen are few, but PostgreSQL cannot know: without LATERAL (kept apart by
    # `OFFSET 0`) it hashes every profile to join the few.
    profile_sql = f"{profile_table} p ON p.id = chosen.b_id"
    if connection.vendor == "postgresql":
        profile_sql = (
            f"LATERAL (SELECT * FROM {profile_table} WHERE id = chosen.b_id OFFSET 0) p ON TRUE"  # noqa: S608
        )
    sql += f"""
        SELECT {", ".join(select)}
        FROM chosen
        JOIN {profile_sql}
        JOIN {user_model._meta.db_table} u ON u.id = p.user_id
        LEFT JOIN taken ON taken.b_id = p.id
        LEFT JOIN last ON last.b_id = p.id
        WHERE u.is_active
    """  # noqa: S608 - only our own table and column names are formatted in
    params += [*req.themes, *places]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows:
        return []
    profiles, users = len(profile_fields), len(user_fields)
    profile_converters = field_converters(profile_fields, connection)
    user_converters = field_converters(user_fields, connection)
    last_converters = field_converters([Match._meta.get_field("proposed_at")], connection)
    out = []
    for row in rows:
        profile = _converted(BuddyProfile, row[:profiles], profile_converters)
        profile.user = _converted(user_model, row[profiles : profiles + users], user_converters)
        taken, last, themes, linked = row[profiles + users :]
        for _index, convert in last_converters:
            last = convert(last) if last is not None else None
        facts = {"active_matches": taken, "last_matched_at": last}
        out.append((profile, facts, _ids(themes), _ids(linked)))
    return out


_NEIGHBOURS = CompiledQuery(
    lambda municipality: Municipality.objects.filter(neighbours=municipality), -7_302_003
)


def suggest_buddies(
    *, request: BuddyRequest, limit: int = 5, neighbours: list[Municipality] | None = None
) -> list[Suggestion]:
    """The best candidates for a request, best first, each with its score and the
    reasons for it in Dutch.

    The hard constraints (`eligible_buddies`) and a first cut on the score
    (`_first_cut`, the soft criteria as SQL) are one database query, which also reads
    what the buddies that can be among the best are scored on (`_best`); those are
    scored exactly in Python (`_points`, the ranking it always had) and only the best
    are put into words. Three queries, however many buddies there are (two when the
    request's themes are read already, one when its municipality's `neighbours` are
    given too: a page that read them already).
    """
    now = timezone.now()
    req = _Request(
        themes={theme.pk: theme for theme in request.themes.all()},
        municipality_id=request.municipality_id,
        neighbours={
            m.pk: m
            for m in (
                neighbours
                if neighbours is not None
                else _NEIGHBOURS.instances(Municipality, request.municipality_id)
            )
        },
        age_band=request.age_band,
        school_type=request.school_type,
    )
    weights = settings.BUDDY_MATCH_WEIGHTS
    idle_full_days = settings.BUDDY_IDLE_FULL_DAYS
    best = _best(request, req, weights, idle_full_days, now, limit)
    if not best:
        return []
    profiles = {profile.pk: profile for profile, _facts_read, _themes, _places in best}
    rows = [
        {
            "pk": profile.pk,
            "age_bands": profile.age_bands,
            "school_types": profile.school_types,
            "max_active_matches": profile.max_active_matches,
            "approved_at": profile.approved_at,
            "created_at": profile.created_at,
            **read,
        }
        for profile, read, _themes, _places in best
    ]
    shared_themes = {profile.pk: themes for profile, _read, themes, _places in best}
    places = {profile.pk: linked for profile, _read, _themes, linked in best}

    scored = []
    for row in rows:
        facts = _facts(row, req, shared_themes.get(row["pk"], []), places.get(row["pk"], []), now)
        score = _points(facts, req, weights, idle_full_days)
        # Ties go to the least busy, then the longest idle, then the earliest sign-up.
        scored.append(((-score, facts.taken, -facts.idle_days, row["pk"]), score, facts))
    best = heapq.nsmallest(limit, scored, key=lambda item: item[0])
    return [
        Suggestion(
            buddy=profiles[key[3]],
            score=score,
            reasons=_reasons(facts, req),
            active_matches=facts.taken,
        )
        for key, score, facts in best
    ]


def ineligibility_reason(
    *, request: BuddyRequest, buddy: BuddyProfile, today: date | None = None
) -> str:
    """Why this buddy cannot be proposed for this request, in Dutch, for the message to
    the coordinator. `eligible_buddies` is the rule; this only explains it."""
    today = today or timezone.localdate()
    name = str(buddy)
    if buddy.user_id == request.parent_id:
        return _("%(buddy)s is de ouder die de aanvraag deed.") % {"buddy": name}
    if buddy.status == P.PAUSED:
        return _("%(buddy)s heeft even pauze.") % {"buddy": name}
    if buddy.available_from and buddy.available_from > today:
        return _("%(buddy)s rust na een koppeling, tot %(date)s.") % {
            "buddy": name,
            "date": date_format(buddy.available_from, "j F Y"),
        }
    if buddy.status != P.APPROVED:
        return _("%(buddy)s is (nog) niet goedgekeurd als buddy.") % {"buddy": name}
    if not buddy.user.is_active:
        return _("Het account van %(buddy)s is niet actief.") % {"buddy": name}
    if not vog_is_valid(buddy.vog_date, today=today):
        return _("De VOG van %(buddy)s ontbreekt of is ouder dan 3 jaar.") % {"buddy": name}
    if request.language not in buddy.languages:
        return _("%(buddy)s spreekt geen %(language)s.") % {
            "buddy": name,
            "language": Language(request.language).label.lower(),
        }
    if request.matches.filter(buddy=buddy, status__in=workflow.REFUSED).exists():
        return _("%(buddy)s zei eerder nee op deze aanvraag, of antwoordde niet op tijd.") % {
            "buddy": name
        }
    taken = buddy.matches.filter(status__in=workflow.OCCUPYING).count()
    if taken >= buddy.max_active_matches:
        return _("%(buddy)s heeft geen plek vrij: %(places)s.") % {
            "buddy": name,
            "places": _places(taken, buddy.max_active_matches),
        }
    return _("%(buddy)s kan nu niet worden voorgesteld.") % {"buddy": name}


@transaction.atomic
def match_propose(*, request: BuddyRequest, buddy: BuddyProfile, actor) -> Match:
    """Propose a buddy for a request. Every hard constraint is checked again, on locked
    rows, so two coordinators clicking at once cannot overfill a buddy. The buddy gets
    an email: what the request is about (no name, nothing to identify the parent) and
    by when to answer."""
    request = BuddyRequest.objects.select_for_update().get(pk=request.pk)
    buddy = (
        BuddyProfile.objects.select_for_update(of=("self",)).select_related("user").get(pk=buddy.pk)
    )
    if request.status != BuddyRequest.Status.OPEN:
        raise ActionRefusedError(_("Deze aanvraag staat niet meer open."))
    if request.matches.filter(status__in=workflow.OCCUPYING).exists():
        raise ActionRefusedError(_("Voor deze aanvraag loopt al een voorstel of koppeling."))
    if not eligible_buddies(request=request).filter(pk=buddy.pk).exists():
        raise ActionRefusedError(ineligibility_reason(request=request, buddy=buddy))
    now = timezone.now()
    try:
        with transaction.atomic():
            match = Match.objects.create(
                request=request,
                buddy=buddy,
                proposed_at=now,
                proposed_by=actor,
                answer_by=deadline_for_person(now, days=settings.BUDDY_MATCH_ANSWER_DAYS),
            )
    except IntegrityError as error:
        raise ActionRefusedError(
            _("Voor deze aanvraag loopt al een voorstel of koppeling.")
        ) from error
    _event(E.MATCH_PROPOSED, actor, profile=buddy, request=request, match=match)
    outbox.send_templated_email(
        template="oudernetwerk/email/match_proposed",
        to=[buddy.user.email],
        context=_context(
            match=match,
            buddy_request=request,
            themes=list(request.themes.all()),
            answer_by=match.answer_by,
            portal_url=_reverse_or_none("oudernetwerk:portal"),
        ),
    )
    return match
