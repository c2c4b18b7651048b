#!/usr/bin/env bash
# CloudTrail benchmark: writes a synthetic trail of 1,250,000 events (about
# 1,000,000 of them the DataPipeline role's) with `zoneproof-bench
# gen-trail`, measures reading and mapping with `zoneproof-bench trail`
# (wall and CPU time, events per second), then times `zoneproof generate`
# for the role (two passes: gather, then prove every event).
set -euo pipefail
ZONEPROOF=${ZONEPROOF:-target/release/zoneproof}
BENCH=${ZONEPROOF_BENCH:-target/release/zoneproof-bench}
DIR=${TRAIL_DIR:-${CARGO_TARGET_DIR:-target}/bench-trail}
EVENTS=${EVENTS:-1250000}
if [ ! -f "$DIR/authz-details.json" ]; then
    rm -rf "$DIR"
    "$BENCH" gen-trail --out "$DIR" --events "$EVENTS" --seed 1
fi
"$BENCH" trail "$DIR/AWSLogs" --runs 3
echo "generate for arn:aws:iam::111122223333:role/DataPipeline:"
start=$(date +%s.%N)
/usr/bin/env time -f "  wall %e s, CPU %U s user + %S s system, max RSS %M KiB" \
    "$ZONEPROOF" generate --cloudtrail "$DIR/AWSLogs" \
    --principal arn:aws:iam::111122223333:role/DataPipeline \
    --authz-details "$DIR/authz-details.json" --format json > "$DIR/generate.json"
end=$(date +%s.%N)
python3 - "$DIR/generate.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
events = report["events"]
proof = report["proof"]["eventsAllowed"]
print(f"  {events['inWindow']} events of the role, {len(report['actions'])} actions, "
      f"{len(report['policy']['Statement'])} statements; proof {proof['status']} over {proof['requests']} requests")
PY
