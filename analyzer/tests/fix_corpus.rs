//! `fix` over the corpus: for every case with ACTIVE findings, fix each
//! finding alone and all of them together, and check each offered patch:
//! - with the engine: its proof holds (a, b, c), the fixed finding is not
//!   among the findings of the patched policy, and the policy-checks
//!   engine's no-new-access check passes on the patched policy against the
//!   original;
//! - on sampled requests with the concrete evaluator: the fixed findings'
//!   witnesses are denied; the other findings' witnesses (when they are
//!   not in a fixed class) and in-zone variants of every witness keep their
//!   decision; nothing the original denies is allowed.
//!
//! A case with `fixClaims` restricts its federated findings with those
//! claims: a fixed federated finding's witness given the claims keeps its
//! decision, and the finding that remains for its provider carries every
//! claim key.
//!
//! The default run takes every sixth case and every case with
//! `fixClaims`; `ZONEPROOF_FIX_ALL=1` runs them all (`zoneproof-bench fix`
//! reports the numbers over the whole corpus).

use std::collections::BTreeMap;
use std::path::Path;

use zoneproof_analyzer::analysis::{AnalysisOptions, ResourceSpec};
use zoneproof_analyzer::corpus::load_cases;
use zoneproof_analyzer::eval::{
    evaluate, evaluate_with, Context, Decision, Reading, Request, RequestPrincipal,
};
use zoneproof_analyzer::finding::{Finding, FindingPrincipal, FindingStatus, Witness};
use zoneproof_analyzer::fix::{fix, grants_nothing, FixInput, FixOptions, FixStatus, Selection};
use zoneproof_analyzer::policy::{parse_policy, Policy};
use zoneproof_analyzer::question::check::{CheckOptions, CheckPolicyType, CheckVerdict};
use zoneproof_analyzer::question::new_access::check_no_new_access;
use zoneproof_analyzer::semantics::principal_keys::DERIVED_KEY_NAMES;

/// A witness as a request for the evaluator.
fn request(w: &Witness) -> Option<Request> {
    let principal: RequestPrincipal = w.principal.parse().ok()?;
    let mut context = Context::new();
    for (key, value) in &w.context {
        match value {
            serde_json::Value::String(v) => {
                context.insert(key.as_str(), v.as_str());
            }
            serde_json::Value::Array(items) => {
                context.insert_all(
                    key.as_str(),
                    items.iter().filter_map(|i| i.as_str().map(str::to_string)),
                );
            }
            _ => return None,
        }
    }
    Some(Request::new(principal, &w.action, &w.resource).with_context(context))
}

/// In-zone variants of a request: the same request by the owner's root and
/// by a role of the owner (with the zone's organization, if any).
fn in_zone(request: &Request, spec: &ResourceSpec) -> Vec<Request> {
    let owner = &spec.zone.account;
    let mut context = Context::new();
    let derived: Vec<String> = DERIVED_KEY_NAMES
        .iter()
        .map(|(_, n)| n.to_lowercase())
        .chain(["aws:principalorgid".into(), "aws:principalorgpaths".into()])
        .collect();
    for (key, values) in request.context.iter() {
        if !derived.contains(&key.to_lowercase()) && !key.to_lowercase().starts_with("aws:source") {
            context.insert_all(key, values.iter().cloned());
        }
    }
    if let Some(org) = &spec.zone.org {
        context.insert("aws:PrincipalOrgID", org.as_str());
    }
    [
        format!("arn:aws:iam::{owner}:root"),
        format!("arn:aws:iam::{owner}:role/ZoneproofSample"),
    ]
    .into_iter()
    .map(|arn| {
        Request::new(
            RequestPrincipal::Aws(arn),
            &request.action,
            &request.resource,
        )
        .with_context(context.clone())
        .with_principal_keys()
    })
    .collect()
}

