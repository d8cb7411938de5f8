"""Exports analysts take elsewhere: entity, mention and edge CSVs (Excel- and LibreOffice-safe),
GEXF and GraphML with typed attributes (Gephi opens them, networkx reads them back), node-link JSON.

Every export holds the same entities: those of the chart's graph, or the subset a caller names
(the dashboard's filtered table); mentions and edges are those of these entities. Text comes from
documents: the XML exports drop the characters XML cannot hold, whatever a store contains.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path
from typing import Any, TextIO

import networkx as nx

from nerpipe.graph.chart import LinkChart
from nerpipe.graph.entities import shown_text

ENTITY_COLUMNS = (
    "id",
    "name",
    "label",
    "aliases",
    "mentions",
    "documents",
    "degree",
    "weighted_degree",
    "betweenness",
    "pagerank",
    "community",
)
MENTION_COLUMNS = (
    "entity_id",
    "document_id",
    "filename",
    "page",
    "ocr",
    "start",
    "end",
    "text",
    "sentence",
    "source",
    "confidence",
)
EDGE_COLUMNS = (
    "source",
    "target",
    "source_name",
    "target_name",
    "weight",
    "relations",
    "first_evidence",
    "evidence_total",
)
ALIAS_SEPARATOR = " | "
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: What XML 1.0 cannot hold (C0 controls but tab, newline and carriage return; lone surrogates;
#: U+FFFE, U+FFFF), and the C1 controls it discourages.
_NOT_XML = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def safe_cell(value: Any) -> Any:
    """Neutralise spreadsheet formulas: text starting with = + - @ gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return "" if value is None else value


def _write_csv(out: TextIO, columns: Iterable[str], rows: Iterable[Mapping[str, Any]]) -> int:
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow([safe_cell(row.get(column)) for column in columns])
        count += 1
    return count


def chosen_entities(chart: LinkChart, entities: Collection[str] | None = None) -> set[str]:
    """The entities an export holds: the chart's graph, or those of `entities` that are in it."""
    return set(chart.graph) if entities is None else set(entities) & set(chart.graph)


def entity_rows(chart: LinkChart, entities: Collection[str] | None = None) -> list[dict[str, Any]]:
    """One row per entity in the chart's graph (or of `entities`), strongest first."""
    scores = chart.scores
    chosen = chosen_entities(chart, entities)
    rows = []
    for node, data in chart.graph.nodes(data=True):
        if node not in chosen:
            continue
        rows.append(
            {
                "id": node,
                "name": data["name"],
                "label": data["label"],
                "aliases": ALIAS_SEPARATOR.join(data["aliases"]),
                "mentions": data["mentions"],
                "documents": data["documents"],
                "degree": scores.degree.get(node, 0),
                "weighted_degree": scores.weighted_degree.get(node, 0.0),
                "betweenness": round(scores.betweenness.get(node, 0.0), 6),
                "pagerank": round(scores.pagerank.get(node, 0.0), 6),
                "community": chart.community.get(node),
            }
        )
    return sorted(rows, key=lambda r: (-r["weighted_degree"], -r["mentions"], r["id"]))


def mention_rows(
    chart: LinkChart, filenames: Mapping[str, str] | None = None, entities: Collection[str] | None = None
) -> list[dict[str, Any]]:
    """The mentions of the entities in entity_rows (none of an entity the chart leaves out)."""
    filenames = filenames or {}
    chosen = chosen_entities(chart, entities)
    return [
        {
            "entity_id": entity,
            "document_id": m.doc,
            "filename": filenames.get(m.doc, m.doc),
            "page": m.page,
            "ocr": m.ocr,
            "start": m.start,
            "end": m.end,
            "text": shown_text(m),
            "sentence": m.sentence,
            "source": m.source,
            "confidence": m.confidence,
        }
        for m, entity in zip(chart.index.mentions, chart.index.mention_entity, strict=True)
        if entity in chosen
    ]


def edge_rows(chart: LinkChart, entities: Collection[str] | None = None) -> list[dict[str, Any]]:
    """Links between the entities of entity_rows, strongest first."""
    chosen = chosen_entities(chart, entities)
    rows = []
    for a, b, data in chart.graph.edges(data=True):
        if a not in chosen or b not in chosen:
            continue
        source, target = sorted((a, b))
        rows.append(
            {
                "source": source,
                "target": target,
                "source_name": chart.graph.nodes[source]["name"],
                "target_name": chart.graph.nodes[target]["name"],
                "weight": data["weight"],
                "relations": relations_text(data["relations"]),
                "first_evidence": data["evidence"][0].text if data["evidence"] else "",
                "evidence_total": data["evidence_total"],
            }
        )
    return sorted(rows, key=lambda r: (-r["weight"], r["source"], r["target"]))


def relations_text(relations: Mapping[str, int]) -> str:
    return "; ".join(f"{verb} ({count})" for verb, count in relations.items())


def write_entities_csv(chart: LinkChart, out: TextIO, entities: Collection[str] | None = None) -> int:
    return _write_csv(out, ENTITY_COLUMNS, entity_rows(chart, entities))


