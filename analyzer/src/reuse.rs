//! Reusing one resource's analysis for another whose answer cannot differ
//! but by its ARN.
//!
//! An estate repeats itself: the same role trust policy on hundreds of
//! roles, the same bucket policy template naming each bucket. Two resources
//! get the same answer, up to their ARN, when they have the same type, the
//! same zone (owner included), no access settings beside the policy but
//! the same Block Public Access, and the same *stored* policy once each
//! occurrence of the resource's own ARN `A` is replaced by a placeholder —
//! provided that:
//!
//! - `A` contains no wildcard or variable character (`*`, `?`, `$`), so in
//!   a policy value that begins with it, it is literal text;
//! - `A` occurs in the policy only at the start of `Resource`/`NotResource`
//!   values, and every other such value is `"*"`;
//! - every resource string a request on the resource can name (the type's
//!   request space) begins with the literal `A`, followed by the same
//!   suffix pattern for both resources.
//!
//! Then a request names `A·u`, and each resource atom of the query (`A·u`
//! in `L(A·s)`, or in `L(*)`) holds exactly when `u` is in `L(s)`,
//! independently of `A`; every other atom of the query (principal, keys,
//! zone) is the same formula for both resources, since the keys derived
//! from the resource depend only on its owner, which is in the zone. So
//! the cells, findings and proof of one resource are those of the other
//! with `A` renamed. The renaming is applied to the finding's resource,
//! its witness's resource (which begins with `A`) and its id; a result
//! that mentions `A` anywhere else, or that is not a complete analysis, is
//! not reused (the resource is analysed on its own).
//!
//! Archive rules can filter on the resource, so they are applied to each
//! resource's result after the reuse.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;

use serde_json::Value;
use zoneproof_encodings::pattern::Token;

use crate::analysis::{analyze, policy_finding_id, AnalysisOptions, PolicyDocument, ResourceSpec};
use crate::archive::apply_archive_rules;
use crate::finding::{ResourceResult, ResultStatus};
use crate::resource::{PolicyKind, ResourceType};

/// Stands for the resource's ARN in a reuse key.
const PLACEHOLDER: &str = "\u{0}ARN\u{0}";

/// What must be equal for two resources to share an answer.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct ReuseKey {
    resource_type: String,
    zone: String,
    policy: String,
    requests: String,
    block_public_access: String,
}

/// The first resource analysed for a key, and its result (before archive
/// rules).
type Slot = Arc<OnceLock<(String, ResourceResult)>>;

/// A cache of analyses shared by the resources of one scan (and its
/// threads): [`ReuseCache::analyze`] is [`analyze`], faster on repeated
/// policies.
pub struct ReuseCache {
    options: AnalysisOptions,
    /// `options` without archive rules (applied per resource).
    unarchived: AnalysisOptions,
    enabled: bool,
    reused: AtomicUsize,
    slots: Mutex<HashMap<ReuseKey, Slot>>,
    kinds: Mutex<HashMap<String, Option<Vec<&'static str>>>>,
}

impl ReuseCache {
    /// An empty cache for analyses with `options`.
    pub fn new(options: &AnalysisOptions) -> ReuseCache {
        let unarchived = AnalysisOptions {
            archive_rules: Vec::new(),
            ..options.clone()
        };
        ReuseCache {
            options: options.clone(),
            unarchived,
            enabled: true,
            reused: AtomicUsize::new(0),
            slots: Mutex::new(HashMap::new()),
            kinds: Mutex::new(HashMap::new()),
        }
    }

    /// A cache that never reuses: every resource is analysed on its own.
    pub fn disabled(options: &AnalysisOptions) -> ReuseCache {
        ReuseCache {
            enabled: false,
            ..ReuseCache::new(options)
        }
    }

    /// Analyses one resource, as [`analyze`] with the cache's options
    /// would, reusing the answer of an earlier resource when it cannot
    /// differ but by the ARN (see the module documentation).
    pub fn analyze(&self, spec: &ResourceSpec) -> ResourceResult {
        let Some(key) = self.key(spec) else {
            return analyze(spec, &self.options);
        };
        let started = Instant::now();
        let slot = {
            let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
            Arc::clone(slots.entry(key).or_default())
        };
        let mut first = false;
        let (arn, result) = slot.get_or_init(|| {
            first = true;
            (spec.arn.clone(), analyze(spec, &self.unarchived))
        });
        let reused = if first || *arn == spec.arn {
            Some(result.clone())
        } else {
            renamed(result, arn, &spec.arn, spec.resource_type).map(|mut r| {
                r.proof.micros = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
                r
            })
        };
        match reused {
            Some(mut result) => {
                if !first {
                    self.reused.fetch_add(1, Ordering::Relaxed);
                }
                apply_archive_rules(&mut result.findings, &self.options.archive_rules);
                result
            }
            None => analyze(spec, &self.options),
        }
    }

