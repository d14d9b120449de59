"""Dates: read a date expression, normalise it, resolve it against a publish date.

"Sept. 11", "September 11" and "11 September" are one date; "on Sunday" and
"last week" are relative and resolve against the article's publish date when
it is known (a weekday means the latest such day on or before publication:
news reports what happened, not what will). Durations ("20 years") are not
points in time and are left out.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {m: i for i, names in enumerate(
    ["jan january", "feb february", "mar march", "apr april", "may", "jun june", "jul july",
     "aug august", "sep sept september", "oct october", "nov november", "dec december"], start=1)
    for m in names.split()}
WEEKDAYS = {d: i for i, d in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sept|sep|oct|nov|dec)[a-z]*\.?"
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+(\d{{4}}))?", re.I)
_MONTH_DAY = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?", re.I)
_MONTH_YEAR = re.compile(rf"\b{_MONTH}\s+(?:of\s+)?(\d{{4}})\b", re.I)
_MONTH_ONLY = re.compile(rf"^(?:early |late |mid-?|in )?{_MONTH}$", re.I)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_WEEKDAY = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)
_RELATIVE = {
    re.compile(r"\byesterday\b", re.I): ("day", -1),
    re.compile(r"\btoday\b|\btonight\b|\bthis (?:morning|afternoon|evening)\b", re.I): ("day", 0),
    re.compile(r"\blast week\b", re.I): ("week", -1),
    re.compile(r"\bthis week\b", re.I): ("week", 0),
    re.compile(r"\blast month\b", re.I): ("month", -1),
    re.compile(r"\bthis month\b", re.I): ("month", 0),
    re.compile(r"\blast year\b", re.I): ("year", -1),
    re.compile(r"\bthis year\b", re.I): ("year", 0),
    re.compile(r"\blast (?:autumn|fall|spring|summer|winter)\b", re.I): ("season", -1),
}
_DURATION = re.compile(r"\b(?:years?|months?|weeks?|days?|decades?|hours?|centur(?:y|ies))\b(?! ago)", re.I)
_AGO = re.compile(r"\b(\w+) (day|week|month|year)s? ago\b", re.I)


@dataclass(frozen=True)
class When:
    """A point in time at day, month or year precision, or a relative one."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None  # 0 = Monday, for "on Sunday"
    relative: tuple[str, int] | None = None  # ("week", -1) for "last week"

    @property
    def absolute(self) -> bool:
        return self.year is not None or (self.month is not None and self.relative is None)

    def iso(self) -> str:
        if self.year is None:
            return ""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def key(self) -> tuple:
        """What two mentions compare on: the same key in the same precision is the same date."""
        return (self.year, self.month, self.day, self.weekday, self.relative)

    def conflicts(self, other: "When") -> bool:
        """Both state the same precision of date and the values differ."""
        pairs = [(self.year, other.year), (self.month, other.month), (self.day, other.day),
                 (self.weekday, other.weekday)]
        compared = [(a, b) for a, b in pairs if a is not None and b is not None]
        return bool(compared) and any(a != b for a, b in compared)


def read_date(text: str) -> When | None:
    """The date an expression names, or None for a duration or something unreadable."""
    t = text.strip()
    if m := _ISO.search(t):
        return When(int(m[1]), int(m[2]), int(m[3]))
    if m := _DAY_MONTH.search(t):
        return When(int(m[3]) if m[3] else None, _month(m[2]), int(m[1]))
    if m := _MONTH_DAY.search(t):
        if int(m[2]) <= 31:
            return When(int(m[3]) if m[3] else None, _month(m[1]), int(m[2]))
    if m := _MONTH_YEAR.search(t):
        return When(int(m[2]), _month(m[1]))
    if _MONTH_ONLY.match(t):
        return When(None, _month(_MONTH_ONLY.match(t)[1]))
    if m := _WEEKDAY.search(t):
        return When(weekday=WEEKDAYS[m[1].lower()])
    for pattern, relative in _RELATIVE.items():
        if pattern.search(t):
            return When(relative=relative)
    if m := _AGO.search(t):
        from newsfuse.numbers import words_to_number

        n = words_to_number(m[1])
        if n is not None:
            return When(relative=(m[2].lower(), -int(n)))
    if (m := _YEAR.search(t)) and not _DURATION.search(t):
        return When(int(m[1]))
    return None


def days_named(text: str) -> int:
    """How many days a text names, as weekdays or days of months ("on Friday", "June 3")."""
    return len(_WEEKDAY.findall(text)) + len(_MONTH_DAY.findall(text)) + len(_DAY_MONTH.findall(text))


def _month(name: str) -> int:
    name = name.lower().rstrip(".")
    return MONTHS.get(name, MONTHS.get(name[:3], 0))


