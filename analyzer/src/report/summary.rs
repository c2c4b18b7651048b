//! The report's counts: resources by status and type, findings by type,
//! status, publicity and change.

use serde::Serialize;
use std::collections::BTreeMap;

use super::input::{Change, ScanOutput};
use crate::finding::{FindingStatus, FindingType, ResultStatus};

/// The counts at the top of the report.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// Resources scanned.
    pub resources: usize,
    /// Resources whose analysis is complete.
    pub analyzed: usize,
    /// Resources that could not be analysed.
    pub errors: usize,
    /// Resources the solver could not decide (findings may be missing).
    pub unknown: usize,
    /// Findings (not counting resolved ones).
    pub findings: usize,
    /// ACTIVE findings.
    pub active: usize,
    /// ARCHIVED findings.
    pub archived: usize,
    /// Public findings (ACTIVE or not).
    pub public: usize,
    /// ACTIVE public findings.
    pub public_active: usize,
    /// Resources with at least one public finding.
    pub public_resources: usize,
    /// Resources with at least one finding.
    pub exposed_resources: usize,
    /// Whether the scan was compared with a baseline.
    pub compared: bool,
    /// NEW findings.
    pub new: usize,
    /// UNCHANGED findings.
    pub unchanged: usize,
    /// RESOLVED findings.
    pub resolved: usize,
    /// Findings by finding type, public ones counted apart.
    pub by_finding_type: Vec<TypeCounts>,
    /// Resources and findings by resource type.
    pub by_resource_type: Vec<ResourceTypeCounts>,
}

/// Findings of one finding type.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TypeCounts {
    /// `ExternalAccess` or `ExternalAccessViaService`.
    pub finding_type: String,
    /// ACTIVE and public.
    pub public_active: usize,
    /// ACTIVE, not public.
    pub active: usize,
    /// ARCHIVED.
    pub archived: usize,
    /// NEW (against a baseline).
    pub new: usize,
}

/// Resources and findings of one resource type.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceTypeCounts {
    /// The resource type.
    pub resource_type: String,
    /// Resources of the type.
    pub resources: usize,
    /// Of those, with a finding.
    pub exposed: usize,
    /// Of those, with a public finding.
    pub public: usize,
    /// Findings on resources of the type.
    pub findings: usize,
    /// Resources that errored or are unknown.
    pub undecided: usize,
}

impl Summary {
    /// Counts a scan output.
    pub fn of(output: &ScanOutput) -> Summary {
        let mut summary = Summary {
            compared: output.resolved.is_some(),
            resolved: output.resolved.as_ref().map_or(0, Vec::len),
            ..Summary::default()
        };
        let mut by_type: BTreeMap<FindingType, TypeCounts> = BTreeMap::new();
        let mut by_resource_type: BTreeMap<String, ResourceTypeCounts> = BTreeMap::new();
        for record in &output.records {
            let result = &record.result;
            summary.resources += 1;
            match result.status {
                ResultStatus::Analyzed => summary.analyzed += 1,
                ResultStatus::Error => summary.errors += 1,
                ResultStatus::Unknown => summary.unknown += 1,
            }
            let is_public = result.findings.iter().any(|f| f.is_public);
            summary.public_resources += usize::from(is_public);
            summary.exposed_resources += usize::from(!result.findings.is_empty());
            let row = by_resource_type
                .entry(result.resource_type.clone())
                .or_default();
            row.resources += 1;
            row.exposed += usize::from(!result.findings.is_empty());
            row.public += usize::from(is_public);
            row.findings += result.findings.len();
            row.undecided += usize::from(result.status != ResultStatus::Analyzed);
            for (index, finding) in result.findings.iter().enumerate() {
                let active = finding.status == FindingStatus::Active;
                summary.findings += 1;
                summary.active += usize::from(active);
                summary.archived += usize::from(!active);
                summary.public += usize::from(finding.is_public);
                summary.public_active += usize::from(finding.is_public && active);
                let change = record.change(index);
                summary.new += usize::from(change == Some(Change::New));
                summary.unchanged += usize::from(change == Some(Change::Unchanged));
                let counts = by_type.entry(finding.finding_type).or_default();
                match (active, finding.is_public) {
                    (true, true) => counts.public_active += 1,
                    (true, false) => counts.active += 1,
                    (false, _) => counts.archived += 1,
                }
                counts.new += usize::from(change == Some(Change::New));
            }
        }
        summary.by_finding_type = by_type
            .into_iter()
            .map(|(finding_type, counts)| TypeCounts {
                finding_type: format!("{finding_type:?}"),
                ..counts
            })
            .collect();
        let mut rows: Vec<ResourceTypeCounts> = by_resource_type
            .into_iter()
            .map(|(resource_type, counts)| ResourceTypeCounts {
                resource_type,
                ..counts
            })
            .collect();
        rows.sort_by(|a, b| {
            (b.public, b.findings, b.resources)
                .cmp(&(a.public, a.findings, a.resources))
                .then(a.resource_type.cmp(&b.resource_type))
        });
        summary.by_resource_type = rows;
        summary
    }
}
