"""Text handling shared by the graders: tokens with their character spans, normalisation,
backend aliases, stemming, stopwords, negation scope and sentence/window units.

Every token keeps the ``[start, end)`` span it came from, so evidence can point into the original
answer however much the text was normalised.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache

import snowballstemmer

from .vocabulary import ALIASES, BRITISH_STEMS, NEGATION_CUES, STOPWORDS

_STEMMER = snowballstemmer.stemmer("english")
# "n + 1" as one token; otherwise words, keeping "N+1", "C++", "select_related" and "isn't" whole.
TOKEN_RE = re.compile(r"(?i:\bn\s*\+\s*1\b)|\w+(?:\+\w*)*(?:['\u2019]\w+)*")
_BOUNDARY_RE = re.compile(
    r"[,;:.!?()\[\]]|\n\s*\n|\n\s*(?:[-*\u2022]|\d+[.)])\s|\s-\s|\u2014|\u2013"
)
_CLAUSE_WORDS = frozenset(
    {"but", "however", "although", "though", "whereas", "yet", "because", "so", "which", "while"}
)
_SENTENCE_BREAK_RE = re.compile(
    r"[.!?]+[\"')\]]*\s+|\n[ \t]*\n\s*|\n(?=[ \t]*(?:[-*\u2022]|\d+[.)])\s)"
)
_ABBREVIATIONS = frozenset({"e.g", "i.e", "vs", "cf", "etc", "approx", "incl", "resp"})
_BULLET_RE = re.compile(r"(?:[-*\u2022]|\d+[.)])\s+")
_BRITISH_RE = re.compile(r"^(\w+?)is(e|es|ed|ing|ation|ations|er|ers|able)$")
NEGATION_AFTER = 12  # a cue negates up to this many tokens after it, within its clause
NEGATION_BEFORE = 5  # "lazy loading is not ...": a verbal cue also reaches back this far
_FORWARD_ONLY = frozenset({"no", "without", "nothing", "none", "nobody", "instead", "rather"})
WINDOW = 12
WINDOW_STRIDE = 6


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    norm: str
    stem: str
    stop: bool


@dataclass(frozen=True, slots=True)
class Unit:
    """A sentence, a window inside a long sentence or two adjacent sentences."""

    start: int
    end: int
    first: int  # token index range [first, last)
    last: int
    kind: str  # "sentence" | "window" | "pair"


@dataclass(frozen=True)
class Doc:
    text: str
    tokens: tuple[Token, ...]
    negated: tuple[bool, ...]
    sentences: tuple[Unit, ...]
    units: tuple[Unit, ...]

    @property
    def content(self) -> tuple[Token, ...]:
        return tuple(t for t in self.tokens if not t.stop)

    def content_stems(self) -> frozenset[str]:
        return frozenset(t.stem for t in self.tokens if not t.stop)

    @cached_property
    def stems(self) -> tuple[str, ...]:
        return tuple(t.stem for t in self.tokens)

    @cached_property
    def positions(self) -> dict[str, tuple[int, ...]]:
        """Where each stem occurs (token indexes), to find phrases without scanning."""
        out: dict[str, list[int]] = {}
        for i, stem in enumerate(self.stems):
            out.setdefault(stem, []).append(i)
        return {k: tuple(v) for k, v in out.items()}

    def span_text(self, unit: Unit) -> str:
        return self.text[unit.start : unit.end]

    def content_in(self, unit: Unit) -> list[tuple[Token, bool]]:
        """The content tokens of a unit, each with whether it is negated."""
        pairs = zip(
            self.tokens[unit.first : unit.last], self.negated[unit.first : unit.last], strict=True
        )
        return [(t, n) for t, n in pairs if not t.stop]


@lru_cache(maxsize=50_000)
def fold(word: str) -> str:
    """Casefold, strip accents, unify apostrophes and drop a possessive "'s"."""
    if word.isascii():
        word = word.lower()
    else:
        word = unicodedata.normalize("NFKD", word)
        word = "".join(c for c in word if not unicodedata.combining(c)).casefold()
    word = word.replace("\u2019", "'").replace(" ", "")
    if word.endswith("'s"):
        word = word[:-2]
    british = _BRITISH_RE.match(word)
    if british and british.group(1) in BRITISH_STEMS:
        word = f"{british.group(1)}iz{british.group(2)}"
    return word


def is_stop(norm: str) -> bool:
    return norm in STOPWORDS or norm.endswith("n't")


@lru_cache(maxsize=20_000)
def stem(word: str) -> str:
    if not word.isalpha() or len(word) <= 3:
        return word
    return str(_STEMMER.stemWord(word))


_ALIAS_FIRST_WORDS = frozenset(key[0] for key in ALIASES)
_ALIAS_LONGEST = max(len(key) for key in ALIASES)


def _merge_aliases(raw: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Replace alias phrases ("json web token", "k8s") by their canonical token ("jwt")."""
    out: list[tuple[int, int, str]] = []
    i = 0
    while i < len(raw):
        if raw[i][2] not in _ALIAS_FIRST_WORDS:
            out.append(raw[i])
            i += 1
            continue
        for size in range(min(_ALIAS_LONGEST, len(raw) - i), 0, -1):
            key = tuple(w for _, _, w in raw[i : i + size])
            canonical = ALIASES.get(key)
            if canonical is not None:
                for word in canonical.split():
                    out.append((raw[i][0], raw[i + size - 1][1], word))
                i += size
                break
        else:
            out.append(raw[i])
            i += 1
    return out


