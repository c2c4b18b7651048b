//! From classes to findings: who (principal), under which restricting
//! condition, which actions, through which statements, and how to fix it.
//!
//! A finding's `condition` means what the same key and value mean in an IAM
//! policy (`docs/findings.md`, "Conditions"): a string value is matched
//! with the key's default operator (`IpAddress` for address keys, `ArnLike`
//! for ARN keys, `StringLike` otherwise, which is `StringEquals` for a
//! value without wildcards); any other operator is written out as
//! `{"Operator": "value"}`, several operators in one object all hold, and
//! `{"allOf": [...]}` holds when each of its items does. When several
//! values of one operator hold at once, the narrowest is kept (the smallest
//! address range, the tightest bound, the pattern contained in the
//! others); `allOf` is used only when none is narrowest.

use crate::finding::{
    condition_text, stable_id, Finding, FindingPrincipal, FindingStatus, FindingType, Source,
    StatementRef, Witness,
};
use crate::policy::{BaseOperator, Policy};
use crate::question::external_access::{contains, FindingClass, Restriction};
use crate::semantics::keys::{KeyInfo, ValueShape};
use crate::value::{parse_cidr, parse_date, parse_decimal};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use zoneproof_encodings::automata::{find_witness, Budget, Emptiness};
use zoneproof_encodings::pattern::Pattern;

/// A finding under construction.
#[derive(Debug, Clone)]
pub struct Draft {
    /// Its class.
    pub class: FindingClass,
    /// Concrete actions.
    pub actions: BTreeSet<String>,
    /// Allowing statement indexes (from the re-checked witnesses).
    pub statements: BTreeSet<usize>,
    /// The first witness.
    pub witness: Witness,
    /// JSON paths of undocumented matches the witness relies on.
    pub undocumented: BTreeSet<String>,
}

/// Drops the drafts whose class another draft contains (see
/// [`contains`]), merging their actions and statements into the broader
/// one.
pub fn subsume(drafts: Vec<Draft>) -> Vec<Draft> {
    let mut kept: Vec<Draft> = Vec::new();
    let mut sorted = drafts;
    sorted.sort_by_key(|d| {
        (
            d.class.condition.values().map(BTreeSet::len).sum::<usize>(),
            !d.class.principal.is_everyone(),
        )
    });
    for draft in sorted {
        match kept.iter_mut().find(|k| contains(&k.class, &draft.class)) {
            Some(broader) => {
                broader.actions.extend(draft.actions);
                broader.statements.extend(draft.statements);
            }
            None => kept.push(draft),
        }
    }
    kept.sort_by(|a, b| a.class.cmp(&b.class));
    kept
}

/// The finding condition of a class's restrictions (see the module
/// documentation).
pub fn condition_json(
    condition: &BTreeMap<String, BTreeSet<Restriction>>,
) -> BTreeMap<String, Value> {
    condition
        .iter()
        .map(|(key, restrictions)| (key.clone(), key_condition(key, restrictions)))
        .collect()
}

/// The default operator of a key: the one a bare value means.
fn default_operator(key: &str) -> BaseOperator {
    match KeyInfo::of(key).shape {
        ValueShape::Ip => BaseOperator::IpAddress,
        ValueShape::Arn => BaseOperator::ArnLike,
        _ => BaseOperator::StringLike,
    }
}

/// Whether a restriction means what a bare value means for its key.
fn is_default(key: &str, r: &Restriction) -> bool {
    let default = default_operator(key);
    let wildcard = r.value.contains(['*', '?']);
    r.operator == default.name()
        || (default == BaseOperator::ArnLike && r.operator == BaseOperator::ArnEquals.name())
        || (default == BaseOperator::StringLike
            && r.operator == BaseOperator::StringEquals.name()
            && !wildcard)
}

fn key_condition(key: &str, restrictions: &BTreeSet<Restriction>) -> Value {
    let mut by_operator: BTreeMap<String, Vec<&Restriction>> = BTreeMap::new();
    for r in restrictions {
        let operator = if is_default(key, r) {
            String::new()
        } else {
            r.operator.clone()
        };
        by_operator.entry(operator).or_default().push(r);
    }
    let mut items: Vec<Value> = Vec::new();
    let mut object = Map::new();
    for (operator, group) in by_operator {
        let values = narrowest(key, &operator, &group);
        match (operator.is_empty(), values.as_slice()) {
            (true, [single]) => items.push(Value::String(single.clone())),
            (true, many) => items.extend(many.iter().map(|v| Value::String(v.clone()))),
            (false, [single]) => {
                object.insert(operator, Value::String(single.clone()));
            }
            (false, many) => items.extend(many.iter().map(|v| {
                Value::Object(Map::from_iter([(
                    operator.clone(),
                    Value::String(v.clone()),
                )]))
            })),
        }
    }
    if !object.is_empty() {
        items.push(Value::Object(object));
    }
    match items.len() {
        1 => items.pop().unwrap_or(Value::Null),
        _ => Value::Object(Map::from_iter([("allOf".to_string(), Value::Array(items))])),
    }
}

