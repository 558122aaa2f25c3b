"""Stage 3, analysis of the stored papers: topics (the taxonomy and classifier), watches, the author
index, TF-IDF and similar papers, BibTeX, and the digest that holds them all for the pages."""
