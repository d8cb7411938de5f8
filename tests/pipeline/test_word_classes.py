"""English word frequencies from spacy-lookups-data, lower-cased."""

from __future__ import annotations

from nerpipe.pipeline.word_classes import UNSEEN_LOG_PROB, WordClasses, english_word_classes


def test_english_table_gives_lower_cased_frequencies():
    classes = english_word_classes()
    assert len(classes) > 100_000 and all(word == word.lower() for word in list(classes.log_probs)[:1000])
    # A rare word in the table is rarer than "the" and still more common than an unseen one.
    assert classes.log_prob("The") > classes.log_prob("fentanyl") > UNSEEN_LOG_PROB
    assert classes.log_prob("zorblatquent") == UNSEEN_LOG_PROB


def test_an_empty_table_knows_no_word():
    assert len(WordClasses()) == 0 and WordClasses().log_prob("the") == UNSEEN_LOG_PROB
