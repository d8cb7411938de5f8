"""The shipped training, dev and test data: what the generator builds, large enough, and fair tests."""

import importlib.util
import json
import sys

import pytest

from nerpipe.config import PROJECT_ROOT
from nerpipe.training.convert import clean, read_labelstudio_min

DATA = PROJECT_ROOT / "training_data"


def _generator():
    spec = importlib.util.spec_from_file_location("build_training_data", DATA / "build_training_data.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


generator = _generator()


def test_shipped_files_are_what_the_generator_builds():
    train, dev, unlabelled = generator.build_all()
    assert (DATA / "train.json").read_text(encoding="utf-8") == generator.as_json(train)
    assert (DATA / "dev.json").read_text(encoding="utf-8") == generator.as_json(dev)
    assert (DATA / "unlabelled.txt").read_text(encoding="utf-8") == "\n".join(unlabelled) + "\n"
    assert (DATA / "test.json").read_text(encoding="utf-8") == generator.as_json(generator.build_test(train, dev))


def test_the_test_set_shares_no_name_with_train_or_dev_and_names_unlisted_ones():
    def shipped(name: str) -> set[str]:
        return generator.custom_names(json.loads((DATA / name).read_text(encoding="utf-8")))

    test = shipped("test.json")
    assert len(test) > 40
    assert not test & (shipped("train.json") | shipped("dev.json"))
    assert {"pressies", "orlov organisation", "kel-tec sub2000"} <= test


@pytest.mark.parametrize(("name", "least"), [("train.json", 1000), ("dev.json", 250), ("test.json", 250)])
def test_shipped_files_read_as_label_studio_with_every_custom_label(name, least):
    items, report = clean(read_labelstudio_min(DATA / name))
    assert len(items) >= least
    # One dev span cannot align: spaCy keeps "2C-B." (a sentence's last word) as one token.
    assert len(report.warnings) <= 1 and all("does not align" in warning for warning in report.warnings)
    labels = {span.label for item in items for span in item.spans}
    assert {"DRUG", "GANG_ORG", "WEAPON", "PERSON"} <= labels


def test_training_uses_made_up_drug_names_that_dev_never_sees():
    train = json.loads((DATA / "train.json").read_text(encoding="utf-8"))
    found = {s["text"].lower() for item in train for s in item["label"] if s["labels"] == ["DRUG"]}
    invented = {name.lower() for name in generator.TRAIN.invented_drugs}
    assert len(found & invented) > 50
    assert not invented & {name.lower() for name in generator.DEV.drugs}


def test_invented_drug_names_are_distinct_and_skip_the_excluded():
    names = generator.invented_drug_names(60, seed=1, exclude=["K-bars", "momo"])
    assert len(names) == 60 and len({n.lower() for n in names}) == 60
    assert "k-bars" not in {n.lower() for n in names} and "momo" not in names
    assert names == generator.invented_drug_names(60, seed=1, exclude=["K-bars", "momo"])


def test_a_dev_name_in_training_is_refused():
    item = {"text": "He sold tusi.", "label": [{"start": 8, "end": 12, "text": "tusi", "labels": ["DRUG"]}]}
    with pytest.raises(generator.DataCheckError, match="tusi"):
        generator.check_disjoint([item], [item])


def test_a_dev_sentence_that_repeats_training_wording_is_refused():
    generator.check_shapes(["{P} sold {DRUG} near the old railway bridge."], ["{P} was seen near the school."])
    with pytest.raises(generator.DataCheckError, match="railway"):
        generator.check_shapes(
            ["{P} sold {DRUG} near the old railway bridge."], ["{GANG} met near the old railway bridge at night."]
        )


def test_a_span_that_does_not_cover_its_text_is_refused():
    good = {"text": "He sold tusi.", "label": [{"start": 8, "end": 12, "text": "tusi", "labels": ["DRUG"]}]}
    generator.check([good])
    for start, end in ((7, 12), (8, 11)):
        bad = {**good, "label": [{**good["label"][0], "start": start, "end": end}]}
        with pytest.raises(generator.DataCheckError, match="does not cover"):
            generator.check([bad])
