//! Properties of the no-new-access check (issue 10) over every policy of
//! the corpus: the resource policies of `corpus/**/*.json` and the policies
//! of the check cases (`corpus/checks/cases.json`).
//!
//! - `check_no_new_access(P, P)` is `PASS` (never `FAIL`; `UNKNOWN` only
//!   where the check documents why);
//! - removing one `Allow` statement from a policy of several statements
//!   never `FAIL`s against the policy.
//!
//! By default the test runs over a deterministic sample of the corpus
//! (every policy of the check cases, every fourth corpus file);
//! `ZONEPROOF_CORPUS_PROPERTY=all` runs over all of it.

#![expect(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] functions fail loudly on bad fixtures"
)]

use std::path::Path;

use serde_json::Value;
use zoneproof_analyzer::corpus::load_cases;
use zoneproof_analyzer::policy::{parse_policy_value, Effect, Policy};
use zoneproof_analyzer::question::check::{CheckOptions, CheckPolicyType, CheckVerdict};
use zoneproof_analyzer::question::new_access::check_no_new_access;

/// One policy with how it is checked.
struct Subject {
    name: String,
    document: Value,
    policy: Policy,
    options: CheckOptions,
}

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../corpus"))
}

fn everything() -> bool {
    std::env::var("ZONEPROOF_CORPUS_PROPERTY").is_ok_and(|v| v == "all")
}

/// The policy document of a case's `policy` field (an object, or a string
/// holding the text), when it parses.
fn document(value: &Value) -> Option<(Value, Policy)> {
    let document = match value {
        Value::String(text) => serde_json::from_str(text).ok()?,
        Value::Object(_) => value.clone(),
        _ => return None,
    };
    let policy = parse_policy_value(&document).ok()?;
    Some((document, policy))
}

/// The resource policies of the corpus files (sampled unless
/// [`everything`]).
fn corpus_subjects() -> Vec<Subject> {
    let cases = load_cases(root()).unwrap();
    let all = everything();
    cases
        .iter()
        .enumerate()
        .filter(|(i, _)| all || i % 4 == 0)
        .filter_map(|(_, case)| {
            let (document, policy) = document(&case.policy)?;
            let name = case
                .file
                .strip_prefix(root())
                .unwrap_or(&case.file)
                .display()
                .to_string();
            Some(Subject {
                name,
                document,
                policy,
                options: CheckOptions {
                    account: Some(case.zone.account.clone()),
                    ..CheckOptions::of_type(CheckPolicyType::Resource)
                },
            })
        })
        .collect()
}

/// The policies of the check cases, with their policy types.
fn check_case_subjects() -> Vec<Subject> {
    let path = root().join("checks/cases.json");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut out = Vec::new();
    for case in doc["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let policy_type =
            CheckPolicyType::parse(case["policyType"].as_str().unwrap_or("resource")).unwrap();
        for field in ["new", "reference", "policy"] {
            let Some((document, policy)) = document(&case[field]) else {
                continue;
            };
            out.push(Subject {
                name: format!("checks/{name}.{field}"),
                document,
                policy,
                options: CheckOptions {
                    account: case["account"].as_str().map(str::to_string),
                    org: case["org"].as_str().map(str::to_string),
                    ..CheckOptions::of_type(policy_type)
                },
            });
        }
    }
    out
}

fn subjects() -> Vec<Subject> {
    let mut all = check_case_subjects();
    all.extend(corpus_subjects());
    all
}

/// Verdict counts and the failures found.
#[derive(Default)]
struct Tally {
    pass: usize,
    unknown: Vec<String>,
    fail: Vec<String>,
}

impl Tally {
    fn add(&mut self, name: String, verdict: CheckVerdict, message: &str) {
        match verdict {
            CheckVerdict::Pass => self.pass += 1,
            CheckVerdict::Unknown => self.unknown.push(format!("{name}: {message}")),
            CheckVerdict::Fail => self.fail.push(format!("{name}: {message}")),
        }
    }

    fn report(&self, what: &str) {
        eprintln!(
            "{what}: {} PASS, {} UNKNOWN, {} FAIL",
            self.pass,
            self.unknown.len(),
            self.fail.len()
        );
        for line in &self.unknown {
            eprintln!("  UNKNOWN {line}");
        }
    }
}

#[test]
fn every_corpus_policy_grants_no_new_access_over_itself() {
    let subjects = subjects();
    assert!(subjects.len() >= 100, "the corpus shrank");
    let mut tally = Tally::default();
    for s in &subjects {
        let outcome = check_no_new_access(&s.policy, &s.policy, &s.options);
        let detail = format!("{} {:?}", outcome.message, outcome.classes);
        tally.add(s.name.clone(), outcome.result, &detail);
    }
    tally.report("check_no_new_access(P, P)");
    assert!(tally.fail.is_empty(), "{}", tally.fail.join("\n"));
}

/// The statements of a document as a list.
fn statements(document: &Value) -> Vec<Value> {
    match &document["Statement"] {
        Value::Array(items) => items.clone(),
        single => vec![single.clone()],
    }
}

#[test]
fn removing_an_allow_statement_never_fails_over_the_corpus() {
    let mut tally = Tally::default();
    for s in subjects() {
        let listed = statements(&s.document);
        if listed.len() < 2 || listed.len() != s.policy.statements.len() {
            continue;
        }
        for (i, statement) in s.policy.statements.iter().enumerate() {
            if statement.effect != Effect::Allow {
                continue;
            }
            let mut rest = listed.clone();
            rest.remove(i);
            let mut narrowed = s.document.clone();
            narrowed["Statement"] = Value::Array(rest);
            let narrowed = parse_policy_value(&narrowed).unwrap();
            let outcome = check_no_new_access(&narrowed, &s.policy, &s.options);
            let detail = format!("{} {:?}", outcome.message, outcome.classes);
            tally.add(format!("{} without {i}", s.name), outcome.result, &detail);
        }
    }
    tally.report("check_no_new_access(P minus one Allow, P)");
    assert!(tally.pass > 0, "no multi-statement policy was checked");
    assert!(tally.fail.is_empty(), "{}", tally.fail.join("\n"));
}
