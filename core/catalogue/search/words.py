"""The words of a search, without the database: splitting, stemming, typos, synonyms.

Documents and queries go through the same steps, so that what a citizen
types meets what the catalogue says: lower case, split on anything but
letters and digits ("KTP-el" is "ktp el"), then each word to its Indonesian
stem by Sastrawi ("kelahiran" and "lahir" both "lahir"). A query first has
its unknown words corrected against the index's vocabulary and its synonyms
added (core/catalogue/search/synonyms.py).
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from rapidfuzz import fuzz, process

from core.catalogue.search.synonyms import LONGEST_PHRASE, STOPWORDS, SYNONYMS

# Letters and digits of any script; everything else separates words.
_WORD = re.compile(r"[^\W_]+")
# What a query may hold: a sentence, not an essay.
MAX_QUERY_CHARS = 100
MAX_QUERY_WORDS = 8
# Shorter words are not corrected: "kb" or "tb" are too near too many others.
MIN_TYPO_LENGTH = 4
# How alike (0-100, rapidfuzz ratio) a typo and its correction must be:
# "imunisai" and "imunisasi" score 94, one letter wrong in five letters 80.
TYPO_SCORE = 80


def words_of(text: str) -> list[str]:
    """The words of a text: lower case, accents dropped, split on all but letters and digits."""
    folded = (text or "").casefold()
    if not folded.isascii():
        folded = "".join(char for char in unicodedata.normalize("NFKD", folded)
                         if not unicodedata.combining(char))
    return _WORD.findall(folded)


@cache
def _stemmer():
    """Sastrawi's stemmer, built once per process: its dictionary takes a while to load.

    The factory's stemmer caches every word it ever sees, without bound; the
    one behind it does not, and stem() below keeps a bounded cache instead,
    so that a stream of made-up words cannot grow the process.
    """
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer().delegatedStemmer


def is_root_word(word: str) -> bool:
    """Whether the word, or its stem, is an Indonesian root word Sastrawi knows."""
    dictionary = _stemmer().dictionary
    return dictionary.contains(word) or dictionary.contains(stem(word))


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """A word's Indonesian stem ("pemeriksaan" -> "periksa"); codes, numbers, short words and
    unknown roots stay as they are."""
    if not word.isalpha() or len(word) < MIN_TYPO_LENGTH:
        return word
    return _stemmer().stem(word) or word


def stemmed(text: str) -> str:
    """A text as the index keeps it: its stemmed words, space separated."""
    return " ".join(stem(word) for word in words_of(text))


@dataclass(frozen=True)
class ParsedQuery:
    """A query as the index is asked it: every group must match, any alternative of one.

    `groups` holds, per word or phrase typed, its alternatives, each a tuple of
    stems that must all be found. `corrections` are (typed, read as) pairs;
    `synonyms` the alternatives the table added, as written.
    """

    groups: tuple[tuple[tuple[str, ...], ...], ...]
    corrections: tuple[tuple[str, str], ...]
    synonyms: tuple[str, ...]


def parse_query(text: str, vocabulary: frozenset[str]) -> ParsedQuery:
    """Correct, expand and stem what a citizen typed."""
    typed = [word for word in words_of((text or "")[:MAX_QUERY_CHARS]) if word not in STOPWORDS]
    typed = typed[:MAX_QUERY_WORDS]
    read = [correct(word, vocabulary) for word in typed]
    corrections = tuple((a, b) for a, b in zip(typed, read, strict=True) if a != b)
    groups, synonyms = [], []
    for phrase in _phrases(read):
        alternatives = (phrase, *SYNONYMS.get(phrase, ()))
        synonyms.extend(alternatives[1:])
        stems = _unique(tuple(_unique(tuple(stem(w) for w in words_of(a)))) for a in alternatives)
        groups.append(stems)
    return ParsedQuery(tuple(groups), corrections, tuple(synonyms))


def _phrases(words: list[str]) -> list[str]:
    """The words grouped into the table's phrases, longest first, else one word each."""
    phrases, index = [], 0
    while index < len(words):
        for size in range(min(LONGEST_PHRASE, len(words) - index), 0, -1):
            phrase = " ".join(words[index:index + size])
            if size == 1 or phrase in SYNONYMS:
                phrases.append(phrase)
                index += size
                break
    return phrases


def correct(word: str, vocabulary: frozenset[str]) -> str:
    """The nearest word of the index to one it does not know, or the word itself.

    A real Indonesian word (in Sastrawi's dictionary of roots) is never a typo:
    "lampu" stays "lampu" and finds nothing, rather than becoming "mampu".
    """
    if (len(word) < MIN_TYPO_LENGTH or word.isdigit() or word in vocabulary
            or stem(word) in vocabulary or word in _synonym_words() or is_root_word(word)):
        return word
    choices = _sorted(vocabulary) + _synonym_words_sorted()
    best = process.extractOne(word, choices, scorer=fuzz.ratio, score_cutoff=TYPO_SCORE,
                              processor=None)
    return best[0] if best else word


@cache
def _synonym_words() -> frozenset[str]:
    """Every word of the synonym table, both sides: known words, never corrected."""
    texts = [*SYNONYMS, *(alt for alts in SYNONYMS.values() for alt in alts)]
    return frozenset(word for text in texts for word in words_of(text))


@cache
def _synonym_words_sorted() -> list[str]:
    """The synonym table's words in a fixed order, as corrections are chosen from them."""
    return sorted(_synonym_words())


@lru_cache(maxsize=4)
def _sorted(vocabulary: frozenset[str]) -> list[str]:
    """The vocabulary in a fixed order, so that equally near corrections are chosen alike."""
    return sorted(vocabulary)


def _unique(items: tuple) -> tuple:
    """Items without repeats, first occurrence kept; empty ones left out."""
    return tuple(dict.fromkeys(item for item in items if item))
