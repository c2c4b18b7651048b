//! Printing resource results: text for people, JSON for programs.

use std::io::Write;
use std::process::ExitCode;
use zoneproof_analyzer::finding::{Finding, FindingStatus, ResourceResult, ResultStatus};

/// Output formats.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// For people in a terminal.
    Text,
    /// One JSON document.
    Json,
    /// One resource result per line.
    Jsonl,
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

/// Writes results to stdout; errors and unknowns also go to stderr, one line each.
pub fn write_results(results: &[ResourceResult], format: Format) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match format {
        Format::Json if results.len() == 1 => {
            serde_json::to_writer_pretty(&mut out, &results[0])?;
            writeln!(out)?;
        }
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, results)?;
            writeln!(out)?;
        }
        Format::Jsonl => {
            for result in results {
                serde_json::to_writer(&mut out, result)?;
                writeln!(out)?;
            }
        }
        Format::Text => {
            for result in results {
                write_text(&mut out, result)?;
            }
        }
    }
    for result in results.iter().filter(|r| r.status != ResultStatus::Analyzed) {
        eprintln!(
            "{} ({}): {}: {}",
            result.resource,
            result.resource_type,
            status_name(result.status),
            result.error.as_deref().unwrap_or("no reason given")
        );
    }
    Ok(())
}

fn status_name(status: ResultStatus) -> &'static str {
    match status {
        ResultStatus::Analyzed => "analyzed",
        ResultStatus::Error => "error",
        ResultStatus::Unknown => "unknown (findings may be missing)",
    }
}

/// One resource for people: a header, then per finding who, what, under
/// which condition, through which statement, and how to fix it.
pub fn write_text(out: &mut impl Write, result: &ResourceResult) -> std::io::Result<()> {
    let count = result.findings.len();
    let proof = match result.status {
        ResultStatus::Analyzed => format!(
            "proved complete ({} solver checks, {:.1} ms)",
            result.proof.solver_checks,
            result.proof.micros as f64 / 1000.0
        ),
        other => status_name(other).to_string(),
    };
    writeln!(
        out,
        "{} ({}): {} finding{} — {proof}",
        result.resource,
        result.resource_type,
        count,
        if count == 1 { "" } else { "s" }
    )?;
    if let Some(error) = &result.error {
        writeln!(out, "  {}: {error}", status_name(result.status))?;
    }
    if count == 0 && result.status == ResultStatus::Analyzed {
        writeln!(out, "  no principal outside the zone of trust can access it")?;
    }
    for finding in &result.findings {
        write_finding(out, finding)?;
    }
    Ok(())
}

fn write_finding(out: &mut impl Write, f: &Finding) -> std::io::Result<()> {
    let status = match f.status {
        FindingStatus::Active => "ACTIVE".to_string(),
        FindingStatus::Archived => format!(
            "ARCHIVED by {}",
            f.archived_by.as_deref().unwrap_or("a rule")
        ),
    };
    let public = if f.is_public { " PUBLIC" } else { "" };
    writeln!(
        out,
        "  [{status}]{public} {:?}: {} {}",
        f.finding_type,
        f.principal.type_name(),
        f.principal.value()
    )?;
    let shown: Vec<&str> = f.action.iter().take(6).map(String::as_str).collect();
    let more = f.action.len().saturating_sub(shown.len());
    let more = if more > 0 { format!(" (+{more} more)") } else { String::new() };
    writeln!(out, "    actions:   {}{more}", shown.join(", "))?;
    if !f.condition.is_empty() {
        let parts: Vec<String> = f
            .condition
            .iter()
            .map(|(k, v)| format!("{k} = {}", v.as_str().map_or_else(|| v.to_string(), str::to_string)))
            .collect();
        writeln!(out, "    condition: {}", parts.join("; "))?;
    }
    for source in &f.sources {
        let statements: Vec<String> = source
            .statements
            .iter()
            .map(|s| match &s.sid {
                Some(sid) => format!("{sid} (#{})", s.index),
                None => format!("#{}", s.index),
            })
            .collect();
        writeln!(out, "    via:       {} {}", source.source_type, statements.join(", "))?;
    }
    if let Some(w) = &f.witness {
        writeln!(out, "    witness:   {} {} {}", w.principal, w.action, w.resource)?;
    }
    writeln!(out, "    fix:       {}", f.remediation)?;
    writeln!(out, "    id:        {}", f.id)
}
