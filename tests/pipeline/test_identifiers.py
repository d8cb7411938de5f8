"""The identifier component in the real pipeline: before the NER, exact offsets, one entity per
identifier however it is written, card numbers masked wherever they are shown."""

from __future__ import annotations

import csv
import io

import spacy

from nerpipe import extract_text
from nerpipe.graph.chart import build_link_chart
from nerpipe.graph.export import export_bytes
from nerpipe.graph.tables import mentions_in_context
from nerpipe.highlight import highlight_html
from nerpipe.pipeline.identifiers import COMPONENT, add_identifiers

TEXT = (
    "Luis Ortega called Tel:312-555-0199 and wrote to Ana.Ruiz@Example.com about 3 kilos of cocaine.\n\n"
    "Maria Lopez paid with card 4111 1111 1111 1111 and rang (312) 555-0199 on March 3, 2026.\n\n"
    "She mailed ana.ruiz@example.com from 192.168.0.1 and wired DE89 3704 0044 0532 0130 00."
)


def test_the_component_runs_after_the_ruler_and_before_the_ner(pipeline):
    names = pipeline.nlp.pipe_names
    assert names.index("entity_ruler") < names.index(COMPONENT) < names.index("ner")


def test_identifiers_are_pattern_mentions_with_exact_offsets(pipeline):
    mentions = [m for m in extract_text(pipeline.nlp, TEXT) if m.label in {"PHONE", "EMAIL", "CARD", "IP", "IBAN"}]
    assert [(m.label, m.text) for m in mentions] == [
        ("PHONE", "312-555-0199"),
        ("EMAIL", "Ana.Ruiz@Example.com"),
        ("CARD", "4111 1111 1111 1111"),
        ("PHONE", "(312) 555-0199"),
        ("EMAIL", "ana.ruiz@example.com"),
        ("IP", "192.168.0.1"),
        ("IBAN", "DE89 3704 0044 0532 0130 00"),
    ]
    assert all(TEXT[m.start : m.end] == m.text for m in mentions)
    assert all(m.source == "pattern" and m.confidence == 1.0 for m in mentions)
    assert {m.pattern_id for m in mentions if m.label == "PHONE"} == {"+13125550199"}


def test_the_ner_never_labels_part_of_an_identifier(pipeline):
    mentions = extract_text(pipeline.nlp, TEXT)
    identifiers = [(m.start, m.end) for m in mentions if m.source == "pattern" and m.label not in {"DRUG"}]
    others = [m for m in mentions if m.source != "pattern"]
    assert not [m for m in others for s, e in identifiers if m.start < e and s < m.end]


def test_a_glued_token_is_split_at_the_identifiers_edges():
    nlp = spacy.blank("en")
    add_identifiers(nlp)
    doc = nlp("Tel:312-555-0199,mail:ana@example.com;")
    assert [(e.text, e.label_, e.id_) for e in doc.ents] == [
        ("312-555-0199", "PHONE", "+13125550199"),
        ("ana@example.com", "EMAIL", "ana@example.com"),
    ]
    assert doc.text == "Tel:312-555-0199,mail:ana@example.com;"


def test_the_phone_region_comes_from_the_settings():
    nlp = spacy.blank("en")
    add_identifiers(nlp, "GB")
    assert [e.id_ for e in nlp("Ring 020 7946 0958.").ents] == ["+442079460958"]


def test_one_identifier_written_two_ways_is_one_linked_node(pipeline):
    mentions = extract_text(pipeline.nlp, TEXT, doc_id="memo")
    chart = build_link_chart(mentions, {"memo": TEXT})
    phones = [e for e in chart.index.entities.values() if e.label == "PHONE"]
    emails = [e for e in chart.index.entities.values() if e.label == "EMAIL"]
    assert len(phones) == 1 and phones[0].mentions == 2
    assert len(emails) == 1 and emails[0].mentions == 2
    assert chart.graph.has_node(phones[0].id)
    people = {n for n in chart.graph.neighbors(phones[0].id) if chart.graph.nodes[n]["label"] == "PERSON"}
    assert len(people) == 2  # the two callers share the phone


def test_card_numbers_are_masked_in_tables_exports_evidence_and_the_document_view(pipeline):
    mentions = extract_text(pipeline.nlp, TEXT, doc_id="memo")
    chart = build_link_chart(mentions, {"memo": TEXT})
    [card] = [e for e in chart.index.entities.values() if e.label == "CARD"]
    assert card.name == "•••• •••• •••• 1111" and "4111" not in card.id
    for what in ("entities", "mentions", "edges", "gexf", "graphml", "json"):
        data = export_bytes(chart, what, {"memo": "memo.txt"}).decode("utf-8-sig")
        assert "4111 1111" not in data and "4111111111111111" not in data, what
    rows = list(csv.DictReader(io.StringIO(export_bytes(chart, "mentions").decode("utf-8-sig"))))
    assert "•••• •••• •••• 1111" in {row["text"] for row in rows}
    context = mentions_in_context(chart, card.id, {"memo": TEXT}, {"memo": "memo.txt"})
    assert context[0]["text"] == "•••• •••• •••• 1111" and "4111 1111" not in context[0]["sentence"]
    assert "4111 1111" not in highlight_html(TEXT, mentions)
