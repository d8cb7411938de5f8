"""Pattern files: read, validate and lint spaCy entity-ruler JSONL.

Each `patterns/*.jsonl` file holds one pattern per line: `{"label", "pattern", "id"?}` where
`pattern` is a phrase (matched case-insensitively on the token's LOWER form) or a list of token
dicts. Adding a label is adding a file: nothing here knows the labels.

Lint exists because a pattern that can never match fails silently: an earlier system shipped a
gang list written as `[{"lower": "Baltimore Crew"}]` (capitals and a space inside one token) and
found no gang at all.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.schemas import validate_token_pattern

from nerpipe.errors import PatternError

log = logging.getLogger(__name__)

PATTERN_GLOB = "*.jsonl"
KNOWN_FIELDS = frozenset({"label", "pattern", "id"})
#: Token attributes whose string value must equal one token's text (or its lowercase form).
TEXT_ATTRS = ("ORTH", "TEXT", "LOWER", "NORM")

#: Splits text into token strings; lint uses spaCy's English tokenizer.
Tokenize = Callable[[str], list[str]]


@dataclass(frozen=True, slots=True)
class PatternEntry:
    """One valid line of a pattern file, with where it came from."""

    label: str
    pattern: str | list[dict[str, Any]]
    id: str | None
    path: Path
    line: int

    def ruler_dict(self) -> dict[str, Any]:
        """The dict the entity ruler takes. Every pattern gets an id, so a match is recognisable
        as a pattern match and carries a canonical name (its own text when none is given)."""
        return {"label": self.label, "pattern": self.pattern, "id": self.id or pattern_text(self.pattern)}


@dataclass(frozen=True, slots=True)
class PatternIssue:
    """A problem found in a pattern file, located by file and line."""

    path: Path
    line: int
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.severity}: {self.message}"


def pattern_text(pattern: str | list[dict[str, Any]]) -> str:
    """A readable text for a pattern: the phrase itself, or the tokens' text values joined."""
    if isinstance(pattern, str):
        return pattern
    words = []
    for token in pattern:
        value = next((v for k, v in token.items() if k.upper() in TEXT_ATTRS), None)
        if isinstance(value, dict) and isinstance(value.get("IN"), list) and value["IN"]:
            value = value["IN"][0]
        words.append(value if isinstance(value, str) else "?")
    return " ".join(words)


def pattern_files(paths: Sequence[Path] | None, default_dir: Path) -> list[Path]:
    """Expand the given files and folders (or the default folder) into a sorted list of JSONL files."""
    targets = list(paths) if paths else [default_dir]
    files: list[Path] = []
    for target in targets:
        if target.is_dir():
            files.extend(sorted(target.glob(PATTERN_GLOB)))
        elif target.is_file():
            files.append(target)
        else:
            raise PatternError(f"{target}: no such pattern file or folder")
    return files


def read_pattern_file(path: Path) -> tuple[list[PatternEntry], list[PatternIssue]]:
    """Parse one JSONL file: the valid entries, and an issue for every line that is not one."""
    entries: list[PatternEntry] = []
    issues: list[PatternIssue] = []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [], [PatternIssue(path, 0, f"cannot read the file: {exc}")]
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        entry, problems = _parse_line(raw, path, number)
        issues.extend(problems)
        if entry is not None:
            entries.append(entry)
    return entries, issues


def _parse_line(raw: str, path: Path, number: int) -> tuple[PatternEntry | None, list[PatternIssue]]:
    def issue(message: str, severity: str = "error") -> PatternIssue:
        return PatternIssue(path, number, message, severity)

    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        return None, [issue(f"invalid JSON ({exc.msg} at column {exc.colno})")]
    if not isinstance(data, dict):
        return None, [issue("each line must be a JSON object with 'label' and 'pattern'")]
    problems = [
        issue(f"unknown field '{key}' (expected label, pattern, id)", "warning")
        for key in data
        if key not in KNOWN_FIELDS
    ]
    label, pattern, pattern_id = data.get("label"), data.get("pattern"), data.get("id")
    if not isinstance(label, str) or not label.strip():
        problems.append(issue("missing field 'label' (a non-empty string such as \"DRUG\")"))
    elif label != label.upper() or " " in label:
        problems.append(
            issue(f"label '{label}' should be upper case without spaces, e.g. '{label.upper()}'", "warning")
        )
    if pattern_id is not None and not isinstance(pattern_id, str):
        problems.append(issue("field 'id' must be a string"))
    if pattern is None:
        problems.append(issue("missing field 'pattern' (a phrase, or a list of token objects)"))
    elif isinstance(pattern, str):
        if not pattern.strip():
            problems.append(issue("empty phrase pattern"))
        elif pattern != pattern.strip():
            problems.append(issue(f"phrase {pattern!r} has leading or trailing spaces: it can never match"))
    elif isinstance(pattern, list) and pattern and all(isinstance(t, dict) for t in pattern):
        problems.extend(issue(f"invalid token pattern: {msg}") for msg in validate_token_pattern(pattern))
    else:
        problems.append(issue("field 'pattern' must be a phrase string or a non-empty list of token objects"))
    if any(p.severity == "error" for p in problems):
        return None, problems
    return PatternEntry(label, pattern, pattern_id, path, number), problems


def load_patterns(paths: Sequence[Path] | None, default_dir: Path) -> list[PatternEntry]:
    """All valid patterns from the pattern files; a malformed line is a `PatternError` naming it,
    because silently skipping part of an analyst's list would hide entities."""
    entries: list[PatternEntry] = []
    for path in pattern_files(paths, default_dir):
        found, issues = read_pattern_file(path)
        errors = [i for i in issues if i.severity == "error"]
        if errors:
            more = f" (and {len(errors) - 1} more; run `nerpipe patterns lint`)" if len(errors) > 1 else ""
            raise PatternError(f"{errors[0]}{more}")
        entries.extend(found)
    log.debug("loaded %d patterns from %s", len(entries), paths or default_dir)
    return entries


