//! The JSON reports of `generate` and `unused`, shared by the CLI and the
//! Python package.

use std::collections::BTreeSet;

use serde_json::{json, Value};

use super::allowed::AllowedSet;
use super::generate::{EventProof, GeneratedPolicy, PrincipalActivity, MANAGED_POLICY_SIZE_LIMIT};
use super::unused::{UnusedFinding, UnusedOptions, Usage};
use crate::inputs::identities::Identity;
use crate::policy::Policy;
use crate::question::check::{CheckOptions, CheckOutcome, CheckPolicyType, CheckVerdict};
use crate::question::new_access::check_no_new_access_over;

/// What the no-new-access half of `generate`'s proof compares with.
pub const NO_NEW_ACCESS_METHOD: &str = "the no-new-access check (symbolic, every request): the generated policy against the union of the principal's current identity policies (inline, managed and its groups'; an explicit deny in any wins); the permissions boundary, which still applies after the change, is left out (a stricter comparison)";

/// The no-new-access half of `generate`'s proof: the generated policy
/// checked against the principal's current identity policies together
/// ([`check_no_new_access_over`]). `UNKNOWN` (never a pass) when some of
/// those policies are missing from the export, as a missing policy may deny.
pub fn check_generated_policy(generated: &Policy, identity: &Identity) -> CheckOutcome {
    let started = std::time::Instant::now();
    if !identity.missing_policies.is_empty() {
        return CheckOutcome::unknown(
            format!(
                "managed policies attached to {} are not in the authorization details ({}): the current policies are not known in full",
                identity.arn,
                identity.missing_policies.join(", ")
            ),
            started,
        );
    }
    let references: Vec<&Policy> = identity.policies.iter().map(|p| &p.policy).collect();
    let options = CheckOptions {
        account: Some(identity.id.account.clone()),
        ..CheckOptions::of_type(CheckPolicyType::Identity)
    };
    check_no_new_access_over(generated, &references, &options)
}

/// The `proof.noNewAccess` object of a `generate` report.
fn no_new_access_json(
    generated: Option<&GeneratedPolicy>,
    current: Option<&CurrentComparison>,
    outcome: Option<&CheckOutcome>,
) -> Value {
    let (Some(current), Some(_)) = (current, generated) else {
        let reason = if current.is_none() {
            "needs the principal's current policies (--authz-details)"
        } else {
            "no policy was generated"
        };
        return json!({"status": "not-run", "reason": reason});
    };
    let Some(outcome) = outcome else {
        return json!({"status": "not-run", "reason": "the check was not run"});
    };
    let status = match outcome.result {
        CheckVerdict::Pass => "proved",
        CheckVerdict::Fail => "failed",
        CheckVerdict::Unknown => "unknown",
    };
    json!({
        "status": status,
        "reason": outcome.message,
        "method": NO_NEW_ACCESS_METHOD,
        "reference": current.identity.policies.iter().map(|p| p.describe()).collect::<Vec<_>>(),
        "result": outcome.result,
        "reasons": outcome.reasons,
        "classes": outcome.classes,
        "error": outcome.error,
        "complete": outcome.proof.complete,
        "solverChecks": outcome.proof.solver_checks,
        "micros": outcome.proof.micros,
    })
}

/// The principal's current policies compared with what it used.
#[derive(Debug, Clone)]
pub struct CurrentComparison {
    /// The identity, from the authorization details.
    pub identity: Identity,
    /// What its policies allow.
    pub allowed: AllowedSet,
    /// How `allowed` was computed.
    pub method: &'static str,
}

