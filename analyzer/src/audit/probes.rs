//! What a principal can do, measured by the authorizer: a fixed set of
//! sensitive probe requests in its account, and, when it passes them all,
//! every action of the IAM catalog on resource `*` (an effective
//! administrator).
//!
//! A principal gains power when it is allowed a probe it was not allowed
//! before, or becomes an administrator.

use super::{allowed, request};
use crate::authorize::Authorizer;
use crate::catalog::Catalog;

/// The region probe requests are made in (`aws:RequestedRegion`).
pub const PROBE_REGION: &str = "us-east-1";

/// The probes: (action, resource template with `{A}` for the account and
/// `{R}` for the region, context key and value or empty).
pub const PROBES: [(&str, &str, &str, &str); 16] = [
    (
        "iam:CreateUser",
        "arn:aws:iam::{A}:user/zoneproof-probe",
        "",
        "",
    ),
    (
        "iam:PutRolePolicy",
        "arn:aws:iam::{A}:role/zoneproof-probe",
        "",
        "",
    ),
    (
        "iam:AttachUserPolicy",
        "arn:aws:iam::{A}:user/zoneproof-probe",
        "iam:PolicyARN",
        "arn:aws:iam::aws:policy/AdministratorAccess",
    ),
    (
        "iam:CreateAccessKey",
        "arn:aws:iam::{A}:user/zoneproof-probe",
        "",
        "",
    ),
    (
        "iam:PassRole",
        "arn:aws:iam::{A}:role/zoneproof-probe",
        "",
        "",
    ),
    (
        "iam:UpdateAssumeRolePolicy",
        "arn:aws:iam::{A}:role/zoneproof-probe",
        "",
        "",
    ),
    (
        "iam:CreatePolicyVersion",
        "arn:aws:iam::{A}:policy/zoneproof-probe",
        "",
        "",
    ),
    ("ec2:RunInstances", "arn:aws:ec2:{R}:{A}:instance/*", "", ""),
    (
        "ec2:TerminateInstances",
        "arn:aws:ec2:{R}:{A}:instance/i-0123456789abcdef0",
        "",
        "",
    ),
    (
        "s3:GetObject",
        "arn:aws:s3:::zoneproof-probe-{A}/object",
        "",
        "",
    ),
    (
        "s3:PutBucketPolicy",
        "arn:aws:s3:::zoneproof-probe-{A}",
        "",
        "",
    ),
    (
        "secretsmanager:GetSecretValue",
        "arn:aws:secretsmanager:{R}:{A}:secret:zoneproof-probe",
        "",
        "",
    ),
    (
        "lambda:CreateFunction",
        "arn:aws:lambda:{R}:{A}:function:zoneproof-probe",
        "",
        "",
    ),
    (
        "dynamodb:Scan",
        "arn:aws:dynamodb:{R}:{A}:table/zoneproof-probe",
        "",
        "",
    ),
    (
        "cloudtrail:StopLogging",
        "arn:aws:cloudtrail:{R}:{A}:trail/zoneproof-probe",
        "",
        "",
    ),
    ("organizations:LeaveOrganization", "*", "", ""),
];

/// A principal's power: which probes it is allowed, and whether it is an
/// administrator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Power {
    /// Bit `i`: probe `i` of [`PROBES`] allowed.
    pub probes: u32,
    /// Every catalog action allowed on `*`.
    pub admin: bool,
}

impl Power {
    /// Whether `self` can do something `than` cannot.
    pub fn exceeds(&self, than: &Power) -> bool {
        (self.admin && !than.admin) || (self.probes & !than.probes) != 0
    }

    /// The probe actions `self` has and `than` lacks (`*` for admin).
    pub fn gained_over(&self, than: &Power) -> Vec<String> {
        let mut out = Vec::new();
        if self.admin && !than.admin {
            out.push("* (administrator)".to_string());
        }
        for (i, probe) in PROBES.iter().enumerate() {
            if self.probes & !than.probes & (1 << i) != 0 {
                out.push(probe.0.to_string());
            }
        }
        out
    }
}

/// The context of a probe request in `region`.
fn context<'a>(region: &'a str, key: &'a str, value: &'a str) -> Vec<(&'a str, &'a str)> {
    let mut out = vec![("aws:RequestedRegion", region)];
    if !key.is_empty() {
        out.push((key, value));
    }
    out
}

