"""Reading one entity's mentions and documents by its stored keys: a view's first page, and the
documents a search narrowed to an entity may return (issue 35: neither reads the rest of the case)."""

from __future__ import annotations

from tests.case_helpers import add_text

NAMES = [("Luis Ortega", "PERSON"), ("cocaine", "DRUG")]


def _case(store) -> list[str]:
    store.create_case("Harbor")
    return [
        add_text(store, "Harbor", f"report_{i}.txt", "Luis Ortega met Luis Ortega. " * (i + 1) + "cocaine", NAMES)
        for i in range(4)
    ]


def test_the_first_mentions_of_an_entity_are_its_first_in_case_order(store):
    _case(store)
    every = store.entity_mentions("Harbor", "PERSON:luis ortega")
    assert len(every) == 2 + 4 + 6 + 8
    first = store.entity_mentions("Harbor", "PERSON:luis ortega", limit=5)
    assert first == every[:5]
    keys = store.case_entities("Harbor").members["PERSON:luis ortega"]
    assert store.entity_mentions("Harbor", "PERSON:luis ortega", limit=5, keys=keys) == every[:5]


def test_the_documents_of_an_entity_leave_out_those_whose_mentions_were_rejected(store):
    shas = _case(store)
    assert store.entity_documents("Harbor", "DRUG:cocaine") == set(shas)
    cocaine = next(m for m in store.load_mentions("Harbor", document=shas[2]) if m.text == "cocaine")
    store.reject_mention("Harbor", shas[2], cocaine.start, cocaine.end)
    assert store.entity_documents("Harbor", "DRUG:cocaine") == {shas[0], shas[1], shas[3]}
    keys = store.case_entities("Harbor").members["DRUG:cocaine"]
    assert store.entity_documents("Harbor", "DRUG:cocaine", keys=keys) == {shas[0], shas[1], shas[3]}
    assert store.entity_documents("Harbor", "PERSON:nobody") == set()
