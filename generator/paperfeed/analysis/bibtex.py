"""BibTeX: one entry per paper, keys stable and unique across the digest."""

from __future__ import annotations

import re
from collections.abc import Iterable

from paperfeed.analysis import authors
from paperfeed.analysis.lists import dated
from paperfeed.model import Entry

_STOP = frozenset(
    {"a", "an", "the", "on", "of", "for", "in", "to", "and", "with", "via", "towards", "toward"}
)
# Characters with a meaning in BibTeX/LaTeX, written so they print as themselves.
_LATEX = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "$": r"\$",
    "#": r"\#", "_": r"\_", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}",
}
_SPECIAL = re.compile("|".join(re.escape(c) for c in _LATEX))


def latex_text(text: str) -> str:
    return _SPECIAL.sub(lambda m: _LATEX[m.group(0)], text)


def base_key(entry: Entry) -> str:
    """First author's family name, year and first word of the title: `zhang2025skill`."""
    paper = entry.paper
    name = authors.family(paper.authors[0]) if paper.authors else "anon"
    words = [w for w in entry.slug.split("-") if w not in _STOP and not w.isdigit()]
    key = f"{name}{entry.date.year}{words[0] if words else ''}"
    return re.sub(r"[^a-z0-9]", "", key) or "paper"


def keys(entries: Iterable[Entry]) -> dict[str, str]:
    """A unique key per paper slug. Colliding keys get b, c, … in order of arrival, so a key,
    once given, stays with its paper when later papers arrive."""
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        groups.setdefault(base_key(entry), []).append(entry)
    result: dict[str, str] = {}
    used = set(groups)
    for key, group in sorted(groups.items()):
        group.sort(key=lambda e: (e.added, e.slug))
        result[group[0].slug] = key
        number = 1
        for entry in group[1:]:
            while f"{key}{_suffix(number)}" in used:
                number += 1
            result[entry.slug] = f"{key}{_suffix(number)}"
            used.add(result[entry.slug])
    return result


def entry_text(entry: Entry, key: str) -> str:
    paper = entry.paper
    fields = [("title", "{" + latex_text(paper.title) + "}")]
    if paper.authors:
        fields.append(("author", " and ".join(_name(a) for a in paper.authors)))
    if dated(entry):  # a listing's day is when the paper was seen, not when it appeared
        fields.append(("year", str(entry.date.year)))
    if paper.arxiv:
        fields += [("eprint", paper.arxiv), ("archivePrefix", "arXiv")]
        if paper.categories:
            fields.append(("primaryClass", latex_text(paper.categories[0])))
    elif paper.links.url:  # an arXiv id says where the paper is; otherwise the link does
        fields.append(("url", paper.links.url))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key},\n{body}\n}}"


def entries_by_slug(entries: Iterable[Entry]) -> dict[str, str]:
    """Every paper's BibTeX entry, with keys unique across the digest."""
    entries = list(entries)
    key_of = keys(entries)
    return {e.slug: entry_text(e, key_of[e.slug]) for e in entries}


def bib_file(entries: Iterable[Entry], text_of: dict[str, str], *, keywords: bool = False) -> str:
    """The entries' BibTeX, one blank line between them; with `keywords`, each names its paper's
    topics (a reference manager's tags; papers.bib's, from which the reader's browser takes a
    topic's whole BibTeX: paperfeed-reader.js). Paper pages show theirs without."""
    texts = (_tagged(text_of[e.slug], e.topics) if keywords else text_of[e.slug] for e in entries)
    return "".join(text + "\n\n" for text in texts)


def _tagged(text: str, topics: tuple[str, ...]) -> str:
    if not topics:
        return text
    return text.removesuffix("\n}") + f",\n  keywords = {{{', '.join(topics)}}}\n}}"


# Words that make an author a group rather than a person (BibTeX would split "Team OLMo" into
# family name "OLMo" and given name "Team").
_GROUP = re.compile(
    r"\b(?:team|group|lab|labs|laboratory|consortium|collaboration|project|community|initiative"
    r"|institute|university|foundation|inc|corp|corporation|ltd|ai)\b",
    re.IGNORECASE,
)
_AND = re.compile(r"\band\b", re.IGNORECASE)  # BibTeX splits an author list at any bare "and"


def _name(author: str) -> str:
    """One author for BibTeX: 'Family, Given' so it splits names with particles and suffixes
    correctly; a group, or any name holding the word "and", braced whole so it stays one name."""
    parts = author.split()
    if _GROUP.search(author) or _AND.search(author):
        return "{" + latex_text(author) + "}"
    return latex_text(author if len(parts) < 2 else f"{parts[-1]}, {' '.join(parts[:-1])}")


def _suffix(number: int) -> str:
    letters = ""
    number += 1  # the second paper gets "b"
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters
