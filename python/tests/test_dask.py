"""`zoneproof.dask` on a `distributed.LocalCluster`: sharded by file and by
record range (JSON Lines inventories cut into small shards), partitions of
bags and data frames, baselines; the results must be those of a local scan
(`zoneproof.scan`, and the CLI's `scan --baseline`), in input order."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("distributed", reason="make test installs dask and distributed")

import dask.bag as db  # noqa: E402
import dask.dataframe as dd  # noqa: E402
import pandas as pd  # noqa: E402
import zoneproof  # noqa: E402
import zoneproof.dask  # noqa: E402
from conftest import ROOT  # noqa: E402
from distributed import Client, LocalCluster  # noqa: E402

FIXTURES = ROOT / "analyzer/tests/fixtures/inputs"
ZONE = {"org": "o-a1b2c3d4e5",
        "org_accounts": ["111122223333", "222233334444", "333344445555",
                         "555566667777", "666677778888", "888899990000"]}


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      worker_dashboard_address=None) as cluster, Client(cluster) as c:
        yield c


def plain(results: Any) -> list[dict[str, Any]]:
    """Results as JSON without what depends on the solver's history on its
    thread: wall times and check counts, each finding's witness (one
    example request), and, on policies where several statements grant the
    same class, which statements are named (`sources`, `remediation`) and
    in which order the findings were found."""
    out = []
    for record in (r.to_dict() for r in results):
        record["proof"]["micros"] = record["proof"]["solverChecks"] = 0
        for finding in record["findings"]:
            for key in ("witness", "sources", "remediation"):
                finding.pop(key, None)
        record["findings"].sort(key=lambda f: f["id"])
        out.append(record)
    return out


@pytest.fixture(scope="module")
def estate(tmp_path_factory: pytest.TempPathFactory, bench_cli: Path) -> Path:
    """A directory: a 260-resource generated estate as JSON Lines with blank
    lines, a broken line and a BOM, a second copy under a sub-directory, the
    readers' fixtures (templates, plans, Config items, broken files)."""
    root = tmp_path_factory.mktemp("estate")
    generated = subprocess.run([str(bench_cli), "gen", "--resources", "260", "--seed", "5"],
                               capture_output=True, text=True, check=True).stdout.splitlines()
    lines = ["\ufeff" + generated[0], *generated[1:100], "", "{\"arn\": ", "   ", *generated[100:]]
    (root / "a-estate.jsonl").write_text("\n".join(lines) + "\n")
    (root / "b").mkdir()
    (root / "b" / "more.ndjson").write_text("\n".join(generated[:50]) + "\n")
    shutil.copytree(FIXTURES, root / "c-fixtures")
    return root


def test_sharded_scan_equals_a_local_scan(client: Client, estate: Path) -> None:
    local = zoneproof.scan(estate, jobs=2, **ZONE)
    assert len(local) > 300 and {"analyzed", "error"} <= {r.status for r in local}
    distributed = zoneproof.dask.scan(estate, client, records_per_shard=17, **ZONE)
    assert plain(distributed) == plain(local)
    # The JSON Lines files were cut into record ranges spread over both workers.
    assert len(distributed.shards) > 260 // 17
    assert len({s.worker for s in distributed.shards}) == 2
    assert sum(s.resources for s in distributed.shards) == len(local)


def test_files_named_one_by_one_keep_their_order(client: Client, estate: Path) -> None:
    paths = [estate / "b" / "more.ndjson", estate / "missing.json", estate / "a-estate.jsonl"]
    local = zoneproof.scan(paths, **ZONE)
    assert plain(zoneproof.dask.scan(paths, client, records_per_shard=40, **ZONE)) == plain(local)
    assert local[50].status == "error" and "missing.json" in (local[50].error or "")