def patterns_hash(paths: Sequence[Path] | None, default_dir: Path) -> str:
    """A fingerprint of the pattern files in use (names and bytes)."""
    digest = hashlib.sha256()
    for path in pattern_files(paths, default_dir):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def count_by_label(entries: Iterable[PatternEntry]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for entry in entries:
        counts[entry.label] = counts.get(entry.label, 0) + 1
    return counts


@dataclass(frozen=True, slots=True)
class LintReport:
    """What `lint_patterns` checked and found."""

    files: int
    patterns: int
    issues: list[PatternIssue]

    @property
    def errors(self) -> list[PatternIssue]:
        return [issue for issue in self.issues if issue.severity == "error"]


def lint_patterns(files: Sequence[Path], tokenize: Tokenize) -> LintReport:
    """Every problem in the files: invalid lines, patterns that can never match, exact
    duplicates and one phrase under two labels."""
    issues: list[PatternIssue] = []
    checked = 0
    first_seen: dict[tuple[str, ...], PatternEntry] = {}
    for path in files:
        entries, problems = read_pattern_file(path)
        issues.extend(problems)
        checked += len(entries)
        for entry in entries:
            issues.extend(_unmatchable(entry, tokenize))
            key = _match_key(entry.pattern, tokenize)
            issues.extend(_generic_ending(entry, key))
            if key is None:
                continue
            earlier = first_seen.get(key)
            if earlier is None:
                first_seen[key] = entry
            elif earlier.label == entry.label:
                issues.append(
                    PatternIssue(
                        path,
                        entry.line,
                        f"duplicate of {earlier.path.name}:{earlier.line} ({pattern_text(entry.pattern)!r})",
                    )
                )
            else:
                issues.append(
                    PatternIssue(
                        path,
                        entry.line,
                        f"{pattern_text(entry.pattern)!r} is {entry.label} here but "
                        f"{earlier.label} at {earlier.path.name}:{earlier.line}",
                    )
                )
    issues.sort(key=lambda issue: (str(issue.path), issue.line))
    return LintReport(len(files), checked, issues)


#: Words that a name is annotated without (the annotation guidelines): a gang's generic head, a drug's form.
GENERIC_ENDINGS: dict[str, tuple[tuple[str, ...], ...]] = {
    "GANG_ORG": (
        ("gang",), ("gangs",), ("street", "gang"), ("prison", "gang"), ("motorcycle", "club"), ("mc",),
        ("omg",), ("clique",), ("criminal", "enterprise"), ("cartel", "faction"),
    ),
    "DRUG": (("pills",), ("pill",), ("powder",), ("tablets",), ("tablet",), ("capsules",)),
}  # fmt: skip


def _generic_ending(entry: PatternEntry, key: tuple[str, ...] | None) -> list[PatternIssue]:
    """A pattern that ends in a generic head or a form word ("Outlaws MC", "fentanyl pills"): the span
    then holds more than the name, against the annotation guidelines (the case rules take the head off)."""
    if key is None:
        return []
    for ending in GENERIC_ENDINGS.get(entry.label, ()):
        if len(key) > len(ending) and key[-len(ending) :] == ending:
            return [
                PatternIssue(
                    entry.path,
                    entry.line,
                    f"{pattern_text(entry.pattern)!r} ends in {' '.join(ending)!r}: list the name without it "
                    "(the annotation guidelines leave generic heads and forms out of the span)",
                    severity="warning",
                )
            ]
    return []


def _unmatchable(entry: PatternEntry, tokenize: Tokenize) -> list[PatternIssue]:
    """Token values that can never equal a token: capitals under LOWER, spaces, text the
    tokenizer would split into several tokens."""
    if isinstance(entry.pattern, str):
        return []
    problems: list[str] = []
    for position, token in enumerate(entry.pattern, start=1):
        for key, value in token.items():
            attr = key.upper()
            if attr not in TEXT_ATTRS:
                continue
            values = value.get("IN", []) if isinstance(value, dict) else [value]
            for text in (v for v in values if isinstance(v, str)):
                where = f"token {position}: {key} value {text!r}"
                if attr == "LOWER" and text != text.lower():
                    problems.append(f"{where} has capitals: a LOWER value must be lower case or it never matches")
                if any(ch.isspace() for ch in text):
                    problems.append(
                        f"{where} holds a space: a token never does; use one token object per word, or a phrase pattern"
                    )
                    continue
                pieces = tokenize(text)
                if len(pieces) > 1:
                    problems.append(
                        f"{where} is split by the tokenizer into {pieces}: use one token "
                        "object per piece, or a phrase pattern"
                    )
    return [PatternIssue(entry.path, entry.line, message) for message in problems]


def _match_key(pattern: str | list[dict[str, Any]], tokenize: Tokenize) -> tuple[str, ...] | None:
    """The lower-cased token sequence a pattern matches, when it matches exactly one; None for
    token patterns with operators or non-text attributes, which cannot be compared this way."""
    if isinstance(pattern, str):
        return tuple(t.lower() for t in tokenize(pattern))
    words = []
    for token in pattern:
        if len(token) != 1:
            return None
        ((key, value),) = token.items()
        if key.upper() not in TEXT_ATTRS or not isinstance(value, str):
            return None
        words.append(value.lower())
    return tuple(words)
