"""`content/sources.yml`: where `paperfeed fetch` looks for papers, validated when it is read.

Every mistake is an InputError naming the file, the line and the key (`arxiv.queries[2].name`).
A source whose section is missing, or says `enabled: false`, is not fetched.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import yaml

from paperfeed.errors import InputError
from paperfeed.fetch.client import Policy
from paperfeed.formats.listing import load_yaml

T = TypeVar("T")
Key = tuple[str | int, ...]

FILE = "sources.yml"
HF_URL = "https://huggingface.co/api/daily_papers"
ARXIV_URL = "https://export.arxiv.org/api/query"
ARXIV_SPACING = 3.0  # seconds between requests, as arXiv's API terms ask
ARXIV_PAGE_LIMIT = 2000  # the most results arXiv returns in one answer
_CATEGORY = re.compile(r"[a-z][a-z-]*(?:\.[A-Za-z][A-Za-z-]*)?")  # cs.LG, hep-th, q-bio.NC


@dataclass(frozen=True, slots=True)
class HuggingFace:
    url: str = HF_URL
    delay: float = 1.0  # seconds between requests
    lookback: int = 1  # also fetch this many days before each fetched day


@dataclass(frozen=True, slots=True)
class ArxivQuery:
    name: str
    categories: tuple[str, ...] = ()  # any of them
    phrases: tuple[str, ...] = ()  # any of them, in the title or the abstract


@dataclass(frozen=True, slots=True)
class Arxiv:
    queries: tuple[ArxivQuery, ...]
    url: str = ARXIV_URL
    delay: float = ARXIV_SPACING
    lookback: int = 4
    page_size: int = 100
    max_pages: int = 3


@dataclass(frozen=True, slots=True)
class Config:
    client: Policy
    huggingface: HuggingFace | None  # None: not fetched
    arxiv: Arxiv | None


def default_user_agent() -> str:
    try:
        version = metadata.version("paperfeed")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        version = "0"
    return f"paperfeed/{version} (research-paper digest; Python urllib)"


def load(path: Path) -> Config:
    """The validated configuration in `path`; InputError says what is wrong and where."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise InputError(path, "missing: `paperfeed fetch` reads its sources from this file") from None
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise InputError(path, "not UTF-8 text") from None
    data = load_yaml(text, str(path))  # syntax errors first, with their line
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    lines = _lines(node, str(path)) if node is not None else {}
    return _Reader(str(path), lines).config(data)


