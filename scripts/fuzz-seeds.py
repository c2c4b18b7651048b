#!/usr/bin/env python3
"""Seed corpora for the cargo-fuzz targets, from corpus/ and examples/.

policy_parser and analysis get each case's policy (for analysis, prefixed
with the byte that picks the resource type); input_readers gets whole
files (prefixed with the byte that picks the file name the reader sees)
and each case wrapped as a one-record inventory.
"""
import json
import pathlib
import sys

TYPES = {"AWS::S3::Bucket": 0, "AWS::SQS::Queue": 1, "AWS::KMS::Key": 2, "AWS::IAM::Role": 3}
NAMES = {".json": 0, ".jsonl": 1, ".yaml": 2, ".yml": 2, ".template": 3}


def main(root: pathlib.Path, out: pathlib.Path) -> None:
    for target in ("policy_parser", "input_readers", "analysis"):
        (out / target).mkdir(parents=True, exist_ok=True)
    count = 0
    files = sorted(root.glob("corpus/**/*.json")) + sorted(root.glob("examples/**/*"))
    for path in files:
        if not path.is_file() or path.suffix not in NAMES:
            continue
        raw = path.read_bytes()
        name = f"{count:05}"
        count += 1
        (out / "input_readers" / name).write_bytes(bytes([NAMES[path.suffix]]) + raw)
        try:
            case = json.loads(raw)
        except ValueError:
            continue
        if not isinstance(case, dict) or "policy" not in case:
            continue
        policy = case["policy"]
        text = policy if isinstance(policy, str) else json.dumps(policy)
        (out / "policy_parser" / name).write_text(text)
        kind = TYPES.get(case.get("resourceType"), 0)
        (out / "analysis" / name).write_bytes(bytes([kind]) + text.encode())
        record = {"arn": case.get("resourceArn", ""), "resourceType": case.get("resourceType", ""),
                  "policy": policy}
        (out / "input_readers" / (name + "i")).write_bytes(bytes([1]) + json.dumps(record).encode())


if __name__ == "__main__":
    main(pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]))
