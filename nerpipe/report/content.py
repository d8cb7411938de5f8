"""What a case report holds, gathered once from the store: the case, who made the report and
when, the documents with their SHA-256, the chart picture, the top entities per label, the links
drawn with their strongest evidence (quoted with document and page), and the analyst's
corrections and merges. Plain data: the layouts (html.py, pdf.py) only draw it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime

from nerpipe.case_image import ChartRequest, draw_chart, filters_text, request_chart
from nerpipe.graph.analysis import node_measure
from nerpipe.graph.image import Positions

#: The report's parts, in order, each on a page of its own in the PDF.
PARTS = ("Summary", "Documents", "Link chart", "Top entities", "Links and evidence", "Corrections and merges")
#: Entities listed per label.
TOP_PER_LABEL = 10
#: Links quoted (the strongest drawn ones), and evidence sentences quoted per link.
MAX_LINKS = 60
QUOTES_PER_LINK = 3
#: The chart picture in a report: 150 dpi is sharp on paper and keeps the file small.
REPORT_DPI = 150


@dataclass(frozen=True, slots=True)
class DocumentRow:
    filename: str
    sha256: str
    pages: int | None
    size: int
    mentions: int


@dataclass(frozen=True, slots=True)
class EntityRow:
    name: str
    label: str
    mentions: int
    documents: int
    links: int


@dataclass(frozen=True, slots=True)
class Quote:
    text: str
    document: str
    page: int | None

    @property
    def cited(self) -> str:
        """Where to find it: the document, and the page where the format has pages."""
        return self.document + (f", page {self.page}" if self.page else "")


@dataclass(frozen=True, slots=True)
class LinkRow:
    first: str
    second: str
    weight: int
    relations: str
    quotes: tuple[Quote, ...]
    #: Evidence sentences the case holds for this link (the report quotes the first few).
    evidence_total: int


@dataclass(frozen=True, slots=True)
class CaseReport:
    case: str
    made_at: datetime
    made_by: str
    filters: str
    documents: tuple[DocumentRow, ...]
    chart_png: bytes
    entities_shown: int
    entities_hidden: int
    top_entities: dict[str, tuple[EntityRow, ...]]
    links: tuple[LinkRow, ...]
    links_total: int
    corrections: tuple[str, ...]
    merges: tuple[str, ...]


def build_report(
    store,
    case: str,
    request: ChartRequest | None = None,
    *,
    positions: Positions | None = None,
    when: datetime | None = None,
) -> CaseReport:
    """The report of `case` for the chart `request` describes (default: the default chart).
    `store` is a Store or a user's view of it (nerpipe.auth.access)."""
    request = request or ChartRequest()
    made_at = when or datetime.now(UTC)
    chart = request_chart(store, case, request)
    drawn = draw_chart(chart, case, request, "png", when=made_at, positions=positions, dpi=REPORT_DPI)
    filenames = store.filenames(case)
    names = {n: data["name"] for n, data in chart.graph.nodes(data=True)}
    shown = drawn.view.graph.subgraph(drawn.image.positions).copy()
    return CaseReport(
        case=case,
        made_at=made_at,
        made_by=store.actor,
        filters=filters_text(request, names),
        documents=tuple(
            DocumentRow(d.filename, d.sha256, d.pages, d.size, d.mention_count) for d in store.list_documents(case)
        ),
        chart_png=drawn.image.data,
        entities_shown=drawn.image.shown,
        entities_hidden=drawn.image.hidden,
        top_entities=_top_entities(shown, chart.scores, request.options.measure),
        links=tuple(_link_rows(shown, filenames)),
        links_total=shown.number_of_edges(),
        corrections=tuple(_corrections(store, case, filenames)),
        merges=tuple(_merges(store, case, chart.index.entities)),
    )


def _top_entities(graph, scores, measure: str) -> dict[str, tuple[EntityRow, ...]]:
    ranked = node_measure(graph, scores, measure)
    by_label: dict[str, list[str]] = defaultdict(list)
    for node, data in graph.nodes(data=True):
        by_label[data["label"]].append(node)
    top = {}
    for label in sorted(by_label):
        nodes = sorted(by_label[label], key=lambda n: (-ranked.get(n, 0.0), graph.nodes[n]["name"].casefold()))
        top[label] = tuple(
            EntityRow(
                graph.nodes[n]["name"],
                label,
                graph.nodes[n]["mentions"],
                graph.nodes[n]["documents"],
                graph.degree(n),
            )
            for n in nodes[:TOP_PER_LABEL]
        )
    return top


def _link_rows(graph, filenames: dict[str, str]):
    edges = sorted(graph.edges(data=True), key=lambda e: (-e[2]["weight"], e[0], e[1]))
    for a, b, data in edges[:MAX_LINKS]:
        quotes = tuple(
            Quote(" ".join(e.text.split()), filenames.get(e.doc, e.doc), e.page)
            for e in data["evidence"][:QUOTES_PER_LINK]
        )
        relations = ", ".join(f"{word} ({count})" for word, count in data["relations"].items())
        yield LinkRow(
            graph.nodes[a]["name"], graph.nodes[b]["name"], data["weight"], relations, quotes, data["evidence_total"]
        )


def _corrections(store, case: str, filenames: dict[str, str]):
    decisions = store.list_decisions(case)
    if not decisions:
        return
    texts = store.document_texts(case)
    for row in decisions:
        span = texts.get(row["sha256"], "")[row["start"] : row["end"]]
        where = filenames.get(row["sha256"], row["sha256"])
        done = f"relabelled {row['label']}" if row["action"] == "relabel" else "rejected (not an entity)"
        yield f"“{span}” in {where} (characters {row['start']}–{row['end']}): {done}"


def _merges(store, case: str, entities):
    for merge in store.list_merges(case):
        into = entities.get(merge.into)
        shown = f"{into.name} ({into.label})" if into else merge.into
        for member in merge.members:
            yield f"{member} merged into {shown}"
