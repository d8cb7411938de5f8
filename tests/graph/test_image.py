"""Chart pictures: PNG at A4 landscape 300 dpi, SVG with every drawn name as text, names drawn
as written (no markup, no math), a saved layout's places kept."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import networkx as nx
import pytest
from PIL import Image

from nerpipe.graph.analysis import centrality
from nerpipe.graph.image import chart_image
from nerpipe.graph.render import RenderOptions

SVG = "{http://www.w3.org/2000/svg}"
NAMES = ["Maria Lopez", "<script>alert(1)</script>", "Tom & Berg", "$5 to $10 Crew", "Latin Kings", "Bell\x07 Ring"]


def small_graph(count: int = 0) -> nx.Graph:
    graph = nx.Graph()
    names = NAMES + [f"Person {i}" for i in range(count)]
    for i, name in enumerate(names):
        graph.add_node(f"n{i}", name=name, label="PERSON" if i % 2 else "GANG_ORG", aliases=[], mentions=1, documents=1)
    for i in range(1, len(names)):
        graph.add_edge("n0", f"n{i}", weight=i, relations={}, evidence=[], evidence_total=0)
    return graph


def svg_texts(data: bytes) -> str:
    root = ET.fromstring(data)
    return "\n".join("".join(element.itertext()) for element in root.iter(f"{SVG}text"))


def test_png_is_a4_landscape_at_300_dpi():
    graph = small_graph()
    image = chart_image(graph, centrality(graph), {}, fmt="png", title="Op Tide — link chart")
    picture = Image.open(io.BytesIO(image.data))
    assert picture.format == "PNG"
    assert abs(picture.size[0] - 3508) <= 2 and abs(picture.size[1] - 2481) <= 2
    assert image.shown == len(NAMES) and image.hidden == 0


def test_svg_holds_every_drawn_name_title_and_legend_as_text():
    graph = small_graph()
    image = chart_image(
        graph, centrality(graph), {}, fmt="svg", title="Op <Tide> — link chart", subtitle="labels: PERSON"
    )
    texts = svg_texts(image.data)
    for name in NAMES:
        assert name.replace("\x07", "") in texts, name
    assert "Op <Tide> — link chart" in texts and "labels: PERSON" in texts
    assert "GANG_ORG" in texts and "PERSON" in texts  # the legend
    assert b"<script>" not in image.data  # escaped: the name is text, not an element


def test_only_the_capped_top_entities_are_drawn_and_the_title_says_so():
    graph = small_graph(count=40)
    image = chart_image(graph, centrality(graph), {}, RenderOptions(node_cap=10), fmt="svg")
    texts = svg_texts(image.data)
    assert image.shown == 10 and image.hidden == graph.number_of_nodes() - 10
    assert f"{image.hidden} more hidden" in texts
    assert "Maria Lopez" in texts  # the hub is among the top ones


def test_a_saved_layout_places_its_entities_and_the_rest_around_them():
    graph = small_graph()
    saved = {"n0": (0.0, 0.0), "n1": (400.0, -300.0), "n2": (-250.0, 120.0)}
    image = chart_image(graph, centrality(graph), {}, fmt="svg", positions=saved)
    for node, (x, y) in saved.items():
        assert image.positions[node] == pytest.approx((x, y))
    assert set(image.positions) == set(graph)


def test_an_unknown_format_is_refused():
    graph = small_graph()
    with pytest.raises(ValueError, match="png, svg"):
        chart_image(graph, centrality(graph), {}, fmt="gif")
