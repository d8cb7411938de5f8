from nerpipe.highlight import highlight_html, hits_html, markable
from nerpipe.types import Mention


def mention(text: str, start: int, end: int, label: str) -> Mention:
    return Mention("d", text[start:end], label, start, end, 0, "model", None, None)


def test_document_text_is_escaped_and_marks_are_placed():
    text = '<script>alert(1)</script> Bob & <img src=x onerror=alert(1)> met "Ana".'
    start = text.index("Bob")
    out = highlight_html(
        text,
        [
            mention(text, start, start + 3, "PERSON"),
            mention(text, text.index("<img"), text.index(">", text.index("<img")) + 1, "ORG"),
        ],
    )
    assert "<script>" not in out and "<img" not in out
    assert "&lt;script&gt;" in out and "&lt;img src=x " in out and ">onerror=alert(1)&gt;<span" in out
    assert ">Bob<span" in out and "&amp;" in out


def test_overlapping_mentions_do_not_break_markup():
    text = "Sinaloa Cartel"
    out = highlight_html(text, [mention(text, 0, 14, "GANG_ORG"), mention(text, 0, 7, "GPE")])
    assert out.count("<mark") == 1 and "GANG_ORG" in out


def test_a_mention_across_a_line_break_keeps_its_badge_with_its_words():
    """Issue 33: the line break inside a mark put the label badge on the next line."""
    text = "Seen with Luis\nOrtega at the pier.\n\nThen home."
    start = text.index("Luis")
    out = highlight_html(text, [mention(text, start, text.index(" at"), "PERSON")])
    mark = out[out.index("<mark") : out.index("</mark>")]
    assert "\n" not in mark and ">Luis <span" in mark
    assert 'white-space:nowrap">Ortega<span' in mark  # the badge wraps with the last word, never alone
    assert "PERSON</span>" in mark and out.count("\n") == 2  # the text's other line breaks stay


def test_white_space_around_a_mention_stays_outside_its_mark():
    text = "From Pier Road\n\nto the docks."
    out = highlight_html(text, [mention(text, 5, 16, "FAC")])  # "Pier Road\n\n", as a model may return
    mark = out[out.index("<mark") : out.index("</mark>")]
    assert "\n" not in mark and "Pier" in mark and "Road<span" in mark
    assert "</mark>\n\nto the docks." in out


def test_every_search_hit_is_marked_and_escaped():
    text = "<b>pier</b> & Pier Road, the pier."
    places = [(3, 7), (14, 18), (29, 33)]
    out = hits_html(text, places)
    assert out.count("<mark") == 3 and out.count("id='hit'") == 1
    assert out.startswith("&lt;b&gt;<mark id='hit'>pier</mark>&lt;/b&gt; &amp; <mark>Pier</mark>")
    assert out.endswith("the <mark>pier</mark>.")


def test_the_first_hit_marked_is_the_one_scrolled_to_even_when_an_earlier_one_cannot_be_marked():
    text = "Ortega met Ortega at the pier."
    marked = hits_html(text, [(5, 5), (0, 6), (3, 8), (11, 17)])  # an empty hit, then one overlapped
    assert marked.count("<mark") == 2 and marked.index("id='hit'") < marked.index("Ortega")
    assert markable([(5, 5), (0, 6), (3, 8), (11, 17)]) == [(0, 6), (11, 17)]
