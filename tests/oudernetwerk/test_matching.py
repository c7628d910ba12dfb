"""Ranking buddies for a request: every hard constraint keeps a buddy out of the list and
out of a proposal, the soft criteria rank and explain, and the work stays bounded."""

import random
from datetime import timedelta
from types import SimpleNamespace

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from oudernetwerk import services
from oudernetwerk.models import BuddyRequest, Match, NetworkEvent
from oudernetwerk.services import matching
from steunpunt.models import Municipality
from tests.factories import (
    BuddyProfileFactory,
    BuddyRequestFactory,
    MatchFactory,
    MunicipalityFactory,
    ThemeFactory,
    UserFactory,
    coordinator,
)

pytestmark = pytest.mark.django_db

WEIGHTS = {
    "theme": 40,
    "municipality": 20,
    "neighbour": 10,
    "age_band": 10,
    "school_type": 10,
    "load": 10,
    "idle": 10,
}


@pytest.fixture(autouse=True)
def _weights(settings):
    settings.BUDDY_MATCH_WEIGHTS = WEIGHTS
    settings.BUDDY_IDLE_FULL_DAYS = 180


@pytest.fixture
def world():
    alkmaar = MunicipalityFactory(name="Alkmaar", slug="alkmaar")
    bergen = MunicipalityFactory(name="Bergen", slug="bergen")
    texel = MunicipalityFactory(name="Texel", slug="texel")
    alkmaar.neighbours.add(bergen)
    home = ThemeFactory(name="Thuiszitten", slug="thuiszitten")
    talk = ThemeFactory(name="Gesprek met school", slug="gesprek-met-school")
    request = BuddyRequestFactory(
        municipality=alkmaar,
        themes=[home, talk],
        age_band="8-12",
        school_type="sbo",
    )
    return SimpleNamespace(
        alkmaar=alkmaar, bergen=bergen, texel=texel, home=home, talk=talk, request=request
    )


def _buddy(world, **kwargs):
    kwargs.setdefault("themes", [world.home])
    kwargs.setdefault("municipalities", [world.alkmaar])
    return BuddyProfileFactory(**kwargs)


def _suggested(request, limit=50):
    return [s.buddy for s in services.suggest_buddies(request=request, limit=limit)]


# --- Hard constraints: one each, in the ranking and in the proposal ------------------------


def _three_years_ago():
    return services.shift_years(timezone.localdate(), -3)


BREAKERS = {
    "not_approved": (lambda w: _buddy(w, status="applied"), "niet goedgekeurd"),
    "rejected": (lambda w: _buddy(w, status="rejected"), "niet goedgekeurd"),
    "paused": (lambda w: _buddy(w, status="paused"), "pauze"),
    "no_vog": (lambda w: _buddy(w, vog_date=None), "VOG"),
    "vog_three_years_old": (lambda w: _buddy(w, vog_date=_three_years_ago()), "VOG"),
    "other_language": (lambda w: _buddy(w, languages=["en", "ar"]), "spreekt geen nederlands"),
    "parent_themselves": (lambda w: _buddy(w, user=w.request.parent), "de ouder"),
    "inactive_account": (
        lambda w: _buddy(w, user=UserFactory(is_active=False)),
        "niet actief",
    ),
    "at_capacity": (
        lambda w: MatchFactory(buddy=_buddy(w, max_active_matches=1), status="active").buddy,
        "heeft nu 1 van 1 plek bezet",
    ),
    "declined_before": (
        lambda w: MatchFactory(request=w.request, buddy=_buddy(w), status="declined").buddy,
        "zei eerder nee",
    ),
    "expired_before": (
        lambda w: MatchFactory(request=w.request, buddy=_buddy(w), status="expired").buddy,
        "antwoordde niet op tijd",
    ),
}


@pytest.mark.parametrize("constraint", BREAKERS)
def test_hard_constraint_keeps_the_buddy_out(world, constraint):
    make, reason = BREAKERS[constraint]
    fine = _buddy(world)
    breaker = make(world)

    assert _suggested(world.request) == [fine]
    with pytest.raises(ValidationError) as refused:
        services.match_propose(request=world.request, buddy=breaker, actor=coordinator())
    assert reason in " ".join(refused.value.messages)
    assert not Match.objects.filter(buddy=breaker, status="proposed").exists()


def test_vog_one_day_short_of_three_years_still_counts(world):
    buddy = _buddy(world, vog_date=_three_years_ago() + timedelta(days=1))

    assert _suggested(world.request) == [buddy]


