//! The external-access analysis of one resource: parse, encode, enumerate
//! the cells of allowed external requests, re-check every witness with the
//! concrete evaluator, and report findings (`docs/semantics.md`, "External access";
//! the fields: `docs/findings.md`).

mod controls;
mod error;
mod fuzz_input;
mod render;
mod sharing;
mod unresolved;

pub use crate::encode::decode::{format_date, format_decimal, format_ip};
pub use crate::limits::{Deadline, Limits};
pub use error::{AnalysisError, OracleError};
pub use fuzz_input::{check_fuzz_input, FuzzFailure};
pub use render::{condition_json, policy_finding_id};

use crate::archive::{apply_archive_rules, ArchiveRule};
use crate::encode::decode::context_json;
use crate::finding::Witness;
use crate::finding::{Proof, ResourceResult, ResultStatus};
use crate::policy::{parse_policy, parse_policy_value, Policy, PolicyError};
use crate::question::external_access::{self, ExternalAccess, QuestionOptions};
use crate::question::Bounds;
use crate::resource::{GenericType, PolicyKind, ResourceType};
use crate::zone::Zone;
use render::{Draft, FindingContext};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};
use zoneproof_encodings::automata::with_max_dfa_bytes;
use zoneproof_encodings::solver::{with_thread_backend, BackendKind};
use zoneproof_encodings::term;

/// How to analyse.
#[derive(Debug, Clone)]
pub struct AnalysisOptions {
    /// Report service principals allowed without a source condition.
    pub service_findings: bool,
    /// The solver backend.
    pub backend: BackendKind,
    /// The timeout of one solver check.
    pub timeout: Duration,
    /// Archive rules applied to the findings.
    pub archive_rules: Vec<ArchiveRule>,
    /// Bounds on the time and size of one resource's analysis.
    pub limits: Limits,
    /// The organization export: its resource control policies (RCPs) cut
    /// the access of the resources of its member accounts
    /// (`docs/semantics.md`, "Resource control policies").
    pub organization: Option<std::sync::Arc<crate::organization::Organization>>,
}

impl Default for AnalysisOptions {
    fn default() -> Self {
        AnalysisOptions {
            service_findings: true,
            backend: BackendKind::Automata,
            timeout: Duration::from_secs(10),
            archive_rules: Vec::new(),
            limits: Limits::default(),
            organization: None,
        }
    }
}

/// The policy of a resource, as text or as decoded JSON.
#[derive(Debug, Clone)]
pub enum PolicyDocument {
    /// JSON text.
    Text(String),
    /// A decoded JSON value.
    Json(serde_json::Value),
}

/// One resource to analyse.
#[derive(Debug, Clone)]
pub struct ResourceSpec {
    /// Its type.
    pub resource_type: ResourceType,
    /// Its ARN.
    pub arn: String,
    /// The zone of trust (its `account` is the resource owner).
    pub zone: Zone,
    /// The resource policy (none: the resource has no policy; sharing-only
    /// types have none).
    pub policy: Option<PolicyDocument>,
    /// Access settings beside the policy.
    pub extras: Extras,
}

/// Access settings beside the resource policy, in AWS's API shapes.
#[derive(Debug, Clone, Default)]
pub struct Extras {
    /// S3 bucket ACL (`GetBucketAcl`).
    pub acl: Option<serde_json::Value>,
    /// S3 Block Public Access (`GetPublicAccessBlock`).
    pub block_public_access: Option<serde_json::Value>,
    /// Snapshot sharing attributes.
    pub sharing: Option<serde_json::Value>,
    /// KMS grants (`ListGrants`).
    pub grants: Option<serde_json::Value>,
}

/// Analyses one resource. Never panics; every failure is a result with
/// status `error` (bad input) or `unknown` (undecided), with the reason.
pub fn analyze(spec: &ResourceSpec, options: &AnalysisOptions) -> ResourceResult {
    analyze_detailed(spec, options).result
}

/// A resource's result with the typed form of its `error`.
#[derive(Debug, Clone)]
pub struct Analyzed {
    /// The result, as [`analyze`] returns it.
    pub result: ResourceResult,
    /// Why the result is an `error`, or `unknown` without findings, when
    /// it is: `result.error` is this error's message. `None` for a
    /// complete result and for an enumeration that stopped after finding
    /// some classes (its reason is in `result.error`).
    pub failure: Option<AnalysisError>,
}

