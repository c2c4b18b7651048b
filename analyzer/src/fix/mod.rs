//! Proven remediation: for each selected finding of a resource policy, the
//! smallest change of the policy text that removes the finding's class of
//! external access, with the engine's proof that it does exactly that
//! (`docs/fix.md`).
//!
//! For each finding, candidate patches are tried in order of preference:
//! - *restrict*: add a condition to the statements that grant the class,
//!   keeping the zone in and the class out: `aws:PrincipalOrgID` (an
//!   organization zone) or `aws:PrincipalAccount` (the zone's accounts) for
//!   AWS principals, `aws:SourceOrgID` or `aws:SourceAccount` for service
//!   principals; first with `StringEquals`, then with
//!   `StringEqualsIfExists` (which keeps service principals, which carry
//!   no principal account, where the statement also serves them);
//! - *remove*: take the finding's principal out of the `Principal` element
//!   of those statements, dropping a statement left without principals.
//!
//! A federated finding is restricted by its provider's claims, which only
//! the user knows ([`claims::Claims`], `--claim KEY=VALUE`): the patch adds
//! them to the granting statements, and the proof is of a narrowing — the
//! class loses only its requests outside the claims, and those that satisfy
//! them are kept. Without claims, restrict does not apply to it.
//!
//! A candidate is offered only when [`Obligations`] proves (a) the class
//! gone, (b) no new access and (c) nothing else lost; otherwise the reason
//! is reported. Several findings are fixed one after the other, each patch
//! proved against the policy it changes, and the result once more against
//! the original policy.

pub mod claims;
pub mod diff;
pub mod edit;
pub mod patch;
pub mod source;

use serde::Serialize;
use std::time::Instant;

use crate::analysis::{
    analyze_policy_classes, parse_resource_policy, AnalysisOptions, ClassedResult, Extras,
    PolicyDocument, ResourceSpec,
};
use crate::encode::decode::context_json;
use crate::eval::Request;
use crate::finding::{
    Finding, FindingPrincipal, FindingStatus, FindingType, ResultStatus, Witness,
};
use crate::policy::Policy;
use crate::question::external_access::{FindingClass, QuestionOptions};
use crate::question::fix_obligations::{Obligations, Policies, Target, Verdict};
use crate::resource::ResourceType;
use crate::zone::Zone;
use claims::ClaimCondition;
use zoneproof_encodings::solver::{with_thread_backend, Backend};

pub use claims::{ClaimError, Claims};
pub use diff::unified_diff;

/// Why `fix` could not do its job (bad input, or an analysis that did not
/// end in a proof).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FixError {
    /// The policy, resource or zone is invalid.
    #[error("{0}")]
    Input(String),
    /// The analysis of the original policy is not complete.
    #[error("the analysis of the policy is not complete, so no fix can be proved: {0}")]
    Incomplete(String),
    /// A finding id that the policy does not have.
    #[error("no ACTIVE finding `{id}` (the policy's ACTIVE findings: {known})")]
    UnknownFinding {
        /// The id asked for.
        id: String,
        /// The ids there are.
        known: String,
    },
}

/// A kind of patch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Strategy {
    /// Add a condition that keeps the zone in and the class out.
    Restrict,
    /// Take the principal out of the statement.
    Remove,
}

impl Strategy {
    /// Its name.
    pub fn name(self) -> &'static str {
        match self {
            Strategy::Restrict => "restrict",
            Strategy::Remove => "remove",
        }
    }
}

/// Which findings to fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// Every ACTIVE finding of the policy.
    All,
    /// These finding ids.
    Ids(Vec<String>),
}

/// How to fix.
#[derive(Debug, Clone, Default)]
pub struct FixOptions {
    /// Only this kind of patch (default: restrict, then remove).
    pub strategy: Option<Strategy>,
    /// The analysis options (backend, timeout, service findings, archive
    /// rules: archived findings are not fixed).
    pub analysis: AnalysisOptions,
    /// The claims that restrict federated findings (none: they are not
    /// restricted).
    pub claims: Claims,
}

/// The resource and its policy text.
#[derive(Debug, Clone)]
pub struct FixInput {
    /// The resource type.
    pub resource_type: ResourceType,
    /// The resource ARN.
    pub arn: String,
    /// The zone of trust.
    pub zone: Zone,
    /// The policy, as JSON text (edited in place).
    pub text: String,
}

