"""Rehearsal prose: ordinary English sentences that ship with Python, the same on every machine."""

from nerpipe.training.prose import prose_documents, prose_sentences, word_count


def test_prose_sentences_are_whole_plain_sentences_in_a_fixed_order():
    sentences = prose_sentences()
    assert len(sentences) > 1000 and len(set(sentences)) == len(sentences)
    assert prose_sentences(50) == sentences[:50], "the same order every time"
    for sentence in sentences:
        words = sentence.split()
        assert 8 <= len(words) <= 40 and not any(c in sentence for c in "{}[]=<>*`_")
    # Ordinary prose, not case files: no drug or gang vocabulary to mislabel as "not a drug".
    assert not any(word in sentence.lower().split() for sentence in sentences for word in ("cocaine", "cartel"))


def test_prose_documents_reach_the_words_asked_for():
    documents = prose_documents(5_000)
    assert word_count(documents) >= 5_000 and all(len(d.split()) >= 50 for d in documents)
