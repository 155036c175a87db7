"""Benchmarks of sipsm (`python -m benchmarks`); see README.md. Each figure is a ratio against
a baseline measured in the same run, on the same machine and database."""
