"""`paperfeed fetch` against a local server that replays recorded-shape answers; never the internet.

Every test works on a copy of a two-paper store in tmp_path. Failure tests check the one error
line and that content/ is byte-identical afterwards; success tests check exactly which papers
were added, and on which day. The client waits on a fake clock: a test checks each wait it made,
never how long it took (only a request's own timeout is real).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from conftest import FIXTURES, REPO, Run, run_cli, snapshot

from paperfeed import cli
from paperfeed.fetch import config as fetch_config
from paperfeed.fetch import run as fetch_run
from paperfeed.store import files as store
from paperfeed.store import health

FETCH_FIXTURES = FIXTURES / "fetch"
USER_AGENT = "paperfeed-tests/1.0 (+https://example.org/paperfeed; tests@example.org)"
STORED = {"2611.00999": dt.date(2026, 11, 18), "2611.01001": dt.date(2026, 11, 18)}
ARXIV_DAY = {f"2611.0301{i}" for i in range(1, 8)}


def fixture(name: str) -> bytes:
    return (FETCH_FIXTURES / name).read_bytes()


# --- the local server ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Reply:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to sit on the request before answering
    length: int | None = None  # a Content-Length that lies: the connection closes early


@dataclass(frozen=True)
class Seen:
    route: str
    params: dict[str, str]
    headers: dict[str, str]


class FakeUpstream:
    """Scripted answers per route: `hf DAY` (`hf DAY pN` for page N > 0) or `arxiv DAY START`;
    the last one repeats."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.script: dict[str, list[Reply]] = {}
        self.seen: list[Seen] = []
        self.release = threading.Event()  # ends every delay when the test is over

    def on(self, route: str, *replies: Reply) -> None:
        self.script[route] = list(replies)

    def reply(self, route: str) -> Reply:
        queue = self.script.get(route)
        if not queue:  # unscripted: an empty day, as the real APIs answer
            return Reply(b"[]") if route.startswith("hf") else Reply(fixture("arxiv-empty.xml"))
        return queue.pop(0) if len(queue) > 1 else queue[0]

    def routes(self) -> list[str]:
        return [s.route for s in self.seen]

    @staticmethod
    def route(path: str, params: dict[str, str]) -> str:
        if path.endswith("/daily_papers"):
            page = params.get("p", "0")
            return f"hf {params.get('date')}" + ("" if page == "0" else f" p{page}")
        match = re.search(r"submittedDate:\[(\d{4})(\d\d)(\d\d)0000 TO", params.get("search_query", ""))
        day = "-".join(match.groups()) if match else "?"
        return f"arxiv {day} {params.get('start')}"


