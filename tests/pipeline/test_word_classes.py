"""Word classes from spacy-lookups-data: lower-cased, pruned, saved inside a model and read back."""

from __future__ import annotations

import pytest

from nerpipe.pipeline.word_classes import FILE_NAME, UNSEEN_LOG_PROB, WordClasses, english_word_classes


@pytest.fixture(scope="module")
def classes() -> WordClasses:
    return english_word_classes()


def test_english_tables_give_clusters_frequencies_and_lemmas(classes):
    assert len(classes) > 100_000 and all(word == word.lower() for word in list(classes.clusters)[:1000])
    # Words used alike share the start of their cluster path (stored from the low bit up).
    low_bits = (1 << 8) - 1
    assert classes.cluster("selling") & low_bits == classes.cluster("Moving") & low_bits
    assert classes.cluster("selling") != 0 and classes.cluster("zorblatquent") == 0
    # A rare word in the tables is rarer than "the" and still more common than an unseen one.
    assert classes.log_prob("the") > classes.log_prob("fentanyl") > UNSEEN_LOG_PROB
    assert classes.log_prob("zorblatquent") == UNSEEN_LOG_PROB
    assert classes.lemma("Sold") == "sell" and classes.lemma("zorblat") == "zorblat"


def test_saved_and_read_back_unchanged(tmp_path, classes):
    small = WordClasses({"crank": 5}, {"crank": -12, "the": -3}, {"sold": "sell"})
    small.to_disk(tmp_path)
    assert (tmp_path / FILE_NAME).is_file() and WordClasses.from_disk(tmp_path) == small


def test_a_model_folder_without_its_word_classes_is_refused(tmp_path):
    with pytest.raises(FileNotFoundError, match=FILE_NAME):
        WordClasses.from_disk(tmp_path)


def test_classes_fitted_without_the_package_are_saved_and_read_back_empty(tmp_path):
    WordClasses().to_disk(tmp_path)
    empty = WordClasses.from_disk(tmp_path)
    assert len(empty) == 0 and empty.cluster("crank") == 0 and empty.lemma("Sold") == "sold"