/// [`analyze`], keeping the typed error beside the result.
pub fn analyze_detailed(spec: &ResourceSpec, options: &AnalysisOptions) -> Analyzed {
    let started = Instant::now();
    let bounds = Bounds {
        deadline: Deadline::after(started, options.limits.resource_timeout),
        limits: options.limits,
        check_timeout: options.timeout,
    };
    let (mut result, mut failure) = match catch_panic(|| analyze_policy(spec, options, &bounds)) {
        Ok(analyzed) => (analyzed.result, analyzed.failure),
        Err(error) => (failed(spec, &error), Some(error)),
    };
    if result.status != ResultStatus::Error {
        if let Err(error) = add_extras(spec, &mut result) {
            result = failed(spec, &error);
            failure = Some(error);
        }
    }
    if let ResourceType::Generic(generic) = spec.resource_type {
        result.notes.push(generic_note(generic));
    }
    result.proof.micros = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
    apply_archive_rules(&mut result.findings, &options.archive_rules);
    Analyzed { result, failure }
}

/// The result of a resource whose analysis ended with `error`: its
/// message, and status `error` or `unknown` as the error says.
fn failed(spec: &ResourceSpec, error: &AnalysisError) -> ResourceResult {
    let mut result = ResourceResult::error(&spec.arn, spec.resource_type.name(), error.to_string());
    result.status = error.status();
    result
}

impl Analyzed {
    /// A result that ended with `error`.
    fn failed(spec: &ResourceSpec, error: AnalysisError) -> Analyzed {
        Analyzed {
            result: failed(spec, &error),
            failure: Some(error),
        }
    }
}

/// Runs `f`, turning a panic into an error: no panic of the analysis (a
/// bug) reaches the user; the resource is an `error` result.
///
/// # Errors
/// [`AnalysisError::Internal`] with the panic's message.
pub fn catch_panic<R>(f: impl FnOnce() -> R) -> Result<R, AnalysisError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        AnalysisError::Internal(message)
    })
}

fn analyze_policy(spec: &ResourceSpec, options: &AnalysisOptions, bounds: &Bounds) -> Analyzed {
    let fail = |error: AnalysisError| Analyzed::failed(spec, error);
    let complete = |result: ResourceResult| Analyzed {
        result,
        failure: None,
    };
    if let Err(e) = spec.zone.validate() {
        return fail(e.into());
    }
    if let Err(e) = spec.resource_type.validate_arn(&spec.arn) {
        return fail(e.into());
    }
    if spec.resource_type.policy_kind() == PolicyKind::SharingOnly {
        if spec.extras.sharing.is_none() {
            return fail(AnalysisError::MissingSharing {
                resource_type: spec.resource_type.name().to_string(),
            });
        }
        return complete(no_policy_result(spec));
    }
    let widened: Vec<String>;
    let policy = match &spec.policy {
        None if spec.resource_type.policy_kind() == PolicyKind::Trust => {
            return fail(AnalysisError::MissingTrustPolicy)
        }
        None => return complete(no_policy_result(spec)),
        Some(document) => {
            if let Err(reason) = options.limits.check_policy_size(document.size()) {
                return fail(reason.into());
            }
            let (document, notes) = unresolved_widened(document);
            widened = notes;
            parse_document(&document, spec)
        }
    };
    let policy = match policy {
        Ok(policy) => policy,
        Err(e) => return fail(AnalysisError::InvalidPolicy(e)),
    };
    if let Err(e) = check_resource_policy(&policy, spec.resource_type) {
        return fail(AnalysisError::InvalidPolicy(e));
    }
    let classed = solve_classes(spec, &policy, options, bounds);
    let mut result = classed.result;
    result.notes.extend(widened);
    Analyzed {
        result,
        failure: classed.failure,
    }
}

/// The document in the reading that grants the most access where it has
/// unresolved placeholders (see [`unresolved`]), and the notes saying so.
fn unresolved_widened(document: &PolicyDocument) -> (PolicyDocument, Vec<String>) {
    let value = match document {
        PolicyDocument::Text(text) if text.contains("{{unresolved:") => {
            match serde_json::from_str::<serde_json::Value>(text) {
                Ok(value) => value,
                Err(_) => return (document.clone(), Vec::new()),
            }
        }
        PolicyDocument::Json(value) if unresolved::has_placeholder(value) => value.clone(),
        _ => return (document.clone(), Vec::new()),
    };
    let (wide, notes) = unresolved::widen(&value);
    (PolicyDocument::Json(wide), notes)
}

/// The distinct string atoms of the question: its formulas and the atoms
/// that describe findings.
fn string_atoms(question: &ExternalAccess) -> usize {
    let described = question
        .principal_atoms
        .iter()
        .map(|a| a.term.clone())
        .chain(question.condition_atoms.iter().map(|a| a.term.clone()));
    let formulas = [&question.external, &question.allowed]
        .into_iter()
        .chain(question.allowed_less.as_ref())
        .cloned();
    term::and(formulas.chain(described)).string_atoms()
}