/// The ceiling of an account: what a principal allowed everything by its
/// own policies may do there (the SCPs and RCPs decide), measured once per
/// account on a probe role and used as the yardstick of "administrator".
#[derive(Debug, Clone, Default)]
pub struct Ceiling {
    /// The probes the ceiling allows.
    pub probes: u32,
    /// Per catalog action (in [`catalog_actions`] order): allowed on `*`.
    pub actions: Option<Vec<bool>>,
}

/// Every action of the IAM catalog, qualified (`s3:GetObject`).
pub fn catalog_actions() -> &'static [String] {
    static ACTIONS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    ACTIONS.get_or_init(|| {
        Catalog::get()
            .services()
            .flat_map(|s| {
                s.actions
                    .iter()
                    .map(move |a| format!("{}:{}", s.prefix, a.name))
            })
            .collect()
    })
}

/// The probes `principal` (in `account`) is allowed.
///
/// # Errors
///
/// The reason a request cannot be decided (a policy missing from the
/// inputs).
pub fn probe(
    authorizer: &Authorizer<'_>,
    principal: &str,
    account: &str,
    requests: &mut u64,
) -> Result<u32, crate::authorize::AuthorizeError> {
    let mut bits = 0;
    for (i, (action, template, key, value)) in PROBES.iter().enumerate() {
        let resource = template
            .replace("{A}", account)
            .replace("{R}", PROBE_REGION);
        *requests += 1;
        let ctx = context(PROBE_REGION, key, value);
        if allowed(authorizer, &request(principal, action, &resource, &ctx))?.is_some() {
            bits |= 1 << i;
        }
    }
    Ok(bits)
}

/// Which catalog actions `principal` is allowed on `*`; stops at the first
/// action the `ceiling` allows and the principal is not (returns `None`).
///
/// # Errors
///
/// The reason a request cannot be decided.
pub fn actions_allowed(
    authorizer: &Authorizer<'_>,
    principal: &str,
    ceiling: Option<&[bool]>,
    requests: &mut u64,
) -> Result<Option<Vec<bool>>, crate::authorize::AuthorizeError> {
    let ctx = context(PROBE_REGION, "", "");
    let mut out = Vec::with_capacity(catalog_actions().len());
    for (i, action) in catalog_actions().iter().enumerate() {
        let needed = ceiling.is_none_or(|c| c.get(i).copied().unwrap_or(true));
        if !needed {
            out.push(false);
            continue;
        }
        *requests += 1;
        let yes = allowed(authorizer, &request(principal, action, "*", &ctx))?.is_some();
        if !yes && ceiling.is_some() {
            return Ok(None);
        }
        out.push(yes);
    }
    Ok(Some(out))
}

/// The name of the probe role that measures an account's ceiling.
pub const CEILING_PROBE_ROLE: &str = "zoneproof-ceiling-probe";

/// The ARN of an account's ceiling probe role.
pub fn ceiling_probe_arn(account: &str) -> String {
    format!("arn:aws:iam::{account}:role/{CEILING_PROBE_ROLE}")
}

/// Measures `principal` with `authorizer`; the account's ceiling (in
/// `ceilings`) gets its catalog actions measured with `probe` (the
/// authorizer over the probe roles) the first time a principal of the
/// account is allowed every probe the ceiling allows.
///
/// # Errors
///
/// The reason a request cannot be decided.
pub fn measure_lazily(
    authorizer: &Authorizer<'_>,
    probe_authorizer: &Authorizer<'_>,
    ceilings: &mut std::collections::BTreeMap<String, Ceiling>,
    principal: &str,
    account: &str,
    requests: &mut u64,
) -> Result<Power, crate::authorize::AuthorizeError> {
    let entry = ceilings.entry(account.to_string()).or_default();
    let probes_allowed = probe(authorizer, principal, account, requests)?;
    let mut power = Power {
        probes: probes_allowed,
        admin: false,
    };
    if probes_allowed & entry.probes != entry.probes {
        return Ok(power);
    }
    if entry.actions.is_none() {
        entry.actions = actions_allowed(
            probe_authorizer,
            &ceiling_probe_arn(account),
            None,
            requests,
        )?;
    }
    if let Some(actions) = &entry.actions {
        power.admin = actions_allowed(authorizer, principal, Some(actions), requests)?.is_some();
    }
    Ok(power)
}
