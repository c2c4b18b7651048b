//! Printing resource results: text for people, JSON, JSON Lines and SARIF
//! for programs; and the exit code.

use std::io::Write;
use std::process::ExitCode;
use zoneproof_analyzer::finding::{ResourceResult, ResultStatus};
use zoneproof_analyzer::scan::record::Record;
pub use zoneproof_analyzer::scan::text::{error_line, policy_file_location, write_text, Paint};

/// Output formats.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// For people in a terminal: grouped by resource, coloured on a terminal.
    Text,
    /// One JSON document.
    Json,
    /// One resource result per line.
    Jsonl,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
}

impl From<Format> for zoneproof_analyzer::scan::Format {
    fn from(format: Format) -> zoneproof_analyzer::scan::Format {
        match format {
            Format::Text => zoneproof_analyzer::scan::Format::Text,
            Format::Json => zoneproof_analyzer::scan::Format::Json,
            Format::Jsonl => zoneproof_analyzer::scan::Format::Jsonl,
            Format::Sarif => zoneproof_analyzer::scan::Format::Sarif,
        }
    }
}

/// Exit code (as cfn-policy-validator): 1 if a resource errored or is
/// unknown, else 2 if there are ACTIVE findings, else 0.
pub fn exit_code(results: &[ResourceResult]) -> ExitCode {
    if results.iter().any(|r| r.status != ResultStatus::Analyzed) {
        super::TOOL_FAILED
    } else if results.iter().any(ResourceResult::has_active_findings) {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

/// Writes records to stdout in one go (`analyze`); errors and unknowns also
/// go to stderr, one line each.
pub fn write_records(records: &[Record], format: Format) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match format {
        Format::Json if records.len() == 1 => {
            serde_json::to_writer_pretty(&mut out, &records[0].to_json()?)?;
            writeln!(out)?;
        }
        Format::Json => {
            let values = records
                .iter()
                .map(Record::to_json)
                .collect::<Result<Vec<_>, _>>()?;
            serde_json::to_writer_pretty(&mut out, &values)?;
            writeln!(out)?;
        }
        Format::Jsonl => {
            for record in records {
                serde_json::to_writer(&mut out, &record.to_json()?)?;
                writeln!(out)?;
            }
        }
        Format::Text => {
            let paint = Paint::for_stdout();
            for record in records {
                write_text(&mut out, record, &paint)?;
            }
        }
        Format::Sarif => {
            let cwd = std::env::current_dir().ok();
            let log = zoneproof_analyzer::scan::sarif::log(records, None, cwd.as_deref());
            serde_json::to_writer_pretty(&mut out, &log)?;
            writeln!(out)?;
        }
    }
    for record in records {
        if let Some(line) = error_line(&record.result) {
            eprintln!("{line}");
        }
    }
    Ok(())
}