def tokenize(text: str) -> tuple[Token, ...]:
    raw = [(m.start(), m.end(), fold(m.group())) for m in TOKEN_RE.finditer(text)]
    tokens = []
    for start, end, norm in _merge_aliases(raw):
        tokens.append(Token(start, end, norm, stem(norm), is_stop(norm)))
    return tuple(tokens)


def normalise(text: str) -> str:
    """The comparable form of a text: folded, aliased and stemmed tokens joined by spaces."""
    return " ".join(t.stem for t in tokenize(text))


def _boundary_between(text: str, left: Token, right: Token) -> bool:
    return bool(_BOUNDARY_RE.search(text, left.end, right.start))


def _is_cue(token: Token) -> bool:
    return token.norm in NEGATION_CUES or token.norm.endswith("n't")


def negation_scope(text: str, tokens: tuple[Token, ...]) -> tuple[bool, ...]:
    """For each token, whether a negation cue in the same clause governs it.

    A cue negates what follows it up to the end of its clause ("does not restrict the result to
    rows that match"); a verbal cue also negates its subject before it ("lazy loading is not").
    """
    negated = [False] * len(tokens)
    for j, cue in enumerate(tokens):
        if cue.norm in ("instead", "rather"):
            if j + 1 >= len(tokens) or tokens[j + 1].norm not in ("of", "than"):
                continue
            start = j + 1
        elif _is_cue(cue):
            start = j
        else:
            continue
        for i in range(start + 1, min(len(tokens), start + 1 + NEGATION_AFTER)):
            if tokens[i].norm in _CLAUSE_WORDS or _boundary_between(text, tokens[i - 1], tokens[i]):
                break
            negated[i] = True
        if cue.norm in _FORWARD_ONLY:
            continue  # determiners and prepositions only look ahead
        for i in range(j - 1, max(-1, j - 1 - NEGATION_BEFORE), -1):
            if tokens[i].norm in _CLAUSE_WORDS or _boundary_between(text, tokens[i], tokens[i + 1]):
                break
            negated[i] = True
    return tuple(negated)


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_BREAK_RE.finditer(text):
        if match.group().startswith("."):
            word = re.search(r"[\w.]+$", text[start : match.start()])
            if word and word.group().lower().rstrip(".") in _ABBREVIATIONS:
                continue
        spans.append((start, match.start() + len(match.group().rstrip())))
        start = match.end()
    spans.append((start, len(text)))
    out = []
    for begin, end in spans:
        chunk = text[begin:end]
        lead = len(chunk) - len(chunk.lstrip())
        begin += lead
        bullet = _BULLET_RE.match(text, begin, end)
        if bullet:
            begin = bullet.end()
        end = begin + len(text[begin:end].rstrip())
        if end > begin:
            out.append((begin, end))
    return out


def _units(
    tokens: tuple[Token, ...], spans: list[tuple[int, int]]
) -> tuple[list[Unit], list[Unit]]:
    sentences: list[Unit] = []
    index = 0
    for begin, end in spans:
        while index < len(tokens) and tokens[index].start < begin:  # a stripped bullet marker
            index += 1
        first = index
        while index < len(tokens) and tokens[index].start < end:
            index += 1
        if index > first:
            sentences.append(Unit(begin, end, first, index, "sentence"))
    units = list(sentences)
    for sentence in sentences:
        size = sentence.last - sentence.first
        if size > WINDOW + WINDOW_STRIDE // 2:
            for first in range(sentence.first, sentence.last - WINDOW // 2, WINDOW_STRIDE):
                last = min(first + WINDOW, sentence.last)
                units.append(Unit(tokens[first].start, tokens[last - 1].end, first, last, "window"))
    for left, right in itertools.pairwise(sentences):
        units.append(Unit(left.start, right.end, left.first, right.last, "pair"))
    return sentences, units


def analyse_text(text: str) -> Doc:
    tokens = tokenize(text)
    sentences, units = _units(tokens, _sentence_spans(text))
    return Doc(
        text=text,
        tokens=tokens,
        negated=negation_scope(text, tokens),
        sentences=tuple(sentences),
        units=tuple(units),
    )


@lru_cache(maxsize=4096)
def analyse_cached(text: str) -> Doc:
    """:func:`analyse_text` for texts that come back (rubric texts), not for answers."""
    return analyse_text(text)


@dataclass(frozen=True)
class Structure:
    """How much an answer reads like prose rather than a list of terms."""

    tokens: int
    content: int
    stop_ratio: float
    separators_per_token: float
    sentences: int


def structure(doc: Doc) -> Structure:
    n = len(doc.tokens)
    content = sum(1 for t in doc.tokens if not t.stop)
    separators = len(re.findall(r"[,;/|\n]", doc.text))
    return Structure(
        tokens=n,
        content=content,
        stop_ratio=(n - content) / n if n else 0.0,
        separators_per_token=separators / n if n else 0.0,
        sentences=len(doc.sentences),
    )
