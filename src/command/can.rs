//! `zoneproof can PRINCIPAL [--service S]... [--format text|json]
//! INPUTS...`: what one IAM user or role of the inputs can do — per
//! service, the actions and resource patterns it is allowed over the whole
//! IAM decision, each with a witness `authorize` confirms and the context
//! keys it depends on, and what could not be decided (`unknown`, with the
//! reason).
//!
//! Exit code 0 when the question was answered (whatever the principal can
//! do, `unknown` entries included); 1 when the inputs cannot be read or the
//! principal is not a user or role of the inputs.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context as _;
use zoneproof_analyzer::question::can::{can, Can, CanQuery, ResourceAccess};
use zoneproof_encodings::solver::BackendKind;

use super::who_can::read_inputs;

/// Output format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people.
    #[default]
    Text,
    /// JSON: `services`, `unknown`, `proof`.
    Json,
}

/// Arguments of `zoneproof can`.
#[derive(clap::Args)]
pub struct Args {
    /// The IAM user or role ARN.
    #[arg(value_name = "PRINCIPAL")]
    principal: String,
    /// Files and directories to read, as for `zoneproof authorize`.
    #[arg(required = true, value_name = "INPUTS")]
    inputs: Vec<PathBuf>,
    /// Only this service prefix (e.g. `s3`); repeat for several.
    #[arg(long = "service", value_name = "PREFIX")]
    services: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

/// Answers the question and prints it.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let inputs = read_inputs(&args.inputs)?;
    let query = CanQuery {
        principal: args.principal.clone(),
        services: args.services.clone(),
    };
    let answer = can(
        &inputs,
        &query,
        BackendKind::Automata,
        Duration::from_secs(30),
    )
    .context("can")?;
    let text = match args.format {
        Format::Json => serde_json::to_string_pretty(&answer)?,
        Format::Text => to_text(&answer),
    };
    writeln!(std::io::stdout().lock(), "{}", text.trim_end())?;
    Ok(ExitCode::SUCCESS)
}

fn access_line(r: &ResourceAccess) -> String {
    let when = if r.unconditional {
        "with no condition".to_string()
    } else {
        let conditions: Vec<String> = r
            .conditions
            .iter()
            .map(|(k, v)| format!("{k}={}", v.join("|")))
            .collect();
        format!("when {} (witness values)", conditions.join(", "))
    };
    let via = match r.source.as_str() {
        "resource" => " [granted by its resource policy]",
        "input" => " [resource of the inputs]",
        _ => "",
    };
    format!(
        "      {} (account {}){via} — {when}; e.g. {}",
        r.resource, r.account, r.witness.resource
    )
}

/// The answer for people.
pub fn to_text(answer: &Can) -> String {
    let actions: usize = answer.services.iter().map(|s| s.actions.len()).sum();
    let mut out = format!(
        "{} {} (account {}) can perform {} action(s) in {} service(s):\n",
        answer.kind,
        answer.principal,
        answer.account,
        actions,
        answer.services.len()
    );
    for service in &answer.services {
        out.push_str(&format!("  {}:\n", service.service));
        for action in &service.actions {
            out.push_str(&format!("    {}\n", action.action));
            for r in &action.resources {
                out.push_str(&access_line(r));
                out.push('\n');
            }
        }
    }
    if !answer.unknown.is_empty() {
        out.push_str(&format!(
            "{} (action, resource) pair(s) could not be decided (not proved denied):\n",
            answer.unknown.len()
        ));
        for u in &answer.unknown {
            out.push_str(&format!("  {} on {}: {}\n", u.action, u.resource, u.reason));
        }
    }
    let p = &answer.proof;
    out.push_str(&format!(
        "proof: {} candidate action(s) ({} action/resource pair(s), {} solver check(s)); {} proved not allowed on any of their resources; every other action is allowed by no policy of the principal; {}{} ms\n",
        p.candidate_actions,
        p.targets,
        p.solver_checks,
        p.denied_actions,
        if p.complete { "" } else { "INCOMPLETE (see above); " },
        p.micros / 1000
    ));
    out
}
