//! The no-new-access check: is some request allowed by a new policy and
//! not by a reference policy?
//!
//! Query: `domain ∧ caller ∧ allowed(NEW, r) ∧ ¬allowed(REF, r)`. Both
//! policies are encoded in one environment, over one symbolic request in
//! the catalog-wide typed space of the actions NEW's `Allow` statements
//! match ([`crate::semantics::catalog_space`]), and an undocumented match
//! (an ARN pattern of fewer than six components, an operator without a set
//! qualifier on several values) gets one free answer that both policies
//! share ([`UndocumentedAnswers::Shared`]): the check fails when some answer
//! AWS may give lets NEW grant what REF does not, and a match left as it
//! was is never read one way in NEW and the other in REF (so
//! `check_no_new_access(P, P)` passes for every `P`). Every witness is
//! re-checked by the evaluator: allowed by NEW where undocumented matches
//! grant more, not allowed by REF where they grant less (every shared
//! answer lies between the two).
//!
//! # Example
//! ```
//! use zoneproof_analyzer::policy::parse_policy;
//! use zoneproof_analyzer::question::check::{CheckOptions, CheckPolicyType, CheckVerdict};
//! use zoneproof_analyzer::question::new_access::check_no_new_access;
//! let reference = parse_policy(r#"{"Version":"2012-10-17","Statement":[
//!     {"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}"#).unwrap();
//! let new = parse_policy(r#"{"Version":"2012-10-17","Statement":[
//!     {"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::b/*"}]}"#).unwrap();
//! let options = CheckOptions::of_type(CheckPolicyType::Identity);
//! let outcome = check_no_new_access(&new, &reference, &options);
//! assert_eq!(outcome.result, CheckVerdict::Fail);
//! assert_eq!(outcome.classes[0].actions, vec!["s3:PutObject".to_string()]);
//! assert_eq!(check_no_new_access(&reference, &new, &options).result, CheckVerdict::Pass);
//! ```

use std::time::Instant;

use zoneproof_encodings::term;

use crate::encode::{encode_policy, Environment, EnvironmentInput, QuestionLiterals};
use crate::eval::{evaluate_with, Decision, Reading, Request};
use crate::policy::Policy;
use crate::semantics::catalog_space::{granted_actions_space, SpaceCallers};
use crate::semantics::reading::UndocumentedAnswers;

use super::check::{
    caller_keys, caller_term, encode_failure, identity_limits, run, CheckOptions, CheckOutcome,
    CheckPolicyType, CheckRun, GrantClassifier,
};

/// Checks that `new` grants nothing `reference` does not (see the module
/// documentation). `PASS` is a proof; `FAIL` lists every class of new
/// access with witnesses allowed by `new` and not by `reference`;
/// `UNKNOWN` says why the check could not decide.
pub fn check_no_new_access(
    new: &Policy,
    reference: &Policy,
    options: &CheckOptions,
) -> CheckOutcome {
    check_no_new_access_over(new, &[reference], options)
}

