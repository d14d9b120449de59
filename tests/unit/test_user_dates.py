"""Dates as users give them (CLI --since, the API's ?since=: read, or refused with a message naming
it) and as they read them (a timeline's dates in words)."""

import datetime as dt

import pytest

from newsfuse.dates import BadDate, parse_since

TODAY = dt.date(2026, 3, 12)


@pytest.mark.parametrize("given, day", [
    ("2021-07-07", "2021-07-07"), ("2021-07-07T23:10:00Z", "2021-07-07"), ("2021-07-07T10:00:00+02:00", "2021-07-07"),
    ("today", "2026-03-12"), ("Yesterday", "2026-03-11"), ("7d", "2026-03-05"), ("3 days ago", "2026-03-09"),
    (" 2021-07-07 ", "2021-07-07")])
def test_since_dates_read(given, day):
    assert parse_since(given, TODAY) == day


@pytest.mark.parametrize("given", ["2019-13-45", "notadate", "", "2021-07-07x", "last week", "-3d"])
def test_bad_since_dates_are_named(given):
    with pytest.raises(BadDate) as e:
        parse_since(given, TODAY)
    assert repr(given.strip()) in str(e.value) and "YYYY-MM-DD" in str(e.value)


@pytest.mark.parametrize("when, words", [
    ("2021-07-05", "Monday 5 July 2021"), ("2021-06", "June 2021"), ("2019-W46", "the week of 11 November 2019"),
    ("2019", "2019"), ("2021-13", "2021-13"), ("Friday", "Friday")])
def test_timeline_dates_in_a_readers_words(when, words):
    from newsfuse.dates import in_words

    assert in_words(when) == words
