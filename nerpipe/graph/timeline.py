"""The timeline: a case's documents and dated mentions in time order, each with the entities of its
sentence, so an analyst can see when A and B appear together and open the evidence.

A DATE mention is placed by nerpipe.dates (relative ones against its document's date); a mention
of any other entity is dated by the first dated DATE in its sentence, else by its document's date.
That is what the date-range filter of the entity table and the link chart uses: a link is kept when
the evidence that makes it falls in the range.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from nerpipe.dates import DateRange, resolve_dates
from nerpipe.graph.cooccur import marked_snippet
from nerpipe.graph.entities import EntityIndex, shown_text
from nerpipe.labels import CONTEXT_LABELS
from nerpipe.types import Mention

DOCUMENT, MENTION = "document", "mention"
TIMELINE_COLUMNS = (
    "date",
    "date_end",
    "entity",
    "label",
    "document",
    "page",
    "sentence",
    "date_as_written",
    "date_from",
)
#: What a dated mention's date is read from (a document's own date says where it was read).
FROM_THE_TEXT = "the text"
#: Dates this far from the median of a case's dates (in median distances from it, at least
#: OUTLIER_MIN_DAYS) are outliers: a date of birth decades before the events would squeeze them
#: into one column; events a few years apart are the case.
OUTLIER_SPANS, OUTLIER_MIN_DAYS = 5, 730


@dataclass(frozen=True, slots=True)
class DatedDocument:
    sha256: str
    filename: str
    date: date | None
    #: Where the date was read (nerpipe.dates.FROM_*); "" when there is none.
    source: str = ""


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    """One point on the timeline: a dated mention (kind "mention") or a document's own date."""

    when: DateRange
    kind: str
    doc: str
    filename: str
    page: int | None
    #: The date as written ("two days later"), or "document date".
    written: str
    #: The sentence, the date marked «like this»; the document's first line for a document.
    sentence: str
    start: int
    end: int
    #: Entity ids in the sentence (the linked labels; none for a document event).
    entities: tuple[str, ...]
    #: Where the date was read: FROM_THE_TEXT, or for a document where its own date was read
    #: (the file's creation date in its metadata, when its text and header have none).
    dated_by: str = FROM_THE_TEXT


def mention_dates(mentions: Sequence[Mention], documents: Mapping[str, DatedDocument]) -> list[DateRange | None]:
    """For each mention, when its evidence is dated: the first DATE of its sentence that resolves,
    else its document's date, else None (see below for a coarse date that holds the document's)."""
    by_sentence = _sentence_dates(mentions, documents)
    out: list[DateRange | None] = []
    for mention in mentions:
        found = by_sentence.get((mention.doc, mention.sentence))
        own = documents.get(mention.doc)
        day = own.date if own is not None else None
        # No date in the sentence, or a coarser one that holds the document's own day ("2026" in an
        # e-mail of April 23, 2026): the document's day is the better guess.
        if day is not None and (found is None or (found.start < found.end and found.start <= day <= found.end)):
            found = DateRange.day(day)
        out.append(found)
    return out


def date_of_each(mentions: Sequence[Mention], documents: Mapping[str, DatedDocument]) -> dict[int, DateRange]:
    """Position in `mentions` → the date of each DATE mention that resolves (nerpipe.dates.resolve_dates,
    per document in text order)."""
    by_document: dict[str, list[int]] = defaultdict(list)
    for position, mention in enumerate(mentions):
        if mention.label == "DATE":
            by_document[mention.doc].append(position)
    dated: dict[int, DateRange] = {}
    for doc, positions in by_document.items():
        positions.sort(key=lambda p: mentions[p].start)
        own = documents.get(doc)
        resolved = resolve_dates((mentions[p].text for p in positions), own.date if own is not None else None)
        dated.update({p: when for p, when in zip(positions, resolved, strict=True) if when is not None})
    return dated


def _sentence_dates(
    mentions: Sequence[Mention], documents: Mapping[str, DatedDocument]
) -> dict[tuple[str, int], DateRange]:
    dated: dict[tuple[str, int], DateRange] = {}
    for position, when in sorted(date_of_each(mentions, documents).items(), key=lambda item: mentions[item[0]].start):
        dated.setdefault((mentions[position].doc, mentions[position].sentence), when)
    return dated


def in_range(
    mentions: Sequence[Mention], dates: Sequence[DateRange | None], start: date | None, end: date | None
) -> list[Mention]:
    """The mentions whose date overlaps [start, end]; undated ones are left out when a bound is set."""
    if start is None and end is None:
        return list(mentions)
    return [m for m, when in zip(mentions, dates, strict=True) if when is not None and when.overlaps(start, end)]