class _Handler(BaseHTTPRequestHandler):
    server: Any

    def do_GET(self) -> None:
        fake: FakeUpstream = self.server.fake
        url = urlsplit(self.path)
        params = {k: v[0] for k, v in parse_qs(url.query).items()}
        route = fake.route(url.path, params)
        fake.seen.append(Seen(route, params, dict(self.headers)))
        reply = fake.reply(route)
        if reply.delay and fake.release.wait(reply.delay):
            return
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(reply.length or len(reply.body)))
        self.end_headers()
        with contextlib.suppress(OSError):  # the client gave up first: what the test is about
            self.wfile.write(reply.body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def upstream() -> Iterator[FakeUpstream]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    fake = FakeUpstream(f"http://127.0.0.1:{server.server_address[1]}")
    server.fake = fake  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    yield fake
    fake.release.set()
    server.shutdown()
    server.server_close()


# --- the clock --------------------------------------------------------------------------------


class FakeClock:
    """Time that moves only when the client sleeps: each wait is recorded and takes no time."""

    def __init__(self) -> None:
        self.time = 0.0
        self.slept: list[float] = []

    def now(self) -> float:
        return self.time

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.time += seconds


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    """The clock every fetch in these tests runs on, so that no test really waits: the command's
    clock, which it passes to the run."""
    fake = FakeClock()
    real = cli.system_clock()
    monkeypatch.setattr(cli, "system_clock", lambda: fetch_run.Clock(fake.now, fake.sleep, real.now))
    return fake


# --- the content folder and the command ---------------------------------------------------------


@pytest.fixture(autouse=True)
def two_stored_papers(content: Path) -> None:
    """Fills every test's content folder (conftest's) with a copy of the two-paper store."""
    shutil.copytree(FETCH_FIXTURES / "store", content)


def configure(content: Path, upstream: FakeUpstream, **sections: dict[str, Any]) -> None:
    """Writes sources.yml for the local server, with the given keys changed per section.

    The waits (backoff, spacing, Retry-After) cost nothing on the fake clock; the timeout is real.
    """
    config: dict[str, Any] = {
        "client": {"user_agent": USER_AGENT, "timeout": 1, "retries": 2, "backoff": 1,
                   "retry_after_cap": 1, "deadline": 5},
        "huggingface": {"url": f"{upstream.base}/api/daily_papers", "delay": 0, "lookback": 0},
        "arxiv": {"url": f"{upstream.base}/api/query", "delay": 0, "lookback": 1, "page_size": 3,
                  "max_pages": 5,
                  "queries": [{"name": "alignment", "categories": ["cs.CL"], "phrases": ["reward model"]}]},
    }
    for name, changes in sections.items():
        config[name].update(changes)
    (content / "sources.yml").write_text(yaml.safe_dump(config, sort_keys=False))


def fetch(content: Path, *args: str) -> Run:
    """`paperfeed fetch --content CONTENT ARGS`."""
    return run_cli("fetch", "--content", content, *args)


def added_dates(content: Path) -> dict[str, dt.date | None]:
    return {p.arxiv or p.title: p.added for p in store.load(content)}


def assert_refused(run: Run, where: str, *reasons: str) -> None:
    """A run refused before it fetched anything: one error line, exit 1, nothing else said."""
    assert run.code == 1, run
    assert run.out == ""
    lines = run.err.splitlines()
    assert len(lines) == 1, run.err
    assert lines[0].startswith(f"error: {where}: "), lines[0]
    for reason in reasons:
        assert reason in lines[0]
    assert "Traceback" not in run.err


def assert_failed(run: Run, source: str, *reasons: str) -> None:
    """A source that failed: one error line naming it and exit 1; the others still report."""
    assert run.code == 1, run
    errors = [line for line in run.err.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, run.err
    assert errors[0].startswith(f"error: {source}: "), errors[0]
    for reason in reasons:
        assert reason in errors[0]
    assert "Traceback" not in run.err


def stored(content: Path) -> dict[str, bytes]:
    """The store's papers and settings: content/ without the record of the runs (health.yml)."""
    return {name: data for name, data in snapshot(content).items() if name != "health.yml"}


def hf_day(day: str) -> Reply:
    return Reply(fixture(f"hf-{day}.json"), headers={"Content-Type": "application/json; charset=utf-8"})


def atom(name: str) -> Reply:
    return Reply(fixture(name), headers={"Content-Type": "application/atom+xml; charset=utf-8"})


def three_pages(upstream: FakeUpstream) -> None:
    for start, page in (("0", 1), ("3", 2), ("6", 3)):
        upstream.on(f"arxiv 2026-11-19 {start}", atom(f"arxiv-page-{page}.xml"))


# --- success ------------------------------------------------------------------------------------


def test_fetch_help_works() -> None:
    run = run_cli("fetch", "--help")
    assert run.code == 0
    assert "--since" in run.out


def test_hf_day_adds_exactly_the_new_papers_on_the_run_date(content: Path, upstream: FakeUpstream) -> None:
    configure(content, upstream, arxiv={"enabled": False})
    upstream.on("hf 2026-11-20", hf_day("2026-11-20"))
    before = stored(content)

    run = fetch(content, "--date", "2026-11-20")

    assert run.code == 0, run.err
    assert run.out == "2 new, 1 updated, 0 unchanged\n"  # the stored paper's upvotes, refreshed
    assert "huggingface: 3 papers, 2026-11-20 (1 request)" in run.err
    after = stored(content)
    old, new_lines = before["papers/2026-11-18.yml"].splitlines(), after["papers/2026-11-18.yml"].splitlines()
    assert [line for line in new_lines if line not in old] == [b"  upvotes: 41", b"  comments: 1"]
    new = {"2611.02002": dt.date(2026, 11, 20), "2611.02003": dt.date(2026, 11, 20)}
    assert added_dates(content) == {**STORED, **new}
    assert set(after) == {*before, "papers/2026-11-20.yml"}


def test_second_fetch_of_the_same_day_adds_nothing(content: Path, upstream: FakeUpstream) -> None:
    configure(content, upstream)
    upstream.on("hf 2026-11-20", hf_day("2026-11-20"))
    three_pages(upstream)
    first = fetch(content, "--date", "2026-11-20")
    assert first.out == "9 new, 1 updated, 0 unchanged\n"
    once = stored(content)

    again = fetch(content, "--date", "2026-11-20")

    assert again.code == 0
    assert again.out == "0 new, 0 updated, 10 unchanged\n"
    assert stored(content) == once


def test_arxiv_fetches_every_page_of_a_day(content: Path, upstream: FakeUpstream) -> None:
    configure(content, upstream, huggingface={"enabled": False})
    three_pages(upstream)

    run = fetch(content, "--date", "2026-11-20")

    assert run.code == 0, run.err
    assert run.out == "7 new, 0 updated, 0 unchanged\n"
    assert "arxiv alignment: 7 papers, 2026-11-19 to 2026-11-20 (1 of 2 days empty, 4 requests)" in run.err
    assert upstream.routes() == [
        "arxiv 2026-11-19 0", "arxiv 2026-11-19 3", "arxiv 2026-11-19 6", "arxiv 2026-11-20 0"
    ]
    first = upstream.seen[0].params
    assert first["max_results"] == "3"
    assert first["sortBy"] == "submittedDate"
    assert first["search_query"] == (
        'cat:cs.CL AND (ti:"reward model" OR abs:"reward model") '
        "AND submittedDate:[202611190000 TO 202611192359]"
    )
    assert added_dates(content) == {**STORED, **dict.fromkeys(ARXIV_DAY, dt.date(2026, 11, 20))}


def test_arxiv_requests_are_spaced_by_the_configured_delay(
    content: Path, upstream: FakeUpstream, clock: FakeClock
) -> None:
    configure(content, upstream, client={"deadline": 10}, huggingface={"enabled": False}, arxiv={"delay": 3})
    three_pages(upstream)

    run = fetch(content, "--date", "2026-11-20")

    assert run.code == 0, run.err
    assert len(upstream.seen) == 4
    assert clock.slept == [3, 3, 3]  # before every request but the first


def test_each_source_spaces_only_its_own_requests(
    content: Path, upstream: FakeUpstream, clock: FakeClock
) -> None:
    configure(content, upstream, client={"deadline": 10}, huggingface={"delay": 2, "lookback": 1},
              arxiv={"delay": 3})

    run = fetch(content, "--date", "2026-11-20")

    assert run.code == 0, run.err
    assert upstream.routes() == ["hf 2026-11-19", "hf 2026-11-20", "arxiv 2026-11-19 0", "arxiv 2026-11-20 0"]
    assert clock.slept == [2, 3]  # arXiv's first request does not wait out Hugging Face's delay


def test_every_request_names_paperfeed_in_its_user_agent(content: Path, upstream: FakeUpstream) -> None:
    configure(content, upstream)
    upstream.on("hf 2026-11-20", hf_day("2026-11-20"))
    three_pages(upstream)

    assert fetch(content, "--date", "2026-11-20").code == 0

    assert len(upstream.seen) == 5
    assert {s.headers.get("User-Agent") for s in upstream.seen} == {USER_AGENT}


def test_the_default_user_agent_names_paperfeed_and_its_version() -> None:
    assert re.fullmatch(r"paperfeed/\S+ \(.+\)", fetch_config.default_user_agent())


def test_429_is_retried_after_the_servers_retry_after(
    content: Path, upstream: FakeUpstream, clock: FakeClock
) -> None:
    configure(content, upstream, client={"retry_after_cap": 5}, arxiv={"enabled": False})
    upstream.on("hf 2026-11-20", Reply(b"slow down", 429, {"Retry-After": "2"}), hf_day("2026-11-20"))

    run = fetch(content, "--date", "2026-11-20")

    assert run.code == 0, run.err
    assert run.out == "2 new, 1 updated, 0 unchanged\n"
    assert len(upstream.seen) == 2
    assert clock.slept == [2]  # the backoff alone is 1s


def test_a_retry_after_longer_than_the_cap_fails_without_waiting(
    content: Path, upstream: FakeUpstream, clock: FakeClock
) -> None:
    configure(content, upstream, arxiv={"enabled": False})
    upstream.on("hf 2026-11-20", Reply(b"", 429, {"Retry-After": "3600"}))
    before = stored(content)

    run = fetch(content, "--date", "2026-11-20")

    assert_failed(run, "huggingface", "2026-11-20: HTTP 429", "3600s", "client.retry_after_cap (1s)")
    assert len(upstream.seen) == 1
    assert clock.slept == []
    assert stored(content) == before


def test_a_server_down_for_good_fails_after_the_retries_and_the_other_source_still_lands(
    content: Path, upstream: FakeUpstream, clock: FakeClock
) -> None:
    configure(content, upstream)
    upstream.on("hf 2026-11-20", hf_day("2026-11-20"))
    upstream.on("arxiv 2026-11-19 0", Reply(b"<html>down</html>", 503, {"Content-Type": "text/html"}))

    run = fetch(content, "--date", "2026-11-20")

    assert_failed(
        run, "arxiv alignment", "2026-11-19 page 1: HTTP 503 Service Unavailable (gave up after 3 tries)"
    )
    assert upstream.routes() == ["hf 2026-11-20", *["arxiv 2026-11-19 0"] * 3]
    assert clock.slept == [1, 2]  # the backoff, doubled before each next try
    assert run.out == "2 new, 1 updated, 0 unchanged\n"  # Hugging Face's papers land all the same
    new = {"2611.02002": dt.date(2026, 11, 20), "2611.02003": dt.date(2026, 11, 20)}
    assert added_dates(content) == {**STORED, **new}


def test_a_timeout_is_retried_then_fails(content: Path, upstream: FakeUpstream, clock: FakeClock) -> None:
    configure(content, upstream, client={"timeout": 0.3, "retries": 1}, arxiv={"enabled": False})
    upstream.on("hf 2026-11-20", Reply(fixture("hf-2026-11-20.json"), delay=3))
    before = stored(content)

    run = fetch(content, "--date", "2026-11-20")

    assert_failed(run, "huggingface", "2026-11-20: no answer within 0.3s (gave up after 2 tries)")
    assert len(upstream.seen) == 2
    assert clock.slept == [1]
    assert stored(content) == before


def test_a_single_timeout_is_survived(content: Path, upstream: FakeUpstream) -> None:
    configure(content, upstream, arxiv={"enabled": False})
    upstream.on("hf 2026-11-20", Reply(fixture("hf-2026-11-20.json"), delay=3), hf_day("2026-11-20"))

    run = fetch(content, "--date", "2026-11-20")

    assert run.code == 0, run.err
    assert run.out == "2 new, 1 updated, 0 unchanged\n"


def test_a_connection_closed_mid_answer_is_retried_then_fails(content: Path, upstream: FakeUpstream) -> None:
    configure(content, upstream, arxiv={"enabled": False})
    body = fixture("hf-2026-11-20.json")
    upstream.on("hf 2026-11-20", Reply(body[:500], length=len(body)))
    before = stored(content)

    run = fetch(content, "--date", "2026-11-20")

    assert_failed(run, "huggingface", "the connection closed mid-answer", "gave up after 3 tries")
    assert stored(content) == before


def test_the_overall_deadline_stops_a_slow_request(content: Path, upstream: FakeUpstream) -> None:
    configure(content, upstream, client={"timeout": 10, "deadline": 0.5}, arxiv={"enabled": False})
    upstream.on("hf 2026-11-20", Reply(fixture("hf-2026-11-20.json"), delay=5))
    before = stored(content)

    run = fetch(content, "--date", "2026-11-20")

    assert_failed(run, "huggingface", "no answer before the deadline of 0.5s (client.deadline)")
    assert stored(content) == before


def test_the_overall_deadline_stops_the_retries(
    content: Path, upstream: FakeUpstream, clock: FakeClock
) -> None:
    configure(content, upstream, client={"retries": 10, "deadline": 10}, arxiv={"enabled": False})
    upstream.on("hf 2026-11-20", Reply(b"", 503))
    before = stored(content)

    run = fetch(content, "--date", "2026-11-20")

    assert_failed(
        run, "huggingface", "HTTP 503 Service Unavailable: waiting 8s more would pass the deadline of 10s"
    )
    assert len(upstream.seen) == 4
    assert clock.slept == [1, 2, 4]  # 7s waited; 8 more would end at 15s
    assert stored(content) == before


def test_no_request_starts_once_the_deadline_is_reached(
    content: Path, upstream: FakeUpstream, clock: FakeClock
) -> None:
    configure(content, upstream, client={"retries": 10, "deadline": 3}, arxiv={"enabled": False})
    upstream.on("hf 2026-11-20", Reply(b"", 503))

    run = fetch(content, "--date", "2026-11-20")

    assert_failed(run, "huggingface", "2026-11-20: the deadline of 3s (client.deadline) was reached")
    assert len(upstream.seen) == 2
    assert clock.slept == [1, 2]  # waits that end exactly at the deadline, then no third try


def test_a_backfill_the_deadline_cannot_cover_is_refused_before_any_request(
    content: Path, upstream: FakeUpstream
) -> None:
    configure(content, upstream, client={"deadline": 5}, arxiv={"delay": 1})
    before = stored(content)

    run = fetch(content, "--since", "2026-10-01", "--date", "2026-11-20")

    assert_refused(run, "--since", "51 days need at least", "client.deadline (5s)")
    assert upstream.seen == []
    assert stored(content) == before


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        (Reply(fixture("malformed.json")), "2026-11-20: malformed JSON"),
        (Reply(b""), "2026-11-20: an empty answer"),
        (Reply(b"<!doctype html><title>Sign in</title>"), "the answer begins '<!doctype html>"),
        (Reply(b'{"error": "Invalid date"}'), "not a daily-papers list: the API answered 'Invalid date'"),
        (Reply(b"null"), "not a daily-papers list: the answer begins 'null'"),
        (Reply(b'[{"title": "no paper key"}]'), "not a daily-papers list: a list whose items are not papers"),
    ],
    ids=["malformed-json", "empty-body", "html", "error-object", "null", "not-papers"],
)
def test_a_garbled_hf_answer_fails_at_once_and_writes_nothing(
    content: Path, upstream: FakeUpstream, reply: Reply, reason: str
) -> None:
    configure(content, upstream, arxiv={"enabled": False})
    upstream.on("hf 2026-11-20", reply)
    before = stored(content)

    run = fetch(content, "--date", "2026-11-20")

    assert_failed(run, "huggingface", reason)
    assert len(upstream.seen) == 1  # garbled is not transient: no retry
    assert stored(content) == before


