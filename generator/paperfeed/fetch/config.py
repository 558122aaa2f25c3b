"""`content/sources.yml`: where `paperfeed fetch` looks for papers, validated when it is read.

Every mistake is an InputError naming the file, the line and the key (`arxiv: query 2 (a):
'categories' ...`). A source whose section is missing, or says `enabled: false`, is not fetched.
The file is read by the kinds its fields are annotated with (see schema.py).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

import yaml

from paperfeed.errors import InputError, missing
from paperfeed.fetch.client import Policy
from paperfeed.schema import (
    At,
    Bool,
    Fields,
    Int,
    ListOf,
    Number,
    OneLine,
    Reader,
    Section,
    Text,
    Url,
    read_nodes,
)

FILE = "sources.yml"
HF_URL = "https://huggingface.co/api/daily_papers"
HF_PAGE_LIMIT = 100  # the most papers the daily-papers API sends in one answer
ARXIV_URL = "https://export.arxiv.org/api/query"
ARXIV_SPACING = 3.0  # seconds between requests, as arXiv's API terms ask
ARXIV_PAGE_LIMIT = 2000  # the most results arXiv returns in one answer
_CATEGORY = re.compile(r"[a-z][a-z-]*(?:\.[A-Za-z][A-Za-z-]*)?")  # cs.LG, hep-th, q-bio.NC
_POLICY = Policy(user_agent="")  # the client's defaults


@dataclass(frozen=True, slots=True)
class HuggingFace:
    url: Annotated[str, _Endpoint()] = HF_URL
    delay: Annotated[float, Number(least=0)] = 1.0  # seconds between requests
    # also fetch this many days before each fetched day
    lookback: Annotated[int, Int(0, 30)] = 1
    # papers per request (`limit`; the API's default is 50 and it sends at most 100), and
    # requests per day (`p`, from 0): a day that fills every page may have more
    page_size: Annotated[int, Int(1, HF_PAGE_LIMIT)] = HF_PAGE_LIMIT
    max_pages: Annotated[int, Int(1, 100)] = 3
    enabled: Annotated[bool, Bool()] = True  # False: not fetched, and Config says None


@dataclass(frozen=True, slots=True)
class ArxivQuery:
    name: Annotated[str, OneLine()]
    categories: Annotated[tuple[str, ...], _Distinct(_Category())] = ()  # any of them
    # any of them, in the title or the abstract
    phrases: Annotated[tuple[str, ...], _Distinct(_ArxivPhrase())] = ()


@dataclass(frozen=True, slots=True)
class Arxiv:
    # the searches to run: needed when enabled
    queries: Annotated[
        tuple[ArxivQuery, ...], ListOf(_QUERY, noun="query", nonempty=True, unique="name")
    ] = ()
    url: Annotated[str, _Endpoint()] = ARXIV_URL
    delay: Annotated[float, Number(least=0)] = ARXIV_SPACING
    lookback: Annotated[int, Int(0, 30)] = 4
    page_size: Annotated[int, Int(1, ARXIV_PAGE_LIMIT)] = 100
    max_pages: Annotated[int, Int(1, 100)] = 3
    enabled: Annotated[bool, Bool()] = True  # False: not fetched, and Config says None


@dataclass(frozen=True, slots=True)
class Config:
    client: Policy
    huggingface: HuggingFace | None  # None: not fetched
    arxiv: Arxiv | None


@dataclass(frozen=True, slots=True)
class _Client:
    """The `client:` section: Policy's fields, with Policy's defaults; an empty user_agent means
    `default_user_agent()`."""

    user_agent: Annotated[str, _UserAgent()] = ""
    timeout: Annotated[float, Number(above=0)] = _POLICY.timeout
    retries: Annotated[int, Int(0, 10)] = _POLICY.retries
    backoff: Annotated[float, Number(least=0)] = _POLICY.backoff
    retry_after_cap: Annotated[float, Number(least=0)] = _POLICY.retry_after_cap
    deadline: Annotated[float, Number(above=0)] = _POLICY.deadline


@dataclass(frozen=True, slots=True)
class _Sources:
    """sources.yml as written; `load` makes its Config."""

    client: Annotated[_Client, Section(_Client)] = _Client()
    huggingface: Annotated[HuggingFace | None, Section(HuggingFace)] = None
    arxiv: Annotated[Arxiv | None, Section(Arxiv, check=_check_arxiv)] = None


def default_user_agent() -> str:
    try:
        version = metadata.version("paperfeed")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        version = "0"
    return f"paperfeed/{version} (research-paper digest; Python urllib)"


def load(path: Path) -> Config:
    """The validated configuration in `path`; InputError says what is wrong and where."""
    try:
        root = read_nodes(path)
    except FileNotFoundError:
        raise InputError(path, "missing: `paperfeed fetch` reads its sources from this file") from None
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None
    if root is None:
        raise InputError(path, "empty; expected the sections client, huggingface and arxiv")
    sources = Reader(path).read(_SOURCES, root)
    client = dataclasses.replace(sources.client, user_agent=sources.client.user_agent or default_user_agent())
    return Config(
        client=Policy(**dataclasses.asdict(client)),
        huggingface=sources.huggingface if sources.huggingface and sources.huggingface.enabled else None,
        arxiv=sources.arxiv if sources.arxiv and sources.arxiv.enabled else None,
    )


# --- What sources.yml's own fields must be, and the rules between them ------------------------------


class _Endpoint(Url):
    """An API's address: fetch adds the query to it."""

    def read(self, reader: Reader, node: yaml.Node, at: At) -> str:
        url = super().read(reader, node, at)
        if "?" in url or "#" in url:
            message = f"{at.subject} must be the endpoint without '?…': fetch adds the query itself"
            raise reader.error(message, node, at.place)
        return url


