"""The `paperfeed` command: wires the stages together; the work happens in the modules."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

from . import checks, merge, slugs, sources, store
from .errors import InputError


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
    except KeyboardInterrupt:
        print("error: interrupted; nothing was written", file=sys.stderr)
        return 130
    except OSError as exc:
        print(f"error: {exc.filename or ''}{': ' if exc.filename else ''}{exc.strerror or exc}", file=sys.stderr)
    except Exception as exc:  # a bug: one line for the user, the traceback on request
        if os.environ.get("PAPERFEED_DEBUG"):
            traceback.print_exc()
        print(f"error: unexpected {type(exc).__name__}: {exc} (PAPERFEED_DEBUG=1 shows where)", file=sys.stderr)
    return 1


def run_import(args: argparse.Namespace) -> int:
    content: Path = args.content
    stored = store.load(content)
    incoming: list[tuple[str, object]] = []
    today = args.added or dt.date.today()
    for path in args.files:
        name, papers = sources.read_file(path, today)
        print(f"{path}: {len(papers)} papers ({name})", file=sys.stderr)
        for paper in papers:
            arrival = args.added or paper.added or today
            incoming.append((str(path), dataclasses.replace(paper, added=arrival)))
    merged, report = merge.merge(stored, incoming)  # type: ignore[arg-type]
    merged = slugs.assign(merged)
    changed = [p for i, p in enumerate(merged) if i >= len(stored) or p != stored[i]]
    for conflict in report.conflicts:
        print(f"warning: {conflict}", file=sys.stderr)
    if not args.dry_run and changed:
        store.save(content, merged, {p.added for p in changed if p.added})
    print(report.summary() + (" (dry run: nothing written)" if args.dry_run else ""))
    return 0


def run_check(args: argparse.Namespace) -> int:
    problems, count = checks.check_content(args.content)
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if problems:
        return 1
    print(f"{args.content}: {count} papers, all clean")
    return 0


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
    return parser
