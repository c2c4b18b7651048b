//! `zoneproof audit`: the IAM best practices of an account or an
//! organization, and its privilege-escalation paths, decided by the
//! whole-IAM authorizer ([`crate::authorize`]) rather than read from policy
//! text.
//!
//! Five families of checks (every check and escalation technique is listed
//! in `docs/audit.md`):
//! - [`credentials`]: the credential report and the password policy;
//! - [`structure`]: inline and directly attached policies, users outside
//!   groups, empty groups, unused roles;
//! - [`power`]: effective administrators (every catalog action allowed on
//!   every resource under SCPs and boundaries), principals that can change
//!   their own or others' permissions, and privilege-escalation paths of up
//!   to three steps ([`escalation`]), each step with witness requests that
//!   the authorizer allows;
//! - delegation (in [`power`]): creating users or roles without a forced
//!   permissions boundary, boundaries that do not cap IAM management;
//! - [`guardrails`]: what the SCPs of each member account deny, decided by
//!   authorizing probe requests.
//!
//! Findings carry a stable `check` code, a [`Severity`], the principal they
//! concern (the root user as `arn:aws:iam::<account>:root`), the evidence
//! and the fix. [`score`] sums them per account.

pub mod credentials;
pub mod escalation;
pub mod guardrails;
pub mod password_policy;
pub mod planted;
pub mod power;
pub mod probes;
pub mod score;
pub mod structure;
pub mod techniques;

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;
use serde_json::Value;

use crate::authorize::{Authorization, AuthorizeRequest, Authorizer};
use crate::eval::Decision;
use crate::inputs::credential_report::CredentialRow;
use crate::inputs::InputSet;
use crate::timestamp::Timestamp;

pub use password_policy::PasswordPolicy;
pub use score::AccountScore;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Severity {
    /// Informational hygiene.
    Low,
    /// Weakens defences.
    Medium,
    /// A likely path to misuse.
    High,
    /// An account takeover or a proved path to administrator.
    Critical,
}

impl Severity {
    /// Every severity, most severe first.
    pub const ALL: [Severity; 4] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
    ];

    /// `CRITICAL`, `HIGH`, `MEDIUM` or `LOW`.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Critical => "CRITICAL",
            Severity::High => "HIGH",
            Severity::Medium => "MEDIUM",
            Severity::Low => "LOW",
        }
    }

    /// Parses a name, ignoring case.
    pub fn parse(text: &str) -> Option<Severity> {
        Severity::ALL
            .into_iter()
            .find(|s| s.name().eq_ignore_ascii_case(text))
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The family a check belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// Credential report and password policy.
    Credentials,
    /// How permissions are organised.
    Structure,
    /// What principals can do, decided by the authorizer.
    Power,
    /// Delegated IAM administration and permissions boundaries.
    Delegation,
    /// Organization-wide SCP guardrails.
    Guardrails,
}

/// One audit finding.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditFinding {
    /// A stable code, e.g. `ROOT_MFA_DISABLED` (see `docs/audit.md`).
    pub check: &'static str,
    /// How bad it is.
    pub severity: Severity,
    /// The family of the check.
    pub category: Category,
    /// The account it concerns.
    pub account: String,
    /// The ARN it concerns (the root user as `arn:aws:iam::<account>:root`,
    /// a policy ARN for a boundary).
    pub principal: String,
    /// One sentence.
    pub message: String,
    /// The facts that prove it (dates, policies, witness requests).
    pub evidence: Value,
    /// What to change.
    pub fix: String,
}

/// A witness: one request the authorizer allows, with the statements that
/// allowed it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Witness {
    /// The principal ARN.
    pub principal: String,
    /// The action.
    pub action: String,
    /// The resource ARN or `*`.
    pub resource: String,
    /// The context keys given (derived keys are not listed).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub context: BTreeMap<String, String>,
    /// Always `Allow`: only allowed requests are witnesses.
    pub decision: &'static str,
    /// The allowing statements, `TYPE POLICY[#SID]`.
    pub statements: Vec<String>,
}

/// A principal the audit could not decide, and why (it fails closed: the
/// power checks say nothing about it rather than "no finding").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Undecided {
    /// The principal ARN.
    pub principal: String,
    /// Why.
    pub reason: String,
}

/// What the audit reads.
#[derive(Debug, Clone, Copy)]
pub struct AuditInputs<'a> {
    /// Authorization details, organization exports and resources.
    pub inputs: &'a InputSet,
    /// The credential report rows, when given.
    pub credential_report: Option<&'a [CredentialRow]>,
    /// The account password policy, when given (`None` inside: the account
    /// has none).
    pub password_policy: Option<&'a Option<PasswordPolicy>>,
}

