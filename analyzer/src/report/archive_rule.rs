//! For each finding, an archive rule (IAM Access Analyzer's filter syntax)
//! that archives that finding and, as far as the filter keys can tell
//! findings apart, no other.
//!
//! Access Analyzer archive rules cannot filter on a finding's `id`, so the
//! rule pins what the id is a hash of: the resource, the principal, whether
//! the access is public, and each restricting condition key with its
//! values; keys that other findings of the same resource restrict and this
//! one does not must be absent (`exists: false`). The filter's `eq` matches
//! when any value matches, so a finding whose condition lists a subset of
//! another's values (possible only when they differ in some other key) can
//! still be matched by both rules: [`rule_matches_among`] counts, so the
//! report can say so rather than claim exactness.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

use crate::archive::{rule_matches, ArchiveRule, Criterion};
use crate::finding::Finding;

/// The archive rule for `finding`, given the other findings of its
/// resource (`siblings`; the finding itself may be among them).
pub fn archive_rule_for(finding: &Finding, siblings: &[&Finding]) -> ArchiveRule {
    let mut filter = BTreeMap::new();
    filter.insert("resource".to_string(), eq([finding.resource.clone()]));
    filter.insert(
        format!("principal.{}", finding.principal.type_name()),
        eq([finding.principal.value().to_string()]),
    );
    filter.insert("isPublic".to_string(), eq([finding.is_public.to_string()]));
    for (key, value) in &finding.condition {
        filter.insert(format!("condition.{key}"), eq(condition_values(value)));
    }
    let absent: BTreeSet<&String> = siblings
        .iter()
        .flat_map(|sibling| sibling.condition.keys())
        .filter(|key| !finding.condition.contains_key(*key))
        .collect();
    for key in absent {
        filter.insert(
            format!("condition.{key}"),
            Criterion {
                exists: Some(false),
                ..Criterion::default()
            },
        );
    }
    ArchiveRule {
        rule_name: format!("zoneproof-{}", finding.id),
        filter,
    }
}

/// How many of `findings` the rule archives.
pub fn rule_matches_among(rule: &ArchiveRule, findings: &[&Finding]) -> usize {
    findings.iter().filter(|f| rule_matches(rule, f)).count()
}

fn eq(values: impl IntoIterator<Item = String>) -> Criterion {
    Criterion {
        eq: Some(values.into_iter().collect()),
        ..Criterion::default()
    }
}

/// A condition value as the filter compares it: each string of a list.
fn condition_values(value: &Value) -> Vec<String> {
    match value {
        Value::String(text) => vec![text.clone()],
        Value::Array(items) => items.iter().flat_map(condition_values).collect(),
        other => vec![other.to_string()],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::{apply_archive_rules, parse_archive_rules};
    use crate::finding::{FindingPrincipal, FindingStatus, FindingType};
    use serde_json::json;

    fn finding(id: &str, principal: FindingPrincipal, condition: Value, public: bool) -> Finding {
        Finding {
            id: id.into(),
            finding_type: FindingType::ExternalAccess,
            resource: "arn:aws:s3:::b".into(),
            resource_type: "AWS::S3::Bucket".into(),
            resource_owner_account: "111122223333".into(),
            principal,
            action: vec!["s3:GetObject".into()],
            condition: serde_json::from_value(condition).unwrap(),
            is_public: public,
            status: FindingStatus::Active,
            archived_by: None,
            sources: vec![],
            witness: None,
            remediation: String::new(),
            undocumented_reading: Vec::new(),
            cut_by: Vec::new(),
        }
    }

    /// The findings of one bucket: public, the same principal behind a VPC
    /// endpoint or an IP range, a partner, and the same findings on another
    /// bucket.
    fn estate() -> Vec<Finding> {
        let any = || FindingPrincipal::Aws("*".into());
        let mut findings = vec![
            finding("public", any(), json!({}), true),
            finding("vpce", any(), json!({"aws:SourceVpce": "vpce-1"}), false),
            finding(
                "ip",
                any(),
                json!({"aws:SourceIp": ["10.0.0.0/8", "192.0.2.0/24"]}),
                false,
            ),
            finding(
                "partner",
                FindingPrincipal::Aws("444455556666".into()),
                json!({}),
                false,
            ),
        ];
        let mut elsewhere = findings.clone();
        for f in &mut elsewhere {
            f.resource = "arn:aws:s3:::other".into();
            f.id.push_str("-other");
        }
        findings.extend(elsewhere);
        findings
    }

    #[test]
    fn each_rule_archives_exactly_its_finding() {
        let findings = estate();
        for target in &findings {
            let siblings: Vec<&Finding> = findings
                .iter()
                .filter(|f| f.resource == target.resource)
                .collect();
            let rule = archive_rule_for(target, &siblings);
            // The rule survives Access Analyzer's syntax as zoneproof reads it.
            let text = serde_json::to_string(&[&rule]).unwrap();
            let rules = parse_archive_rules(&text).unwrap();
            let mut archived = findings.clone();
            apply_archive_rules(&mut archived, &rules);
            let ids: Vec<&str> = archived
                .iter()
                .filter(|f| f.status == FindingStatus::Archived)
                .map(|f| f.id.as_str())
                .collect();
            assert_eq!(ids, [target.id.as_str()], "rule {text}");
            let all: Vec<&Finding> = findings.iter().collect();
            assert_eq!(rule_matches_among(&rule, &all), 1);
        }
    }

    #[test]
    fn the_rule_names_what_the_finding_id_hashes() {
        let findings = estate();
        let siblings: Vec<&Finding> = findings.iter().take(4).collect();
        let rule = archive_rule_for(&findings[0], &siblings);
        let json = serde_json::to_value(&rule).unwrap();
        assert_eq!(
            json,
            json!({"ruleName": "zoneproof-public", "filter": {
                "condition.aws:SourceIp": {"exists": false},
                "condition.aws:SourceVpce": {"exists": false},
                "isPublic": {"eq": ["true"]},
                "principal.AWS": {"eq": ["*"]},
                "resource": {"eq": ["arn:aws:s3:::b"]}}})
        );
    }
}
