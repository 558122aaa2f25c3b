"""Stage 4, the site's sources: Markdown pages (pages/, one module per page kind), feeds, search
entries and sitemaps, written into docs/ for MkDocs by build."""