def test_a_vog_dated_in_the_future_does_not_count(world):
    _buddy(world, vog_date=timezone.localdate() + timedelta(days=1))

    assert _suggested(world.request) == []


def test_only_proposed_accepted_and_active_matches_take_a_place(world):
    buddy = _buddy(world, max_active_matches=1)
    for status in ["declined", "expired", "ended"]:
        MatchFactory(buddy=buddy, status=status)

    assert _suggested(world.request) == [buddy]


@pytest.mark.parametrize("status", ["proposed", "accepted", "active"])
def test_each_running_match_takes_a_place(world, status):
    buddy = _buddy(world, max_active_matches=2)
    MatchFactory(buddy=buddy, status=status)
    assert _suggested(world.request) == [buddy]

    MatchFactory(buddy=buddy, status=status)
    assert _suggested(world.request) == []


def test_a_buddy_who_speaks_one_of_several_languages_is_in(world):
    world.request.language = "ar"
    world.request.save()
    buddy = _buddy(world, languages=["nl", "ar"])
    _buddy(world, languages=["nl", "tr"])

    assert _suggested(world.request) == [buddy]


# --- Score and explanation -------------------------------------------------------------------


def test_score_is_explained_in_dutch(world):
    buddy = _buddy(
        world,
        themes=[world.home, world.talk],
        age_bands=["8-12", "12-16"],
        school_types=["sbo"],
        max_active_matches=2,
    )
    MatchFactory(buddy=buddy, status="active", proposed_at=timezone.now() - timedelta(days=125))

    [suggestion] = services.suggest_buddies(request=world.request)

    assert suggestion.buddy == buddy
    assert suggestion.reasons == [
        "zelfde gemeente",
        "ervaring met gesprek met school",
        "ervaring met thuiszitten",
        "kind van dezelfde leeftijd (8 tot 12 jaar)",
        "ervaring met het SBO",
        "heeft nu 1 van 2 plekken bezet",
        "al 4 maanden geen nieuwe koppeling",
    ]
    # 40 + 20 + 10 + 10 + 10 / (1 + 1) + 10 * 125 / 180
    assert suggestion.score == pytest.approx(91.9)
    assert suggestion.active_matches == 1


def test_partial_match_says_only_what_counts(world):
    buddy = _buddy(world, themes=[world.home], municipalities=[world.bergen, world.texel])
    MatchFactory(buddy=buddy, status="ended", proposed_at=timezone.now() - timedelta(days=70))

    [suggestion] = services.suggest_buddies(request=world.request)

    assert suggestion.reasons == [
        "buurgemeente (Bergen)",
        "ervaring met thuiszitten",
        "heeft nu 0 van 1 plek bezet",
        "al 2 maanden geen koppeling",
    ]
    # 10 + 40 * 1/2 + 10 + 10 * 70 / 180
    assert suggestion.score == pytest.approx(43.9)


def test_never_matched_and_recently_matched_are_said_plainly(world):
    new = _buddy(world, approved_at=timezone.now() - timedelta(days=3))
    recent = _buddy(world)
    MatchFactory(buddy=recent, status="ended", proposed_at=timezone.now() - timedelta(days=10))

    reasons = {s.buddy: s.reasons[-1] for s in services.suggest_buddies(request=world.request)}

    assert reasons == {
        new: "nog nooit gekoppeld",
        recent: "minder dan een maand geleden gekoppeld",
    }


def test_far_away_buddy_still_ranks_but_below_the_nearby_one(world):
    near = _buddy(world)
    far = _buddy(world, municipalities=[world.texel])

    suggestions = services.suggest_buddies(request=world.request)

    assert [s.buddy for s in suggestions] == [near, far]
    assert not any("gemeente" in reason for reason in suggestions[1].reasons)


def test_weights_come_from_settings(world, settings):
    theme_expert = _buddy(world, themes=[world.home, world.talk], municipalities=[world.texel])
    neighbour = _buddy(world, themes=[], municipalities=[world.alkmaar])

    assert _suggested(world.request) == [theme_expert, neighbour]

    settings.BUDDY_MATCH_WEIGHTS = {**WEIGHTS, "theme": 5, "municipality": 60}
    assert _suggested(world.request) == [neighbour, theme_expert]


# --- Capacity and load spreading -------------------------------------------------------------


def test_the_least_busy_buddy_comes_first(world):
    busy = _buddy(world, max_active_matches=3)
    MatchFactory(buddy=busy, status="active", proposed_at=timezone.now() - timedelta(days=300))
    free = _buddy(world, max_active_matches=3)

    assert _suggested(world.request) == [free, busy]


