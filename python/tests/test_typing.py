"""The type information that ships with the package (`py.typed`, the
inline annotations and the native module's hand-written `.pyi`) passes
`mypy --strict` on the example script, and catches real mistakes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE_ROOT = Path(__file__).resolve().parents[1]


def mypy(*targets: str) -> subprocess.CompletedProcess[str]:
    pytest.importorskip("mypy")
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", *targets],
        cwd=PACKAGE_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_example_and_package_pass_mypy_strict() -> None:
    done = mypy("examples/findings_to_dataframe.py", "zoneproof")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Success" in done.stdout


def test_mypy_rejects_misuse(tmp_path: Path) -> None:
    """The stubs are precise, not `Any`: each line below is an error."""
    script = tmp_path / "misuse.py"
    script.write_text(
        "import zoneproof\n"
        "findings = zoneproof.analyze({}, 'AWS::S3::Bucket', backend='cvc5')\n"
        "count: int = findings[0].principal\n"
        "findings[0].is_public = False\n"
        "zoneproof.analyze({}, 'AWS::S3::Bucket', account=111122223333)\n"
        "error: zoneproof.PolicyError = zoneproof.AnalysisError(None)\n"
    )
    done = mypy(str(script))
    errors = [line for line in done.stdout.splitlines() if ": error:" in line]
    assert sorted({int(line.split(":")[1]) for line in errors}) == [2, 3, 4, 5, 6], done.stdout