impl FixInput {
    /// The input of a resource to analyse (a decoded JSON policy is written
    /// as pretty JSON text); `None` when the resource has no policy.
    pub fn from_spec(spec: &ResourceSpec) -> Option<FixInput> {
        let text = match spec.policy.as_ref()? {
            PolicyDocument::Text(text) => text.clone(),
            PolicyDocument::Json(value) => serde_json::to_string_pretty(value).ok()?,
        };
        Some(FixInput {
            resource_type: spec.resource_type,
            arn: spec.arn.clone(),
            zone: spec.zone.clone(),
            text,
        })
    }
}

/// One proof obligation's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Obligation {
    /// Proved.
    pub holds: bool,
    /// A request that refutes it, re-checked by the evaluator.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counterexample: Option<Witness>,
    /// Why it is not decided.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl Obligation {
    fn of(verdict: Verdict) -> Obligation {
        match verdict {
            Verdict::Holds => Obligation {
                holds: true,
                counterexample: None,
                reason: None,
            },
            Verdict::Fails(request) => Obligation {
                holds: false,
                counterexample: Some(witness(&request)),
                reason: None,
            },
            Verdict::Unknown(reason) => Obligation {
                holds: false,
                counterexample: None,
                reason: Some(reason),
            },
        }
    }

    fn all(items: impl IntoIterator<Item = Obligation>) -> Obligation {
        items
            .into_iter()
            .find(|o| !o.holds)
            .unwrap_or_else(|| Obligation::of(Verdict::Holds))
    }
}

/// The proof of one patch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PatchProof {
    /// (a) no request of the finding's class is allowed any more.
    pub class_gone: Obligation,
    /// (b) the patched policy allows nothing the policy did not.
    pub no_new_access: Obligation,
    /// (c) every request the policy allowed outside the removed classes is
    /// still allowed.
    pub nothing_else_lost: Obligation,
}

impl PatchProof {
    /// All three obligations hold.
    pub fn holds(&self) -> bool {
        self.class_gone.holds && self.no_new_access.holds && self.nothing_else_lost.holds
    }

    /// The first obligation that does not hold, in words.
    pub fn failure(&self) -> Option<String> {
        let named = [
            ("(a) the class is not gone", &self.class_gone),
            ("(b) the patch grants new access", &self.no_new_access),
            (
                "(c) the patch takes away other access",
                &self.nothing_else_lost,
            ),
        ];
        // An obligation skipped because another failed first is not the
        // reason: name the one that failed.
        let skipped = |o: &Obligation| o.reason.as_deref() == Some(NOT_CHECKED);
        named
            .iter()
            .find(|(_, o)| !o.holds && !skipped(o))
            .or_else(|| named.iter().find(|(_, o)| !o.holds))
            .map(|(what, o)| match (&o.counterexample, &o.reason) {
                (Some(w), _) => format!(
                    "{what}: e.g. principal `{}`, action `{}`, resource `{}`{}",
                    w.principal,
                    w.action,
                    w.resource,
                    if w.context.is_empty() {
                        String::new()
                    } else {
                        format!(
                            ", context {}",
                            serde_json::to_string(&w.context).unwrap_or_default()
                        )
                    }
                ),
                (None, Some(reason)) => format!("{what} is not decided: {reason}"),
                (None, None) => what.to_string(),
            })
    }
}

/// The reason of an obligation left unchecked after another failed.
const NOT_CHECKED: &str = "not checked: an earlier obligation failed";

/// A candidate that was tried and not offered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Rejected {
    /// Its kind.
    pub strategy: Strategy,
    /// What it would change.
    pub change: String,
    /// Why it is not offered.
    pub reason: String,
}

/// What happened to one selected finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FixStatus {
    /// A proved patch removes it.
    Fixed,
    /// The patch of an earlier finding removed it too.
    FixedByEarlier,
    /// No candidate passed the proof (see `rejected`).
    None,
}

/// The fix of one finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FindingFix {
    /// The finding's id.
    pub finding_id: String,
    /// The finding.
    pub finding: Finding,
    /// What happened.
    pub status: FixStatus,
    /// The kind of the patch offered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub strategy: Option<Strategy>,
    /// The statements the patch changes (indexes in the policy it patched).
    pub statements: Vec<usize>,
    /// The change, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<String>,
    /// The proof of the patch offered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proof: Option<PatchProof>,
    /// The candidates tried and not offered, with the reason.
    pub rejected: Vec<Rejected>,
    /// Why no patch is offered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Time spent on this finding (candidates and proofs), microseconds.
    pub micros: u64,
    /// The policy text after this finding's patch (the input of the next).
    #[serde(skip)]
    pub text_after: Option<String>,
}