def test_malformed_arxiv_xml_fails_and_writes_nothing(content: Path, upstream: FakeUpstream) -> None:
    configure(content, upstream, huggingface={"enabled": False})
    upstream.on("arxiv 2026-11-19 0", atom("arxiv-page-1.xml"))
    upstream.on("arxiv 2026-11-19 3", atom("malformed.xml"))
    before = stored(content)

    run = fetch(content, "--date", "2026-11-20")

    assert_failed(run, "arxiv alignment", "2026-11-19 page 2: malformed XML", "of the answer)")
    assert stored(content) == before


def test_an_arxiv_api_error_is_reported_in_its_own_words(content: Path, upstream: FakeUpstream) -> None:
    configure(content, upstream, huggingface={"enabled": False})
    upstream.on("arxiv 2026-11-19 0", Reply(fixture("arxiv-error.xml"), 400))
    before = stored(content)

    run = fetch(content, "--date", "2026-11-20")

    assert_failed(run, "arxiv alignment", "HTTP 400 Bad Request: incorrect id format for cat:")
    assert len(upstream.seen) == 1
    assert stored(content) == before


def test_an_arxiv_page_with_fewer_results_than_promised_fails_after_asking_again(
    content: Path, upstream: FakeUpstream
) -> None:
    configure(content, upstream, huggingface={"enabled": False})
    three_pages(upstream)
    upstream.on("arxiv 2026-11-19 3", atom("arxiv-page-2-short.xml"))
    before = stored(content)

    run = fetch(content, "--date", "2026-11-20")

    assert_failed(
        run, "arxiv alignment",
        "2026-11-19 page 2: arXiv promised 7 results but sent 1 of the 3 from result 4 "
        "(gave up after 3 tries)",
    )
    assert upstream.routes().count("arxiv 2026-11-19 3") == 3
    assert stored(content) == before


