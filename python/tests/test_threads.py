"""The GIL is released while solving, so Python threads analyse in
parallel, each on its own solver. Performance is measured and printed,
never asserted (DESIGN, "Tests, corpus, benchmarks")."""

from __future__ import annotations

import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import zoneproof
from conftest import case_arguments, load_case

# The slowest corpus case (five SAML providers, each with claim conditions).
CASE = load_case("seed/steampipe/trust_five_saml_providers_with_saml_conditions.json")
RUNS = 4


def analyse(_: int = 0) -> list[zoneproof.Finding]:
    return zoneproof.analyze(CASE["policy"], CASE["resourceType"], CASE["resourceArn"], **case_arguments(CASE))


def classes(findings: list[zoneproof.Finding]) -> list[tuple[object, ...]]:
    """What a finding proves (the witness is one example and may differ
    between solvers with different histories)."""
    return [(f.id, f.principal, f.action, f.condition, f.is_public, f.sources) for f in findings]


def test_thread_pool_of_four_analyses(capsys: pytest.CaptureFixture[str]) -> None:
    expected = classes(analyse())
    started = time.perf_counter()
    sequential = [analyse() for _ in range(RUNS)]
    sequential_seconds = time.perf_counter() - started
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=RUNS) as pool:
        threaded = list(pool.map(analyse, range(RUNS)))
    threaded_seconds = time.perf_counter() - started
    assert [classes(f) for f in sequential] == [expected] * RUNS
    assert [classes(f) for f in threaded] == [expected] * RUNS
    assert len(expected) == 5
    with capsys.disabled():
        print(
            f"\n[threads] {RUNS} analyses: sequential {sequential_seconds:.3f} s, "
            f"ThreadPoolExecutor({RUNS}) {threaded_seconds:.3f} s, "
            f"speed-up {sequential_seconds / threaded_seconds:.2f}x on {os.cpu_count()} cores"
        )


def test_main_thread_runs_while_another_thread_solves(capsys: pytest.CaptureFixture[str]) -> None:
    """With the GIL held, the main thread would stall for a whole analysis;
    released, it stalls only for Python's switch interval."""
    worker = threading.Thread(target=lambda: [analyse() for _ in range(2)])
    started = time.perf_counter()
    worker.start()
    last, longest, iterations = time.perf_counter(), 0.0, 0
    while worker.is_alive():
        now = time.perf_counter()
        longest, last, iterations = max(longest, now - last), now, iterations + 1
    elapsed = time.perf_counter() - started
    assert iterations > 0
    with capsys.disabled():
        print(
            f"\n[threads] 2 analyses on a worker took {elapsed:.3f} s; the main thread ran "
            f"{iterations} iterations meanwhile, longest stall {longest * 1000:.1f} ms"
        )