/// The outcome of `fix`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FixReport {
    /// The resource ARN.
    pub resource: String,
    /// Its type.
    pub resource_type: String,
    /// The patched policy text (the original when nothing was fixed).
    #[serde(skip)]
    pub text: String,
    /// One entry per selected finding, in order.
    pub fixes: Vec<FindingFix>,
    /// The whole change against the original policy: (a) for every fixed
    /// class, (b) and (c) from the original to the patched policy.
    pub proof: Option<PatchProof>,
    /// The ACTIVE findings of the patched policy.
    pub remaining: Vec<Finding>,
    /// Time of the whole fix, microseconds.
    pub micros: u64,
    /// The patched policy has no statement left: delete the policy (AWS
    /// does not store a policy without statements).
    pub delete_policy: bool,
}

impl FixReport {
    /// Whether some selected finding has no patch.
    pub fn unfixed(&self) -> usize {
        self.fixes
            .iter()
            .filter(|f| f.status == FixStatus::None)
            .count()
    }

    /// The patched policy as JSON.
    pub fn policy_json(&self) -> serde_json::Value {
        serde_json::from_str(&self.text).unwrap_or(serde_json::Value::Null)
    }
}

/// The context of one fix run.
struct Run<'a> {
    input: &'a FixInput,
    spec: ResourceSpec,
    options: &'a FixOptions,
    original: Policy,
    /// What the claims keep of the federated classes (see
    /// [`Policies::kept`]).
    kept: Option<Policy>,
}

impl Run<'_> {
    fn target(&self) -> Target<'_> {
        Target {
            resource_type: self.input.resource_type,
            arn: &self.input.arn,
            zone: &self.input.zone,
            options: QuestionOptions {
                service_findings: self.options.analysis.service_findings,
            },
        }
    }

    fn parse(&self, text: &str) -> Result<Policy, String> {
        if grants_nothing(text) {
            return Ok(Policy {
                version: self.original.version,
                id: self.original.id.clone(),
                statements: Vec::new(),
            });
        }
        let policy = parse_resource_policy(&PolicyDocument::Text(text.to_string()), &self.spec)
            .map_err(|e| format!("the patched policy does not parse: {e}"))?;
        crate::analysis::check_resource_policy(&policy, self.input.resource_type)
            .map_err(|e| format!("invalid policy: {e}"))?;
        Ok(policy)
    }
}

/// Analyses the policy and fixes the selected findings.
///
/// # Errors
/// [`FixError`] for bad input, an incomplete analysis, or an unknown id.
pub fn fix(
    input: &FixInput,
    selection: &Selection,
    options: &FixOptions,
) -> Result<FixReport, FixError> {
    let started = Instant::now();
    let spec = ResourceSpec {
        resource_type: input.resource_type,
        arn: input.arn.clone(),
        zone: input.zone.clone(),
        policy: Some(PolicyDocument::Text(input.text.clone())),
        extras: Extras::default(),
    };
    let original = parse_resource_policy(&PolicyDocument::Text(input.text.clone()), &spec)
        .map_err(|e| FixError::Input(format!("invalid policy: {e}")))?;
    let analysis = analyze_policy_classes(&spec, &original, &options.analysis);
    check_analysis(&analysis)?;
    let selected = select(&analysis, selection)?;
    let kept = kept_by_claims(&options.claims, &selected)?;
    let run = Run {
        input,
        spec,
        options,
        original,
        kept,
    };
    let backend_kind = options.analysis.backend;
    let (fixes, text, proof) =
        with_thread_backend(backend_kind, options.analysis.timeout, |backend| {
            fix_all(&run, backend, &selected)
        });
    let remaining = remaining_findings(&run, &text);
    Ok(FixReport {
        delete_policy: grants_nothing(&text),
        resource: input.arn.clone(),
        resource_type: input.resource_type.name().to_string(),
        text,
        fixes,
        proof,
        remaining,
        micros: micros(started),
    })
}

