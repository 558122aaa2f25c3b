"""`paperfeed check`: every problem in content/, each as one line naming its file."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from paperfeed.analysis import learned, migrate, taxonomy, watches
from paperfeed.analysis.classify import version
from paperfeed.errors import InputError
from paperfeed.fetch import config as fetch_config
from paperfeed.model import Paper
from paperfeed.store import files as store
from paperfeed.store import health as store_health
from paperfeed.text import text_key


def check_content(content: Path) -> tuple[list[str], int]:
    """(problems, number of papers read). No problems means the content builds."""
    problems: list[str] = []
    located: list[tuple[Path, Paper]] = []
    files = store.store_files(content)
    if not (content / store.PAPERS).is_dir():
        problems.append(f"{content / store.PAPERS}: missing (import a listing to start the store)")
    for path in files:
        try:
            located.extend((path, p) for p in store.load_file(path))
        except InputError as exc:
            problems.append(str(exc))
    problems.extend(_duplicates(located))
    problems.extend(extra_checks(content, [p for _, p in located]))
    return problems, len(located)


def notes(content: Path) -> list[str]:
    """What is not wrong but wants doing: papers written by hand or by an earlier paperfeed, whose
    text is not final or whose topics were never stored (the build works them out meanwhile, so a
    rule change would move them)."""
    try:
        papers = store.load(content)
        model = learned.load_model(content)
        rules = taxonomy.load_taxonomy(content / taxonomy.TOPICS_FILE)
    except InputError:
        return []  # check_content has said what is wrong
    found = []
    text, topics = migrate.pending(papers)
    if text or topics:
        found.append(
            f"{content / store.PAPERS}: {text} papers hold text that is not final and {topics} have no "
            "topics stored (written by hand, or by an earlier paperfeed): `paperfeed migrate` stores both "
            "as the site shows them now"
        )
    if model is not None:
        where = content / learned.MODEL_FILE
        if not model.fits([t.slug for t in rules.topics]):
            found.append(
                f"{where}: trained for other topics than {taxonomy.TOPICS_FILE} has, so imports decide with "
                "the rules alone: `paperfeed train` fits it again"
            )
        elif model.rules != version(rules):
            found.append(
                f"{where}: trained with other rules ({model.rules}; {taxonomy.TOPICS_FILE} is now "
                f"{version(rules)}): it still decides, and `paperfeed train` fits it to the rules as they are"
            )
    return found


def _duplicates(located: list[tuple[Path, Paper]]) -> list[str]:
    problems = []
    seen: dict[str, list[tuple[Path, Paper]]] = defaultdict(list)
    for path, paper in located:
        if paper.arxiv:
            seen[f"arXiv id {paper.arxiv}"].append((path, paper))
        if paper.slug:
            seen[f"slug {paper.slug!r}"].append((path, paper))
    by_title: dict[str, list[tuple[Path, Paper]]] = defaultdict(list)
    for path, paper in located:
        by_title[text_key(paper.title)].append((path, paper))
    for group in by_title.values():
        ids = {p.arxiv for _, p in group}
        if len(group) > 1 and (None in ids or len(ids) == 1):  # different ids: different papers
            seen[f"title {group[0][1].title[:60]!r}"].extend(group)
    for what, group in sorted(seen.items()):
        if len(group) > 1:
            places = ", ".join(sorted({str(path) for path, _ in group}))
            problems.append(f"{places}: {len(group)} papers share the {what}")
    return problems


def extra_checks(content: Path, papers: list[Paper]) -> list[str]:
    """Checks of the rest of content/ (taxonomy, sources, watches) against the papers."""
    problems: list[str] = []
    try:
        topics = taxonomy.load_taxonomy(content / taxonomy.TOPICS_FILE)
        problems += [f"{content / store.PAPERS}: {p}" for p in taxonomy.check_topics(papers, topics)]
    except InputError as exc:
        problems.append(str(exc))
    try:
        learned.load_model(content)
    except InputError as exc:
        problems.append(str(exc))
    if (content / fetch_config.FILE).exists():
        try:
            fetch_config.load(content / fetch_config.FILE)
        except InputError as exc:
            problems.append(str(exc))
    problems += watches.problems(content / watches.WATCHES_FILE)
    try:
        store_health.load(content)
    except InputError as exc:
        problems.append(str(exc))
    return problems
