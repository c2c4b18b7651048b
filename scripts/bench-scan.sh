#!/usr/bin/env bash
# `make bench` (estate part): generate a synthetic estate of 10,000 resources
# and scan it with one and with two jobs, printing wall time and peak memory.
#
# Each scan prints its own `--stats` line (wall time, and peak resident
# memory from /proc/self/status VmHWM). When GNU time is installed, its
# "Maximum resident set size" and "Elapsed" are shown as well.
set -euo pipefail
cd "$(dirname "$0")/.."
zp=${ZONEPROOF:-./target/release/zoneproof}
bench=${ZONEPROOF_BENCH:-./target/release/zoneproof-bench}
resources=${RESOURCES:-10000}
seed=${SEED:-1}
out=target/bench
mkdir -p "$out"
estate="$out/estate-$resources-$seed.jsonl"

"$bench" gen --resources "$resources" --seed "$seed" --out "$estate"
echo "estate: $estate ($resources resources, seed $seed, $(du -h "$estate" | cut -f1))"

# The estate's organization and its member accounts (see dev/src/command/estate.rs).
zone=(--org o-a1b2c3d4e5
      --org-account 111122223333 --org-account 222233334444 --org-account 333344445555
      --org-account 555566667777 --org-account 666677778888 --org-account 888899990000)

for jobs in 1 2; do
    echo
    echo "\$ zoneproof scan $estate ${zone[*]} --jobs $jobs --format jsonl --stats > $out/scan-jobs$jobs.jsonl"
    status=0
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f "GNU time: elapsed %e s, CPU %U s user + %S s system, max RSS %M KiB" \
            "$zp" scan "$estate" "${zone[@]}" --jobs "$jobs" --format jsonl --stats --no-progress \
            > "$out/scan-jobs$jobs.jsonl" 2> "$out/scan-jobs$jobs.err" || status=$?
    else
        "$zp" scan "$estate" "${zone[@]}" --jobs "$jobs" --format jsonl --stats --no-progress \
            > "$out/scan-jobs$jobs.jsonl" 2> "$out/scan-jobs$jobs.err" || status=$?
    fi
    grep -E "^(zoneproof scan stats|GNU time)" "$out/scan-jobs$jobs.err" || true
    echo "exit code $status (2: active findings; 1: some resource errored or is unknown)"
    # Exit codes 0 and 2 are results; anything else is a failed benchmark.
    [ "$status" -le 2 ] || { cat "$out/scan-jobs$jobs.err"; exit "$status"; }
done