def test_a_short_arxiv_page_that_arrives_whole_when_asked_again_is_accepted(
    content: Path, upstream: FakeUpstream
) -> None:
    configure(content, upstream, huggingface={"enabled": False})
    three_pages(upstream)
    upstream.on("arxiv 2026-11-19 3", atom("arxiv-page-2-short.xml"), atom("arxiv-page-2.xml"))

    run = fetch(content, "--date", "2026-11-20")

    assert run.code == 0, run.err
    assert run.out == "7 new, 0 updated, 0 unchanged\n"


def test_an_empty_first_arxiv_page_that_promises_results_fails(content: Path, upstream: FakeUpstream) -> None:
    configure(content, upstream, huggingface={"enabled": False}, client={"retries": 0})
    page = fixture("arxiv-page-1.xml")
    upstream.on("arxiv 2026-11-19 0", Reply(re.sub(rb"(?s)<entry>.*</entry>\n", b"", page)))
    before = stored(content)

    run = fetch(content, "--date", "2026-11-20")

    assert_failed(run, "arxiv alignment", "arXiv promised 7 results but sent 0 of the 3 from result 1")
    assert stored(content) == before


def test_a_result_count_that_changes_while_paging_fails(content: Path, upstream: FakeUpstream) -> None:
    configure(content, upstream, huggingface={"enabled": False})
    three_pages(upstream)
    page = fixture("arxiv-page-2.xml").replace(b"<opensearch:totalResults>7<", b"<opensearch:totalResults>9<")
    upstream.on("arxiv 2026-11-19 3", Reply(page))
    before = stored(content)

    run = fetch(content, "--date", "2026-11-20")

    assert_failed(run, "arxiv alignment", "changed while paging (7, then 9)")
    assert stored(content) == before


def test_max_pages_imports_the_pages_fetched_and_says_how_many_were_left_out(
    content: Path, upstream: FakeUpstream
) -> None:
    configure(content, upstream, huggingface={"enabled": False}, arxiv={"max_pages": 2})
    three_pages(upstream)

    run = fetch(content, "--date", "2026-11-20")

    assert run.code == 0, run.err
    assert run.out == "6 new, 0 updated, 0 unchanged\n"
    assert (
        "warning: arxiv alignment: 2026-11-19: stopped at arxiv.max_pages (2): fetched 6 of 7 results, "
        "1 left out; raise max_pages or narrow the query"
    ) in run.err.splitlines()
    assert "arxiv 2026-11-19 6" not in upstream.routes()
    assert len(added_dates(content)) == len(STORED) + 6