/// Fixes every ACTIVE finding of the policy on its own: for each, the
/// patch of the original policy that removes that finding alone, proved as
/// by [`fix`] with that one finding selected (the policy is analysed once).
/// Returns the fixes in the order of the analysis's findings, each with the
/// patched text in [`FindingFix::text_after`] when it is fixed.
///
/// # Errors
/// As [`fix`].
pub fn fix_each(input: &FixInput, options: &FixOptions) -> Result<Vec<FindingFix>, FixError> {
    let spec = ResourceSpec {
        resource_type: input.resource_type,
        arn: input.arn.clone(),
        zone: input.zone.clone(),
        policy: Some(PolicyDocument::Text(input.text.clone())),
        extras: Extras::default(),
    };
    let original = parse_resource_policy(&PolicyDocument::Text(input.text.clone()), &spec)
        .map_err(|e| FixError::Input(format!("invalid policy: {e}")))?;
    let analysis = analyze_policy_classes(&spec, &original, &options.analysis);
    check_analysis(&analysis)?;
    let selected = select(&analysis, &Selection::All)?;
    let kept = kept_by_claims(&options.claims, &selected)?;
    let run = Run {
        input,
        spec,
        options,
        original,
        kept,
    };
    let fixes = with_thread_backend(
        options.analysis.backend,
        options.analysis.timeout,
        |backend| {
            selected
                .iter()
                .map(|(finding, class)| {
                    fix_one(&run, backend, &input.text, finding, class, &[class], false)
                })
                .collect()
        },
    );
    Ok(fixes)
}

/// The findings of a resource policy with their classes (for callers that
/// show findings before fixing, and for `--archive`).
///
/// # Errors
/// As [`fix`].
pub fn findings(input: &FixInput, options: &AnalysisOptions) -> Result<Vec<Finding>, FixError> {
    let spec = ResourceSpec {
        resource_type: input.resource_type,
        arn: input.arn.clone(),
        zone: input.zone.clone(),
        policy: Some(PolicyDocument::Text(input.text.clone())),
        extras: Extras::default(),
    };
    let policy = parse_resource_policy(&PolicyDocument::Text(input.text.clone()), &spec)
        .map_err(|e| FixError::Input(format!("invalid policy: {e}")))?;
    let analysis = analyze_policy_classes(&spec, &policy, options);
    check_analysis(&analysis)?;
    Ok(analysis.result.findings)
}

/// Checks the claims against the providers of the selected federated
/// findings, and returns the policy of what they keep.
fn kept_by_claims(
    claims: &Claims,
    selected: &[(Finding, FindingClass)],
) -> Result<Option<Policy>, FixError> {
    if claims.is_empty() {
        return Ok(None);
    }
    let providers: Vec<&str> = selected
        .iter()
        .filter_map(|(_, class)| match &class.principal {
            FindingPrincipal::Federated(p) if p != "*" => Some(p.as_str()),
            _ => None,
        })
        .collect();
    claims
        .check(&providers)
        .map_err(|e| FixError::Input(e.to_string()))?;
    Ok(claims.kept_policy(&providers))
}

fn check_analysis(analysis: &ClassedResult) -> Result<(), FixError> {
    let result = &analysis.result;
    match result.status {
        ResultStatus::Analyzed => Ok(()),
        ResultStatus::Error => Err(FixError::Input(
            result
                .error
                .clone()
                .unwrap_or_else(|| "invalid input".into()),
        )),
        ResultStatus::Unknown => Err(FixError::Incomplete(
            result.error.clone().unwrap_or_else(|| "undecided".into()),
        )),
    }
}

