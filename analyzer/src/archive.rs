//! Archive rules in IAM Access Analyzer's filter syntax: findings that match
//! a rule get status ARCHIVED (intended access).
//!
//! A rules file is a JSON list of
//! `{"ruleName": "...", "filter": {KEY: {"eq"|"neq"|"contains": [...], "exists": bool}}}`;
//! keys are `resource`, `resourceType`, `resourceOwnerAccount`, `isPublic`,
//! `findingType`, `principal.AWS`, `principal.Federated`, `principal.Service`,
//! `principal.CanonicalUser`, `condition.<key>`. All criteria of a rule are
//! ANDed; within one criterion, `eq` and `contains` match when any value
//! matches, `neq` when none is equal.

use crate::finding::{Finding, FindingStatus};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// One archive rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ArchiveRule {
    /// The rule's name, reported on the findings it archives.
    pub rule_name: String,
    /// Filter key -> criterion; all must match.
    pub filter: BTreeMap<String, Criterion>,
}

/// The comparison for one filter key.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    /// Matches when a finding value equals one of these.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eq: Option<Vec<String>>,
    /// Matches when no finding value equals any of these.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub neq: Option<Vec<String>>,
    /// Matches when a finding value contains one of these.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contains: Option<Vec<String>>,
    /// Matches when the key has a value (true) or has none (false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exists: Option<bool>,
}

/// A rules file that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ArchiveRuleError {
    /// Not JSON of the expected shape.
    #[error("archive rules: {0}")]
    Shape(String),
    /// A filter key that Access Analyzer does not define.
    #[error("archive rule `{rule}`: unknown filter key `{key}`")]
    UnknownKey {
        /// The rule's name.
        rule: String,
        /// The key.
        key: String,
    },
    /// A criterion with no comparison.
    #[error("archive rule `{rule}`: filter key `{key}` has no eq, neq, contains or exists")]
    EmptyCriterion {
        /// The rule's name.
        rule: String,
        /// The key.
        key: String,
    },
}

const PLAIN_KEYS: [&str; 9] = [
    "resource",
    "resourceType",
    "resourceOwnerAccount",
    "isPublic",
    "findingType",
    "principal.AWS",
    "principal.Federated",
    "principal.Service",
    "principal.CanonicalUser",
];

/// Parses and checks a rules file's text.
pub fn parse_archive_rules(text: &str) -> Result<Vec<ArchiveRule>, ArchiveRuleError> {
    let rules: Vec<ArchiveRule> =
        serde_json::from_str(text).map_err(|e| ArchiveRuleError::Shape(e.to_string()))?;
    for rule in &rules {
        for (key, criterion) in &rule.filter {
            if !PLAIN_KEYS.contains(&key.as_str()) && !key.starts_with("condition.") {
                return Err(ArchiveRuleError::UnknownKey {
                    rule: rule.rule_name.clone(),
                    key: key.clone(),
                });
            }
            if *criterion == Criterion::default() {
                return Err(ArchiveRuleError::EmptyCriterion {
                    rule: rule.rule_name.clone(),
                    key: key.clone(),
                });
            }
        }
    }
    Ok(rules)
}

/// Archives each finding that matches a rule (the first matching rule is
/// recorded).
pub fn apply_archive_rules(findings: &mut [Finding], rules: &[ArchiveRule]) {
    for finding in findings {
        if let Some(rule) = rules.iter().find(|r| rule_matches(r, finding)) {
            finding.status = FindingStatus::Archived;
            finding.archived_by = Some(rule.rule_name.clone());
        }
    }
}

/// Whether every criterion of the rule matches the finding.
pub fn rule_matches(rule: &ArchiveRule, finding: &Finding) -> bool {
    rule.filter
        .iter()
        .all(|(key, criterion)| criterion_matches(criterion, &finding_values(finding, key)))
}

