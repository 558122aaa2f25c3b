"""Slugs: from python-slugify, unique, never empty, stable once given."""

from __future__ import annotations

import dataclasses
import datetime as dt

from paperfeed.model import Paper
from paperfeed.slugs import MAX_LENGTH, assign, base_slug


def paper(title: str, arxiv: str | None = None, added: str = "2026-11-20", slug: str | None = None) -> Paper:
    return Paper(title=title, arxiv=arxiv, added=dt.date.fromisoformat(added), slug=slug)


def test_slugs_come_from_the_title_in_ascii() -> None:
    assert base_slug("Über die Lösung: ÆØÅ 学习") == "uber-die-losung-aeoa-xue-xi"
    assert base_slug("H³DP: Triply-Hierarchical Diffusion") == "h3dp-triply-hierarchical-diffusion"


def test_long_titles_are_cut_at_a_word() -> None:
    slug = base_slug("word " * 60)
    assert len(slug) <= MAX_LENGTH and not slug.endswith("-") and slug.endswith("word")


def test_a_title_with_nothing_sluggable_still_gets_a_slug() -> None:
    [with_id, without] = assign([paper("🚀🔥💯", arxiv="2501.00001"), paper("🚀🔥", added="2026-11-21")])
    assert with_id.slug == "paper-2501-00001"
    assert without.slug and without.slug.startswith("paper-") and len(without.slug) == len("paper-") + 8


def test_collisions_get_the_arxiv_id_else_a_stable_hash() -> None:
    papers = assign(
        [paper("Same Title", "2501.00001"), paper("Same Title", "2502.00002"), paper("Same: title!", None)]
    )
    slugs = [p.slug for p in papers]
    # Same day, same title key: the order is fixed by arXiv id, the paper without one first.
    assert slugs == ["same-title-2501-00001", "same-title-2502-00002", "same-title"]
    assert [p.slug for p in assign([dataclasses.replace(p, slug=None) for p in papers])] == slugs


def test_a_slug_once_given_is_kept_when_a_namesake_arrives_earlier_in_the_list() -> None:
    old = assign([paper("Same Title", "2502.00002")])[0]
    newcomer = paper("Same Title", "2501.00001", added="2026-11-21")
    result = assign([newcomer, old])
    assert result[1].slug == "same-title"
    assert result[0].slug == "same-title-2501-00001"


def test_the_same_title_twice_without_ids_counts_up() -> None:
    slugs = [p.slug for p in assign([paper("A", slug="a"), paper("a!"), paper("A?")])]
    assert len(set(slugs)) == 3 and slugs[0] == "a"
