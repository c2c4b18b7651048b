//! `zoneproof-bench check`: per-check time of the policy checks over the
//! check corpus (`corpus/checks/cases.json`): median, p95 and max
//! milliseconds per check kind and overall, and how many came back
//! `UNKNOWN` or with the wrong verdict. Measured and printed, never
//! asserted.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context as _;
use serde_json::Value;
use zoneproof_analyzer::policy::parse_policy_value;
use zoneproof_analyzer::question::access_not_granted::check_access_not_granted;
use zoneproof_analyzer::question::check::{
    CheckOptions, CheckOutcome, CheckPolicyType, CheckVerdict,
};
use zoneproof_analyzer::question::new_access::check_no_new_access;
use zoneproof_analyzer::question::public_access::check_no_public_access;
use zoneproof_analyzer::resource::ResourceType;

/// Options of `zoneproof-bench check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The check corpus.
    #[arg(long, default_value = "corpus/checks/cases.json", value_name = "FILE")]
    pub cases: PathBuf,
    /// Runs of every case (the first warms the thread's solver).
    #[arg(long, default_value_t = 5)]
    pub repeat: usize,
}

/// Runs the benchmark and prints its table.
pub fn run(args: &Args) -> anyhow::Result<std::process::ExitCode> {
    let text = std::fs::read_to_string(&args.cases)
        .with_context(|| format!("{}: cannot read", args.cases.display()))?;
    let doc: Value =
        serde_json::from_str(&text).with_context(|| args.cases.display().to_string())?;
    let cases = doc["cases"]
        .as_array()
        .context("`cases`: expected an array")?;
    let mut times: Vec<(String, f64)> = Vec::new();
    let (mut unknown, mut wrong) = (0usize, 0usize);
    for case in cases {
        let kind = case["check"].as_str().unwrap_or("?").to_string();
        for round in 0..args.repeat.max(1) {
            let started = Instant::now();
            let outcome = run_case(case)?;
            let ms = started.elapsed().as_secs_f64() * 1000.0;
            if round == 0 {
                unknown += usize::from(outcome.result == CheckVerdict::Unknown);
                wrong += usize::from(case["expected"].as_str() != Some(outcome.result.name()));
            }
            times.push((kind.clone(), ms));
        }
    }
    println!(
        "zoneproof-bench check: {} cases x {} runs",
        cases.len(),
        args.repeat.max(1)
    );
    println!(
        "{:<22} {:>6} {:>10} {:>10} {:>10}",
        "check", "runs", "median ms", "p95 ms", "max ms"
    );
    let kinds = [
        "no-new-access",
        "access-not-granted",
        "no-public-access",
        "all",
    ];
    for kind in kinds {
        let mut ms: Vec<f64> = times
            .iter()
            .filter(|(k, _)| kind == "all" || k == kind)
            .map(|(_, t)| *t)
            .collect();
        if ms.is_empty() {
            continue;
        }
        ms.sort_by(f64::total_cmp);
        let at = |q: f64| {
            ms.get(((ms.len() - 1) as f64 * q).round() as usize)
                .copied()
                .unwrap_or(0.0)
        };
        println!(
            "{kind:<22} {:>6} {:>10.2} {:>10.2} {:>10.2}",
            ms.len(),
            at(0.5),
            at(0.95),
            at(1.0)
        );
    }
    println!("unknown: {unknown}; verdicts differing from the corpus: {wrong}");
    Ok(std::process::ExitCode::SUCCESS)
}

fn run_case(case: &Value) -> anyhow::Result<CheckOutcome> {
    let policy = |field: &str| {
        parse_policy_value(&case[field]).with_context(|| format!("{}: {field}", case["name"]))
    };
    let policy_type = case["policyType"]
        .as_str()
        .and_then(CheckPolicyType::parse)
        .unwrap_or(CheckPolicyType::Resource);
    let options = CheckOptions {
        account: case["account"].as_str().map(str::to_string),
        org: case["org"].as_str().map(str::to_string),
        ..CheckOptions::of_type(policy_type)
    };
    let strings = |field: &str| -> Vec<String> {
        case[field]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    Ok(match case["check"].as_str() {
        Some("no-new-access") => {
            check_no_new_access(&policy("new")?, &policy("reference")?, &options)
        }
        Some("access-not-granted") => check_access_not_granted(
            &policy("policy")?,
            &strings("actions"),
            &strings("resources"),
            &options,
        ),
        Some("no-public-access") => {
            let resource_type: ResourceType = case["resourceType"]
                .as_str()
                .unwrap_or("")
                .parse()
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            check_no_public_access(&case["policy"], resource_type, None, &options)
        }
        other => anyhow::bail!("unknown check {other:?}"),
    })
}