impl PolicyDocument {
    /// The size of the document in bytes of JSON text (compact, for a
    /// decoded value).
    fn size(&self) -> usize {
        match self {
            PolicyDocument::Text(text) => text.len(),
            PolicyDocument::Json(value) => {
                serde_json::to_vec(value).map_or(usize::MAX, |v| v.len())
            }
        }
    }
}

/// Parses the policy as the service stores it (after the type's rewrite of
/// service shorthands, such as API Gateway's `execute-api:/...`).
fn parse_document(document: &PolicyDocument, spec: &ResourceSpec) -> Result<Policy, PolicyError> {
    let rewrites = spec.resource_type.rewrites_policies();
    match document {
        PolicyDocument::Text(text) if rewrites => match serde_json::from_str(text) {
            Ok(value) => parse_policy_value(&spec.resource_type.stored_policy(&value, &spec.arn)),
            Err(_) => parse_policy(text),
        },
        PolicyDocument::Json(value) if rewrites => {
            parse_policy_value(&spec.resource_type.stored_policy(value, &spec.arn))
        }
        PolicyDocument::Text(text) => parse_policy(text),
        PolicyDocument::Json(value) => parse_policy_value(value),
    }
}

/// What a result of a type zoneproof does not know says about it.
fn generic_note(generic: GenericType) -> String {
    format!(
        "zoneproof does not know the resource type `{}`: analysed generically, over every \
         action of the `{}` service and any `{}` resource the policy names",
        generic.name(),
        generic.service(),
        generic.service()
    )
}

/// A resource without a resource policy: nothing is granted by a policy
/// (its ACL, grants or sharing may still grant access).
fn no_policy_result(spec: &ResourceSpec) -> ResourceResult {
    ResourceResult {
        resource: spec.arn.clone(),
        resource_type: spec.resource_type.name().to_string(),
        status: ResultStatus::Analyzed,
        findings: Vec::new(),
        error: None,
        notes: Vec::new(),
        proof: Proof {
            complete: true,
            solver_checks: 0,
            micros: 0,
        },
        cut_by_rcp: Vec::new(),
    }
}

/// Applies Block Public Access and adds the findings of ACLs, grants and
/// sharing attributes.
fn add_extras(spec: &ResourceSpec, result: &mut ResourceResult) -> Result<(), AnalysisError> {
    let extras = &spec.extras;
    let bpa = match &extras.block_public_access {
        Some(value) => {
            sharing::block_public_access(value).map_err(AnalysisError::InvalidSetting)?
        }
        None => sharing::BlockPublicAccess::default(),
    };
    if bpa.restrict_public_buckets {
        sharing::restrict_public_buckets(result);
    }
    if let Some(acl) = &extras.acl {
        result.findings.extend(
            sharing::acl_findings(acl, bpa, &spec.arn, &spec.zone)
                .map_err(AnalysisError::InvalidSetting)?,
        );
    }
    if let Some(grants) = &extras.grants {
        result.findings.extend(
            sharing::kms_grant_findings(grants, &spec.arn, &spec.zone)
                .map_err(AnalysisError::InvalidSetting)?,
        );
    }
    if let Some(shared) = &extras.sharing {
        result.findings.extend(
            sharing::snapshot_findings(shared, spec.resource_type, &spec.arn, &spec.zone)
                .map_err(AnalysisError::InvalidSetting)?,
        );
    }
    Ok(())
}

/// What IAM rejects in resource-based and trust policies: a statement
/// without Principal; in a role trust policy, `NotPrincipal` and a
/// `Resource` element (`reference_policies_elements_notprincipal.md`,
/// IAM's "Has prohibited field Resource").
pub(crate) fn check_resource_policy(
    policy: &Policy,
    resource_type: ResourceType,
) -> Result<(), PolicyError> {
    let trust = resource_type.policy_kind() == PolicyKind::Trust;
    for s in &policy.statements {
        let problem = match &s.principal {
            None => Some("a resource-based policy statement needs a Principal or NotPrincipal"),
            Some(c) if trust && c.negated => Some("a role trust policy cannot use NotPrincipal"),
            _ if trust && s.resource.is_some() => {
                Some("a role trust policy cannot have a Resource or NotResource element")
            }
            _ => None,
        };
        if let Some(problem) = problem {
            return Err(PolicyError {
                path: s.path.clone(),
                message: problem.to_string(),
            });
        }
    }
    Ok(())
}

