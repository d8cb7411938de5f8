import re

import networkx as nx
import pytest
from bs4 import BeautifulSoup

from nerpipe.graph.analysis import centrality
from nerpipe.graph.chart import build_link_chart
from nerpipe.graph.render import RenderOptions, render_html
from tests.graph.helpers import mentions_in

EVIL_NAME = "<img src=x onerror=alert(1)>"
TEXT = f"{EVIL_NAME} met Ana Ruiz. <script>alert(2)</script> Ana Ruiz sold heroin to the Crips."


def evil_chart():
    mentions = mentions_in(
        "doc1", TEXT, [(EVIL_NAME, "PERSON"), ("Ana Ruiz", "PERSON"), ("heroin", "DRUG"), ("Crips", "GANG_ORG")]
    )
    return build_link_chart(mentions, {"doc1": TEXT})


def test_document_text_never_becomes_live_markup():
    chart = evil_chart()
    page = render_html(chart.graph, chart.scores, chart.community).html
    soup = BeautifulSoup(page, "html.parser")
    assert soup.find("img") is None
    assert all(not attr.startswith("on") for tag in soup.find_all(True) for attr in tag.attrs)
    scripts = soup.find_all("script")
    assert len(scripts) == 2 and all(not s.get("src") for s in scripts)
    assert "<img" not in page and "<script>alert" not in page
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in page


def test_page_is_self_contained_with_a_legend():
    chart = evil_chart()
    page = render_html(chart.graph, chart.scores, chart.community).html
    assert not re.search(r"""(src|href)=["']?https?://""", page)
    assert "vis.Network" in page
    soup = BeautifulSoup(page, "html.parser")
    assert {k.get_text() for k in soup.select("#legend .key")} == {"DRUG", "GANG_ORG", "PERSON"}


def test_node_cap_keeps_the_top_nodes_and_says_how_many_are_hidden():
    graph = nx.star_graph(40)
    nx.relabel_nodes(graph, {n: f"PERSON:p{n}" for n in graph}, copy=False)
    for node in graph:
        graph.nodes[node].update(name=node, label="PERSON", aliases=[node], mentions=1, documents=1)
    for a, b in graph.edges:
        graph.edges[a, b].update(weight=1, relations={}, evidence=[], evidence_total=1)
    rendered = render_html(graph, centrality(graph), {}, RenderOptions(node_cap=10))
    assert (rendered.shown, rendered.hidden) == (10, 31)
    assert "31 more entities hidden" in rendered.html
    assert '"PERSON:p0"' in rendered.html  # the hub is kept


@pytest.mark.slow
def test_chart_draws_in_headless_chromium_with_no_network(tmp_path):
    from tests.browser import chromium_page

    chart = evil_chart()
    page_file = tmp_path / "graph.html"
    page_file.write_text(render_html(chart.graph, chart.scores, chart.community).html, encoding="utf-8")
    with chromium_page() as page:
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        requests = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(page_file.as_uri())
        page.wait_for_function("() => typeof network !== 'undefined' && network.body.data.nodes.length === 4")
        page.wait_for_timeout(1500)
        drawn = page.evaluate("""() => {
            const c = document.querySelector('#chart canvas');
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let painted = 0;
            for (let i = 3; i < d.length; i += 4) if (d[i] > 0) painted++;
            return painted;
        }""")
        page.screenshot(path=str(tmp_path / "graph.png"))
    assert drawn > 1000, "the canvas stayed blank"
    assert dialogs == []
    assert all(url.startswith("file://") for url in requests), requests


def test_hover_text_names_label_aliases_counts_and_evidence():
    chart = evil_chart()
    page = render_html(chart.graph, chart.scores, chart.community).html
    assert "Ana Ruiz (PERSON)\\nAlso: Ana Ruiz\\n2 mentions in 1 documents" in page
    assert "heroin — Crips: 1 contexts" in page or "Crips — heroin: 1 contexts" in page
    assert "\\u003c/script\\u003e Ana Ruiz sold «heroin» to the «Crips»." in page  # escaped, never live


def clustered_graph(nodes: int = 150) -> nx.Graph:
    """Groups of ten names, each group a clique with a link to the next: as dense as a real case."""
    graph = nx.Graph()
    for n in range(nodes):
        node = f"PERSON:person {n}"
        graph.add_node(
            node, name=f"Person Number {n}", label="PERSON", aliases=[f"Person {n}"], mentions=1, documents=1
        )
    for n in range(nodes):
        group = n // 10 * 10
        for m in [*range(n + 1, min(group + 10, nodes)), *([group + 10] if n == group and group + 10 < nodes else [])]:
            graph.add_edge(
                f"PERSON:person {n}", f"PERSON:person {m}", weight=1 + (n + m) % 3, relations={}, evidence=[]
            )
            graph.edges[f"PERSON:person {n}", f"PERSON:person {m}"]["evidence_total"] = 1
    return graph


@pytest.mark.slow
def test_labels_are_readable_at_the_first_zoom_with_150_entities(tmp_path):
    from tests.browser import chromium_page

    graph = clustered_graph()
    page_file = tmp_path / "graph.html"
    page_file.write_text(render_html(graph, centrality(graph), {}, RenderOptions(height="620px")).html, "utf-8")
    with chromium_page(1300, 900) as page:
        page.goto(page_file.as_uri())
        page.wait_for_function(
            "() => typeof network !== 'undefined' && !network.physics.physicsEnabled", timeout=60_000
        )
        labels = page.evaluate("""() => {
            const scale = network.getScale(), positions = network.getPositions();
            const size = n => (n.font && n.font.size) || 14;  // 14: the page's default font size
            const shown = network.body.data.nodes.get().filter(n => n.label.trim());
            const measure = document.createElement("canvas").getContext("2d");
            const boxes = shown.map(n => {
                const at = network.canvasToDOM(positions[n.id]), px = size(n) * scale;
                measure.font = px + "px arial";
                const half = measure.measureText(n.label).width / 2, gap = n.size * scale + 3, high = 1.15 * px;
                const top = n.font && n.font.vadjust < 0 ? at.y - gap - high : at.y + gap;
                return [at.x - half, top, at.x + half, top + high];
            });
            let overlaps = 0;
            boxes.forEach((a, i) => boxes.slice(i + 1).forEach(b => {
                if (a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]) overlaps++; }));
            // A label drawn over another entity's dot hides it (issue 33: "WITNESS STATEMENT" over Luis Ortega).
            let covers = 0;
            const all = network.body.data.nodes.get();
            boxes.forEach((box, i) => all.forEach(n => {
                if (n.id === shown[i].id) return;
                const at = network.canvasToDOM(positions[n.id]), r = n.size * scale;
                const x = Math.max(box[0], Math.min(at.x, box[2])), y = Math.max(box[1], Math.min(at.y, box[3]));
                if ((x - at.x) ** 2 + (y - at.y) ** 2 < r * r) covers++;
            }));
            const smallest = Math.min(...shown.map(n => size(n) * scale));
            return {scale, labelled: shown.length, smallest, overlaps, covers};
        }""")
        page.screenshot(path=str(tmp_path / "labels.png"))
    assert labels["scale"] < 1, "the chart is zoomed out to fit 150 entities"
    assert labels["smallest"] >= 11.5, labels  # on screen, in pixels
    # Ten-name cliques leave room for about two names each until one zooms in (46 were drawn before,
    # 116 times over another entity's dot).
    assert labels["labelled"] >= 15 and labels["overlaps"] == 0 and labels["covers"] == 0, labels
