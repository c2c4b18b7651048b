//! The HTML report (`zoneproof report SCAN.json -o REPORT.html`): one
//! self-contained, offline page from the output of `zoneproof scan
//! --format json`.
//!
//! The page has a summary (resources, findings by type and status, public
//! access first), a graph of who reaches what (principals on one side,
//! resources on the other, public access marked), a filterable, sortable
//! findings table, and for each finding its principal, actions, condition,
//! granting statements, witness, fix and an archive rule that archives it.
//!
//! Reading the scan output is [`parse_scan_output`]; comparing it with a
//! baseline is the caller's (the CLI marks findings with the same code as
//! `scan --baseline`, then fills in [`ReportRecord::changes`] and
//! [`ScanOutput::resolved`]); [`render_html`] writes the page.
//!
//! # Example
//!
//! ```
//! use zoneproof_analyzer::report::{parse_scan_output, render_html, ReportOptions};
//!
//! let scan = r#"[{"resource": "arn:aws:s3:::b", "resourceType": "AWS::S3::Bucket",
//!   "status": "analyzed", "findings": [],
//!   "proof": {"complete": true, "solverChecks": 1, "micros": 5}}]"#;
//! let output = parse_scan_output(scan).unwrap();
//! let html = render_html(&output, &ReportOptions::default()).unwrap();
//! assert!(html.starts_with("<!DOCTYPE html>"));
//! ```

pub mod archive_rule;
pub mod graph;
mod html;
mod input;
mod page;
mod summary;

pub use html::{escape_html, script_safe_json};
pub use input::{parse_scan_output, Change, Origin, ReportInputError, ReportRecord, ScanOutput};
pub use summary::{ResourceTypeCounts, Summary, TypeCounts};

/// What the report says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportOptions {
    /// The page title.
    pub title: String,
    /// What was reported on, e.g. the scan file's name.
    pub source: String,
    /// The tool that wrote it, e.g. `zoneproof 0.1.0`.
    pub generator: String,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            title: "zoneproof report".to_string(),
            source: String::new(),
            generator: format!("zoneproof {}", env!("CARGO_PKG_VERSION")),
        }
    }
}

/// A report that could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The page data could not be serialised.
    #[error("cannot serialise the report data: {0}")]
    Serialise(#[from] serde_json::Error),
}

/// The report of a scan output as one HTML document.
pub fn render_html(output: &ScanOutput, options: &ReportOptions) -> Result<String, ReportError> {
    let page = page::Page::new(output, &options.title, &options.source, &options.generator);
    Ok(html::render_page(&page)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    /// A scan whose every input string is an attempt at markup or script.
    fn hostile_scan() -> String {
        let evil = "</script><script>window.pwned=1</script><img src=x onerror=alert(1)>";
        json!([{
            "resource": format!("arn:aws:s3:::{evil}"), "resourceType": "AWS::S3::Bucket",
            "status": "analyzed",
            "findings": [{
                "id": "1234abcd-0000-0001", "findingType": "ExternalAccess",
                "resource": format!("arn:aws:s3:::{evil}"), "resourceType": "AWS::S3::Bucket",
                "resourceOwnerAccount": "111122223333",
                "principal": {"AWS": format!("arn:aws:iam::444455556666:role/{evil}")},
                "action": ["s3:GetObject"], "condition": {"aws:SourceVpce": evil},
                "isPublic": false, "status": "ACTIVE",
                "sources": [{"type": "POLICY", "statements": [{"index": 0, "sid": evil}]}],
                "remediation": evil
            }],
            "proof": {"complete": true, "solverChecks": 2, "micros": 10},
            "origin": {"file": format!("{evil}.json"), "pointer": "/0/policy"}
        }])
        .to_string()
    }

    fn data_of(html: &str) -> Value {
        let start = html
            .find("id=\"zoneproof-data\">")
            .map(|i| i + "id=\"zoneproof-data\">".len())
            .unwrap();
        let end = start + html[start..].find("</script>").unwrap();
        serde_json::from_str(&html[start..end]).unwrap()
    }

    #[test]
    fn hostile_input_stays_data() {
        let output = parse_scan_output(&hostile_scan()).unwrap();
        let options = ReportOptions {
            title: "<b>title</b>".into(),
            ..ReportOptions::default()
        };
        let html = render_html(&output, &options).unwrap();
        // Exactly the page's own two script elements, the data and the code.
        assert_eq!(html.matches("<script").count(), 2, "{html}");
        assert_eq!(html.matches("</script>").count(), 2);
        assert!(!html.contains("<img"));
        assert!(html.contains("<title>&lt;b&gt;title&lt;/b&gt;</title>"));
        // The data decodes back to the input's text, unchanged.
        let data = data_of(&html);
        let finding = &data["findings"][0];
        assert_eq!(
            finding["sources"][0]["statements"][0]["sid"],
            "</script><script>window.pwned=1</script><img src=x onerror=alert(1)>"
        );
        assert_eq!(finding["archiveRuleMatches"], 1);
        assert!(html.contains("script-src 'sha256-"));
    }

    #[test]
    fn the_page_data_carries_summary_graph_and_rules() {
        let output = parse_scan_output(&hostile_scan()).unwrap();
        let data = data_of(&render_html(&output, &ReportOptions::default()).unwrap());
        assert_eq!(data["summary"]["resources"], 1);
        assert_eq!(data["summary"]["active"], 1);
        assert_eq!(data["graph"]["principals"][0]["label"], "444455556666");
        assert_eq!(data["graph"]["edges"][0]["findings"], 1);
        assert_eq!(data["findings"][0]["principalNode"], 0);
        let rule = &data["findings"][0]["archiveRule"];
        assert_eq!(
            rule["filter"]["principal.AWS"]["eq"][0],
            data["findings"][0]["principal"]["AWS"]
        );
    }
}
