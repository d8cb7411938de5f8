"""Entities view: counts, filters and downloads agree; exports survive any text; corrections
and merges read as words and names; the correction boxes start from the mention chosen."""

from __future__ import annotations

import base64
import csv
import io
import re
import sys
from xml.etree import ElementTree

import networkx as nx

from tests.dashboard.helpers import (
    BROKEN_VIEW,
    app,
    entity_names,
    go,
    isolated,  # noqa: F401 (autouse fixture)
    labelled,
    open_store,
    page_text,
    seeded_case,
    spy_on_exports,
    stored_document,
    value_of,
)

NUMBERS = "Maria Lopez sold 40 grams of heroin to the Crips on March 14, 2026.\nShe paid 300 dollars."
NUMBER_NAMES = [
    ("Maria Lopez", "PERSON"),
    ("40 grams", "QUANTITY"),
    ("heroin", "DRUG"),
    ("Crips", "GANG_ORG"),
    ("March 14, 2026", "DATE"),
    ("300", "CARDINAL"),
]


def rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def prepare(at):
    """Click every download button, one after the other: each makes its file and records it."""
    for what in ("entities", "mentions", "edges", "gexf", "graphml"):
        at.button(key=f"entities_download_{what}").click().run()
    return at


def test_counts_filters_and_downloads_agree(monkeypatch):
    stored_document("Op Tide", "memo.txt", NUMBERS, NUMBER_NAMES)
    at = go(app(), "Entities")
    labels = labelled(at.multiselect, "Labels")
    assert set(labels.options) == {"PERSON", "QUANTITY", "DRUG", "GANG_ORG", "DATE", "CARDINAL"}
    assert at.main.caption[0].value == "6 of 6 entities"
    made = spy_on_exports(monkeypatch)
    prepare(at)
    entities = {r["id"] for r in rows(made["entities"])}
    assert len(entities) == 6 and {r["entity_id"] for r in rows(made["mentions"])} == entities
    labelled(at.multiselect, "Labels").set_value(["DRUG", "GANG_ORG"]).run()
    assert at.main.caption[0].value.startswith("2 of 6 entities")
    prepare(at)
    assert {r["id"] for r in rows(made["entities"])} == {"DRUG:heroin", "GANG_ORG:crips"}
    assert {r["entity_id"] for r in rows(made["mentions"])} == {"DRUG:heroin", "GANG_ORG:crips"}


def test_control_characters_in_a_store_do_not_break_the_xml_downloads(monkeypatch):
    # Put straight into the store: what readers used to let through from a two-column PDF.
    text = "Agents seized k\x01h from Maria Lopez.\nMaria Lopez sold k\x01h to the Crips."
    stored_document(
        "Op Tide", "two_column.pdf", text, [("k\x01h", "DRUG"), ("Maria Lopez", "PERSON"), ("Crips", "GANG_ORG")]
    )
    at = go(app(), "Entities")
    made = spy_on_exports(monkeypatch)
    at = prepare(at)
    assert not at.exception and BROKEN_VIEW not in page_text(at)
    assert {"Mentions in context", "Merge entities"} <= {h.value for h in at.subheader}
    for what in ("gexf", "graphml"):
        ElementTree.fromstring(made[what])
    graph = nx.read_graphml(io.BytesIO(made["graphml"]))
    assert "kh" in {data["name"] for _, data in graph.nodes(data=True)}


def test_an_export_that_fails_leaves_the_view_working(monkeypatch):
    seeded_case()
    at = go(app(), "Entities")
    real = sys.modules["views.entities"].export_bytes

    def broken(chart, what, filenames=None, **options):
        if what == "graphml":
            raise ValueError("All strings must be XML compatible")
        return real(chart, what, filenames, **options)

    monkeypatch.setattr(sys.modules["views.entities"], "export_bytes", broken)
    at = prepare(at)
    assert not at.exception and BROKEN_VIEW not in page_text(at)
    assert "graph.graphml could not be made" in page_text(at)
    assert {"⬇ entities.csv", "⬇ graph.gexf"} <= {b.label for b in at.button}
    assert {"Mentions in context", "Merge entities"} <= {h.value for h in at.subheader}
    labelled(at.selectbox, "Entity").set_value("DRUG:heroin").run()  # the view still answers
    assert not at.exception and BROKEN_VIEW not in page_text(at)


def test_new_label_starts_at_the_label_of_the_mention_chosen():
    seeded_case()
    at = go(app(), "Entities")
    labelled(at.selectbox, "Entity").set_value("DRUG:heroin").run()
    assert value_of(at, "New label") == "DRUG"
    labelled(at.selectbox, "Entity").set_value("PERSON:maria lopez").run()
    assert value_of(at, "New label") == "PERSON", "the box kept the label of the mention corrected before"


def test_corrections_and_merges_are_listed_by_words_and_names():
    seeded_case()
    at = go(app(), "Entities")
    labelled(at.selectbox, "Entity").set_value("DRUG:fentanyl").run()
    at.button(key="entities_reject").click().run()
    labelled(at.selectbox, "Keep").set_value("GANG_ORG:latin kings").run()
    labelled(at.multiselect, "Merge into it").set_value(["GANG_ORG:sinaloa cartel"]).run()
    at.button(key="entities_merge").click().run()
    said = page_text(at)
    assert "fentanyl in report.pdf: rejected: not an entity" in said.replace("*", "")
    assert "Sinaloa Cartel (GANG_ORG) merged into Latin Kings (GANG_ORG)" in said.replace("*", "")
    assert "GANG_ORG:" not in said and "[" not in said
    assert "Sinaloa Cartel" not in entity_names(at)


def test_a_download_hands_its_file_to_this_session_only(monkeypatch):
    seeded_case()
    at = go(app(), "Entities")
    made = spy_on_exports(monkeypatch)
    assert not at.get("download_button"), "a download button serves its file at a /media/ address to anyone"
    at.button(key="entities_download_entities").click().run()
    scripts = [h.proto.body for h in at.get("html") if "base64," in h.proto.body]
    assert len(scripts) == 1  # the file, inside the page this session sees, saved by its browser
    encoded = re.search(r"base64,([A-Za-z0-9+/=]+)", scripts[0])[1]
    assert base64.b64decode(encoded) == made["entities"]
    assert '"entities.csv"' in scripts[0]
    at.run()  # the next rerun does not save it again
    assert not [h for h in at.get("html") if "base64," in h.proto.body]
    assert [(e.action, e.target) for e in open_store().audit.entries(case="Op Tide") if e.action == "export"] == [
        ("export", "entities")
    ]


def test_the_mention_picker_shows_the_mention_in_a_long_sentence():
    before = "The surveillance team logged every vehicle entering the lot on the night in question, " * 2
    stored_document("Op Tide", "log.txt", before + "and Maria Lopez arrived last.", [("Maria Lopez", "PERSON")])
    at = go(app(), "Entities")
    labelled(at.selectbox, "Entity").set_value("PERSON:maria lopez").run()
    picker = labelled(at.selectbox, "Mention")
    assert "«Maria Lopez»" in picker.options[0]


def test_a_download_too_large_for_the_browser_says_so_and_is_not_recorded(monkeypatch):
    seeded_case()
    at = go(app(), "Entities")
    monkeypatch.setattr(sys.modules["downloads"], "MAX_BYTES", 10)
    at.button(key="entities_download_entities").click().run()
    assert not at.exception and "nerpipe export" in page_text(at)
    assert not [h for h in at.get("html") if "base64," in h.proto.body]
    assert "export" not in [e.action for e in open_store().audit.entries(case="Op Tide")]