/// The selected ACTIVE findings with their classes.
fn select(
    analysis: &ClassedResult,
    selection: &Selection,
) -> Result<Vec<(Finding, FindingClass)>, FixError> {
    let active: Vec<(Finding, FindingClass)> = analysis
        .result
        .findings
        .iter()
        .cloned()
        .zip(analysis.classes.iter().cloned())
        .filter(|(f, _)| f.status == FindingStatus::Active)
        .collect();
    match selection {
        Selection::All => Ok(active),
        Selection::Ids(ids) => ids
            .iter()
            .map(|id| {
                active
                    .iter()
                    .find(|(f, _)| &f.id == id)
                    .cloned()
                    .ok_or_else(|| FixError::UnknownFinding {
                        id: id.clone(),
                        known: if active.is_empty() {
                            "none".into()
                        } else {
                            active
                                .iter()
                                .map(|(f, _)| f.id.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        },
                    })
            })
            .collect(),
    }
}

type Fixed = (Vec<FindingFix>, String, Option<PatchProof>);

fn fix_all(
    run: &Run<'_>,
    backend: &mut dyn Backend,
    selected: &[(Finding, FindingClass)],
) -> Fixed {
    let mut text = run.input.text.clone();
    let mut fixes: Vec<FindingFix> = Vec::new();
    for (k, (finding, class)) in selected.iter().enumerate() {
        let pending: Vec<&FindingClass> = selected[k..].iter().map(|(_, c)| c).collect();
        let fix = fix_one(run, backend, &text, finding, class, &pending, k > 0);
        if let Some(after) = &fix.text_after {
            text = after.clone();
        }
        fixes.push(fix);
    }
    let steps: Vec<&FindingFix> = fixes
        .iter()
        .filter(|f| f.status == FixStatus::Fixed)
        .collect();
    let proof = if text == run.input.text {
        None
    } else if let ([only], [_]) = (steps.as_slice(), selected) {
        // One patch of the original policy: its proof is the whole proof.
        only.proof.clone()
    } else {
        // (a) for the fixed classes; (c) outside every selected class: an
        // earlier patch may take part of a later selected finding's access
        // even when that finding gets no patch of its own.
        let gone: Vec<&FindingClass> = selected
            .iter()
            .zip(&fixes)
            .filter(|(_, f)| f.status != FixStatus::None)
            .map(|((_, c), _)| c)
            .collect();
        let removed: Vec<&FindingClass> = selected.iter().map(|(_, c)| c).collect();
        Some(whole_proof(run, backend, &text, &gone, &removed))
    };
    (fixes, text, proof)
}

/// The proof of the whole change against the original policy.
fn whole_proof(
    run: &Run<'_>,
    backend: &mut dyn Backend,
    text: &str,
    gone: &[&FindingClass],
    removed: &[&FindingClass],
) -> PatchProof {
    let failed = |reason: String| PatchProof {
        class_gone: Obligation::of(Verdict::Unknown(reason.clone())),
        no_new_access: Obligation::of(Verdict::Unknown(reason.clone())),
        nothing_else_lost: Obligation::of(Verdict::Unknown(reason)),
    };
    let patched = match run.parse(text) {
        Ok(p) => p,
        Err(e) => return failed(e),
    };
    prove(run, backend, &run.original, &patched, gone, removed).unwrap_or_else(failed)
}

/// (a) for each of `gone`, (b), and (c) outside `removed`, for one policy.
fn prove(
    run: &Run<'_>,
    backend: &mut dyn Backend,
    current: &Policy,
    patched: &Policy,
    gone: &[&FindingClass],
    removed: &[&FindingClass],
) -> Result<PatchProof, String> {
    let obligations = Obligations::new(
        Policies {
            original: &run.original,
            current,
            patched: &[patched],
            kept: run.kept.as_ref(),
        },
        run.target(),
    )
    .map_err(|e| e.to_string())?;
    Ok(prove_candidate(
        &obligations,
        backend,
        0,
        (current, patched),
        gone,
        removed,
        false,
    ))
}

/// The obligations of candidate `index`: (c) first (it fails most often),
/// then (a), then (b); with `stop`, the first failure ends the proof (the
/// others are reported as not checked).
fn prove_candidate(
    obligations: &Obligations,
    backend: &mut dyn Backend,
    index: usize,
    (current, patched): (&Policy, &Policy),
    gone: &[&FindingClass],
    removed: &[&FindingClass],
    stop: bool,
) -> PatchProof {
    let skipped = || Obligation::of(Verdict::Unknown(NOT_CHECKED.into()));
    let nothing_else_lost =
        Obligation::of(obligations.nothing_else_lost(backend, index, current, patched, removed));
    if stop && !nothing_else_lost.holds {
        return PatchProof {
            class_gone: skipped(),
            no_new_access: skipped(),
            nothing_else_lost,
        };
    }
    let class_gone = Obligation::all(
        gone.iter()
            .map(|c| Obligation::of(obligations.class_gone(backend, index, patched, c))),
    );
    if stop && !class_gone.holds {
        return PatchProof {
            class_gone,
            no_new_access: skipped(),
            nothing_else_lost,
        };
    }
    PatchProof {
        class_gone,
        no_new_access: Obligation::of(obligations.no_new_access(backend, index, current, patched)),
        nothing_else_lost,
    }
}

fn fix_one(
    run: &Run<'_>,
    backend: &mut dyn Backend,
    text: &str,
    finding: &Finding,
    class: &FindingClass,
    pending: &[&FindingClass],
    after_others: bool,
) -> FindingFix {
    let started = Instant::now();
    let mut fix = FindingFix {
        finding_id: finding.id.clone(),
        finding: finding.clone(),
        status: FixStatus::None,
        strategy: None,
        statements: Vec::new(),
        change: None,
        proof: None,
        rejected: Vec::new(),
        reason: None,
        micros: 0,
        text_after: None,
    };
    let outcome = try_fix(run, backend, text, class, pending, after_others, &mut fix);
    if let Err(reason) = outcome {
        fix.reason = Some(reason);
    }
    fix.micros = micros(started);
    fix
}

fn try_fix(
    run: &Run<'_>,
    backend: &mut dyn Backend,
    text: &str,
    class: &FindingClass,
    pending: &[&FindingClass],
    after_others: bool,
    fix: &mut FindingFix,
) -> Result<(), String> {
    let current = run.parse(text)?;
    let here = Obligations::new(
        Policies {
            original: &run.original,
            current: &current,
            patched: &[],
            kept: run.kept.as_ref(),
        },
        run.target(),
    )
    .map_err(|e| e.to_string())?;
    if after_others && here.class_gone_already(backend, &current, class).holds() {
        fix.status = FixStatus::FixedByEarlier;
        return Ok(());
    }
    let statements = here
        .granting_statements(backend, &current, class)
        .map_err(|e| e.to_string())?;
    if statements.is_empty() {
        if run.kept.is_some() && !claims_of(run, class).is_empty() {
            return Err(
                "every request of the finding's class already satisfies the claims given: nothing to restrict"
                    .into(),
            );
        }
        return Err("no Allow statement of the policy grants the finding's class".into());
    }
    fix.statements = statements.clone();
    // Every applicable candidate, proved over one environment.
    let mut tried: Vec<(Strategy, String, String, Policy)> = Vec::new();
    for candidate in candidates(run, &fix.finding, class, text, &statements) {
        let strategy = candidate.strategy();
        let applied = candidate
            .apply(text, &statements)
            .and_then(|(patched_text, change)| {
                run.parse(&patched_text).map(|p| (patched_text, change, p))
            });
        match applied {
            Ok((patched_text, change, policy)) => {
                tried.push((strategy, change, patched_text, policy))
            }
            Err(reason) => fix.rejected.push(Rejected {
                strategy,
                change: candidate.describe(&statements),
                reason,
            }),
        }
    }
    if tried.is_empty() {
        return Err(match fix.rejected.as_slice() {
            [] => "no patch of the requested kind applies to this finding".into(),
            _ => "no candidate patch applies (see `rejected`)".into(),
        });
    }
    let policies: Vec<&Policy> = tried.iter().map(|t| &t.3).collect();
    let obligations = Obligations::new(
        Policies {
            original: &run.original,
            current: &current,
            patched: &policies,
            kept: run.kept.as_ref(),
        },
        run.target(),
    )
    .map_err(|e| e.to_string())?;
    for (index, (strategy, change, patched_text, policy)) in tried.iter().enumerate() {
        let proof = prove_candidate(
            &obligations,
            backend,
            index,
            (&current, policy),
            &[class],
            pending,
            true,
        );
        if proof.holds() {
            fix.status = FixStatus::Fixed;
            fix.strategy = Some(*strategy);
            fix.change = Some(change.clone());
            fix.proof = Some(proof);
            fix.text_after = Some(patched_text.clone());
            return Ok(());
        }
        fix.rejected.push(Rejected {
            strategy: *strategy,
            change: change.clone(),
            reason: proof.failure().unwrap_or_default(),
        });
    }
    Err("no candidate patch passed the proof (see `rejected`)".into())
}

/// A patch to try.
#[derive(Debug, Clone)]
enum Candidate {
    /// Add `key` with `values` under the first free operator.
    Restrict {
        key: &'static str,
        values: Vec<String>,
        operators: &'static [&'static str],
    },
    /// Add the claims of a federated provider.
    Claims(Vec<ClaimCondition>),
    /// Remove the principal.
    Remove(FindingPrincipal),
    /// Drop the statements that grant the class.
    Drop,
    /// A strategy that does not apply, and why.
    NotApplicable(Strategy, String),
}

