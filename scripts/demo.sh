#!/usr/bin/env bash
# `make demo`: analyse the bundled example policies and print the findings.
# Exit codes of each analysis (0 none, 2 findings) are expected and shown.
set -uo pipefail
cd "$(dirname "$0")/.."
zp=${ZONEPROOF:-./target/release/zoneproof}

run() {
    echo
    echo "\$ zoneproof analyze $*"
    "$zp" analyze "$@"
    echo "(exit code $?)"
}

run examples/public-bucket.json --resource-type AWS::S3::Bucket \
    --resource-arn arn:aws:s3:::example-website --account 111122223333
run examples/public-bucket.json --resource-type AWS::S3::Bucket \
    --resource-arn arn:aws:s3:::example-website --account 111122223333 \
    --archive-rules examples/archive-rules.json
run examples/org-only-bucket.json --resource-type AWS::S3::Bucket \
    --resource-arn arn:aws:s3:::example-data --account 111122223333 --org o-a1b2c3d4e5
run examples/github-oidc-role.json --resource-type AWS::IAM::Role \
    --resource-arn arn:aws:iam::111122223333:role/deploy
run examples/sns-topic-confused-deputy.json --resource-type AWS::SNS::Topic \
    --resource-arn arn:aws:sns:us-east-1:111122223333:uploads
run examples/kms-key.json --resource-type AWS::KMS::Key \
    --resource-arn arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab

authorize() {
    echo
    echo "\$ zoneproof authorize $* examples/authorize"
    "$zp" authorize "$@" examples/authorize
    echo "(exit code $?)"
}

# The whole IAM decision over two accounts, an organization and resources.
authorize --principal arn:aws:iam::111122223333:role/service/etl --action s3:PutObject \
    --resource arn:aws:s3:::example-reports/q1.csv --context aws:SecureTransport=true
authorize --principal arn:aws:iam::444455556666:user/partner --action s3:GetObject \
    --resource arn:aws:s3:::example-reports/shared/a.csv
exit 0