def timeline_events(
    index: EntityIndex, texts: Mapping[str, str], documents: Mapping[str, DatedDocument]
) -> list[TimelineEvent]:
    """Every dated DATE mention and every dated document, in time order."""
    linked: dict[tuple[str, int], list[str]] = defaultdict(list)
    for mention, entity in zip(index.mentions, index.mention_entity, strict=True):
        label = index.entities[entity].label
        key = (mention.doc, mention.sentence)
        if label not in CONTEXT_LABELS and entity not in linked[key]:
            linked[key].append(entity)
    events = []
    for position, when in date_of_each(index.mentions, documents).items():
        mention = index.mentions[position]
        own = documents.get(mention.doc)
        text = texts.get(mention.doc, "")
        start, end = (
            (mention.sentence_start, mention.sentence_end)
            if mention.sentence_end > mention.sentence_start
            else (max(mention.start - 120, 0), mention.end + 120)
        )
        events.append(
            TimelineEvent(
                when=when,
                kind=MENTION,
                doc=mention.doc,
                filename=own.filename if own is not None else mention.doc,
                page=mention.page,
                written=shown_text(mention),
                sentence=marked_snippet(text, start, min(end, len(text)), [(mention.start, mention.end)]),
                start=mention.start,
                end=mention.end,
                entities=tuple(linked.get((mention.doc, mention.sentence), ())),
            )
        )
    for document in documents.values():
        if document.date is None:
            continue
        first_line = next((line.strip() for line in texts.get(document.sha256, "").splitlines() if line.strip()), "")
        events.append(
            TimelineEvent(
                DateRange.day(document.date),
                DOCUMENT,
                document.sha256,
                document.filename,
                None,
                "document date",
                marked_snippet(first_line[:200], 0, min(len(first_line), 200), []),
                0,
                0,
                (),
                document.source,
            )
        )
    return sorted(events, key=lambda e: (e.when.start, e.when.end, e.kind != DOCUMENT, e.filename, e.start))


def filter_events(
    events: Iterable[TimelineEvent],
    index: EntityIndex,
    *,
    entities: Collection[str] = (),
    labels: Collection[str] | None = None,
    start: date | None = None,
    end: date | None = None,
) -> list[TimelineEvent]:
    """Events in [start, end] whose sentence holds every one of `entities` (A and B together) and,
    when `labels` is given, an entity of one of them. Document events only show unfiltered by
    entity or label."""
    wanted = set(entities)
    kept = []
    for event in events:
        if not event.when.overlaps(start, end):
            continue
        if event.kind == DOCUMENT:
            if not wanted and labels is None:
                kept.append(event)
            continue
        if wanted and not wanted <= set(event.entities):
            continue
        if labels is not None and not {index.entities[e].label for e in event.entities} & set(labels):
            continue
        kept.append(event)
    return kept


def main_period(events: Sequence[TimelineEvent]) -> tuple[date, date] | None:
    """The span that holds the bulk of the events' dates, or None when no date lies far outside it.
    Far is more than OUTLIER_SPANS times the dates' median distance from their median (at least
    OUTLIER_MIN_DAYS) from that median: dates of birth in a case about last month. The median
    holds however many such dates there are, up to half."""
    if len(events) < 3:
        return None
    days = sorted(event.when.start.toordinal() for event in events)
    middle = days[len(days) // 2]
    spread = sorted(abs(day - middle) for day in days)[len(days) // 2]
    reach = OUTLIER_SPANS * max(spread, OUTLIER_MIN_DAYS)
    inside = [day for day in days if abs(day - middle) <= reach]
    if len(inside) == len(days):
        return None
    return date.fromordinal(inside[0]), max(e.when.end for e in events if e.when.start.toordinal() <= inside[-1])


def timeline_rows(events: Iterable[TimelineEvent], index: EntityIndex) -> list[dict[str, object]]:
    """One row per event and entity of its sentence (one row with no entity when it has none): the
    CSV export."""
    rows = []
    for event in events:
        for entity in event.entities or (None,):
            known = index.entities.get(entity) if entity else None
            rows.append(
                {
                    "date": event.when.start.isoformat(),
                    "date_end": event.when.end.isoformat(),
                    "entity": known.name if known else "",
                    "label": known.label if known else "",
                    "document": event.filename,
                    "page": event.page,
                    "sentence": event.sentence,
                    "date_as_written": event.written,
                    "date_from": event.dated_by,
                }
            )
    return rows
