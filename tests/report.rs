//! `zoneproof report`: the HTML page of a scan, with and without a baseline,
//! and one-line errors for what is not a scan output. (The page itself is
//! checked in a browser by tests/browser/.)
#![cfg(test)]

use crate::{zoneproof, Scratch};
use serde_json::Value;

const FIXTURES: &str = "analyzer/tests/fixtures/inputs";

/// `scan --format json` of the readers' fixtures (good and broken inputs).
fn scan_json(extra: &[&str]) -> String {
    let mut args = vec!["scan", "--no-progress", "--format", "json", FIXTURES];
    args.extend_from_slice(extra);
    let out = zoneproof(&args);
    assert!(matches!(out.status.code(), Some(1 | 2)), "{:?}", out.status);
    String::from_utf8(out.stdout).expect("utf-8")
}

/// The page's data block.
fn page_data(html: &str) -> Value {
    let marker = "id=\"zoneproof-data\">";
    let start = html.find(marker).expect("data block") + marker.len();
    let end = start + html[start..].find("</script>").expect("end of data");
    serde_json::from_str(&html[start..end]).expect("data is JSON")
}

fn report(scan: &Scratch, extra: &[&str]) -> (std::process::Output, Scratch) {
    let html = Scratch::new(&format!("report-{}.html", extra.len()), "");
    let mut args = vec!["report", scan.path(), "-o", html.path()];
    args.extend_from_slice(extra);
    (zoneproof(&args), html)
}

#[test]
fn a_scan_becomes_one_offline_page_with_every_finding() {
    let text = scan_json(&[]);
    let records: Vec<Value> = serde_json::from_str(&text).expect("scan JSON");
    let scan = Scratch::new("report-scan.json", &text);
    let (out, html) = report(&scan, &[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = std::fs::read_to_string(&html.0).expect("report written");
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("default-src 'none'"));
    assert!(!page.contains("src=\"http") && !page.contains("href=\"http"));
    let data = page_data(&page);
    let findings: usize = records
        .iter()
        .map(|r| r["findings"].as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(data["findings"].as_array().map(Vec::len), Some(findings));
    assert_eq!(data["summary"]["resources"], records.len());
    let problems = records.iter().filter(|r| r["status"] != "analyzed").count();
    assert!(problems > 0, "the fixtures hold broken inputs");
    assert_eq!(data["problems"].as_array().map(Vec::len), Some(problems));
    assert!(data["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .all(|f| f["archiveRule"]["filter"]["resource"]["eq"][0] == f["resource"]));
}

#[test]
fn a_baseline_is_matched_as_scan_does_it() {
    let now = scan_json(&[]);
    let scan = Scratch::new("report-now.json", &now);
    // The baseline: the same scan less its first finding, plus one finding
    // that is gone.
    let mut before: Vec<Value> = serde_json::from_str(&now).expect("scan JSON");
    let with_findings = before
        .iter()
        .position(|r| r["findings"].as_array().is_some_and(|f| !f.is_empty()))
        .expect("a finding");
    let mut gone = before[with_findings]["findings"][0].clone();
    before[with_findings]["findings"]
        .as_array_mut()
        .expect("findings")
        .remove(0);
    gone["id"] = "0000dead-beef-0000".into();
    before[with_findings]["findings"]
        .as_array_mut()
        .expect("findings")
        .push(gone);
    let baseline = Scratch::new(
        "report-before.json",
        &serde_json::to_string(&before).expect("json"),
    );
    let (out, html) = report(&scan, &["--baseline", baseline.path()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let data = page_data(&std::fs::read_to_string(&html.0).expect("report"));
    assert_eq!(data["summary"]["new"], 1);
    assert_eq!(data["summary"]["resolved"], 1);
    let resolved: Vec<&Value> = data["findings"]
        .as_array()
        .expect("rows")
        .iter()
        .filter(|f| f["change"] == "RESOLVED")
        .collect();
    assert_eq!(resolved.len(), 1);
    assert_eq!(resolved[0]["id"], "0000dead-beef-0000");
}

#[test]
fn what_is_not_a_scan_is_one_line_naming_the_file_and_place() {
    let sarif = Scratch::new("report-sarif.json", "{\"runs\": []}");
    let (out, _) = report(&sarif, &[]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("report-sarif.json") && stderr.contains("SARIF"),
        "{stderr}"
    );
    let bad = Scratch::new("report-bad.json", "[{\"findings\": [{\"id\": 1}]}]");
    let (out, _) = report(&bad, &[]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("report-bad.json") && stderr.contains("/0"),
        "{stderr}"
    );
}
