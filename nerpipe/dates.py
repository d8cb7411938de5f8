"""Dates as written in case files, to a day or a range of days, for the timeline.

A parser of our own, not a general one: it reads the forms case documents use ("March 14, 2026",
"14 March 2026", "3/14/2026", "2019-03-14", "March 2026", "2019", "the 1990s") and the relative ones
("yesterday", "last Tuesday", "two days later", "the following day", "last week"), which need the
document's own date: the e-mail's Date header, a date in the first lines, else the file's metadata.
What it cannot read with confidence it leaves alone (None): a wrong date on a timeline is worse
than a missing one.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): number for number, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}
WEEKDAYS.update({name.lower()[:3]: number for number, name in enumerate(calendar.day_name)})
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
    "several": None, "few": None, "couple": 2,
}  # fmt: skip
#: Years outside this span are taken to be something else (a case number, an amount).
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100
#: How many characters of a document's start are read for its own date.
HEAD_CHARS = 600


@dataclass(frozen=True, slots=True, order=True)
class DateRange:
    """From `start` to `end`, both included: one day, a month, a year..."""

    start: date
    end: date

    @classmethod
    def day(cls, value: date) -> DateRange:
        return cls(value, value)

    def overlaps(self, start: date | None, end: date | None) -> bool:
        return (start is None or self.end >= start) and (end is None or self.start <= end)

    def __str__(self) -> str:
        if self.start == self.end:
            return self.start.isoformat()
        if self.start.day == 1 and self.end == _month_end(self.start.year, self.start.month):
            return self.start.strftime("%Y-%m")
        if (self.start.month, self.start.day, self.end.month, self.end.day) == (1, 1, 12, 31):
            return str(self.start.year) if self.start.year == self.end.year else f"{self.start.year}–{self.end.year}"
        return f"{self.start.isoformat()} – {self.end.isoformat()}"


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _day(year: int, month: int, day: int) -> date | None:
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _year(raw: str) -> int:
    value = int(raw)
    if len(raw) == 2:
        return 2000 + value if value < 50 else 1900 + value
    return value


_ORDINAL = r"(\d{1,2})(?:st|nd|rd|th)?"
_MONTH = r"(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\.?,?\s+)?"
_YEAR = r"(\d{4}|'\d{2})"
_ABSOLUTE = [
    # 2019-03-14, 2019/03/14, 2019.03.14
    ("ymd", re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")),
    # 3/14/2026, 03-14-26 (month first, as US documents write; day first when the first part is over 12)
    ("mdy", re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})$")),
    # Tuesday, March 14, 2026 / March 14th 2026 / Mar. 14, '26
    ("month_day_year", re.compile(rf"^{_WEEKDAY}{_MONTH}\s+{_ORDINAL},?\s+{_YEAR}$")),
    # 14 March 2026 / 14th of March, 2026
    ("day_month_year", re.compile(rf"^{_WEEKDAY}(?:the\s+)?{_ORDINAL}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}$")),
    # March 2026 / March of 2026
    ("month_year", re.compile(rf"^(?:early\s+|mid-?\s*|late\s+)?{_MONTH},?\s+(?:of\s+)?{_YEAR}$")),
    # 2019, in 2019, the year 2019
    ("year", re.compile(r"^(?:the\s+year\s+)?(\d{4})$")),
    # the 1990s, the '90s
    ("decade", re.compile(r"^(?:the\s+)?(\d{3})0'?s$")),
    # 1999-2004, 1999 to 2004, between 1999 and 2004
    ("years", re.compile(r"^(?:between\s+|from\s+)?(\d{4})\s*(?:-|–|to|and|through)\s*(\d{4})$")),
]
_NEEDS_YEAR = [
    ("month_day", re.compile(rf"^{_WEEKDAY}{_MONTH}\s+{_ORDINAL}$")),
    ("day_month", re.compile(rf"^{_WEEKDAY}(?:the\s+)?{_ORDINAL}\s+(?:of\s+)?{_MONTH}$")),
    ("month", re.compile(rf"^(?:early\s+|mid-?\s*|late\s+)?{_MONTH}$")),
]
_UNITS = {"day": 1, "week": 7, "month": 30, "year": 365, "fortnight": 14}
_SHIFT = re.compile(
    r"^(?:about\s+|some\s+|roughly\s+)?(\d+|" + "|".join(NUMBER_WORDS) + r")\s+(day|week|month|year|fortnight)s?"
    r"\s+(ago|earlier|before|prior|later|after|afterwards|on|from\s+now)$"
)
_SIMPLE_RELATIVE = {
    "today": 0, "this morning": 0, "this afternoon": 0, "this evening": 0, "tonight": 0, "earlier today": 0,
    "yesterday": -1, "last night": -1, "yesterday morning": -1, "yesterday afternoon": -1, "yesterday evening": -1,
    "tomorrow": 1, "tomorrow morning": 1, "tomorrow night": 1,
    "the day before": -1, "the previous day": -1, "the day prior": -1, "the night before": -1,
    "the next day": 1, "the following day": 1, "the day after": 1, "the next morning": 1, "the following morning": 1,
    "the day before yesterday": -2, "the day after tomorrow": 2,
}  # fmt: skip
_RELATIVE_WEEKDAY = re.compile(r"^(last|this|next|on|this\s+past|this\s+coming|past)?\s*(" + "|".join(WEEKDAYS) + r")$")
_RELATIVE_PERIOD = re.compile(
    r"^(last|this|next|the\s+previous|the\s+following|the\s+past)\s+(week|weekend|month|year)$"
)


#: Relative forms that count from the last date the text gave ("On March 3 ... two days later"),
#: not from the day the document was written; "ago", "yesterday", "last Tuesday" count from the latter.
_FROM_PREVIOUS = re.compile(
    r"\b(?:later|after|afterwards|earlier|before|prior)$|^the (?:next|following|previous) (?:day|morning)$"
)


def resolve_dates(texts: Iterable[str], reference: date | None) -> list[DateRange | None]:
    """The DATE mentions of one document, in text order: "two days later" counts from the day the
    text last named, the rest from the document's date (`reference`)."""
    resolved: list[DateRange | None] = []
    previous: date | None = None
    for text in texts:
        cleaned = _clean(text)
        anchor = previous if previous is not None and _FROM_PREVIOUS.search(cleaned) else reference
        found = parse_date(text, anchor)
        if found is not None and found.start == found.end:
            previous = found.start
        resolved.append(found)
    return resolved


