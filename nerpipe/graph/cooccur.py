"""Co-occurrence edges with their evidence: every line on the link chart can be explained.

Two entities are linked when they occur in the same context: a sentence (default), a window of
N sentences, a paragraph, or a document. Weight = the number of distinct contexts. Each edge keeps
up to `max_evidence` snippets (document, page, text with both names marked, offsets) and the
verbs on the dependency path between the two names when they share a sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from nerpipe.graph.entities import EntityIndex
from nerpipe.identifiers import mask_card_numbers
from nerpipe.labels import default_chart_labels
from nerpipe.types import Mention

SENTENCE, PARAGRAPH, DOCUMENT = "sentence", "paragraph", "document"
MARK_OPEN, MARK_CLOSE = "«", "»"
#: Longest snippet kept for paragraph/document evidence, around the two names.
SNIPPET_CHARS = 400
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")

#: Page of a mention's offset in its document (None where the format has no pages).
PageLookup = Callable[[str, int], int | None]


@dataclass(frozen=True, slots=True)
class Context:
    """What counts as "together": sentence, a window of `size` sentences, paragraph or document."""

    kind: str = SENTENCE
    size: int = 1

    @classmethod
    def parse(cls, value: str) -> Context:
        """ "sentence", "paragraph", "document" or a number of sentences ("3")."""
        value = value.strip().lower()
        if value in (SENTENCE, PARAGRAPH, DOCUMENT):
            return cls(value)
        if value.isdigit() and int(value) >= 1:
            return cls(SENTENCE, int(value))
        raise ValueError(f"unknown context {value!r}: use sentence, paragraph, document or a number of sentences")

    def __str__(self) -> str:
        return f"{self.size} sentences" if self.kind == SENTENCE and self.size > 1 else self.kind


DEFAULT_CONTEXT = Context()


class Evidence:
    """Where two names occur together: the span [start, end) of document `doc` and the names'
    offsets. The snippet text is made when first read: most evidence is never displayed, and
    graphs of 100,000 mentions hold hundreds of thousands of these (so: slots, no dataclass)."""

    __slots__ = ("_text", "doc", "end", "names", "page", "source", "start")

    def __init__(
        self, doc: str, page: int | None, start: int, end: int, names: tuple[tuple[int, int], ...], source: str = ""
    ) -> None:
        self.doc, self.page, self.start, self.end, self.names, self.source = doc, page, start, end, names, source
        self._text: str | None = None

    @property
    def text(self) -> str:
        """The snippet with both names marked «like this»."""
        if self._text is None:
            self._text = marked_snippet(self.source, self.start, self.end, self.names)
        return self._text

    def __repr__(self) -> str:
        return f"Evidence({self.doc!r}, page={self.page}, {self.start}-{self.end})"


class Edge:
    """A link between two entities (source < target) with its weight, relation verbs and evidence.
    A plain slotted class: big cases create hundreds of thousands of these."""

    __slots__ = ("evidence", "relations", "source", "target", "weight")

    def __init__(self, source: str, target: str) -> None:
        self.source, self.target = source, target
        self.weight = 0
        #: Verb lemma → how many contexts have it on the path between the two names.
        self.relations: dict[str, int] = {}
        self.evidence: list[Evidence] = []

    @property
    def evidence_total(self) -> int:
        """Every context that links the two (the evidence list may be capped)."""
        return self.weight


def cooccurrence_edges(
    index: EntityIndex,
    texts: Mapping[str, str],
    *,
    context: Context = DEFAULT_CONTEXT,
    labels: Iterable[str] | None = None,
    max_evidence: int = 50,
    page_of: PageLookup | None = None,
) -> dict[tuple[str, str], Edge]:
    """Edges keyed by (source, target) entity ids, source < target.

    `texts` maps a mention's `doc` to its document text (for evidence snippets and paragraphs);
    `labels` limits the entity types linked (default: the linked types, see nerpipe.labels).
    """
    allowed = set(labels) if labels is not None else default_chart_labels(e.label for e in index.entities.values())
    groups: dict[tuple, dict[str, Mention]] = defaultdict(dict)
    starts = (
        {doc: paragraph_starts(text) for doc, text in texts.items()} if context.kind == PARAGRAPH else {}
    )
    for mention, entity in zip(index.mentions, index.mention_entity, strict=True):
        if index.entities[entity].label in allowed:
            # The first mention of each entity in a context stands for it there.
            groups[_context_key(mention, context, starts)].setdefault(entity, mention)
    edges: dict[tuple[str, str], Edge] = {}
    for (first, a), (second, b) in _pairs(groups, context):
        if a == b:
            continue
        if b < a:
            (first, a), (second, b) = (second, b), (first, a)
        edge = edges.get((a, b))
        if edge is None:
            edge = edges[(a, b)] = Edge(a, b)
        edge.weight += 1
        if first.sentence == second.sentence and first.doc == second.doc and first.head_path:
            for verb in path_verbs(first, second):
                edge.relations[verb] = edge.relations.get(verb, 0) + 1
        if len(edge.evidence) < max_evidence:
            edge.evidence.append(_evidence(first, second, texts.get(first.doc, ""), page_of))
    return edges


def _context_key(mention: Mention, context: Context, starts: Mapping[str, list[int]]) -> tuple:
    if context.kind == DOCUMENT:
        return (mention.doc, 0)
    if context.kind == PARAGRAPH:
        return (mention.doc, bisect_right(starts.get(mention.doc, [0]), mention.start))
    return (mention.doc, mention.sentence)


Pair = tuple[tuple[Mention, str], tuple[Mention, str]]


def _pairs(groups: Mapping[tuple, dict[str, Mention]], context: Context) -> Iterator[Pair]:
    """One pair per context the two entities share. With a window of N sentences, a context is a
    sentence, or a pair of sentences at most N-1 apart; each counts once for two entities, even
    when both occur in both sentences (A then B, and B then A)."""
    keys = sorted(groups, key=_sort_key)
    for position, key in enumerate(keys):
        members = sorted((entity, mention) for entity, mention in groups[key].items())
        for (a, ma), (b, mb) in combinations(members, 2):
            yield (ma, a), (mb, b)
        if context.kind != SENTENCE or context.size == 1:
            continue
        doc, sentence = key
        for other in keys[position + 1 :]:
            if other[0] != doc or other[1] - sentence >= context.size:
                break
            linked: set[tuple[str, str]] = set()
            for a, ma in members:
                for b, mb in sorted(groups[other].items()):
                    both = (a, b) if a < b else (b, a)
                    if a != b and both not in linked:
                        linked.add(both)
                        yield (ma, a), (mb, b)


def _sort_key(key: tuple) -> tuple:
    return (key[0], key[1])


def paragraph_starts(text: str) -> list[int]:
    """Where each paragraph of `text` starts (after a blank line): a mention's paragraph is the
    number of starts at or before it (the store keeps it: store/link_table.py)."""
    return [0, *(match.end() for match in _BLANK_LINE.finditer(text))]


def path_verbs(first: Mention, second: Mention) -> list[str]:
    """Lemmas of the verbs on the dependency path between two mentions of one sentence."""
    if not first.head_path or not second.head_path:
        return []
    second_positions = {offset: i for i, (offset, _) in enumerate(second.head_path)}
    for i, (offset, _) in enumerate(first.head_path):
        if offset in second_positions:
            j = second_positions[offset]
            steps = list(first.head_path[1 : i + 1]) + list(second.head_path[1:j])
            verbs = []
            for _, lemma in steps:
                if lemma and lemma not in verbs:
                    verbs.append(lemma.lower())
            return verbs
    return []


def _evidence(first: Mention, second: Mention, text: str, page_of: PageLookup | None) -> Evidence:
    a, b = (first, second) if first.start <= second.start else (second, first)
    if a.sentence == b.sentence and a.sentence_end > a.sentence_start:
        start, end = a.sentence_start, a.sentence_end
    else:
        start = a.sentence_start if a.sentence_end > a.sentence_start else max(a.start - 100, 0)
        end = b.sentence_end if b.sentence_end > b.sentence_start else b.end + 100
    page = page_of(a.doc, a.start) if page_of else a.page
    names = ((a.start, a.end), (b.start, b.end)) if text else ()
    # `end` may run past the text (a name near the end, no sentence bounds): slicing clips it.
    return Evidence(
        a.doc, page, start, end, names, text or f"{MARK_OPEN}{a.text}{MARK_CLOSE} … {MARK_OPEN}{b.text}{MARK_CLOSE}"
    )


def marked_snippet(text: str, start: int, end: int, names: Sequence[tuple[int, int]]) -> str:
    """text[start:end] on one line with each name span wrapped in « », card numbers masked; two
    far-apart names are shown each with some context, joined by an ellipsis."""
    if not names:
        return mask_card_numbers(text)
    spans = sorted(set(names))
    if end - start > 2 * SNIPPET_CHARS + 200 and len(spans) > 1:
        return " … ".join(marked_snippet(text, max(s - 150, start), min(e + 150, end), [(s, e)]) for s, e in spans)
    pieces, position = [], start
    for s, e in spans:
        if s < position:
            continue
        pieces += [text[position:s], MARK_OPEN, text[s:e], MARK_CLOSE]
        position = e
    pieces.append(text[position:end])
    return mask_card_numbers(" ".join("".join(pieces).split()))