/// A federated finding's witness with the claims of its provider (a
/// wildcard stands for `x`), or `None` when the finding is not federated.
fn with_claims(
    finding: &Finding,
    witness: &Request,
    claims: &BTreeMap<String, Vec<String>>,
) -> Option<Request> {
    let FindingPrincipal::Federated(provider) = &finding.principal else {
        return None;
    };
    let prefix = zoneproof_analyzer::fix::claims::claim_prefix(provider);
    let ours: Vec<(&String, &Vec<String>)> = claims
        .iter()
        .filter(|(key, _)| {
            key.split_once(':')
                .is_some_and(|(p, _)| p.eq_ignore_ascii_case(&prefix))
        })
        .collect();
    let mut context = Context::new();
    for (key, values) in witness.context.iter() {
        if !ours.iter().any(|(k, _)| k.eq_ignore_ascii_case(key)) {
            context.insert_all(key, values.iter().cloned());
        }
    }
    for (key, values) in ours {
        context.insert(key.as_str(), values.first()?.replace(['*', '?'], "x"));
    }
    Some(witness.clone().with_context(context))
}

/// The finding of the patched policy for a fixed federated finding's
/// provider must carry every claim key given for it.
fn check_claims_carried(
    fixed: &[&Finding],
    remaining: &[Finding],
    claims: &BTreeMap<String, Vec<String>>,
) -> Result<(), String> {
    for finding in fixed {
        let FindingPrincipal::Federated(provider) = &finding.principal else {
            continue;
        };
        let prefix = zoneproof_analyzer::fix::claims::claim_prefix(provider);
        let keys: Vec<&String> = claims
            .keys()
            .filter(|k| {
                k.split_once(':')
                    .is_some_and(|(p, _)| p.eq_ignore_ascii_case(&prefix))
            })
            .collect();
        for narrower in remaining
            .iter()
            .filter(|r| r.principal == finding.principal)
        {
            if let Some(key) = keys.iter().find(|k| !narrower.condition.contains_key(**k)) {
                return Err(format!(
                    "{}: the remaining finding {} does not carry the claim `{key}`",
                    finding.id, narrower.id
                ));
            }
        }
    }
    Ok(())
}

fn allows(policy: &Policy, request: &Request) -> bool {
    evaluate(policy, request).decision == Decision::Allow
}

struct Checked {
    fixes: usize,
    sampled: usize,
    /// Witnesses of fixed federated findings checked with the claims.
    claimed: usize,
}

/// Checks one fix run; `Err` says what is wrong.
fn check_run(
    input: &FixInput,
    spec: &ResourceSpec,
    findings: &[Finding],
    selection: &Selection,
    (options, claims): (&FixOptions, &BTreeMap<String, Vec<String>>),
    checked: &mut Checked,
) -> Result<(), String> {
    let report = fix(input, selection, options).map_err(|e| e.to_string())?;
    let fixed: Vec<&Finding> = report
        .fixes
        .iter()
        .filter(|f| f.status != FixStatus::None)
        .map(|f| &f.finding)
        .collect();
    for f in &report.fixes {
        if f.status == FixStatus::Fixed && !f.proof.as_ref().is_some_and(|p| p.holds()) {
            return Err(format!("{}: offered without a proof", f.finding_id));
        }
        if f.status == FixStatus::None && f.reason.is_none() {
            return Err(format!("{}: no patch and no reason", f.finding_id));
        }
    }
    if fixed.is_empty() {
        return Ok(());
    }
    checked.fixes += fixed.len();
    if !report.proof.as_ref().is_some_and(|p| p.holds()) {
        return Err(format!("whole patch not proved: {:?}", report.proof));
    }
    for f in &fixed {
        if report.remaining.iter().any(|r| r.id == f.id) {
            return Err(format!("{}: still reported after its fix", f.id));
        }
    }
    check_claims_carried(&fixed, &report.remaining, claims)?;
    let original = parse_policy(&input.text).map_err(|e| e.to_string())?;
    let patched = if grants_nothing(&report.text) {
        Policy {
            version: original.version,
            id: None,
            statements: Vec::new(),
        }
    } else {
        parse_policy(&report.text).map_err(|e| format!("patched policy: {e}"))?
    };
    // The policy-checks engine agrees: no new access.
    if !patched.statements.is_empty() {
        let check = check_no_new_access(
            &patched,
            &original,
            &CheckOptions {
                policy_type: CheckPolicyType::Resource,
                account: Some(spec.zone.account.clone()),
                org: spec.zone.org.clone(),
                ..CheckOptions::default()
            },
        );
        // Its witnesses may compare the two policies under different
        // readings of an undocumented match; under one reading for both,
        // none may be new access.
        for witness in check.classes.iter().flat_map(|c| &c.witnesses) {
            let Some(sample) = request(witness) else {
                continue;
            };
            for reading in [Reading::GrantsMore, Reading::GrantsLess] {
                let allowed =
                    |p: &Policy| evaluate_with(p, &sample, reading).decision == Decision::Allow;
                if allowed(&patched) && !allowed(&original) {
                    return Err(format!("check-no-new-access fails: {}", check.message));
                }
            }
        }
        if check.result == CheckVerdict::Fail && check.classes.is_empty() {
            return Err(format!("check-no-new-access fails: {}", check.message));
        }
    }
    // Sampled requests with the evaluator.
    for finding in findings {
        let Some(witness) = finding.witness.as_ref().and_then(request) else {
            continue;
        };
        let is_fixed = fixed.iter().any(|f| f.id == finding.id);
        let samples: Vec<Request> = std::iter::once(witness.clone())
            .chain(in_zone(&witness, spec))
            .collect();
        for (i, sample) in samples.iter().enumerate() {
            checked.sampled += 1;
            let before = allows(&original, sample);
            let after = allows(&patched, sample);
            if after && !before {
                return Err(format!(
                    "new access for {} {} {}",
                    sample.principal, sample.action, sample.resource
                ));
            }
            if i == 0 && is_fixed && after {
                return Err(format!("{}: its witness is still allowed", finding.id));
            }
            // Given the claims, a fixed federated finding's witness keeps
            // its decision (the narrowing keeps what satisfies them).
            if i == 0 && is_fixed && !claims.is_empty() {
                if let Some(claimed) = with_claims(finding, sample, claims) {
                    checked.sampled += 1;
                    checked.claimed += 1;
                    if allows(&original, &claimed) && !allows(&patched, &claimed) {
                        return Err(format!(
                            "{}: a request that satisfies the claims is lost",
                            finding.id
                        ));
                    }
                }
            }
            // In-zone requests keep their decision.
            if i > 0 && before && !after {
                return Err(format!(
                    "in-zone access lost: {} {} {}",
                    sample.principal, sample.action, sample.resource
                ));
            }
        }
    }
    Ok(())
}

