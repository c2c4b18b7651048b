//! The policy-check corpus (`corpus/checks/cases.json`, issue 10): every
//! case's verdict and reported actions, every witness re-checked by the
//! evaluator on both policies, and the properties of no-new-access over
//! every corpus policy.

#![expect(
    clippy::unwrap_used,
    clippy::panic,
    reason = "test helpers outside #[test] functions fail loudly on bad fixtures"
)]

use serde_json::{json, Value};
use zoneproof_analyzer::eval::{evaluate_with, Decision, Reading};
use zoneproof_analyzer::policy::{parse_policy_value, Effect, Policy};
use zoneproof_analyzer::question::access_not_granted::{check_access_not_granted, target_policy};
use zoneproof_analyzer::question::check::{
    witness_request, CheckOptions, CheckOutcome, CheckPolicyType, CheckVerdict,
};
use zoneproof_analyzer::question::new_access::check_no_new_access;
use zoneproof_analyzer::question::public_access::check_no_public_access;
use zoneproof_analyzer::resource::ResourceType;

fn cases() -> Vec<Value> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../corpus/checks/cases.json");
    let text = std::fs::read_to_string(path).unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    doc["cases"].as_array().unwrap().clone()
}

fn policy(value: &Value) -> Policy {
    parse_policy_value(value).unwrap()
}

fn options(case: &Value) -> CheckOptions {
    let policy_type =
        CheckPolicyType::parse(case["policyType"].as_str().unwrap_or("resource")).unwrap();
    CheckOptions {
        account: case["account"].as_str().map(str::to_string),
        org: case["org"].as_str().map(str::to_string),
        ..CheckOptions::of_type(policy_type)
    }
}

