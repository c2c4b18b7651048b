//! can over synthetic organizations, checked by running `authorize` on
//! every reported witness, and on sampled actions that are not reported
//! (they must be denied whatever the resource and context tried).

use std::collections::BTreeSet;
use std::time::Duration;

use zoneproof_encodings::solver::BackendKind;

use super::*;
use crate::authorize::synthetic::{SyntheticConfig, SyntheticOrg};

/// Contexts under which an action not reported must still be denied.
fn contexts() -> Vec<Context> {
    let mut out = vec![
        Context::new(),
        Context::new().with("aws:SecureTransport", "true"),
    ];
    for region in ["eu-west-1", "us-east-1", "ap-south-1"] {
        out.push(
            Context::new()
                .with("aws:SecureTransport", "true")
                .with("aws:RequestedRegion", region),
        );
    }
    out
}

fn answer(inputs: &InputSet, principal: &str) -> Can {
    can(
        inputs,
        &CanQuery::new(principal),
        BackendKind::Automata,
        Duration::from_secs(30),
    )
    .unwrap_or_else(|e| panic!("can {principal}: {e}"))
}

/// Checks one principal's answer; returns how many accesses it reported.
fn check(inputs: &InputSet, principal: &str) -> usize {
    let answer = answer(inputs, principal);
    let authorizer = Authorizer::new(inputs);
    let mut reported = BTreeSet::new();
    let mut resources: BTreeSet<String> = inputs.resources.iter().map(|r| r.arn.clone()).collect();
    resources.extend(inputs.iam.roles().map(|r| r.arn.clone()));
    resources.insert("*".to_string());
    let mut accesses = 0;
    for service in &answer.services {
        for action in &service.actions {
            reported.insert(action.action.clone());
            for access in &action.resources {
                accesses += 1;
                let w = &access.witness;
                let mut context = Context::new();
                for (k, v) in &w.context {
                    context.insert_all(k.clone(), v.clone());
                }
                let request = AuthorizeRequest::new(&w.principal, &w.action, &w.resource)
                    .with_context(context)
                    .with_resource_account(access.account.clone());
                let decision = authorizer.authorize(&request).unwrap();
                assert_eq!(decision.decision, Decision::Allow, "{access:?}");
                assert_eq!(
                    access.unconditional,
                    access.conditions.is_empty(),
                    "{access:?}"
                );
                resources.insert(w.resource.clone());
            }
        }
    }
    let undecided: BTreeSet<&str> = answer.unknown.iter().map(|u| u.action.as_str()).collect();
    let catalog = Catalog::get();
    let sampled = catalog
        .services()
        .flat_map(|s| s.actions.iter())
        .map(Action::qualified_name)
        .enumerate()
        .filter(|(i, name)| i % 97 == 0 || name.starts_with("s3:") || name.starts_with("sqs:"))
        .map(|(_, name)| name);
    let mut tried = 0;
    for action in sampled {
        if reported.contains(&action) || undecided.contains(action.as_str()) {
            continue;
        }
        let service = action.split(':').next().unwrap_or_default().to_string();
        for resource in resources.iter().filter(|r| {
            *r == "*"
                || split_arn(r).is_some_and(|p| p.service == service)
                || (is_trust(&action) && r.contains(":role/"))
        }) {
            for context in contexts() {
                let request = AuthorizeRequest::new(principal, &action, resource)
                    .with_context(context.clone());
                let Ok(decision) = authorizer.authorize(&request) else {
                    continue;
                };
                tried += 1;
                assert_ne!(
                    decision.decision,
                    Decision::Allow,
                    "{principal} can {action} on {resource} with {context:?} but can missed it"
                );
            }
        }
    }
    assert!(tried > 0);
    accesses
}

#[test]
fn can_agrees_with_authorize_on_witnesses_and_on_actions_not_reported() {
    let org = SyntheticOrg::generate(&SyntheticConfig {
        users: 8,
        roles: 30,
        managed_policies: 20,
        accounts: 3,
        seed: 7,
    });
    let inputs = org.input_set();
    let principals = crate::question::who_can::principals(&inputs);
    let mut accesses = 0;
    for principal in principals.iter().step_by(5).take(3) {
        accesses += check(&inputs, principal);
    }
    assert!(
        accesses > 0,
        "nothing allowed: the test would prove nothing"
    );
}

#[test]
fn a_role_granted_by_a_bucket_policy_can_write_to_the_bucket() {
    let org = SyntheticOrg::generate(&SyntheticConfig {
        users: 10,
        roles: 40,
        managed_policies: 20,
        accounts: 3,
        seed: 11,
    });
    let inputs = org.input_set();
    let bucket = org
        .resources
        .iter()
        .find(|r| r["policy"]["Statement"][1]["Sid"] == "RoleWrite")
        .expect("a bucket with a role grant");
    let arn = bucket["arn"].as_str().unwrap();
    let role = bucket["policy"]["Statement"][1]["Principal"]["AWS"]
        .as_str()
        .unwrap();
    let answer = answer(&inputs, role);
    let put = answer
        .services
        .iter()
        .flat_map(|s| &s.actions)
        .find(|a| a.action == "s3:PutObject")
        .unwrap_or_else(|| panic!("s3:PutObject missing for {role}: {answer:?}"));
    let on_bucket = put
        .resources
        .iter()
        .find(|r| r.witness.resource.starts_with(&format!("{arn}/")))
        .unwrap_or_else(|| panic!("no access in {arn}: {put:?}"));
    assert!(
        on_bucket.conditions.contains_key("aws:SecureTransport"),
        "the bucket denies requests without TLS: {on_bucket:?}"
    );
    check(&inputs, role);
}

#[test]
fn a_principal_outside_the_inputs_is_an_error() {
    let inputs = SyntheticOrg::generate(&SyntheticConfig {
        users: 2,
        roles: 2,
        managed_policies: 2,
        accounts: 1,
        seed: 1,
    })
    .input_set();
    let error = can(
        &inputs,
        &CanQuery::new("arn:aws:iam::123456789012:role/nobody"),
        BackendKind::Automata,
        Duration::from_secs(5),
    )
    .unwrap_err();
    assert!(matches!(error, CanError::Principal { .. }), "{error:?}");
    let error = can(
        &inputs,
        &CanQuery {
            principal: "arn:aws:iam::123456789012:role/nobody".into(),
            services: vec!["nosuchservice".into()],
        },
        BackendKind::Automata,
        Duration::from_secs(5),
    )
    .unwrap_err();
    assert!(matches!(error, CanError::UnknownService(_)), "{error:?}");
}