const EQUALS: &[&str] = &["StringEquals", "StringLike"];
const EQUALS_IF_EXISTS: &[&str] = &["StringEqualsIfExists", "StringLikeIfExists"];

impl Candidate {
    fn strategy(&self) -> Strategy {
        match self {
            Candidate::Restrict { .. } | Candidate::Claims(_) => Strategy::Restrict,
            Candidate::Remove(_) | Candidate::Drop => Strategy::Remove,
            Candidate::NotApplicable(s, _) => *s,
        }
    }

    fn describe(&self, statements: &[usize]) -> String {
        let on = statements
            .iter()
            .map(|i| format!("#{i}"))
            .collect::<Vec<_>>()
            .join(", ");
        match self {
            Candidate::Restrict {
                key,
                values,
                operators,
            } => format!(
                "add {} {key} = {} to statement {on}",
                operators.first().copied().unwrap_or_default(),
                values.join(" | ")
            ),
            Candidate::Claims(claims) => format!(
                "add {} to statement {on}",
                claims
                    .iter()
                    .map(|c| format!(
                        "{} {} = {}",
                        c.operators.first().copied().unwrap_or_default(),
                        c.key,
                        c.values.join(" | ")
                    ))
                    .collect::<Vec<_>>()
                    .join(" and ")
            ),
            Candidate::Remove(p) => {
                format!(
                    "take {} out of the Principal of statement {on}",
                    patch::describe(p)
                )
            }
            Candidate::Drop => format!("drop statement {on}"),
            Candidate::NotApplicable(s, _) => format!("{} statement {on}", s.name()),
        }
    }

