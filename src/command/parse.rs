//! `zoneproof parse POLICY.json`: prints the policy as normalised IAM JSON
//! (keys in IAM order, `Statement` and every list an array).

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `zoneproof parse`.
#[derive(clap::Args)]
pub struct Args {
    /// The policy document (JSON).
    policy: PathBuf,
}

/// Parses the policy and prints its normalised JSON on stdout.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let policy = super::read_policy(&args.policy)?;
    let text = serde_json::to_string_pretty(&policy.to_iam_json())?;
    writeln!(std::io::stdout().lock(), "{text}")?;
    Ok(ExitCode::SUCCESS)
}
