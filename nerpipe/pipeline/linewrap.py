"""Pattern matches across line breaks.

PDFs and e-mails wrap lines, so a listed name often arrives as "Sinaloa\\nCartel". spaCy makes the
line break a token of its own, which the entity ruler's phrase patterns cannot skip. This component
runs after the ruler: only on texts with line breaks, it matches the multi-word patterns on the
words alone and adds the matches that span a break, with the pattern's label and id.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

COMPONENT = "line_wrap_patterns"
_SEPARATOR = "\u241f"  # joins label and id in the match key; never part of either


@Language.factory(COMPONENT)
def make_line_wrap_patterns(nlp: Language, name: str) -> LineWrapPatterns:
    return LineWrapPatterns(nlp)


class LineWrapPatterns:
    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")

    def set_patterns(self, patterns: Iterable[dict]) -> None:
        """The multi-word phrase patterns of the entity ruler (others cannot be split by a line), in
        place of any set before, as the ruler is refilled."""
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        for pattern in patterns:
            phrase = pattern.get("pattern")
            if isinstance(phrase, str) and " " in phrase.strip():
                key = f"{pattern['label']}{_SEPARATOR}{pattern.get('id') or phrase}"
                self.matcher.add(key, [self.nlp.make_doc(phrase)])

    def __call__(self, doc: Doc) -> Doc:
        if "\n" not in doc.text or not len(self.matcher):
            return doc
        kept = [token.i for token in doc if not token.is_space]
        words = Doc(doc.vocab, words=[doc[i].text for i in kept])
        found = []
        for match_id, start, end in self.matcher(words):
            first, last = kept[start], kept[end - 1] + 1
            if last - first == end - start:
                continue  # no line break inside: the entity ruler has it already
            label, pattern_id = self.nlp.vocab.strings[match_id].split(_SEPARATOR, 1)
            found.append(Span(doc, first, last, label=label, span_id=pattern_id))
        if found:
            # Existing pattern matches and these: the longest wins where they overlap.
            doc.ents = filter_spans([*doc.ents, *found])
        return doc
