"""Exports analysts take elsewhere: entity, mention and edge CSVs (Excel- and LibreOffice-safe),
GEXF and GraphML with typed attributes (Gephi opens them, networkx reads them back), node-link JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, TextIO

import networkx as nx

from nerpipe.graph.chart import LinkChart

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


def entity_rows(chart: LinkChart) -> list[dict[str, Any]]:
    """One row per entity in the chart's graph, strongest first."""
    scores = chart.scores
    rows = []
    for node, data in chart.graph.nodes(data=True):
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


def mention_rows(chart: LinkChart, filenames: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    filenames = filenames or {}
    return [
        {
            "entity_id": entity,
            "document_id": m.doc,
            "filename": filenames.get(m.doc, m.doc),
            "page": m.page,
            "start": m.start,
            "end": m.end,
            "text": m.text,
            "sentence": m.sentence,
            "source": m.source,
            "confidence": m.confidence,
        }
        for m, entity in zip(chart.index.mentions, chart.index.mention_entity, strict=True)
    ]


def edge_rows(chart: LinkChart) -> list[dict[str, Any]]:
    rows = []
    for a, b, data in chart.graph.edges(data=True):
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


def write_entities_csv(chart: LinkChart, out: TextIO) -> int:
    return _write_csv(out, ENTITY_COLUMNS, entity_rows(chart))


def write_mentions_csv(chart: LinkChart, out: TextIO, filenames: Mapping[str, str] | None = None) -> int:
    return _write_csv(out, MENTION_COLUMNS, mention_rows(chart, filenames))


def write_edges_csv(chart: LinkChart, out: TextIO) -> int:
    return _write_csv(out, EDGE_COLUMNS, edge_rows(chart))


def typed_graph(chart: LinkChart) -> nx.Graph:
    """A copy with only scalar, typed attributes: what GEXF and GraphML can hold."""
    typed = nx.Graph()
    for row in entity_rows(chart):
        attributes = {k: v for k, v in row.items() if k != "id"}
        attributes["community"] = -1 if attributes["community"] is None else attributes["community"]
        attributes["weighted_degree"] = float(attributes["weighted_degree"])
        typed.add_node(row["id"], **attributes)
    for row in edge_rows(chart):
        typed.add_edge(
            row["source"],
            row["target"],
            weight=int(row["weight"]),
            relations=row["relations"],
            first_evidence=row["first_evidence"],
            evidence_total=int(row["evidence_total"]),
        )
    return typed


def node_link_json(chart: LinkChart) -> dict[str, Any]:
    data = nx.node_link_data(typed_graph(chart), edges="links")
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


def export_bytes(chart: LinkChart, what: str, filenames: Mapping[str, str] | None = None) -> bytes:
    """One export as bytes (for a download button, or a file)."""
    if what in ("entities", "mentions", "edges"):
        out = io.StringIO()
        writer = {"entities": write_entities_csv, "edges": write_edges_csv}.get(what)
        if writer is None:
            write_mentions_csv(chart, out, filenames)
        else:
            writer(chart, out)
        # utf-8-sig: Excel needs the BOM to read UTF-8; LibreOffice and Python ignore it.
        return out.getvalue().encode("utf-8-sig")
    if what in ("gexf", "graphml"):
        buffer = io.BytesIO()
        (nx.write_gexf if what == "gexf" else nx.write_graphml)(typed_graph(chart), buffer)
        return buffer.getvalue()
    if what == "json":
        return json.dumps(node_link_json(chart), ensure_ascii=False, indent=1).encode("utf-8")
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