fn criterion_matches(criterion: &Criterion, values: &[String]) -> bool {
    let eq = criterion
        .eq
        .as_ref()
        .is_none_or(|want| values.iter().any(|v| want.contains(v)));
    let neq = criterion
        .neq
        .as_ref()
        .is_none_or(|avoid| !values.iter().any(|v| avoid.contains(v)));
    let contains = criterion.contains.as_ref().is_none_or(|parts| {
        values
            .iter()
            .any(|v| parts.iter().any(|p| v.contains(p.as_str())))
    });
    let exists = criterion.exists.is_none_or(|e| e != values.is_empty());
    eq && neq && contains && exists
}

/// The finding's values for a filter key.
fn finding_values(finding: &Finding, key: &str) -> Vec<String> {
    if let Some(condition_key) = key.strip_prefix("condition.") {
        return finding
            .condition
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(condition_key))
            .flat_map(|(_, v)| json_strings(v))
            .collect();
    }
    if let Some(principal_type) = key.strip_prefix("principal.") {
        return (finding.principal.type_name() == principal_type)
            .then(|| finding.principal.value().to_string())
            .into_iter()
            .collect();
    }
    let single = match key {
        "resource" => finding.resource.clone(),
        "resourceType" => finding.resource_type.clone(),
        "resourceOwnerAccount" => finding.resource_owner_account.clone(),
        "isPublic" => finding.is_public.to_string(),
        "findingType" => format!("{:?}", finding.finding_type),
        _ => return Vec::new(),
    };
    vec![single]
}

fn json_strings(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items.iter().flat_map(json_strings).collect(),
        other => vec![other.to_string()],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{FindingPrincipal, FindingType};

    fn finding(principal: &str, condition: &[(&str, &str)]) -> Finding {
        Finding {
            id: "x".into(),
            finding_type: FindingType::ExternalAccess,
            resource: "arn:aws:s3:::b".into(),
            resource_type: "AWS::S3::Bucket".into(),
            resource_owner_account: "111122223333".into(),
            principal: FindingPrincipal::Aws(principal.into()),
            action: vec!["s3:GetObject".into()],
            condition: condition
                .iter()
                .map(|(k, v)| (k.to_string(), Value::String(v.to_string())))
                .collect(),
            is_public: false,
            status: FindingStatus::Active,
            archived_by: None,
            sources: vec![],
            witness: None,
            remediation: String::new(),
            undocumented_reading: Vec::new(),
            cut_by: Vec::new(),
        }
    }

    #[test]
    fn partner_account_rule_archives_only_that_account() {
        // access-analyzer-archive-rules.md: a rule archives matching findings.
        let rules = parse_archive_rules(
            r#"[{"ruleName": "partner", "filter": {"principal.AWS": {"eq": ["444455556666"]}}}]"#,
        )
        .unwrap();
        let mut findings = vec![finding("444455556666", &[]), finding("*", &[])];
        apply_archive_rules(&mut findings, &rules);
        assert_eq!(findings[0].status, FindingStatus::Archived);
        assert_eq!(findings[0].archived_by.as_deref(), Some("partner"));
        assert_eq!(findings[1].status, FindingStatus::Active);
    }

    #[test]
    fn criteria_are_anded_and_exists_checks_presence() {
        let rules = parse_archive_rules(
            r#"[{"ruleName": "vpc", "filter": {
                "condition.aws:SourceVpc": {"exists": true},
                "resource": {"contains": [":::b"]}}}]"#,
        )
        .unwrap();
        let mut findings = vec![
            finding("*", &[("aws:SourceVpc", "vpc-1")]),
            finding("*", &[]),
        ];
        apply_archive_rules(&mut findings, &rules);
        assert_eq!(findings[0].status, FindingStatus::Archived);
        assert_eq!(findings[1].status, FindingStatus::Active);
    }

    #[test]
    fn unknown_keys_and_empty_criteria_are_errors() {
        assert!(matches!(
            parse_archive_rules(r#"[{"ruleName": "r", "filter": {"principal": {"eq": ["x"]}}}]"#),
            Err(ArchiveRuleError::UnknownKey { .. })
        ));
        assert!(matches!(
            parse_archive_rules(r#"[{"ruleName": "r", "filter": {"resource": {}}}]"#),
            Err(ArchiveRuleError::EmptyCriterion { .. })
        ));
        assert!(parse_archive_rules("{").is_err());
    }
}
