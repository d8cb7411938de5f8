"""The identifier component: validated identifiers (nerpipe.identifiers) as entities, before the NER.

It runs after the entity ruler and before the statistical NER, so the NER labels around an
identifier and never splits one ("+1 (312) 555-0199" is one PHONE, not a CARDINAL and a bracket).
Where the tokenizer glued an identifier to the characters beside it ("Tel:312-555-0199") the token
is split at the identifier's edges, so a mention's offsets are the identifier's exactly. The span's
id is the normalised identifier: the mention's pattern_id, which names the entity.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from itertools import pairwise

from spacy.language import Language
from spacy.tokens import Doc

from nerpipe.identifiers import DEFAULT_REGION, find_identifiers

COMPONENT = "identifiers"


@Language.factory(COMPONENT, default_config={"region": DEFAULT_REGION})
def make_identifiers(nlp: Language, name: str, region: str) -> IdentifierFinder:
    return IdentifierFinder(region)


class IdentifierFinder:
    """Sets each identifier as an entity; an identifier wins over a pattern match it overlaps."""

    def __init__(self, region: str = DEFAULT_REGION) -> None:
        self.region = region

    def __call__(self, doc: Doc) -> Doc:
        found = find_identifiers(doc.text, region=self.region)
        if not found:
            return doc
        _split_tokens_at(doc, [edge for identifier in found for edge in (identifier.start, identifier.end)])
        spans = []
        for identifier in found:
            span = doc.char_span(identifier.start, identifier.end, label=identifier.label, span_id=identifier.value)
            if span is not None:
                spans.append(span)
        taken = {i for span in spans for i in range(span.start, span.end)}
        kept = [ent for ent in doc.ents if not taken.intersection(range(ent.start, ent.end))]
        doc.ents = sorted([*kept, *spans], key=lambda span: span.start)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)


def _split_tokens_at(doc: Doc, offsets: Iterable[int]) -> None:
    """Split every token that has one of these character offsets inside it (not at its edges)."""
    cuts: dict[int, set[int]] = defaultdict(set)
    for offset in offsets:
        token = _token_containing(doc, offset)
        if token is not None and token.idx < offset < token.idx + len(token.text):
            cuts[token.i].add(offset - token.idx)
    if not cuts:
        return
    with doc.retokenize() as retokenizer:
        for index, inside in cuts.items():
            token = doc[index]
            edges = [0, *sorted(inside), len(token.text)]
            orths = [token.text[a:b] for a, b in pairwise(edges)]
            retokenizer.split(token, orths, heads=[(token, 0)] * len(orths))


def _token_containing(doc: Doc, offset: int):
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def add_identifiers(nlp: Language, region: str = DEFAULT_REGION) -> None:
    """Put the component before the NER (last when there is none), with this phone region."""
    if COMPONENT in nlp.component_names:
        nlp.remove_pipe(COMPONENT)
    config = {"region": region}
    if "ner" in nlp.pipe_names:
        nlp.add_pipe(COMPONENT, before="ner", config=config)
    else:
        nlp.add_pipe(COMPONENT, last=True, config=config)
