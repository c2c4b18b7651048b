"""Shared fixtures: the repository's corpus and the `zoneproof` CLI binary."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"


def load_case(relative: str) -> dict[str, Any]:
    """A corpus case (corpus/README.md, "Case format")."""
    case: dict[str, Any] = json.loads((CORPUS / relative).read_text())
    return case


def case_arguments(case: Mapping[str, Any]) -> dict[str, Any]:
    """The keyword arguments of `zoneproof.analyze` for a corpus case."""
    zone = case["zone"]
    kwargs: dict[str, Any] = {
        "account": zone["account"],
        "org": zone.get("org"),
        "org_accounts": zone.get("orgAccounts", ()),
        "trusted_accounts": zone.get("trustedAccounts", ()),
        "service_findings": case.get("serviceFindings", True),
    }
    for key, name in EXTRAS.items():
        if key in case:
            kwargs[name] = case[key]
    return kwargs


EXTRAS = {
    "acl": "acl",
    "blockPublicAccess": "block_public_access",
    "sharing": "sharing",
    "grants": "grants",
}


@pytest.fixture(scope="session")
def cli() -> Path:
    """The `zoneproof` binary: $ZONEPROOF_BIN (what `make test` sets), else
    the newest of the workspace's release and debug builds."""
    given = os.environ.get("ZONEPROOF_BIN")
    if given:
        return Path(given)
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    built = [p for p in (target / "release/zoneproof", target / "debug/zoneproof") if p.exists()]
    if built:
        return max(built, key=lambda p: p.stat().st_mtime)
    on_path = shutil.which("zoneproof")
    if on_path:
        return Path(on_path)
    pytest.fail("no zoneproof binary: run `cargo build` or set ZONEPROOF_BIN")


@pytest.fixture(scope="session")
def bench_cli(cli: Path) -> Path:
    """The development tool `zoneproof-bench` (its generators feed some
    tests): $ZONEPROOF_BENCH_BIN (what `make test` sets), else beside the
    `zoneproof` binary."""
    given = os.environ.get("ZONEPROOF_BENCH_BIN")
    path = Path(given) if given else cli.with_name("zoneproof-bench")
    if not path.exists():
        pytest.fail(f"no zoneproof-bench at {path}: run `cargo build -p zoneproof-dev` or set ZONEPROOF_BENCH_BIN")
    return path