/// The values of one operator that all hold, narrowed: those not implied
/// by a narrower one.
fn narrowest(key: &str, operator: &str, group: &[&Restriction]) -> Vec<String> {
    let operator = if operator.is_empty() {
        default_operator(key)
    } else {
        BaseOperator::from_name(operator).unwrap_or(BaseOperator::StringEquals)
    };
    let values: Vec<&str> = group.iter().map(|r| r.value.as_str()).collect();
    let implies = |a: &str, b: &str| implies(operator, a, b);
    let mut kept: Vec<String> = Vec::new();
    for (i, value) in values.iter().enumerate() {
        let weaker = values
            .iter()
            .enumerate()
            .any(|(j, other)| i != j && implies(other, value) && (!implies(value, other) || j < i));
        if !weaker {
            kept.push((*value).to_string());
        }
    }
    kept
}

/// Whether `a` holding (for the operator) implies `b` holding.
fn implies(operator: BaseOperator, a: &str, b: &str) -> bool {
    use BaseOperator as B;
    let decimal = |t: &str| parse_decimal(t).ok().map(|d| d.scaled);
    let date = |t: &str| parse_date(t).ok().map(i128::from);
    let bounds = |f: &dyn Fn(&str) -> Option<i128>| f(a).zip(f(b));
    match operator {
        B::IpAddress => match (parse_cidr(a), parse_cidr(b)) {
            (Ok(x), Ok(y)) => y.low <= x.low && x.high <= y.high,
            _ => false,
        },
        B::NumericGreaterThan | B::NumericGreaterThanEquals => {
            bounds(&decimal).is_some_and(|(x, y)| x >= y)
        }
        B::NumericLessThan | B::NumericLessThanEquals => {
            bounds(&decimal).is_some_and(|(x, y)| x <= y)
        }
        B::DateGreaterThan | B::DateGreaterThanEquals => bounds(&date).is_some_and(|(x, y)| x >= y),
        B::DateLessThan | B::DateLessThanEquals => bounds(&date).is_some_and(|(x, y)| x <= y),
        B::StringLike | B::ArnLike | B::ArnEquals => {
            let pattern = |t: &str| {
                let parts = [crate::eval::variables::Part::Glob(t.to_string())];
                if operator == B::StringLike {
                    crate::eval::patterns::glob_pattern(&parts)
                } else {
                    crate::eval::patterns::arn_pattern(&parts)
                }
            };
            included(&pattern(a), &pattern(b))
        }
        _ => a == b,
    }
}

/// Whether every string of `a` is in `b`.
fn included(a: &Pattern, b: &Pattern) -> bool {
    find_witness(&[(a.clone(), true), (b.clone(), false)], &Budget::default()) == Emptiness::Empty
}

/// Context of the finding being written.
pub struct FindingContext<'a> {
    /// The policy.
    pub policy: &'a Policy,
    /// The resource ARN.
    pub resource: &'a str,
    /// Its type name.
    pub resource_type: &'a str,
    /// Its owner.
    pub owner: &'a str,
}

/// The finding of a draft.
pub fn finding(draft: Draft, ctx: &FindingContext<'_>) -> Finding {
    let condition = condition_json(&draft.class.condition);
    let principal = draft.class.principal.clone();
    let is_public = principal.is_everyone() && condition.is_empty();
    let statements: Vec<StatementRef> = draft
        .statements
        .iter()
        .map(|i| StatementRef {
            index: *i,
            sid: ctx.policy.statements.get(*i).and_then(|s| s.sid.clone()),
        })
        .collect();
    let finding_type = draft.class.finding_type;
    let id = policy_finding_id(ctx.resource, finding_type, &principal, &condition);
    let remediation = remediation(finding_type, &principal, &condition, &statements, is_public);
    Finding {
        id,
        finding_type,
        resource: ctx.resource.to_string(),
        resource_type: ctx.resource_type.to_string(),
        resource_owner_account: ctx.owner.to_string(),
        principal,
        action: draft.actions.into_iter().collect(),
        condition,
        is_public,
        status: FindingStatus::Active,
        archived_by: None,
        sources: vec![Source {
            source_type: "POLICY".into(),
            statements,
        }],
        witness: Some(draft.witness),
        remediation,
        undocumented_reading: draft.undocumented.into_iter().collect(),
        cut_by: Vec::new(),
    }
}

