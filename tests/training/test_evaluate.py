import csv
import io

import spacy

from nerpipe import Settings, build_pipeline
from nerpipe.training.convert import AnnotatedText, Span
from nerpipe.training.evaluate import (
    MISSED,
    SPURIOUS,
    agreement,
    confusion_csv,
    confusion_png,
    errors_csv,
    precision_by_confidence,
    score_spans,
    scores_csv,
    scores_table,
)

ITEMS = [
    AnnotatedText("Ana sold heroin to MS-13 in Tijuana.", [Span(9, 15, "DRUG"), Span(19, 24, "GANG_ORG")]),
    AnnotatedText("The Crips bought ice.", [Span(4, 9, "GANG_ORG"), Span(17, 20, "DRUG")]),
]
PREDICTED = [[(9, 15, "DRUG"), (19, 24, "ORG"), (28, 35, "GPE")], [(4, 9, "GANG_ORG"), (0, 3, "DRUG")]]


def test_precision_recall_f_per_label_and_confusion():
    result = score_spans("model", ITEMS, PREDICTED, {"DRUG", "GANG_ORG"})
    drug, gang = result.per_label["DRUG"], result.per_label["GANG_ORG"]
    assert (drug.tp, drug.fp, drug.fn) == (1, 1, 1)
    assert (gang.tp, gang.fp, gang.fn) == (1, 0, 1)
    assert (result.overall.tp, result.overall.fp, result.overall.fn) == (2, 1, 2)
    assert round(result.overall.precision, 3) == 0.667 and round(result.overall.recall, 3) == 0.5
    # ORG and GPE predictions are outside the scored labels: the gold MS-13 counts as missed.
    assert result.confusion[("GANG_ORG", MISSED)] == 1
    assert result.confusion[("DRUG", MISSED)] == 1
    assert result.confusion[(SPURIOUS, "DRUG")] == 1
    errors = list(csv.DictReader(io.StringIO(errors_csv(result))))
    assert {"text": "ice", "gold": "DRUG", "predicted": MISSED, "context": "The Crips bought «ice»."} in errors


def test_reports_as_text_csv_and_png(tmp_path):
    first = score_spans("base", ITEMS, [[], []], {"DRUG", "GANG_ORG"})
    second = score_spans("retrained", ITEMS, PREDICTED, {"DRUG", "GANG_ORG"})
    table = scores_table([first, second])
    assert "overall" in table and "base" in table and "retrained" in table
    rows = list(csv.DictReader(io.StringIO(scores_csv([first, second]))))
    assert {r["pipeline"] for r in rows} == {"base", "retrained"}
    assert confusion_csv(second).splitlines()[0].startswith("gold \\ predicted")
    confusion_png(second, tmp_path / "confusion.png")
    assert (tmp_path / "confusion.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_agreement_ignores_intended_changes_and_a_leading_the():
    def ruler_pipeline(patterns):
        nlp = spacy.blank("en")
        nlp.add_pipe("entity_ruler").add_patterns(patterns)
        return nlp

    reference = ruler_pipeline(
        [
            {"label": "ORG", "pattern": "the DEA"},
            {"label": "PERSON", "pattern": "Maria"},
            {"label": "ORG", "pattern": "Crips"},
            {"label": "GPE", "pattern": "Denver"},
        ]
    )
    candidate = ruler_pipeline(
        [
            {"label": "ORG", "pattern": "DEA"},
            {"label": "PERSON", "pattern": "Maria"},
            {"label": "GANG_ORG", "pattern": "Crips"},
        ]
    )
    items = [AnnotatedText("Maria told the DEA about the Crips in Denver.", [Span(29, 34, "GANG_ORG")])]
    scores = agreement(reference, candidate, items, labels=("PERSON", "ORG", "GPE"), custom={"GANG_ORG"})
    assert scores["ORG"] == 1.0 and scores["PERSON"] == 1.0
    assert scores["GPE"] == 0.0  # Denver is forgotten: that is what the check is for


def test_precision_by_confidence_counts_what_each_minimum_keeps(tmp_path):
    nlp = build_pipeline(Settings.from_env(env={}, models_dir=tmp_path), confidence=True).nlp
    text = "Agents seized fentanyl from John Smith in Chicago. Helen Park sold heroin to the Crips."
    gold = [Span(14, 22, "DRUG"), Span(28, 38, "PERSON"), Span(51, 61, "PERSON"), Span(67, 73, "DRUG")]
    rows = precision_by_confidence([nlp(text)], [AnnotatedText(text, gold)], (0.0, 0.5, 1.01))
    assert [row.threshold for row in rows] == [0.0, 0.5, 1.01]
    # Everything labelled DRUG or PERSON is counted at 0; the two pattern drugs (confidence 1.0) are right.
    assert rows[0].kept >= rows[1].kept >= rows[2].kept == 0
    assert rows[0].correct >= 2 and rows[1].correct >= 2 and rows[0].precision == rows[0].correct / rows[0].kept


def test_error_csv_cells_from_documents_are_neutralised():
    text = "=cmd|' /C calc'!A0 sold heroin."
    items = [AnnotatedText(text, [Span(0, 18, "DRUG")])]
    result = score_spans("model", items, [[]], {"DRUG"})
    (row,) = list(csv.DictReader(io.StringIO(errors_csv(result))))
    assert row["text"].startswith("'=") and not row["context"].startswith("=")
