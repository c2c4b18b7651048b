#!/usr/bin/env python3
"""Benchmark of `zoneproof.dask`: scans a generated estate (default
1,000,000 resources, `zoneproof-bench gen`) on a `distributed.LocalCluster`
of 1 and then 2 single-threaded worker processes, and prints resources/s
overall and per worker, and the scaling from 1 to 2 workers.

    python scripts/bench-dask.py [--resources N] [--seed S] [--workers 1,2]
                                 [--records-per-shard R]

Needs the `zoneproof` package with dask and distributed in the running
Python (`make test` builds such a `.venv`; `make bench-dask` runs this with
it), and the development tool for `gen` ($ZONEPROOF_BENCH, default
target/release/zoneproof-bench). Per-worker throughput is measured on the
workers (resources of the shards a worker ran / the seconds it spent in
them); the wall-clock rate includes planning, transfer and the driver
decoding every result. On a shared machine the numbers move with the load:
compare runs made together.
"""

from __future__ import annotations

import argparse
import collections
import os
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ZONE = {"org": "o-a1b2c3d4e5",
        "org_accounts": ["111122223333", "222233334444", "333344445555",
                         "555566667777", "666677778888", "888899990000"]}


def estate(resources: int, seed: int) -> Path:
    out = ROOT / "target" / "bench" / f"estate-{resources}-{seed}.jsonl"
    if not out.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
        bench = os.environ.get("ZONEPROOF_BENCH", str(ROOT / "target/release/zoneproof-bench"))
        subprocess.run([bench, "gen", "--resources", str(resources), "--seed", str(seed),
                        "--out", str(out)], check=True)
    return out


def run(path: Path, workers: int, records_per_shard: int) -> dict[str, float]:
    import zoneproof.dask
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        stats: list[zoneproof.ShardStat] = []
        client.wait_for_workers(workers)
        cpu_before = client.run(time.process_time)
        started = time.perf_counter()
        cpu_started = time.process_time()
        resources = findings = undecided = 0
        for result in zoneproof.dask.iter_scan(path, client, records_per_shard=records_per_shard,
                                               shard_stats=stats, **ZONE):
            resources += 1
            findings += len(result.findings)
            undecided += result.status != "analyzed"
        wall = time.perf_counter() - started
        driver_cpu = time.process_time() - cpu_started
        cpu_after = client.run(time.process_time)
    # CPU time of each worker process (all its threads) during the scan:
    # on a loaded machine wall times stretch, CPU times much less.
    worker_cpu = [cpu_after[w] - cpu_before.get(w, 0.0) for w in cpu_after]
    per_worker: dict[str, list[float]] = collections.defaultdict(lambda: [0, 0.0])
    for stat in stats:
        per_worker[stat.worker][0] += stat.resources
        per_worker[stat.worker][1] += stat.seconds
    rates = [count / seconds for count, seconds in per_worker.values() if seconds]
    print(f"  {workers} worker(s): {resources:,} resources, {findings:,} findings, {undecided} error/unknown, "
          f"{len(stats)} shards; wall {wall:.1f} s = {resources / wall:,.0f} resources/s; "
          f"per worker {', '.join(f'{r:,.0f}' for r in rates)} resources/s on the worker; "
          f"driver CPU {driver_cpu:.1f} s", flush=True)
    cpu = sum(worker_cpu)
    print(f"    worker CPU {', '.join(f'{c:.1f}' for c in worker_cpu)} s = {cpu:.1f} s in all; "
          f"{resources / cpu:,.0f} resources per worker CPU-second", flush=True)
    return {"wall": wall, "rate": resources / wall, "resources": resources,
            "worker_rate": sum(rates) / len(rates) if rates else 0.0,
            "cpu_rate": resources / cpu if cpu else 0.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--resources", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--records-per-shard", type=int, default=5_000)
    args = parser.parse_args()
    path = estate(args.resources, args.seed)
    print(f"estate {path.relative_to(ROOT)}: {args.resources:,} resources, "
          f"{path.stat().st_size / 2**20:,.0f} MiB; {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f} at the start", flush=True)
    runs = {n: run(path, n, args.records_per_shard) for n in map(int, args.workers.split(","))}
    if 1 in runs and 2 in runs:
        print(f"scaling 1 -> 2 workers: wall-clock rate x{runs[2]['rate'] / runs[1]['rate']:.2f}; "
              f"per-worker rate x{runs[2]['worker_rate'] / runs[1]['worker_rate']:.2f} "
              f"(1.00 would be perfect); resources per worker CPU-second "
              f"x{runs[2]['cpu_rate'] / runs[1]['cpu_rate']:.2f}; load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
