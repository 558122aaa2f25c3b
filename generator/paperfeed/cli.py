"""The `paperfeed` command: wires the stages together; the work happens in the modules."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from paperfeed import checks, rules, slugs
from paperfeed import formats as sources
from paperfeed.analysis import explain
from paperfeed.analysis.topics import TOPICS_FILE, classification, load_taxonomy
from paperfeed.errors import InputError
from paperfeed.fetch import run as fetch_run
from paperfeed.model import Paper
from paperfeed.store import files as store
from paperfeed.store import importer, transaction


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except InputError as exc:
        print(f"error: {' '.join(str(exc).split())}", file=sys.stderr)  # one line, whatever it quotes
    except KeyboardInterrupt:
        print("error: interrupted; nothing was written", file=sys.stderr)
        return 130
    except OSError as exc:
        place = f"{exc.filename}: " if exc.filename else ""
        print(f"error: {place}{exc.strerror or exc}", file=sys.stderr)
    except Exception as exc:  # a bug: one line for the user, the traceback on request
        if os.environ.get("PAPERFEED_DEBUG"):
            traceback.print_exc()
        reason = " ".join(f"unexpected {type(exc).__name__}: {exc}".split())
        print(f"error: {reason} (PAPERFEED_DEBUG=1 shows where)", file=sys.stderr)
    return 1


def run_import(args: argparse.Namespace) -> int:
    if args.added and (problem := rules.day_problem(args.added)):
        raise InputError("--added", problem)
    today = args.added or dt.date.today()
    incoming: list[tuple[str, Paper]] = []
    read: list[str] = []
    for path in args.files:  # every file is read before anything is written: all or nothing
        name, papers = sources.read_file(path, today)
        read.append(f"{path}: {len(papers)} papers ({name})")
        incoming.extend((str(path), paper) for paper in papers)
    report = importer.import_papers(
        args.content, incoming, added=args.added, today=today, dry_run=args.dry_run, notify=note
    )
    for line in read:  # only once the import stands: a refused one prints its error alone
        print(line, file=sys.stderr)
    for conflict in report.conflicts:
        print(f"warning: {conflict}", file=sys.stderr)
    print(report.summary() + (" (dry run: nothing written)" if args.dry_run else ""))
    return 0


def run_check(args: argparse.Namespace) -> int:
    with transaction.locked(args.content, note):  # no writer meanwhile; an interrupted one finished
        problems, count = checks.check_content(args.content)
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if problems:
        return 1
    print(f"{args.content}: {count} papers, all clean")
    return 0


def run_fetch(args: argparse.Namespace) -> int:
    for option, day in (("--date", args.date), ("--since", args.since)):
        if day and (problem := rules.day_problem(day)):
            raise InputError(option, problem)
    return fetch_run.run(args.content, args.date, args.since, args.dry_run, args.verbose)


def run_explain(args: argparse.Namespace) -> int:
    with transaction.locked(args.content, note):  # never half of an import being written
        papers = slugs.assign(store.load(args.content))
    taxonomy = load_taxonomy(args.content / TOPICS_FILE)
    found = explain.find(papers, args.paper)
    if found.paper is None:
        raise InputError(args.content / store.PAPERS, found.problem)
    paper = found.paper
    where = args.content / store.PAPERS / f"{paper.added.isoformat()}.yml" if paper.added else ""
    print(explain.render(paper, classification(paper, taxonomy), taxonomy, str(where)), end="")
    return 0


def note(message: str) -> None:
    print(f"note: {message}", file=sys.stderr)


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="paperfeed", description="Keep a research-paper digest: import listings, check, build."
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--content", type=Path, default=Path("content"), help="the content folder (default: content)"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    imp = commands.add_parser(
        "import",
        parents=[common],
        help="merge listing files into the store",
        description="Merge listing files (Hugging Face page text or API JSON, arXiv Atom, a YAML "
        "or JSON paper list) into content/papers/. All files or none are imported.",
    )
    imp.add_argument("files", nargs="+", type=Path, metavar="FILE")
    imp.add_argument("--added", type=_date, help="the date new papers entered the digest (default: today)")
    imp.add_argument("--dry-run", action="store_true", help="report what would change, write nothing")
    imp.set_defaults(run=run_import)

    chk = commands.add_parser("check", parents=[common], help="validate content/ (exit 0 when clean)")
    chk.set_defaults(run=run_check)

    fetch = commands.add_parser(
        "fetch",
        parents=[common],
        help="fetch new papers from the sources in content/sources.yml",
        description="Fetch the Hugging Face daily papers and arXiv queries configured in "
        "CONTENT/sources.yml and merge them into the store, as `import` does. Everything is "
        "fetched and checked first: if any source fails, nothing is written and the exit "
        "status is 1.",
    )
    fetch.add_argument(
        "--date", type=_date, help="the day to fetch, and the added date of new papers (default: today)"
    )
    fetch.add_argument(
        "--since",
        type=_date,
        metavar="DATE",
        help="backfill: fetch every day from DATE to --date; new papers are added on their own day",
    )
    fetch.add_argument("--dry-run", action="store_true", help="fetch and report, write nothing")
    fetch.add_argument("-v", "--verbose", action="store_true", help="show each request and retry on stderr")
    fetch.set_defaults(run=run_fetch)

    why = commands.add_parser(
        "explain",
        parents=[common],
        help="say why a paper has its topics",
        description="For each topic of the paper: its score and the phrases of the title and "
        "abstract (quoted as the paper has them) and arXiv categories that earned it; then the "
        "topics that fell short, and why. It runs the classifier the build runs.",
    )
    why.add_argument(
        "paper", metavar="PAPER", help="a slug, an arXiv id (with or without version) or a title"
    )
    why.set_defaults(run=run_explain)
    return parser