    /// The patched text and the change in words.
    fn apply(&self, text: &str, statements: &[usize]) -> Result<(String, String), String> {
        match self {
            Candidate::Restrict {
                key,
                values,
                operators,
            } => {
                let (out, used) = patch::add_condition(text, statements, operators, key, values)
                    .map_err(|e| e.to_string())?;
                Ok((
                    out,
                    format!(
                        "add condition {} to statement {}",
                        serde_json::to_string(&used.to_json()).unwrap_or_default(),
                        list(statements)
                    ),
                ))
            }
            Candidate::Claims(claims) => {
                let mut out = text.to_string();
                let mut added = Vec::new();
                for claim in claims {
                    let (next, used) = patch::add_condition(
                        &out,
                        statements,
                        &claim.operators,
                        &claim.key,
                        &claim.values,
                    )
                    .map_err(|e| e.to_string())?;
                    out = next;
                    added.push(used);
                }
                Ok((
                    out,
                    format!(
                        "add condition {} to statement {}",
                        patch::conditions_json(&added),
                        list(statements)
                    ),
                ))
            }
            Candidate::Remove(principal) => {
                let (out, dropped) = patch::remove_principal(text, statements, principal)
                    .map_err(|e| e.to_string())?;
                let mut change = format!(
                    "take {} out of the Principal of statement {}",
                    patch::describe(principal),
                    list(statements)
                );
                if !dropped.is_empty() {
                    change.push_str(&format!(
                        "; drop statement {} (no principal left)",
                        list(&dropped)
                    ));
                }
                Ok((out, change))
            }
            Candidate::Drop => {
                let out = patch::drop_statements(text, statements).map_err(|e| e.to_string())?;
                Ok((out, format!("drop statement {}", list(statements))))
            }
            Candidate::NotApplicable(_, reason) => Err(reason.clone()),
        }
    }
}