def hf_papers(*ids: str) -> Reply:
    """A daily-papers answer listing these arXiv ids (titles and abstracts made up from them)."""
    items = [
        {"paper": {"id": i, "title": f"Paper {i}", "summary": f"About {i}.",
                   "authors": [{"name": "A. Author"}], "publishedAt": "2026-11-19T00:00:00.000Z"},
         "title": f"Paper {i}"}
        for i in ids
    ]
    return Reply(json.dumps(items).encode(), headers={"Content-Type": "application/json"})


HF_NEW = tuple(f"2611.0500{n}" for n in range(1, 6))  # daily papers not in the store


def hf_pages(upstream: FakeUpstream, day: str, *pages: tuple[str, ...]) -> None:
    """Scripts a day's pages (p=0, 1, ...) of daily papers, each listing these arXiv ids."""
    for number, ids in enumerate(pages):
        upstream.on(f"hf {day}" + (f" p{number}" if number else ""), hf_papers(*ids))


def hf_requests(upstream: FakeUpstream) -> list[tuple[str, str, str]]:
    """(date, limit, p) of each request for daily papers."""
    asked = [s.params for s in upstream.seen if s.route.startswith("hf")]
    return [(params["date"], params["limit"], params["p"]) for params in asked]


def test_hf_asks_each_day_with_its_limit_and_a_page_number(content: Path, upstream: FakeUpstream) -> None:
    configure(content, upstream, arxiv={"enabled": False}, huggingface={"lookback": 1})
    upstream.on("hf 2026-11-20", hf_day("2026-11-20"))

    run = fetch(content, "--date", "2026-11-20")

    assert run.code == 0, run.err
    # the API sends 50 when not told; 100 is the most it sends
    assert hf_requests(upstream) == [("2026-11-19", "100", "0"), ("2026-11-20", "100", "0")]
    assert "warning" not in run.err  # 3 papers of at most 100: nothing more to ask for


def test_a_full_hf_page_is_followed_by_the_next_until_one_is_not_full(
    content: Path, upstream: FakeUpstream, clock: FakeClock
) -> None:
    configure(content, upstream, arxiv={"enabled": False}, huggingface={"page_size": 2, "delay": 1})
    hf_pages(upstream, "2026-11-20", HF_NEW[0:2], HF_NEW[2:4], HF_NEW[4:])

    run = fetch(content, "--date", "2026-11-20")

    assert run.code == 0, run.err
    assert hf_requests(upstream) == [("2026-11-20", "2", page) for page in ("0", "1", "2")]
    assert run.out == "5 new, 0 updated, 0 unchanged\n"
    assert "huggingface: 5 papers, 2026-11-20 (3 requests)" in run.err and "warning" not in run.err
    assert set(HF_NEW) <= set(added_dates(content))
    assert clock.slept == [1, 1]  # the pages of a day are spaced like the days


def test_a_full_page_then_an_empty_one_is_the_whole_day(content: Path, upstream: FakeUpstream) -> None:
    configure(content, upstream, arxiv={"enabled": False}, huggingface={"page_size": 2})
    hf_pages(upstream, "2026-11-20", ("2611.05001", "2611.05002"))  # p=1 is unscripted: []

    run = fetch(content, "--date", "2026-11-20")

    assert run.code == 0, run.err
    assert upstream.routes() == ["hf 2026-11-20", "hf 2026-11-20 p1"]
    assert run.out == "2 new, 0 updated, 0 unchanged\n" and "warning" not in run.err


def test_a_day_that_fills_every_page_up_to_max_pages_warns_that_more_may_exist(
    content: Path, upstream: FakeUpstream
) -> None:
    configure(content, upstream, arxiv={"enabled": False}, huggingface={"page_size": 2, "max_pages": 2})
    # the third page is never asked for
    hf_pages(upstream, "2026-11-20", HF_NEW[0:2], HF_NEW[2:4], HF_NEW[4:])

    run = fetch(content, "--date", "2026-11-20")

    assert run.code == 0, run.err
    assert upstream.routes() == ["hf 2026-11-20", "hf 2026-11-20 p1"]
    assert run.out == "4 new, 0 updated, 0 unchanged\n"  # what it got is imported
    assert (
        "warning: huggingface: 2026-11-20: stopped at huggingface.max_pages (2) of 2 papers, all full: "
        "fetched 4, and more may exist; raise max_pages, then fetch that day again"
    ) in run.err.splitlines()


def test_a_server_that_sends_the_same_page_again_is_not_asked_further_and_a_warning_says_so(
    content: Path, upstream: FakeUpstream
) -> None:
    configure(content, upstream, arxiv={"enabled": False}, huggingface={"page_size": 2, "max_pages": 5})
    hf_pages(upstream, "2026-11-20", ("2611.05001", "2611.05002"), ("2611.05002", "2611.05001"))

    run = fetch(content, "--date", "2026-11-20")

    assert run.code == 0, run.err
    assert upstream.routes() == ["hf 2026-11-20", "hf 2026-11-20 p1"]
    assert run.out == "2 new, 0 updated, 0 unchanged\n"
    assert (
        "warning: huggingface: 2026-11-20: page 2 repeats the papers of the pages before it; "
        "fetched 2, and more may exist: the API did not page"
    ) in run.err.splitlines()


def test_a_failing_second_hf_page_names_its_page_and_writes_nothing(
    content: Path, upstream: FakeUpstream
) -> None:
    configure(content, upstream, arxiv={"enabled": False}, huggingface={"page_size": 2})
    hf_pages(upstream, "2026-11-20", ("2611.05001", "2611.05002"))
    upstream.on("hf 2026-11-20 p1", Reply(b"", 503))
    before = stored(content)

    run = fetch(content, "--date", "2026-11-20")

    assert_failed(run, "huggingface", "2026-11-20 page 2: HTTP 503")
    assert stored(content) == before


