"""Within a document, a name found once as a gang or drug is that at every occurrence."""

from tests.pipeline.rules_helpers import custom_entities


def test_a_name_found_by_its_head_is_found_everywhere_in_the_document(pipeline):
    text = "Officers raided the Kingsway Hustlers street gang in March. Kingsway Hustlers members fled."
    found = custom_entities(pipeline, text)
    assert ("Kingsway Hustlers", "GANG_ORG", "gang_head") in found
    assert ("Kingsway Hustlers", "GANG_ORG", "same_name") in found


def test_a_capitalised_street_name_is_carried_a_lower_case_one_is_not(pipeline):
    text = "Meth, also known as “Glass” and “soap”, was seized. The Glass trade grew; soap was on the sink."
    entities = [(t, rule) for t, label, rule in custom_entities(pipeline, text) if label == "DRUG"]
    assert ("Glass", "same_name") in entities
    assert ("soap", "same_name") not in entities


def test_a_place_or_a_longer_name_keeps_its_own_label(pipeline):
    text = "Agents described the Gulf and Juárez Cartels. Hector Juárez flew to Juárez in May."
    doc = pipeline.nlp(text)
    labels = {(e.text, e.label_) for e in doc.ents}
    assert ("Juárez", "GANG_ORG") in labels
    assert not any(e.label_ == "GANG_ORG" and e.start_char > text.index("Hector") for e in doc.ents)