fn list(statements: &[usize]) -> String {
    statements
        .iter()
        .map(|i| format!("#{i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The candidates for a finding, in order of preference.
fn candidates(
    run: &Run<'_>,
    finding: &Finding,
    class: &FindingClass,
    text: &str,
    statements: &[usize],
) -> Vec<Candidate> {
    let names_it = patch::remove_principal(text, statements, &finding.principal).is_ok();
    let zone = &run.input.zone;
    let accounts: Vec<String> = zone.accounts().map(str::to_string).collect();
    let org = zone.org.clone();
    let mut restrict = Vec::new();
    let keyed = |key: &'static str, values: &[String]| -> Vec<Candidate> {
        [EQUALS, EQUALS_IF_EXISTS]
            .into_iter()
            .map(|operators| Candidate::Restrict {
                key,
                values: values.to_vec(),
                operators,
            })
            .collect()
    };
    match (&class.finding_type, &class.principal) {
        (FindingType::ExternalAccessViaService, _) => {
            if let Some(org) = &org {
                restrict.extend(keyed("aws:SourceOrgID", std::slice::from_ref(org)));
            }
            restrict.extend(keyed("aws:SourceAccount", &accounts));
        }
        (_, FindingPrincipal::Federated(provider)) => {
            let claims = claims_of(run, class);
            if provider == "*" {
                restrict.push(Candidate::NotApplicable(
                    Strategy::Restrict,
                    "the statement trusts every identity provider: name yours in its `Principal`, then restrict it with the provider's claims (`--claim`)".into(),
                ));
            } else if claims.is_empty() {
                restrict.push(Candidate::NotApplicable(
                    Strategy::Restrict,
                    format!(
                        "a federated finding is restricted by the provider's claims, whose values only you know: give them to `fix` with `--claim KEY=VALUE` (e.g. `--claim {}=...`; Python: `claims=`)",
                        claims::example_key(provider)
                    ),
                ));
            } else {
                // The user asked for this narrowing: removing the provider
                // would take the access the claims keep.
                return match run.options.strategy {
                    Some(Strategy::Remove) => vec![Candidate::NotApplicable(
                        Strategy::Remove,
                        "claims are given for this provider: removing it would also take the access they keep".into(),
                    )],
                    _ => vec![Candidate::Claims(claims)],
                };
            }
        }
        (_, p) if names_it && names_known_account(p) => restrict.push(Candidate::NotApplicable(
            Strategy::Restrict,
            format!(
                "the statement names {}: a condition keeping the zone in would leave it granting that principal nothing; remove the principal instead",
                patch::describe(p)
            ),
        )),
        _ => {
            if let Some(org) = &org {
                restrict.extend(keyed("aws:PrincipalOrgID", std::slice::from_ref(org)));
            }
            restrict.extend(keyed("aws:PrincipalAccount", &accounts));
        }
    }
    let remove = if names_it {
        vec![Candidate::Remove(finding.principal.clone())]
    } else {
        vec![Candidate::Drop]
    };
    match run.options.strategy {
        Some(Strategy::Restrict) => restrict,
        Some(Strategy::Remove) => remove,
        None => restrict.into_iter().chain(remove).collect(),
    }
}

/// The claims given for a federated class's provider.
fn claims_of(run: &Run<'_>, class: &FindingClass) -> Vec<ClaimCondition> {
    match &class.principal {
        FindingPrincipal::Federated(provider) if provider != "*" => {
            run.options.claims.of_provider(provider)
        }
        _ => Vec::new(),
    }
}

/// Whether the principal is an AWS account or identity of a known
/// account (not `*`, an opaque id or a canonical user, which may be in the
/// zone).
fn names_known_account(principal: &FindingPrincipal) -> bool {
    match principal {
        FindingPrincipal::Aws(value) => {
            crate::zone::is_account_id(value) || crate::policy::AwsIdentity::parse(value).is_some()
        }
        _ => false,
    }
}

/// The ACTIVE findings of the patched policy (empty when it cannot be
/// analysed; the proof says why).
fn remaining_findings(run: &Run<'_>, text: &str) -> Vec<Finding> {
    if grants_nothing(text) {
        return Vec::new();
    }
    let Ok(policy) = run.parse(text) else {
        return Vec::new();
    };
    let mut spec = run.spec.clone();
    spec.policy = Some(PolicyDocument::Text(text.to_string()));
    analyze_policy_classes(&spec, &policy, &run.options.analysis)
        .result
        .findings
        .into_iter()
        .filter(|f| f.status == FindingStatus::Active)
        .collect()
}

/// Whether a policy text has an empty Statement list (the fix deletes the
/// policy).
pub fn grants_nothing(text: &str) -> bool {
    edit::JsonText::parse(text)
        .and_then(|doc| doc.statements().map(|(s, _)| s.is_empty()))
        .unwrap_or(false)
}

fn witness(request: &Request) -> Witness {
    Witness {
        principal: request.principal.to_string(),
        action: request.action.clone(),
        resource: request.resource.clone(),
        context: context_json(&request.context),
    }
}

fn micros(started: Instant) -> u64 {
    u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX)
}
