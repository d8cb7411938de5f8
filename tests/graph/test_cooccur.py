import pytest

from nerpipe.graph.cooccur import Context, cooccurrence_edges, path_verbs
from nerpipe.graph.entities import build_entities
from tests.graph.helpers import mentions_in

TEXT = (
    "Carlos Mendez sold heroin to the Latin Kings. Carlos Mendez met Ana Ruiz.\n\n"
    "Ana Ruiz called the DEA. The Latin Kings paid 40 dollars."
)
NAMES = [
    ("Carlos Mendez", "PERSON"),
    ("heroin", "DRUG"),
    ("Latin Kings", "GANG_ORG"),
    ("Ana Ruiz", "PERSON"),
    ("DEA", "ORG"),
    ("40", "CARDINAL"),
]


def edges_for(context: Context, **options):
    mentions = mentions_in("doc1", TEXT, NAMES, page=2)
    return cooccurrence_edges(build_entities(mentions), {"doc1": TEXT}, context=context, **options)


def pairs(edges):
    """Edges as {frozenset of names: weight}."""
    return {frozenset((a.split(":")[1], b.split(":")[1])): e.weight for (a, b), e in edges.items()}


def pair(a: str, b: str) -> frozenset:
    return frozenset((a, b))


def test_sentence_context_links_names_of_one_sentence():
    assert pairs(edges_for(Context())) == {
        pair("heroin", "latin kings"): 1,
        pair("heroin", "carlos mendez"): 1,
        pair("latin kings", "carlos mendez"): 1,
        pair("ana ruiz", "carlos mendez"): 1,
        pair("ana ruiz", "dea"): 1,
    }


def test_numeric_labels_are_off_by_default_and_labels_can_be_chosen():
    assert not any("40" in key for key in pairs(edges_for(Context())))
    chosen = pairs(edges_for(Context(), labels={"GANG_ORG", "CARDINAL"}))
    assert chosen == {pair("latin kings", "40"): 1}
    assert pairs(edges_for(Context(), labels={"PERSON"})) == {pair("ana ruiz", "carlos mendez"): 1}


def test_window_paragraph_and_document_contexts():
    window = pairs(edges_for(Context("sentence", 2)))
    # Carlos is in sentences 0 and 1, Ana in 1 and 2: the pairs (0,1), (1,1) and (1,2) are three contexts.
    assert window[pair("ana ruiz", "carlos mendez")] == 3
    assert window[pair("heroin", "ana ruiz")] == 1
    assert pair("heroin", "dea") not in window
    paragraph = pairs(edges_for(Context("paragraph")))
    assert pair("dea", "latin kings") in paragraph and pair("heroin", "dea") not in paragraph
    document = pairs(edges_for(Context("document")))
    assert document[pair("heroin", "dea")] == 1 and len(document) == 10


def test_weight_counts_distinct_contexts_and_evidence_is_capped_but_total_kept():
    text = " ".join(f"Sentence {i}: the Crips met the Bloods." for i in range(80))
    mentions = mentions_in("d", text, [("Crips", "GANG_ORG"), ("Bloods", "GANG_ORG")])
    edges = cooccurrence_edges(build_entities(mentions), {"d": text}, max_evidence=50)
    edge = edges[("GANG_ORG:bloods", "GANG_ORG:crips")]
    assert edge.weight == 80 and edge.evidence_total == 80 and len(edge.evidence) == 50


def test_evidence_has_document_page_offsets_and_both_names_marked():
    edge = edges_for(Context())[("DRUG:heroin", "GANG_ORG:latin kings")]
    (evidence,) = edge.evidence
    assert (evidence.doc, evidence.page) == ("doc1", 2)
    assert evidence.text == "Carlos Mendez sold «heroin» to the «Latin Kings»."
    assert TEXT[evidence.start : evidence.end].strip() == "Carlos Mendez sold heroin to the Latin Kings."


def test_context_parsing():
    assert Context.parse("3") == Context("sentence", 3)
    assert Context.parse("Paragraph") == Context("paragraph")
    with pytest.raises(ValueError, match="unknown context"):
        Context.parse("chapter")


def test_relation_verbs_from_the_real_parser():
    from nerpipe import Settings, build_pipeline
    from nerpipe.pipeline.build import RELATION_COMPONENTS
    from nerpipe.pipeline.extract import extract_text

    pipeline = build_pipeline(Settings.from_env(env={}), extra_components=RELATION_COMPONENTS)
    mentions = {m.text: m for m in extract_text(pipeline.nlp, "Mendez sold fentanyl to the Latin Kings.")}
    assert path_verbs(mentions["fentanyl"], mentions["Latin Kings"]) == ["sell"]
    plain = build_pipeline(Settings.from_env(env={}))
    unparsed = {m.text: m for m in extract_text(plain.nlp, "Mendez sold fentanyl to the Latin Kings.")}
    assert path_verbs(unparsed["fentanyl"], unparsed["Latin Kings"]) == []


def test_a_window_counts_each_pair_of_sentences_once_and_shows_it_once():
    """Both names in both sentences: the pair of sentences is one context, not one for each way round."""
    text = "Ana Ruiz met Carlos Mendez. Carlos Mendez paid Ana Ruiz. The DEA watched."
    mentions = mentions_in("d", text, [("Ana Ruiz", "PERSON"), ("Carlos Mendez", "PERSON")])
    edge = cooccurrence_edges(build_entities(mentions), {"d": text}, context=Context("sentence", 3))[
        ("PERSON:ana ruiz", "PERSON:carlos mendez")
    ]
    # Sentence 0 alone, sentence 1 alone, and sentences 0 and 1 together.
    assert edge.weight == edge.evidence_total == 3
    spans = [(e.start, e.end) for e in edge.evidence]
    assert len(spans) == len(set(spans)) == 3
