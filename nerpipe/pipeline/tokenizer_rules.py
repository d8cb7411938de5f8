"""Tokenizer rules the English defaults lack for case text.

spaCy keeps a single capital and a full stop together ("B.") so that initials ("John B. Smith") stay
one token. After a hyphen that capital is the end of a name, not an initial: "positive for 2C-B." came
out as "2C", "-", "B." and the drug 2C-B could never be a span, neither for the entity ruler nor for a
gold annotation. The first rule below splits that full stop off.

Text pasted from web pages keeps footnote marks glued to the last word of a sentence ("heroin and
cocaine.1 The defendants"): the second rule splits ".1" off a lower-case word, so the word can match.
"a.k.a." stays one token, the cue the alias rules look for.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy is imported by the caller: `nerpipe --help` should not wait for it
    from spacy.language import Language

#: A full stop after a hyphen and one capital letter ("2C-B.", "MDMA-B.") ends the sentence.
STOP_AFTER_HYPHEN_CAPITAL = r"(?<=-[A-Z])\.$"
#: A full stop and a one- or two-digit footnote mark after a lower-case word ("cocaine.1").
FOOTNOTE_AFTER_WORD = r"(?<=[a-z]{3})\.[0-9]{1,2}$"
RULES = (STOP_AFTER_HYPHEN_CAPITAL, FOOTNOTE_AFTER_WORD)
#: "a.k.a." as one token: the English defaults split its last full stop off ("a.k.a", "."), which
#: ends the sentence there and parts an alias from the name it follows.
ALIAS_ABBREVIATIONS = ("a.k.a.", "A.K.A.", "a/k/a", "A/K/A")


def blank_english() -> Language:
    """An empty English pipeline that tokenizes as the loaded models do: annotations are aligned,
    converted and written with the same token boundaries the pipeline predicts on."""
    import spacy

    nlp = spacy.blank("en")
    add_case_tokenizer_rules(nlp)
    return nlp


def add_case_tokenizer_rules(nlp: Language) -> None:
    """Add the rules above to `nlp`'s tokenizer (once; loading a saved pipeline twice changes nothing)."""
    tokenizer = nlp.tokenizer
    if hasattr(tokenizer, "add_special_case"):
        for form in ALIAS_ABBREVIATIONS:
            tokenizer.add_special_case(form, [{"ORTH": form}])
    search = getattr(tokenizer, "suffix_search", None)
    if search is None or not hasattr(search, "__self__"):
        return  # a custom tokenizer without suffix rules: leave it alone
    pattern = search.__self__.pattern
    missing = [rule for rule in RULES if rule not in pattern]
    if missing:
        tokenizer.suffix_search = re.compile("|".join([pattern, *missing])).search