def test_an_empty_day_is_not_an_error_and_changes_nothing(content: Path, upstream: FakeUpstream) -> None:
    configure(content, upstream)  # every route unscripted: [] and totalResults 0
    before = stored(content)

    run = fetch(content, "--date", "2026-11-22")

    assert run.code == 0, run.err
    assert run.out == "0 new, 0 updated, 0 unchanged\n"
    assert "huggingface: 0 papers, 2026-11-22 (1 request)" in run.err
    assert "arxiv alignment: 0 papers, 2026-11-21 to 2026-11-22 (2 of 2 days empty, 2 requests)" in run.err
    assert stored(content) == before


def test_dry_run_reports_what_would_change_and_writes_nothing(content: Path, upstream: FakeUpstream) -> None:
    configure(content, upstream)
    upstream.on("hf 2026-11-20", hf_day("2026-11-20"))
    three_pages(upstream)
    before = stored(content)

    run = fetch(content, "--date", "2026-11-20", "--dry-run")

    assert run.code == 0, run.err
    assert run.out == "9 new, 1 updated, 0 unchanged (dry run: nothing written)\n"
    assert stored(content) == before


def test_since_backfills_each_day_with_its_own_added_date(content: Path, upstream: FakeUpstream) -> None:
    configure(content, upstream)  # arXiv looks back one day: 2026-11-18 counts as the 19th
    upstream.on("hf 2026-11-19", hf_day("2026-11-19"))
    upstream.on("hf 2026-11-20", hf_day("2026-11-20"))
    three_pages(upstream)

    run = fetch(content, "--since", "2026-11-19", "--date", "2026-11-20")

    assert run.code == 0, run.err
    assert run.out == "11 new, 1 updated, 0 unchanged\n"
    nineteenth, twentieth = dt.date(2026, 11, 19), dt.date(2026, 11, 20)
    assert added_dates(content) == {
        **STORED,
        "2611.01004": nineteenth,
        "2611.01005": nineteenth,
        **dict.fromkeys(ARXIV_DAY, nineteenth),
        "2611.02002": twentieth,
        "2611.02003": twentieth,
    }
    assert sorted(upstream.routes()) == sorted(
        ["hf 2026-11-19", "hf 2026-11-20", "arxiv 2026-11-18 0", "arxiv 2026-11-19 0",
         "arxiv 2026-11-19 3", "arxiv 2026-11-19 6", "arxiv 2026-11-20 0"]
    )
    assert sorted(p.name for p in (content / "papers").iterdir()) == [
        "2026-11-18.yml", "2026-11-19.yml", "2026-11-20.yml"
    ]


def test_since_after_date_is_refused(content: Path, upstream: FakeUpstream) -> None:
    configure(content, upstream)

    run = fetch(content, "--since", "2026-11-21", "--date", "2026-11-20")

    assert_refused(run, "--since", "2026-11-21 is after --date 2026-11-20")
    assert upstream.seen == []


def test_an_unreachable_server_fails_at_once_with_one_line(
    content: Path, upstream: FakeUpstream, clock: FakeClock
) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    configure(content, upstream, huggingface={"url": f"http://127.0.0.1:{port}/api/daily_papers"})
    before = stored(content)

    run = fetch(content, "--date", "2026-11-20")

    assert_failed(run, "huggingface", "2026-11-20: cannot connect to 127.0.0.1: connection refused")
    assert clock.slept == []  # refused is not worth a retry
    assert stored(content) == before


# --- sources.yml --------------------------------------------------------------------------------


def test_the_default_sources_yml_is_valid_and_polite() -> None:
    config = fetch_config.load(REPO / "content" / "sources.yml")
    assert config.huggingface is not None and config.huggingface.page_size == 100  # the API's most
    assert config.arxiv is not None and config.arxiv.queries
    assert config.arxiv.delay >= 3
    assert config.client.retries >= 1 and config.client.deadline > 0


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("huggingface:\n  lookback: 1\narxiv:\n  max_page: 2\n", 4, "arxiv: unknown key 'max_page'"),
        ("client:\n  timeout: soon\nhuggingface: {}\n", 2,
         "client: 'timeout' must be a number above 0, not 'soon'"),
        ("client:\n  retries: -1\nhuggingface: {}\n", 2,
         "client: 'retries' must be a whole number from 0 to 10, not -1"),
        ("huggingface:\n  url: ftp://example.org/x\n", 2, "huggingface: 'url' must be an http(s) URL"),
        ("huggingface:\n  url: https://example.org/x?date=1\n", 2, "huggingface: 'url' must be the endpoint"),
        ("arxiv:\n  queries:\n    - name: a\n      categories: [cs.CL]\n    - name: b\n", 5,
         "arxiv: query 2 (b): needs 'categories' or 'phrases'"),
        ("arxiv:\n  queries:\n    - name: a\n      categories: [cs.CL]\n    - name: a\n      phrases: [x]\n",
         5, "arxiv: query 2: name 'a' is already used by query 1"),
        ("arxiv:\n  queries:\n    - name: a\n      categories: [machine learning]\n", 4,
         "arxiv: query 1 (a): 'categories' entry 1 must be an arXiv category"),
        ("arxiv:\n  url: https://export.arxiv.org/api/query\n  delay: 1\n  queries:\n"
         "    - {name: a, phrases: [x]}\n", 3, "arxiv: 'delay' must be 3 or more: arXiv asks for 3 seconds"),
        ("arxiv:\n  page_size: 100\n", 1, "arxiv: 'queries' is missing"),
        ("huggingface:\n  page_size: 101\n", 2,
         "huggingface: 'page_size' must be a whole number from 1 to 100, not 101"),
        ("huggingface:\n  enabled: false\n", 1, "no source is enabled"),
        ("huggingface: {}\nhuggingface: {}\n", 2, "'huggingface' is given twice"),
        ("huggingface:\n  url: [unclosed\n", 3, "malformed YAML"),
        ("", None, "empty"),
        ("client:\n  user_agent: paperfeed (Łukasz Nowak, l@example.org)\nhuggingface: {}\n", 2,
         "client: 'user_agent' holds 'Ł', which an HTTP header cannot carry (Latin-1 letters only)"),
    ],
    ids=["unknown-key", "not-a-number", "out-of-range", "not-http", "url-with-query", "empty-query",
         "duplicate-name", "bad-category", "impolite-arxiv", "no-queries", "hf-page-too-big",
         "nothing-enabled", "duplicate-key", "yaml-syntax", "empty-file", "user-agent-not-latin-1"],
)
def test_a_bad_sources_yml_is_refused_naming_the_key_and_line(
    content: Path, text: str, line: int | None, message: str
) -> None:
    (content / "sources.yml").write_text(text)

    run = fetch(content, "--date", "2026-11-20")

    place = f"{content / 'sources.yml'}:{line}: " if line else f"{content / 'sources.yml'}: "
    assert_refused(run, str(content / "sources.yml") + (f":{line}" if line else ""), message)
    assert run.err.startswith(f"error: {place}")