/// A policy's analysis with the class of each finding: `classes[i]` is
/// the class `result.findings[i]` reports (what `fix` removes).
#[derive(Debug, Clone)]
pub struct ClassedResult {
    /// The result.
    pub result: ResourceResult,
    /// The class of each finding, in the order of the findings.
    pub classes: Vec<external_access::FindingClass>,
    /// The typed form of `result.error` when the analysis failed (see
    /// [`Analyzed::failure`]).
    pub failure: Option<AnalysisError>,
}

impl ClassedResult {
    /// The result of a resource whose analysis ended with `error`.
    fn failed(spec: &ResourceSpec, error: AnalysisError) -> ClassedResult {
        ClassedResult {
            result: failed(spec, &error),
            classes: Vec::new(),
            failure: Some(error),
        }
    }
}

/// Analyses a parsed resource policy (no ACL, grants or sharing) and keeps
/// the class of each finding; archive rules are applied.
pub fn analyze_policy_classes(
    spec: &ResourceSpec,
    policy: &Policy,
    options: &AnalysisOptions,
) -> ClassedResult {
    let started = Instant::now();
    let checked = spec
        .zone
        .validate()
        .map_err(AnalysisError::from)
        .and_then(|()| {
            spec.resource_type
                .validate_arn(&spec.arn)
                .map_err(AnalysisError::from)
        })
        .and_then(|()| {
            check_resource_policy(policy, spec.resource_type).map_err(AnalysisError::InvalidPolicy)
        });
    let mut classed = match checked {
        Ok(()) => {
            let bounds = Bounds {
                deadline: Deadline::after(started, options.limits.resource_timeout),
                limits: options.limits,
                check_timeout: options.timeout,
            };
            match catch_panic(|| solve_classes(spec, policy, options, &bounds)) {
                Ok(classed) => classed,
                Err(error) => ClassedResult::failed(spec, error),
            }
        }
        Err(error) => ClassedResult::failed(spec, error),
    };
    classed.result.proof.micros = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
    apply_archive_rules(&mut classed.result.findings, &options.archive_rules);
    classed
}

/// Parses a resource's policy as the service stores it (see
/// [`ResourceSpec::policy`]).
///
/// # Errors
/// When the policy does not parse.
pub fn parse_resource_policy(
    document: &PolicyDocument,
    spec: &ResourceSpec,
) -> Result<Policy, PolicyError> {
    parse_document(document, spec)
}

fn solve_classes(
    spec: &ResourceSpec,
    policy: &Policy,
    options: &AnalysisOptions,
    bounds: &Bounds,
) -> ClassedResult {
    controls::solve_under_controls(spec, policy, options, bounds)
}

/// The analysis of a parsed policy, under the RCPs `controls` when given;
/// with the concrete request of each witness.
fn solve_with(
    spec: &ResourceSpec,
    policy: &Policy,
    options: &AnalysisOptions,
    bounds: &Bounds,
    controls: Option<(
        &crate::question::resource_controls::ResourceControls,
        &crate::organization::Organization,
    )>,
) -> (ClassedResult, Vec<(Witness, crate::eval::Request)>) {
    let type_name = spec.resource_type.name();
    let question_options = QuestionOptions {
        service_findings: options.service_findings,
    };
    let encoded = match controls {
        None => ExternalAccess::new(
            policy,
            spec.resource_type,
            &spec.arn,
            &spec.zone,
            question_options,
        ),
        Some((controls, organization)) => ExternalAccess::with_controls(
            policy,
            spec.resource_type,
            &spec.arn,
            &spec.zone,
            question_options,
            controls.clone(),
            organization,
        ),
    };
    let unclassed = |error: AnalysisError| (ClassedResult::failed(spec, error), Vec::new());
    let question = match encoded {
        Ok(q) => q,
        Err(e) => return unclassed(e.into()),
    };
    if bounds.deadline.passed() {
        return unclassed(options.limits.timeout_exceeded().into());
    }
    if let Err(reason) = options.limits.check_atoms(string_atoms(&question)) {
        return unclassed(reason.into());
    }
    let outcome = with_max_dfa_bytes(options.limits.max_dfa_bytes, || {
        with_thread_backend(options.backend, options.timeout, |backend| {
            external_access::run(backend, &question, policy, bounds)
        })
    });
    let outcome = match outcome {
        Ok(outcome) => outcome,
        Err(e) => return unclassed(e.into()),
    };
    let mut drafts: BTreeMap<external_access::FindingClass, Draft> = BTreeMap::new();
    let mut requests = Vec::new();
    for w in outcome.witnessed {
        let actions = question
            .env
            .classes
            .get(w.action_class)
            .map(|c| c.actions.clone())
            .unwrap_or_default();
        let witness = Witness {
            principal: w.request.principal.to_string(),
            action: w.request.action.clone(),
            resource: w.request.resource.clone(),
            context: context_json(&w.request.context),
        };
        requests.push((witness.clone(), w.request.clone()));
        let draft = drafts.entry(w.class.clone()).or_insert_with(|| Draft {
            class: w.class.clone(),
            actions: Default::default(),
            statements: Default::default(),
            witness,
            undocumented: Default::default(),
        });
        draft.actions.extend(actions);
        draft.statements.extend(w.statements);
        draft.undocumented.extend(w.undocumented);
    }
    let ctx = FindingContext {
        policy,
        resource: &spec.arn,
        resource_type: type_name,
        owner: &spec.zone.account,
    };
    let (classes, findings): (Vec<_>, Vec<_>) = render::subsume(drafts.into_values().collect())
        .into_iter()
        .map(|d| (d.class.clone(), render::finding(d, &ctx)))
        .unzip();
    let result = ResourceResult {
        resource: spec.arn.clone(),
        resource_type: type_name.to_string(),
        status: if outcome.incomplete.is_some() {
            ResultStatus::Unknown
        } else {
            ResultStatus::Analyzed
        },
        findings,
        error: outcome.incomplete,
        notes: Vec::new(),
        proof: Proof {
            complete: false,
            solver_checks: outcome.checks,
            micros: 0,
        },
        cut_by_rcp: Vec::new(),
    }
    .with_completeness();
    (
        ClassedResult {
            result,
            classes,
            failure: None,
        },
        requests,
    )
}