def test_the_longest_idle_buddy_comes_first(world):
    recent = _buddy(world)
    MatchFactory(buddy=recent, status="ended", proposed_at=timezone.now() - timedelta(days=20))
    idle = _buddy(world)
    MatchFactory(buddy=idle, status="ended", proposed_at=timezone.now() - timedelta(days=150))

    assert _suggested(world.request) == [idle, recent]


def test_proposals_spread_over_buddies(world):
    first = _buddy(world, max_active_matches=3)
    second = _buddy(world, max_active_matches=3)
    worker = coordinator()

    picks = []
    for _n in range(4):
        request = BuddyRequestFactory(
            municipality=world.alkmaar, themes=[world.home], age_band="8-12", school_type="sbo"
        )
        top = services.suggest_buddies(request=request)[0].buddy
        services.match_propose(request=request, buddy=top, actor=worker)
        picks.append(top)

    assert sorted(p.pk for p in picks) == sorted([first.pk, first.pk, second.pk, second.pk])
    assert picks[0] != picks[1]


def test_a_full_buddy_drops_out_and_returns_when_a_match_ends(world):
    buddy = _buddy(world, max_active_matches=1)
    match = services.match_propose(
        request=BuddyRequestFactory(municipality=world.alkmaar, themes=[world.home]),
        buddy=buddy,
        actor=coordinator(),
    )
    assert _suggested(world.request) == []

    Match.objects.filter(pk=match.pk).update(status="ended")
    assert _suggested(world.request) == [buddy]


def test_limit_and_order(world):
    for n in range(7):
        _buddy(world, max_active_matches=1 + n % 3, themes=[world.home][: n % 2 + 1])

    suggestions = services.suggest_buddies(request=world.request, limit=5)

    assert len(suggestions) == 5
    scores = [s.score for s in suggestions]
    assert scores == sorted(scores, reverse=True)


def test_no_buddies_no_suggestions(world):
    assert services.suggest_buddies(request=world.request) == []


# --- The number of queries does not grow with the number of buddies ------------------------


def _many_buddies(world, count: int) -> None:
    for n in range(count):
        buddy = _buddy(
            world,
            themes=[world.home, world.talk][: 1 + n % 2],
            municipalities=[world.alkmaar, world.bergen][: 1 + n % 2],
            max_active_matches=2,
            age_bands=["8-12"],
        )
        if n % 3 == 0:
            MatchFactory(buddy=buddy, status="active")


@pytest.mark.parametrize("count", [5, 50])
def test_suggest_buddies_query_count_is_pinned(world, count, django_assert_max_num_queries):
    _many_buddies(world, count)
    request = BuddyRequest.objects.get(pk=world.request.pk)

    # The request's themes, its neighbours, and the candidates with all they are scored on.
    with django_assert_max_num_queries(3):
        suggestions = services.suggest_buddies(request=request)
        # Reading what the admin page shows costs nothing more.
        [(str(s.buddy), s.buddy.user.email) for s in suggestions]

    assert len(suggestions) == 5


def test_suggest_buddies_query_count_is_the_same_for_5_and_50(world):
    def queries() -> int:
        request = BuddyRequest.objects.get(pk=world.request.pk)
        with CaptureQueriesContext(connection) as captured:
            services.suggest_buddies(request=request)
        return len(captured.captured_queries)

    _many_buddies(world, 5)
    few = queries()
    _many_buddies(world, 45)

    assert queries() == few


def test_suggest_buddies_with_the_neighbours_given_ranks_the_same_in_one_query_fewer(world):
    # The request's page reads the neighbours with the form's municipalities.
    _buddy(world, municipalities=[world.bergen], user__name="Buur")
    _buddy(world, municipalities=[world.texel], user__name="Ver weg")
    _buddy(world, user__name="Dichtbij")
    request = BuddyRequest.objects.prefetch_related("themes").get(pk=world.request.pk)
    with CaptureQueriesContext(connection) as reading:
        read = services.suggest_buddies(request=request)
    with CaptureQueriesContext(connection) as given:
        handed = services.suggest_buddies(request=request, neighbours=[world.bergen])

    assert [(s.buddy, s.score, s.reasons) for s in handed] == [
        (s.buddy, s.score, s.reasons) for s in read
    ]
    assert "buurgemeente (Bergen)" in handed[1].reasons
    assert len(given.captured_queries) == len(reading.captured_queries) - 1


