"""Scan results compared with a baseline, as `zoneproof scan --baseline`
compares them: findings are matched by `id` (a stable hash of resource,
type, principal and condition); present in both is `UNCHANGED`, only now is
`NEW`, only in the baseline is resolved, except findings of resources that
are `error` or `unknown` this time, which are not declared resolved.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, overload

from . import _zoneproof
from ._model import Finding, ResourceResult

__all__ = ["Baseline", "ScanResults", "ShardStat", "compare"]

Baseline = str | os.PathLike[str] | Iterable[ResourceResult | Finding]
"""A baseline: the path of an earlier `zoneproof scan --format json` (or
`jsonl`) output, an `analyze --format json` result or a JSON list of
findings; or the results or findings themselves."""


@dataclass(frozen=True, slots=True)
class ShardStat:
    """How long one shard of a distributed scan took on its worker."""

    worker: str
    """The worker's address."""
    resources: int
    """Resource records in the shard."""
    seconds: float
    """Wall time of the shard's scan on the worker."""


class ScanResults(Sequence[ResourceResult]):
    """Resource results in input order (a read-only sequence), with the
    baseline's resolved findings when the scan was compared with one."""

    __slots__ = ("_results", "resolved", "shards")

    def __init__(self, results: Iterable[ResourceResult], resolved: Iterable[Finding] | None = None,
                 shards: Iterable[ShardStat] = ()) -> None:
        self._results: tuple[ResourceResult, ...] = tuple(results)
        self.resolved: tuple[Finding, ...] | None = None if resolved is None else tuple(resolved)
        """The baseline's findings that are gone (None: not compared)."""
        self.shards: tuple[ShardStat, ...] = tuple(shards)
        """Per-shard timings of a distributed scan (empty for others)."""

    @overload
    def __getitem__(self, index: int) -> ResourceResult: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[ResourceResult]: ...

    def __getitem__(self, index: int | slice) -> ResourceResult | Sequence[ResourceResult]:
        return self._results[index]

    def __len__(self) -> int:
        return len(self._results)

    def __iter__(self) -> Iterator[ResourceResult]:
        return iter(self._results)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ScanResults):
            return self._results == other._results and self.resolved == other.resolved
        if isinstance(other, (list, tuple)):
            return self.resolved is None and list(self._results) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        resolved = "" if self.resolved is None else f", {len(self.resolved)} resolved"
        return f"<ScanResults: {len(self._results)} resources{resolved}>"

    def to_json(self) -> list[dict[str, Any]] | dict[str, Any]:
        """The document `zoneproof scan --format json` prints: the list of
        records, or `{"results", "resolved"}` when compared with a baseline
        (`zoneproof report` reads either)."""
        records = [r.to_dict() for r in self._results]
        if self.resolved is None:
            return records
        return {"results": records, "resolved": [f.to_dict() for f in self.resolved]}


def compare(results: Iterable[ResourceResult], baseline: Baseline) -> ScanResults:
    """Marks each finding `NEW` or `UNCHANGED` against the baseline and
    lists the baseline's findings that are resolved. A baseline file that
    is missing raises `FileNotFoundError`, one that cannot be read
    `OSError`, one that is not a baseline `ValueError`."""
    before = load_baseline(baseline)
    known = {f.id for f in before}
    marked: list[ResourceResult] = []
    seen: set[str] = set()
    undecided: set[str] = set()
    for result in results:
        findings = tuple(replace(f, change="UNCHANGED" if f.id in known else "NEW") for f in result.findings)
        marked.append(replace(result, findings=findings))
        seen.update(f.id for f in result.findings)
        if result.status != "analyzed":
            undecided.add(result.resource)
    resolved = [f for f in before if f.id not in seen and f.resource not in undecided]
    return ScanResults(marked, resolved)


def load_baseline(baseline: Baseline) -> list[Finding]:
    """The baseline's findings, each id once, in order (without `change`)."""
    if isinstance(baseline, (str, os.PathLike)):
        return _unique(_findings_of_file(Path(baseline)))
    found: list[Finding] = []
    for item in baseline:
        if isinstance(item, ResourceResult):
            found.extend(item.findings)
        elif isinstance(item, Finding):
            found.append(item)
        else:
            raise TypeError(f"baseline: expected ResourceResult or Finding objects, got {type(item).__name__}")
    return _unique(found)


def _unique(findings: Iterable[Finding]) -> list[Finding]:
    out: dict[str, Finding] = {}
    for finding in findings:
        out.setdefault(finding.id, replace(finding, change=None))
    return list(out.values())


def _findings_of_file(path: Path) -> list[Finding]:
    """The findings of a baseline file, read by the library's baseline reader
    (the one `zoneproof scan --baseline` uses)."""
    return [Finding.from_dict(f) for f in json.loads(_zoneproof.baseline_findings(str(path)))]
