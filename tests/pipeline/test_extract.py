import os
import signal
from collections.abc import Callable

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from nerpipe import extract
from nerpipe.errors import WorkerError
from nerpipe.pipeline.chunking import BATCH_CHARS, MAX_RUN_CHARS
from nerpipe.types import SOURCE_MODEL, SOURCE_PATTERN

TEXT = "Agents seized 4 kg of fentanyl from a Sinaloa Cartel courier who sold to MS-13."


def test_offsets_slice_the_input_exactly(pipeline):
    mentions = list(extract(pipeline.nlp, [("memo", TEXT)]))
    assert {(m.text, m.label) for m in mentions} >= {
        ("fentanyl", "DRUG"),
        ("Sinaloa Cartel", "GANG_ORG"),
        ("MS-13", "GANG_ORG"),
    }
    for m in mentions:
        assert TEXT[m.start : m.end] == m.text
        assert m.doc == "memo"


def test_sources_ids_and_confidence(pipeline):
    mentions = {m.text: m for m in extract(pipeline.nlp, [("d", "John Smith sold heroin in Boston.")])}
    heroin, smith = mentions["heroin"], mentions["John Smith"]
    assert (heroin.source, heroin.pattern_id, heroin.confidence) == (SOURCE_PATTERN, "heroin", 1.0)
    assert (smith.source, smith.pattern_id, smith.confidence) == (SOURCE_MODEL, None, None)


def test_sentence_numbers_count_from_the_start_of_each_document(pipeline):
    text = "Maria Lopez lives in Denver. She sold cocaine. Later she met the Bloods."
    first, second = "d1", "d2"
    mentions = list(extract(pipeline.nlp, [(first, text), (second, "The Crips were there.")]))
    by_text = {(m.doc, m.text): m.sentence for m in mentions}
    assert by_text[(first, "cocaine")] == 1
    assert by_text[(first, "Bloods")] == 2
    assert by_text[(second, "Crips")] == 0


def test_labels_filter(pipeline):
    mentions = list(extract(pipeline.nlp, [("d", TEXT)], labels=["DRUG"]))
    assert [m.label for m in mentions] == ["DRUG"]


def test_many_texts_keep_their_order_and_ids(pipeline):
    texts = [(f"doc{i}", f"Report {i}: heroin was found.") for i in range(200)]
    mentions = [m for m in extract(pipeline.nlp, texts, batch_size=16) if m.label == "DRUG"]
    assert [m.doc for m in mentions] == [f"doc{i}" for i in range(200)]


def test_chunked_text_keeps_offsets_and_sentence_numbers(pipeline):
    paragraph = "Carlos Mendez sold heroin to the Latin Kings in Miami. Nothing else happened.\n\n"
    text = paragraph * 40
    whole = list(extract(pipeline.nlp, [("d", text)]))
    chunked = list(extract(pipeline.nlp, [("d", text)], chunk_chars=500))
    assert [(m.start, m.end, m.label) for m in chunked if m.label != "PERSON"] == [
        (m.start, m.end, m.label) for m in whole if m.label != "PERSON"
    ]
    assert all(text[m.start : m.end] == m.text for m in chunked)
    # Sentence numbers keep counting across chunks: one per paragraph, each paragraph has two sentences.
    drugs = [m.sentence for m in chunked if m.label == "DRUG"]
    assert len(drugs) == 40
    assert drugs == sorted(set(drugs))
    assert drugs[-1] >= 2 * 39


