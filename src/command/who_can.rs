//! `zoneproof who-can --action A --resource R [--resource-account ID]
//! [--no-assumers] [--format text|json] INPUTS...`: every IAM user and role
//! of the inputs that can perform the action on the resource over the whole
//! IAM decision, each with a witness `authorize` confirms and the context
//! keys it depends on, who can reach it by assuming those roles (one hop),
//! and the proof (the final UNSAT) that no other principal can.
//!
//! Exit code 0 when the question was answered (whoever can); 1 when the
//! inputs cannot be read or a principal's request cannot be decided.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{bail, Context as _};
use zoneproof_analyzer::inputs::{read_input_set, InputSet, ReadOptions};
use zoneproof_analyzer::question::who_can::{who_can, Grantee, WhoCan, WhoCanQuery};
use zoneproof_encodings::solver::BackendKind;

/// Output format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people.
    #[default]
    Text,
    /// JSON: `principals`, `assumePaths`, `proof`.
    Json,
}

/// Arguments of `zoneproof who-can`.
#[derive(clap::Args)]
pub struct Args {
    /// Files and directories to read, as for `zoneproof authorize`.
    #[arg(required = true, value_name = "INPUTS")]
    inputs: Vec<PathBuf>,
    /// The action, e.g. `s3:GetObject`.
    #[arg(long)]
    action: String,
    /// The resource ARN.
    #[arg(long)]
    resource: String,
    /// The account that owns the resource, when the inputs and the ARN do
    /// not say (S3 buckets).
    #[arg(long, value_name = "ID")]
    resource_account: Option<String>,
    /// Do not look for principals that can assume the roles found.
    #[arg(long)]
    no_assumers: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

/// Reads the inputs (unreadable inputs are an error, other problems
/// warnings on stderr).
pub fn read_inputs(paths: &[PathBuf]) -> anyhow::Result<InputSet> {
    let inputs = read_input_set(paths, &ReadOptions::default());
    if !inputs.unreadable.is_empty() {
        for error in &inputs.unreadable {
            eprintln!("{error}");
        }
        bail!(
            "the inputs cannot be read ({} problem(s) above)",
            inputs.unreadable.len()
        );
    }
    let mut seen = std::collections::BTreeSet::new();
    for problem in &inputs.problems {
        let line = problem.to_string();
        if seen.insert(line.clone()) {
            eprintln!("warning: {line}");
        }
    }
    Ok(inputs)
}

/// Answers the question and prints it.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let inputs = read_inputs(&args.inputs)?;
    let query = WhoCanQuery {
        action: args.action.clone(),
        resource: args.resource.clone(),
        resource_account: args.resource_account.clone(),
        assumers: !args.no_assumers,
    };
    let answer = who_can(
        &inputs,
        &query,
        BackendKind::Automata,
        Duration::from_secs(30),
    )
    .context("who-can")?;
    let text = match args.format {
        Format::Json => serde_json::to_string_pretty(&answer)?,
        Format::Text => to_text(&answer),
    };
    writeln!(std::io::stdout().lock(), "{}", text.trim_end())?;
    Ok(ExitCode::SUCCESS)
}

fn grantee_line(g: &Grantee) -> String {
    if g.unconditional {
        return "with no condition".to_string();
    }
    let conditions: Vec<String> = g
        .conditions
        .iter()
        .map(|(k, v)| format!("{k}={}", v.join("|")))
        .collect();
    format!("when {} (witness values)", conditions.join(", "))
}

/// The answer for people.
pub fn to_text(answer: &WhoCan) -> String {
    let mut out = format!(
        "{} principal(s) can {} on {} (account {}):\n",
        answer.principals.len(),
        answer.action,
        answer.resource,
        answer.resource_account
    );
    for g in &answer.principals {
        out.push_str(&format!(
            "  {} {} — {}\n      {}\n",
            g.kind,
            g.principal,
            grantee_line(g),
            g.reason
        ));
    }
    if !answer.assume_paths.is_empty() {
        out.push_str(&format!(
            "{} path(s) through a role (one hop):\n",
            answer.assume_paths.len()
        ));
        for p in &answer.assume_paths {
            out.push_str(&format!(
                "  {} — {}\n",
                p.path.join(" -> sts:AssumeRole -> "),
                grantee_line(&p.assume)
            ));
        }
    }
    out.push_str(&format!(
        "proof: no other of the {} principal(s) of the inputs can (UNSAT after {} solver check(s), {} candidate(s) encoded, {} ms)\n",
        answer.proof.principals,
        answer.proof.solver_checks,
        answer.proof.candidates,
        answer.proof.micros / 1000
    ));
    out
}
