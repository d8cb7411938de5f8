import pytest

from nerpipe.pipeline.chunking import break_long_runs, split_text


def _check_cover(text: str, pieces: list[tuple[int, str]], limit: int) -> None:
    assert "".join(piece for _, piece in pieces) == text
    for offset, piece in pieces:
        assert text[offset : offset + len(piece)] == piece
        assert len(piece) <= limit


def test_short_text_is_one_piece():
    assert list(split_text("short", 100)) == [(0, "short")]


def test_empty_text_is_one_empty_piece():
    assert list(split_text("", 100)) == [(0, "")]


def test_cuts_at_paragraph_breaks_when_there_are_some():
    paragraph = "Word " * 30 + "end.\n\n"
    text = paragraph * 20
    pieces = list(split_text(text, 400))
    _check_cover(text, pieces, 400)
    assert all(piece.endswith("\n\n") for _, piece in pieces[:-1])


def test_falls_back_to_sentence_ends_then_spaces():
    text = "This is a sentence. " * 50
    pieces = list(split_text(text, 120))
    _check_cover(text, pieces, 120)
    assert all(piece.endswith(". ") for _, piece in pieces[:-1])


def test_text_without_any_boundary_is_cut_hard():
    text = "x" * 1000
    pieces = list(split_text(text, 300))
    _check_cover(text, pieces, 300)
    assert [len(p) for _, p in pieces] == [300, 300, 300, 100]


def test_rejects_non_positive_limit():
    with pytest.raises(ValueError):
        list(split_text("abc", 0))


def test_a_long_web_or_mail_address_stays_whole_but_punctuation_runs_do_not():
    url = "https://www.example.com/r/" + "a1b2c3" * 50 + "?utm_source=mail"
    mail = "x" * 120 + "@example.org"
    text = f"See {url} or write to {mail}; then {'(' * 300} end."
    broken = break_long_runs(text)
    assert len(broken) == len(text)
    assert url in broken and mail in broken
    assert "(" * 101 not in broken
    assert break_long_runs("https://e.com/" + "z" * 3000) != "https://e.com/" + "z" * 3000  # past the limit


def test_a_long_address_is_one_identifier(pipeline):
    from nerpipe import extract

    url = "https://www.example.com/track/" + "q7" * 120
    found = [(m.label, m.text) for m in extract(pipeline.nlp, [("d", f"The lure was at {url} today.")])]
    assert ("URL", url) in found
