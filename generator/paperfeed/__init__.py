"""paperfeed: a research-paper digest as a static site with feeds.

The pipeline, one sub-package per stage:

    formats/   listing files (Hugging Face page text or API JSON, arXiv Atom, YAML/JSON lists) -> papers
    store/     content/papers/: import, merge, slugs kept, parse cache
    fetch/     upstream sources -> the store (`paperfeed fetch`)
    analysis/  topics, watches, authors, similar papers, BibTeX -> the digest
    site/      the digest -> Markdown pages, feeds, search entries, sitemaps in docs/
    plugin/    MkDocs runs the above before each build and finishes the built site

model.py (the typed data), errors.py, text.py, urls.py, slugs.py, schema.py (YAML files' rules),
checks.py (`paperfeed check`) and cli.py (the `paperfeed` command) serve every stage.
"""
