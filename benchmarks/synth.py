"""Synthetic content of any size with the shapes of the real thing, for the benchmarks.

Titles of 60-120 characters (about one in ten with inline LaTeX), abstracts of 1.0-1.9 KB built
from templates and each topic's vocabulary (benchmarks/vocabulary.py), 1-12 authors drawn
long-tailed from a pool (some authors on many papers), publication dates over five years with
arXiv ids of the same month, and a daily digest of 20-60 papers per `added` day (on weekdays;
100,000 papers need weekends too, 55 a day). Deterministic: the same count and seed give the same
store, byte for byte.

    python -m benchmarks.synth 10000 /tmp/content    # writes content/papers/*.yml and topics.yml

The store is written as `paperfeed import` would write it: text cleaned (LaTeX made readable),
slugs assigned, one file per added day; `paperfeed check` accepts it.
"""

from __future__ import annotations

import argparse
import bisect
import dataclasses
import datetime as dt
import hashlib
import itertools
import random
import shutil
import sys
from collections.abc import Callable, Sequence
from itertools import groupby
from pathlib import Path

from paperfeed import slugs
from paperfeed.analysis.classify import TopicClassifier
from paperfeed.analysis.taxonomy import load_taxonomy
from paperfeed.model import DateSource, Links, Paper
from paperfeed.store import files as store
from paperfeed.text import clean

from . import vocabulary as V

REPO = Path(__file__).resolve().parents[1]
TAXONOMY = REPO / "content" / "topics.yml"
FIRST_DAY, LAST_DAY = dt.date(2021, 1, 1), dt.date(2025, 12, 31)  # five years of papers
PER_DAY = (20, 60)  # papers added per digest day
TITLE_CHARS = (60, 120)
ABSTRACT_BYTES = (1000, 1900)
AUTHOR_COUNTS = {1: 3, 2: 7, 3: 12, 4: 15, 5: 15, 6: 12, 7: 10, 8: 8, 9: 6, 10: 5, 11: 4, 12: 3}
LATEX_SHARE = 0.10  # titles with inline LaTeX
SECOND_TOPIC_SHARE = 0.6  # papers that borrow words from a second topic
ARTIFACT_SHARE = 0.4  # abstracts that name a dataset or tool of their own
SEED = 6
_SMALL = frozenset(  # words a title leaves in lower case
    "a an and as at by for from in into of on or over the to under via vs with without".split()  # noqa: SIM905
)
_ASPECTS = ("Robustness", "Generalization", "Limits", "Role", "Scaling")
_VERBS = ("Improving", "Scaling", "Revisiting", "Understanding", "Accelerating")
_STUDIES = ("An Empirical Study", "A Theoretical Analysis", "Lessons from Practice")
_ARTIFACTS = ("Bench", "QA", "Set", "Kit")
_GERUNDS = ("Learning", "Aligning", "Scaling", "Training")
_GENERIC_LATEX = ("$\\alpha$-Weighted", "$k$-Nearest", "$\\ell_1$-Regularized", "$\\mathcal{O}(n)$")


def papers(count: int, seed: int = SEED) -> list[Paper]:
    """`count` papers as a listing would give them: raw text (LaTeX and all), `added` set."""
    return _Writer(random.Random(f"{seed}:{count}")).papers(count)


def as_imported(raw: Sequence[Paper]) -> list[Paper]:
    """The papers as the store holds them after an import: text cleaned, slugs assigned, topics
    decided by the taxonomy's rules (as `paperfeed import` decides them)."""
    cleaned = [
        dataclasses.replace(
            p, title=clean(p.title), abstract=clean(p.abstract), authors=tuple(clean(a) for a in p.authors)
        )
        for p in raw
    ]
    classifier = TopicClassifier(load_taxonomy(TAXONOMY))
    return [
        dataclasses.replace(p, auto_topics=classifier.topics(p), classifier=classifier.version)
        for p in slugs.assign(cleaned)
    ]


