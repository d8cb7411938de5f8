import json
from collections import Counter
from pathlib import Path

import pytest
import spacy

from nerpipe import Settings, build_pipeline, extract_text
from nerpipe.config import PROJECT_ROOT
from nerpipe.errors import PatternError
from nerpipe.pipeline.patterns import lint_patterns, load_patterns, pattern_files, read_pattern_file
from tests.pipeline.rules_helpers import labelled

SHIPPED = PROJECT_ROOT / "patterns"
_tokenizer = spacy.blank("en").tokenizer


def tokenize(text: str) -> list[str]:
    return [t.text for t in _tokenizer(text)]


def write(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def lint_one(path: Path) -> list[str]:
    return [str(issue) for issue in lint_patterns([path], tokenize).errors]


def test_the_baltimore_crew_mistake_is_an_error_on_its_line(tmp_path):
    path = write(
        tmp_path / "gangs.jsonl",
        '{"label":"GANG_ORG","pattern":"Bloods"}',
        '{"label":"GANG_ORG","pattern":[{"lower":"Baltimore Crew"}]}',
    )
    errors = lint_one(path)
    assert any(e.startswith(f"{path}:2:") and "capitals" in e for e in errors)
    assert any(e.startswith(f"{path}:2:") and "space" in e for e in errors)
    assert not any(f"{path}:1:" in e for e in errors)


def test_a_token_value_the_tokenizer_splits_is_an_error(tmp_path):
    path = write(tmp_path / "p.jsonl", '{"label":"GANG_ORG","pattern":[{"LOWER":"yamaguchi-gumi"}]}')
    (error,) = lint_one(path)
    assert ":1:" in error and "split by the tokenizer" in error


def test_duplicates_and_one_phrase_under_two_labels(tmp_path):
    path = write(
        tmp_path / "p.jsonl",
        '{"label":"DRUG","pattern":"fentanyl"}',
        '{"label":"DRUG","pattern":"Fentanyl"}',
        '{"label":"WEAPON","pattern":"FENTANYL"}',
    )
    errors = lint_one(path)
    assert any(":2:" in e and "duplicate of p.jsonl:1" in e for e in errors)
    assert any(":3:" in e and "WEAPON here but DRUG" in e for e in errors)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"label":"DRUG","pattern":"heroin"', "invalid JSON"),
        ('{"pattern":"heroin"}', "missing field 'label'"),
        ('{"label":"DRUG"}', "missing field 'pattern'"),
        ('["DRUG","heroin"]', "must be a JSON object"),
        ('{"label":"DRUG","pattern":[{"NOSUCHATTR":"x"}]}', "invalid token pattern"),
        ('{"label":"DRUG","pattern":" heroin"}', "leading or trailing spaces"),
    ],
)
def test_invalid_lines_are_errors(tmp_path, line, message):
    path = write(tmp_path / "p.jsonl", '{"label":"DRUG","pattern":"ok"}', line)
    (error,) = lint_one(path)
    assert error.startswith(f"{path}:2: error:") and message in error


def test_loading_a_broken_file_names_the_file_and_line(tmp_path):
    write(tmp_path / "drugs.jsonl", '{"label":"DRUG","pattern":"heroin"}', "not json")
    with pytest.raises(PatternError, match=r"drugs\.jsonl:2: error: invalid JSON"):
        load_patterns(None, tmp_path)


def test_missing_pattern_path_is_a_clear_error(tmp_path):
    with pytest.raises(PatternError, match="no such pattern file"):
        pattern_files([tmp_path / "nope.jsonl"], tmp_path)


def test_shipped_lists_lint_clean():
    report = lint_patterns(pattern_files(None, SHIPPED), tokenize)
    assert report.issues == []
    assert report.files >= 3


def test_shipped_lists_are_big_enough_and_labelled_by_file():
    counts = Counter()
    for path in pattern_files(None, SHIPPED):
        entries, _ = read_pattern_file(path)
        labels = {e.label for e in entries}
        assert len(labels) == 1, f"{path.name} mixes labels {labels}"
        counts[labels.pop()] += len(entries)
    assert counts["DRUG"] >= 300
    assert counts["GANG_ORG"] >= 250
    assert counts["WEAPON"] >= 100