# --- Proposing ------------------------------------------------------------------------------


def test_propose_emails_the_buddy_only_what_they_need(
    world, site_settings, django_capture_on_commit_callbacks
):
    buddy = _buddy(world)
    worker = coordinator()
    world.request.hopes = "Mijn zoon Daan zit al weken thuis."
    world.request.save()

    with django_capture_on_commit_callbacks(execute=True):
        match = services.match_propose(request=world.request, buddy=buddy, actor=worker)

    assert (match.status, match.proposed_by, match.buddy) == ("proposed", worker, buddy)
    [email] = mail.outbox
    assert email.to == [buddy.user.email]
    assert email.subject == "Een ouder zoekt een buddy: wil jij?"
    body = email.body
    assert "Thuiszitten" in body
    assert "Alkmaar" in body
    # Nothing that says who the parent is, before the buddy said yes.
    assert world.request.parent.email not in body
    assert "Daan" not in body
    assert NetworkEvent.objects.filter(kind="match_proposed", match=match, actor=worker).exists()


def test_a_request_gets_one_proposal_at_a_time(world):
    first, second = _buddy(world), _buddy(world)
    worker = coordinator()
    services.match_propose(request=world.request, buddy=first, actor=worker)

    with pytest.raises(ValidationError, match="loopt al een voorstel"):
        services.match_propose(request=world.request, buddy=second, actor=worker)
    assert world.request.matches.count() == 1


def test_after_a_decline_the_next_buddy_can_be_proposed(world):
    first, second = _buddy(world), _buddy(world)
    worker = coordinator()
    match = services.match_propose(request=world.request, buddy=first, actor=worker)
    Match.objects.filter(pk=match.pk).update(status="declined")

    assert _suggested(world.request) == [second]
    services.match_propose(request=world.request, buddy=second, actor=worker)


def test_a_closed_request_gets_no_proposal(world):
    buddy = _buddy(world)
    BuddyRequest.objects.filter(pk=world.request.pk).update(status="closed")

    with pytest.raises(ValidationError, match="niet meer open"):
        services.match_propose(request=world.request, buddy=buddy, actor=coordinator())


def _ranked_in_python(request, now):
    """The ranking as it was before the first cut moved into SQL: every eligible buddy
    scored by `_points`, ties to the least busy, the longest idle, the earliest sign-up."""
    req = matching._Request(
        themes={theme.pk: theme for theme in request.themes.all()},
        municipality_id=request.municipality_id,
        neighbours={m.pk: m for m in Municipality.objects.filter(neighbours=request.municipality)},
        age_band=request.age_band,
        school_type=request.school_type,
    )
    scored = []
    for profile in services.eligible_buddies(request=request):
        row = {
            "last_matched_at": profile.last_matched_at,
            "approved_at": profile.approved_at,
            "created_at": profile.created_at,
            "age_bands": profile.age_bands,
            "school_types": profile.school_types,
            "active_matches": profile.active_matches,
            "max_active_matches": profile.max_active_matches,
        }
        themes = [t.pk for t in profile.themes.all() if t.pk in req.themes]
        places = [m.pk for m in profile.municipalities.all()]
        places = [pk for pk in places if pk == req.municipality_id or pk in req.neighbours]
        facts = matching._facts(row, req, themes, places, now)
        score = matching._points(facts, req, WEIGHTS, 180)
        key = (-score, facts.taken, -facts.idle_days, profile.pk)
        scored.append((key, score, matching._reasons(facts, req)))
    return [(key[3], score, reasons) for key, score, reasons in sorted(scored)]


@pytest.mark.parametrize("limit", [1, 5, 40])
def test_sql_first_cut_ranks_exactly_as_scoring_every_buddy_in_python(world, limit):
    rng = random.Random(20261201)
    places = [world.alkmaar, world.bergen, world.texel]
    themes = [world.home, world.talk, ThemeFactory(name="Pesten", slug="pesten")]
    now = timezone.now()
    for _n in range(200):
        BuddyProfileFactory(
            municipalities=rng.sample(places, rng.randint(0, 2)),
            themes=rng.sample(themes, rng.randint(0, 3)),
            age_bands=rng.sample(["4-8", "8-12", "12-16"], rng.randint(0, 2)),
            school_types=rng.sample(["regulier", "sbo", "so"], rng.randint(0, 2)),
            max_active_matches=rng.randint(1, 3),
            approved_at=now - timedelta(days=rng.choice([0, 10, 90, 179, 180, 400]), hours=1),
        )

    with time_machine.travel(now, tick=False):
        got = [
            (s.buddy.pk, s.score, s.reasons)
            for s in services.suggest_buddies(request=world.request, limit=limit)
        ]
        expected = _ranked_in_python(world.request, timezone.now())[:limit]

    assert got == expected


