"""The Hugging Face papers page copied as text: page chrome, then title and abstract lines.

Copies come in many shapes: blank lines or none, CRLF, stray spaces, abstracts wrapped over
several lines, an abstract cut off without its final period. Every line is a title or part of
the abstract of the title before it, and no single rule tells them apart, so each choice has a
cost for the evidence against it and the cheapest labelling of the whole text wins. The strong
evidence: an abstract is one paragraph, so a line after a paragraph end (a blank line, a whole
abstract on one line, or a line with room left for the next word in a wrapped text) starts a
paper; a title does not end with a period, and rarely with "and" or a comma. The weaker: a title
is usually in Title Case and follows a sentence end; an abstract rarely starts in lower case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from paperfeed.formats.listing import Format, Listing, make_paper
from paperfeed.model import Paper

_CHROME = re.compile(r"^(?:Get trending papers in your email inbox.*|Subscribe)$", re.IGNORECASE)
_SUBSCRIBE = re.compile(r"^Subscribe(?=[^\sa-z])")  # glued to whatever starts the first title
_SENTENCE_END = re.compile(r"""(?:[.!?]["')\]]?|https?://\S+)$""")
_MAX_TITLE = 300
_WHOLE_ABSTRACT = 300  # a line this long is an abstract on one line, not a wrapped fragment
# Titles never end on these: a line that does is a fragment of wrapped prose.
_DANGLING = re.compile(
    r"(?:[,;:&]|\b(?:a|an|and|are|as|at|by|for|from|in|is|of|on|or|that|the|to|we|which|with))$",
    re.IGNORECASE,
)
_HYPHEN_BREAK = re.compile(r"[^\W_]-+$")
_MINOR_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "of", "on", "or", "over",
     "the", "to", "via", "vs", "with", "without"}
)
# "HARE: Human priors, ...": a name and a colon open many titles and few lines of prose.
_NAMED = re.compile(r"[^\s:]+: \S")
_MIN_ABSTRACT_WORDS = 6  # a sentence or two at the least; real abstracts run to a hundred words and more
_SENTENCE = re.compile(r"\w\w[.!?](?:\s|$)")  # a word that ends a sentence
_IMPOSSIBLE = 100.0
_LOWER_START = 2.0  # an abstract rarely starts in lower case; a wrapped line often does


@dataclass(frozen=True, slots=True)
class _Line:
    number: int
    text: str
    after_blank: bool


def detect(listing: Listing) -> bool:
    return True  # the fallback: plain text that no structured format claimed


def parse(listing: Listing) -> list[Paper]:
    lines = _content_lines(listing.text)
    records: list[tuple[_Line, list[str]]] = []  # (title line, abstract lines)
    # A page copied as it shows, one line per title and per abstract, says by itself which line
    # is which; the weighing of evidence is for the other copies.
    labels = _alternation(lines) or _labels(lines)
    for line, is_title in zip(lines, labels, strict=True):
        if is_title or not records:
            records.append((line, []))
        else:
            records[-1][1].append(line.text)
    papers = []
    for title, abstract in records:
        if not _is_title(title.text):
            raise listing.error(
                f"not a recognised listing: expected a paper title, found {title.text[:60]!r}", title.number
            )
        if not abstract:
            raise listing.error(f"the paper {title.text[:60]!r} has no abstract", title.number)
        text = _join(abstract)
        if not _prose(text):  # any text is read as titles and abstracts: refuse what is not one
            raise listing.error(
                f"not a recognised listing: the text after {title.text[:40]!r} is not an abstract's "
                "prose (no other format matched either)",
                title.number,
            )
        with listing.record(title.number, title=title.text):
            papers.append(make_paper(listing, title=title.text, abstract=text, line=title.number))
    return papers