class _Reader:
    """Reads the parsed YAML key by key; `lines` maps each key path to the line it is on."""

    def __init__(self, where: str, lines: dict[Key, int]) -> None:
        self.where = where
        self.lines = lines

    def error(self, key: Key, message: str) -> InputError:
        line = next((self.lines[key[:n]] for n in range(len(key), -1, -1) if key[:n] in self.lines), None)
        name = "".join(f"[{k + 1}]" if isinstance(k, int) else f".{k}" for k in key).lstrip(".")
        return InputError(self.where, f"{name}: {message}" if name else message, line)

    def config(self, data: Any) -> Config:
        if data is None:
            raise self.error((), "empty; expected the sections client, huggingface and arxiv")
        top = self.section(data, (), ("client", "huggingface", "arxiv"))
        policy = self.policy(top.get("client"))
        huggingface = self.huggingface(top["huggingface"]) if "huggingface" in top else None
        arxiv = self.arxiv(top["arxiv"]) if "arxiv" in top else None
        if huggingface is None and arxiv is None:
            raise self.error((), "no source is enabled (huggingface, arxiv): nothing to fetch")
        return Config(policy, huggingface, arxiv)

    def section(self, data: Any, key: Key, known: tuple[str, ...]) -> dict[str, Any]:
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise self.error(key, f"expected a mapping of {', '.join(known)}, got {_kind(data)}")
        for name in data:
            if name not in known:
                raise self.error((*key, str(name)), f"unknown key (known: {', '.join(known)})")
        return data

    def enabled(self, section: dict[str, Any], key: Key) -> bool:
        value = section.get("enabled", True)
        if not isinstance(value, bool):
            raise self.error((*key, "enabled"), f"expected true or false, got {_kind(value)}")
        return value

    def policy(self, data: Any) -> Policy:
        key: Key = ("client",)
        fields = ("user_agent", "timeout", "retries", "backoff", "retry_after_cap", "deadline")
        section = self.section(data, key, fields)
        defaults = Policy(user_agent=default_user_agent())
        return Policy(
            user_agent=self.value(section, key, "user_agent", defaults.user_agent, self._user_agent),
            timeout=self.value(section, key, "timeout", defaults.timeout, _number(above=0)),
            retries=self.value(section, key, "retries", defaults.retries, _integer(0, 10)),
            backoff=self.value(section, key, "backoff", defaults.backoff, _number()),
            retry_after_cap=self.value(section, key, "retry_after_cap", defaults.retry_after_cap, _number()),
            deadline=self.value(section, key, "deadline", defaults.deadline, _number(above=0)),
        )

    def huggingface(self, data: Any) -> HuggingFace | None:
        key: Key = ("huggingface",)
        section = self.section(data, key, ("enabled", "url", "delay", "lookback"))
        if not self.enabled(section, key):
            return None
        d = HuggingFace()
        return HuggingFace(
            url=self.value(section, key, "url", d.url, _url),
            delay=self.value(section, key, "delay", d.delay, _number()),
            lookback=self.value(section, key, "lookback", d.lookback, _integer(0, 30)),
        )

    def arxiv(self, data: Any) -> Arxiv | None:
        key: Key = ("arxiv",)
        fields = ("enabled", "url", "delay", "lookback", "page_size", "max_pages", "queries")
        section = self.section(data, key, fields)
        if not self.enabled(section, key):
            return None
        if "queries" not in section:
            raise self.error(key, "needs 'queries', the searches to run (or 'enabled: false')")
        raw = section["queries"]
        if not isinstance(raw, list) or not raw:
            raise self.error((*key, "queries"), f"expected a list of queries, got {_kind(raw)}")
        queries = tuple(self.query(item, (*key, "queries", i)) for i, item in enumerate(raw))
        names = [q.name for q in queries]
        for index, name in enumerate(names):
            if name in names[:index]:
                raise self.error((*key, "queries", index, "name"), f"{name!r} names two queries")
        d = Arxiv(queries=())
        settings = Arxiv(
            queries=queries,
            url=self.value(section, key, "url", d.url, _url),
            delay=self.value(section, key, "delay", d.delay, _number()),
            lookback=self.value(section, key, "lookback", d.lookback, _integer(0, 30)),
            page_size=self.value(section, key, "page_size", d.page_size, _integer(1, ARXIV_PAGE_LIMIT)),
            max_pages=self.value(section, key, "max_pages", d.max_pages, _integer(1, 100)),
        )
        host = urlsplit(settings.url).hostname or ""
        if (host == "arxiv.org" or host.endswith(".arxiv.org")) and settings.delay < ARXIV_SPACING:
            raise self.error((*key, "delay"), f"arXiv asks for {ARXIV_SPACING:g} seconds between requests")
        return settings

    def query(self, data: Any, key: Key) -> ArxivQuery:
        section = self.section(data, key, ("name", "categories", "phrases"))
        name = self.value(section, key, "name", None, _name)
        if name is None:
            raise self.error(key, "needs a 'name' (it names the query in messages)")
        query = ArxivQuery(
            name=name,
            categories=self.value(section, key, "categories", (), _strings(_category)),
            phrases=self.value(section, key, "phrases", (), _strings(_phrase)),
        )
        if not query.categories and not query.phrases:
            raise self.error(key, "needs 'categories' or 'phrases' (or both)")
        return query

    def value(self, section: dict[str, Any], key: Key, name: str, default: T, read: Callable[[Any], T]) -> T:
        if name not in section:
            return default
        try:
            return read(section[name])
        except ValueError as exc:
            raise self.error((*key, name), str(exc)) from None

    @staticmethod
    def _user_agent(value: Any) -> str:
        text = _name(value)
        if not text.isprintable():
            raise ValueError("must be one line of printable text")
        return text


def _lines(node: yaml.Node, where: str, key: Key = ()) -> dict[Key, int]:
    """The line of every key and list item under `node`; refuses a key given twice."""
    lines = {key: node.start_mark.line + 1}
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            name = str(key_node.value)
            if name in seen:
                raise InputError(where, f"{name!r} is given twice", key_node.start_mark.line + 1)
            seen.add(name)
            lines.update(_lines(value_node, where, (*key, name)))
            lines[(*key, name)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines.update(_lines(item, where, (*key, index)))
    return lines


def _number(above: float | None = None) -> Callable[[Any], float]:
    def read(value: Any) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"expected a number of seconds, got {_kind(value)}")
        if value < 0 or (above is not None and value <= above):
            raise ValueError(f"must be more than {above:g}" if above is not None else "must not be negative")
        return float(value)

    return read


def _integer(low: int, high: int) -> Callable[[Any], int]:
    def read(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"expected a whole number, got {_kind(value)}")
        if not low <= value <= high:
            raise ValueError(f"must be from {low} to {high}, got {value}")
        return value

    return read


def _name(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"expected text, got {_kind(value)}")
    return value.strip()


def _url(value: Any) -> str:
    text = _name(value)
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"expected an http(s) URL, got {text[:60]!r}")
    if parts.query or parts.fragment:
        raise ValueError("give the endpoint without '?…': fetch adds the query itself")
    return text


def _category(value: Any) -> str:
    text = _name(value)
    if not _CATEGORY.fullmatch(text):
        raise ValueError(f"not an arXiv category such as cs.LG: {text[:40]!r}")
    return text


def _phrase(value: Any) -> str:
    text = " ".join(_name(value).split())
    if '"' in text:
        raise ValueError(f"a phrase cannot hold double quotes: {text[:40]!r}")
    return text


def _strings(read: Callable[[Any], str]) -> Callable[[Any], tuple[str, ...]]:
    def read_all(value: Any) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise ValueError(f"expected a list, got {_kind(value)}")
        return tuple(dict.fromkeys(read(item) for item in value))

    return read_all


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"{value[:40]!r}"
    return f"{value!r}"
