"""Feeding the store from upstream: content/sources.yml (config), the HTTP client with its retries
and spacing (client), and `paperfeed fetch` itself (run), which imports what it fetched."""
