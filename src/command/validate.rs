//! `zoneproof validate POLICY.json`: checks a policy against the IAM policy
//! grammar and prints `FILE: valid`, or the error.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `zoneproof validate`.
#[derive(clap::Args)]
pub struct Args {
    /// The policy document (JSON).
    policy: PathBuf,
}

/// Parses the policy; prints `FILE: valid` on stdout if it parses.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    super::read_policy(&args.policy)?;
    writeln!(std::io::stdout().lock(), "{}: valid", args.policy.display())?;
    Ok(ExitCode::SUCCESS)
}
