"""Entity, mention and correction tables as the dashboard and the CLI show them: filtered, with
context, in words and names (never offsets or internal keys)."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, TextIO

from nerpipe.graph.chart import LinkChart
from nerpipe.graph.cooccur import MARK_CLOSE, MARK_OPEN, marked_snippet
from nerpipe.graph.entities import Merge, mention_key, normalise_name, shown_text
from nerpipe.graph.export import ALIAS_SEPARATOR, safe_cell
from nerpipe.identifiers import CARD
from nerpipe.types import Mention


def entity_table(
    chart: LinkChart, *, labels: Iterable[str] | None = None, search: str = "", min_mentions: int = 1
) -> list[dict[str, Any]]:
    """Entities of the chart's graph with these labels, at least `min_mentions` mentions and
    `search` in the name or an alias (case-insensitive), most connected first. Degree and
    community only: betweenness and PageRank (slow on big cases) are in the CSV export."""
    wanted = set(labels) if labels is not None else None
    needle = normalise_name(search) if search.strip() else ""
    degree, weighted = chart.scores.degree, chart.scores.weighted_degree
    rows = []
    for node, data in chart.graph.nodes(data=True):
        if wanted is not None and data["label"] not in wanted:
            continue
        if data["mentions"] < min_mentions:
            continue
        if needle and not any(needle in normalise_name(alias) for alias in data["aliases"]):
            continue
        rows.append(
            {
                "id": node,
                "name": data["name"],
                "label": data["label"],
                "aliases": ALIAS_SEPARATOR.join(data["aliases"]),
                "mentions": data["mentions"],
                "documents": data["documents"],
                "degree": degree.get(node, 0),
                "weighted_degree": weighted.get(node, 0.0),
                "community": chart.community.get(node),
            }
        )
    return sorted(rows, key=lambda r: (-r["weighted_degree"], -r["mentions"], r["id"]))


def mentions_in_context(
    chart: LinkChart, entity: str, texts: Mapping[str, str], filenames: Mapping[str, str]
) -> list[dict[str, Any]]:
    """Each mention of an entity with its sentence (the name marked «like this»), document and page."""
    return context_rows(chart.index.mentions_of(entity), texts, filenames)


def context_rows(
    mentions: Iterable[Mention], texts: Mapping[str, str], filenames: Mapping[str, str]
) -> list[dict[str, Any]]:
    """Each mention with its sentence (the name marked «like this»), document and page (the store
    gives one entity's mentions: Store.entity_mentions)."""
    rows = []
    for mention in mentions:
        text = texts.get(mention.doc, "")
        start, end = (
            (mention.sentence_start, mention.sentence_end)
            if mention.sentence_end > mention.sentence_start
            else (max(mention.start - 120, 0), mention.end + 120)
        )
        rows.append(
            {
                "document": filenames.get(mention.doc, mention.doc),
                "page": mention.page,
                "text": shown_text(mention) if mention.label == CARD else mention.text,
                "label": mention.label,
                "source": mention.source,
                "confidence": mention.confidence,
                "sentence": marked_snippet(text, start, min(end, len(text)), [(mention.start, mention.end)]),
                "doc": mention.doc,
                "start": mention.start,
                "end": mention.end,
            }
        )
    return rows


def around_mark(snippet: str, width: int = 110) -> str:
    """At most `width` characters of a marked snippet, centred on its first «name», so that a
    picker cut to one line still shows the mention it offers."""
    if len(snippet) <= width:
        return snippet
    opened = snippet.find(MARK_OPEN)
    closed = snippet.find(MARK_CLOSE, opened) + 1 if opened >= 0 else 0
    if opened < 0 or closed - opened >= width:
        return snippet[:width] + "…"
    start = max(0, min(opened - (width - (closed - opened)) // 2, len(snippet) - width))
    end = start + width
    return ("…" if start else "") + snippet[start:end] + ("…" if end < len(snippet) else "")


def correction_rows(
    decisions: Iterable[Mapping[str, Any]], texts: Mapping[str, str], filenames: Mapping[str, str]
) -> list[dict[str, Any]]:
    """Each analyst decision (as Store.list_decisions gives it) with the words it is about, the
    document's name and what was decided."""
    rows = []
    for decision in decisions:
        sha256, start, end = decision["sha256"], decision["start"], decision["end"]
        words = " ".join(texts.get(sha256, "")[start:end].split())
        rows.append(
            {
                "id": decision["id"],
                "words": words or f"characters {start}–{end} (no longer in the text)",
                "document": filenames.get(sha256, sha256[:12]),
                "what": _decided(decision["action"], decision["label"]),
                "sha256": sha256,
                "start": start,
                "end": end,
            }
        )
    return rows


def _decided(action: str, label: str | None) -> str:
    if action == "reject":
        return "rejected: not an entity"
    return f"added as {label} (missed by the pipeline)" if action == "add" else f"relabelled {label}"


def merge_rows(chart: LinkChart, merges: Iterable[Merge]) -> list[dict[str, Any]]:
    """Each merged entity by name and label, with the name and label it was merged into."""
    merges = list(merges)
    keys = {key for merge in merges for key in (merge.into, *merge.members)}
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for mention in chart.index.mentions:
        key = mention_key(mention)
        if key in keys:
            forms[key][shown_text(mention)] += 1
    names = {key: entity.name for key, entity in chart.index.entities.items() if key in keys}
    return named_merge_rows(merges, names, forms)


def named_merge_rows(
    merges: Iterable[Merge], names: Mapping[str, str], forms: Mapping[str, Counter[str]]
) -> list[dict[str, Any]]:
    """merge_rows from the entities' names (id -> name, for today's entities) and, for ids merged
    away, the words of the mentions that gave them (Store.key_forms)."""
    pairs = [(member, merge.into) for merge in merges for member in merge.members]
    names = _names_before_merges(names, forms, {key for pair in pairs for key in pair})
    return [
        {"member": member, "member_name": names[member], "into": into, "into_name": names[into]}
        for member, into in pairs
    ]


def _names_before_merges(
    entities: Mapping[str, str], forms: Mapping[str, Counter[str]], keys: set[str]
) -> dict[str, str]:
    """ "Name (LABEL)" for entity ids, merged away or not: the most frequent surface form of the
    mentions that had the id before the merge, else the id's own name."""
    names = {}
    for key in keys:
        label, _, name = key.partition(":")
        if key in entities:
            name = entities[key]
        elif forms.get(key):
            name = sorted(forms[key].items(), key=lambda item: (-item[1], item[0]))[0][0]
        names[key] = f"{name} ({label})"
    return names


#: The entity table's columns that come from the mentions alone (the rest measure the links).
STORED_ENTITY_COLUMNS = ("id", "name", "label", "aliases", "mentions", "documents")


def stored_entity_rows(entities: Iterable[Any]) -> Iterator[dict[str, Any]]:
    """Rows of STORED_ENTITY_COLUMNS from the store's entity rows (store.entity_table.EntityRow)."""
    for entity in entities:
        yield {
            "id": entity.id,
            "name": entity.name,
            "label": entity.label,
            "aliases": ALIAS_SEPARATOR.join(entity.aliases),
            "mentions": entity.mentions,
            "documents": entity.documents,
        }


def write_stored_entities_csv(entities: Iterable[Any], out: TextIO) -> int:
    """The entity CSV without link measures, written row by row (Excel-safe, as every export)."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(STORED_ENTITY_COLUMNS)
    count = 0
    for row in stored_entity_rows(entities):
        writer.writerow([safe_cell(row[column]) for column in STORED_ENTITY_COLUMNS])
        count += 1
    return count