    /// How many resources got an earlier resource's answer.
    pub fn reused(&self) -> usize {
        self.reused.load(Ordering::Relaxed)
    }

    /// The key of a resource whose answer may be shared, or `None`.
    fn key(&self, spec: &ResourceSpec) -> Option<ReuseKey> {
        // RCPs may name resources, and their cuts are reported per resource:
        // with an organization every resource is analysed on its own.
        if !self.enabled || self.options.organization.is_some() {
            return None;
        }
        let arn = spec.arn.as_str();
        let extras = &spec.extras;
        if extras.acl.is_some() || extras.grants.is_some() || extras.sharing.is_some() {
            return None;
        }
        if arn.is_empty() || arn.contains(['*', '?', '$']) {
            return None;
        }
        if !matches!(
            spec.resource_type.policy_kind(),
            PolicyKind::Resource | PolicyKind::Trust
        ) || spec.resource_type.validate_arn(arn).is_err()
        {
            return None;
        }
        let value = match spec.policy.as_ref()? {
            PolicyDocument::Text(text) => serde_json::from_str::<Value>(text).ok()?,
            PolicyDocument::Json(value) => value.clone(),
        };
        let value = if spec.resource_type.rewrites_policies() {
            spec.resource_type.stored_policy(&value, arn)
        } else {
            value
        };
        Some(ReuseKey {
            resource_type: spec.resource_type.name().to_string(),
            zone: format!("{:?}", spec.zone),
            policy: normalised_policy(value, arn)?,
            requests: self.request_suffixes(spec.resource_type, arn)?,
            block_public_access: extras
                .block_public_access
                .as_ref()
                .map_or_else(String::new, Value::to_string),
        })
    }

    /// The resource patterns of the type's request space with `arn`'s
    /// literal prefix cut off, or `None` when one does not begin with it.
    fn request_suffixes(&self, resource_type: ResourceType, arn: &str) -> Option<String> {
        let kinds = {
            let mut memo = self.kinds.lock().unwrap_or_else(|e| e.into_inner());
            memo.entry(resource_type.name().to_string())
                .or_insert_with(|| catalog_kinds(resource_type))
                .clone()?
        };
        let mut out = String::new();
        for kind in kinds {
            for pattern in resource_type.resource_patterns(kind, arn) {
                let (Some(Token::Literal(first)), false) =
                    (pattern.tokens().first(), pattern.is_case_insensitive())
                else {
                    return None;
                };
                let rest = first.strip_prefix(arn)?;
                out.push_str(&format!("{kind}:{rest:?}{:?};", &pattern.tokens()[1..]));
            }
        }
        Some(out)
    }
}

/// The catalog kinds of a type's actions, sorted (`None` when the catalog
/// has none: such resources are analysed on their own).
fn catalog_kinds(resource_type: ResourceType) -> Option<Vec<&'static str>> {
    let mut kinds: Vec<&'static str> = resource_type
        .catalog_actions()
        .ok()?
        .into_iter()
        .flat_map(|(_, kinds)| kinds)
        .collect();
    kinds.sort_unstable();
    kinds.dedup();
    (!kinds.is_empty()).then_some(kinds)
}

/// The policy's JSON text with `arn` replaced by the placeholder at the
/// start of `Resource`/`NotResource` values, or `None` when the policy
/// mentions `arn` elsewhere or has another resource value than `"*"`.
fn normalised_policy(mut policy: Value, arn: &str) -> Option<String> {
    let statements = match policy.get_mut("Statement")? {
        Value::Array(items) => items.iter_mut().collect::<Vec<_>>(),
        single @ Value::Object(_) => vec![single],
        _ => return None,
    };
    for statement in statements {
        let Value::Object(map) = statement else {
            return None;
        };
        for (name, value) in map.iter_mut() {
            if name == "Resource" || name == "NotResource" {
                normalise_resources(value, arn)?;
            }
        }
    }
    let text = policy.to_string();
    (!text.contains(arn)).then_some(text)
}

