"""Analyse the repository's example policies and load the findings into a
pandas DataFrame, one row per finding (pandas is needed by this example
only, not by zoneproof). Run from the repository root:

    pip install ./python pandas
    python python/examples/findings_to_dataframe.py
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd

import zoneproof

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

# (policy file, resource type, resource ARN) of the bundled examples.
RESOURCES = [
    ("public-bucket.json", "AWS::S3::Bucket", "arn:aws:s3:::example-website"),
    ("org-only-bucket.json", "AWS::S3::Bucket", "arn:aws:s3:::example-data"),
    ("github-oidc-role.json", "AWS::IAM::Role", "arn:aws:iam::111122223333:role/deploy"),
    ("sns-topic-confused-deputy.json", "AWS::SNS::Topic", "arn:aws:sns:us-east-1:111122223333:uploads"),
    ("kms-key.json", "AWS::KMS::Key",
     "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
]


def analyse(resource: tuple[str, str, str]) -> list[zoneproof.Finding]:
    """The findings of one example; the zone is the owner account and its organization."""
    policy_file, resource_type, arn = resource
    policy = json.loads((EXAMPLES / policy_file).read_text())
    archive_rules = json.loads((EXAMPLES / "archive-rules.json").read_text())
    return zoneproof.analyze(
        policy, resource_type, arn, account="111122223333", org="o-a1b2c3d4e5", archive_rules=archive_rules
    )


def row(finding: zoneproof.Finding) -> dict[str, object]:
    """One DataFrame row: the fields an analyst filters and groups on."""
    ((principal_type, principal),) = finding.principal.items()
    return {
        "resource": finding.resource,
        "resource_type": finding.resource_type,
        "finding_type": finding.finding_type,
        "principal_type": principal_type,
        "principal": principal,
        "is_public": finding.is_public,
        "status": finding.status,
        "actions": len(finding.action),
        "condition_keys": ", ".join(finding.condition),
        "statements": [s.sid or s.index for source in finding.sources for s in source.statements],
    }


def main() -> None:
    # The GIL is released while solving: threads analyse in parallel.
    with ThreadPoolExecutor() as pool:
        findings = [f for result in pool.map(analyse, RESOURCES) for f in result]
    frame = pd.DataFrame([row(f) for f in findings])
    print(frame.to_string(index=False))
    print()
    print(frame.groupby(["resource_type", "status"]).size())
    # Everything the CLI reports is there too: json_normalize flattens it
    # into columns such as `principal.AWS` and `condition.aws:SourceVpc`.
    full = pd.json_normalize([f.to_dict() for f in findings])
    print(full[["id", "status", "witness.principal"]].to_string(index=False))


if __name__ == "__main__":
    main()
