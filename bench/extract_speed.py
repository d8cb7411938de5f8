"""Words per second of `nerpipe.extract` with the default pipeline against base + patterns (the same
pipeline without the case rules and the drug spelling model), against plain `nlp.pipe` over the same
pipeline, and against the naive way an earlier dashboard worked (full parse, then `nlp(sentence)` again
for every sentence).

Targets: default ≥ 0.8× base + patterns; extract ≥ 0.9× plain nlp.pipe; ≥ 10× the naive way.
Run: `make bench`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import prose_documents, word_count
from machine import machine_description
from timing import interleaved_medians, median_seconds

from nerpipe import Settings, build_pipeline, extract
from nerpipe.pipeline.build import add_entity_ruler
from nerpipe.pipeline.case_rules import COMPONENT as CASE_RULES
from nerpipe.pipeline.drug_spelling import COMPONENT as DRUG_SPELLING
from nerpipe.pipeline.models import choose_model, load_model
from nerpipe.pipeline.patterns import load_patterns

RESULTS = Path(__file__).resolve().parent / "results"


def main() -> None:
    settings = Settings.from_env()
    pipeline = build_pipeline(settings)
    nlp = pipeline.nlp
    texts = prose_documents(60_000)
    words = word_count(texts)
    items = [(str(i), t) for i, t in enumerate(texts)]

    def run_extract(n_process: int = 1) -> int:
        return sum(1 for _ in extract(nlp, items, batch_size=settings.batch_size, n_process=n_process))

    def run_plain_pipe(n_process: int = 1) -> int:
        return sum(
            len([(e.text, e.label_, e.start_char, e.end_char) for e in doc.ents])
            for doc in nlp.pipe(texts, batch_size=settings.batch_size, n_process=n_process)
        )

    # Base + patterns: the same loaded pipeline without what the default adds after the NER.
    added = [name for name in (CASE_RULES, DRUG_SPELLING) if name in nlp.pipe_names]

    def run_base_patterns() -> int:
        with nlp.select_pipes(disable=added):
            return run_extract()

    paired = interleaved_medians({"default": run_extract, "base_patterns": run_base_patterns})
    extract_s, base_patterns_s = paired["default"], paired["base_patterns"]
    plain_s = median_seconds(run_plain_pipe)
    extract2_s = median_seconds(lambda: run_extract(2))
    plain2_s = median_seconds(lambda: run_plain_pipe(2))

    # The naive way: every component of the base model, then each sentence parsed again.
    naive_nlp = load_model(choose_model(settings.model, settings.models_dir))
    add_entity_ruler(naive_nlp, [e.ruler_dict() for e in load_patterns(None, settings.patterns_dir)])
    naive_texts = texts[: max(1, len(texts) // 6)]
    naive_words = word_count(naive_texts)

    def run_naive() -> int:
        found = 0
        for text in naive_texts:
            for sentence in naive_nlp(text).sents:
                found += len(naive_nlp(sentence.text).ents)
        return found

    naive_s = median_seconds(run_naive, repeats=1)

    rates = {
        "extract": words / extract_s,
        "extract_base_patterns": words / base_patterns_s,
        "plain_pipe": words / plain_s,
        "extract_2_processes": words / extract2_s,
        "plain_pipe_2_processes": words / plain2_s,
        "naive": naive_words / naive_s,
    }
    result = {
        "machine": machine_description(),
        "pipeline": f"{pipeline.info.name} {pipeline.info.version}: {', '.join(pipeline.info.components)}",
        "words": words,
        "naive_words": naive_words,
        "words_per_second": {k: round(v) for k, v in rates.items()},
        "default_vs_base_patterns": round(rates["extract"] / rates["extract_base_patterns"], 3),
        "extract_vs_plain_pipe": round(rates["extract"] / rates["plain_pipe"], 3),
        "extract_2_processes_vs_plain_pipe_2_processes": round(
            rates["extract_2_processes"] / rates["plain_pipe_2_processes"], 3
        ),
        "extract_vs_naive": round(rates["extract"] / rates["naive"], 1),
        "extract_2_processes_vs_naive": round(rates["extract_2_processes"] / rates["naive"], 1),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "extract_speed.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
