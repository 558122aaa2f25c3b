"""Benchmarks: synthetic digests of any size, built and measured (`make bench`, issue 6)."""