fn normalise_resources(value: &mut Value, arn: &str) -> Option<()> {
    match value {
        Value::String(text) if text == "*" => Some(()),
        Value::String(text) => {
            let rest = text.strip_prefix(arn)?;
            *text = format!("{PLACEHOLDER}{rest}");
            Some(())
        }
        Value::Array(items) => items
            .iter_mut()
            .try_for_each(|item| normalise_resources(item, arn)),
        _ => None,
    }
}

/// `result` (of the resource `from`) for the resource `to`, or `None` when
/// it mentions `from` where the renaming does not reach.
fn renamed(
    result: &ResourceResult,
    from: &str,
    to: &str,
    resource_type: ResourceType,
) -> Option<ResourceResult> {
    if result.status != ResultStatus::Analyzed
        || result.error.is_some()
        || result.notes.iter().any(|n| n.contains(from))
    {
        return None;
    }
    let mut out = result.clone();
    out.resource = to.to_string();
    for finding in &mut out.findings {
        let policy_sourced = finding.sources.iter().all(|s| s.source_type == "POLICY");
        if !policy_sourced || finding.resource != from {
            return None;
        }
        let witness = finding.witness.as_mut()?;
        let suffix = witness.resource.strip_prefix(from)?;
        witness.resource = format!("{to}{suffix}");
        let mentions = |text: &str| text.contains(from);
        if mentions(&serde_json::to_string(&finding.condition).ok()?)
            || mentions(&serde_json::to_string(&finding.principal).ok()?)
            || mentions(&serde_json::to_string(&witness.context).ok()?)
            || mentions(&witness.principal)
            || mentions(&finding.remediation)
        {
            return None;
        }
        let expected = policy_finding_id(
            from,
            finding.finding_type,
            &finding.principal,
            &finding.condition,
        );
        if finding.id != expected {
            return None;
        }
        finding.id = policy_finding_id(
            to,
            finding.finding_type,
            &finding.principal,
            &finding.condition,
        );
        finding.resource = to.to_string();
        debug_assert_eq!(finding.resource_type, resource_type.name());
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::Extras;
    use crate::finding::Finding;
    use crate::zone::Zone;

    fn spec(resource_type: ResourceType, arn: &str, policy: &str) -> ResourceSpec {
        ResourceSpec {
            resource_type,
            arn: arn.to_string(),
            zone: Zone::account("111122223333"),
            policy: Some(PolicyDocument::Text(policy.to_string())),
            extras: Extras::default(),
        }
    }

    /// What a finding says, without the witness (a choice of the solver).
    fn gist(f: &Finding) -> (String, String, Vec<String>, String, bool) {
        (
            f.id.clone(),
            format!("{:?}", f.principal),
            f.action.clone(),
            serde_json::to_string(&f.condition).unwrap(),
            f.is_public,
        )
    }

    /// Analyses `specs` in order with a cache, checks every result against
    /// the resource's own analysis, and returns how many were reused.
    fn check_against_own_analysis(specs: &[ResourceSpec]) -> usize {
        let options = AnalysisOptions::default();
        let cache = ReuseCache::new(&options);
        for spec in specs {
            let cached = cache.analyze(spec);
            let own = analyze(spec, &options);
            assert_eq!(cached.status, own.status, "{}", spec.arn);
            assert_eq!(cached.resource, spec.arn);
            let gists = |r: &ResourceResult| r.findings.iter().map(gist).collect::<Vec<_>>();
            assert_eq!(gists(&cached), gists(&own), "{}", spec.arn);
            for f in &cached.findings {
                assert_eq!(f.resource, spec.arn);
                let witness = f.witness.as_ref().unwrap();
                assert!(
                    witness.resource.starts_with(&spec.arn),
                    "{}",
                    witness.resource
                );
            }
        }
        cache.reused()
    }

    const TRUST: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow",
        "Principal":{"AWS":"arn:aws:iam::444455556666:root"},"Action":"sts:AssumeRole"}]}"#;

    #[test]
    fn roles_with_one_trust_policy_share_the_answer() {
        let specs: Vec<_> = ["a", "b", "c"]
            .iter()
            .map(|n| {
                spec(
                    ResourceType::IamRole,
                    &format!("arn:aws:iam::111122223333:role/{n}"),
                    TRUST,
                )
            })
            .collect();
        assert_eq!(check_against_own_analysis(&specs), 2);
    }

    #[test]
    fn a_bucket_policy_template_naming_each_bucket_is_shared() {
        let policy = |bucket: &str| {
            format!(
                r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":"*",
                "Action":"s3:GetObject","Resource":"arn:aws:s3:::{bucket}/public/*"}},
                {{"Effect":"Deny","Principal":"*","Action":"s3:*",
                "Resource":["arn:aws:s3:::{bucket}","arn:aws:s3:::{bucket}/*"],
                "Condition":{{"Bool":{{"aws:SecureTransport":"false"}}}}}}]}}"#
            )
        };
        let specs: Vec<_> = ["logs-1", "logs-2"]
            .iter()
            .map(|b| {
                spec(
                    ResourceType::S3Bucket,
                    &format!("arn:aws:s3:::{b}"),
                    &policy(b),
                )
            })
            .collect();
        assert_eq!(check_against_own_analysis(&specs), 1);
    }

    #[test]
    fn a_resource_pattern_that_depends_on_the_name_is_never_shared() {
        // `*-x/*` denies on bucket `b-x` but not on `b-y`: the two answers
        // differ though the policies are the same text.
        let policy = |bucket: &str| {
            format!(
                r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":"*",
                "Action":"s3:GetObject","Resource":"arn:aws:s3:::{bucket}/*"}},
                {{"Effect":"Deny","Principal":"*","Action":"s3:GetObject",
                "Resource":"arn:aws:s3:::*-x/*"}}]}}"#
            )
        };
        let specs: Vec<_> = ["b-x", "b-y"]
            .iter()
            .map(|b| {
                spec(
                    ResourceType::S3Bucket,
                    &format!("arn:aws:s3:::{b}"),
                    &policy(b),
                )
            })
            .collect();
        assert_eq!(check_against_own_analysis(&specs), 0);
        let cache = ReuseCache::new(&AnalysisOptions::default());
        assert!(cache.key(&specs[0]).is_none());
    }

    #[test]
    fn an_arn_elsewhere_in_the_policy_or_with_wildcards_is_never_shared() {
        let cache = ReuseCache::new(&AnalysisOptions::default());
        let in_condition = spec(
            ResourceType::SqsQueue,
            "arn:aws:sqs:us-east-1:111122223333:q",
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*",
            "Action":"sqs:SendMessage","Resource":"*","Condition":{"ArnEquals":
            {"aws:SourceArn":"arn:aws:sqs:us-east-1:111122223333:q"}}}]}"#,
        );
        assert!(cache.key(&in_condition).is_none());
        let wildcard_arn = spec(
            ResourceType::IamRole,
            "arn:aws:iam::111122223333:role/*",
            TRUST,
        );
        assert!(cache.key(&wildcard_arn).is_none());
        let role = spec(
            ResourceType::IamRole,
            "arn:aws:iam::111122223333:role/r",
            TRUST,
        );
        assert!(cache.key(&role).is_some());
        assert!(ReuseCache::disabled(&AnalysisOptions::default())
            .key(&role)
            .is_none());
    }

    #[test]
    fn archive_rules_apply_to_each_resource() {
        let rules: Vec<crate::archive::ArchiveRule> = serde_json::from_str(
            r#"[{"ruleName":"b","filter":{"resource":{"eq":["arn:aws:iam::111122223333:role/b"]}}}]"#,
        )
        .unwrap();
        let options = AnalysisOptions {
            archive_rules: rules,
            ..AnalysisOptions::default()
        };
        let cache = ReuseCache::new(&options);
        let a = cache.analyze(&spec(
            ResourceType::IamRole,
            "arn:aws:iam::111122223333:role/a",
            TRUST,
        ));
        let b = cache.analyze(&spec(
            ResourceType::IamRole,
            "arn:aws:iam::111122223333:role/b",
            TRUST,
        ));
        assert_eq!(cache.reused(), 1);
        assert_eq!(a.findings[0].status, crate::finding::FindingStatus::Active);
        assert_eq!(
            b.findings[0].status,
            crate::finding::FindingStatus::Archived
        );
    }
}