#[test]
fn fixes_over_the_corpus_are_proved_and_hold_on_sampled_requests() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus");
    let cases = load_cases(&dir).expect("corpus loads");
    let all = std::env::var_os("ZONEPROOF_FIX_ALL").is_some();
    let mut checked = Checked {
        fixes: 0,
        sampled: 0,
        claimed: 0,
    };
    let mut failures = Vec::new();
    let mut with_findings = 0;
    for (i, case) in cases.iter().enumerate() {
        if !all && i % 6 != 0 && case.fix_claims.is_empty() {
            continue;
        }
        let Ok(spec) = case.spec() else { continue };
        if spec.extras.acl.is_some()
            || spec.extras.grants.is_some()
            || spec.extras.sharing.is_some()
        {
            continue;
        }
        let Some(input) = FixInput::from_spec(&spec) else {
            continue;
        };
        let options = FixOptions {
            strategy: None,
            analysis: case.options(&AnalysisOptions::default()),
            claims: match case.claims() {
                Ok(claims) => claims,
                Err(e) => {
                    failures.push(format!("{}: {e}", case.file.display()));
                    continue;
                }
            },
        };
        let Ok(findings) = zoneproof_analyzer::fix::findings(&input, &options.analysis) else {
            continue;
        };
        let active: Vec<Finding> = findings
            .into_iter()
            .filter(|f| f.status == FindingStatus::Active)
            .collect();
        if active.is_empty() {
            continue;
        }
        with_findings += 1;
        let mut selections: Vec<Selection> = active
            .iter()
            .map(|f| Selection::Ids(vec![f.id.clone()]))
            .collect();
        selections.push(Selection::All);
        for selection in &selections {
            let run = (&options, &case.fix_claims);
            if let Err(e) = check_run(&input, &spec, &active, selection, run, &mut checked) {
                failures.push(format!("{} {selection:?}: {e}", case.file.display()));
            }
        }
    }
    println!(
        "fix corpus: {with_findings} cases with findings, {} fixes checked, {} sampled requests ({} with claims)",
        checked.fixes, checked.sampled, checked.claimed
    );
    assert!(failures.is_empty(), "{failures:#?}");
    assert!(checked.fixes > 0 && checked.sampled > 0 && checked.claimed > 0);
}
