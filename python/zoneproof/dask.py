"""Scans across a Dask cluster.

    >>> from distributed import Client
    >>> import zoneproof.dask
    >>> client = Client("tcp://scheduler:8786")
    >>> results = zoneproof.dask.scan(["exports/"], client, org="o-a1b2c3d4e5")

`scan` splits its inputs into shards, by file and, for JSON Lines
inventories, by ranges of records; `scan_records` scans the inventory
records of a Dask bag or data frame partition by partition. Workers analyse
with zoneproof's Rust engine (each shard is one `zoneproof` native scan with
the GIL released), and the results come back in input order, the same
records as `zoneproof.scan` gives on one machine (a finding's `witness` is
one example request and may differ). With `baseline=`, findings are marked
`NEW` or `UNCHANGED` and the resolved ones listed, as `zoneproof scan
--baseline` does.

Every worker needs the `zoneproof` wheel installed (and `scan` needs the
input paths readable at the same place on every worker, e.g. a shared file
system; `scan_records` reads nothing itself, so its bag may come from
`dask.bag.read_text("s3://...")` or any other source).
"""

from __future__ import annotations

import json
import math
import os
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from . import _scan_request, _zoneproof
from ._model import ResourceResult
from ._results import Baseline, ScanResults, ShardStat, compare

if TYPE_CHECKING:
    from distributed import Client

__all__ = ["iter_scan", "scan", "scan_records"]

DEFAULT_RECORDS_PER_SHARD = 2_000
"""Records of a JSON Lines inventory per shard: large enough that a shard's
set-up is noise (a few ms against seconds of analysis), small enough to
spread a file over many workers."""


def scan(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    client: Client,
    *,
    account: str | None = None,
    org: str | None = None,
    org_accounts: Iterable[str] = (),
    trusted_accounts: Iterable[str] = (),
    region: str | None = None,
    partition: str | None = None,
    archive_rules: str | Sequence[Mapping[str, Any]] | None = None,
    backend: str = "automata",
    service_findings: bool = True,
    timeout_ms: int = 10_000,
    jobs: int = 1,
    records_per_shard: int = DEFAULT_RECORDS_PER_SHARD,
    baseline: Baseline | None = None,
) -> ScanResults:
    """`zoneproof.scan` on a Dask cluster: the same arguments, the same
    results in input order. Files are shards; JSON Lines inventories
    (`.jsonl`, `.ndjson`) are cut into shards of at most
    `records_per_shard` records. Each shard is analysed on `jobs` threads of
    its worker (give workers one thread each and keep `jobs=1`, or fewer
    worker threads and more jobs). The driver reads JSON Lines files once to
    find their line boundaries; workers read the files themselves.

    `baseline` (a path or earlier results) marks findings NEW or UNCHANGED
    and fills `resolved`. Bad arguments raise `ValueError` / `TypeError`
    before anything is sent to the cluster.
    """
    stats: list[ShardStat] = []
    results = list(iter_scan(paths, client, account=account, org=org, org_accounts=org_accounts,
                             trusted_accounts=trusted_accounts, region=region, partition=partition,
                             archive_rules=archive_rules, backend=backend,
                             service_findings=service_findings, timeout_ms=timeout_ms, jobs=jobs,
                             records_per_shard=records_per_shard, shard_stats=stats))
    return _finish(results, stats, baseline)


def iter_scan(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    client: Client,
    *,
    account: str | None = None,
    org: str | None = None,
    org_accounts: Iterable[str] = (),
    trusted_accounts: Iterable[str] = (),
    region: str | None = None,
    partition: str | None = None,
    archive_rules: str | Sequence[Mapping[str, Any]] | None = None,
    backend: str = "automata",
    service_findings: bool = True,
    timeout_ms: int = 10_000,
    jobs: int = 1,
    records_per_shard: int = DEFAULT_RECORDS_PER_SHARD,
    shard_stats: list[ShardStat] | None = None,
) -> Iterator[ResourceResult]:
    """`scan` as a stream, for estates too large to hold in memory: yields
    the results in input order as their shards finish (every shard is
    submitted at once; the cluster keeps a finished shard's results until
    they are yielded). No baseline (resolved findings need every result:
    use `scan`). Timings of the shards are appended to `shard_stats`."""
    request = _scan_request(paths, account=account, org=org, org_accounts=org_accounts,
                            trusted_accounts=trusted_accounts, region=region, partition=partition,
                            archive_rules=archive_rules, backend=backend,
                            service_findings=service_findings, timeout_ms=timeout_ms, jobs=jobs)
    _positive("records_per_shard", records_per_shard)
    plan = json.loads(_zoneproof.plan_scan(request, records_per_shard))
    return _stream(plan, request, client, shard_stats)


def _stream(plan: list[dict[str, Any]], request: _zoneproof.ScanRequest, client: Client,
            shard_stats: list[ShardStat] | None) -> Iterator[ResourceResult]:
    shard_request: _zoneproof.ScanRequest = {**request, "paths": []}
    run = uuid.uuid4().hex[:12]
    futures = {
        index: client.submit(_scan_shard, shard_request, json.dumps(shard), pure=False,
                             key=f"zoneproof-shard-{run}-{index}")
        for index, shard in enumerate(plan) if shard["kind"] != "record"
    }
    try:
        for index, shard in enumerate(plan):
            if shard["kind"] == "record":
                yield ResourceResult.from_dict(shard["record"])
                continue
            future = futures.pop(index)
            records_json, stat = future.result()
            future.release()
            if shard_stats is not None:
                shard_stats.append(stat)
            for record in json.loads(records_json):
                yield ResourceResult.from_dict(record)
    finally:
        for future in futures.values():
            future.cancel()


