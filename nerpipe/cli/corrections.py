"""`nerpipe correct`: an analyst's corrections to a case, as the dashboard and the API make them:
reject or relabel a mention, add one the pipeline missed, list them, undo one."""

from __future__ import annotations

from typing import Annotated

import typer

from nerpipe.cli.cases import CaseOption
from nerpipe.cli.common import app, say, user_errors
from nerpipe.config import Settings
from nerpipe.errors import CaseError
from nerpipe.store import Store
from nerpipe.terminal import printable
from nerpipe.word_spans import word_occurrences

correct_app = typer.Typer(
    help="Correct a case's mentions: add a missed one, reject or relabel one, list and undo corrections.",
    no_args_is_help=True,
)
app.add_typer(correct_app, name="correct")

DocumentOption = Annotated[
    str, typer.Option("--document", "-d", help="The document: its SHA-256 (or a unique start of it), or its file name.")
]
StartOption = Annotated[int | None, typer.Option("--start", help="First character of the words (0-based).")]
EndOption = Annotated[int | None, typer.Option("--end", help="Character after the words' last one.")]


def _document(store: Store, case: str, given: str) -> str:
    """The SHA-256 of the case's one document `given` names (a SHA-256, its start, or a file name)."""
    names = store.filenames(case)
    chosen = [sha for sha in names if sha == given.lower()] or [sha for sha, name in names.items() if name == given]
    if not chosen and len(given) >= 6:
        chosen = [sha for sha in names if sha.startswith(given.lower())]
    if len(chosen) != 1:
        reason = "several documents match" if chosen else "no document matches"
        raise CaseError(f"--document {given!r}: {reason} in case '{case}' (give its SHA-256; `nerpipe correct list`).")
    return chosen[0]


def _span(store: Store, case: str, sha256: str, start: int | None, end: int | None, words: str | None, nth: int):
    if words is None:
        if start is None or end is None:
            raise CaseError("Give --start and --end (character offsets), or --words.")
        return start, end
    text = store.texts_of(case, [sha256])[sha256]
    found = word_occurrences(text, words)
    if not 1 <= nth <= len(found):
        raise CaseError(f"--words {words!r} occur {len(found)} time(s) as words in that document, not {nth}.")
    return found[nth - 1]


@correct_app.command("add")
def correct_add(
    case: CaseOption,
    document: DocumentOption,
    label: Annotated[str, typer.Option("--label", "-l", help="The label, e.g. DRUG (stored in capitals).")],
    start: StartOption = None,
    end: EndOption = None,
    words: Annotated[str | None, typer.Option("--words", "-w", help="The words, instead of offsets.")] = None,
    occurrence: Annotated[int, typer.Option("--occurrence", min=1, help="With --words: which occurrence.")] = 1,
    carry: Annotated[
        bool, typer.Option("--carry", help="Also add every other occurrence of the same words in the case.")
    ] = False,
) -> None:
    """Mark a name the pipeline missed; it replaces a mention it overlaps. Undo with `correct undo`."""
    with user_errors():
        store = Store.open(Settings.from_env().store_url)
        sha256 = _document(store, case, document)
        first, last = _span(store, case, sha256, start, end, words, occurrence)
        made = store.add_mention(case, sha256, first, last, label, carry=carry)
    for sha, made_start, made_end in made:
        typer.echo(f"added\t{sha}\t{made_start}\t{made_end}\t{label.strip().upper()}")
    say(f"{len(made)} mention(s) added")


@correct_app.command("reject")
def correct_reject(case: CaseOption, document: DocumentOption, start: StartOption, end: EndOption) -> None:
    """Reject a mention: not an entity (an added one is taken away)."""
    with user_errors():
        store = Store.open(Settings.from_env().store_url)
        sha256 = _document(store, case, document)
        first, last = _span(store, case, sha256, start, end, None, 1)
        _require_mention(store, case, sha256, first, last)
        store.reject_mention(case, sha256, first, last)
    say("mention rejected")


@correct_app.command("relabel")
def correct_relabel(
    case: CaseOption,
    document: DocumentOption,
    label: Annotated[str, typer.Option("--label", "-l", help="The new label.")],
    start: StartOption = None,
    end: EndOption = None,
) -> None:
    """Give a mention another label."""
    with user_errors():
        store = Store.open(Settings.from_env().store_url)
        sha256 = _document(store, case, document)
        first, last = _span(store, case, sha256, start, end, None, 1)
        _require_mention(store, case, sha256, first, last)
        store.relabel_mention(case, sha256, first, last, label)
    say("mention relabelled")


@correct_app.command("undo")
def correct_undo(case: CaseOption, document: DocumentOption, start: StartOption, end: EndOption) -> None:
    """Undo the correction at a span (as `correct list` shows it)."""
    with user_errors():
        store = Store.open(Settings.from_env().store_url)
        sha256 = _document(store, case, document)
        first, last = _span(store, case, sha256, start, end, None, 1)
        if not any((d["sha256"], d["start"], d["end"]) == (sha256, first, last) for d in store.list_decisions(case)):
            raise CaseError(f"No correction at {first}-{last} of that document in case '{case}'.")
        store.undo_decision(case, sha256, first, last)
    say("correction undone")


@correct_app.command("list")
def correct_list(case: CaseOption) -> None:
    """The case's corrections, one a line: action, label, document, start, end, words."""
    with user_errors():
        store = Store.open(Settings.from_env().store_url)
        made = store.list_decisions(case)
        texts = store.texts_of(case, {d["sha256"] for d in made})
    for d in made:
        words = d["text"] or texts.get(d["sha256"], "")[d["start"] : d["end"]]
        fields = (d["action"], d["label"] or "", d["sha256"], d["start"], d["end"], " ".join(words.split()))
        typer.echo("\t".join(printable(str(field)) for field in fields))
    if not made:
        say(f"no corrections in case '{case}'")


def _require_mention(store: Store, case: str, sha256: str, start: int, end: int) -> None:
    if not store.has_mention(case, sha256, start, end):
        raise CaseError(f"No mention at {start}-{end} of that document in case '{case}'.")
