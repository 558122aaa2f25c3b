"""Stage 5, MkDocs: the plugin that runs the generator before each build (its options in config),
and what it does to the built site (minify, theme_assets)."""
