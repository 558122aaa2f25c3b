"""The `paperfeed` command: wires the stages together; the work happens in the modules."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
import traceback
from collections.abc import Sequence
from pathlib import Path

from paperfeed import checks, formats, rules, slugs
from paperfeed.analysis import explain, migrate, retopic
from paperfeed.analysis.classify import TopicClassifier, classification
from paperfeed.analysis.taxonomy import TOPICS_FILE
from paperfeed.errors import InputError, RecordWarning
from paperfeed.fetch import run as fetch_run
from paperfeed.model import Paper
from paperfeed.store import files as store
from paperfeed.store import health as store_health
from paperfeed.store import importer, merge, transaction


def system_clock() -> fetch_run.Clock:
    """Real time, for the commands that wait or stamp (tests give a fake one instead)."""
    return fetch_run.Clock(time.monotonic, time.sleep, lambda: dt.datetime.now(dt.UTC))


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        if hasattr(args, "content"):
            store.refuse_misplaced(args.content)
        return int(args.run(args))
    except InputError as exc:
        print(f"error: {_one_line(exc)}", file=sys.stderr)  # one line, whatever it quotes
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
    now = system_clock().now()
    today = args.added or now.date()
    incoming: list[tuple[str, Paper]] = []
    read: list[str] = []
    warned: list[RecordWarning] = []
    for path in args.files:  # every file is read before anything is written: all or nothing
        parsed = formats.read_file(path, today)
        if args.strict and parsed.warnings:
            raise parsed.warnings[0].refusal()
        read.append(f"{path}: {len(parsed.papers)} papers ({parsed.format})")
        warned += parsed.warnings
        incoming.extend((str(path), paper) for paper in parsed.papers)
    report = importer.import_papers(
        args.content,
        incoming,
        added=args.added,
        today=today,
        now=now,
        classifier=TopicClassifier.of(args.content),
        dry_run=args.dry_run,
        strict=args.strict,
        notify=note,
    )
    for line in read:  # only once the import stands: a refused one prints its error alone
        print(line, file=sys.stderr)
    warned += report.skipped
    for warning in warned:
        print(f"warning: {_one_line(warning)}", file=sys.stderr)
    for conflict in report.conflicts:
        print(f"warning: {conflict}", file=sys.stderr)
    print(summary(report, warned) + (" (dry run: nothing written)" if args.dry_run else ""))
    return 0


def summary(report: merge.MergeReport, warned: list[RecordWarning]) -> str:
    """'8 new, 0 updated, 0 unchanged', and the records skipped and cut, if any."""
    skipped = sum(1 for w in warned if w.skipped)
    cut = len(warned) - skipped
    extra = [f"{skipped} skipped"] * bool(skipped) + [f"{cut} cut"] * bool(cut)
    return ", ".join([report.summary(), *extra])


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def run_check(args: argparse.Namespace) -> int:
    with transaction.locked(args.content, note):  # no writer meanwhile; an interrupted one finished
        problems, count = checks.check_content(args.content)
        later = [] if problems else checks.notes(args.content)  # what is wrong first
    for line in later:
        note(line)
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
    log = (lambda message: print(f"  {message}", file=sys.stderr)) if args.verbose else None
    result = fetch_run.run(
        args.content,
        args.date,
        args.since,
        clock=system_clock(),
        dry_run=args.dry_run,
        log=log,
        classifier=TopicClassifier.of(args.content),
    )
    warned: list[RecordWarning] = []
    for report in result.sources:
        if report.error is not None:  # the others still land
            print(f"error: {_one_line(f'{report.name}: {report.error}')}", file=sys.stderr)
            continue
        print(report.summary(), file=sys.stderr)
        for warning in report.warnings:
            print(f"warning: {report.name}: {warning}", file=sys.stderr)
        warned += report.records
    warned += result.merged.skipped
    for record in warned:
        print(f"warning: {_one_line(record)}", file=sys.stderr)
    for conflict in result.merged.conflicts:
        print(f"warning: {conflict}", file=sys.stderr)
    print(summary(result.merged, warned) + (" (dry run: nothing written)" if args.dry_run else ""))
    return 1 if result.failed else 0


def run_status(args: argparse.Namespace) -> int:
    with transaction.locked(args.content, note):  # never half of a fetch being written
        record = store_health.load(args.content)
    today = args.date or system_clock().now().date()
    where = store_health.path(args.content)
    if not record.sources:
        print(f"{where}: no fetch has been recorded yet")
    for source in record.sources:
        print(f"{source.name}: {store_health.describe(source, today)}")
    failing = [s for s in record.sources if args.fail_after and s.days_failing(today) >= args.fail_after]
    for source in failing:
        days = source.days_failing(today)
        said = _one_line(f"{source.name} has failed {days} days running: {source.last_error}")
        print(f"error: {where}: {said}", file=sys.stderr)
    return 1 if failing else 0


def run_build(args: argparse.Namespace) -> int:
    from paperfeed.plugin import publish  # MkDocs, only for the command that builds

    config = args.config or Path("mkdocs.offline.yml" if args.offline else "mkdocs.yml")
    return publish.build(config, offline_zip=args.offline, verbose=args.verbose, notify=note)


def run_explain(args: argparse.Namespace) -> int:
    with transaction.locked(args.content, note):  # never half of an import being written
        papers = slugs.assign(store.load(args.content))
    classifier = _classifier(args.content)
    found = explain.find(papers, args.paper)
    if found.paper is None:
        raise InputError(args.content / store.PAPERS, found.problem)
    paper, model, taxonomy = found.paper, classifier.model, classifier.taxonomy
    where = args.content / store.PAPERS / f"{paper.added.isoformat()}.yml" if paper.added else ""
    result = classification(paper, taxonomy, model=model)
    print(explain.render(paper, result, taxonomy, str(where), model), end="")
    return 0


def run_migrate(args: argparse.Namespace) -> int:
    classifier = _classifier(args.content)
    done = migrate.migrate(args.content, classifier, dry_run=args.dry_run, notify=note)
    print(done.summary() + (" (dry run: nothing written)" if args.dry_run else ""))
    return 0


def run_retopic(args: argparse.Namespace) -> int:
    classifier = _classifier(args.content)
    done = retopic.retopic(
        args.content, classifier, since=args.since, chosen=args.slugs, every=args.all,
        dry_run=args.dry_run, notify=note,
    )  # fmt: skip
    for move in done.moves:
        print(move.describe())
    verb = "would move" if args.dry_run else "moved"
    print(
        f"{len(done.moves)} of {done.considered} papers {verb} (rules {classifier.version})"
        + (" (dry run: nothing written)" if args.dry_run else "")
    )
    return 0


def run_train(args: argparse.Namespace) -> int:
    from paperfeed.analysis import training  # fitting needs scikit-learn: only this command imports it

    done = training.train(args.content, args.labels, dry_run=args.dry_run, notify=note)
    validation, model = done.validation, done.model
    counts = ", ".join(f"{len(validation.of(s)[0])} from {s}" for s in validation.sources())
    print(f"{len(validation.examples)} hand-labelled papers: {counts}")
    print(
        f"micro-F1 on papers never seen ({validation.folds}-fold cross-validation), "
        "rules alone -> with the model:"
    )
    for source in [*validation.sources(), None]:
        before, after = validation.f1(source)
        papers = len(validation.of(source)[0])
        print(f"  {source or 'all':<32} {papers:>5} papers  {before:.3f} -> {after:.3f}")
    weights = int((model.text_weights != 0).sum())
    verb = "would write" if args.dry_run else "wrote"
    print(
        f"{verb} {done.path} ({model.identity}: {len(model.columns)} terms, {weights} weights); papers "
        "imported from now on get topics from it, `paperfeed retopic` applies it to published ones"
        + (" (dry run: nothing written)" if args.dry_run else "")
    )
    return 0


def _classifier(content: Path) -> TopicClassifier:
    classifier = TopicClassifier.of(content)
    if classifier is None:
        raise InputError(content / TOPICS_FILE, "missing: the topic taxonomy every build needs")
    return classifier


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
        "or JSON paper list) into content/papers/. All files or none are imported; a record that "
        "cannot be a paper is skipped with a warning, and the rest lands.",
    )
    imp.add_argument("files", nargs="+", type=Path, metavar="FILE")
    imp.add_argument("--added", type=_date, help="the date new papers entered the digest (default: today)")
    imp.add_argument("--dry-run", action="store_true", help="report what would change, write nothing")
    imp.add_argument(
        "--strict",
        action="store_true",
        help="refuse a file with any record skipped or cut (by default: a warning each, the rest lands)",
    )
    imp.set_defaults(run=run_import)

    chk = commands.add_parser("check", parents=[common], help="validate content/ (exit 0 when clean)")
    chk.set_defaults(run=run_check)

    fetch = commands.add_parser(
        "fetch",
        parents=[common],
        help="fetch new papers from the sources in content/sources.yml",
        description="Fetch the Hugging Face daily papers and arXiv queries configured in "
        "CONTENT/sources.yml and merge them into the store, as `import` does. Everything is "
        "fetched and checked first. A record that cannot be a paper is skipped with a warning; a "
        "source that fails brings nothing, the others still land, and the exit status is 1. "
        "Each run is recorded in CONTENT/health.yml (see `paperfeed status`).",
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

    health = commands.add_parser(
        "status",
        parents=[common],
        help="how each source of `fetch` has fared (content/health.yml)",
        description="Per source: its last successful fetch, its papers of the last 30 days, the "
        "days cut at their limit, the records skipped, and its last error. With --fail-after N, "
        "the exit status is 1 when a source has failed N days running (the daily workflow's check).",
    )
    health.add_argument(
        "--fail-after", type=int, metavar="N", help="exit 1 when a source has failed N days running"
    )
    health.add_argument("--date", type=_date, help="the day to count from (default: today, UTC)")
    health.set_defaults(run=run_status)

    build = commands.add_parser(
        "build",
        help="build the site (or the offline edition) and swap it in whole",
        description="Run `mkdocs build --strict` into a folder beside the site and swap it in "
        "with one rename, so that the site is never half-written, even by two builds at once or "
        "one that is killed: a second build waits for the first. `make site` and `make offline` "
        "run it.",
    )
    build.add_argument(
        "--offline",
        action="store_true",
        help="the offline edition (mkdocs.offline.yml), packed into the zip the plugin's "
        "offline_zip option names",
    )
    build.add_argument("-f", "--config-file", dest="config", type=Path, help="the MkDocs configuration")
    build.add_argument("-v", "--verbose", action="store_true", help="show MkDocs' messages")
    build.set_defaults(run=run_build)

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

    again = commands.add_parser(
        "retopic",
        parents=[common],
        help="decide published papers' topics again, with today's rules",
        description="A paper's topics are decided once, when it is imported, so that a change of "
        "content/topics.yml moves no published paper. This decides them again for the papers "
        "named, and lists each paper that moves: the topics it gains (+) and loses (-) and the "
        "feeds whose items change.",
    )
    which = again.add_mutually_exclusive_group(required=True)
    which.add_argument("slugs", nargs="*", default=[], metavar="SLUG", help="the papers, by slug")
    which.add_argument("--since", type=_date, metavar="DATE", help="the papers added on DATE or later")
    which.add_argument("--all", action="store_true", help="every paper")
    again.add_argument("--dry-run", action="store_true", help="list what would move, write nothing")
    again.set_defaults(run=run_retopic)

    fit = commands.add_parser(
        "train",
        parents=[common],
        help="fit the learned layer of the classifier on hand labels",
        description="Fit the model that decides papers' second and third topics (CONTENT/"
        "topics-model.json) on hand labels only: every paper whose `topics:` you set in the store, "
        "and the label files given. Prints micro-F1 before (the rules alone) and after (with the "
        "model), cross-validated: each paper decided by a model fitted without it. Needs the "
        "`train` extra (scikit-learn).",
    )
    fit.add_argument(
        "--labels",
        type=Path,
        nargs="+",
        default=[],
        metavar="FILE",
        help="label files: a YAML list of papers with their `topics`, or a mapping of store slugs to topics",
    )
    fit.add_argument("--dry-run", action="store_true", help="fit and report, write nothing")
    fit.set_defaults(run=run_train)

    move = commands.add_parser(
        "migrate",
        parents=[common],
        help="bring a store written by an earlier paperfeed to today's form",
        description="Stores final text (cleaned once, shown as stored) and each paper's topics "
        "as the site shows them now, so that later rule changes move no published paper. "
        "`paperfeed check` says when a store needs it.",
    )
    move.add_argument("--dry-run", action="store_true", help="report what would change, write nothing")
    move.set_defaults(run=run_migrate)
    return parser
