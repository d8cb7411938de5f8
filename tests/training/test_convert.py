import itertools
import json
from pathlib import Path

import pytest

from nerpipe.training.convert import (
    AnnotatedText,
    ConvertError,
    Span,
    clean,
    convert,
    read_annotated,
    read_conll,
    read_dataturks,
    read_docbin,
    read_gmb_csv,
    read_labelstudio_min,
    read_offsets_jsonl,
    read_spacy_json,
)

DATASETS = Path(__file__).resolve().parents[2].parent / "shared" / "datasets"
needs_datasets = pytest.mark.skipif(not DATASETS.is_dir(), reason=f"shared datasets not found at {DATASETS}")

SAMPLE = [
    AnnotatedText(
        "Agents seized fentanyl from the Sinaloa Cartel in Tijuana.",
        [Span(14, 22, "DRUG"), Span(32, 46, "GANG_ORG"), Span(50, 57, "GPE")],
    )
]


@pytest.mark.parametrize("target", ["out.json", "out.jsonl", "out.spacy", "out.conll"])
def test_round_trip_through_every_writer(tmp_path, target):
    source = tmp_path / "in.json"
    source.write_text(
        json.dumps(
            [
                {
                    "text": SAMPLE[0].text,
                    "label": [{"start": s.start, "end": s.end, "labels": [s.label]} for s in SAMPLE[0].spans],
                }
            ]
        )
    )
    report = convert(source, tmp_path / target)
    assert (report.texts, report.spans, report.warnings) == (1, 3, [])
    back = {
        "out.json": read_labelstudio_min,
        "out.jsonl": read_spacy_json,
        "out.spacy": read_docbin,
        "out.conll": read_conll,
    }[target](tmp_path / target)
    assert [(back[0].text[s.start : s.end], s.label) for s in back[0].spans] == [
        ("fentanyl", "DRUG"),
        ("Sinaloa Cartel", "GANG_ORG"),
        ("Tijuana", "GPE"),
    ]


def test_labelstudio_full_export_is_read(tmp_path):
    task = {
        "data": {"text": "MS-13 sold heroin."},
        "annotations": [{"result": [{"type": "labels", "value": {"start": 0, "end": 5, "labels": ["GANG_ORG"]}}]}],
    }
    (tmp_path / "export.json").write_text(json.dumps([task]))
    report = convert(tmp_path / "export.json", tmp_path / "out.jsonl")
    assert report.spans == 1
    assert json.loads((tmp_path / "out.jsonl").read_text()) == [
        "MS-13 sold heroin.",
        {"entities": [[0, 5, "GANG_ORG"]]},
    ]


def test_whitespace_is_trimmed_overlaps_keep_the_longest_and_misaligned_spans_are_reported():
    text = "Met  Juan Perez of the Latin Kings today."
    spans = [Span(3, 16, "PERSON"), Span(10, 15, "PERSON"), Span(23, 29, "GANG_ORG"), Span(24, 35, "GANG_ORG")]
    cleaned, report = clean([AnnotatedText(text, spans)])
    assert [text[s.start : s.end] for s in cleaned[0].spans] == ["Juan Perez"]
    assert any("'Perez' (PERSON) overlaps 'Juan Perez'" in w for w in report.warnings)
    assert any("'atin Kings' at 24-34" in w and "skipped" in w for w in report.warnings) or any(
        "does not align" in w for w in report.warnings
    )
    snapped, snap_report = clean([AnnotatedText(text, spans)], snap=True)
    assert [text[s.start : s.end] for s in snapped[0].spans] == ["Juan Perez", "Latin Kings"]
    assert any("snapped to 'Latin Kings'" in w for w in snap_report.warnings)


def test_bad_inputs_are_clear_errors(tmp_path):
    with pytest.raises(ConvertError, match="no such file"):
        convert(tmp_path / "missing.json", tmp_path / "out.json")
    broken = tmp_path / "broken.json"
    broken.write_text("[{")
    with pytest.raises(ConvertError, match="invalid JSON"):
        convert(broken, tmp_path / "out.json")
    (tmp_path / "data.txt").write_text("x")
    with pytest.raises(ConvertError, match="cannot tell the format"):
        convert(tmp_path / "data.txt", tmp_path / "out.json")
    with pytest.raises(ConvertError, match="unknown output format"):
        convert(broken, tmp_path / "out.json", source_format="spacy-json", target_format="pdf")


@needs_datasets
def test_gmb_csv_sample(tmp_path):
    texts = read_gmb_csv(DATASETS / "gmb_ner_dataset_sample.csv")
    assert len(texts) == 2000
    first = texts[0]
    assert first.text.startswith("Thousands of demonstrators have marched through London")
    assert [(first.text[s.start : s.end], s.label) for s in first.spans][:3] == [
        ("London", "geo"),
        ("Iraq", "geo"),
        ("British", "gpe"),
    ]
    report = convert(DATASETS / "gmb_ner_dataset_sample.csv", tmp_path / "gmb.spacy")
    assert report.texts == 2000 and report.spans > 4000


@needs_datasets
def test_dataturks_resumes_inclusive_ends_overlaps_and_whitespace(tmp_path):
    raw = [json.loads(line) for line in (DATASETS / "dataturks_resumes.json").read_text().splitlines() if line]
    texts = read_dataturks(DATASETS / "dataturks_resumes.json")
    assert len(texts) == len(raw) == 220
    point = raw[0]["annotation"][0]["points"][0]
    span = texts[0].spans[0]
    assert texts[0].text[span.start : span.end] == raw[0]["content"][point["start"] : point["end"] + 1]
    cleaned, report = clean(texts, snap=True)
    assert report.texts == 220
    assert any("overlaps" in w for w in report.warnings)
    for item in cleaned:
        for s in item.spans:
            piece = item.text[s.start : s.end]
            assert piece == piece.strip()
        ordered = sorted(item.spans, key=lambda s: s.start)
        assert all(a.end <= b.start for a, b in itertools.pairwise(ordered))


def test_offsets_jsonl_with_ids_is_recognised_and_read(tmp_path):
    path = tmp_path / "gold.jsonl"
    lines = [
        {"id": "a", "source": "x", "text": "Agents seized fentanyl.", "entities": [[14, 22, "DRUG"]]},
        {"id": "b", "text": "Nothing here.", "entities": []},
    ]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    items = read_annotated(path)
    assert items == read_offsets_jsonl(path)
    assert [(i.text, [(s.start, s.end, s.label) for s in i.spans]) for i in items] == [
        ("Agents seized fentanyl.", [(14, 22, "DRUG")]),
        ("Nothing here.", []),
    ]
    convert(path, tmp_path / "out.json")
    assert read_labelstudio_min(tmp_path / "out.json")[0].spans == [Span(14, 22, "DRUG")]


def test_offsets_jsonl_without_text_is_a_clear_error(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"entities": [[0, 1, "DRUG"]]}) + "\n", encoding="utf-8")
    with pytest.raises(ConvertError, match=r"bad\.jsonl"):
        read_annotated(path, "offsets-jsonl")
