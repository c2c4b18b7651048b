#!/usr/bin/env bash
# `make demo`: run zoneproof over the bundled example policies.
set -euo pipefail
cd "$(dirname "$0")/.."
./target/release/zoneproof --help
