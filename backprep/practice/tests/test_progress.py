"""The progress dashboard: the stats selector, the SVG charts and the page."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from backprep.accounts.tests.factories import UserFactory
from backprep.catalog.loading import load_pack
from backprep.catalog.models import Question
from backprep.catalog.tests.packs import standard_pack
from backprep.practice import charts
from backprep.practice.models import CardState, Mode, Review, ReviewCard
from backprep.practice.progress import DayCount, TopicMastery, progress_stats

SVG = "{http://www.w3.org/2000/svg}"
# 10:00 on 12 March in Tokyo, 21:00 on 11 March in New York, 01:00 on 12 March in UTC.
NOW = dt.datetime(2026, 3, 12, 1, 0, tzinfo=dt.UTC)


@pytest.fixture
def bank(db, tmp_path):
    """The five-question test pack: web (http: 2, rest-api: 1) and databases (sql: 2)."""
    root = standard_pack(tmp_path / "pack")
    load_pack(root)
    return root


def make_card(user, qid, *, stability=None, reviewed_days_ago=None, due=NOW):
    last_review = None if reviewed_days_ago is None else NOW - dt.timedelta(days=reviewed_days_ago)
    return ReviewCard.objects.create(
        user=user,
        question=Question.objects.get(qid=qid),
        state=CardState.REVIEW if stability else CardState.LEARNING,
        stability=stability,
        difficulty=5.0 if stability else None,
        last_review=last_review,
        due=due,
    )


def make_review(user, qid, at, *, score=3.0, mode=Mode.TODAY):
    question = Question.objects.get(qid=qid)
    return Review.objects.create(
        user=user,
        card=ReviewCard.objects.filter(user=user, question=question).first(),
        question=question,
        question_qid=qid,
        mode=mode,
        score=score,
        affects_schedule=mode != Mode.CRAM,
        created_at=at,
    )


def utc(*args):
    return dt.datetime(*args, tzinfo=dt.UTC)


# Streaks and activity ------------------------------------------------------------------------


def test_streak_counts_days_in_the_users_time_zone(bank):
    # Given the same answers for a user in Tokyo (UTC+9) and one in UTC
    tokyo = UserFactory(time_zone="Asia/Tokyo")
    london = UserFactory(time_zone="UTC")
    moments = [
        utc(2026, 3, 11, 16, 0),  # 12 Mar 01:00 in Tokyo, 11 Mar in UTC
        utc(2026, 3, 10, 20, 0),  # 11 Mar 05:00 in Tokyo
        utc(2026, 3, 10, 14, 30),  # 10 Mar 23:30 in Tokyo
        utc(2026, 3, 8, 3, 0),
        *[utc(2026, 3, day, 3, 0) for day in range(1, 6)],  # 1-5 Mar: five days in a row
    ]
    for user in (tokyo, london):
        for at in moments:
            make_review(user, "web.http-idempotency", at)

    # When
    in_tokyo = progress_stats(user=tokyo, now=NOW)
    in_utc = progress_stats(user=london, now=NOW)

    # Then Tokyo has answers on 12, 11 and 10 March locally: a three-day streak including today
    assert (in_tokyo.streak_days, in_tokyo.longest_streak) == (3, 5)
    assert (in_tokyo.reviews_today, in_tokyo.reviews_total) == (1, 9)
    # and in UTC the same answers fall on 11 and 10 March: two days, ending yesterday
    assert (in_utc.streak_days, in_utc.longest_streak) == (2, 5)
    assert (in_utc.reviews_today, in_utc.reviews_total) == (0, 9)


@pytest.mark.parametrize(
    ("days_ago", "streak", "longest"),
    [((0,), 1, 1), ((1,), 1, 1), ((2,), 0, 1), ((1, 2, 3), 3, 3), ((0, 2, 3, 4), 1, 3)],
)
def test_streak_ends_today_or_yesterday(bank, days_ago, streak, longest):
    user = UserFactory(time_zone="UTC")
    for n in days_ago:
        make_review(user, "web.http-idempotency", NOW - dt.timedelta(days=n))

    stats = progress_stats(user=user, now=NOW)

    assert (stats.streak_days, stats.longest_streak) == (streak, longest)


def test_activity_covers_365_local_days_ending_today(bank):
    # Given a user in New York, where it is still 11 March
    user = UserFactory(time_zone="America/New_York")
    make_review(user, "web.http-idempotency", utc(2026, 3, 12, 0, 30))  # 11 Mar 20:30 EDT
    make_review(user, "web.http-caching", utc(2026, 3, 11, 5, 0))  # 11 Mar 01:00 EDT
    make_review(user, "web.http-caching", utc(2026, 3, 11, 3, 0))  # 10 Mar 23:00 EDT
    make_review(user, "databases.sql-joins", utc(2025, 3, 12, 17, 0))  # first day of the window
    make_review(user, "databases.sql-joins", utc(2025, 3, 12, 18, 0))
    make_review(user, "databases.sql-joins", utc(2025, 3, 11, 17, 0))  # a day too old

    stats = progress_stats(user=user, now=NOW)

    assert len(stats.activity) == 365
    assert stats.activity[0].day == dt.date(2025, 3, 12)
    assert stats.activity[-1].day == dt.date(2026, 3, 11)
    nonzero = {d.day: d.count for d in stats.activity if d.count}
    assert nonzero == {
        dt.date(2025, 3, 12): 2,
        dt.date(2026, 3, 10): 1,
        dt.date(2026, 3, 11): 2,
    }
    days = [d.day for d in stats.activity]
    assert days == sorted(set(days))
    assert (stats.reviews_today, stats.reviews_total) == (2, 6)


# Due forecast -------------------------------------------------------------------------------


def test_due_forecast_uses_local_days_and_counts_overdue_today(bank):
    user = UserFactory(time_zone="America/New_York")  # now is 11 Mar 21:00 EDT
    make_card(user, "web.http-idempotency", due=NOW - dt.timedelta(days=2))  # overdue
    make_card(user, "web.http-caching", due=utc(2026, 3, 12, 3, 0))  # 11 Mar 23:00: today
    make_card(user, "web.rest-pagination", due=utc(2026, 3, 12, 5, 0))  # 12 Mar 01:00: tomorrow
    make_card(user, "databases.sql-joins", due=utc(2026, 3, 17, 12, 0))  # sixth day ahead
    make_card(user, "databases.sql-window", due=utc(2026, 3, 18, 12, 0))  # beyond the week

    stats = progress_stats(user=user, now=NOW)

    assert stats.due_now == 1
    assert stats.due_next_7_days == [
        DayCount(dt.date(2026, 3, 11), 2),
        DayCount(dt.date(2026, 3, 12), 1),
        DayCount(dt.date(2026, 3, 13), 0),
        DayCount(dt.date(2026, 3, 14), 0),
        DayCount(dt.date(2026, 3, 15), 0),
        DayCount(dt.date(2026, 3, 16), 0),
        DayCount(dt.date(2026, 3, 17), 1),
    ]


# Mastery and readiness ----------------------------------------------------------------------


def build_mastery(user):
    """http: R 0.95, grade 3.5; sql: R 0.9, grade 1.5; rest-api: no recall yet, grade 2.5."""
    # FSRS defines stability as the interval after which recall falls to 90 %.
    make_card(user, "web.http-idempotency", stability=10.0, reviewed_days_ago=10)  # R = 0.9
    make_card(user, "web.http-caching", stability=5.0, reviewed_days_ago=0)  # R = 1.0
    make_card(user, "databases.sql-joins", stability=2.0, reviewed_days_ago=2)  # R = 0.9
    make_card(user, "web.rest-pagination")  # answered, not rated yet: no memory state
    for minutes, score in enumerate([0.0, 5.0, 4.0, 4.0, 2.0, 5.0]):  # last five: mean 4.0
        make_review(
            user, "web.http-idempotency", NOW - dt.timedelta(days=20, minutes=-minutes), score=score
        )
    make_review(user, "web.http-caching", NOW - dt.timedelta(days=1), score=3.0)
    make_review(user, "databases.sql-joins", NOW - dt.timedelta(days=3), score=1.0)
    make_review(user, "databases.sql-joins", NOW - dt.timedelta(days=2), score=2.0)
    make_review(user, "web.rest-pagination", NOW - dt.timedelta(hours=1), score=2.5)


def test_topic_mastery_values_and_weakest_first(bank):
    user = UserFactory()
    build_mastery(user)

    topics = progress_stats(user=user, now=NOW).topics

    assert [t.slug for t in topics] == ["rest-api", "sql", "http"]
    rest, sql, http = topics
    assert (rest.name, rest.area, rest.cards, rest.questions) == ("REST", "Web", 1, 1)
    assert rest.avg_retrievability is None
    assert rest.recent_grade == pytest.approx(2.5)
    assert rest.mastery == pytest.approx(0.5)  # grade only: 2.5 / 5
    assert (sql.area, sql.cards, sql.questions) == ("Databases", 1, 2)
    assert sql.avg_retrievability == pytest.approx(0.9, abs=1e-6)
    assert sql.recent_grade == pytest.approx(1.5)
    assert sql.mastery == pytest.approx(0.6 * 0.9 + 0.4 * 0.3, abs=1e-6)
    assert (http.cards, http.questions) == (2, 2)
    assert http.avg_retrievability == pytest.approx(0.95, abs=1e-6)
    assert http.recent_grade == pytest.approx(3.5)  # (4.0 + 3.0) / 2
    assert http.mastery == pytest.approx(0.6 * 0.95 + 0.4 * 0.7, abs=1e-6)


def test_cram_answers_count_towards_the_recent_grade(bank):
    user = UserFactory()
    make_card(user, "databases.sql-joins", stability=2.0, reviewed_days_ago=2)
    make_review(user, "databases.sql-joins", NOW - dt.timedelta(days=2), score=1.0)
    make_review(user, "databases.sql-window", NOW - dt.timedelta(days=1), score=5.0, mode=Mode.CRAM)

    (sql,) = progress_stats(user=user, now=NOW).topics

    assert sql.recent_grade == pytest.approx(3.0)  # (1.0 + 5.0) / 2 over the two questions
    assert sql.cards == 1


def readiness(stats):
    return [
        (a.slug, round(a.coverage, 3), round(a.mastery, 3), round(a.readiness, 3), a.label)
        for a in stats.areas
    ]


def test_readiness_labels(bank):
    # Given one learner who knows all of databases and a third of web perfectly
    strong = UserFactory()
    for qid in ("databases.sql-joins", "databases.sql-window", "web.http-idempotency"):
        make_card(strong, qid, stability=10.0, reviewed_days_ago=0)
        make_review(strong, qid, NOW - dt.timedelta(hours=1), score=5.0)
    # and one who started web badly and has not touched databases
    weak = UserFactory()
    make_card(weak, "web.rest-pagination", stability=10.0, reviewed_days_ago=10)
    make_review(weak, "web.rest-pagination", NOW - dt.timedelta(days=10), score=0.0)

    # Then readiness = sqrt(coverage) * mastery, labelled at 0.5 and 0.8
    assert readiness(progress_stats(user=strong, now=NOW)) == [
        ("web", 0.333, 1.0, 0.577, "Nearly ready"),
        ("databases", 1.0, 1.0, 1.0, "Interview ready"),
    ]
    assert readiness(progress_stats(user=weak, now=NOW)) == [
        ("web", 0.333, 0.54, 0.312, "Getting there"),
        ("databases", 0.0, 0.0, 0.0, "Not started"),
    ]


def test_private_questions_count_only_for_their_owner(bank):
    from backprep.catalog.models import Topic

    owner = UserFactory()
    other = UserFactory()
    sql = Topic.objects.get(slug="sql", owner__isnull=True)
    Question.objects.create(qid="mine.one", topic=sql, owner=owner, prompt="Mine?")

    assert progress_stats(user=owner, now=NOW).areas[1].coverage == 0.0
    make_card(owner, "databases.sql-joins", stability=1.0, reviewed_days_ago=0)
    make_card(other, "databases.sql-joins", stability=1.0, reviewed_days_ago=0)

    assert progress_stats(user=owner, now=NOW).areas[1].coverage == pytest.approx(1 / 3)
    assert progress_stats(user=other, now=NOW).areas[1].coverage == pytest.approx(1 / 2)


def test_a_new_user_has_empty_stats(bank):
    user = UserFactory(time_zone="Asia/Tokyo")

    stats = progress_stats(user=user, now=NOW)

    assert stats.is_empty
    assert (
        stats.streak_days,
        stats.longest_streak,
        stats.reviews_total,
        stats.reviews_today,
        stats.due_now,
    ) == (0, 0, 0, 0, 0)
    assert len(stats.activity) == 365
    assert stats.activity[-1] == DayCount(dt.date(2026, 3, 12), 0)
    assert {d.count for d in stats.activity} == {0}
    assert [d.count for d in stats.due_next_7_days] == [0] * 7
    assert stats.topics == []
    assert readiness(stats) == [
        ("web", 0.0, 0.0, 0.0, "Not started"),
        ("databases", 0.0, 0.0, 0.0, "Not started"),
    ]


def test_other_users_data_is_not_counted(bank):
    user = UserFactory()
    other = UserFactory()
    build_mastery(other)

    assert progress_stats(user=user, now=NOW).is_empty


# Query budget -------------------------------------------------------------------------------


def test_query_count_does_not_grow_with_history(
    bank, django_assert_max_num_queries, django_assert_num_queries
):
    small = UserFactory()
    make_review(small, "web.http-idempotency", NOW)
    big = UserFactory()
    build_mastery(big)
    make_card(big, "databases.sql-window", stability=3.0, reviewed_days_ago=1)
    for day in range(300):
        make_review(
            big, "databases.sql-window", NOW - dt.timedelta(days=day, hours=3), score=day % 6
        )

    with django_assert_num_queries(6):
        progress_stats(user=small, now=NOW)
    with django_assert_max_num_queries(6):
        stats = progress_stats(user=big, now=NOW)

    # 10 answers from build_mastery (one of them today) and one a day on the 300 days before
    assert stats.reviews_total == 310
    assert (stats.streak_days, stats.longest_streak) == (301, 301)


# Charts -------------------------------------------------------------------------------------


def parse(svg):
    root = ET.fromstring(str(svg))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-label")
    for element in root.iter():
        assert "style" not in element.attrib
        assert not [name for name in element.attrib if name.lower().startswith("on")]
    assert "<script" not in str(svg)
    return root


def titles(root):
    return [t.text for t in root.iter(f"{SVG}title")]


def test_heatmap_is_a_53_week_grid_with_a_title_per_day(bank):
    user = UserFactory(time_zone="UTC")
    make_review(user, "web.http-idempotency", utc(2026, 3, 12, 0, 30))
    make_review(user, "web.http-caching", utc(2026, 3, 12, 0, 40))
    make_review(user, "web.http-caching", utc(2026, 3, 9, 8, 0))
    stats = progress_stats(user=user, now=NOW)

    root = parse(charts.activity_heatmap(stats.activity, streak=stats.streak_days))

    day_titles = titles(root)
    assert len(day_titles) == 365
    assert day_titles[-1] == "2 reviews on 12 Mar 2026"
    assert "1 review on 9 Mar 2026" in day_titles
    assert day_titles[0] == "0 reviews on 13 Mar 2025"
    cells = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    assert len({r.get("x") for r in cells}) == 53
    assert len({r.get("y") for r in cells}) == 7
    assert cells[-1].get("class") == "heat heat-4"
    legend = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is None]
    assert [r.get("class") for r in legend] == [f"heat heat-{n}" for n in range(5)]
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert {"Mon", "Wed", "Fri", "Less", "More", "Apr", "Jan", "Mar"} <= set(labels)
    assert root.get("aria-label") == (
        "Review activity from 13 Mar 2025 to 12 Mar 2026: 3 reviews on 2 days; "
        "busiest day 12 Mar 2026 with 2 reviews; current streak 1 day."
    )


def test_mastery_chart_escapes_names_and_lists_topics(bank):
    topics = [
        TopicMastery("xss", '<script>alert("x")</script> & Q\'s', "Web", 1, 2, None, 1.0, 0.2),
        TopicMastery("sql", "SQL", "Databases", 2, 2, 0.9, 4.0, 0.86),
    ]

    svg = charts.mastery_bars(topics)
    root = parse(svg)

    assert "<script>" not in svg
    assert titles(root) == [
        '<script>alert("x")</script> & Q\'s: 20% mastery, 1 card of 2 questions',
        "SQL: 86% mastery, 2 cards of 2 questions",
    ]
    bars = [r for r in root.iter(f"{SVG}rect") if "bar" in r.get("class", "").split()]
    assert [(r.get("class"), r.get("width")) for r in bars] == [
        ("bar bar-bad", "84"),
        ("bar bar-good", "361.2"),
    ]
    assert root.get("aria-label").startswith("Mastery of 2 topics, weakest first: <script>")


def test_forecast_chart_has_a_bar_per_day(bank):
    days = [
        DayCount(dt.date(2026, 3, 12) + dt.timedelta(days=i), n)
        for i, n in enumerate([4, 0, 2, 0, 0, 1, 0])
    ]

    root = parse(charts.due_forecast(days))

    assert titles(root) == [
        "4 cards due today",
        "0 cards due on Fri 13 Mar 2026",
        "2 cards due on Sat 14 Mar 2026",
        "0 cards due on Sun 15 Mar 2026",
        "0 cards due on Mon 16 Mar 2026",
        "1 card due on Tue 17 Mar 2026",
        "0 cards due on Wed 18 Mar 2026",
    ]
    heights = [r.get("height") for r in root.iter(f"{SVG}rect")]
    assert heights == ["110", "0", "55", "0", "0", "27.5", "0"]
    assert "today 4" in root.get("aria-label")


def test_charts_of_nothing_are_still_valid(bank):
    parse(charts.activity_heatmap([]))
    parse(charts.mastery_bars([]))
    parse(charts.due_forecast([]))


# The page -----------------------------------------------------------------------------------


def test_the_page_shows_the_dashboard(bank, client):
    user = UserFactory()
    now = timezone.now()
    make_card(
        user,
        "databases.sql-joins",
        stability=2.0,
        reviewed_days_ago=0,
        due=now - dt.timedelta(hours=1),
    )
    make_review(user, "databases.sql-joins", now, score=2.0)
    client.force_login(user)

    response = client.get(reverse("practice:progress"))

    assert response.status_code == 200
    html = response.content.decode()
    assert response.templates[0].name == "practice/progress.html"
    assert 'data-testid="streak">1 ' in html
    assert 'data-testid="reviews-today">1<' in html
    assert 'data-testid="due-now">1 ' in html
    assert html.count('role="img"') == 3
    assert 'href="/practice/?mode=topic&amp;topic=sql"' in html
    assert html.count("<meter") == 2
    assert "Getting there" in html and "Not started" in html
    assert "/static/css/charts.css" in html
    assert " style=" not in html


def test_a_new_user_gets_a_friendly_empty_state(bank, client):
    client.force_login(UserFactory())

    response = client.get(reverse("practice:progress"))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="progress-empty"' in html
    assert 'href="/practice/"' in html
    assert 'role="img"' not in html


def test_anonymous_users_are_sent_to_log_in(db, client):
    url = reverse("practice:progress")

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={url}"
