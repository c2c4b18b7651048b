"""The GIL is released while solving, so Python threads analyse in
parallel, each on its own solver. Performance is measured and printed,
never asserted: a timed test fails on a loaded machine without a change of
the code (the benchmark harness is where speed is compared)."""

from __future__ import annotations

import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import zoneproof

OWNER = "111122223333"
def partner_policy(partners: int) -> dict[str, object]:
    """Partners each let in only from its own VPC and, inside it, its own
    address range (`aws:VpcSourceIp`: a request through a VPC endpoint has
    no `aws:SourceIp`): one finding class per partner."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": f"Partner{i}",
                "Effect": "Allow",
                "Principal": {"AWS": f"4444{i:08d}"},
                "Action": ["s3:GetObject", "s3:PutObject"],
                "Resource": "arn:aws:s3:::example-bucket/*",
                "Condition": {
                    "StringEquals": {"aws:SourceVpc": f"vpc-{i}"},
                    "IpAddress": {"aws:VpcSourceIp": f"10.{i}.0.0/16"},
                },
            }
            for i in range(partners)
        ],
    }


# Twenty partners: a few hundredths of a second of solving on one core.
PARTNERS = 20
POLICY = partner_policy(PARTNERS)
# Eighty: a few tenths of a second, so that one analysis outlasts the
# scheduling stalls of a loaded machine by far (the stall test's bound).
LONG_POLICY = partner_policy(80)
RUNS = 4


def analyse(_: int = 0, policy: dict[str, object] = POLICY) -> list[zoneproof.Finding]:
    return zoneproof.analyze(policy, "AWS::S3::Bucket", "arn:aws:s3:::example-bucket", account=OWNER)


def classes(findings: list[zoneproof.Finding]) -> list[tuple[object, ...]]:
    """What a finding proves (the witness is one example and may differ
    between solvers with different histories)."""
    return [(f.id, f.principal, f.action, f.condition, f.is_public, f.sources) for f in findings]


def test_thread_pool_of_four_analyses(capsys: pytest.CaptureFixture[str]) -> None:
    expected = classes(analyse())
    started = time.perf_counter()
    sequential = [analyse() for _ in range(RUNS)]
    sequential_seconds = time.perf_counter() - started
    started, cpu_started = time.perf_counter(), time.process_time()
    with ThreadPoolExecutor(max_workers=RUNS) as pool:
        threaded = list(pool.map(analyse, range(RUNS)))
    threaded_seconds = time.perf_counter() - started
    # Above 1: several cores worked at once (the GIL would keep it at 1 or less).
    cores_busy = (time.process_time() - cpu_started) / threaded_seconds
    assert [classes(f) for f in sequential] == [expected] * RUNS
    assert [classes(f) for f in threaded] == [expected] * RUNS
    assert len(expected) == PARTNERS
    with capsys.disabled():
        print(
            f"\n[threads] {RUNS} analyses: sequential {sequential_seconds:.3f} s, "
            f"ThreadPoolExecutor({RUNS}) {threaded_seconds:.3f} s, "
            f"speed-up {sequential_seconds / threaded_seconds:.2f}x on {os.cpu_count()} cores "
            f"(process CPU time / wall time while threaded: {cores_busy:.2f}; "
            f"load average {os.getloadavg()[0]:.1f})"
        )


def test_main_thread_runs_while_another_thread_solves(capsys: pytest.CaptureFixture[str]) -> None:
    """With the GIL held, the main thread could not run a line of Python for
    a whole analysis; released, it waits at most a few switch intervals.
    The bound is half an analysis: a held GIL stalls for all of one. The
    analysis is a long one, so that the bound stays far above what a loaded
    machine's scheduler alone can stall a thread for."""
    durations: list[float] = []

    def work() -> None:
        for _ in range(2):
            started = time.perf_counter()
            analyse(policy=LONG_POLICY)
            durations.append(time.perf_counter() - started)

    worker = threading.Thread(target=work)
    worker.start()
    last, longest, iterations = time.perf_counter(), 0.0, 0
    while worker.is_alive():
        now = time.perf_counter()
        longest, last, iterations = max(longest, now - last), now, iterations + 1
    worker.join()
    with capsys.disabled():
        print(
            f"\n[threads] analyses on a worker took {', '.join(f'{d:.3f} s' for d in durations)}; "
            f"the main thread ran {iterations} iterations meanwhile, longest stall {longest * 1000:.1f} ms"
        )
    assert len(durations) == 2
    assert longest < min(durations) / 2