def test_buddies_without_a_shared_theme_fill_the_list_when_too_few_share_one(world):
    sharing = _buddy(world, themes=[world.home])
    others = [_buddy(world, themes=[], age_bands=["8-12"]), _buddy(world, themes=[])]

    assert _suggested(world.request, limit=5) == [sharing, *others]


def test_first_cut_with_few_buddies_sharing_a_theme_ranks_exactly_as_python(world):
    rng = random.Random(20261202)
    now = timezone.now()
    for n in range(40):
        BuddyProfileFactory(
            municipalities=rng.sample([world.alkmaar, world.bergen, world.texel], 1),
            # One in ten shares a theme with the request: the others are scored as well.
            themes=[world.home] if n % 10 == 0 else [],
            age_bands=rng.sample(["4-8", "8-12"], rng.randint(0, 1)),
            school_types=rng.sample(["regulier", "sbo"], rng.randint(0, 1)),
            approved_at=now - timedelta(days=rng.choice([0, 30, 200]), hours=1),
        )

    with time_machine.travel(now, tick=False):
        got = [(s.buddy.pk, s.score) for s in services.suggest_buddies(request=world.request)]
        expected = [(pk, score) for pk, score, _r in _ranked_in_python(world.request, now)][:5]

    assert got == expected


def test_a_buddy_without_a_shared_theme_still_outranks_weaker_ones_who_share_one(world):
    # Far away but sharing a theme: 20 + 10 (age) + 10 (free) + 10 (idle) = 50 points.
    # Near, with nothing shared but all the rest: 20 + 10 + 10 + 10 + 10 = 60.
    long_ago = timezone.now() - timedelta(days=200)
    far = [
        _buddy(
            world,
            themes=[world.home],
            municipalities=[world.texel],
            age_bands=["8-12"],
            approved_at=long_ago,
        )
        for _n in range(5)
    ]
    near = _buddy(world, themes=[], age_bands=["8-12"], school_types=["sbo"], approved_at=long_ago)

    assert _suggested(world.request, limit=5) == [near, *far[:4]]


def test_a_buddy_sharing_one_theme_outranks_weaker_ones_who_share_every_one(world):
    # Far away, sharing both themes: 40 + 10 (free) + 10 (idle) = 60 points.
    # Near, sharing one, with the age and the school: 20 + 20 + 10 + 10 + 10 + 10 = 80.
    long_ago = timezone.now() - timedelta(days=200)
    far = [
        _buddy(
            world,
            themes=[world.home, world.talk],
            municipalities=[world.texel],
            approved_at=long_ago,
        )
        for _n in range(3)
    ]
    near = _buddy(world, age_bands=["8-12"], school_types=["sbo"], approved_at=long_ago)

    assert _suggested(world.request, limit=3) == [near, *far[:2]]


def _request_facts(**kwargs) -> matching._Request:
    defaults = {
        "themes": {},
        "municipality_id": 1,
        "neighbours": {},
        "age_band": "",
        "school_type": "",
    }
    return matching._Request(**{**defaults, **kwargs})


def test_without_themes_counts_only_what_the_request_can_give_points_for():
    bare = _request_facts()
    full = _request_facts(neighbours={2: None}, age_band="8-12", school_type="sbo")

    # The place, the load and the idle time always count; age and school only when asked.
    assert matching._without_themes(bare, WEIGHTS) == pytest.approx(20 + 10 + 10)
    assert matching._without_themes(full, WEIGHTS) == pytest.approx(20 + 10 + 10 + 10 + 10)


def test_without_themes_counts_the_themes_a_buddy_may_share():
    facts = _request_facts(themes={1: None, 2: None, 3: None})

    # Two of the three themes: two thirds of the theme weight, and the rest as before.
    assert matching._without_themes(facts, WEIGHTS, shared=2) == pytest.approx(
        40 * 2 / 3 + 20 + 10 + 10
    )


def test_without_themes_never_counts_a_weight_below_zero():
    weights = {**WEIGHTS, "municipality": -5, "neighbour": -5, "load": -10}

    assert matching._without_themes(_request_facts(neighbours={2: None}), weights) == (
        pytest.approx(10)
    )
