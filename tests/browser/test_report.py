"""`zoneproof report` in a real browser: Debian's headless Chromium opens the
HTML file (offline, over the DevTools pipe), and the test reads the DOM,
types a filter, clicks graph nodes, table headers and findings, and takes a
screenshot."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cdp import Browser
from conftest import run

EVIL = "</script><script>window.pwned=1</script><img src=x onerror=\"window.pwned=2\">"


@pytest.fixture()
def browser() -> Iterator[Browser]:
    with Browser() as b:
        yield b


def write_report(binary: Path, work: Path, records: Any, *extra: str) -> Path:
    scan = work / "scan.json"
    scan.write_text(json.dumps(records))
    html = work / "report.html"
    done = run(binary, "report", str(scan), "-o", str(html), *extra)
    assert done.returncode == 0, done.stderr
    return html


def findings(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [f for r in records for f in r["findings"]]


def count(b: Browser, key: str) -> int:
    text = b.evaluate(f"document.querySelector('[data-count={key}] .num').textContent")
    return int(text.replace(",", ""))


def matching(b: Browser) -> int:
    return int(b.evaluate("document.getElementById('shown-count').dataset.matching"))


def open_report(b: Browser, html: Path) -> None:
    b.open(html)
    assert b.evaluate("document.body.dataset.ready") == "true", b.problems()


def test_counts_filters_clicks_and_screenshot(browser: Browser, zoneproof_bin: Path,
                                              estate_scan: list[dict[str, Any]], tmp_path: Path) -> None:
    all_findings = findings(estate_scan)
    public = [f for f in all_findings if f["isPublic"]]
    via_service = [f for f in all_findings if f["findingType"] == "ExternalAccessViaService"]
    assert public and via_service, "the estate has public and service findings"
    html = write_report(zoneproof_bin, tmp_path, estate_scan)
    open_report(browser, html)

    # Summary counts.
    assert count(browser, "resources") == len(estate_scan)
    assert count(browser, "active") == sum(f["status"] == "ACTIVE" for f in all_findings)
    assert count(browser, "public") == sum(f["isPublic"] and f["status"] == "ACTIVE" for f in all_findings)
    assert count(browser, "archived") == sum(f["status"] == "ARCHIVED" for f in all_findings)
    assert matching(browser) == len(all_findings)
    assert browser.evaluate("document.querySelectorAll('#findings-table tbody tr').length") == 50
    # Public findings come first.
    classes = browser.evaluate("document.querySelector('#findings-table tbody tr').className").split()
    assert {"is-public", "selected"} <= set(classes)

    # Filters: a finding id typed in, then the public and finding-type selects.
    target = all_findings[len(all_findings) // 2]
    browser.type_text("#filter-text", target["id"])
    assert matching(browser) == 1
    browser.evaluate("(() => { const i = document.getElementById('filter-text'); i.value = '';"
                     " i.dispatchEvent(new Event('input')); })()")
    assert matching(browser) == len(all_findings)
    select = ("(() => {{ const s = document.getElementById('{id}'); s.value = '{value}';"
              " s.dispatchEvent(new Event('change')); }})()")
    browser.evaluate(select.format(id="filter-type", value="ExternalAccessViaService"))
    assert matching(browser) == len(via_service)
    browser.evaluate(select.format(id="filter-type", value=""))

    # The graph: clicking the public node keeps the public findings.
    browser.click("#graph-svg .graph-node[data-side=left]")
    assert matching(browser) == len(public)
    assert "Everyone (public)" in browser.evaluate("document.getElementById('node-filter').textContent")
    browser.click("#node-filter button")
    assert matching(browser) == len(all_findings)

    # Sorting by resource, then paging.
    browser.click("th[data-sort=resource]")
    first_resource = browser.evaluate(
        "document.querySelector('#findings-table tbody tr td:nth-child(4)').title")
    assert first_resource == min(f["resource"] for f in all_findings)
    browser.click("#page-next")
    assert browser.evaluate("document.getElementById('shown-count').textContent").startswith("Showing 51\u2013100 of")

    # A click on a finding shows its details and its archive rule.
    row_id = browser.evaluate("document.querySelectorAll('#findings-table tbody tr')[3].dataset.findingId")
    browser.click(f"#findings-table tbody tr[data-finding-id='{row_id}']")
    assert browser.evaluate("document.getElementById('detail').dataset.findingId") == row_id
    clicked = next(f for f in all_findings if f["id"] == row_id)
    assert browser.evaluate("document.getElementById('detail-fix').textContent") == clicked["remediation"]
    assert browser.evaluate("document.getElementById('detail-resource').textContent") == clicked["resource"]
    rule = json.loads(browser.evaluate("document.getElementById('detail-rule').textContent"))[0]
    assert rule["filter"]["resource"] == {"eq": [clicked["resource"]]}
    kind, value = next(iter(clicked["principal"].items()))
    assert rule["filter"][f"principal.{kind}"] == {"eq": [value]}

    shot = tmp_path / "report.png"
    browser.screenshot(shot, 1400, 1800)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 50_000
    assert browser.problems() == []


def test_a_baseline_marks_new_unchanged_and_resolved(browser: Browser, zoneproof_bin: Path,
                                                     estate_scan: list[dict[str, Any]], tmp_path: Path) -> None:
    now, before = estate_scan[:300], estate_scan[100:]
    (tmp_path / "base").mkdir()
    baseline = tmp_path / "base" / "baseline.json"
    baseline.write_text(json.dumps(before))
    html = write_report(zoneproof_bin, tmp_path, now, "--baseline", str(baseline))
    open_report(browser, html)
    new = findings(estate_scan[:100])
    unchanged = findings(estate_scan[100:300])
    resolved = findings(estate_scan[300:])
    assert count(browser, "new") == len(new)
    assert count(browser, "unchanged") == len(unchanged)
    assert count(browser, "resolved") == len(resolved)
    browser.evaluate("(() => { const s = document.getElementById('filter-change'); s.value = 'RESOLVED';"
                     " s.dispatchEvent(new Event('change')); })()")
    assert matching(browser) == len(resolved)
    assert browser.problems() == []


def hostile_scan() -> list[dict[str, Any]]:
    arn = f"arn:aws:s3:::{EVIL}"
    return [{
        "resource": arn, "resourceType": "AWS::S3::Bucket", "status": "analyzed",
        "findings": [{
            "id": "0000abcd-0000-0001", "findingType": "ExternalAccess", "resource": arn,
            "resourceType": "AWS::S3::Bucket", "resourceOwnerAccount": "111122223333",
            "principal": {"AWS": f"arn:aws:iam::444455556666:role/{EVIL}"},
            "action": [f"s3:{EVIL}"], "condition": {"aws:SourceVpce": EVIL, EVIL: [EVIL]},
            "isPublic": False, "status": "ACTIVE", "archivedBy": EVIL,
            "sources": [{"type": "POLICY", "statements": [{"index": 0, "sid": EVIL}]}],
            "witness": {"principal": EVIL, "action": EVIL, "resource": arn, "context": {EVIL: EVIL}},
            "remediation": EVIL,
        }],
        "proof": {"complete": True, "solverChecks": 1, "micros": 1},
        "origin": {"file": f"{EVIL}.json", "pointer": "/0/policy", "line": 1, "format": "inventory"},
    }, {
        "resource": EVIL, "resourceType": EVIL, "status": "error", "findings": [],
        "error": EVIL, "proof": {"complete": False, "solverChecks": 0, "micros": 0},
    }]


def test_hostile_input_is_text_and_nothing_is_fetched(browser: Browser, zoneproof_bin: Path,
                                                      tmp_path: Path) -> None:
    html = write_report(zoneproof_bin, tmp_path, hostile_scan(), "--title", EVIL)
    browser.open(html)
    # Every request the page made: only the file itself.
    requests = [e["params"]["request"]["url"] for e in browser.events
                if e["method"] == "Network.requestWillBeSent"]
    assert requests == [html.resolve().as_uri()]
    assert browser.evaluate("document.body.dataset.ready") == "true", browser.problems()
    assert browser.evaluate("typeof window.pwned") == "undefined"
    assert browser.evaluate("document.querySelectorAll('img').length") == 0
    assert browser.evaluate("document.scripts.length") == 2
    assert browser.evaluate("document.title") == EVIL
    # The hostile strings are shown, as text, where they belong.
    assert browser.evaluate("document.getElementById('detail-fix').textContent") == EVIL
    detail = browser.evaluate("document.getElementById('detail').textContent")
    assert f"Sid {EVIL} (statement #0)" in detail
    assert browser.evaluate("document.querySelector('#problems tbody td:nth-child(4)').textContent") == EVIL
    assert browser.problems() == []