def test_three_megabyte_text_beyond_spacy_max_length():
    # Chunking is what is tested, not the NER: a ruler-only pipeline keeps this to seconds.
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "DRUG", "pattern": "fentanyl"}, {"label": "GANG_ORG", "pattern": "Hells Angels"}])
    block = (
        "On March 3 the Hells Angels met Frank Russo in Baltimore to buy fentanyl. "
        "Surveillance continued for several hours without incident.\n\n"
    )
    text = block * (3_000_000 // len(block) + 1)
    assert len(text) > nlp.max_length
    progress = []
    mentions = list(extract(nlp, [("big", text)], on_progress=progress.append))
    assert sum(progress) == len(text)
    assert len(mentions) == 2 * text.count("fentanyl")
    assert all(text[m.start : m.end] == m.text for m in mentions)
    assert mentions[-1].end > 2_900_000


def test_two_worker_processes_give_the_same_mentions(pipeline):
    texts = [(f"doc{i}", f"Report {i}: Ana Ruiz sold heroin to the Crips.\n\nThe Bloods watched.") for i in range(40)]
    single = list(extract(pipeline.nlp, texts, batch_size=8))
    parallel = list(extract(pipeline.nlp, texts, batch_size=8, n_process=2))
    assert parallel == single


def test_two_processes_number_sentences_across_chunks_as_one_does(pipeline):
    text = "Carlos Mendez sold heroin to the Latin Kings in Miami. Nothing else happened.\n\n" * 30
    texts = [("d", text), ("e", "The Crips were there.")]
    single = list(extract(pipeline.nlp, texts, chunk_chars=500, batch_size=4))
    assert single == list(extract(pipeline.nlp, texts, chunk_chars=500, batch_size=4, n_process=2))
    assert max(m.sentence for m in single if m.doc == "d") >= 2 * 29


class _Boom(Exception):
    pass


@pytest.fixture
def time_limit():
    """Fail instead of hanging (the way spaCy's own multi-process pipe hung on an error)."""

    def alarm(signum, frame):
        raise TimeoutError("the run did not end within 60 s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def _sentences_then(name: str, step: Callable[[Doc], Doc]) -> Language:
    """A blank English pipeline that splits sentences (extract reads them), then runs `step`."""
    if not Language.has_factory(name):
        Language.component(name, func=step)
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe(name)
    return nlp


def _fails_on_boom(doc: Doc) -> Doc:
    if "BOOM" in doc.text:
        raise _Boom(f"cannot read {doc.text!r}")
    return doc


def _dies_on_kill(doc: Doc) -> Doc:
    if "KILL" in doc.text:
        os._exit(9)  # as the kernel's out-of-memory killer would end it
    return doc


def test_an_error_in_a_worker_is_raised_and_stopping_early_ends_the_run(time_limit):
    nlp = _sentences_then("fails_on_boom", _fails_on_boom)
    texts = [(f"d{i}", "BOOM here." if i == 30 else f"Text {i}.") for i in range(200)]
    with pytest.raises(_Boom, match="cannot read 'BOOM here"):
        list(extract(nlp, texts, batch_size=4, n_process=2))
    calm = [(f"d{i}", f"Text {i}.") for i in range(2000)]
    for _ in extract(nlp, calm, batch_size=4, n_process=2):
        break  # the caller stops reading: the workers are told, nothing waits for them forever


def test_a_worker_that_dies_is_a_clear_error(time_limit):
    nlp = _sentences_then("dies_on_kill", _dies_on_kill)
    texts = [(f"d{i}", "KILL" if i == 5 else f"Text {i}.") for i in range(40)]
    with pytest.raises(WorkerError, match=r"worker process died.*fewer workers"):
        list(extract(nlp, texts, batch_size=4, n_process=2))


def _recording_pipe(nlp: Language, seen: list[list[str]]):
    original = nlp.pipe

    def pipe(items, **options):
        if options.get("as_tuples"):  # extract's call (spaCy then calls pipe again with the docs)
            items = list(items)
            seen.append([text for text, _ in items])
        return original(items, **options)

    return pipe


def test_a_long_text_goes_through_spacy_in_batches_bounded_in_characters(monkeypatch):
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    seen: list[list[str]] = []
    monkeypatch.setattr(nlp, "pipe", _recording_pipe(nlp, seen))
    paragraph = "Frank Russo met the Hells Angels in Baltimore. " * 40 + "\n\n"
    text = paragraph * (700_000 // len(paragraph))
    list(extract(nlp, [("big", text)], chunk_chars=20_000))
    assert len(seen) > 1
    assert all(sum(map(len, batch)) <= BATCH_CHARS for batch in seen)
    assert "".join(piece for batch in seen for piece in batch) == text


def test_runs_without_white_space_are_broken_up_for_spacy_and_mentions_keep_the_written_text(monkeypatch):
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "CODE", "pattern": [{"TEXT": "A" * MAX_RUN_CHARS}, {"TEXT": "BBBB"}]}])
    seen: list[list[str]] = []
    monkeypatch.setattr(nlp, "pipe", _recording_pipe(nlp, seen))
    text = "Code " + "A" * MAX_RUN_CHARS + "BBBBB seen. Then " + "(" * 20_000 + " ended."
    mentions = list(extract(nlp, [("codes", text)]))
    assert all(len(run) <= MAX_RUN_CHARS for batch in seen for piece in batch for run in piece.split())
    assert [(m.text, m.start, m.end) for m in mentions] == [("A" * MAX_RUN_CHARS + "BBBBB", 5, 5 + MAX_RUN_CHARS + 5)]
    assert text[mentions[0].start : mentions[0].end] == mentions[0].text
