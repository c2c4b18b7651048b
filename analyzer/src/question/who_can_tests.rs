//! who-can over synthetic organizations, checked by running `authorize` on
//! every principal of the inputs.

use std::collections::BTreeSet;
use std::time::Duration;

use zoneproof_encodings::solver::BackendKind;

use super::*;
use crate::authorize::synthetic::{SyntheticConfig, SyntheticOrg};

/// Contexts under which a principal outside the answer must still be
/// denied: none, and the values the synthetic policies test.
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

fn check(inputs: &InputSet, action: &str, resource: &str) -> WhoCan {
    let mut query = WhoCanQuery::new(action, resource);
    query.assumers = false;
    let answer = who_can(
        inputs,
        &query,
        BackendKind::Automata,
        Duration::from_secs(30),
    )
    .unwrap_or_else(|e| panic!("who-can {action} {resource}: {e}"));
    assert!(answer.proof.complete);
    let authorizer = Authorizer::new(inputs);
    let found: BTreeSet<&str> = answer
        .principals
        .iter()
        .map(|g| g.principal.as_str())
        .collect();
    for grantee in &answer.principals {
        let mut context = Context::new();
        for (k, v) in &grantee.witness.context {
            context.insert_all(k.clone(), v.clone());
        }
        let request =
            AuthorizeRequest::new(&grantee.principal, action, resource).with_context(context);
        let decision = authorizer.authorize(&request).unwrap();
        assert_eq!(decision.decision, Decision::Allow, "{grantee:?}");
    }
    for principal in principals(inputs) {
        if found.contains(principal.as_str()) {
            continue;
        }
        for context in contexts() {
            let request =
                AuthorizeRequest::new(&principal, action, resource).with_context(context.clone());
            let decision = authorizer.authorize(&request).unwrap();
            assert_ne!(
                decision.decision,
                Decision::Allow,
                "{principal} can {action} on {resource} with {context:?} but who-can missed it"
            );
        }
    }
    answer
}

#[test]
fn who_can_agrees_with_authorize_on_every_principal_of_a_synthetic_organization() {
    let org = SyntheticOrg::generate(&SyntheticConfig {
        users: 20,
        roles: 120,
        managed_policies: 40,
        accounts: 4,
        seed: 7,
    });
    let inputs = org.input_set();
    let mut answered = 0;
    let mut allowed = 0;
    for request in org.requests(40, 3) {
        if request.resource == "*" || request.resource.is_empty() {
            continue;
        }
        let answer = check(&inputs, &request.action, &request.resource);
        answered += 1;
        allowed += answer.principals.len();
    }
    assert!(answered >= 20, "{answered}");
    assert!(
        allowed > 0,
        "no request allowed anyone: the test would prove nothing"
    );
}

#[test]
fn a_role_named_by_a_bucket_policy_is_found_with_its_assumers() {
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
    let resource = format!("{arn}/data.csv");
    let answer = check(&inputs, "s3:PutObject", &resource);
    let grantee = answer
        .principals
        .iter()
        .find(|g| g.principal == role)
        .unwrap_or_else(|| panic!("{role} missing from {:?}", answer.principals));
    assert!(
        !grantee.unconditional,
        "the bucket denies requests without TLS: {grantee:?}"
    );
    assert!(grantee.conditions.contains_key("aws:SecureTransport"));
    let with_assumers = who_can(
        &inputs,
        &WhoCanQuery::new("s3:PutObject", resource.as_str()),
        BackendKind::Automata,
        Duration::from_secs(30),
    )
    .unwrap();
    assert!(with_assumers
        .assume_paths
        .iter()
        .all(|p| p.path.len() == 2 && answer.principals.iter().any(|g| g.principal == p.path[1])));
}

#[test]
fn an_unknown_action_is_an_error() {
    let inputs = SyntheticOrg::generate(&SyntheticConfig {
        users: 2,
        roles: 2,
        managed_policies: 2,
        accounts: 1,
        seed: 1,
    })
    .input_set();
    let error = who_can(
        &inputs,
        &WhoCanQuery::new("s3:NoSuchAction", "arn:aws:s3:::b/k"),
        BackendKind::Automata,
        Duration::from_secs(5),
    )
    .unwrap_err();
    assert!(matches!(error, WhoCanError::UnknownAction(_)), "{error:?}");
}
