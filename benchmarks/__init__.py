"""Performance benchmarks: ``make bench`` runs ``python -m benchmarks.run``.

They measure the figures of the performance issue (cold start, answer commit, intake
import, letter, workspace, memory) as medians next to a baseline measured in the same
run, and write ``docs/performance.md`` and ``docs/performance.json``. They are a script,
not timed unit tests; ``tests/test_bench_smoke.py`` only checks that the machinery runs.
"""
