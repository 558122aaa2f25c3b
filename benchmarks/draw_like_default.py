"""Draws the held-out papers *like the default content* (benchmarks/heldout/like-default.yml), reproducibly.

    .venv/bin/python -m benchmarks.draw_like_default CLONE_OF_THE_DATA_REPOSITORY drawn.yml

From the arXiv listings github.com/dw-dengwei/daily-arXiv-ai-enhanced stores (branch `data`, the
commit below: the one benchmarks/heldout/papers.yml was drawn from), every paper once, those in
content/ or in papers.yml left out. "Like the default content" is measured without the classifier:
TF-IDF over title and abstract (paperfeed's own weighting, analysis/tfidf.py), and a paper's
likeness is its cosine similarity to the most similar paper of content/. The papers with a likeness
of at least LIKENESS form the pool, and random.Random(SEED) draws DRAW of them. The papers are
written without topics, to a file of their own (never over the labelled set): the topics are
written by hand, before any classifier sees the papers.
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

COMMIT = "b4c542b7d61bff39f8b999b45b43f62b2bb94f75"
SEED = 25
LIKENESS = 0.18
DRAW = 64  # a few more than the 60 wanted, so that a paper no topic fits can be left out before labelling


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
    parser.add_argument("repo", type=Path, help="a clone of dw-dengwei/daily-arXiv-ai-enhanced")
    parser.add_argument("out", type=Path, help="the YAML file to write the drawn papers to")
    args = parser.parse_args(argv)
    default = [item.paper for item in classifier_eval.default_set()]
    broad = yaml.safe_load(classifier_eval.HELDOUT.read_text(encoding="utf-8"))
    known_ids = {p.arxiv for p in default} | {item["arxiv"] for item in broad}
    known_titles = {_folded(p.title) for p in default} | {_folded(item["title"]) for item in broad}
    pool = [
        p for p in listings(args.repo)
        if p["id"].split("v")[0] not in known_ids and _folded(p["title"]) not in known_titles
    ]  # fmt: skip
    texts = [f"{p.title} {p.abstract}" for p in default] + [
        f"{_clean(p['title'])} {_clean(p['summary'])}" for p in pool
    ]
    weights = tfidf(texts, TOKEN, max_df=0.5).matrix
    likeness = np.asarray((weights[len(default) :] @ weights[: len(default)].T).max(axis=1).todense()).ravel()
    alike = [p for p, score in zip(pool, likeness, strict=True) if score >= LIKENESS]
    print(f"{len(pool)} papers, {len(alike)} with a likeness of at least {LIKENESS}")
    drawn = random.Random(SEED).sample(alike, DRAW)
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


def _clean(text: str) -> str:
    return " ".join(text.split())


def _folded(text: str) -> str:
    return " ".join("".join(c if c.isalnum() else " " for c in text.casefold()).split())


if __name__ == "__main__":
    raise SystemExit(main())