/// The JSON report of `generate`: `principal`, `window`, `events`,
/// `policy` (the document, `null` when the events used nothing),
/// `policySize`, `actions`, `denied`, `noPermissionNeeded`, `unmapped`,
/// `proof`, and `currentPolicy` when the current policies are known.
/// `no_new_access` is the outcome of [`check_generated_policy`] (run when
/// there is a policy and the current policies are known).
pub fn generate_report(
    activity: &PrincipalActivity,
    generated: Option<&GeneratedPolicy>,
    proof: &EventProof,
    current: Option<&CurrentComparison>,
    no_new_access: Option<&CheckOutcome>,
) -> Value {
    let principal_arn = activity
        .arn
        .clone()
        .unwrap_or_else(|| activity.principal.to_string());
    let actions: Vec<Value> = activity
        .used
        .values()
        .map(|used| {
            json!({
                "action": used.action.qualified_name(),
                "accessLevel": used.action.access_level.aws_name(),
                "requests": used.requests,
                "lastUsed": used.last_used,
                "resources": used.resources.patterns(),
                "requestsWithUnknownResourceParts": used.partial_resources,
            })
        })
        .collect();
    let denied: Vec<Value> = activity
        .denied
        .values()
        .map(|d| {
            json!({"action": d.action, "errorCode": d.error_code, "events": d.events,
                   "lastSeen": d.last_seen, "resources": d.resources.patterns()})
        })
        .collect();
    let others =
        |map: &std::collections::BTreeMap<String, super::generate::OtherUse>| -> Vec<Value> {
            map.iter()
            .map(|(key, other)| {
                let (source, name) = key.split_once(' ').unwrap_or((key, ""));
                json!({"eventSource": source, "eventName": name, "events": other.events, "reason": other.reason})
            })
            .collect()
        };
    let events_allowed = json!({
        "status": if generated.is_none() { "not-run" } else if proof.holds() { "proved" } else { "failed" },
        "method": "the concrete evaluator decided every request of every event of the principal in the window (refused calls excepted) against the generated policy",
        "events": proof.events,
        "requests": proof.requests,
        "requestsWithUnknownResourceParts": proof.requests_with_unknown_parts,
        "notAllowed": proof.not_allowed,
        "counterexamples": proof.counterexamples,
    });
    let no_new_access = no_new_access_json(generated, current, no_new_access);
    let mut report = json!({
        "principal": principal_arn,
        "window": {
            "since": activity.window.since,
            "until": activity.window.until,
            "firstEvent": activity.span.map(|s| s.0),
            "lastEvent": activity.span.map(|s| s.1),
        },
        "events": activity.counts,
        "policy": generated.map(|g| g.document.clone()),
        "policySize": {"characters": generated.map_or(0, |g| g.size), "managedPolicyLimit": MANAGED_POLICY_SIZE_LIMIT},
        "actions": actions,
        "denied": denied,
        "noPermissionNeeded": others(&activity.no_permission),
        "unmapped": others(&activity.unmapped),
        "proof": {"eventsAllowed": events_allowed, "noNewAccess": no_new_access},
    });
    if let (Some(current), Some(object)) = (current, report.as_object_mut()) {
        object.insert("currentPolicy".into(), current_policy(activity, current));
    }
    report
}

fn current_policy(activity: &PrincipalActivity, current: &CurrentComparison) -> Value {
    let used: BTreeSet<(&str, &str)> = activity
        .used
        .values()
        .map(|u| (u.action.service, u.action.name))
        .collect();
    let not_used: Vec<Value> = current
        .allowed
        .actions
        .iter()
        .filter_map(|(service, actions)| {
            let unused: Vec<String> = actions
                .iter()
                .filter(|name| !used.contains(&(*service, **name)))
                .map(|name| format!("{service}:{name}"))
                .collect();
            (!unused.is_empty())
                .then(|| json!({"service": service, "allowed": actions.len(), "notUsed": unused}))
        })
        .collect();
    let beyond: Vec<String> = used
        .iter()
        .filter(|(service, name)| !current.allowed.contains(service, name))
        .map(|(service, name)| format!("{service}:{name}"))
        .collect();
    json!({
        "principal": current.identity.arn,
        "policies": current.identity.policies.iter().map(|p| p.describe()).collect::<Vec<_>>(),
        "permissionsBoundary": current.identity.boundary.as_ref().map(|b| b.describe()),
        "method": current.method,
        "complete": current.allowed.complete,
        "notes": current.allowed.notes,
        "allowedActions": current.allowed.len(),
        "usedActions": used.len(),
        "notUsed": not_used,
        "usedButNotAllowedByIdentityPolicies": beyond,
    })
}

/// The JSON report of `unused`: `window`, `trail` (what the trails
/// covered), `findings`, `summary`, and `notes`.
pub fn unused_report(
    findings: &[UnusedFinding],
    usage: &Usage,
    options: &UnusedOptions,
    notes: &[String],
) -> Value {
    let mut summary = serde_json::Map::new();
    for finding in findings {
        let entry = summary
            .entry(finding.finding_type.name())
            .or_insert(Value::from(0));
        *entry = Value::from(entry.as_u64().unwrap_or(0) + 1);
    }
    json!({
        "window": {"days": options.days, "start": options.window_start(), "end": options.as_of},
        "trail": {
            "events": usage.events,
            "firstEvent": usage.span.map(|s| s.0),
            "lastEvent": usage.span.map(|s| s.1),
            "principals": usage.principals.len(),
            "unmapped": usage.unmapped.iter().map(|(k, n)| json!({"event": k, "events": n})).collect::<Vec<_>>(),
        },
        "findings": findings,
        "summary": summary,
        "notes": notes,
    })
}

/// The notes of an `unused` report: how allowed actions were computed, how
/// far the trails cover the window, and what was not checked.
pub fn unused_notes(
    usage: &Usage,
    options: &UnusedOptions,
    have_report: bool,
    method: &str,
) -> Vec<String> {
    let mut notes = vec![format!("allowed actions: {method}")];
    match usage.span {
        None => notes.push("the trails hold no event: every role older than the window is reported unused".into()),
        Some((first, last)) if first > options.window_start() => notes.push(format!(
            "the trails start at {first}, after the window's start {}: activity before {first} is known only from RoleLastUsed and the credential report (the trails end at {last})",
            options.window_start()
        )),
        Some(_) => {}
    }
    if !have_report {
        notes.push("no credential report: access keys and passwords are not checked".into());
    }
    notes
}
