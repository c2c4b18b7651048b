//! The access-not-granted check: does a policy allow any listed action (on
//! any resource), any action on a listed resource, or — when both lists are
//! given — a listed action on a listed resource?
//!
//! The lists become a target policy `T` (one `Allow` statement whose
//! `Action` is the listed actions or `*`, whose `Resource` is the listed
//! resources or `*`, both with IAM's wildcards), encoded over the same
//! request as the checked policy `P`. Query: `domain ∧ caller ∧
//! allowed(P, r) ∧ allows(T, r)`. Every witness is re-checked: allowed by
//! `P` and matched by `T`.
//!
//! # Example
//! ```
//! use zoneproof_analyzer::policy::parse_policy;
//! use zoneproof_analyzer::question::access_not_granted::check_access_not_granted;
//! use zoneproof_analyzer::question::check::{CheckOptions, CheckPolicyType, CheckVerdict};
//! let policy = parse_policy(r#"{"Version":"2012-10-17","Statement":[
//!     {"Effect":"Allow","Action":"s3:Get*","Resource":"*"}]}"#).unwrap();
//! let options = CheckOptions::of_type(CheckPolicyType::Identity);
//! let fail = check_access_not_granted(&policy, &["s3:GetObject".into()], &[], &options);
//! assert_eq!(fail.result, CheckVerdict::Fail);
//! let pass = check_access_not_granted(&policy, &["s3:PutObject".into()], &[], &options);
//! assert_eq!(pass.result, CheckVerdict::Pass);
//! ```

use std::time::Instant;

use zoneproof_encodings::term;

use crate::encode::{encode_policy, Environment, EnvironmentInput, QuestionLiterals};
use crate::eval::{evaluate_with, Decision, Reading, Request};
use crate::policy::{parse_policy_value, Policy};
use crate::semantics::catalog_space::{granted_actions_space, SpaceCallers};

use super::check::{
    caller_keys, caller_term, encode_failure, identity_limits, run, CheckOptions, CheckOutcome,
    CheckPolicyType, CheckRun, GrantClassifier,
};

/// Why the lists of a "no access granted" check do not make a target
/// policy.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TargetError {
    /// Neither an action nor a resource was given.
    #[error("give at least one action or resource to check")]
    Empty,
    /// A listed action has no service prefix.
    #[error("invalid action `{0}`: expected `service:Action` (wildcards allowed)")]
    InvalidAction(String),
    /// The lists do not make a valid policy (a malformed resource ARN, say).
    #[error(transparent)]
    Policy(#[from] crate::policy::PolicyError),
}

/// The target policy of the lists (see the module documentation).
///
/// # Errors
/// When both lists are empty, or a listed action has no service prefix.
pub fn target_policy(actions: &[String], resources: &[String]) -> Result<Policy, TargetError> {
    if actions.is_empty() && resources.is_empty() {
        return Err(TargetError::Empty);
    }
    if let Some(bad) = actions.iter().find(|a| a != &"*" && !a.contains(':')) {
        return Err(TargetError::InvalidAction(bad.clone()));
    }
    let list = |items: &[String]| {
        if items.is_empty() {
            serde_json::Value::from("*")
        } else {
            serde_json::Value::from(items.to_vec())
        }
    };
    let value = serde_json::json!({"Statement": [{
        "Effect": "Allow", "Action": list(actions), "Resource": list(resources)
    }]});
    Ok(parse_policy_value(&value)?)
}

/// Checks that `policy` grants none of the listed access (see the module
/// documentation). `PASS` is a proof; `FAIL` lists every class of listed
/// access the policy grants, with witnesses.
pub fn check_access_not_granted(
    policy: &Policy,
    actions: &[String],
    resources: &[String],
    options: &CheckOptions,
) -> CheckOutcome {
    let started = Instant::now();
    if let Err(e) = options.validate() {
        return CheckOutcome::unknown(e.to_string(), started);
    }
    let target = match target_policy(actions, resources) {
        Ok(t) => t,
        Err(e) => return CheckOutcome::unknown(e.to_string(), started),
    };
    if options.policy_type == CheckPolicyType::Identity {
        if let Some(reason) = identity_limits(&[policy]) {
            return CheckOutcome::unknown(reason, started);
        }
    }
    let callers = match options.policy_type {
        CheckPolicyType::Identity => SpaceCallers::Identity,
        CheckPolicyType::Resource => SpaceCallers::Resource,
    };
    let space = match granted_actions_space(&[policy], &[policy, &target], "aws", callers) {
        Ok(s) => s,
        Err(e) => return CheckOutcome::unknown(e.to_string(), started),
    };
    let members: Vec<String> = match (&options.org, &options.account) {
        (Some(_), Some(account)) => vec![account.clone()],
        _ => Vec::new(),
    };
    let input = EnvironmentInput {
        policies: vec![policy, &target],
        space: &space,
        owner: options.owner(),
        owner_org: options.org.as_deref(),
        org_members: members,
        question: QuestionLiterals {
            accounts: options.account.iter().cloned().collect(),
            orgs: options.org.iter().cloned().collect(),
            keys: caller_keys(options),
        },
    };
    let built = Environment::build(&input).and_then(|env| {
        let terms = encode_policy(&env, 0, policy, Reading::GrantsMore)?;
        let listed = encode_policy(&env, 1, &target, Reading::GrantsLess)?.allows;
        let query = term::and([
            env.domain()?,
            caller_term(&env, options)?,
            terms.allowed(),
            listed,
        ]);
        Ok((env, terms, query))
    });
    let (env, terms, query) = match built {
        Ok(b) => b,
        Err(e) => return encode_failure(&e, started),
    };
    let recheck = |request: &Request| -> Result<(), String> {
        let decision = evaluate_with(policy, request, Reading::GrantsMore).decision;
        if decision != Decision::Allow {
            return Err(format!("is {} by the policy", decision.name()));
        }
        if evaluate_with(&target, request, Reading::GrantsLess).decision != Decision::Allow {
            return Err("is not among the listed actions and resources".into());
        }
        Ok(())
    };
    let classifier = GrantClassifier::new(
        &env,
        policy,
        &terms.statements,
        options.policy_type == CheckPolicyType::Resource,
    );
    let check = CheckRun {
        env: &env,
        query,
        classifier,
        policy,
        recheck: &recheck,
        fail_message: &|n| {
            format!(
                "The policy grants access to at least one of the listed actions or resources ({n} class{}).",
                if n == 1 { "" } else { "es" }
            )
        },
        pass_message: "The policy does not grant access to the listed actions or resources.".into(),
        reason: &|index| {
            format!("One of the listed actions or resources in the statement with index: {index}.")
        },
    };
    run(&check, options, started)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::question::check::CheckVerdict;

    #[test]
    fn a_listed_resource_with_any_action_fails() {
        let policy = crate::policy::parse_policy(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::a/*"}]}"#,
        )
        .unwrap();
        let options = CheckOptions::of_type(CheckPolicyType::Identity);
        let fail =
            check_access_not_granted(&policy, &[], &["arn:aws:s3:::a/secret".into()], &options);
        assert_eq!(fail.result, CheckVerdict::Fail, "{fail:?}");
        let pass = check_access_not_granted(&policy, &[], &["arn:aws:s3:::b/*".into()], &options);
        assert_eq!(pass.result, CheckVerdict::Pass, "{pass:?}");
        let both = check_access_not_granted(
            &policy,
            &["s3:ListAllMyBuckets".into()],
            &["arn:aws:s3:::a/*".into()],
            &options,
        );
        assert_eq!(both.result, CheckVerdict::Pass, "{both:?}");
    }
}
