"""Fixtures of the browser tests: the `zoneproof` binary and a scanned estate."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))

# The zone of the generated estates (scripts/bench-scan.sh).
ESTATE_ZONE = ["--org", "o-a1b2c3d4e5",
               "--org-account", "111122223333", "--org-account", "222233334444",
               "--org-account", "333344445555", "--org-account", "555566667777",
               "--org-account", "666677778888", "--org-account", "888899990000"]


@pytest.fixture(scope="session")
def zoneproof_bin() -> Path:
    """$ZONEPROOF_BIN (what `make test` sets), else the workspace's debug build."""
    given = os.environ.get("ZONEPROOF_BIN")
    path = Path(given) if given else Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target")) / "debug/zoneproof"
    if not path.exists():
        pytest.fail(f"no zoneproof binary at {path}: run `cargo build` or set ZONEPROOF_BIN")
    return path


@pytest.fixture(scope="session")
def bench_bin(zoneproof_bin: Path) -> Path:
    """$ZONEPROOF_BENCH_BIN (what `make test` sets), else `zoneproof-bench`
    beside the `zoneproof` binary (the estate generator)."""
    given = os.environ.get("ZONEPROOF_BENCH_BIN")
    path = Path(given) if given else zoneproof_bin.with_name("zoneproof-bench")
    if not path.exists():
        pytest.fail(f"no zoneproof-bench at {path}: run `cargo build -p zoneproof-dev` or set ZONEPROOF_BENCH_BIN")
    return path


def run(binary: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(binary), *args], capture_output=True, text=True, check=False, cwd=ROOT)


@pytest.fixture(scope="session")
def estate_scan(zoneproof_bin: Path, bench_bin: Path, tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    """`scan --format json` of a 400-resource generated estate."""
    work = tmp_path_factory.mktemp("estate")
    estate = work / "estate.jsonl"
    done = run(bench_bin, "gen", "--resources", "400", "--seed", "3", "--out", str(estate))
    assert done.returncode == 0, done.stderr
    done = run(zoneproof_bin, "scan", str(estate), *ESTATE_ZONE, "--format", "json", "--no-progress")
    assert done.returncode == 2, done.stderr  # findings, no errors
    records: list[dict[str, Any]] = json.loads(done.stdout)
    return records