def write_content(
    folder: Path, count: int, seed: int = SEED, progress: Callable[[int, int], None] | None = None
) -> int:
    """Writes a content folder of `count` papers (store and taxonomy); returns the store files written.

    A folder already holding this count and seed (and this generator's version) is left as it is.
    """
    stamp = folder / ".synthetic"
    fingerprint = f"{count} {seed} {_version()}"
    if stamp.is_file() and stamp.read_text() == fingerprint:
        return len(store.store_files(folder))
    if folder.exists():
        shutil.rmtree(folder)
    (folder / store.PAPERS).mkdir(parents=True)
    shutil.copyfile(TAXONOMY, folder / "topics.yml")
    stored = sorted(as_imported(papers(count, seed)), key=lambda p: (p.added, p.slug))
    days = [(day, list(group)) for day, group in groupby(stored, key=lambda p: p.added)]
    for done, (day, group) in enumerate(days, 1):
        assert day is not None
        (folder / store.PAPERS / f"{day.isoformat()}.yml").write_bytes(store.dump(day, group))
        if progress:
            progress(done, len(days))
    stamp.write_text(fingerprint)
    return len(days)


class _Writer:
    """Draws papers from one random stream: call order is part of the output, so keep it fixed."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.topics = V.TOPICS
        self.topic_weights = list(itertools.accumulate(t.weight for t in self.topics))
        self.author_sizes = list(AUTHOR_COUNTS)
        self.author_weights = list(itertools.accumulate(AUTHOR_COUNTS.values()))
        self.serial: dict[tuple[int, int], int] = {}  # next arXiv number per (year, month)
        self.titles: set[str] = set()

    def papers(self, count: int) -> list[Paper]:
        self._author_pool(count)
        days = self._days(count)
        return [self._paper(added) for added in days]

    # --- who and when ---------------------------------------------------------------------------

    def _author_pool(self, count: int) -> None:
        """Four names per paper, drawn Zipf-like: about half the authors have one paper, a few
        have a hundred or more (at 10,000 papers)."""
        size = max(40, count * 4)
        names: list[str] = []
        seen: set[str] = set()
        for _ in range(size):
            name = ""
            for attempt in range(8):
                first, last = self.rng.choice(V.FIRST_NAMES), self.rng.choice(V.LAST_NAMES)
                middle = (
                    f" {self.rng.choice('ABCDEFGHJKLMNPRSTVWXYZ')}."
                    if attempt or self.rng.random() < 0.12
                    else ""
                )
                name = f"{first}{middle} {last}"
                if name not in seen:
                    break
            seen.add(name)
            names.append(name)
        self.authors = names
        self.author_cum = list(itertools.accumulate(1.0 / (rank + 20) ** 0.8 for rank in range(size)))

    def _days(self, count: int) -> list[dt.date]:
        """The `added` day of each paper: a weekday digest of 20-60 papers a day over five years
        (weekends too when weekdays alone would need more: 100,000 papers are 55 a day)."""
        days = [d for d in _dates(FIRST_DAY, LAST_DAY) if d.weekday() < 5]
        if count > len(days) * sum(PER_DAY) / 2:
            days = _dates(FIRST_DAY, LAST_DAY)
        wanted = min(len(days), max(1, round(count / sum(PER_DAY) * 2)))
        chosen = [days[i * len(days) // wanted] for i in range(wanted)]
        weights = [self.rng.uniform(*PER_DAY) for _ in chosen]
        total = sum(weights)
        sizes = [int(count * w / total) for w in weights]
        for i in range(count - sum(sizes)):
            sizes[i % len(sizes)] += 1
        return [day for day, size in zip(chosen, sizes, strict=True) for _ in range(size)]

    def _paper(self, added: dt.date) -> Paper:
        rng = self.rng
        main = self._topic()
        other = self._topic() if rng.random() < SECOND_TOPIC_SHARE else main
        name = self._coined_name(main)
        title = self._title(main, other, name)
        published = added - dt.timedelta(days=self._lag())
        arxiv = self._arxiv(published)
        roll = rng.random()
        if roll < 0.80:
            date, source = published, DateSource.PUBLISHED
        elif roll < 0.97:
            date, source = published.replace(day=1), DateSource.ARXIV_ID
        else:
            date, source = added, DateSource.LISTING
        links = Links(
            code=f"https://github.com/{rng.choice(V.GITHUB_USERS)}/{name.lower()}"
            if rng.random() < 0.25
            else None,
            project=f"https://{name.lower()}.github.io/" if rng.random() < 0.03 else None,
        )
        return Paper(
            title=title,
            abstract=self._abstract(main, other, name, links.code),
            arxiv=arxiv,
            authors=self._authors(),
            date=date,
            date_source=source,
            added=added,
            links=links,
            categories=self._categories(main),
        )

    def _topic(self) -> V.TopicWords:
        return self.topics[bisect.bisect(self.topic_weights, self.rng.random() * self.topic_weights[-1])]

    def _lag(self) -> int:
        """Days from publication to the digest: mostly fresh papers, some older ones."""
        roll = self.rng.random()
        if roll < 0.7:
            return self.rng.randint(0, 3)
        if roll < 0.9:
            return self.rng.randint(4, 60)
        return self.rng.randint(61, 700)

    def _arxiv(self, day: dt.date) -> str:
        month = (day.year, day.month)
        number = self.serial.get(month, self.rng.randint(1, 4000)) + self.rng.randint(1, 30)
        self.serial[month] = number
        return f"{day.year % 100:02d}{day.month:02d}.{number:05d}"

    def _authors(self) -> tuple[str, ...]:
        size = self.author_sizes[
            bisect.bisect(self.author_weights, self.rng.random() * self.author_weights[-1])
        ]
        chosen: dict[str, None] = {}
        while len(chosen) < size:
            pick = bisect.bisect(self.author_cum, self.rng.random() * self.author_cum[-1])
            chosen[self.authors[min(pick, len(self.authors) - 1)]] = None
        return tuple(chosen)

    def _categories(self, topic: V.TopicWords) -> tuple[str, ...]:
        if self.rng.random() < 0.5:  # listings from Hugging Face carry none
            return ()
        size = min(len(topic.categories), self.rng.choice((1, 1, 2, 2, 3)))
        return tuple(topic.categories[:1] + tuple(self.rng.sample(topic.categories[1:], size - 1)))

    # --- text -----------------------------------------------------------------------------------

    def _coined_name(self, topic: V.TopicWords) -> str:
        rng = self.rng
        name = rng.choice(topic.roots) + rng.choice(V.NAME_SUFFIXES)
        roll = rng.random()
        if roll < 0.1:
            name += str(rng.randint(2, 4))
        elif roll < 0.2:
            name = rng.choice(("Meta", "Uni", "Omni", "Hyper", "Deep", "Auto")) + name
        return name

    def _title(self, main: V.TopicWords, other: V.TopicWords, name: str) -> str:
        rng = self.rng
        latex = rng.random() < LATEX_SHARE
        for _ in range(200):
            method, task = _cap(rng.choice(main.methods)), _cap(rng.choice(other.tasks))
            adjective = _cap(rng.choice(V.ADJECTIVES))
            templates = (
                f"{name}: {adjective} {method} for {task}",
                f"{name}: Towards {adjective} {task} with {method}",
                f"Rethinking {method} for {task}",
                f"On the {rng.choice(_ASPECTS)} of {method} in {task}",
                f"{rng.choice(_VERBS)} {task} via {method}",
                f"When Does {method} Help {task}? {rng.choice(_STUDIES)}",
                f"{name}: {rng.choice(_GERUNDS)} {method} with {_cap(rng.choice(main.tasks))}",
                f"{rng.choice(main.benchmarks)}-Hard: A Benchmark for {task}",
            )
            title = rng.choice(templates[:-1] if main.slug != "benchmarks-datasets" else templates)
            if latex:
                fragment = rng.choice(main.latex or _GENERIC_LATEX)
                title = rng.choice(
                    (
                        f"{name}: {fragment} {method} for {task}",
                        f"{fragment} {method} for {task}",
                        f"{name}$^{{{rng.randint(2, 3)}}}$: {adjective} {method} for {task}",
                    )
                )
            if TITLE_CHARS[0] <= len(title) <= TITLE_CHARS[1] and title not in self.titles:
                self.titles.add(title)
                return title
        raise AssertionError("no title of the wanted length: the vocabulary is too short or too long")

    def _abstract(self, main: V.TopicWords, other: V.TopicWords, name: str, code: str | None) -> str:
        rng = self.rng
        target = rng.uniform(*ABSTRACT_BYTES)
        task, method = rng.choice(other.tasks), rng.choice(main.methods)
        opening = [
            self._context(main, other, task, method),
            self._gap(main, other),
            self._proposal(main, name, task),
        ]
        closing = [self._experiments(main, other, name)]
        if code:
            closing.append(f"Code is available at {code}.")
        elif rng.random() < 0.3:
            closing.append(f"Our results suggest that {rng.choice(V.INSIGHTS)}.")
        middle = [self._artifact(main, task)] if rng.random() < ARTIFACT_SHARE else []
        text = " ".join(opening + middle + closing)
        claims = [c for c in dict.fromkeys(main.claims + other.claims) if c not in opening[2]]
        rng.shuffle(claims)
        while len(text.encode()) < target:
            sentence = self._detail(main, other, name, claims)
            if sentence in middle:
                continue
            if len((text + " " + sentence).encode()) > ABSTRACT_BYTES[1]:
                if len(text.encode()) >= ABSTRACT_BYTES[0]:
                    break
                continue
            middle.append(sentence)
            text = " ".join(opening + middle + closing)
        return text

    def _context(self, main: V.TopicWords, other: V.TopicWords, task: str, method: str) -> str:
        rng = self.rng
        return rng.choice(
            (
                f"{task[0].upper()}{task[1:]} is a central challenge in machine learning.",
                f"Recent advances in {task} have been driven by {_a(method)}.",
                f"{_a(method)[0].upper()}{_a(method)[1:]} has emerged as a promising approach to {task}.",
                f"Despite rapid progress, {task} remains difficult for current systems.",
                f"Methods based on {method} are widely used for {task}, "
                f"but their behaviour on {rng.choice(other.tasks)} is poorly understood.",
            )
        )

    def _gap(self, main: V.TopicWords, other: V.TopicWords) -> str:
        rng = self.rng
        first, second = rng.sample(V.LIMITATIONS, 2)
        return rng.choice(
            (
                f"However, existing methods {first}, which limits their use for {rng.choice(other.tasks)}.",
                f"However, most existing approaches {first} and {second}.",
                f"A key obstacle is that current approaches to {rng.choice(main.tasks)} {first}.",
            )
        )

    def _proposal(self, main: V.TopicWords, name: str, task: str) -> str:
        rng = self.rng
        adjective, method, claim = rng.choice(V.ADJECTIVES), rng.choice(main.methods), rng.choice(main.claims)
        return rng.choice(
            (
                f"In this paper, we propose {name}, {_a(adjective)} {method} that {claim}.",
                f"We introduce {name}, {_a(adjective)} {method} for {task} that {claim}.",
                f"To address this, we present {name}, which {claim}.",
            )
        )

    def _detail(self, main: V.TopicWords, other: V.TopicWords, name: str, claims: list[str]) -> str:
        rng = self.rng
        term, term2 = self._term(), self._term()
        if claims and rng.random() < 0.4:
            claim = claims.pop()
            kind = rng.randrange(3)
            if kind == 0:
                return f"Specifically, {name} combines {_a(term)} with {_a(term2)}, and {claim}."
            if kind == 1:
                return f"We further show that {name} {claim}."
            return f"At the core of {name} is {_a(term)} that {claim}."
        kind = rng.randrange(10)  # built lazily: this is the generator's inner loop
        if kind == 0:
            return f"Our key insight is that {rng.choice(V.INSIGHTS)}."
        if kind == 1:
            method = rng.choice(main.methods)
            return f"Specifically, {name} combines {_a(term)} with {_a(term2)} in a single {method}."
        if kind == 2:
            return f"We train the {term} jointly with the {term2} on {rng.choice(main.benchmarks)}."
        if kind == 3:
            return f"The {term} is computed once per batch, so training costs about as much as the baseline."
        if kind == 4:
            return f"Compared with {_a(rng.choice(other.methods))}, the {term} needs no task-specific tuning."
        if kind == 5:
            verb = rng.choice(("converges", "is unbiased", "is consistent"))
            return f"We provide a theoretical analysis showing that the {term} {verb} under mild assumptions."
        if kind == 6:
            return (
                f"{name} can be combined with any {rng.choice(main.methods)} and applies to "
                f"{rng.choice(other.tasks)} without modification."
            )
        if kind == 7:
            settings = ", ".join(rng.sample(other.tasks, min(2, len(other.tasks))))
            first, last = rng.choice(main.tasks), rng.choice(main.tasks)
            return f"We study {first} in three settings: {settings} and {last}."
        if kind == 8:
            return f"Ablation studies confirm that both the {term} and the {term2} contribute to the gains."
        return rng.choice(V.FIELD_SENTENCES)

    def _artifact(self, topic: V.TopicWords, task: str) -> str:
        """A dataset or tool the paper releases: a name its abstract alone holds, as many do."""
        rng = self.rng
        name = rng.choice(V.NAME_SUFFIXES) + rng.choice(topic.roots) + rng.choice(_ARTIFACTS)
        what = rng.choice(("a dataset", "a benchmark", "a corpus", "an open-source toolkit"))
        return f"We also release {name}, {what} of {rng.randint(2, 900)}K examples for {task}."

    def _experiments(self, main: V.TopicWords, other: V.TopicWords, name: str) -> str:
        rng = self.rng
        benches = rng.sample(main.benchmarks, min(3, len(main.benchmarks)))
        listed = ", ".join(benches[:-1]) + f" and {benches[-1]}" if len(benches) > 1 else benches[0]
        metric, verb = rng.choice(V.METRICS), rng.choice(V.RESULT_VERBS)
        return rng.choice(
            (
                f"Extensive experiments on {listed} show that {name} {verb} strong baselines, "
                f"improving {metric} by {rng.uniform(0.5, 15):.1f}% on average.",
                f"On {benches[0]}, {name} achieves {rng.uniform(40, 95):.1f}% {metric}, a new state of the "
                f"art, while reducing {rng.choice(V.COSTS)} by {rng.uniform(1.2, 8):.1f}x.",
                f"Across {rng.randint(4, 12)} benchmarks, including {listed}, {name} {verb} the previous "
                f"best method by {rng.uniform(0.5, 9):.1f} points of {metric}.",
            )
        )

    def _term(self) -> str:
        """A technical term, long-tailed: a few modifiers are everywhere, most are rare."""
        rng = self.rng
        modifier = V.TECH_MODIFIERS[min(int((rng.paretovariate(1.0) - 1) * 6), len(V.TECH_MODIFIERS) - 1)]
        if rng.random() < 0.5:
            modifier = rng.choice(V.TECH_MODIFIERS)
        return f"{modifier} {rng.choice(V.TECH_NOUNS)}"


def _cap(phrase: str) -> str:
    """Title case as papers write it: small words lower, acronyms and inner capitals kept."""
    words = phrase.split(" ")
    out = []
    for i, word in enumerate(words):
        if i and word in _SMALL:
            out.append(word)
        else:
            parts = word.split("-")
            out.append(
                "-".join(p if j and p in _SMALL else p[:1].upper() + p[1:] for j, p in enumerate(parts))
            )
    return " ".join(out)


def _a(phrase: str) -> str:
    """The phrase with its indefinite article, by sound: an RLHF pipeline, a unified method."""
    word = phrase.split(" ")[0].split("-")[0]
    if word.isupper() and len(word) > 1:
        vowel = word[0] in "AEFHILMNORSX"
    else:
        vowel = word[:1].lower() in "aeiou" and not word.lower().startswith(("uni", "use", "one"))
    return f"{'an' if vowel else 'a'} {phrase}"


def _dates(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def _version() -> str:
    """What the output depends on besides count and seed: this code and its word lists."""
    digest = hashlib.sha256()
    for path in (Path(__file__), Path(V.__file__), TAXONOMY):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.synth", description=__doc__.split("\n")[0])
    parser.add_argument("count", type=int, help="number of papers")
    parser.add_argument("folder", type=Path, help="content folder to write (replaced)")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    files = write_content(args.folder, args.count, args.seed)
    print(f"{args.count} papers in {files} store files under {args.folder}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
