//! The corpus format (`corpus/<source>/<name>.json`): one case per file, a
//! policy with its resource, zone and expected findings. One corpus, many
//! runners: the CLI end-to-end test, the backend differential test and the
//! benchmark all read it through this module.

use crate::analysis::{AnalysisOptions, Extras, PolicyDocument, ResourceSpec};
use crate::finding::{FindingPrincipal, FindingType, ResourceResult, ResultStatus};
use crate::fix::claims::{ClaimError, Claims};
use crate::resource::ResourceType;
use crate::zone::Zone;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// One corpus case.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Case {
    /// What the case checks.
    #[serde(default)]
    pub description: String,
    /// The resource type name.
    pub resource_type: String,
    /// The resource ARN.
    pub resource_arn: String,
    /// The zone of trust.
    pub zone: CaseZone,
    /// The policy: an object, or a string holding the policy text (absent
    /// or null: the resource has no policy).
    #[serde(default)]
    pub policy: serde_json::Value,
    /// S3 bucket ACL, if the case gives one.
    #[serde(default)]
    pub acl: Option<serde_json::Value>,
    /// S3 Block Public Access, if given.
    #[serde(default)]
    pub block_public_access: Option<serde_json::Value>,
    /// Snapshot sharing attributes, if given.
    #[serde(default)]
    pub sharing: Option<serde_json::Value>,
    /// KMS grants, if given.
    #[serde(default)]
    pub grants: Option<serde_json::Value>,
    /// Whether service findings are on (default true).
    #[serde(default = "yes")]
    pub service_findings: bool,
    /// Federation claims for `fix` (`--claim KEY=VALUE`), by key: the fix
    /// runners restrict the case's federated findings with them.
    #[serde(default)]
    pub fix_claims: BTreeMap<String, Vec<String>>,
    /// What the analysis must report.
    pub expected: Expected,
    /// Why the label is right.
    #[serde(default)]
    pub evidence: String,
    /// What `zoneproof validate` must report as errors, when the case says
    /// (by default: nothing for an analysable policy, some error for an
    /// invalid one).
    #[serde(default)]
    pub validation: Option<CaseValidation>,
    /// The file the case was read from.
    #[serde(skip)]
    pub file: PathBuf,
}

fn yes() -> bool {
    true
}

/// The validation errors a case expects.
#[derive(Debug, Clone, Deserialize)]
pub struct CaseValidation {
    /// The issue codes of the `ERROR` findings, compared as a set.
    pub errors: BTreeSet<String>,
    /// Why, citing Access Analyzer's documented check.
    pub evidence: String,
}

/// The zone of a case.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CaseZone {
    /// The owner account.
    pub account: String,
    /// The organization, if the zone is one.
    #[serde(default)]
    pub org: Option<String>,
    /// Known organization members.
    #[serde(default)]
    pub org_accounts: Vec<String>,
    /// Trusted accounts.
    #[serde(default)]
    pub trusted_accounts: Vec<String>,
}

/// The expected outcome.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Expected {
    /// `analyzed` or `error`.
    pub status: ResultStatus,
    /// The findings, compared as a set.
    #[serde(default)]
    pub findings: Vec<ExpectedFinding>,
    /// For errors: a substring of the message.
    #[serde(default)]
    pub error_contains: Option<String>,
}

/// One expected finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExpectedFinding {
    /// The finding type.
    pub finding_type: FindingType,
    /// The principal, e.g. `{"AWS": "*"}`.
    #[serde(deserialize_with = "principal_from_map")]
    pub principal: FindingPrincipal,
    /// Whether it is public.
    pub is_public: bool,
    /// The keys of its condition map, when the case states them.
    #[serde(default)]
    pub condition_keys: Option<BTreeSet<String>>,
}

