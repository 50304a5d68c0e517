"""Which spellings can be an actor's alias.

Every passage is scanned for every alias, so an alias must name something:
one with no letter or digit (``(``, ``.*``, ``++``) matches nothing, and one
made only of common words (``a``, ``the``, ``и``) matches nearly every
passage, making an actor "mentioned" in every source. Both are refused with
a ``kb.alias`` warning. Short all-capital aliases (``US``, ``EU``) are
matched only in capitals, so ``US`` is kept although "us" is a common word.
"""

from __future__ import annotations

from ..normalize import WORD, fold, unify

#: An alias of at most this many capitals is matched case-sensitively (an acronym).
ACRONYM_MAX = 4

#: Common words of the corpus's languages (English, Russian, Belarusian,
#: Ukrainian, Polish, German, French), compared folded; an alias made only of
#: these is refused. Documented in docs/guide/authoring.md.
STOP_WORDS = frozenset(fold(word) for word in """
    a an the and or but of in on at to for from by with as is are was were be it its
    he she we they you i me us him her them his our their this that these those not no
    и в во не на с со что он она оно они мы вы я а но к ко по из у о об от за для как
    же ли бы то это так да или
    і ў з ня што ён яна яно яны гэта ды ці
    й та що він вона воно вони ми ви це чи
    w z na nie się że to jest do od ze za po jak ale lub czy
    der die das und ein eine einer den dem des von zu mit im ist nicht oder
    le la les et un une de des du en au aux est ou
""".split())


def is_acronym(tokens: tuple[str, ...]) -> bool:
    """A short all-capital alias, matched only in capitals."""
    return len(tokens) == 1 and len(tokens[0]) <= ACRONYM_MAX and tokens[0].isupper()


def alias_problem(text: str) -> str | None:
    """Why ``text`` cannot be an alias, or None when it can."""
    tokens = tuple(WORD.findall(unify(text)))
    if not tokens:
        return "has no letter or digit, so it can match nothing"
    if not is_acronym(tokens) and all(token.casefold() in STOP_WORDS for token in tokens):
        return "is only common words, which nearly every passage holds"
    return None