/// How the audit runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditOptions {
    /// The date the audit is made at (ages are counted to it).
    pub as_of: Timestamp,
    /// Credentials and roles not used in these many days are unused; keys
    /// older than this must be rotated.
    pub days: i64,
    /// The regions the organization allows; empty: check only that some
    /// region restriction exists.
    pub allowed_regions: Vec<String>,
    /// The longest escalation path searched (1 to 3 steps).
    pub max_steps: usize,
}

impl Default for AuditOptions {
    fn default() -> AuditOptions {
        AuditOptions {
            as_of: Timestamp::now(),
            days: 90,
            allowed_regions: Vec::new(),
            max_steps: 3,
        }
    }
}

/// The audit's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditReport {
    /// Every finding, most severe first, then by check and principal.
    pub findings: Vec<AuditFinding>,
    /// One score per account.
    pub scores: Vec<AccountScore>,
    /// Principals the power checks could not decide.
    pub undecided: Vec<Undecided>,
    /// What was not checked and why (an input not given).
    pub notes: Vec<String>,
    /// Requests the authorizer decided.
    pub requests: u64,
}

impl AuditReport {
    /// Whether some finding is at least `severity`.
    pub fn has_finding_at_least(&self, severity: Severity) -> bool {
        self.findings.iter().any(|f| f.severity >= severity)
    }
}

/// Runs every check over the inputs.
pub fn audit(inputs: &AuditInputs<'_>, options: &AuditOptions) -> AuditReport {
    let authorizer = Authorizer::new(inputs.inputs);
    let mut findings = Vec::new();
    let mut notes = Vec::new();
    match inputs.credential_report {
        Some(rows) => findings.extend(credentials::check(rows, options)),
        None => notes.push(
            "no credential report given (--credential-report): root user, MFA, access key and password checks skipped"
                .to_string(),
        ),
    }
    match inputs.password_policy {
        Some(policy) => findings.extend(password_policy::check(
            policy.as_ref(),
            &accounts_of(inputs.inputs),
        )),
        None => notes.push(
            "no password policy given (--password-policy): the CIS password baseline is not checked"
                .to_string(),
        ),
    }
    findings.extend(structure::check(&inputs.inputs.iam, options));
    let power = power::check(&authorizer, options);
    findings.extend(power.findings);
    if inputs.inputs.organizations.is_empty() {
        notes.push(
            "no organization export given (--organization): SCP guardrails not checked, SCPs not applied"
                .to_string(),
        );
    }
    let guardrails = guardrails::check(&inputs.inputs.organizations, options);
    findings.extend(guardrails.findings);
    findings.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.check.cmp(b.check))
            .then_with(|| a.principal.cmp(&b.principal))
    });
    let mut accounts = accounts_of(inputs.inputs);
    accounts.extend(findings.iter().map(|f| f.account.clone()));
    accounts.sort();
    accounts.dedup();
    let scores = score::scores(&accounts, &findings);
    AuditReport {
        findings,
        scores,
        undecided: power.undecided,
        notes,
        requests: power.requests + guardrails.requests,
    }
}

/// The accounts of the IAM model.
fn accounts_of(inputs: &InputSet) -> Vec<String> {
    inputs.iam.accounts().map(|a| a.account.clone()).collect()
}

/// The account of an ARN (its fifth field).
pub(crate) fn arn_account(arn: &str) -> &str {
    arn.split(':').nth(4).unwrap_or("")
}

/// The root user ARN of an account.
pub(crate) fn root_arn(account: &str) -> String {
    format!("arn:aws:iam::{account}:root")
}

/// A request with string context pairs.
pub(crate) fn request(
    principal: &str,
    action: &str,
    resource: &str,
    context: &[(&str, &str)],
) -> AuthorizeRequest {
    let mut ctx = crate::eval::Context::new();
    for (key, value) in context {
        ctx.insert(*key, *value);
    }
    AuthorizeRequest::new(principal, action, resource).with_context(ctx)
}

/// Decides a request: `Ok(Some(witness))` when allowed, `Ok(None)` when
/// denied, `Err(reason)` when it cannot be decided.
pub(crate) fn allowed(
    authorizer: &Authorizer<'_>,
    request: &AuthorizeRequest,
) -> Result<Option<Witness>, crate::authorize::AuthorizeError> {
    let authorization = authorizer.authorize(request)?;
    Ok((authorization.decision == Decision::Allow).then(|| witness_of(request, &authorization)))
}

fn witness_of(request: &AuthorizeRequest, authorization: &Authorization) -> Witness {
    Witness {
        principal: request.principal.clone(),
        action: request.action.clone(),
        resource: request.resource.clone(),
        context: request
            .context
            .iter()
            .map(|(k, v)| (k.to_string(), v.join(",")))
            .collect(),
        decision: "Allow",
        statements: authorization
            .deciding_statements
            .iter()
            .map(|s| {
                let sid = s.sid.as_ref().map(|s| format!("#{s}")).unwrap_or_default();
                format!(
                    "{} {}{} ({})",
                    s.policy_type.label(),
                    s.policy,
                    sid,
                    s.effect
                )
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests;
