//! One module per subcommand: each has an `Args` struct (clap) and a
//! `run(&Args) -> anyhow::Result<ExitCode>`.

pub mod analyze;
pub mod authorize;
pub mod baseline;
pub mod bench;
pub mod bench_authorize;
pub mod bench_corpus;
pub mod bench_trail;
pub mod bench_validate;
pub mod estate;
mod estate_types;
pub mod eval;
pub mod generate;
pub mod html_report;
pub mod parse;
pub mod progress;
pub mod record;
pub mod report;
pub mod sarif;
pub mod scan;
pub mod trail;
pub mod trail_gen;
pub mod types;
pub mod unused;
pub mod validate;
pub mod validation_output;
pub mod who_can;
pub mod zone;

use std::path::Path;
use std::process::ExitCode;

use anyhow::{anyhow, Context as _};
use zoneproof_analyzer::eval::Context;
use zoneproof_analyzer::policy::{parse_policy_bytes, Policy};

/// Exit code: the tool could not do its job (bad input, I/O, usage).
pub const TOOL_FAILED: ExitCode = ExitCode::FAILURE;

/// Reads and parses a policy file; errors read `FILE: JSON.PATH: message`.
pub fn read_policy(path: &Path) -> anyhow::Result<Policy> {
    let bytes = std::fs::read(path).with_context(|| format!("{}: cannot read", path.display()))?;
    parse_policy_bytes(&bytes).with_context(|| path.display().to_string())
}

/// Parses `--context KEY=VALUE` arguments; a repeated key is multivalued.
pub fn parse_context(entries: &[String]) -> anyhow::Result<Context> {
    let mut context = Context::new();
    for entry in entries {
        let (key, value) = entry
            .split_once('=')
            .filter(|(key, _)| !key.is_empty())
            .ok_or_else(|| anyhow!("--context: expected KEY=VALUE, got `{entry}`"))?;
        context.insert(key, value);
    }
    Ok(context)
}
