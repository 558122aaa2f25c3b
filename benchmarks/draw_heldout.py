"""Draws held-out papers for the topic classifier from a public arXiv stream, reproducibly.

    .venv/bin/python -m benchmarks.draw_heldout like-default CLONE_OF_THE_DATA_REPOSITORY drawn.yml
    .venv/bin/python -m benchmarks.draw_heldout broad CLONE_OF_THE_DATA_REPOSITORY drawn.yml

From the arXiv listings github.com/dw-dengwei/daily-arXiv-ai-enhanced stores (branch `data`, the
commit below: the one benchmarks/heldout/papers.yml was drawn from), every paper once, those in
content/ or in the labelled sets of benchmarks/heldout/ named in LEFT_OUT left out.

- `like-default` (heldout/like-default.yml): papers *like the default content*, measured without
  the classifier: TF-IDF over title and abstract (paperfeed's own weighting, analysis/tfidf.py),
  a paper's likeness its cosine similarity to the most similar paper of content/. The papers with
  a likeness of at least LIKENESS form the pool, and random.Random(LIKE_SEED) draws LIKE_DRAW.
- `broad` (heldout/broad-2.yml): a broad stream, drawn as papers.yml was: by primary (first)
  category, BROAD_DRAW papers of each, with random.Random(BROAD_SEED).

The papers are written without topics, to a file of their own (never over a labelled set): the
topics are written by hand, before any classifier sees the papers.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
from pathlib import Path

import numpy as np
import yaml

from benchmarks import classifier_eval
from paperfeed.analysis.similar import TOKEN
from paperfeed.analysis.tfidf import tfidf
from paperfeed.model import Paper
from paperfeed.store import files as store

COMMIT = "b4c542b7d61bff39f8b999b45b43f62b2bb94f75"
LIKE_SEED = 25
LIKENESS = 0.18
LIKE_DRAW = (
    64  # a few more than the 60 wanted, so that a paper no topic fits can be left out before labelling
)
BROAD_SEED = 26
# the labelled sets left out of each draw (besides content/): those there were when it was drawn
LEFT_OUT = {"like-default": ["papers.yml"], "broad": ["papers.yml", "like-default.yml"]}
# papers.yml's proportions; "other" is every other primary category
BROAD_DRAW = {"cs.LG|stat.ML": 24, "cs.CL": 18, "cs.CV": 16, "cs.AI": 14, "cs.RO": 6, "other": 6}


def listings(repo: Path) -> list[dict]:
    """Every stored listing's papers, each arXiv id once (its first listing), in file order."""
    names = subprocess.run(
        ["git", "-C", str(repo), "ls-tree", "--name-only", f"{COMMIT}:data"],
        capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    seen: set[str] = set()
    papers = []
    for name in sorted(n for n in names if n.endswith(".jsonl") and "_AI_enhanced" not in n):
        blob = subprocess.run(
            ["git", "-C", str(repo), "show", f"{COMMIT}:data/{name}"], capture_output=True, check=True
        ).stdout.decode()
        for line in blob.splitlines():
            if not line.strip():
                continue
            item = json.loads(line)
            if item["id"] in seen or not item.get("summary"):
                continue
            seen.add(item["id"])
            item["source"] = f"data/{name}"
            papers.append(item)
    return papers


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("kind", choices=["like-default", "broad"])
    parser.add_argument("repo", type=Path, help="a clone of dw-dengwei/daily-arXiv-ai-enhanced")
    parser.add_argument("out", type=Path, help="the YAML file to write the drawn papers to")
    args = parser.parse_args(argv)
    default = store.load(classifier_eval.CONTENT)
    labelled = [
        item
        for name in LEFT_OUT[args.kind]
        for item in yaml.safe_load((classifier_eval.HELDOUT_DIR / name).read_text(encoding="utf-8"))
    ]
    known_ids = {p.arxiv for p in default} | {item["arxiv"] for item in labelled}
    known_titles = {_folded(p.title) for p in default} | {_folded(item["title"]) for item in labelled}
    pool = [
        p for p in listings(args.repo)
        if p["id"].split("v")[0] not in known_ids and _folded(p["title"]) not in known_titles
    ]  # fmt: skip
    drawn = like_default(pool, default) if args.kind == "like-default" else broad(pool)
    out = [
        {
            "title": _clean(p["title"]),
            "arxiv": p["id"].split("v")[0],
            "categories": list(p.get("categories") or ()),
            "abstract": _clean(p["summary"]),
            "topics": [],
            "source": p["source"],
        }
        for p in drawn
    ]
    args.out.write_text(yaml.safe_dump(out, sort_keys=False, allow_unicode=True, width=110), encoding="utf-8")
    print(f"{len(out)} papers written to {args.out}")
    return 0


def like_default(pool: list[dict], default: list[Paper]) -> list[dict]:
    texts = [f"{p.title} {p.abstract}" for p in default] + [
        f"{_clean(p['title'])} {_clean(p['summary'])}" for p in pool
    ]
    weights = tfidf(texts, TOKEN, max_df=0.5).matrix
    likeness = np.asarray((weights[len(default) :] @ weights[: len(default)].T).max(axis=1).todense()).ravel()
    alike = [p for p, score in zip(pool, likeness, strict=True) if score >= LIKENESS]
    print(f"{len(pool)} papers, {len(alike)} with a likeness of at least {LIKENESS}")
    return random.Random(LIKE_SEED).sample(alike, LIKE_DRAW)


def broad(pool: list[dict]) -> list[dict]:
    rng = random.Random(BROAD_SEED)
    named = {c for group in BROAD_DRAW for c in group.split("|") if group != "other"}
    drawn = []
    for group, count in BROAD_DRAW.items():
        wanted = set(group.split("|"))
        members = [
            p for p in pool
            if p.get("categories")
            and (p["categories"][0] in wanted or (group == "other" and p["categories"][0] not in named))
        ]  # fmt: skip
        drawn += rng.sample(members, count)
    print(f"{len(pool)} papers, {len(drawn)} drawn by primary category")
    return drawn


def _clean(text: str) -> str:
    return " ".join(text.split())


def _folded(text: str) -> str:
    return " ".join("".join(c if c.isalnum() else " " for c in text.casefold()).split())


if __name__ == "__main__":
    raise SystemExit(main())
