//! Runs the CLI over every case in `corpus/` and compares with the expected
//! findings; re-checks every reported witness with the concrete evaluator.

use crate::{root, zoneproof, Scratch};
use zoneproof_analyzer::corpus::{load_cases, Case};
use zoneproof_analyzer::eval::{evaluate, Context, Decision, Request, RequestPrincipal};
use zoneproof_analyzer::finding::ResourceResult;
use zoneproof_analyzer::policy::parse_policy;
use zoneproof_analyzer::resource::ResourceType;

fn cli_result(case: &Case, index: usize) -> ResourceResult {
    let text = match &case.policy {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let file = Scratch::new(&format!("case-{index}.json"), &text);
    let mut scratches = Vec::new();
    let mut args = vec!["analyze".to_string()];
    if !case.policy.is_null() {
        args.push(file.path().to_string());
    }
    for (flag, value) in [
        ("--acl", &case.acl),
        ("--block-public-access", &case.block_public_access),
        ("--sharing", &case.sharing),
        ("--grants", &case.grants),
    ] {
        if let Some(value) = value {
            let extra = Scratch::new(&format!("case-{index}{flag}.json"), &value.to_string());
            args.extend([flag.to_string(), extra.path().to_string()]);
            scratches.push(extra);
        }
    }
    args.extend([
        "--resource-type".to_string(),
        case.resource_type.clone(),
        "--resource-arn".into(),
        case.resource_arn.clone(),
        "--account".into(),
        case.zone.account.clone(),
        "--format".into(),
        "json".into(),
    ]);
    if let Some(org) = &case.zone.org {
        args.extend(["--org".to_string(), org.clone()]);
    }
    for a in &case.zone.org_accounts {
        args.extend(["--org-account".to_string(), a.clone()]);
    }
    for a in &case.zone.trusted_accounts {
        args.extend(["--trusted-account".to_string(), a.clone()]);
    }
    if !case.service_findings {
        args.push("--no-service-findings".into());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = zoneproof(&args);
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "{}: no JSON result ({e}); stderr: {}",
            case.file.display(),
            String::from_utf8_lossy(&output.stderr)
        )
    })
}

/// Every witness must be allowed by the evaluator, independently of the
/// analyzer's own re-check.
fn witnesses_allowed(case: &Case, result: &ResourceResult) -> Result<(), String> {
    let text = match &case.policy {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    // The policy as the service stores it (API Gateway expands its
    // `execute-api:/...` shorthand).
    let text = match (
        ResourceType::resolve(&case.resource_type, &case.resource_arn),
        serde_json::from_str::<serde_json::Value>(&text),
    ) {
        (Ok(rt), Ok(value)) => rt.stored_policy(&value, &case.resource_arn).to_string(),
        _ => text,
    };
    let Ok(policy) = parse_policy(&text) else {
        return Ok(());
    };
    let from_policy = result
        .findings
        .iter()
        .filter(|f| f.sources.iter().any(|s| s.source_type == "POLICY"));
    for finding in from_policy {
        let w = finding
            .witness
            .as_ref()
            .ok_or("policy finding without witness")?;
        // Opaque principal ids (AIDA..., placeholders) are AWS principals too.
        let principal: RequestPrincipal = w
            .principal
            .parse()
            .unwrap_or_else(|_| RequestPrincipal::Aws(w.principal.clone()));
        let mut context = Context::new();
        for (key, value) in &w.context {
            match value {
                serde_json::Value::Array(items) => {
                    context.insert_all(
                        key.clone(),
                        items.iter().map(|i| i.as_str().unwrap_or("").to_string()),
                    );
                }
                other => {
                    context.insert(key.clone(), other.as_str().unwrap_or("").to_string());
                }
            }
        }
        let request = Request {
            principal,
            action: w.action.clone(),
            resource: w.resource.clone(),
            context,
        };
        let decision = evaluate(&policy, &request).decision;
        if decision != Decision::Allow {
            return Err(format!("witness {w:?} is {decision:?}"));
        }
    }
    Ok(())
}

#[test]
fn every_corpus_case_gives_its_expected_findings() {
    let cases = load_cases(&root().join("corpus")).expect("corpus loads");
    assert!(cases.len() >= 300, "corpus has only {} cases", cases.len());
    let mut failures = Vec::new();
    let mut findings = 0;
    for (index, case) in cases.iter().enumerate() {
        let result = cli_result(case, index);
        findings += result.findings.len();
        if let Err(e) = case
            .check(&result)
            .and_then(|()| witnesses_allowed(case, &result))
        {
            failures.push(format!("{}: {e}", case.file.display()));
        }
    }
    println!(
        "corpus: {} cases, {findings} findings, {} failures",
        cases.len(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} cases fail:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