def write_mentions_csv(
    chart: LinkChart,
    out: TextIO,
    filenames: Mapping[str, str] | None = None,
    entities: Collection[str] | None = None,
) -> int:
    return _write_csv(out, MENTION_COLUMNS, mention_rows(chart, filenames, entities))


def write_edges_csv(chart: LinkChart, out: TextIO, entities: Collection[str] | None = None) -> int:
    return _write_csv(out, EDGE_COLUMNS, edge_rows(chart, entities))


def xml_text(text: str) -> str:
    r"""`text` without the characters an XML file cannot hold.

    >>> xml_text("k\x01h\x85 ok\n")
    'kh ok\n'
    """
    return _NOT_XML.sub("", text)


def xml_legal(graph: nx.Graph) -> nx.Graph:
    """A copy of a typed graph whose ids and text attributes are XML-legal. Two ids that differ
    only in such characters stay two nodes ("~2" is added to the second)."""
    ids: dict[str, str] = {}
    taken: set[str] = set()
    for node in graph:
        clean = base = xml_text(node) or "entity"
        number = 1
        while clean in taken:
            number += 1
            clean = f"{base}~{number}"
        ids[node] = clean
        taken.add(clean)
    legal = nx.Graph()
    for node, data in graph.nodes(data=True):
        legal.add_node(ids[node], **_xml_attributes(data))
    for a, b, data in graph.edges(data=True):
        legal.add_edge(ids[a], ids[b], **_xml_attributes(data))
    return legal


def _xml_attributes(data: Mapping[str, Any]) -> dict[str, Any]:
    return {key: xml_text(value) if isinstance(value, str) else value for key, value in data.items()}


def typed_graph(chart: LinkChart, entities: Collection[str] | None = None) -> nx.Graph:
    """A copy with only scalar, typed attributes: what GEXF and GraphML can hold.

    A node's "label" is its name, as Gephi, yEd and Cytoscape show a node by its label (the GEXF label, the
    GraphML key named label); its entity type is the "type" attribute.
    """
    typed = nx.Graph()
    for row in entity_rows(chart, entities):
        attributes = {"name": row["name"], "label": row["name"], "type": row["label"]}
        attributes |= {k: v for k, v in row.items() if k not in ("id", "name", "label")}
        attributes["community"] = -1 if attributes["community"] is None else attributes["community"]
        attributes["weighted_degree"] = float(attributes["weighted_degree"])
        typed.add_node(row["id"], **attributes)
    for row in edge_rows(chart, entities):
        typed.add_edge(
            row["source"],
            row["target"],
            weight=int(row["weight"]),
            relations=row["relations"],
            first_evidence=row["first_evidence"],
            evidence_total=int(row["evidence_total"]),
        )
    return typed


def node_link_json(chart: LinkChart, entities: Collection[str] | None = None) -> dict[str, Any]:
    data = nx.node_link_data(typed_graph(chart, entities), edges="links")
    for link in data["links"]:
        evidence = chart.graph.edges[link["source"], link["target"]]["evidence"]
        link["evidence"] = [
            {"doc": e.doc, "page": e.page, "start": e.start, "end": e.end, "text": e.text} for e in evidence
        ]
    data["graph"] = {"context": str(chart.context)}
    return data


#: Export kind → default file name.
EXPORTS = {
    "entities": "entities.csv",
    "mentions": "mentions.csv",
    "edges": "edges.csv",
    "gexf": "graph.gexf",
    "graphml": "graph.graphml",
    "json": "graph.json",
}
EXPORT_FILES = tuple(EXPORTS.values())


def export_bytes(
    chart: LinkChart, what: str, filenames: Mapping[str, str] | None = None, *, entities: Collection[str] | None = None
) -> bytes:
    """One export as bytes (for a download button, or a file); `entities` limits it to those."""
    if what in ("entities", "mentions", "edges"):
        out = io.StringIO()
        if what == "mentions":
            write_mentions_csv(chart, out, filenames, entities)
        else:
            {"entities": write_entities_csv, "edges": write_edges_csv}[what](chart, out, entities)
        # utf-8-sig: Excel needs the BOM to read UTF-8; LibreOffice and Python ignore it.
        return out.getvalue().encode("utf-8-sig")
    if what in ("gexf", "graphml"):
        buffer = io.BytesIO()
        (nx.write_gexf if what == "gexf" else nx.write_graphml)(xml_legal(typed_graph(chart, entities)), buffer)
        return buffer.getvalue()
    if what == "json":
        return json.dumps(node_link_json(chart, entities), ensure_ascii=False, indent=1).encode("utf-8")
    raise ValueError(f"unknown export {what!r}: use one of {', '.join(EXPORTS)}")


def write_all(chart: LinkChart, directory: Path, filenames: Mapping[str, str] | None = None) -> list[Path]:
    """Every export into `directory` (created if missing); returns the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for what, name in EXPORTS.items():
        path = directory / name
        path.write_bytes(export_bytes(chart, what, filenames))
        paths.append(path)
    return paths