/// The id of a finding of the resource policy: a hash of the resource,
/// the finding type, the principal and the condition.
pub fn policy_finding_id(
    resource: &str,
    finding_type: FindingType,
    principal: &FindingPrincipal,
    condition: &BTreeMap<String, Value>,
) -> String {
    stable_id(&[
        resource,
        &format!("{finding_type:?}"),
        principal.type_name(),
        principal.value(),
        &condition_text(condition),
    ])
}

/// How to fix a finding, in words.
pub fn remediation(
    finding_type: FindingType,
    principal: &FindingPrincipal,
    condition: &BTreeMap<String, Value>,
    statements: &[StatementRef],
    is_public: bool,
) -> String {
    let names: Vec<String> = statements
        .iter()
        .map(|s| match &s.sid {
            Some(sid) => format!("`{sid}`"),
            None => format!("#{}", s.index),
        })
        .collect();
    let through = format!("Statement {}", names.join(", "));
    let who = match (principal, is_public) {
        (_, true) => "anyone, including anonymous callers,".to_string(),
        (FindingPrincipal::Aws(p), _) if p == "*" => "principals of any account".to_string(),
        (FindingPrincipal::Aws(p), _) => format!("the external principal `{p}`"),
        (FindingPrincipal::Federated(p), _) => format!("identities federated by `{p}`"),
        (FindingPrincipal::Service(s), _) => format!("the service `{s}`"),
        (FindingPrincipal::CanonicalUser(c), _) => format!("the canonical user `{c}`"),
    };
    let limited = if condition.is_empty() {
        String::new()
    } else {
        let keys: Vec<&str> = condition.keys().map(String::as_str).collect();
        format!(" when {} match", keys.join(", "))
    };
    let fix = match (finding_type, principal) {
        (FindingType::ExternalAccessViaService, _) => {
            "Add a condition that aws:SourceAccount (or aws:SourceArn / aws:SourceOrgID) names your account, so the service acts only for your resources.".to_string()
        }
        (_, FindingPrincipal::Federated(p)) => {
            let host = p.rsplit_once(":oidc-provider/").map_or(p.as_str(), |(_, h)| h);
            format!(
                "Restrict the provider's claims with conditions on `{host}:aud` and `{host}:sub` that name only your application and workload."
            )
        }
        (_, FindingPrincipal::Aws(p)) if p != "*" => {
            "If this principal is a partner you trust, add its account with --trusted-account or an archive rule; otherwise remove it from the Principal.".to_string()
        }
        _ => "Name the trusted principals explicitly instead of `*`, or add a condition on aws:PrincipalOrgID or aws:PrincipalAccount that keeps access inside your zone of trust.".to_string(),
    };
    format!("{through} grants {who} access{limited}. {fix}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn condition(restrictions: &[(&str, &str, &str)]) -> BTreeMap<String, Value> {
        let mut map: BTreeMap<String, BTreeSet<Restriction>> = BTreeMap::new();
        for (key, operator, value) in restrictions {
            map.entry(key.to_string()).or_default().insert(Restriction {
                key: key.to_string(),
                operator: operator.to_string(),
                value: value.to_string(),
            });
        }
        condition_json(&map)
    }

    #[test]
    fn an_intersection_of_ranges_is_the_narrowest_single_value() {
        let c = condition(&[
            ("aws:SourceIp", "IpAddress", "10.0.0.0/31"),
            ("aws:SourceIp", "IpAddress", "10.0.0.1/32"),
        ]);
        assert_eq!(c["aws:SourceIp"], json!("10.0.0.1/32"));
    }

    #[test]
    fn a_range_keeps_its_operator() {
        let c = condition(&[(
            "aws:SourceAccount",
            "NumericGreaterThanEquals",
            "111122223333",
        )]);
        assert_eq!(
            c["aws:SourceAccount"],
            json!({"NumericGreaterThanEquals": "111122223333"})
        );
        let tight = condition(&[
            ("aws:SourceAccount", "NumericGreaterThan", "100000000000"),
            ("aws:SourceAccount", "NumericGreaterThan", "300000000000"),
        ]);
        assert_eq!(
            tight["aws:SourceAccount"],
            json!({"NumericGreaterThan": "300000000000"})
        );
    }

    #[test]
    fn patterns_keep_the_contained_one_or_list_all_of_them() {
        let c = condition(&[
            ("aws:PrincipalAccount", "StringLike", "4444*"),
            ("aws:PrincipalAccount", "StringLike", "44445555666?"),
        ]);
        assert_eq!(c["aws:PrincipalAccount"], json!("44445555666?"));
        let both = condition(&[
            ("aws:PrincipalAccount", "StringLike", "4444*"),
            ("aws:PrincipalAccount", "StringLike", "*5555"),
        ]);
        assert_eq!(
            both["aws:PrincipalAccount"],
            json!({"allOf": ["*5555", "4444*"]})
        );
    }
}
