"""The words of a search bundle: what the search box checks a query against before it trusts
Pagefind's answer.

Pagefind looks a typed word up by its stem, and takes every indexed word that begins with the
stem; when none does, it falls back to the longest indexed word the typed one begins with (its
`find_word_extensions`). So a word no paper holds still finds papers: "xylophonequartz" finds an
author "X." (the word "x"), "zebra" a "Ze", "Sutton" the authors named "Su". The box asks first
whether each word typed is in the digest at all, as a word or as the beginning of one, from this
list of every form a bundle's papers hold; a word that is not answers "no paper", and a bundle
that lacks one is left out of the search (paperfeed-search.js).

A form is what a typed word becomes in Pagefind's hands: lowercased, without its accents and
without punctuation ("GPT-4o" is "gpt4o", "2402.15198" is "240215198"); each part between
punctuation is a form too ("gpt", "4o"). The forms are written sorted, in chunks named by their
content (words/HASH.txt, one form a line), and words/index.json lists each chunk's first form, so
a word costs a search the index (5 KB at 10,000 papers: 29,000 forms in 146 chunks) and one chunk
of 2 to 3 KB. paperfeed-search.js applies the same rule to the query (`forms` there and here are
one rule; tests/test_browser_search.py checks that tricky words typed as they are written find
their paper).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from paperfeed.plugin import search_cache

FOLDER = "words"
MANIFEST = f"{FOLDER}/index.json"
# What Pagefind drops from a query (its search(), by Unicode category): dashes, brackets, quotes
# and other punctuation. Connectors ("_") and symbols ("+", "$") stay.
DROPPED = frozenset({"Pd", "Ps", "Pe", "Pi", "Pf", "Po"})
_PARTS = re.compile(r"[\W_]+")
# A chunk's size: about sqrt(16 x the whole list), so that the index and one chunk stay small
# together, from 2 KB (a small digest) to 16 KB (a slice of 10,000 papers has about 0.3 MB).
CHUNK_MIN, CHUNK_MAX = 2_000, 16_000


_ASCII_DROPPED = {i: None for i in range(128) if unicodedata.category(chr(i)) in DROPPED}


def fold(text: str) -> str:
    """A word as Pagefind searches it: punctuation dropped, lowercased, accents removed."""
    if text.isascii():  # most words: the same, faster
        return text.translate(_ASCII_DROPPED).lower()
    return _plain("".join(ch for ch in text if unicodedata.category(ch) not in DROPPED))


def forms(text: str) -> set[str]:
    """Every form of every word of `text`: the word folded, and its parts between punctuation."""
    found: set[str] = set()
    for token in set(text.split()):
        found.add(fold(token))
        found.update(_PARTS.split(_plain(token)))
    found.discard("")
    return found


def _plain(text: str) -> str:
    """Lowercased, without accents (their combining marks)."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.category(ch).startswith("M"))


def bundle_text(bundle: Path) -> Iterator[str]:
    """The text Pagefind indexed for each page of a bundle: its content and metadata."""
    for path in sorted((bundle / "fragment").glob("*.pf_fragment")):
        record = json.loads(gzip.decompress(path.read_bytes()).removeprefix(search_cache.MAGIC))
        meta: dict[str, Any] = record.get("meta") or {}
        yield " ".join([str(record.get("content") or ""), *map(str, meta.values())])


def vocabulary(texts: Iterable[str]) -> list[str]:
    """The forms of all `texts`, in the order a browser compares strings (UTF-16 code units)."""
    tokens: set[str] = set()
    for text in texts:
        tokens.update(text.split())  # most words recur: each is folded once
    return sorted(forms(" ".join(tokens)), key=_utf16)


def chunks(words: list[str]) -> list[list[str]]:
    """The sorted forms cut into chunks of about the same size."""
    total = sum(len(w.encode()) + 1 for w in words)
    size = min(CHUNK_MAX, max(CHUNK_MIN, int(math.sqrt(16 * total))))
    out: list[list[str]] = [[]]
    filled = 0
    for word in words:
        if filled >= size:
            out.append([])
            filled = 0
        out[-1].append(word)
        filled += len(word.encode()) + 1
    return [chunk for chunk in out if chunk]


def write(bundle: Path) -> int:
    """Writes the bundle's words/ (its chunks and index) from its fragments; returns the number of
    forms. The folder is written anew: the bundle is a fresh folder each build."""
    words = vocabulary(bundle_text(bundle))
    folder = bundle / FOLDER
    folder.mkdir(exist_ok=True)
    index = []
    for chunk in chunks(words):
        data = "\n".join(chunk).encode()
        name = hashlib.sha256(data).hexdigest()[:12]
        (folder / f"{name}.txt").write_bytes(data)
        index.append([chunk[0], name])
    manifest = {"version": 1, "chunks": index}
    (bundle / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, separators=(",", ":")), "utf-8")
    return len(words)


def has(bundle: Path, word: str) -> bool:
    """Whether the bundle's words hold `word` (folded) as a form or the beginning of one: the
    search box's lookup, for tests and checks."""
    manifest = json.loads((bundle / MANIFEST).read_text(encoding="utf-8"))
    starts = [first for first, _ in manifest["chunks"]]
    at = max(0, _bisect(starts, word) - 1)
    for _, name in manifest["chunks"][at : at + 2]:
        lines = (bundle / FOLDER / f"{name}.txt").read_text(encoding="utf-8").split("\n")
        if any(line.startswith(word) for line in lines):
            return True
    return False


def _bisect(sorted_words: list[str], word: str) -> int:
    key = _utf16(word)
    low, high = 0, len(sorted_words)
    while low < high:
        middle = (low + high) // 2
        if _utf16(sorted_words[middle]) <= key:
            low = middle + 1
        else:
            high = middle
    return low


def _utf16(text: str) -> bytes:
    return text.encode("utf-16-be", "surrogatepass")