def scan_records(
    records: Any,
    client: Client | None = None,
    *,
    source: str = "records",
    account: str | None = None,
    org: str | None = None,
    org_accounts: Iterable[str] = (),
    trusted_accounts: Iterable[str] = (),
    archive_rules: str | Sequence[Mapping[str, Any]] | None = None,
    backend: str = "automata",
    service_findings: bool = True,
    timeout_ms: int = 10_000,
    jobs: int = 1,
    baseline: Baseline | None = None,
) -> ScanResults:
    """Scans inventory records (`{"arn", "resourceType", "policy", ...}`)
    held in a `dask.bag.Bag` (of dicts, or of JSON text lines as
    `dask.bag.read_text` gives them) or a `dask.dataframe.DataFrame` (one
    row per record; missing values are left out), one shard per partition.

    The results are in the collection's order and equal those of
    `zoneproof.scan` over a JSON Lines file named `source` holding the same
    records one per line (`origin.pointer` starts with the record's index in
    the whole collection). `client` defaults to the current Dask client.
    """
    if client is None:
        from distributed import get_client

        client = get_client()
    request = _scan_request([], account=account, org=org, org_accounts=org_accounts,
                            trusted_accounts=trusted_accounts, region=None, partition=None,
                            archive_rules=archive_rules, backend=backend,
                            service_findings=service_findings, timeout_ms=timeout_ms, jobs=jobs)
    _zoneproof.plan_scan(request, 1)  # checks the arguments before any work is sent
    bag = _as_bag(records)
    texts = client.compute(bag.map_partitions(_partition_text).to_delayed())
    counts = client.gather(client.map(_count_records, texts, pure=False))
    offsets = [0]
    for count in counts:
        offsets.append(offsets[-1] + count)
    run = uuid.uuid4().hex[:12]
    futures = [client.submit(_scan_partition, request, source, text, offset, pure=False,
                             key=f"zoneproof-partition-{run}-{index}")
               for index, (text, offset) in enumerate(zip(texts, offsets))]
    results: list[ResourceResult] = []
    stats: list[ShardStat] = []
    for future in futures:
        records_json, stat = future.result()
        future.release()
        results.extend(ResourceResult.from_dict(r) for r in json.loads(records_json))
        stats.append(stat)
    for text in texts:
        text.release()
    return _finish(results, stats, baseline)


def _finish(results: list[ResourceResult], stats: list[ShardStat], baseline: Baseline | None) -> ScanResults:
    if baseline is None:
        return ScanResults(results, None, stats)
    compared = compare(results, baseline)
    return ScanResults(compared, compared.resolved, stats)


def _positive(name: str, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name}: expected a positive integer, got {value!r}")


def _as_bag(records: Any) -> Any:
    import dask.bag

    if isinstance(records, dask.bag.Bag):
        return records
    if hasattr(records, "to_bag") and hasattr(records, "columns"):
        return records.to_bag(index=False, format="dict")
    raise TypeError(f"records: expected a dask Bag or DataFrame, got {type(records).__name__}")


# -- on the workers -------------------------------------------------------


def _worker_name() -> str:
    try:
        from distributed import get_worker

        return str(get_worker().address)
    except ValueError:
        return "local"


def _scan_shard(request: _zoneproof.ScanRequest, shard: str) -> tuple[str, ShardStat]:
    started = time.perf_counter()
    records = _zoneproof.scan_shard(request, shard)
    return records, ShardStat(_worker_name(), _count_array(records), time.perf_counter() - started)


def _scan_partition(request: _zoneproof.ScanRequest, source: str, text: list[str], first_index: int) -> tuple[str, ShardStat]:
    started = time.perf_counter()
    records = _zoneproof.scan_lines(request, source, text[0], first_index)
    return records, ShardStat(_worker_name(), _count_array(records), time.perf_counter() - started)


def _count_array(records_json: str) -> int:
    # Each record is one object at the top level of the array.
    return len(json.loads(records_json))


def _count_records(text: list[str]) -> int:
    return _zoneproof.count_records(text[0])


def _partition_text(partition: Iterable[Any]) -> list[str]:
    """A partition as JSON Lines text: dicts are encoded on one line, text
    lines are kept as they are."""
    lines = []
    for item in partition:
        if isinstance(item, str):
            lines.append(item[:-1] if item.endswith("\n") else item)
        elif isinstance(item, Mapping):
            lines.append(json.dumps({k: v for k, v in item.items() if not _missing(v)},
                                    default=_plain, allow_nan=False))
        else:
            raise TypeError(f"records: expected dicts or JSON text lines, got {type(item).__name__}")
    return ["".join(line + "\n" for line in lines)]


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _plain(value: Any) -> Any:
    """NumPy scalars and arrays (data frame cells) as plain JSON values."""
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, Mapping):
        return dict(value)
    raise TypeError(f"`{type(value).__name__}` is not JSON")