def _clean(text: str) -> str:
    cleaned = " ".join(text.replace("’", "'").replace("‘", "'").split()).strip(" .,;:()").lower()
    return re.sub(r"^(?:on|in|since|during|by|around|about|of|dated)\s+", "", cleaned)


def parse_date(text: str, reference: date | None = None) -> DateRange | None:
    """The day or range a DATE mention means; relative forms need `reference` (the document's date,
    or for "two days later" the date before it: see resolve_dates).

    >>> str(parse_date("March 14, 2026")), str(parse_date("two days later", date(2026, 3, 14)))
    ('2026-03-14', '2026-03-16')
    """
    cleaned = _clean(text)
    if not cleaned or len(cleaned) > 60:
        return None
    for kind, pattern in _ABSOLUTE:
        match = pattern.match(cleaned)
        if match:
            return _absolute(kind, match.groups())
    if reference is None:
        return None
    for kind, pattern in _NEEDS_YEAR:
        match = pattern.match(cleaned)
        if match:
            return _with_reference_year(kind, match.groups(), reference)
    return _relative(cleaned, reference)


def _absolute(kind: str, parts: tuple[str, ...]) -> DateRange | None:
    if kind == "ymd":
        day = _day(int(parts[0]), int(parts[1]), int(parts[2]))
    elif kind == "mdy":
        first, second, year = int(parts[0]), int(parts[1]), _year(parts[2])
        month, day_number = (second, first) if first > 12 else (first, second)
        day = _day(year, month, day_number)
    elif kind == "month_day_year":
        day = _day(_year(parts[2].lstrip("'")), MONTHS[parts[0]], int(parts[1]))
    elif kind == "day_month_year":
        day = _day(_year(parts[2].lstrip("'")), MONTHS[parts[1]], int(parts[0]))
    elif kind == "month_year":
        year, month = _year(parts[1].lstrip("'")), MONTHS[parts[0]]
        if not EARLIEST_YEAR <= year <= LATEST_YEAR:
            return None
        return DateRange(date(year, month, 1), _month_end(year, month))
    elif kind == "year":
        year = int(parts[0])
        return DateRange(date(year, 1, 1), date(year, 12, 31)) if EARLIEST_YEAR <= year <= LATEST_YEAR else None
    elif kind == "decade":
        year = int(parts[0]) * 10
        return DateRange(date(year, 1, 1), date(year + 9, 12, 31)) if EARLIEST_YEAR <= year <= LATEST_YEAR else None
    else:  # years
        first, last = int(parts[0]), int(parts[1])
        if not EARLIEST_YEAR <= first <= last <= LATEST_YEAR:
            return None
        return DateRange(date(first, 1, 1), date(last, 12, 31))
    return DateRange.day(day) if day else None