fn principal_from_map<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<FindingPrincipal, D::Error> {
    #[derive(Deserialize)]
    struct Wrapper(#[serde(with = "crate::finding::principal_map")] FindingPrincipal);
    Wrapper::deserialize(d).map(|w| w.0)
}

/// A corpus file that cannot be read.
#[derive(Debug, thiserror::Error)]
#[error("{file}: {message}")]
pub struct CaseError {
    /// The file.
    pub file: String,
    /// What is wrong.
    pub message: String,
}

/// Reads every `*.json` case below `dir` (recursively, sorted), skipping
/// directories named `LICENSES`.
pub fn load_cases(dir: &Path) -> Result<Vec<Case>, CaseError> {
    let mut files = Vec::new();
    collect_files(dir, &mut files).map_err(|e| CaseError {
        file: dir.display().to_string(),
        message: e.to_string(),
    })?;
    files.sort();
    files
        .into_iter()
        .map(|file| {
            let error = |message: String| CaseError {
                file: file.display().to_string(),
                message,
            };
            let text = std::fs::read_to_string(&file).map_err(|e| error(e.to_string()))?;
            let mut case: Case = serde_json::from_str(&text).map_err(|e| error(e.to_string()))?;
            case.file = file.clone();
            Ok(case)
        })
        .collect()
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            // `corpus/checks` holds the policy-check corpus, another format
            // (read by the checks' tests and `bench check`).
            if path
                .file_name()
                .is_some_and(|n| n != "LICENSES" && n != "checks")
            {
                collect_files(&path, out)?;
            }
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
    Ok(())
}

impl Case {
    /// The resource to analyse, or why the case cannot name one.
    pub fn spec(&self) -> Result<ResourceSpec, String> {
        let resource_type = ResourceType::resolve(&self.resource_type, &self.resource_arn)
            .map_err(|e| format!("{e}"))?;
        let policy = match &self.policy {
            serde_json::Value::Null => None,
            serde_json::Value::String(text) => Some(PolicyDocument::Text(text.clone())),
            other => Some(PolicyDocument::Json(other.clone())),
        };
        Ok(ResourceSpec {
            resource_type,
            arn: self.resource_arn.clone(),
            zone: Zone {
                account: self.zone.account.clone(),
                org: self.zone.org.clone(),
                org_accounts: self.zone.org_accounts.clone(),
                trusted_accounts: self.zone.trusted_accounts.clone(),
            },
            policy,
            extras: Extras {
                acl: self.acl.clone(),
                block_public_access: self.block_public_access.clone(),
                sharing: self.sharing.clone(),
                grants: self.grants.clone(),
            },
        })
    }

    /// The analysis options the case asks for.
    pub fn options(&self, base: &AnalysisOptions) -> AnalysisOptions {
        AnalysisOptions {
            service_findings: self.service_findings,
            ..base.clone()
        }
    }

    /// The case's [`Case::fix_claims`] as `fix` takes them.
    ///
    /// # Errors
    /// When a claim is not usable (see [`Claims::add`]).
    pub fn claims(&self) -> Result<Claims, ClaimError> {
        let mut claims = Claims::new();
        for (key, values) in &self.fix_claims {
            for value in values {
                claims.add(key, value)?;
            }
        }
        Ok(claims)
    }

    /// Compares a result with the expectation; `Err` says what differs.
    pub fn check(&self, result: &ResourceResult) -> Result<(), String> {
        if result.status != self.expected.status {
            return Err(format!(
                "status {:?}, expected {:?} ({})",
                result.status,
                self.expected.status,
                result.error.as_deref().unwrap_or("")
            ));
        }
        if let (Some(want), Some(got)) = (&self.expected.error_contains, &result.error) {
            if !got.contains(want.as_str()) {
                return Err(format!("error `{got}` does not contain `{want}`"));
            }
        }
        let got: BTreeSet<(FindingType, FindingPrincipal, bool)> = result
            .findings
            .iter()
            .map(|f| (f.finding_type, f.principal.clone(), f.is_public))
            .collect();
        let want: BTreeSet<(FindingType, FindingPrincipal, bool)> = self
            .expected
            .findings
            .iter()
            .map(|f| (f.finding_type, f.principal.clone(), f.is_public))
            .collect();
        if got != want {
            return Err(format!(
                "findings {:?}, expected {:?}",
                describe(&got),
                describe(&want)
            ));
        }
        for expected in &self.expected.findings {
            let Some(keys) = &expected.condition_keys else {
                continue;
            };
            let candidates: Vec<BTreeSet<String>> = result
                .findings
                .iter()
                .filter(|f| {
                    f.principal == expected.principal
                        && f.finding_type == expected.finding_type
                        && f.is_public == expected.is_public
                })
                .map(|f| f.condition.keys().cloned().collect())
                .collect();
            if !candidates.iter().any(|actual| actual == keys) {
                return Err(format!(
                    "no {:?} finding has condition keys {keys:?} (found {candidates:?})",
                    expected.principal
                ));
            }
        }
        Ok(())
    }
}

fn describe(set: &BTreeSet<(FindingType, FindingPrincipal, bool)>) -> Vec<String> {
    set.iter()
        .map(|(t, p, public)| {
            format!(
                "{t:?} {}:{}{}",
                p.type_name(),
                p.value(),
                if *public { " public" } else { "" }
            )
        })
        .collect()
}
