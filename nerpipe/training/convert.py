"""Annotated NER data between the formats analysts and earlier systems used.

Every reader gives `AnnotatedText`s (text + character spans); `clean` then makes the spans usable
for training with spaCy: whitespace trimmed, overlaps resolved (the longest wins), and spans that
do not fall on token boundaries reported with their text and position, then either snapped to the
tokens they touch (`snap=True`) or skipped. Nothing is dropped silently.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nerpipe.errors import NerpipeError


class ConvertError(NerpipeError):
    """The input cannot be read in the format asked for."""


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    label: str


@dataclass(slots=True)
class AnnotatedText:
    text: str
    spans: list[Span] = field(default_factory=list)


@dataclass(slots=True)
class Report:
    """What a conversion read, wrote and had to change."""

    texts: int = 0
    spans: int = 0
    warnings: list[str] = field(default_factory=list)


# -- readers ------------------------------------------------------------------------------------


def _json_items(path: Path) -> list[Any]:
    """The items of a JSON array file, or of a JSON-lines file (one item per line)."""
    raw = path.read_text(encoding="utf-8-sig")
    lines = [line for line in raw.splitlines() if line.strip()]
    try:
        if path.suffix.lower() == ".jsonl" or (
            len(lines) > 1
            and not raw.lstrip().startswith("[\n")
            and all(line.lstrip().startswith(("{", "[")) for line in lines)
            and _is_json(lines[0])
        ):
            return [json.loads(line) for line in lines]
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ConvertError(f"{path}: invalid JSON ({exc.msg} at line {exc.lineno})") from None
    return data if isinstance(data, list) else [data]


def _is_json(line: str) -> bool:
    try:
        json.loads(line)
    except json.JSONDecodeError:
        return False
    return True


def read_labelstudio_min(path: Path) -> list[AnnotatedText]:
    """Label Studio JSON-MIN: [{"text": ..., "label": [{"start", "end", "text", "labels": [...]}]}]."""
    texts = []
    for item in _json_items(path):
        text = item.get("text") or item.get("data", {}).get("text")
        if not isinstance(text, str):
            raise ConvertError(f"{path}: an item has no 'text': not Label Studio JSON-MIN")
        regions = next((v for k, v in item.items() if isinstance(v, list) and k not in ("text",)), [])
        texts.append(
            AnnotatedText(
                text,
                [
                    Span(r["start"], r["end"], (r.get("labels") or [r.get("label")])[0])
                    for r in regions
                    if isinstance(r, dict) and "start" in r
                ],
            )
        )
    return texts


def read_labelstudio(path: Path) -> list[AnnotatedText]:
    """Label Studio full JSON export: tasks with `data.text` and `annotations[].result[].value`."""
    texts = []
    for task in _json_items(path):
        text = task.get("data", {}).get("text")
        if not isinstance(text, str):
            raise ConvertError(f"{path}: a task has no data.text: not a Label Studio JSON export")
        annotations = [a for a in task.get("annotations", []) if not a.get("was_cancelled")]
        results = annotations[-1]["result"] if annotations else []
        texts.append(
            AnnotatedText(
                text,
                [
                    Span(r["value"]["start"], r["value"]["end"], r["value"]["labels"][0])
                    for r in results
                    if r.get("type", "labels") == "labels" and "value" in r
                ],
            )
        )
    return texts


def read_spacy_json(path: Path) -> list[AnnotatedText]:
    """spaCy offsets: [text, {"entities": [[start, end, label], ...]}] per item (JSON or JSON lines)."""
    texts = []
    for item in _json_items(path):
        if not (isinstance(item, list) and len(item) == 2 and isinstance(item[0], str)):
            raise ConvertError(f"{path}: expected [text, {{'entities': [...]}}] items")
        texts.append(AnnotatedText(item[0], [Span(s, e, label) for s, e, label in item[1].get("entities", [])]))
    return texts


def read_offsets_jsonl(path: Path) -> list[AnnotatedText]:
    """One {"text": ..., "entities": [[start, end, label], ...]} object a line (other keys, such as
    "id", are kept out): the shape of ../shared/real-dev and of many annotation exports."""
    texts = []
    for item in _json_items(path):
        if not (isinstance(item, dict) and isinstance(item.get("text"), str)):
            raise ConvertError(f"{path}: expected {{'text': ..., 'entities': [[start, end, label], ...]}} items")
        texts.append(AnnotatedText(item["text"], [Span(s, e, label) for s, e, label in item.get("entities", [])]))
    return texts


def read_dataturks(path: Path) -> list[AnnotatedText]:
    """DataTurks JSON lines: {"content", "annotation": [{"label": [...], "points": [{"start", "end"}]}]};
    `end` is inclusive."""
    texts = []
    for item in _json_items(path):
        if "content" not in item:
            raise ConvertError(f"{path}: an item has no 'content': not DataTurks JSON")
        spans = []
        for annotation in item.get("annotation") or []:
            labels = annotation.get("label") or []
            label = labels[0] if isinstance(labels, list) and labels else labels
            for point in annotation.get("points", []):
                spans.append(Span(point["start"], point["end"] + 1, str(label)))
        texts.append(AnnotatedText(item["content"], spans))
    return texts


def _tokens_to_text(tokens: list[str], tags: list[str]) -> AnnotatedText:
    """Tokens joined by single spaces; B-/I- tags (IOB2, tolerant of IOB1) become spans."""
    text_parts, spans, position = [], [], 0
    current: list[Any] | None = None
    for token, tag in zip(tokens, tags, strict=True):
        start = position
        text_parts.append(token)
        position += len(token) + 1
        prefix, _, label = tag.partition("-")
        if prefix == "B" or (prefix == "I" and (current is None or current[2] != label)):
            if current is not None:
                spans.append(Span(*current))
            current = [start, start + len(token), label]
        elif prefix == "I":
            current[1] = start + len(token)  # type: ignore[index]
        else:
            if current is not None:
                spans.append(Span(*current))
            current = None
    if current is not None:
        spans.append(Span(*current))
    return AnnotatedText(" ".join(text_parts), spans)


def read_conll(path: Path) -> list[AnnotatedText]:
    """BIO/IOB2 CoNLL: token and tag per line (the tag last), a blank line between sentences."""
    texts, tokens, tags = [], [], []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("-DOCSTART-"):
            if tokens:
                texts.append(_tokens_to_text(tokens, tags))
                tokens, tags = [], []
            continue
        parts = line.split()
        if len(parts) < 2:
            raise ConvertError(f"{path}:{number}: expected a token and a tag")
        tokens.append(parts[0])
        tags.append(parts[-1])
    if tokens:
        texts.append(_tokens_to_text(tokens, tags))
    return texts


def read_gmb_csv(path: Path) -> list[AnnotatedText]:
    """The `Sentence #,Word,POS,Tag` CSV (latin-1; the sentence id only on a sentence's first row)."""
    texts, tokens, tags = [], [], []
    with path.open(encoding="latin-1", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if not header or [h.strip() for h in header[:4]] != ["Sentence #", "Word", "POS", "Tag"]:
            raise ConvertError(f"{path}: expected the header 'Sentence #,Word,POS,Tag'")
        for row in reader:
            if len(row) < 4:
                continue
            if row[0].strip() and tokens:
                texts.append(_tokens_to_text(tokens, tags))
                tokens, tags = [], []
            tokens.append(row[1])
            tags.append(row[3])
    if tokens:
        texts.append(_tokens_to_text(tokens, tags))
    return texts


def read_docbin(path: Path) -> list[AnnotatedText]:
    import spacy
    from spacy.tokens import DocBin

    try:
        docs = DocBin().from_disk(path).get_docs(spacy.blank("en").vocab)
        return [AnnotatedText(doc.text, [Span(e.start_char, e.end_char, e.label_) for e in doc.ents]) for doc in docs]
    except (ValueError, OSError, KeyError) as exc:
        raise ConvertError(f"{path}: not a spaCy DocBin ({exc})") from None


# -- cleaning -----------------------------------------------------------------------------------


def clean(texts: Iterable[AnnotatedText], *, snap: bool = False) -> tuple[list[AnnotatedText], Report]:
    """Trim whitespace inside spans, resolve overlaps (longest wins), align spans to spaCy tokens."""
    from nerpipe.pipeline.tokenizer_rules import blank_english  # deferred, as spaCy is

    tokenizer = blank_english().tokenizer
    report = Report()
    cleaned = []
    for number, item in enumerate(texts, start=1):
        where = f"text {number}"
        spans = []
        for span in item.spans:
            if not (0 <= span.start < span.end <= len(item.text)) or not span.label:
                report.warnings.append(
                    f"{where}: span {span.start}-{span.end} ({span.label!r}) is outside the "
                    "text or has no label: skipped"
                )
                continue
            piece = item.text[span.start : span.end]
            start = span.start + (len(piece) - len(piece.lstrip()))
            end = span.end - (len(piece) - len(piece.rstrip()))
            if start >= end:
                report.warnings.append(f"{where}: span {span.start}-{span.end} holds only whitespace: skipped")
                continue
            spans.append(Span(start, end, span.label))
        spans = _longest_wins(spans, item.text, where, report)
        doc = tokenizer(item.text)
        aligned = []
        for span in spans:
            if doc.char_span(span.start, span.end) is not None:
                aligned.append(span)
                continue
            text = item.text[span.start : span.end]
            if snap:
                snapped = doc.char_span(span.start, span.end, alignment_mode="expand")
                report.warnings.append(
                    f"{where}: {_quote(text)} at {span.start}-{span.end} does not align with "
                    f"tokens: snapped to {_quote(snapped.text)} at {snapped.start_char}-"
                    f"{snapped.end_char}"
                )
                aligned.append(Span(snapped.start_char, snapped.end_char, span.label))
            else:
                report.warnings.append(
                    f"{where}: {_quote(text)} at {span.start}-{span.end} does not align with "
                    "tokens: skipped (use --snap to widen it to whole tokens)"
                )
        aligned = _longest_wins(aligned, item.text, where, report) if snap else aligned
        cleaned.append(AnnotatedText(item.text, sorted(aligned, key=lambda s: s.start)))
        report.texts += 1
        report.spans += len(aligned)
    return cleaned, report


def _quote(text: str, limit: int = 60) -> str:
    """A span's text for a message: on one line, shortened."""
    flat = " ".join(text.split())
    return repr(flat if len(flat) <= limit else flat[: limit - 1] + "…")


def _longest_wins(spans: list[Span], text: str, where: str, report: Report) -> list[Span]:
    kept: list[Span] = []
    repeated: list[Span] = []
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        clash = next((k for k in kept if span.start < k.end and k.start < span.end), None)
        if clash is None:
            kept.append(span)
        elif clash == span:
            repeated.append(span)
        else:
            report.warnings.append(
                f"{where}: {_quote(text[span.start : span.end])} ({span.label}) overlaps "
                f"{_quote(text[clash.start : clash.end])} ({clash.label}): the longer one is kept"
            )
    if repeated:
        report.warnings.append(_repeated_warning(sorted(repeated, key=lambda s: s.start), text, where))
    return kept


def _repeated_warning(repeated: list[Span], text: str, where: str, shown: int = 3) -> str:
    """One line for a text's exact duplicates (an annotation tool's import doubled, say), with a few examples."""
    examples = ", ".join(f"{_quote(text[s.start : s.end])} ({s.label}) at {s.start}-{s.end}" for s in repeated[:shown])
    more = f" and {len(repeated) - shown} more" if len(repeated) > shown else ""
    return (
        f"{where}: {len(repeated)} span(s) annotated more than once with the same label and offsets "
        f"({examples}{more}): each kept once"
    )


# -- writers ------------------------------------------------------------------------------------


def write_labelstudio_min(texts: list[AnnotatedText], path: Path) -> None:
    items = [
        {
            "text": t.text,
            "label": [
                {"start": s.start, "end": s.end, "text": t.text[s.start : s.end], "labels": [s.label]} for s in t.spans
            ],
        }
        for t in texts
    ]
    path.write_text(json.dumps(items, ensure_ascii=False, indent=1), encoding="utf-8")


def write_labelstudio(texts: list[AnnotatedText], path: Path) -> None:
    tasks = [
        {
            "data": {"text": t.text},
            "annotations": [
                {
                    "result": [
                        {
                            "from_name": "label",
                            "to_name": "text",
                            "type": "labels",
                            "value": {
                                "start": s.start,
                                "end": s.end,
                                "text": t.text[s.start : s.end],
                                "labels": [s.label],
                            },
                        }
                        for s in t.spans
                    ]
                }
            ],
        }
        for t in texts
    ]
    path.write_text(json.dumps(tasks, ensure_ascii=False, indent=1), encoding="utf-8")


def write_spacy_json(texts: list[AnnotatedText], path: Path) -> None:
    items = [[t.text, {"entities": [[s.start, s.end, s.label] for s in t.spans]}] for t in texts]
    path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")


def write_spacy_jsonl(texts: list[AnnotatedText], path: Path) -> None:
    path.write_text(
        "".join(
            json.dumps([t.text, {"entities": [[s.start, s.end, s.label] for s in t.spans]}], ensure_ascii=False) + "\n"
            for t in texts
        ),
        encoding="utf-8",
    )


def write_conll(texts: list[AnnotatedText], path: Path) -> None:
    from spacy.training import offsets_to_biluo_tags

    from nerpipe.pipeline.tokenizer_rules import blank_english

    nlp = blank_english()
    out = io.StringIO()
    for item in texts:
        doc = nlp.make_doc(item.text)
        tags = offsets_to_biluo_tags(doc, [(s.start, s.end, s.label) for s in item.spans])
        for token, tag in zip(doc, tags, strict=True):
            if token.is_space:
                continue
            out.write(f"{token.text}\t{_biluo_to_iob(tag)}\n")
        out.write("\n")
    path.write_text(out.getvalue(), encoding="utf-8")


def _biluo_to_iob(tag: str) -> str:
    if tag in ("O", "-", ""):
        return "O"
    prefix, _, label = tag.partition("-")
    return f"{'B' if prefix in ('B', 'U') else 'I'}-{label}"


def write_docbin(texts: list[AnnotatedText], path: Path) -> None:
    from spacy.tokens import DocBin

    from nerpipe.pipeline.tokenizer_rules import blank_english

    nlp = blank_english()
    store = DocBin()
    for item in texts:
        doc = nlp.make_doc(item.text)
        doc.ents = [doc.char_span(s.start, s.end, label=s.label) for s in item.spans]
        store.add(doc)
    store.to_disk(path)


READERS: dict[str, Callable[[Path], list[AnnotatedText]]] = {
    "labelstudio-min": read_labelstudio_min,
    "labelstudio": read_labelstudio,
    "spacy-json": read_spacy_json,
    "spacy-jsonl": read_spacy_json,
    "offsets-jsonl": read_offsets_jsonl,
    "conll": read_conll,
    "gmb-csv": read_gmb_csv,
    "dataturks": read_dataturks,
    "docbin": read_docbin,
}
WRITERS: dict[str, Callable[[list[AnnotatedText], Path], None]] = {
    "labelstudio-min": write_labelstudio_min,
    "labelstudio": write_labelstudio,
    "spacy-json": write_spacy_json,
    "spacy-jsonl": write_spacy_jsonl,
    "conll": write_conll,
    "docbin": write_docbin,
}


def guess_format(path: Path, *, reading: bool) -> str:
    """The format from the extension, and for JSON from the shape of the first item."""
    suffix = path.suffix.lower()
    if suffix == ".spacy":
        return "docbin"
    if suffix in (".conll", ".iob", ".bio", ".iob2"):
        return "conll"
    if suffix == ".csv":
        return "gmb-csv"
    if suffix in (".json", ".jsonl"):
        if not reading:
            return "labelstudio-min" if suffix == ".json" else "spacy-jsonl"
        first = _json_items(path)[:1]
        if not first:
            raise ConvertError(f"{path}: empty file")
        item = first[0]
        if isinstance(item, list):
            return "spacy-json"
        if "content" in item and "annotation" in item:
            return "dataturks"
        if "annotations" in item and "data" in item:
            return "labelstudio"
        if "text" in item and isinstance(item.get("entities"), list):
            return "offsets-jsonl"
        if "text" in item:
            return "labelstudio-min"
    raise ConvertError(f"{path}: cannot tell the format from the name; give --from/--to ({', '.join(sorted(READERS))})")


def read_annotated(source: Path, source_format: str | None = None) -> list[AnnotatedText]:
    """Annotated texts from a file of any format `READERS` knows (guessed when not given)."""
    if not source.is_file():
        raise ConvertError(f"{source}: no such file")
    reading = source_format or guess_format(source, reading=True)
    if reading not in READERS:
        raise ConvertError(f"unknown input format {reading!r}: use one of {', '.join(sorted(READERS))}")
    try:
        return READERS[reading](source)
    except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
        raise ConvertError(f"{source}: not valid {reading} data ({type(exc).__name__}: {exc})") from None


def convert(
    source: Path,
    target: Path,
    *,
    source_format: str | None = None,
    target_format: str | None = None,
    snap: bool = False,
) -> Report:
    """Read `source`, clean the spans, write `target`; the report lists every change."""
    writing = target_format or guess_format(target, reading=False)
    if writing not in WRITERS:
        raise ConvertError(f"unknown output format {writing!r}: use one of {', '.join(sorted(WRITERS))}")
    texts = read_annotated(source, source_format)
    cleaned, report = clean(texts, snap=snap)
    WRITERS[writing](cleaned, target)
    return report