impl ResourceResult {
    /// Marks the proof complete exactly when the analysis ended in UNSAT.
    fn with_completeness(mut self) -> ResourceResult {
        self.proof.complete = self.status == ResultStatus::Analyzed;
        self
    }
}

/// Re-runs the external-access question of `spec` and checks every
/// witness request against the encoder-vs-evaluator oracle
/// ([`external_access::QuestionOracle`]); the fuzzers' second oracle
/// beside the evaluator's re-check inside [`analyze`]. Returns the number
/// of witnesses checked (0 when the policy does not parse or encode, or
/// the run is incomplete: nothing to check).
///
/// # Errors
/// The first mismatch ([`OracleError::Mismatch`]), or why the question
/// could not be run to its end.
pub fn check_witnesses_with_oracle(
    spec: &ResourceSpec,
    options: &AnalysisOptions,
) -> Result<usize, OracleError> {
    let Some(document) = &spec.policy else {
        return Ok(0);
    };
    let (document, _) = unresolved_widened(document);
    let Ok(policy) = parse_document(&document, spec) else {
        return Ok(0);
    };
    let question_options = QuestionOptions {
        service_findings: options.service_findings,
    };
    let Ok(question) = controls::question(spec, &policy, options, question_options) else {
        return Ok(0);
    };
    let bounds = Bounds::new(options.limits, options.timeout);
    let outcome = with_max_dfa_bytes(options.limits.max_dfa_bytes, || {
        with_thread_backend(options.backend, options.timeout, |backend| {
            external_access::run(backend, &question, &policy, &bounds)
        })
    })
    .map_err(AnalysisError::from)?;
    let oracle =
        external_access::QuestionOracle::new(&question, &policy).map_err(OracleError::Encode)?;
    for w in &outcome.witnessed {
        oracle
            .check(&w.request)
            .map_err(|m| OracleError::Mismatch {
                what: m.what,
                request: m.request,
            })?;
    }
    Ok(outcome.witnessed.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_in_the_analysis_is_an_error_message_not_an_unwind() {
        let message = catch_panic(|| -> u8 { panic!("boom") })
            .unwrap_err()
            .to_string();
        assert!(message.contains("boom") && message.contains("internal error"));
        assert_eq!(catch_panic(|| 7), Ok(7));
    }
    use crate::finding::{FindingPrincipal, FindingType};

    fn run(resource_type: ResourceType, arn: &str, policy: &str) -> ResourceResult {
        let spec = ResourceSpec {
            resource_type,
            arn: arn.to_string(),
            zone: Zone::account("111122223333"),
            policy: Some(PolicyDocument::Text(policy.to_string())),
            extras: Extras::default(),
        };
        analyze(&spec, &AnalysisOptions::default())
    }

    #[test]
    fn a_named_federated_user_keeps_its_access_when_userid_is_a_variable() {
        // `${aws:userid}` makes the encoder list the federated users a
        // request may come from; the one the policy names must be among them.
        let r = run(
            ResourceType::KmsKey,
            "arn:aws:kms:us-east-1:111122223333:key/k1",
            r#"{"Version":"2012-10-17","Statement":[
                {"Effect":"Allow","Principal":{"AWS":"*"},"Action":"kms:Encrypt","Resource":"*",
                 "Condition":{"StringEquals":{"aws:SourceAccount":"${aws:userid}"}}},
                {"Effect":"Allow","Principal":{"AWS":"arn:aws:sts::444455556666:federated-user/f"},
                 "Action":"kms:Decrypt","Resource":"*"}]}"#,
        );
        assert_eq!(r.status, ResultStatus::Analyzed, "{:?}", r.error);
        let named = FindingPrincipal::Aws("arn:aws:sts::444455556666:federated-user/f".into());
        assert!(
            r.findings
                .iter()
                .any(|f| f.principal == named && f.action == ["kms:Decrypt"]),
            "{:?}",
            r.findings
        );
    }

    #[test]
    fn a_tag_variable_keeps_the_values_of_a_variable_its_key_is_compared_with() {
        // The tag must equal the resource's organization id and names the
        // object prefix: `${aws:PrincipalTag/team}` may hold an
        // organization id, so anyone who tags a user with it gets in
        // (found by the property fuzz, seed 7004; the encoder proved "no
        // access").
        let r = run(
            ResourceType::S3Bucket,
            "arn:aws:s3:::b",
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*",
                "Action":"s3:GetObject","Resource":"arn:aws:s3:::b/${aws:PrincipalTag/team}/*",
                "Condition":{"StringEquals":{"aws:PrincipalTag/team":"${aws:ResourceOrgID}"}}}]}"#,
        );
        assert_eq!(r.status, ResultStatus::Analyzed, "{:?}", r.error);
        assert!(
            r.findings.iter().any(|f| f.action == ["s3:GetObject"]),
            "{:?}",
            r.findings
        );
    }

    #[test]
    fn a_named_user_keeps_its_access_when_username_is_a_variable() {
        // `${aws:username}` makes the encoder list the user names a
        // request may carry; the user a Principal element names must be
        // among them (property fuzz, seed 7004: "no access" was proved).
        let r = run(
            ResourceType::KmsKey,
            "arn:aws:kms:us-east-1:111122223333:key/k1",
            r#"{"Version":"2012-10-17","Statement":[
                {"Effect":"Allow","Principal":"*","Action":"kms:*","NotResource":"*",
                 "Condition":{"StringEquals":{"aws:SourceVpc":"${aws:username}"}}},
                {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::555566667777:user/u"},
                 "Action":"kms:Decrypt","Resource":"*"}]}"#,
        );
        assert_eq!(r.status, ResultStatus::Analyzed, "{:?}", r.error);
        let named = FindingPrincipal::Aws("arn:aws:iam::555566667777:user/u".into());
        assert!(
            r.findings
                .iter()
                .any(|f| f.principal == named && f.action == ["kms:Decrypt"]),
            "{:?}",
            r.findings
        );
    }

    #[test]
    fn public_read_is_one_public_finding_with_a_proof() {
        let r = run(
            ResourceType::S3Bucket,
            "arn:aws:s3:::b",
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*",
                "Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}"#,
        );
        assert_eq!(r.status, ResultStatus::Analyzed, "{:?}", r.error);
        assert!(r.proof.complete);
        assert_eq!(r.findings.len(), 1);
        assert!(r.findings[0].is_public);
        assert_eq!(r.findings[0].action, vec!["s3:GetObject"]);
    }

    #[test]
    fn org_condition_in_an_org_zone_is_no_finding_and_a_proof() {
        let spec = ResourceSpec {
            resource_type: ResourceType::SqsQueue,
            arn: "arn:aws:sqs:us-east-1:111122223333:q".into(),
            zone: Zone {
                account: "111122223333".into(),
                org: Some("o-a1b2c3d4e5".into()),
                ..Zone::default()
            },
            policy: Some(PolicyDocument::Text(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*",
                "Action":"sqs:SendMessage","Resource":"*",
                "Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}"#
                    .into(),
            )),
            extras: Extras::default(),
        };
        let r = analyze(&spec, &AnalysisOptions::default());
        assert_eq!(r.status, ResultStatus::Analyzed);
        assert!(r.proof.complete);
        assert!(r.findings.is_empty());
    }

    #[test]
    fn service_without_source_condition_is_a_confused_deputy() {
        let r = run(
            ResourceType::SnsTopic,
            "arn:aws:sns:us-east-1:111122223333:t",
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow",
                "Principal":{"Service":"s3.amazonaws.com"},"Action":"sns:Publish","Resource":"*"}]}"#,
        );
        assert_eq!(r.findings.len(), 1);
        assert_eq!(
            r.findings[0].finding_type,
            FindingType::ExternalAccessViaService
        );
        assert_eq!(
            r.findings[0].principal,
            FindingPrincipal::Service("s3.amazonaws.com".into())
        );
    }

    #[test]
    fn invalid_policy_is_an_error_never_no_findings() {
        let r = run(
            ResourceType::S3Bucket,
            "arn:aws:s3:::b",
            r#"{"Statement": []}"#,
        );
        assert_eq!(r.status, ResultStatus::Error);
        assert!(r.error.is_some());
    }

    #[test]
    fn request_dependent_variable_in_a_pattern_is_unknown() {
        let r = run(
            ResourceType::S3Bucket,
            "arn:aws:s3:::b",
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*",
                "Action":"s3:GetObject","Resource":"arn:aws:s3:::b/${aws:PrincipalArn}/*"}]}"#,
        );
        assert_eq!(r.status, ResultStatus::Unknown);
        assert!(!r.proof.complete);
    }

    /// A bucket policy that lets anyone list `b` when
    /// `ForAnyValue:StringLike` holds for `key` and `value`.
    fn run_string_like(key: &str, value: &str) -> ResourceResult {
        let policy = format!(
            r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":"*",
                "Action":"s3:ListBucket","Resource":"arn:aws:s3:::b",
                "Condition":{{"ForAnyValue:StringLike":{{"{key}":"{value}"}}}}}}]}}"#
        );
        run(ResourceType::S3Bucket, "arn:aws:s3:::b", &policy)
    }

    #[test]
    fn a_variable_inside_a_pattern_on_a_shaped_key_is_unknown_not_no_access() {
        // Only the tag values that begin the caller's account (or its
        // organization path) let it in: the stand-in tag values cannot, so
        // the encoder proved "no access" where `eval` allows a partner
        // tagged `4444`. The key's own shape now counts among the patterns
        // that tell the variable's values apart: the answer is `unknown`.
        for (key, value) in [
            ("aws:PrincipalAccount", "${aws:PrincipalTag/team}*"),
            ("aws:PrincipalOrgPaths", "${aws:PrincipalTag/team}/*"),
            ("kms:CallerAccount", "${aws:PrincipalTag/team}?"),
            // The principal's ARN and userid: only tags naming the
            // caller's account (or a role's unique id) match.
            (
                "aws:PrincipalArn",
                "arn:aws:iam::${aws:PrincipalTag/team}:*",
            ),
            ("aws:userid", "${aws:PrincipalTag/team}:*"),
        ] {
            let r = run_string_like(key, value);
            assert_eq!(r.status, ResultStatus::Unknown, "{key}: {:?}", r.findings);
            assert!(!r.proof.complete, "{key}");
        }
    }

    #[test]
    fn variables_compared_with_each_other_beyond_equality_are_unknown() {
        // Per-variable stand-ins keep equality between two variables'
        // values, not a prefix or a case difference: these proved "no
        // access" where `eval` allows a partner (tags `t = Alice2`,
        // `u = Alice`; user `Alice` with `owner = alice`).
        for condition in [
            r#"{"StringNotEquals":{"aws:PrincipalAccount":"${aws:PrincipalTag/t}"},
                "StringLike":{"aws:PrincipalTag/t":"${aws:PrincipalTag/u}?"}}"#,
            r#"{"StringEqualsIgnoreCase":{"aws:username":"${aws:PrincipalTag/owner}"},
                "StringNotEquals":{"aws:PrincipalTag/owner":"${aws:username}"}}"#,
        ] {
            let policy = format!(
                r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":"*",
                    "Action":"s3:GetObject","Resource":"arn:aws:s3:::b/k","Condition":{condition}}}]}}"#
            );
            let r = run(ResourceType::S3Bucket, "arn:aws:s3:::b", &policy);
            assert_eq!(
                r.status,
                ResultStatus::Unknown,
                "{condition}: {:?}",
                r.findings
            );
            assert!(!r.proof.complete);
        }
        // Whole-value equality between two variables is still decided.
        let r = run(
            ResourceType::S3Bucket,
            "arn:aws:s3:::b",
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*",
                "Action":"s3:GetObject","Resource":"arn:aws:s3:::b/k",
                "Condition":{"StringEquals":{"aws:PrincipalTag/t":"${aws:PrincipalTag/u}",
                                             "aws:PrincipalTag/u":"${aws:PrincipalTag/t}"}}}]}"#,
        );
        assert_eq!(r.status, ResultStatus::Analyzed, "{:?}", r.error);
        assert!(!r.findings.is_empty());
    }

    #[test]
    fn a_bucket_shared_through_another_account_s_access_point_is_unknown() {
        // Requests through an access point carry its account; one of
        // another account lets in whoever its own policy admits. These
        // proved "no access" (the bucket's requests here are direct ones).
        let allow = |condition: &str| {
            format!(
                r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Principal":"*",
                    "Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{condition}}}]}}"#
            )
        };
        for condition in [
            r#"{"StringEquals":{"s3:DataAccessPointAccount":"444455556666"}}"#,
            r#"{"Null":{"s3:DataAccessPointAccount":"false"}}"#,
            r#"{"ArnLike":{"s3:DataAccessPointArn":"arn:aws:s3:*:444455556666:accesspoint/*"}}"#,
        ] {
            let r = run(ResourceType::S3Bucket, "arn:aws:s3:::b", &allow(condition));
            assert_eq!(
                r.status,
                ResultStatus::Unknown,
                "{condition}: {:?}",
                r.findings
            );
        }
        // Delegation to the owner's own access points is decided (each
        // access point is analysed as a resource of its own).
        let owner = r#"{"StringEquals":{"s3:DataAccessPointAccount":"111122223333"}}"#;
        let r = run(ResourceType::S3Bucket, "arn:aws:s3:::b", &allow(owner));
        assert_eq!(r.status, ResultStatus::Analyzed, "{:?}", r.error);
    }

    #[test]
    fn organization_paths_come_with_the_organization_id_they_start_with() {
        // A member of an organization carries both keys, its paths under its
        // id. A policy naming only the paths got witnesses with no
        // organization id (class 6, impossible witnesses).
        let r = run_string_like("aws:PrincipalOrgPaths", "o-aaaaaaaaaa/r-ab12/*");
        assert!(!r.findings.is_empty(), "{:?}", r.error);
        for f in &r.findings {
            let context = &f.witness.as_ref().expect("a witness").context;
            assert_eq!(
                context.get("aws:PrincipalOrgID"),
                Some(&serde_json::json!("o-aaaaaaaaaa")),
                "{context:?}"
            );
            let paths = context
                .get("aws:PrincipalOrgPaths")
                .map(ToString::to_string);
            assert!(
                paths.is_some_and(|p| p.contains("o-aaaaaaaaaa/")),
                "{context:?}"
            );
        }
        // Every member of `o-bbbbbbbbbb` has a path under it, so a Deny on
        // those paths removes what the organization's Allow grants.
        let r = run(
            ResourceType::S3Bucket,
            "arn:aws:s3:::b",
            r#"{"Version":"2012-10-17","Statement":[
                {"Effect":"Allow","Principal":"*","Action":"s3:ListBucket","Resource":"arn:aws:s3:::b",
                 "Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-bbbbbbbbbb"}}},
                {"Effect":"Deny","Principal":"*","Action":"s3:ListBucket","Resource":"arn:aws:s3:::b",
                 "Condition":{"ForAnyValue:StringLike":{"aws:PrincipalOrgPaths":"o-bbbbbbbbbb/*"}}}]}"#,
        );
        assert_eq!(r.status, ResultStatus::Analyzed, "{:?}", r.error);
        assert!(r.findings.is_empty(), "{:?}", r.findings);
    }

    #[test]
    fn a_variable_default_is_a_value_of_the_key_it_is_compared_with() {
        // With `${aws:username}` in use, user names are kept to the values
        // the policy compares them with; the default `dflt` was not among
        // them, so a partner's user named `dflt` lost its access (found by
        // the property fuzz, seed 2824473590).
        let r = run(
            ResourceType::S3Bucket,
            "arn:aws:s3:::b",
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*",
                "Action":"s3:GetObject","Resource":"arn:aws:s3:::b/${aws:username}/*",
                "Condition":{"StringEquals":{"aws:username":"${aws:PrincipalTag/team, 'dflt'}"},
                             "Null":{"aws:PrincipalTag/team":"true"}}}]}"#,
        );
        assert_eq!(r.status, ResultStatus::Analyzed, "{:?}", r.error);
        assert!(
            r.findings.iter().any(|f| f.action == ["s3:GetObject"]),
            "{:?}",
            r.findings
        );
    }

    #[test]
    fn a_variable_whose_values_keep_the_key_shape_is_still_decided() {
        // `${aws:PrincipalOrgID}/*` on organization paths stays inside the
        // path shape, and any tag can end a role's ARN or a session's
        // userid: the stand-ins match as the values they stand for do.
        for (key, value) in [
            ("aws:PrincipalOrgPaths", "${aws:PrincipalOrgID}/*"),
            (
                "aws:PrincipalArn",
                "arn:aws:iam::*:role/${aws:PrincipalTag/team}",
            ),
            ("aws:userid", "AROA*:${aws:PrincipalTag/team}"),
        ] {
            let r = run_string_like(key, value);
            assert_eq!(r.status, ResultStatus::Analyzed, "{key}: {:?}", r.error);
            assert!(!r.findings.is_empty(), "{key}");
        }
    }
}
