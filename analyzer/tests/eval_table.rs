//! Table-driven tests of the concrete evaluator against the AWS IAM
//! documentation.
//!
//! The cases live in `tests/data/eval_cases.json`: groups of requests against
//! one policy, each case naming the documentation file and the rule it checks.
//! A case's request gets the principal-derived keys
//! ([`Request::with_principal_keys`]) unless it says `"principal_keys": false`.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;
use zoneproof_analyzer::eval::{evaluate, Context, Decision, Request, RequestPrincipal};
use zoneproof_analyzer::policy::parse_policy;

const CASES: &str = include_str!("data/eval_cases.json");

/// The minimum number of cases the table must hold.
const MINIMUM_CASES: usize = 150;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Group {
    /// The AWS documentation file the group's cases check.
    doc: String,
    /// The policy, as JSON (or as a string holding JSON text).
    policy: Value,
    /// Request fields shared by the group's cases.
    #[serde(default)]
    request: Fields,
    cases: Vec<Case>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Fields {
    principal: Option<String>,
    action: Option<String>,
    resource: Option<String>,
    /// Key -> one value (string) or a set (array; `[]` is present but empty).
    context: Option<BTreeMap<String, Value>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    /// The rule checked, in words.
    rule: String,
    /// Overrides the group's documentation file.
    doc: Option<String>,
    #[serde(flatten)]
    request: Fields,
    #[serde(default = "yes")]
    principal_keys: bool,
    /// `Allow`, `ExplicitDeny` or `ImplicitDeny`.
    expect: String,
    /// The deciding statements; may be omitted for `ImplicitDeny` (none) and
    /// for single-statement policies (statement 0).
    statements: Option<Vec<usize>>,
}

fn yes() -> bool {
    true
}

fn groups() -> Result<Vec<Group>, String> {
    serde_json::from_str(CASES).map_err(|error| format!("tests/data/eval_cases.json: {error}"))
}

fn context_of(entries: &BTreeMap<String, Value>) -> Result<Context, String> {
    let mut context = Context::new();
    for (key, value) in entries {
        match value {
            Value::String(text) => {
                context.insert(key.clone(), text.clone());
            }
            Value::Array(items) => {
                let texts = items
                    .iter()
                    .map(|item| {
                        item.as_str()
                            .map(str::to_string)
                            .ok_or(format!("context `{key}`: not a string"))
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                context.insert_all(key.clone(), texts);
            }
            other => return Err(format!("context `{key}`: unsupported value {other}")),
        }
    }
    Ok(context)
}

fn request_of(defaults: &Fields, case: &Case) -> Result<Request, String> {
    let pick = |own: &Option<String>, shared: &Option<String>, name: &str| {
        own.clone()
            .or_else(|| shared.clone())
            .ok_or(format!("no {name}"))
    };
    let principal: RequestPrincipal =
        pick(&case.request.principal, &defaults.principal, "principal")?
            .parse()
            .map_err(|e| format!("{e}"))?;
    let mut entries = defaults.context.clone().unwrap_or_default();
    entries.extend(case.request.context.clone().unwrap_or_default());
    let request = Request::new(
        principal,
        pick(&case.request.action, &defaults.action, "action")?,
        pick(&case.request.resource, &defaults.resource, "resource")?,
    )
    .with_context(context_of(&entries)?);
    Ok(if case.principal_keys {
        request.with_principal_keys()
    } else {
        request
    })
}

fn expected_decision(name: &str) -> Result<Decision, String> {
    match name {
        "Allow" => Ok(Decision::Allow),
        "ExplicitDeny" => Ok(Decision::ExplicitDeny),
        "ImplicitDeny" => Ok(Decision::ImplicitDeny),
        other => Err(format!("unknown decision `{other}`")),
    }
}

/// Runs one case; `Err` describes a failure.
fn run(group: &Group, case: &Case) -> Result<(), String> {
    let text = match &group.policy {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    let policy = parse_policy(&text).map_err(|e| format!("policy does not parse: {e}"))?;
    let request = request_of(&group.request, case)?;
    let decision = expected_decision(&case.expect)?;
    let statements = match (&case.statements, decision) {
        (Some(statements), _) => statements.clone(),
        (None, Decision::ImplicitDeny) => Vec::new(),
        (None, _) if policy.statements.len() == 1 => vec![0],
        (None, _) => return Err("several statements: say which decide".into()),
    };
    let evaluation = evaluate(&policy, &request);
    if evaluation.decision != decision || evaluation.statements != statements {
        return Err(format!(
            "expected {decision} {statements:?}, got {} {:?}",
            evaluation.decision, evaluation.statements
        ));
    }
    Ok(())
}

#[test]
fn every_case_follows_the_documented_rule() -> Result<(), String> {
    let mut failures = Vec::new();
    for group in groups()? {
        for case in &group.cases {
            if let Err(why) = run(&group, case) {
                let doc = case.doc.as_deref().unwrap_or(&group.doc);
                failures.push(format!("[{doc}] {}: {why}", case.rule));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failing cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
    Ok(())
}

#[test]
fn the_table_has_enough_cases_and_each_names_its_rule() -> Result<(), String> {
    let groups = groups()?;
    let count: usize = groups.iter().map(|g| g.cases.len()).sum();
    println!("eval table: {count} cases in {} groups", groups.len());
    assert!(
        count >= MINIMUM_CASES,
        "only {count} cases, want at least {MINIMUM_CASES}"
    );
    for group in &groups {
        for case in &group.cases {
            let doc = case.doc.as_deref().unwrap_or(&group.doc);
            assert!(
                doc.ends_with(".md") && !case.rule.trim().is_empty(),
                "case without a documented rule: {case:?}"
            );
        }
    }
    Ok(())
}