def test_a_baseline_marks_findings_as_the_cli_does(client: Client, estate: Path, cli: Path,
                                                   tmp_path: Path) -> None:
    inventory = estate / "a-estate.jsonl"
    lines = inventory.read_text().splitlines()
    before = tmp_path / "before.jsonl"
    before.write_text("\n".join(lines[60:]) + "\n")
    now = tmp_path / "now.jsonl"
    now.write_text("\n".join(lines[:200]) + "\n")
    baseline = tmp_path / "baseline.json"
    zone_flags = ["--org", ZONE["org"]] + [a for acc in ZONE["org_accounts"] for a in ("--org-account", acc)]
    subprocess.run([str(cli), "scan", str(before), *zone_flags, "--format", "json", "--no-progress"],
                   stdout=baseline.open("w"), check=False)
    done = subprocess.run([str(cli), "scan", str(now), *zone_flags, "--baseline", str(baseline),
                           "--format", "json", "--no-progress"], capture_output=True, text=True, check=False)
    assert done.returncode in (1, 2), done.stderr
    expected = json.loads(done.stdout)

    results = zoneproof.dask.scan(now, client, baseline=baseline, records_per_shard=25, **ZONE)
    got = results.to_json()
    assert isinstance(got, dict)
    changes = [f["change"] for r in got["results"] for f in r["findings"]]
    assert {"NEW", "UNCHANGED"} <= set(changes)
    assert results.resolved
    assert plain(results) == plain([zoneproof.ResourceResult.from_dict(r) for r in expected["results"]])
    assert sorted(f.id for f in results.resolved) == sorted(f["id"] for f in expected["resolved"])
    # Earlier results work as a baseline too.
    again = zoneproof.dask.scan(now, client, baseline=results, **ZONE)
    assert {f.change for r in again for f in r.findings} == {"UNCHANGED"}
    assert again.resolved == ()


def records_file(estate: Path, tmp_path: Path, count: int) -> tuple[Path, list[dict[str, Any]]]:
    lines = [line.lstrip("\ufeff") for line in (estate / "a-estate.jsonl").read_text().splitlines()
             if line.strip() and line.strip() != "{\"arn\":"][:count]
    records = [json.loads(line) for line in lines]
    path = tmp_path / "records.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path, records


def test_records_of_a_bag_equal_a_scan_of_the_same_lines(client: Client, estate: Path, tmp_path: Path) -> None:
    path, records = records_file(estate, tmp_path, 150)
    records[7] = {"arn": "arn:aws:sqs:us-east-1:111122223333:q"}  # no resourceType: an error record
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    local = zoneproof.scan(path, **ZONE)
    bag = db.from_sequence(records, npartitions=6)
    got = zoneproof.dask.scan_records(bag, client, source=str(path), **ZONE)
    assert plain(got) == plain(local)
    assert got[7].status == "error" and got[7].origin is not None and got[7].origin.pointer == "/7"
    # Text lines, as dask.bag.read_text gives them.
    lines = db.read_text(str(path), blocksize=4_000)
    assert lines.npartitions > 3
    assert plain(zoneproof.dask.scan_records(lines, client, source=str(path), **ZONE)) == plain(local)


def test_records_of_a_data_frame(client: Client, estate: Path, tmp_path: Path) -> None:
    path, records = records_file(estate, tmp_path, 90)
    frame = pd.DataFrame([{"arn": r["arn"], "resourceType": r["resourceType"], "accountId": r.get("accountId"),
                           "policy": json.dumps(r["policy"]) if "policy" in r else None} for r in records])
    # Missing cells (None, NaN) are left out of a record.
    flat = [{k: v for k, v in row.items() if pd.notna(v)} for row in frame.to_dict(orient="records")]
    assert any("policy" not in row for row in flat) or any("accountId" not in row for row in flat)
    path.write_text("".join(json.dumps(r) + "\n" for r in flat))
    local = zoneproof.scan(path, **ZONE)
    got = zoneproof.dask.scan_records(dd.from_pandas(frame, npartitions=4), client, source=str(path), **ZONE)
    assert plain(got) == plain(local)


def test_bad_arguments_fail_before_anything_runs(client: Client, estate: Path) -> None:
    with pytest.raises(ValueError, match="invalid organization id"):
        zoneproof.dask.scan(estate, client, org="o-X")
    with pytest.raises(ValueError, match="records_per_shard"):
        zoneproof.dask.scan(estate, client, records_per_shard=0)
    with pytest.raises(TypeError, match="dask Bag or DataFrame"):
        zoneproof.dask.scan_records([{"arn": "x"}], client)