/// Checks that `new` grants nothing that the policies of `references`
/// together do not (IAM's decision over several policies of one principal:
/// an explicit deny in any wins, then an allow in any). With one reference
/// it is [`check_no_new_access`]; with none every grant of `new` is new.
pub fn check_no_new_access_over(
    new: &Policy,
    references: &[&Policy],
    options: &CheckOptions,
) -> CheckOutcome {
    let started = Instant::now();
    if let Err(e) = options.validate() {
        return CheckOutcome::unknown(e.to_string(), started);
    }
    let mut all: Vec<&Policy> = vec![new];
    all.extend(references.iter().copied());
    if options.policy_type == CheckPolicyType::Identity {
        if let Some(reason) = identity_limits(&all) {
            return CheckOutcome::unknown(reason, started);
        }
    }
    let callers = match options.policy_type {
        CheckPolicyType::Identity => SpaceCallers::Identity,
        CheckPolicyType::Resource => SpaceCallers::Resource,
    };
    let space = match granted_actions_space(&[new], &all, "aws", callers) {
        Ok(s) => s,
        Err(e) => return CheckOutcome::unknown(e.to_string(), started),
    };
    let members: Vec<String> = match (&options.org, &options.account) {
        (Some(_), Some(account)) => vec![account.clone()],
        _ => Vec::new(),
    };
    let input = EnvironmentInput {
        policies: all,
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
    let built = Environment::build(&input).and_then(|mut env| {
        env.undocumented_answers = UndocumentedAnswers::Shared;
        let new_terms = encode_policy(&env, 0, new, Reading::GrantsMore)?;
        let mut allows = Vec::with_capacity(references.len());
        let mut denies = Vec::with_capacity(references.len());
        for (i, reference) in references.iter().enumerate() {
            let terms = encode_policy(&env, i + 1, reference, Reading::GrantsLess)?;
            allows.push(terms.allows);
            denies.push(terms.denies);
        }
        let reference_allowed = term::and([term::or(allows), term::not(term::or(denies))]);
        let query = term::and([
            env.domain()?,
            caller_term(&env, options)?,
            new_terms.allowed(),
            term::not(reference_allowed),
        ]);
        Ok((env, new_terms, query))
    });
    let (env, new_terms, query) = match built {
        Ok(b) => b,
        Err(e) => return encode_failure(&e, started),
    };
    let recheck = |request: &Request| -> Result<(), String> {
        let by_new = evaluate_with(new, request, Reading::GrantsMore).decision;
        if by_new != Decision::Allow {
            return Err(format!("is {} by the new policy", by_new.name()));
        }
        let decisions: Vec<Decision> = references
            .iter()
            .map(|r| evaluate_with(r, request, Reading::GrantsLess).decision)
            .collect();
        if decisions.contains(&Decision::Allow) && !decisions.contains(&Decision::ExplicitDeny) {
            return Err("is allowed by the reference policies".into());
        }
        Ok(())
    };
    let classifier = GrantClassifier::new(
        &env,
        new,
        &new_terms.statements,
        options.policy_type == CheckPolicyType::Resource,
    );
    let check = CheckRun {
        env: &env,
        query,
        classifier,
        policy: new,
        recheck: &recheck,
        fail_message: &|n| {
            format!(
                "The modified permissions grant new access compared to your reference policy ({n} class{} of new access).",
                if n == 1 { "" } else { "es" }
            )
        },
        pass_message: "The policy grants no new access compared to your reference policy.".into(),
        reason: &|index| format!("New access in the statement with index: {index}."),
    };
    run(&check, options, started)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::parse_policy;
    use crate::question::check::CheckVerdict;

    fn policy(statements: &str) -> Policy {
        parse_policy(&format!(
            r#"{{"Version":"2012-10-17","Statement":[{statements}]}}"#
        ))
        .unwrap()
    }

    #[test]
    fn a_deny_on_one_bucket_does_not_flag_list_all_my_buckets() {
        let reference = policy(
            r#"{"Effect":"Allow","Action":"s3:ListAllMyBuckets","Resource":"*"},
               {"Effect":"Deny","Action":"s3:*","Resource":["arn:aws:s3:::x","arn:aws:s3:::x/*"]}"#,
        );
        let new = policy(r#"{"Effect":"Allow","Action":"s3:ListAllMyBuckets","Resource":"*"}"#);
        let options = CheckOptions::of_type(CheckPolicyType::Identity);
        let outcome = check_no_new_access(&new, &reference, &options);
        assert_eq!(outcome.result, CheckVerdict::Pass, "{outcome:?}");
    }

    #[test]
    fn a_class_of_new_access_names_its_resources_and_restricting_conditions() {
        let reference =
            policy(r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}"#);
        let new = policy(
            r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"},
               {"Effect":"Allow","Action":"s3:PutObject","Resource":"arn:aws:s3:::b/*",
                "Condition":{"StringEquals":{"aws:SourceVpce":"vpce-1"}}}"#,
        );
        let options = CheckOptions::of_type(CheckPolicyType::Identity);
        let outcome = check_no_new_access(&new, &reference, &options);
        assert_eq!(outcome.result, CheckVerdict::Fail, "{outcome:?}");
        let [class] = outcome.classes.as_slice() else {
            panic!("one class: {outcome:?}");
        };
        assert_eq!(class.resources, ["arn:aws:s3:::b/*"]);
        let [condition] = class.conditions.as_slice() else {
            panic!("one condition: {class:?}");
        };
        assert_eq!(
            (
                condition.statement,
                condition.operator.as_str(),
                condition.key.as_str()
            ),
            (1, "StringEquals", "aws:SourceVpce")
        );
        assert_eq!(condition.values, ["vpce-1"]);
        assert!(class
            .witnesses
            .iter()
            .all(|w| w.context.get("aws:SourceVpce") == Some(&serde_json::json!("vpce-1"))));
    }

    fn resource_options() -> CheckOptions {
        CheckOptions::of_type(CheckPolicyType::Resource)
    }

    #[test]
    fn an_unchanged_undocumented_match_is_read_alike_in_both_policies() {
        let p = policy(
            r#"{"Effect":"Allow","Principal":{"Service":"sns.amazonaws.com"},"Action":"sqs:SendMessage",
                "Resource":"arn:aws:sqs:us-east-1:111122223333:q",
                "Condition":{"ArnEquals":{"aws:SourceArn":"*"}}},
               {"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"sqs:ReceiveMessage","Resource":"arn:aws:sqs:*"},
               {"Effect":"Deny","Principal":"*","Action":"sqs:*","Resource":"*",
                "Condition":{"StringLike":{"aws:PrincipalOrgPaths":"o-*"}}}"#,
        );
        let outcome = check_no_new_access(&p, &p, &resource_options());
        assert_eq!(outcome.result, CheckVerdict::Pass, "{outcome:?}");
    }

    #[test]
    fn a_match_answered_one_way_for_both_policies_still_finds_new_access() {
        // AWS may match the short pattern: then REF denies what NEW allows.
        let reference = policy(
            r#"{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"},
               {"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*",
                "Condition":{"ArnLike":{"aws:PrincipalArn":"arn:aws:*"}}}"#,
        );
        let new = policy(
            r#"{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}"#,
        );
        let outcome = check_no_new_access(&new, &reference, &resource_options());
        assert_eq!(outcome.result, CheckVerdict::Fail, "{outcome:?}");
        assert_eq!(
            check_no_new_access(&reference, &new, &resource_options()).result,
            CheckVerdict::Pass
        );
    }

    #[test]
    fn an_allow_on_a_short_pattern_against_a_deny_on_it_is_new_access() {
        // One answer for the short pattern `arn:aws:s3:*` in both policies:
        // when it matches, NEW allows and REF denies.
        let reference = policy(
            r#"{"Effect":"Allow","Action":"s3:*","Resource":"*"},
               {"Effect":"Deny","Action":"s3:ListBucket","Resource":"arn:aws:s3:*"}"#,
        );
        let new =
            policy(r#"{"Effect":"Allow","Action":"s3:ListBucket","Resource":"arn:aws:s3:*"}"#);
        let options = CheckOptions::of_type(CheckPolicyType::Identity);
        let outcome = check_no_new_access(&new, &reference, &options);
        assert_eq!(outcome.result, CheckVerdict::Fail, "{outcome:?}");
    }

    #[test]
    fn an_unqualified_operator_on_a_set_is_answered_alike() {
        let reference = policy(
            r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"*",
                "Condition":{"StringEquals":{"aws:TagKeys":["a","b"]}}}"#,
        );
        let options = CheckOptions::of_type(CheckPolicyType::Identity);
        let same = check_no_new_access(&reference, &reference, &options);
        assert_eq!(same.result, CheckVerdict::Pass, "{same:?}");
        // Without the condition, NEW allows requests whose tag keys are
        // neither all nor some of a, b.
        let new = policy(r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}"#);
        assert_eq!(
            check_no_new_access(&new, &reference, &options).result,
            CheckVerdict::Fail
        );
    }

    #[test]
    fn several_references_are_read_as_one_principal_policies() {
        let get = policy(r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}"#);
        let put = policy(r#"{"Effect":"Allow","Action":"s3:PutObject","Resource":"*"}"#);
        let both = policy(
            r#"{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::b/*"}"#,
        );
        let options = CheckOptions::of_type(CheckPolicyType::Identity);
        let union = check_no_new_access_over(&both, &[&get, &put], &options);
        assert_eq!(union.result, CheckVerdict::Pass, "{union:?}");
        let one = check_no_new_access_over(&both, &[&get], &options);
        assert_eq!(one.result, CheckVerdict::Fail, "{one:?}");
        let deny =
            policy(r#"{"Effect":"Deny","Action":"s3:PutObject","Resource":"arn:aws:s3:::b/x"}"#);
        let denied = check_no_new_access_over(&both, &[&get, &put, &deny], &options);
        assert_eq!(denied.result, CheckVerdict::Fail, "{denied:?}");
        assert_eq!(denied.classes[0].actions, vec!["s3:PutObject".to_string()]);
        assert_eq!(denied.classes[0].witnesses[0].resource, "arn:aws:s3:::b/x");
    }

    #[test]
    fn a_wider_resource_is_new_access_with_a_witness() {
        let reference =
            policy(r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}"#);
        let new =
            policy(r#"{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::*"}"#);
        let options = CheckOptions::of_type(CheckPolicyType::Identity);
        let outcome = check_no_new_access(&new, &reference, &options);
        assert_eq!(outcome.result, CheckVerdict::Fail, "{outcome:?}");
        let witness = &outcome.classes[0].witnesses[0];
        assert!(!witness.resource.starts_with("arn:aws:s3:::b/"));
        assert_eq!(outcome.reasons[0].statement_index, 0);
    }
}