def test_check_refuses_a_user_agent_no_http_header_can_carry_naming_its_line(content: Path) -> None:
    (content / "sources.yml").write_text("client:\n  user_agent: paperfeed (Łukasz)\nhuggingface: {}\n")
    shutil.copy(REPO / "content" / "topics.yml", content / "topics.yml")

    run = run_cli("check", "--content", content)

    assert run.code == 1
    assert f"error: {content / 'sources.yml'}:2: client: 'user_agent' holds 'Ł'" in run.err
    assert "UnicodeEncodeError" not in run.err


def test_a_missing_sources_yml_says_so(content: Path) -> None:
    run = fetch(content, "--date", "2026-11-20")

    assert_refused(run, str(content / "sources.yml"), "missing")


# --- the acceptance check: no network at all ----------------------------------------------------


def _can_unshare() -> bool:
    try:
        return subprocess.run(["unshare", "-n", "true"], capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


@pytest.mark.skipif(not _can_unshare(), reason="needs `unshare -n` (user namespaces)")
def test_without_network_the_default_config_fails_cleanly(content: Path) -> None:
    shutil.copy(REPO / "content" / "sources.yml", content / "sources.yml")
    before = snapshot(content)

    done = subprocess.run(
        ["unshare", "-n", sys.executable, "-m", "paperfeed", "fetch", "--date", "2026-11-20",
         "--content", str(content)],
        cwd=REPO, capture_output=True, text=True, timeout=60,
    )

    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert lines[0].startswith("error: huggingface: ") and all(line.startswith("error: ") for line in lines)
    arxiv = fetch_config.load(content / "sources.yml").arxiv
    assert arxiv is not None and len(lines) == 1 + len(arxiv.queries)  # one line for each source
    assert "Traceback" not in done.stderr
    assert snapshot(content) == before  # no source answered: nothing written, not even the record


# --- Hostile servers: redirects, error text ---------------------------------------------------------


@pytest.mark.parametrize(
    ("location", "reason"),
    [
        ("ftp://127.0.0.1/daily_papers", "refused a redirect to 'ftp://127.0.0.1/daily_papers': not https"),
        ("http://elsewhere.invalid/api", "elsewhere.invalid is not a host in sources.yml"),
    ],
)
def test_a_redirect_off_the_configured_hosts_or_schemes_is_refused_naming_it(
    content: Path, upstream: FakeUpstream, location: str, reason: str
) -> None:
    configure(content, upstream, arxiv={"enabled": False})
    upstream.on("hf 2026-11-20", Reply(status=302, headers={"Location": location}))
    before = stored(content)

    run = fetch(content, "--date", "2026-11-20")

    assert_failed(run, "huggingface", reason)
    assert len(upstream.seen) == 1  # the redirect was not followed
    assert stored(content) == before


def test_a_redirect_on_the_same_host_is_followed(content: Path, upstream: FakeUpstream) -> None:
    configure(content, upstream, arxiv={"enabled": False})
    moved = f"{upstream.base}/api/daily_papers?date=2026-11-20&moved=1"
    upstream.on("hf 2026-11-20", Reply(status=301, headers={"Location": moved}), hf_day("2026-11-20"))

    run = fetch(content, "--date", "2026-11-20")

    assert run.code == 0, run.err
    assert run.out == "2 new, 1 updated, 0 unchanged\n"
    assert len(upstream.seen) == 2


def test_server_error_text_is_made_printable_and_cut_short(content: Path, upstream: FakeUpstream) -> None:
    configure(content, upstream, arxiv={"enabled": False})
    hostile = "\x1b[2J\x1b[31mall gone\x07 " + "x" * 1000
    upstream.on("hf 2026-11-20", Reply(json.dumps({"error": hostile}).encode(), 404))

    run = fetch(content, "--date", "2026-11-20")

    assert_failed(run, "huggingface", "HTTP 404", "\\x1b[2J\\x1b[31mall gone\\x07")
    assert "\x1b" not in run.err and "\x07" not in run.err
    assert len(run.err) < 400


# --- A pipeline that keeps going: bad records skipped, failing sources recorded ---------------------


def at_six(monkeypatch: pytest.MonkeyPatch, clock: FakeClock, day: str) -> None:
    """The command's clock reads 06:00 UTC of `day` (its waits stay on the fake clock)."""
    moment = dt.datetime.fromisoformat(f"{day}T06:00:00+00:00")
    monkeypatch.setattr(cli, "system_clock", lambda: fetch_run.Clock(clock.now, clock.sleep, lambda: moment))


def test_a_bad_record_of_a_source_is_skipped_and_reported_and_the_rest_lands(
    content: Path, upstream: FakeUpstream
) -> None:
    configure(content, upstream, arxiv={"enabled": False})
    items = json.loads(hf_papers(*HF_NEW[:3]).body)
    items[1]["paper"]["publishedAt"] = "2026-13-45"  # an impossible date
    upstream.on("hf 2026-11-20", Reply(json.dumps(items).encode()))

    run = fetch(content, "--date", "2026-11-20")

    assert run.code == 0, run.err
    assert run.out == "2 new, 0 updated, 0 unchanged, 1 skipped\n"
    assert (
        "warning: huggingface 2026-11-20: item 2: 'Paper 2611.05002': 'published' must be a date "
        "(YYYY-MM-DD), not '2026-13-45'"
    ) in run.err_lines
    assert set(added_dates(content)) == {*STORED, HF_NEW[0], HF_NEW[2]}
    (source,) = health.load(content).sources
    assert source.days == (health.Day(dt.date(2026, 11, 20), 2, skipped=1),)
    assert [s.record for s in source.skipped] == [
        "item 2: 'Paper 2611.05002': 'published' must be a date (YYYY-MM-DD), not '2026-13-45'"
    ]


def test_every_run_is_recorded_and_status_fails_only_when_a_source_has_failed_n_days_running(
    content: Path, upstream: FakeUpstream, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    configure(content, upstream, huggingface={"page_size": 3, "max_pages": 1})
    upstream.on("arxiv 2026-11-19 0", Reply(b"down", 503))  # arXiv fails every day from the 20th on
    days = ["2026-11-19", "2026-11-20", "2026-11-21", "2026-11-22"]
    upstream.on("hf 2026-11-19", hf_papers(*HF_NEW[:3]))  # a full page: the day is cut at its limit
    statuses = []
    for day in days:
        at_six(monkeypatch, clock, day)
        if day == "2026-11-19":
            upstream.on("arxiv 2026-11-18 0", atom("arxiv-empty.xml"))
            upstream.on("arxiv 2026-11-19 0", atom("arxiv-empty.xml"))
        else:
            upstream.on(f"arxiv {day} 0", Reply(b"down", 503))
        run = fetch(content, "--date", day)
        assert run.code == (0 if day == "2026-11-19" else 1), run.err
        statuses.append(run_cli("status", "--content", content, "--fail-after", "3", "--date", day))
    record = {s.name: s for s in health.load(content).sources}
    hf, arxiv = record["huggingface"], record["arxiv alignment"]
    assert hf.last_success == dt.datetime(2026, 11, 22, 6, tzinfo=dt.UTC) and hf.failing_since is None
    assert [(d.day.isoformat(), d.papers, d.cut) for d in hf.days] == [
        ("2026-11-22", 0, False), ("2026-11-21", 0, False), ("2026-11-20", 0, False), ("2026-11-19", 3, True)
    ]
    assert arxiv.last_success == dt.datetime(2026, 11, 19, 6, tzinfo=dt.UTC)
    assert arxiv.failing_since == dt.date(2026, 11, 20)
    assert arxiv.last_error is not None and "2026-11-21 page 1: HTTP 503" in arxiv.last_error
    assert [s.code for s in statuses] == [0, 0, 0, 1]  # failed on the 20th, 21st, 22nd: 3 days
    assert statuses[-1].err_lines == [
        f"error: {content / 'health.yml'}: arxiv alignment has failed 3 days running: {arxiv.last_error}"
    ]
    assert (
        "arxiv alignment: failing for 3 days (since 2026-11-20); 0 papers in the last 2 days fetched; "
        "last error 2026-11-22 06:00 UTC: "
    ) in statuses[-1].out
    assert "huggingface: last fetched 2026-11-22 06:00 UTC; 3 papers in the last 4 days fetched, " \
        "1 day cut at the limit (2026-11-19)" in statuses[-1].out


def test_the_record_of_the_same_runs_is_the_same_bytes(
    tmp_path: Path, upstream: FakeUpstream, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    written = []
    for copy in ("a", "b"):
        content = tmp_path / copy
        shutil.copytree(FETCH_FIXTURES / "store", content)
        configure(content, upstream)
        upstream.on("hf 2026-11-20", hf_day("2026-11-20"))
        three_pages(upstream)
        at_six(monkeypatch, clock, "2026-11-21")
        assert fetch(content, "--date", "2026-11-20").code == 0
        written.append((content / "health.yml").read_bytes())
        assert run_cli("check", "--content", content).code in (0, 1)  # reads it back without a crash
        assert health.load(content).sources  # and it parses as the file it declares
    assert written[0] == written[1]


def test_a_dry_run_records_nothing(content: Path, upstream: FakeUpstream) -> None:
    configure(content, upstream)
    assert fetch(content, "--date", "2026-11-20", "--dry-run").code == 0
    assert not (content / "health.yml").exists()


def test_status_without_a_record_says_so(content: Path) -> None:
    run = run_cli("status", "--content", content, "--fail-after", "1")
    assert (run.code, run.out) == (0, f"{content / 'health.yml'}: no fetch has been recorded yet\n")


def test_a_run_in_which_no_source_answers_writes_nothing_and_its_days_still_count_as_failed(
    content: Path, upstream: FakeUpstream, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    configure(content, upstream, arxiv={"lookback": 0})
    upstream.on("hf 2026-11-20", hf_day("2026-11-20"))
    at_six(monkeypatch, clock, "2026-11-20")
    assert fetch(content, "--date", "2026-11-20").code == 0
    recorded = snapshot(content)
    for day in ("2026-11-21", "2026-11-22", "2026-11-23"):  # then every source down, three days
        upstream.on(f"hf {day}", Reply(b"down", 503))
        upstream.on(f"arxiv {day} 0", Reply(b"down", 503))
        at_six(monkeypatch, clock, day)
        run = fetch(content, "--date", day)
        assert run.code == 1 and len([line for line in run.err_lines if line.startswith("error: ")]) == 2
        assert snapshot(content) == recorded  # not even the record
        status = run_cli("status", "--content", content, "--fail-after", "3", "--date", day)
        assert status.code == (1 if day == "2026-11-23" else 0), status
    assert [line.split(":")[2] for line in status.err_lines] == [" arxiv alignment has failed 3 days running",
                                                                 " huggingface has failed 3 days running"]

