import csv
import io
import json

import networkx as nx

from nerpipe.graph.chart import build_link_chart
from nerpipe.graph.export import EXPORT_FILES, export_bytes, safe_cell, write_all, write_entities_csv
from tests.graph.gephi import read_like_gephi
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
        assert node["name"] == node["label"] == "Señora Núñez" and node["type"] == "PERSON"
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


# Text with control characters, as an old store (or a reader that lets them through) may hold:
# "k\x01h" was an entity of a real two-column PDF. Two names differ only in such a character.
CONTROL_TEXT = "Ana Ruiz sold k\x01h to the Cr\x1bips. Ana Ruiz sold k\x02h in Tijuana\x85 too."
CONTROL_NAMES = [("Ana Ruiz", "PERSON"), ("k\x01h", "DRUG"), ("k\x02h", "DRUG"), ("Cr\x1bips", "GANG_ORG")]


def test_gexf_and_graphml_hold_only_xml_legal_characters(tmp_path):
    from xml.etree import ElementTree

    control = build_link_chart(mentions_in("doc1", CONTROL_TEXT, CONTROL_NAMES), {"doc1": CONTROL_TEXT})
    for what, reader in (("gexf", nx.read_gexf), ("graphml", nx.read_graphml)):
        data = export_bytes(control, what, {"doc1": "two_column\x07.pdf"})
        ElementTree.fromstring(data)  # well-formed
        path = tmp_path / f"graph.{what}"
        path.write_bytes(data)
        back = reader(path)
        assert back.number_of_nodes() == 4, "two ids that differ in a control character stay two nodes"
        assert sorted(node["name"] for _, node in back.nodes(data=True)) == ["Ana Ruiz", "Crips", "kh", "kh"]
        evidence = " ".join(edge["first_evidence"] for _, _, edge in back.edges(data=True))
        assert "«Crips»" in evidence and "\x1b" not in evidence


def test_mentions_csv_holds_the_mentions_of_the_entities_in_entities_csv():
    text = "Maria Lopez sold 40 grams of heroin to the Crips on March 14, 2026."
    names = [("Maria Lopez", "PERSON"), ("40", "CARDINAL"), ("heroin", "DRUG"), ("Crips", "GANG_ORG")]
    names.append(("March 14, 2026", "DATE"))
    linked = build_link_chart(mentions_in("d", text, names), {"d": text})
    entities = {r["id"] for r in csv.DictReader(io.StringIO(export_bytes(linked, "entities").decode("utf-8-sig")))}
    mentions = list(csv.DictReader(io.StringIO(export_bytes(linked, "mentions").decode("utf-8-sig"))))
    assert entities == {"PERSON:maria lopez", "DRUG:heroin", "GANG_ORG:crips"}
    assert {m["entity_id"] for m in mentions} == entities and len(mentions) == 3


def test_exports_can_hold_a_chosen_set_of_entities(tmp_path):
    chosen = ["DRUG:heroin", "GANG_ORG:crips", "NOT:in the chart"]
    rows = {
        what: list(csv.DictReader(io.StringIO(export_bytes(chart(), what, entities=chosen).decode("utf-8-sig"))))
        for what in ("entities", "mentions", "edges")
    }
    assert {r["id"] for r in rows["entities"]} == {"DRUG:heroin", "GANG_ORG:crips"}
    assert {r["entity_id"] for r in rows["mentions"]} == {"DRUG:heroin", "GANG_ORG:crips"}
    assert [(r["source"], r["target"]) for r in rows["edges"]] == [("DRUG:heroin", "GANG_ORG:crips")]
    (tmp_path / "g.graphml").write_bytes(export_bytes(chart(), "graphml", entities=chosen))
    assert set(nx.read_graphml(tmp_path / "g.graphml")) == {"DRUG:heroin", "GANG_ORG:crips"}


def test_gephi_shows_each_node_by_its_name_with_its_type_as_an_attribute(tmp_path):
    """Gephi (Lite) labels a node by the GEXF label and the GraphML "label" key: the name, never the type."""
    for what in ("gexf", "graphml"):
        path = tmp_path / f"graph.{what}"
        path.write_bytes(export_bytes(chart(), what))
        nodes = {n["id"]: n["attributes"] for n in read_like_gephi(path, what)["nodes"]}
        assert len(nodes) == 5, what
        nunez = nodes["PERSON:señora núñez"]
        assert (nunez["label"], nunez["name"], nunez["type"]) == ("Señora Núñez", "Señora Núñez", "PERSON"), what
        assert {a["label"] for a in nodes.values()} == {'=HYPERLINK("x")', "Señora Núñez", "Tijuana", "heroin", "Crips"}
        assert nodes["DRUG:heroin"]["mentions"] == 1 and isinstance(nunez["pagerank"], float), what


def test_json_nodes_carry_name_label_and_type():
    nodes = {n["id"]: n for n in json.loads(export_bytes(chart(), "json"))["nodes"]}
    assert {k: nodes["GANG_ORG:crips"][k] for k in ("name", "label", "type")} == {
        "name": "Crips",
        "label": "Crips",
        "type": "GANG_ORG",
    }


def test_mentions_csv_shows_a_mention_on_one_line_without_trailing_blank_lines():
    """A heading's mention ran into the blank lines below it, a name across a line break kept the break."""
    text = "WITNESS STATEMENT\n\nAna Ruiz met Carlos\nMendez and the =Latin\nKings."
    names = [("WITNESS STATEMENT\n\n", "ORG"), ("Ana Ruiz", "PERSON"), ("Carlos\nMendez", "PERSON")]
    linked = build_link_chart(mentions_in("d", text, [*names, ("=Latin\nKings", "GANG_ORG")]), {"d": text})
    mentions = list(csv.DictReader(io.StringIO(export_bytes(linked, "mentions").decode("utf-8-sig"))))
    shown = {m["text"] for m in mentions}
    assert shown == {"WITNESS STATEMENT", "Ana Ruiz", "Carlos Mendez", "'=Latin Kings"}
    assert {(m["start"], m["end"]) for m in mentions if m["text"] == "WITNESS STATEMENT"} == {("0", "19")}
