"""Stage 2, the store: content/papers/ as YAML files, one per addition day; importing listings into
it (merge, slugs, all or nothing) and a cache of parsed files."""