fn strings(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Every witness of the outcome passes `recheck`.
fn recheck_witnesses(
    name: &str,
    outcome: &CheckOutcome,
    recheck: impl Fn(&zoneproof_analyzer::eval::Request) -> bool,
) {
    for class in &outcome.classes {
        assert!(
            !class.witnesses.is_empty(),
            "{name}: a class without witness"
        );
        for witness in &class.witnesses {
            let request = witness_request(witness).unwrap();
            assert!(
                recheck(&request),
                "{name}: witness {witness:?} fails its re-check"
            );
        }
    }
}

fn run_case(case: &Value) -> CheckOutcome {
    let name = case["name"].as_str().unwrap();
    let options = options(case);
    match case["check"].as_str().unwrap() {
        "no-new-access" => {
            let new = policy(&case["new"]);
            let reference = policy(&case["reference"]);
            let outcome = check_no_new_access(&new, &reference, &options);
            recheck_witnesses(name, &outcome, |r| {
                evaluate_with(&new, r, Reading::GrantsMore).decision == Decision::Allow
                    && evaluate_with(&reference, r, Reading::GrantsLess).decision != Decision::Allow
            });
            outcome
        }
        "access-not-granted" => {
            let checked = policy(&case["policy"]);
            let actions = strings(&case["actions"]);
            let resources = strings(&case["resources"]);
            let target = target_policy(&actions, &resources).unwrap();
            let outcome = check_access_not_granted(&checked, &actions, &resources, &options);
            recheck_witnesses(name, &outcome, |r| {
                evaluate_with(&checked, r, Reading::GrantsMore).decision == Decision::Allow
                    && evaluate_with(&target, r, Reading::GrantsLess).decision == Decision::Allow
            });
            outcome
        }
        "no-public-access" => {
            let resource_type: ResourceType =
                case["resourceType"].as_str().unwrap().parse().unwrap();
            let checked = policy(&case["policy"]);
            let outcome = check_no_public_access(&case["policy"], resource_type, None, &options);
            recheck_witnesses(name, &outcome, |r| {
                evaluate_with(&checked, r, Reading::GrantsMore).decision == Decision::Allow
            });
            outcome
        }
        other => panic!("{name}: unknown check `{other}`"),
    }
}

#[test]
fn every_corpus_case_has_its_expected_verdict_and_actions() {
    let cases = cases();
    assert!(cases.len() >= 40, "the corpus shrank");
    let mut wrong = Vec::new();
    for case in &cases {
        let name = case["name"].as_str().unwrap();
        let outcome = run_case(case);
        let expected = case["expected"].as_str().unwrap();
        if outcome.result.name() != expected {
            wrong.push(format!(
                "{name}: expected {expected}, got {} ({})",
                outcome.result.name(),
                outcome.message
            ));
            continue;
        }
        assert!(
            outcome.proof.complete || outcome.result == CheckVerdict::Fail,
            "{name}"
        );
        if outcome.result == CheckVerdict::Fail {
            assert!(
                !outcome.reasons.is_empty(),
                "{name}: a failure without reasons"
            );
        }
        for action in strings(&case["expectedActions"]) {
            if !outcome.classes.iter().any(|c| c.actions.contains(&action)) {
                wrong.push(format!(
                    "{name}: `{action}` is not among the reported actions"
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The identity and resource policies of the corpus, with their types.
fn corpus_policies() -> Vec<(String, Value, CheckPolicyType)> {
    let mut out = Vec::new();
    for case in cases() {
        let name = case["name"].as_str().unwrap().to_string();
        let Some(policy_type) = case["policyType"].as_str().and_then(CheckPolicyType::parse) else {
            continue;
        };
        for field in ["new", "reference", "policy"] {
            if case[field].is_object() {
                out.push((format!("{name}.{field}"), case[field].clone(), policy_type));
            }
        }
    }
    out
}

#[test]
fn a_policy_grants_no_new_access_over_itself() {
    for (name, value, policy_type) in corpus_policies() {
        let p = policy(&value);
        let outcome = check_no_new_access(&p, &p, &CheckOptions::of_type(policy_type));
        assert_eq!(outcome.result, CheckVerdict::Pass, "{name}: {outcome:?}");
    }
}

#[test]
fn an_allow_of_a_fresh_action_is_new_access() {
    let fresh = "sdb:CreateDomain";
    for (name, value, policy_type) in corpus_policies() {
        let p = policy(&value);
        let grants_fresh = p.statements.iter().any(|s| {
            s.effect == Effect::Allow
                && zoneproof_analyzer::eval::action_clause_matches(&s.action, fresh)
        });
        if grants_fresh {
            continue;
        }
        let mut widened = value.clone();
        let statement = match policy_type {
            CheckPolicyType::Identity => {
                json!({"Effect": "Allow", "Action": fresh, "Resource": "*"})
            }
            CheckPolicyType::Resource => {
                json!({"Effect": "Allow", "Principal": {"AWS": "444455556666"}, "Action": fresh, "Resource": "*"})
            }
        };
        let list = match widened["Statement"].take() {
            Value::Array(items) => items,
            single => vec![single],
        };
        let mut list = list;
        list.push(statement);
        widened["Statement"] = Value::Array(list);
        let outcome =
            check_no_new_access(&policy(&widened), &p, &CheckOptions::of_type(policy_type));
        assert_eq!(outcome.result, CheckVerdict::Fail, "{name}: {outcome:?}");
        assert!(
            outcome
                .classes
                .iter()
                .any(|c| c.actions.iter().any(|a| a == fresh)),
            "{name}: {outcome:?}"
        );
    }
}

#[test]
fn removing_an_allow_statement_never_adds_access() {
    for (name, value, policy_type) in corpus_policies() {
        let p = policy(&value);
        let statements = match &value["Statement"] {
            Value::Array(items) => items.clone(),
            single => vec![single.clone()],
        };
        for (i, statement) in statements.iter().enumerate() {
            if statement["Effect"] != "Allow" {
                continue;
            }
            let mut narrowed = value.clone();
            let mut rest = statements.clone();
            rest.remove(i);
            if rest.is_empty() {
                continue;
            }
            narrowed["Statement"] = Value::Array(rest);
            let outcome =
                check_no_new_access(&policy(&narrowed), &p, &CheckOptions::of_type(policy_type));
            assert_eq!(
                outcome.result,
                CheckVerdict::Pass,
                "{name} without {i}: {outcome:?}"
            );
        }
    }
}