class _UserAgent(OneLine):
    expected = "one line of printable text"

    def read(self, reader: Reader, node: yaml.Node, at: At) -> str:
        text = super().read(reader, node, at)
        if not text.isprintable():
            raise reader.wrong(self, node, at)
        if other := next((ch for ch in text if ord(ch) > 0xFF), None):
            message = (
                f"{at.subject} holds {other!r}, which an HTTP header cannot carry (Latin-1 letters only): "
                "write the name without it"
            )
            raise reader.error(message, node, at.place)
        return text


class _Category(OneLine):
    expected = "an arXiv category such as cs.LG"

    def read(self, reader: Reader, node: yaml.Node, at: At) -> str:
        text = super().read(reader, node, at)
        if not _CATEGORY.fullmatch(text):
            raise reader.wrong(self, node, at)
        return text


class _ArxivPhrase(Text):
    """A phrase as arXiv's search takes it: its words, in double quotes."""

    expected = "a phrase without double quotes"

    def read(self, reader: Reader, node: yaml.Node, at: At) -> str:
        text = " ".join(super().read(reader, node, at).split())
        if '"' in text:
            raise reader.wrong(self, node, at)
        return text


class _Distinct(ListOf[str]):
    """A list in which a value given twice counts once."""

    def read(self, reader: Reader, node: yaml.Node, at: At) -> tuple[str, ...]:
        return tuple(dict.fromkeys(super().read(reader, node, at)))


def _check_query(query: Fields) -> None:
    if not query.values.get("categories") and not query.values.get("phrases"):
        raise query.error("needs 'categories' or 'phrases' (or both)")


def _check_arxiv(arxiv: Fields) -> None:
    if not arxiv.values.get("enabled", True):
        return
    if "queries" not in arxiv.values:
        raise arxiv.error(missing("queries") + ": the searches to run (or say 'enabled: false')")
    host = urlsplit(arxiv.values.get("url", ARXIV_URL)).hostname or ""
    delay = arxiv.values.get("delay", ARXIV_SPACING)
    if (host == "arxiv.org" or host.endswith(".arxiv.org")) and delay < ARXIV_SPACING:
        wait = f"{ARXIV_SPACING:g}"
        message = f"'delay' must be {wait} or more: arXiv asks for {wait} seconds between requests"
        raise arxiv.error(message, arxiv.nodes["delay"])


def _check_sources(sources: Fields) -> None:
    enabled = [sources.values[name].enabled for name in ("huggingface", "arxiv") if name in sources.values]
    if not any(enabled):
        raise sources.error("no source is enabled (huggingface, arxiv): nothing to fetch")


_QUERY = Section(ArxivQuery, label="name", check=_check_query)
_SOURCES = Section(_Sources, check=_check_sources)