def _with_reference_year(kind: str, parts: tuple[str, ...], reference: date) -> DateRange | None:
    """ "March 14" in a document of 2026 is March 14, 2026."""
    year = reference.year
    if kind == "month":
        month = MONTHS[parts[0]]
        return DateRange(date(year, month, 1), _month_end(year, month))
    month, day_number = (MONTHS[parts[0]], int(parts[1])) if kind == "month_day" else (MONTHS[parts[1]], int(parts[0]))
    day = _day(year, month, day_number)
    return DateRange.day(day) if day else None


def _relative(cleaned: str, reference: date) -> DateRange | None:
    if cleaned in _SIMPLE_RELATIVE:
        return DateRange.day(reference + timedelta(days=_SIMPLE_RELATIVE[cleaned]))
    match = _SHIFT.match(cleaned)
    if match:
        amount = NUMBER_WORDS.get(match.group(1)) if not match.group(1).isdigit() else int(match.group(1))
        if amount is None:
            return None
        sign = -1 if match.group(3) in ("ago", "earlier", "before", "prior") else 1
        return _shifted(reference, amount * sign, match.group(2))
    match = _RELATIVE_WEEKDAY.match(cleaned)
    if match:
        return DateRange.day(_weekday(reference, WEEKDAYS[match.group(2)], (match.group(1) or "").split()))
    match = _RELATIVE_PERIOD.match(cleaned)
    if match:
        return _period(reference, match.group(1).split()[-1], match.group(2))
    return None


def _shifted(reference: date, amount: int, unit: str) -> DateRange:
    if unit == "month":
        month_index = reference.year * 12 + reference.month - 1 + amount
        year, month = divmod(month_index, 12)
        return DateRange.day(date(year, month + 1, min(reference.day, calendar.monthrange(year, month + 1)[1])))
    if unit == "year":
        year = reference.year + amount
        return DateRange.day(
            date(year, reference.month, min(reference.day, calendar.monthrange(year, reference.month)[1]))
        )
    return DateRange.day(reference + timedelta(days=amount * _UNITS[unit]))


def _weekday(reference: date, weekday: int, words: list[str]) -> date:
    """ "last Tuesday" and a bare "Tuesday": the latest Tuesday before the reference day; "next
    Tuesday": the first after it; "this Tuesday": the one in the reference day's week."""
    if (words and words[0] == "next") or words[-1:] == ["coming"]:
        return reference + timedelta(days=(weekday - reference.weekday() - 1) % 7 + 1)
    if words == ["this"]:
        return reference + timedelta(days=weekday - reference.weekday())
    return reference - timedelta(days=(reference.weekday() - weekday - 1) % 7 + 1)


