#!/usr/bin/env python3
"""The largest legal resource policies per type, analysed.

Usage: largest-policies.py BINARY DIR

For each resource type, writes into DIR the largest policy AWS's size quota
allows of four shapes (a statement listing accounts in `Principal`, one
listing `aws:PrincipalAccount` values, one listing `aws:SourceIp` CIDRs,
and one statement per partner), analyses each with `BINARY analyze`, and
prints one line per policy: status, findings, solver checks, wall time and
peak memory (from /usr/bin/time). See docs/reliability.md.
"""

import json
import subprocess
import sys
import time
from pathlib import Path

OWNER = "111122223333"

# type: (resource ARN, quota in bytes, action, Resource element or None)
TYPES = {
    "AWS::S3::Bucket": ("arn:aws:s3:::bucket", 20480, "s3:GetObject", "arn:aws:s3:::bucket/*"),
    "AWS::KMS::Key": (f"arn:aws:kms:us-east-1:{OWNER}:key/1234abcd-12ab-34cd-56ef-1234567890ab", 32768, "kms:Decrypt", "*"),
    "AWS::SNS::Topic": (f"arn:aws:sns:us-east-1:{OWNER}:topic", 30720, "sns:Publish", f"arn:aws:sns:us-east-1:{OWNER}:topic"),
    "AWS::SQS::Queue": (f"arn:aws:sqs:us-east-1:{OWNER}:queue", 8192, "sqs:SendMessage", f"arn:aws:sqs:us-east-1:{OWNER}:queue"),
    "AWS::Lambda::Function": (f"arn:aws:lambda:us-east-1:{OWNER}:function:f", 20480, "lambda:InvokeFunction", f"arn:aws:lambda:us-east-1:{OWNER}:function:f"),
    "AWS::SecretsManager::Secret": (f"arn:aws:secretsmanager:us-east-1:{OWNER}:secret:s-AbCdEf", 20480, "secretsmanager:GetSecretValue", "*"),
    "AWS::ECR::Repository": (f"arn:aws:ecr:us-east-1:{OWNER}:repository/r", 10240, "ecr:BatchGetImage", "*"),
    "AWS::IAM::Role": (f"arn:aws:iam::{OWNER}:role/r", 4096, "sts:AssumeRole", None),
}


def account(i):
    return "%012d" % (200000000000 + i * 7919)


def shapes(action, resource):
    def statement(fields):
        if resource is not None:
            fields["Resource"] = resource
        return fields

    return {
        "principals": lambda n: [statement({"Sid": "Partners", "Effect": "Allow", "Principal": {"AWS": [account(i) for i in range(n)]}, "Action": action})],
        "statements": lambda n: [statement({"Sid": f"P{i}", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account(i)}:root"}, "Action": action}) for i in range(n)],
        "condition": lambda n: [statement({"Effect": "Allow", "Principal": "*", "Action": action, "Condition": {"StringEquals": {"aws:PrincipalAccount": [account(i) for i in range(n)]}}})],
        "sourceip": lambda n: [statement({"Effect": "Allow", "Principal": "*", "Action": action, "Condition": {"IpAddress": {"aws:SourceIp": [f"10.{i // 256}.{i % 256}.0/24" for i in range(n)]}}})],
    }


def document(statements):
    return {"Version": "2012-10-17", "Statement": statements}


def largest(make, quota):
    """The largest n whose compact policy fits the quota."""
    lo, hi = 1, 6000
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if len(json.dumps(document(make(mid)), separators=(",", ":"))) <= quota:
            lo = mid
        else:
            hi = mid - 1
    return lo


def analyse(binary, path, resource_type, arn):
    start = time.time()
    run = subprocess.run(
        ["/usr/bin/time", "-f", "%M", binary, "analyze", str(path), "--resource-type", resource_type,
         "--resource-arn", arn, "--account", OWNER, "--format", "json"],
        capture_output=True, text=True, check=False)
    wall = time.time() - start
    peak_kib = int(run.stderr.strip().splitlines()[-1])
    try:
        result = json.loads(run.stdout)
        return result["status"], len(result["findings"]), result["proof"]["solverChecks"], wall, peak_kib
    except (json.JSONDecodeError, KeyError):
        return "error", 0, 0, wall, peak_kib


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    binary, out = sys.argv[1], Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    for resource_type, (arn, quota, action, resource) in TYPES.items():
        for name, make in shapes(action, resource).items():
            n = largest(make, quota)
            path = out / f"{resource_type.split('::')[1].lower()}-{name}.json"
            path.write_text(json.dumps(document(make(n)), separators=(",", ":")))
            status, findings, checks, wall, peak = analyse(binary, path, resource_type, arn)
            print(f"{resource_type:28} {name:10} n={n:5} {status:9} findings={findings:5} "
                  f"checks={checks:5} {wall:6.2f} s {peak // 1024} MiB", flush=True)


if __name__ == "__main__":
    main()
