"""Paper pages made from a shell, and kept between builds by what they are made of
(paperfeed/plugin/paper_shells.py)."""

from __future__ import annotations

from pathlib import Path

from paperfeed import urls
from paperfeed.plugin import paper_shells
from paperfeed.site.pages.markup import SourcePage
from paperfeed.site.pages.paper_pages import MARKERS, SHELLS

SECTION = urls.TOPICS
SHELL = paper_shells.Shell.of(
    f"<html><head><title>{MARKERS['title']}</title>{MARKERS['head']}</head><body>"
    f"<a href=../{SHELLS[SECTION]}/>me</a>{MARKERS['body']}"
    f'<footer class="md-footer">{MARKERS["footer"]}</footer></body></html>',
    f"https://example.org/papers/{SHELLS[SECTION]}/",
)


def source(title: str) -> str:
    page = SourcePage("papers/alpha/", title, f"<p>{title}</p>", section=SECTION, updated="2026-12-01")
    return page.render()


def test_a_page_is_its_shell_with_the_papers_parts(tmp_path: Path) -> None:
    cache = paper_shells.Cache(tmp_path / "kept", {SECTION: SHELL})
    target = tmp_path / "site" / "papers" / "alpha" / "index.html"
    url, updated = cache.place(source("Alpha <b>"), "alpha", target)
    html = target.read_text(encoding="utf-8")
    assert "<title>Alpha &lt;b&gt;</title>" in html  # the title escaped once, as the template does
    assert "href=../alpha/" in html and SHELLS[SECTION] not in html
    assert "PFSHELL" not in html and "<footer" not in html  # no footer given: the template writes none
    assert (url, updated) == ("https://example.org/papers/alpha/", "2026-12-01")


def test_a_page_made_before_is_linked_not_made_again_and_a_changed_one_is_made(tmp_path: Path) -> None:
    kept = tmp_path / "kept"
    first, second = tmp_path / "one" / "index.html", tmp_path / "two" / "index.html"
    paper_shells.Cache(kept, {SECTION: SHELL}).place(source("Alpha"), "alpha", first)
    cache = paper_shells.Cache(kept, {SECTION: SHELL})
    cache.place(source("Alpha"), "alpha", second)
    assert second.stat().st_ino == first.stat().st_ino  # the kept page itself
    changed = tmp_path / "three" / "index.html"
    cache.place(source("Alpha, revised"), "alpha", changed)
    assert "Alpha, revised" in changed.read_text(encoding="utf-8")
    assert changed.stat().st_ino != first.stat().st_ino
    cache.prune()
    assert len(list(kept.iterdir())) == 2  # the two this build used
    # A page left in the site by an earlier build (mkdocs build --dirty) is replaced, and the kept
    # copy it was linked to is not written through.
    cache = paper_shells.Cache(kept, {SECTION: SHELL})
    cache.place(source("Alpha, third"), "alpha", second)
    assert "Alpha, third" in second.read_text(encoding="utf-8")
    assert "Alpha, third" not in first.read_text(encoding="utf-8")


def test_another_shell_makes_every_page_again(tmp_path: Path) -> None:
    kept = tmp_path / "kept"
    paper_shells.Cache(kept, {SECTION: SHELL}).place(source("Alpha"), "alpha", tmp_path / "a.html")
    other = paper_shells.Shell.of(SHELL.html.replace("<html>", "<html lang=fr>"), SHELL.url)
    paper_shells.Cache(kept, {SECTION: other}).place(source("Alpha"), "alpha", tmp_path / "b.html")
    assert "lang=fr" in (tmp_path / "b.html").read_text(encoding="utf-8")
