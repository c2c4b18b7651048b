//! From cells to findings: who (principal), under which restricting
//! condition, which actions, through which statements, and how to fix it.

use crate::encode::universe::PrincipalKind;
use crate::encode::{PrincipalFact, Question};
use crate::finding::{
    condition_text, stable_id, Finding, FindingPrincipal, FindingStatus, FindingType, Source,
    StatementRef, Witness,
};
use crate::policy::Policy;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use zoneproof_encodings::term::{self, Term};

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

/// The class a cell (truth values of the atoms) renders to.
pub fn render_cell(question: &Question, principal: &[bool], conditions: &[bool]) -> FindingClass {
    let facts: Vec<&PrincipalFact> = question
        .principal_atoms
        .iter()
        .zip(principal)
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
    for (atom, holds) in question.condition_atoms.iter().zip(conditions) {
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

fn render_principal(
    kind: PrincipalKind,
    facts: &[&PrincipalFact],
) -> (FindingType, FindingPrincipal) {
    let everyone = (
        FindingType::ExternalAccess,
        FindingPrincipal::Aws("*".into()),
    );
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
            (
                FindingType::ExternalAccess,
                FindingPrincipal::CanonicalUser(c),
            )
        }),
    }
}

/// The requests whose class `class` contains: its principal, with at least
/// its restricting values (possibly more). They all render to `class` or to
/// a narrower class that [`subsume`] would merge into it, so blocking this
/// region at once keeps the number of solver checks proportional to the
/// number of findings.
pub fn region(question: &Question, class: &FindingClass) -> Term {
    let principal = principal_region(question, class);
    let mut pairs: BTreeMap<(&str, &str), Vec<&Term>> = BTreeMap::new();
    for atom in &question.condition_atoms {
        pairs
            .entry((atom.key.as_str(), atom.value.as_str()))
            .or_default()
            .push(&atom.term);
    }
    let conditions = pairs
        .into_iter()
        .filter(|((key, value), _)| {
            class
                .condition
                .get(*key)
                .is_some_and(|values| values.contains(*value))
        })
        .map(|(_, terms)| term::or(terms.into_iter().cloned()));
    term::and(std::iter::once(principal).chain(conditions))
}

/// The principal part of a class's region: the facts `render_principal`
/// reads, in the same order (the first true fact of a kind names it).
fn principal_region(question: &Question, class: &FindingClass) -> Term {
    let facts: Vec<(&PrincipalFact, &Term)> = question
        .principal_atoms
        .iter()
        .map(|a| (&a.fact, &a.term))
        .collect();
    let kind_term = |k: PrincipalKind| {
        facts
            .iter()
            .find(|(f, _)| **f == PrincipalFact::Kind(k))
            .map_or_else(term::fls, |(_, t)| (*t).clone())
    };
    let none_of = |pick: &dyn Fn(&PrincipalFact) -> bool| {
        term::not(term::or(
            facts
                .iter()
                .filter(|(f, _)| pick(f))
                .map(|(_, t)| (*t).clone()),
        ))
    };
    // The first fact of `pick` that holds is `wanted`. When no other fact
    // of its kind can hold with `wanted`, that is `wanted` alone: blocking
    // clauses then stay of constant size instead of growing with the facts
    // before it (quadratic in the number of partners named, see #15).
    let first_is = |pick: &dyn Fn(&PrincipalFact) -> bool, wanted: &PrincipalFact| {
        if excludes_its_kind(wanted) {
            return facts
                .iter()
                .find(|(f, _)| *f == wanted)
                .map_or_else(term::fls, |(_, t)| (*t).clone());
        }
        let mut before = Vec::new();
        for (f, t) in facts.iter().filter(|(f, _)| pick(f)) {
            if *f == wanted {
                return term::and([term::not(term::or(before)), (*t).clone()]);
            }
            before.push((*t).clone());
        }
        term::fls()
    };
    let is_named = |f: &PrincipalFact| matches!(f, PrincipalFact::Named(_));
    let is_account = |f: &PrincipalFact| matches!(f, PrincipalFact::Account(_));
    let is_service = |f: &PrincipalFact| matches!(f, PrincipalFact::Service(_));
    let is_provider = |f: &PrincipalFact| matches!(f, PrincipalFact::Provider(_));
    let is_canonical = |f: &PrincipalFact| matches!(f, PrincipalFact::CanonicalUser(_));
    match (&class.finding_type, &class.principal) {
        (FindingType::ExternalAccess, FindingPrincipal::Aws(p)) if p == "*" => term::or([
            kind_term(PrincipalKind::Anonymous),
            term::and([
                kind_term(PrincipalKind::Aws),
                none_of(&is_named),
                none_of(&is_account),
            ]),
            term::and([kind_term(PrincipalKind::Service), none_of(&is_service)]),
            term::and([kind_term(PrincipalKind::Federated), none_of(&is_provider)]),
            term::and([
                kind_term(PrincipalKind::CanonicalUser),
                none_of(&is_canonical),
            ]),
        ]),
        (_, FindingPrincipal::Aws(p)) => {
            let named = PrincipalFact::Named(p.clone());
            let account = PrincipalFact::Account(p.clone());
            term::and([
                kind_term(PrincipalKind::Aws),
                term::or([
                    first_is(&is_named, &named),
                    term::and([none_of(&is_named), first_is(&is_account, &account)]),
                ]),
            ])
        }
        (_, FindingPrincipal::Service(s)) => term::and([
            kind_term(PrincipalKind::Service),
            first_is(&is_service, &PrincipalFact::Service(s.clone())),
        ]),
        (_, FindingPrincipal::Federated(p)) => term::and([
            kind_term(PrincipalKind::Federated),
            first_is(&is_provider, &PrincipalFact::Provider(p.clone())),
        ]),
        (_, FindingPrincipal::CanonicalUser(c)) => term::and([
            kind_term(PrincipalKind::CanonicalUser),
            first_is(&is_canonical, &PrincipalFact::CanonicalUser(c.clone())),
        ]),
    }
}

/// Whether a principal fact rules out every other fact of its kind: a
/// named identity is an equality with one ARN, and an account fact is
/// membership of the ARN's account segment (between its fourth and fifth
/// colons) in one literal id without `:`, so two different ones cannot both
/// hold.
fn excludes_its_kind(fact: &PrincipalFact) -> bool {
    match fact {
        PrincipalFact::Named(_) => true,
        PrincipalFact::Account(account) => !account.contains([':', '*', '?']),
        _ => false,
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
            sid: ctx.policy.statements.get(*i).and_then(|s| s.sid.clone()),
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