def _period(reference: date, which: str, unit: str) -> DateRange:
    step = {"last": -1, "previous": -1, "past": -1, "this": 0, "next": 1, "following": 1}[which]
    if unit in ("week", "weekend"):
        monday = reference - timedelta(days=reference.weekday()) + timedelta(weeks=step)
        if unit == "weekend":
            return DateRange(monday + timedelta(days=5), monday + timedelta(days=6))
        return DateRange(monday, monday + timedelta(days=6))
    if unit == "month":
        month_index = reference.year * 12 + reference.month - 1 + step
        year, month = divmod(month_index, 12)
        return DateRange(date(year, month + 1, 1), _month_end(year, month + 1))
    year = reference.year + step
    return DateRange(date(year, 1, 1), date(year, 12, 31))


_HEAD_DATES = [
    re.compile(rf"\b{_MONTH}\s+{_ORDINAL},?\s+(\d{{4}})\b", re.IGNORECASE),
    re.compile(rf"\b{_ORDINAL}\s+(?:of\s+)?{_MONTH},?\s+(\d{{4}})\b", re.IGNORECASE),
    re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"),
    re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b"),
]
_PDF_DATE = re.compile(r"^D?:?(\d{4})(\d{2})(\d{2})")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


#: Where a document's own date was read, said beside it: a file's metadata date is when the file
#: was made or saved (often a scan or a conversion), not when the document was written.
FROM_HEADER = "the e-mail's Date header"
FROM_TEXT = "a date in its first lines"
FROM_METADATA = {"created": "the file's creation date (metadata)", "modified": "the file's last-saved date (metadata)"}


@dataclass(frozen=True, slots=True)
class DocumentDate:
    day: date
    #: FROM_HEADER, FROM_TEXT or one of FROM_METADATA's values.
    source: str

    @property
    def from_metadata(self) -> bool:
        return self.source in FROM_METADATA.values()


def document_date(metadata: Mapping[str, Any], text: str) -> date | None:
    """The date a document was written (dated_document's day)."""
    found = dated_document(metadata, text)
    return found.day if found is not None else None


def dated_document(metadata: Mapping[str, Any], text: str) -> DocumentDate | None:
    """The date a document was written, for its relative dates and its place on the timeline, and
    where it was read: the e-mail's Date header; else the first full date in its first lines (a
    report's own date; a file's metadata often holds when it was scanned or converted); else its
    creation (or last-saved) metadata."""
    header = metadata.get("date")
    if isinstance(header, str) and header.strip():
        when = _header_date(header)
        if when is not None:
            return DocumentDate(when, FROM_HEADER)
    head = text[:HEAD_CHARS]
    earliest = None
    for pattern in _HEAD_DATES:
        match = pattern.search(head)
        if match:
            found = parse_date(match.group())
            if found is not None and found.start == found.end and (earliest is None or match.start() < earliest[0]):
                earliest = (match.start(), found.start)
    if earliest is not None:
        return DocumentDate(earliest[1], FROM_TEXT)
    for key, source in FROM_METADATA.items():
        value = metadata.get(key)
        if isinstance(value, str):
            match = _PDF_DATE.match(value.strip()) or _ISO_DATE.match(value.strip())
            if match:
                day = _day(int(match.group(1)), int(match.group(2)), int(match.group(3)))
                if day is not None:
                    return DocumentDate(day, source)
    return None


def _header_date(header: str) -> date | None:
    try:
        return parsedate_to_datetime(header).date()
    except (TypeError, ValueError, IndexError):
        match = _ISO_DATE.match(header.strip())
        return _day(int(match.group(1)), int(match.group(2)), int(match.group(3))) if match else None


def parse_day(text: str) -> date | None:
    """A day typed by a user (a filter bound): YYYY-MM-DD or any full date parse_date reads."""
    found = parse_date(text)
    return found.start if found is not None and found.start == found.end else None
