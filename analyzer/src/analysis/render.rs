//! From cells to findings: who (principal), under which restricting
//! condition, which actions, through which statements, and how to fix it.

use super::enumerate::Cell;
use crate::encode::universe::PrincipalKind;
use crate::encode::{PrincipalFact, Question};
use crate::finding::{
    condition_text, stable_id, Finding, FindingPrincipal, FindingStatus, FindingType, Source,
    StatementRef, Witness,
};
use crate::policy::Policy;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// What a cell renders to; cells with equal classes merge into one finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct FindingClass {
    /// The finding type.
    pub finding_type: FindingType,
    /// The principal.
    pub principal: FindingPrincipal,
    /// Restricting key -> policy values pinned.
    pub condition: BTreeMap<String, BTreeSet<String>>,
}

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
}

/// The class a cell renders to.
pub fn render_cell(question: &Question, cell: &Cell) -> FindingClass {
    let facts: Vec<&PrincipalFact> = question
        .principal_atoms
        .iter()
        .zip(&cell.principal)
        .filter(|(_, holds)| **holds)
        .map(|(atom, _)| &atom.fact)
        .collect();
    let kind = facts
        .iter()
        .find_map(|f| match f {
            PrincipalFact::Kind(k) => Some(*k),
            _ => None,
        })
        .unwrap_or(PrincipalKind::Anonymous);
    let (finding_type, principal) = render_principal(kind, &facts);
    let mut condition: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (atom, holds) in question.condition_atoms.iter().zip(&cell.condition) {
        if *holds {
            condition
                .entry(atom.key.clone())
                .or_default()
                .insert(atom.value.clone());
        }
    }
    FindingClass {
        finding_type,
        principal,
        condition,
    }
}

fn render_principal(kind: PrincipalKind, facts: &[&PrincipalFact]) -> (FindingType, FindingPrincipal) {
    let everyone = (FindingType::ExternalAccess, FindingPrincipal::Aws("*".into()));
    let first = |pick: fn(&PrincipalFact) -> Option<String>| facts.iter().find_map(|f| pick(f));
    match kind {
        PrincipalKind::Anonymous => everyone,
        PrincipalKind::Aws => {
            let named = first(|f| match f {
                PrincipalFact::Named(n) => Some(n.clone()),
                _ => None,
            });
            let account = first(|f| match f {
                PrincipalFact::Account(a) => Some(a.clone()),
                _ => None,
            });
            match named.or(account) {
                Some(p) => (FindingType::ExternalAccess, FindingPrincipal::Aws(p)),
                None => everyone,
            }
        }
        PrincipalKind::Service => first(|f| match f {
            PrincipalFact::Service(s) => Some(s.clone()),
            _ => None,
        })
        .map_or(everyone, |s| {
            (
                FindingType::ExternalAccessViaService,
                FindingPrincipal::Service(s),
            )
        }),
        PrincipalKind::Federated => first(|f| match f {
            PrincipalFact::Provider(p) => Some(p.clone()),
            _ => None,
        })
        .map_or(everyone, |p| {
            (FindingType::ExternalAccess, FindingPrincipal::Federated(p))
        }),
        PrincipalKind::CanonicalUser => first(|f| match f {
            PrincipalFact::CanonicalUser(c) => Some(c.clone()),
            _ => None,
        })
        .map_or(everyone, |c| {
            (FindingType::ExternalAccess, FindingPrincipal::CanonicalUser(c))
        }),
    }
}

/// Drops the drafts whose class another draft contains (same type and
/// principal, a strict subset of its condition), merging their actions and
/// statements into the broader one.
pub fn subsume(drafts: Vec<Draft>) -> Vec<Draft> {
    let mut kept: Vec<Draft> = Vec::new();
    let mut sorted = drafts;
    sorted.sort_by_key(|d| d.class.condition.values().map(BTreeSet::len).sum::<usize>());
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

/// Whether `broad`'s class contains `narrow`'s.
fn contains(broad: &FindingClass, narrow: &FindingClass) -> bool {
    broad.finding_type == narrow.finding_type
        && broad.principal == narrow.principal
        && broad.condition.iter().all(|(key, values)| {
            narrow
                .condition
                .get(key)
                .is_some_and(|n| values.is_subset(n))
        })
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
    let condition: BTreeMap<String, Value> = draft
        .class
        .condition
        .iter()
        .map(|(key, values)| {
            let value = match values.iter().collect::<Vec<_>>().as_slice() {
                [single] => Value::String((*single).clone()),
                many => Value::from(many.iter().map(|s| (*s).clone()).collect::<Vec<_>>()),
            };
            (key.clone(), value)
        })
        .collect();
    let principal = draft.class.principal.clone();
    let is_public = principal.is_everyone() && condition.is_empty();
    let statements: Vec<StatementRef> = draft
        .statements
        .iter()
        .map(|i| StatementRef {
            index: *i,
            sid: ctx
                .policy
                .statements
                .get(*i)
                .and_then(|s| s.sid.clone()),
        })
        .collect();
    let finding_type = draft.class.finding_type;
    let id = stable_id(&[
        ctx.resource,
        &format!("{finding_type:?}"),
        principal.type_name(),
        principal.value(),
        &condition_text(&condition),
    ]);
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
    }
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
        (_, FindingPrincipal::Federated(p)) => format!(
            "Restrict the provider's claims with conditions on `{p}:aud` and `{p}:sub` that name only your application and workload."
        ),
        (_, FindingPrincipal::Aws(p)) if p != "*" => {
            "If this principal is a partner you trust, add its account with --trusted-account or an archive rule; otherwise remove it from the Principal.".to_string()
        }
        _ => "Name the trusted principals explicitly instead of `*`, or add a condition on aws:PrincipalOrgID or aws:PrincipalAccount that keeps access inside your zone of trust.".to_string(),
    };
    format!("{through} grants {who} access{limited}. {fix}")
}
