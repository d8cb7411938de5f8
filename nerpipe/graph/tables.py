"""Entity, mention and correction tables as the dashboard and the CLI show them: filtered, with
context, in words and names (never offsets or internal keys)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from nerpipe.graph.chart import LinkChart
from nerpipe.graph.cooccur import MARK_CLOSE, MARK_OPEN, marked_snippet
from nerpipe.graph.entities import Merge, mention_key, normalise_name, shown_text
from nerpipe.graph.export import ALIAS_SEPARATOR
from nerpipe.identifiers import CARD


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
    rows = []
    for mention in chart.index.mentions_of(entity):
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
                "what": "rejected: not an entity"
                if decision["action"] == "reject"
                else f"relabelled {decision['label']}",
                "sha256": sha256,
                "start": start,
                "end": end,
            }
        )
    return rows


def merge_rows(chart: LinkChart, merges: Iterable[Merge]) -> list[dict[str, Any]]:
    """Each merged entity by name and label, with the name and label it was merged into."""
    pairs = [(member, merge.into) for merge in merges for member in merge.members]
    names = _names_before_merges(chart, {key for pair in pairs for key in pair})
    return [
        {"member": member, "member_name": names[member], "into": into, "into_name": names[into]}
        for member, into in pairs
    ]


def _names_before_merges(chart: LinkChart, keys: set[str]) -> dict[str, str]:
    """ "Name (LABEL)" for entity ids, merged away or not: the most frequent surface form of the
    mentions that had the id before the merge, else the id's own name."""
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for mention in chart.index.mentions:
        key = mention_key(mention)
        if key in keys:
            forms[key][shown_text(mention)] += 1
    names = {}
    for key in keys:
        label, _, name = key.partition(":")
        entity = chart.index.entities.get(key)
        if entity is not None:
            name = entity.name
        elif forms[key]:
            name = sorted(forms[key].items(), key=lambda item: (-item[1], item[0]))[0][0]
        names[key] = f"{name} ({label})"
    return names
