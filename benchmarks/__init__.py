"""Benchmark suite for the matcher; run with ``python -m benchmarks``."""
