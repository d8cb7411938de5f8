import csv
import io
import json

import networkx as nx

from nerpipe.graph.chart import build_link_chart
from nerpipe.graph.export import EXPORT_FILES, safe_cell, write_all, write_entities_csv
from tests.graph.helpers import mentions_in

TEXT = '=HYPERLINK("x") met Señora Núñez in Tijuana. Señora Núñez sold heroin to the Crips.'
NAMES = [
    ('=HYPERLINK("x")', "PERSON"),
    ("Señora Núñez", "PERSON"),
    ("Tijuana", "GPE"),
    ("heroin", "DRUG"),
    ("Crips", "GANG_ORG"),
]


def chart():
    return build_link_chart(mentions_in("doc1", TEXT, NAMES), {"doc1": TEXT})


def test_formula_cells_are_neutralised():
    assert [safe_cell(v) for v in ("=1+1", "+A1", "-2", "@SUM", "plain", 3, -2.5, None)] == [
        "'=1+1",
        "'+A1",
        "'-2",
        "'@SUM",
        "plain",
        3,
        -2.5,
        "",
    ]


def test_every_export_is_written_and_reads_back(tmp_path):
    paths = write_all(chart(), tmp_path, {"doc1": "report.pdf"})
    assert [p.name for p in paths] == list(EXPORT_FILES)
    raw = (tmp_path / "entities.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads UTF-8 only with the BOM
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0].keys() == {
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
    }
    names = {r["name"] for r in rows}
    assert "Señora Núñez" in names and '\'=HYPERLINK("x")' in names
    mentions = list(csv.DictReader(io.StringIO((tmp_path / "mentions.csv").read_text(encoding="utf-8-sig"))))
    assert {m["filename"] for m in mentions} == {"report.pdf"}
    edges = list(csv.DictReader(io.StringIO((tmp_path / "edges.csv").read_text(encoding="utf-8-sig"))))
    assert any("«heroin»" in e["first_evidence"] for e in edges)
    for reader, name in ((nx.read_gexf, "graph.gexf"), (nx.read_graphml, "graph.graphml")):
        back = reader(tmp_path / name)
        node = back.nodes["PERSON:señora núñez"]
        assert node["name"] == "Señora Núñez" and node["label"] == "PERSON"
        assert isinstance(node["mentions"], int) and node["mentions"] == 2
        assert isinstance(node["pagerank"], float)
        edge = back.edges["DRUG:heroin", "GANG_ORG:crips"]
        assert edge["weight"] == 1 and "«Crips»" in edge["first_evidence"]
    data = json.loads((tmp_path / "graph.json").read_text())
    assert data["graph"]["context"] == "sentence"
    assert nx.node_link_graph(data, edges="links").number_of_nodes() == 5


def test_entities_csv_opens_as_plain_csv():
    out = io.StringIO()
    assert write_entities_csv(chart(), out) == 5
    assert out.getvalue().splitlines()[0].startswith("id,name,label")
