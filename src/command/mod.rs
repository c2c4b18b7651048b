//! One module per subcommand: each has an `Args` struct (clap) and a
//! `run(&Args) -> anyhow::Result<ExitCode>`.

pub mod analyze;
pub mod baseline;
pub mod bench;
pub mod bench_corpus;
pub mod bench_largest;
pub mod estate;
pub mod eval;
pub mod limits;
pub mod parse;
pub mod progress;
pub mod record;
pub mod report;
pub mod sarif;
pub mod scan;
pub mod validate;
pub mod zone;

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context as _;
use zoneproof_analyzer::policy::{parse_policy_bytes, Policy};

/// Exit code: the tool could not do its job (bad input, I/O, usage).
pub const TOOL_FAILED: ExitCode = ExitCode::FAILURE;

/// Reads and parses a policy file; errors read `FILE: JSON.PATH: message`.
pub fn read_policy(path: &Path) -> anyhow::Result<Policy> {
    let bytes = std::fs::read(path).with_context(|| format!("{}: cannot read", path.display()))?;
    parse_policy_bytes(&bytes).with_context(|| path.display().to_string())
}