AMBIGUOUS = {"pot", "coke", "ice", "crystal", "molly", "snow", "soap", "weed", "grass", "crank"}


def test_ambiguous_single_words_are_not_shipped():
    phrases = {str(e.pattern).lower() for p in pattern_files(None, SHIPPED) for e in read_pattern_file(p)[0]}
    assert not AMBIGUOUS & phrases
    assert "crystal meth" in phrases


def example_text(pattern: str | list[dict]) -> str:
    """The text a pattern matches: the phrase, or each token's first allowed value (written as is)."""
    if isinstance(pattern, str):
        return pattern
    words = []
    for token in pattern:
        value = next(iter(token.values()))
        words.append(value["IN"][0] if isinstance(value, dict) else value)
    return " ".join(words)


def test_every_shipped_pattern_matches_its_own_text_through_the_pipeline(pipeline):
    entries = [e for p in pattern_files(None, SHIPPED) for e in read_pattern_file(p)[0]]
    prefix = "Investigators noted that "
    texts = [f"{prefix}{example_text(e.pattern)} was mentioned twice." for e in entries]
    failures = []
    for entry, doc in zip(entries, pipeline.nlp.pipe(texts), strict=True):
        spans = {(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents}
        if (len(prefix), len(prefix) + len(example_text(entry.pattern)), entry.label) not in spans:
            failures.append(f"{entry.path.name}:{entry.line} {entry.pattern!r}")
    assert failures == []


def test_adding_a_label_is_adding_a_file(tmp_path):
    write(tmp_path / "vehicles.jsonl", json.dumps({"label": "VEHICLE", "pattern": "Ford Transit"}))
    custom = build_pipeline(Settings.from_env(env={}, patterns_dir=tmp_path, models_dir=tmp_path / "none"))
    mentions = extract_text(custom.nlp, "A white ford transit van was seen.")
    assert [(m.text, m.label) for m in mentions if m.label == "VEHICLE"] == [("ford transit", "VEHICLE")]
    assert custom.info.pattern_counts == {"VEHICLE": 1}


def test_lint_warns_about_a_generic_head_or_form_in_a_pattern(tmp_path):
    path = write(
        tmp_path / "p.jsonl",
        json.dumps({"label": "GANG_ORG", "pattern": "Iron Saints Motorcycle Club"}),
        json.dumps({"label": "DRUG", "pattern": "fentanyl pills"}),
        json.dumps({"label": "GANG_ORG", "pattern": "Tiny Rascal Gangsters"}),
        json.dumps({"label": "DRUG", "pattern": "crack cocaine"}),
    )
    warnings = [str(i) for i in lint_patterns([path], tokenize).issues if i.severity == "warning"]
    assert len(warnings) == 2
    assert "p.jsonl:1: warning: 'Iron Saints Motorcycle Club' ends in 'motorcycle club'" in warnings[0]
    assert "p.jsonl:2: warning: 'fentanyl pills' ends in 'pills'" in warnings[1]


def test_a_drug_with_its_form_is_the_substance_and_a_class_is_no_drug(pipeline):
    text = "Powder cocaine and marijuana plants were seized. Benzodiazepines and poppy straw were listed too."
    assert labelled(pipeline, text, "DRUG") == {"cocaine", "marijuana"}


def test_reference_sheet_substances_are_listed(pipeline):
    text = "Users chew salvia leaves. Poppers hold amyl nitrite, and whippets hold nitrous oxide cut with quinine."
    assert {"salvia", "amyl nitrite", "nitrous oxide", "quinine"} <= labelled(pipeline, text, "DRUG")


def test_well_known_gangs_sets_and_cartel_factions_are_listed(pipeline):
    text = "Inmates from Neta, Sureño 13s and Norteño 14s met envoys of Los Cuinis, Gente Nueva and the Vicelords."
    assert {"Neta", "Sureño 13s", "Norteño 14s", "Los Cuinis", "Gente Nueva", "Vicelords"} <= labelled(
        pipeline, text, "GANG_ORG"
    )
