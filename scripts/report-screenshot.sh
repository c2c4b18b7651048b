#!/usr/bin/env bash
# The README's picture of the HTML report: scans the 10,000-resource
# generated estate (as scripts/bench-scan.sh does), writes its report and
# takes a screenshot of it in headless Chromium (docs/report-estate.png).
set -euo pipefail
cd "$(dirname "$0")/.."
zp=${ZONEPROOF:-./target/release/zoneproof}
bench=${ZONEPROOF_BENCH:-./target/release/zoneproof-bench}
python=${PYTHON:-python3}
out=target/bench
mkdir -p "$out"
estate="$out/estate-10000-1.jsonl"
[ -f "$estate" ] || "$bench" gen --resources 10000 --seed 1 --out "$estate"
zone=(--org o-a1b2c3d4e5
      --org-account 111122223333 --org-account 222233334444 --org-account 333344445555
      --org-account 555566667777 --org-account 666677778888 --org-account 888899990000)
status=0
"$zp" scan "$estate" "${zone[@]}" --format json --no-progress > "$out/scan-10000.json" || status=$?
[ "$status" -le 2 ] || exit "$status"
"$zp" report "$out/scan-10000.json" -o "$out/report-10000.html" \
    --title "zoneproof report: 10,000-resource generated estate"
echo "report: $out/report-10000.html ($(du -h "$out/report-10000.html" | cut -f1))"
"$python" - "$out/report-10000.html" docs/report-estate.png <<'PY'
import sys
from pathlib import Path
sys.path.insert(0, "tests/browser")
from cdp import Browser

with Browser() as browser:
    browser.open(Path(sys.argv[1]), width=1400, height=1000)
    assert browser.evaluate("document.body.dataset.ready") == "true", browser.problems()
    # Show a finding with a condition in the details pane.
    browser.evaluate("document.querySelectorAll('#findings-table tbody tr')[0].click()")
    browser.screenshot(Path(sys.argv[2]), 1400, 2050)
print(f"screenshot: {sys.argv[2]}")
PY
