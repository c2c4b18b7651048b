//! What the page shows, as the JSON its script reads: the summary, the
//! resources that could not be decided, every finding with its nodes in
//! the graph and its archive rule, and the graph.

use serde::Serialize;
use std::collections::HashMap;

use super::archive_rule::{archive_rule_for, rule_matches_among};
use super::graph::Graph;
use super::input::{Change, Origin, ScanOutput};
use super::summary::Summary;
use crate::archive::ArchiveRule;
use crate::finding::{Finding, ResultStatus};

/// The page's data.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Page<'a> {
    /// The report's title.
    pub title: &'a str,
    /// What was reported on (the scan file's name).
    pub source: &'a str,
    /// The tool and version that wrote the report.
    pub generator: &'a str,
    /// The counts.
    pub summary: Summary,
    /// Resources whose analysis failed or is undecided.
    pub problems: Vec<Problem<'a>>,
    /// Every finding, then the resolved ones.
    pub findings: Vec<Row<'a>>,
    /// Who reaches what.
    pub graph: Graph,
}

/// A resource that errored or is unknown.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Problem<'a> {
    /// The resource.
    pub resource: &'a str,
    /// Its type.
    pub resource_type: &'a str,
    /// `error` or `unknown`.
    pub status: ResultStatus,
    /// Why.
    pub error: Option<&'a str>,
    /// Where it came from.
    pub origin: Option<&'a Origin>,
}

/// One finding in the table.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Row<'a> {
    /// The finding, with its JSON field names.
    #[serde(flatten)]
    pub finding: &'a Finding,
    /// `NEW`, `UNCHANGED` or `RESOLVED` against a baseline.
    pub change: Option<&'static str>,
    /// Where its resource came from.
    pub origin: Option<&'a Origin>,
    /// The archive rule that archives it (none for resolved findings).
    pub archive_rule: Option<ArchiveRule>,
    /// How many findings of the report that rule archives (1: exactly this one).
    pub archive_rule_matches: usize,
    /// Its principal node in the graph (none for resolved findings).
    pub principal_node: Option<usize>,
    /// Its resource node in the graph (none for resolved findings).
    pub resource_node: Option<usize>,
}

impl<'a> Page<'a> {
    /// The page of a scan output.
    pub fn new(
        output: &'a ScanOutput,
        title: &'a str,
        source: &'a str,
        generator: &'a str,
    ) -> Self {
        let current: Vec<(&Finding, Option<Change>, Option<&Origin>)> = output
            .records
            .iter()
            .flat_map(|record| {
                record
                    .result
                    .findings
                    .iter()
                    .enumerate()
                    .map(move |(i, f)| (f, record.change(i), record.origin.as_ref()))
            })
            .collect();
        let findings: Vec<&Finding> = current.iter().map(|(f, _, _)| *f).collect();
        let graph = Graph::build(&findings);
        let by_resource = group_by_resource(&findings);
        let mut rows: Vec<Row<'a>> = current
            .iter()
            .enumerate()
            .map(|(index, (finding, change, origin))| {
                let siblings = by_resource
                    .get(finding.resource.as_str())
                    .map_or(&[][..], Vec::as_slice);
                let rule = archive_rule_for(finding, siblings);
                Row {
                    finding,
                    change: change.map(change_name),
                    origin: *origin,
                    archive_rule_matches: rule_matches_among(&rule, siblings),
                    archive_rule: Some(rule),
                    principal_node: graph.principal_of.get(index).copied(),
                    resource_node: graph.resource_of.get(index).copied(),
                }
            })
            .collect();
        rows.extend(output.resolved.iter().flatten().map(|finding| Row {
            finding,
            change: Some("RESOLVED"),
            origin: None,
            archive_rule: None,
            archive_rule_matches: 0,
            principal_node: None,
            resource_node: None,
        }));
        Page {
            title,
            source,
            generator,
            summary: Summary::of(output),
            problems: problems(output),
            findings: rows,
            graph,
        }
    }
}

fn group_by_resource<'f>(findings: &[&'f Finding]) -> HashMap<&'f str, Vec<&'f Finding>> {
    let mut groups: HashMap<&str, Vec<&Finding>> = HashMap::new();
    for finding in findings {
        groups
            .entry(finding.resource.as_str())
            .or_default()
            .push(finding);
    }
    groups
}

fn problems(output: &ScanOutput) -> Vec<Problem<'_>> {
    output
        .records
        .iter()
        .filter(|record| record.result.status != ResultStatus::Analyzed)
        .map(|record| Problem {
            resource: &record.result.resource,
            resource_type: &record.result.resource_type,
            status: record.result.status,
            error: record.result.error.as_deref(),
            origin: record.origin.as_ref(),
        })
        .collect()
}

fn change_name(change: Change) -> &'static str {
    match change {
        Change::New => "NEW",
        Change::Unchanged => "UNCHANGED",
    }
}