def resolve(when: When, published: dt.date | None, ahead: bool = False) -> tuple[str, bool]:
    """ISO text for a date, resolved against ``published``; (label, False) when it cannot be.
    A weekday is the last one on or before ``published``, or with ``ahead`` (the sentence tells
    what will happen: "rain is forecast until Friday") the next one on or after it."""
    if when.year is not None:
        return when.iso(), True
    if published is None:
        return "", False
    if when.month is not None:  # "September 11" without a year: the nearest such date
        year = published.year
        if when.month - published.month > 6:
            year -= 1
        return When(year, when.month, when.day).iso(), True
    if when.weekday is not None:
        if ahead:
            return (published + dt.timedelta(days=(when.weekday - published.weekday()) % 7)).isoformat(), True
        back = (published.weekday() - when.weekday) % 7
        return (published - dt.timedelta(days=back)).isoformat(), True
    if when.relative is not None:
        unit, n = when.relative
        if unit == "day":
            return (published + dt.timedelta(days=n)).isoformat(), True
        if unit == "week":
            monday = published - dt.timedelta(days=published.weekday()) + dt.timedelta(weeks=n)
            return f"{monday.isocalendar()[0]}-W{monday.isocalendar()[1]:02d}", True
        if unit == "month":
            month = published.month + n
            year = published.year + (month - 1) // 12
            return f"{year:04d}-{(month - 1) % 12 + 1:02d}", True
        if unit == "year":
            return f"{published.year + n:04d}", True
        if unit == "season":
            return f"{published.year - 1 if published.month < 9 else published.year:04d}", True
    return "", False


# a sentence that tells what is to come: its weekday is ahead of the publish date
_AHEAD = re.compile(r"\b(?:will|won't|shall|is expected|are expected|expected to|forecast|scheduled|is due|are due|"
                    r"due to|plans? to|until|next)\b", re.I)


def tells_future(text: str) -> bool:
    """Whether a sentence tells what will happen ("heavy rain is forecast to continue until Friday")."""
    return _AHEAD.search(text) is not None


def parse_published(text: str | None) -> dt.date | None:
    """The article's publish date from ISO or free text ("14 March 2026"), or None."""
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    when = read_date(text)
    if when and when.year and when.month and when.day:
        try:
            return dt.date(when.year, when.month, when.day)
        except ValueError:
            return None
    return None


class BadDate(ValueError):
    """A date a user gave that newsfuse cannot read; the message names it and says what is read."""


_DAYS_AGO = re.compile(r"^(\d{1,5})\s*(?:d|days?)(?:\s+ago)?$", re.I)


def parse_since(text: str, today: dt.date | None = None) -> str:
    """A user's "since" date as the ISO day it starts (``YYYY-MM-DD``): an ISO date or date
    and time (``2021-07-07``, ``2021-07-07T10:00:00Z``), ``today``, ``yesterday``, or a number
    of days ago (``7d``, ``7 days``). Anything else raises :class:`BadDate`."""
    given = (text or "").strip()
    today = today or dt.datetime.now(dt.timezone.utc).date()
    low = given.lower()
    if low == "today":
        return today.isoformat()
    if low == "yesterday":
        return (today - dt.timedelta(days=1)).isoformat()
    ago = _DAYS_AGO.match(low)
    if ago:
        return (today - dt.timedelta(days=int(ago.group(1)))).isoformat()
    try:
        return dt.date.fromisoformat(given[:10]).isoformat() if len(given) == 10 else \
            dt.datetime.fromisoformat(given.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        raise BadDate(f"{given!r} is not a date: give YYYY-MM-DD (or an ISO date and time), today, yesterday "
                      "or a number of days ago such as 7d") from None


_MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December"]


def in_words(when: str) -> str:
    """A resolved date as a reader says it: "2021-07-05" "Monday 5 July 2021", "2021-06"
    "June 2021", "2021-W26" "the week of 28 June 2021", a year as it is; anything else as
    given."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", when):
            day = dt.date.fromisoformat(when)
            return f"{day:%A} {day.day} {_MONTH_NAMES[day.month - 1]} {day.year}"
        if re.fullmatch(r"\d{4}-\d{2}", when):
            return f"{_MONTH_NAMES[int(when[5:]) - 1]} {when[:4]}"
        week = re.fullmatch(r"(\d{4})-W(\d{2})", when)
        if week:
            monday = dt.date.fromisocalendar(int(week[1]), int(week[2]), 1)
            return f"the week of {monday.day} {_MONTH_NAMES[monday.month - 1]} {monday.year}"
    except (ValueError, IndexError):
        pass
    return when
