"""Theme files a built site never loads: source maps and search support for other languages.

Material ships them with every site; a reader's browser fetches none, so they only count
against the host's size limit (benchmarks/README.md has the figures).
"""

from __future__ import annotations

from pathlib import Path

# Search support files by the languages that load them (see Material's search worker).
_LANGUAGE_FILES = {"tinyseg.js": "ja", "wordcut.js": "th"}


def prune(site_dir: Path, languages: list[str]) -> int:
    """Deletes the files; returns how many bytes they held."""
    assets = site_dir / "assets"
    doomed = list(assets.rglob("*.map"))
    lunr = assets / "javascripts" / "lunr"
    wanted = set(languages)
    for path in lunr.rglob("*.js"):
        language = _LANGUAGE_FILES.get(path.name) or _language_of(path.name)
        if language and language not in wanted and "multi" not in path.name:
            doomed.append(path)
    freed = 0
    for path in doomed:
        freed += path.stat().st_size
        path.unlink()
    return freed


def _language_of(name: str) -> str | None:
    """'lunr.de.min.js' -> 'de'; None for the shared stemmer and multi-language support."""
    parts = name.split(".")
    return parts[1] if len(parts) == 4 and parts[0] == "lunr" and parts[2] == "min" else None
