//! One module per subcommand: each has an `Args` struct (clap) and a
//! `run(&Args) -> anyhow::Result<ExitCode>`.

pub mod analyze;
pub mod audit;
pub mod authorize;
pub mod bench;
pub mod bench_audit;
pub mod bench_authorize;
pub mod bench_check;
pub mod bench_corpus;
pub mod bench_fix;
pub mod bench_largest;
pub mod bench_questions;
pub mod bench_trail;
pub mod bench_validate;
pub mod can;
pub mod check;
pub mod check_output;
pub mod estate;
mod estate_types;
pub mod eval;
pub mod fix;
pub mod generate;
pub mod html_report;
pub mod limits;
pub mod parse;
pub mod progress;
pub mod report;
pub mod scan;
pub mod trail;
pub mod trail_gen;
pub mod types;
pub mod unused;
pub mod validate;
pub mod who_can;
pub mod zone;

use std::path::Path;
use std::process::ExitCode;

use anyhow::{anyhow, Context as _};
use zoneproof_analyzer::eval::Context;
use zoneproof_analyzer::policy::{parse_policy_bytes, Policy};

/// Exit code: the tool could not do its job (bad input, I/O, usage).
pub const TOOL_FAILED: ExitCode = ExitCode::FAILURE;

/// The exit code of a report's verdict: 0 clean, 2 blocking findings, 1
/// failed (the same numbers as `Verdict::exit_number`).
pub fn verdict_exit_code(verdict: zoneproof_analyzer::scan::Verdict) -> ExitCode {
    match verdict {
        zoneproof_analyzer::scan::Verdict::Failed => TOOL_FAILED,
        other => ExitCode::from(other.exit_number()),
    }
}

/// The worst exit code of the results produced so far (0, 2 or 1, in
/// rising order of rank), for a run whose output is closed before it ends.
static EXIT_SEEN: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(0);

/// Records the exit code that the results produced so far call for
/// (`0`, `2`: blocking findings, `1`: an error or unknown result).
pub fn note_exit(code: u8) {
    let rank = |c: u8| match c {
        0 => 0,
        2 => 1,
        _ => 2,
    };
    let _ = EXIT_SEEN.fetch_update(
        std::sync::atomic::Ordering::SeqCst,
        std::sync::atomic::Ordering::SeqCst,
        |seen| (rank(code) > rank(seen)).then_some(code),
    );
}

/// The exit code of a run whose output was closed (`zoneproof scan ... |
/// head`): it stops quietly, with the code of every result it had
/// produced by then, so a closed pipe never turns errors or blocking
/// findings into 0.
pub fn exit_seen() -> ExitCode {
    ExitCode::from(EXIT_SEEN.load(std::sync::atomic::Ordering::SeqCst))
}

/// Reads and parses a policy file; errors read `FILE: JSON.PATH: message`.
pub fn read_policy(path: &Path) -> anyhow::Result<Policy> {
    let bytes = zoneproof_analyzer::inputs::read_regular_file(path)
        .map_err(|message| anyhow!("{}: {message}", path.display()))?;
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
