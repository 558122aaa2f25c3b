"""The paper model: the typed data every stage passes on."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from enum import IntEnum

# A versionless new-style arXiv id (0704.0001 on), or an old-style one such as hep-th/9901001.
# Old-style archives are words joined by hyphens, with a subject class: hep-th, math.AG, cs.LG.
_OLD_STYLE = r"[a-z]+(?:-[a-z]+)*(?:\.[a-z]{2})?/\d{7}"
_ARXIV_IN_TEXT = re.compile(
    rf"(?:arxiv\.org/(?:abs|pdf)/|arxiv:|^)\s*(\d{{4}}\.\d{{4,5}}|{_OLD_STYLE})(?:v\d+)?(?:\.pdf)?$",
    re.IGNORECASE,
)


class DateSource(IntEnum):
    """Where a paper's `date` came from; a better source replaces a worse one on merge."""

    LISTING = 1  # the day of the listing it was found in: a placeholder
    ARXIV_ID = 2  # the YYMM of its arXiv id: the right month, first day
    PUBLISHED = 3  # a real publication date

    @property
    def label(self) -> str:
        return self.name.lower().replace("_", "-")

    @classmethod
    def from_label(cls, label: str) -> DateSource:
        return cls[label.upper().replace("-", "_")]


@dataclass(frozen=True, slots=True)
class Links:
    """Links known for a paper beyond those its arXiv id gives."""

    url: str | None = None  # the paper's own page, for papers without an arXiv id
    pdf: str | None = None
    code: str | None = None
    project: str | None = None

    def merged(self, other: Links) -> Links:
        """These links with the gaps filled from `other`; known links are never replaced."""
        return Links(**{f: getattr(self, f) or getattr(other, f) for f in LINK_KINDS})

    def as_dict(self) -> dict[str, str]:
        return {f: v for f in LINK_KINDS if (v := getattr(self, f))}


LINK_KINDS = tuple(f.name for f in dataclasses.fields(Links))


@dataclass(frozen=True, slots=True)
class Paper:
    """One paper. Sources produce papers with `added` unset; the store sets it once.

    Text fields hold display text, cleaned once where the paper entered (text.clean)."""

    title: str
    abstract: str = ""
    arxiv: str | None = None
    authors: tuple[str, ...] = ()
    date: dt.date | None = None
    date_source: DateSource = DateSource.LISTING
    added: dt.date | None = None
    added_time: dt.time | None = None  # when on `added` it arrived (UTC), if known
    links: Links = Links()
    categories: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()  # chosen by the curator; win over the classifier
    auto_topics: tuple[str, ...] = ()  # the classifier's, decided when the paper was imported
    classifier: str | None = None  # the classifier (rules and model) that decided auto_topics
    upvotes: int | None = None  # Hugging Face's daily-papers count, refreshed by fetch
    comments: int | None = None
    slug: str | None = None  # set once, so a paper's URL never changes


@dataclass(frozen=True, slots=True)
class Entry:
    """A paper as the site shows it: with its ranked topics."""

    paper: Paper
    topics: tuple[str, ...]

    @property
    def slug(self) -> str:
        assert self.paper.slug, "slugs are assigned before the digest is made"
        return self.paper.slug

    @property
    def date(self) -> dt.date:
        return self.paper.date or self.paper.added or dt.date.min

    @property
    def added(self) -> dt.date:
        return self.paper.added or self.date

    @property
    def added_at(self) -> dt.datetime:
        """When the paper was added (UTC): its import's time that day, else noon of the day (a
        placeholder that stays on the day in every time zone from UTC-11 to UTC+11)."""
        time = self.paper.added_time or ADDED_AT_NOON
        return dt.datetime.combine(self.added, time, tzinfo=dt.UTC)


ADDED_AT_NOON = dt.time(12)


def arxiv_id(value: str) -> str | None:
    """The versionless arXiv id in an id, abs/pdf URL or 'arXiv:' reference, else None."""
    match = _ARXIV_IN_TEXT.search(value.strip())
    return match.group(1) if match else None


def arxiv_month(arxiv: str) -> dt.date | None:
    """The first day of the month a new-style arXiv id was issued in (YYMM)."""
    match = re.fullmatch(r"(\d\d)(\d\d)\.\d{4,5}", arxiv)
    if not match or not 1 <= int(match.group(2)) <= 12:
        return None
    return dt.date(2000 + int(match.group(1)), int(match.group(2)), 1)
