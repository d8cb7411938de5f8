from nerpipe.highlight import highlight_html
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
    assert "&lt;script&gt;" in out and "&lt;img src=x onerror=alert(1)&gt;" in out
    assert ">Bob<span" in out and "&amp;" in out


def test_overlapping_mentions_do_not_break_markup():
    text = "Sinaloa Cartel"
    out = highlight_html(text, [mention(text, 0, 14, "GANG_ORG"), mention(text, 0, 7, "GPE")])
    assert out.count("<mark") == 1 and "GANG_ORG" in out