def _prose(text: str) -> bool:
    """Whether text reads as sentences of words: an abstract, not noise, code or a list of names."""
    words = text.split()
    if len(words) < _MIN_ABSTRACT_WORDS or not _SENTENCE.search(text):
        return False
    wordlike = sum(1 for w in words if len(w) <= 25 and sum(c.isalpha() for c in w) * 2 >= len(w))
    lengths = sorted(len(w) for w in words)
    return wordlike >= 0.8 * len(words) and 2 <= lengths[len(lengths) // 2] <= 10


def _content_lines(text: str) -> list[_Line]:
    """The non-blank lines, stripped, without the page chrome and the "Subscribe" glued to line 1."""
    lines: list[_Line] = []
    blank = False
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line or _CHROME.match(line):
            blank = blank or not line
            continue
        if not lines:
            line = _SUBSCRIBE.sub("", line)
        lines.append(_Line(number, line, blank))
        blank = False
    return lines


def _alternation(lines: list[_Line]) -> list[bool] | None:
    """Title, abstract, title, abstract: the labels when every other line is a whole abstract on
    one line and the lines between are titles; None when the text does not show that."""
    if len(lines) < 2 or len(lines) % 2:
        return None
    titles, abstracts = lines[0::2], lines[1::2]
    if all(_is_title(t.text) for t in titles) and all(_one_line_abstract(a.text) for a in abstracts):
        return [number % 2 == 0 for number in range(len(lines))]
    return None


def _one_line_abstract(text: str) -> bool:
    return len(text) >= _WHOLE_ABSTRACT or (len(text) >= 100 and bool(_SENTENCE_END.search(text)))


def _labels(lines: list[_Line]) -> list[bool]:
    """Which lines are titles: the labelling with the least evidence against it (Viterbi).

    Every line is a title or part of the abstract of the title before it; the first line is a
    title, a title is followed by an abstract line, and the costs below weigh what speaks
    against each choice.
    """
    if not lines:
        return []
    wrap = _wrap_width([line.text for line in lines])
    # Blank lines mark paragraph ends only when they do not follow every line.
    blanks_tell = sum(line.after_blank for line in lines) <= len(lines) / 2
    title_cost = [_title_cost(line.text) for line in lines]
    # Title Case is rare in prose: a line in it is more likely a title than an abstract's
    abstract_cost = [1.0 if cost == 0.0 else 0.0 for cost in title_cost]
    # best[i][s]: the least cost of lines 0..i with line i a title (s=1) or an abstract line (s=0)
    best = [(_IMPOSSIBLE, title_cost[0])]
    came_from: list[tuple[int, int]] = [(0, 0)]
    for i in range(1, len(lines)):
        previous, line = lines[i - 1].text, lines[i]
        boundary, continuation = _break_costs(previous, line, wrap, blanks_tell)
        abstract_start = _LOWER_START if line.text[:1].islower() else 0.0
        after_title = best[i - 1][1] + abstract_start + abstract_cost[i]
        after_abstract = best[i - 1][0] + continuation + abstract_cost[i]
        best.append((min(after_title, after_abstract), best[i - 1][0] + boundary + title_cost[i]))
        came_from.append((1 if after_title < after_abstract else 0, 0))
    state = 0 if best[-1][0] <= best[-1][1] + _IMPOSSIBLE else 1
    labels = []
    for i in range(len(lines) - 1, -1, -1):
        labels.append(state == 1)
        state = came_from[i][state]
    return labels[::-1]


@dataclass(frozen=True, slots=True)
class _Wrap:
    """What the text shows of the width it was wrapped at."""

    fits: int  # at most the width: a line this long plus the next word did not need a break
    longest: int  # the longest wrapped line of several words: a longer one was never wrapped


def _wrap_width(lines: list[str]) -> _Wrap | None:
    """The wrap width, from lines that are surely inside a paragraph: those that start in lower
    case and those followed by one. None when nothing shows a wrap."""
    inside = sorted(
        (len(line), " " in line)
        for line, following in zip(lines, [*lines[1:], ""], strict=True)
        if len(line) < _WHOLE_ABSTRACT and (line[:1].islower() or following[:1].islower())
    )
    if not inside:
        return None
    # a high quantile, not the maximum: a long URL may stick out past the width
    fits = inside[int(0.9 * (len(inside) - 1))][0]
    return _Wrap(fits, max((n for n, words in inside if words), default=fits))


def _title_cost(line: str) -> float:
    if not _is_title(line):
        return _IMPOSSIBLE
    if _DANGLING.search(line):
        return 5.0
    if _title_case(line) or _NAMED.match(line):
        return 0.0
    return 0.5 if ":" in line or _capitalized(line) >= 0.5 else 1.0


def _title_case(line: str) -> bool:
    """Capitals on (nearly) every word but the short function words: "Attention Is All You Need"."""
    words = [w for w in line.split() if w[:1].isalpha() and w.lower() not in _MINOR_WORDS]
    return len(words) >= 3 and sum(1 for w in words if not w[:1].islower()) >= 0.8 * len(words)


def _break_costs(previous: str, line: _Line, wrap: _Wrap | None, blanks_tell: bool) -> tuple[float, float]:
    """(cost of a new paper starting at `line`, cost of `line` continuing the abstract)."""
    if (blanks_tell and line.after_blank) or len(previous) >= _WHOLE_ABSTRACT:
        return 0.0, 3.0
    sentence_ended = bool(_SENTENCE_END.search(previous))
    if wrap is None:
        return (0.5, 1.0) if sentence_ended else (2.0, 0.0)
    if len(previous) + 1 + len(line.text.split()[0]) <= wrap.fits:
        return 0.0, 3.0  # the previous line had room for this line's first word: a paragraph end
    if len(line.text) > wrap.longest:
        return 0.0, 3.0  # too long to be a wrapped line: a title, which nobody wrapped
    return (0.5 if sentence_ended else 2.0), 0.0


def _capitalized(line: str) -> float:
    """The share of words that start with a capital or digit, as in most titles."""
    words = [w for w in line.split() if w[:1].isalnum()]
    return sum(1 for w in words if not w[:1].islower()) / len(words) if words else 0.0


def _is_title(line: str) -> bool:
    return (
        len(line) <= _MAX_TITLE
        and not line.endswith(".")
        and not line[:1].islower()
        and len(line.split()) <= 40
        and "://" not in line
    )


def _join(lines: list[str]) -> str:
    """A wrapped paragraph as one line; a word an editor broke at its hyphen is joined again."""
    text = lines[0]
    for line in lines[1:]:
        text += line if _HYPHEN_BREAK.search(text) and line[:1].isalpha() else " " + line
    return text


FORMAT = Format("Hugging Face papers listing", detect, parse)
