//! Resource results for people: the text report of `analyze` and `scan`,
//! the one-line error of an undecided result, and its colours.

use crate::finding::{Finding, FindingStatus, ResourceResult, ResultStatus};
use console::Style;
use std::io::Write;
use std::path::Path;

use super::record::{Change, Location, Record};

/// The one stderr line of an error or unknown result:
/// `RESOURCE (TYPE): STATUS: FILE: POINTER: reason`.
pub fn error_line(result: &ResourceResult) -> Option<String> {
    if result.status == ResultStatus::Analyzed {
        return None;
    }
    let reason = result.error.as_deref().unwrap_or("no reason given");
    Some(crate::printable::line(&format!(
        "{}: {}: {reason}",
        resource_label(result),
        status_name(result.status)
    )))
}

fn resource_label(result: &ResourceResult) -> String {
    if result.resource_type.is_empty() {
        result.resource.clone()
    } else {
        format!("{} ({})", result.resource, result.resource_type)
    }
}

fn status_name(status: ResultStatus) -> &'static str {
    match status {
        ResultStatus::Analyzed => "analyzed",
        ResultStatus::Error => "error",
        ResultStatus::Unknown => "unknown (findings may be missing)",
    }
}

/// Colours for the text format (none when printing to a pipe or a file, or
/// when `NO_COLOR` is set).
#[derive(Debug, Clone)]
pub struct Paint {
    /// Resource headers and section titles.
    pub header: Style,
    /// PUBLIC and active public findings.
    pub public: Style,
    /// Active findings.
    pub active: Style,
    /// Locations, notes, archived and unchanged findings.
    pub quiet: Style,
    /// NEW findings.
    pub new: Style,
    /// Errors and unknown results.
    pub error: Style,
}

impl Paint {
    /// Colours when stdout is a terminal that wants them (`NO_COLOR` unset).
    pub fn for_stdout() -> Paint {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Paint::new(console::colors_enabled() && !no_color)
    }

    /// Colours on or off.
    pub fn new(enabled: bool) -> Paint {
        let style = |s: Style| s.force_styling(enabled);
        Paint {
            header: style(Style::new().bold()),
            public: style(Style::new().red().bold()),
            active: style(Style::new().yellow()),
            quiet: style(Style::new().dim()),
            new: style(Style::new().magenta().bold()),
            error: style(Style::new().red()),
        }
    }
}

/// One resource for people: a header, then per finding who, what, under
/// which condition, through which statement, and how to fix it.
pub fn write_text(out: &mut impl Write, record: &Record, paint: &Paint) -> std::io::Result<()> {
    let result = &record.result;
    let count = result.findings.len();
    let proof = match result.status {
        ResultStatus::Analyzed => format!(
            "proved complete ({} solver checks, {:.1} ms)",
            result.proof.solver_checks,
            result.proof.micros as f64 / 1000.0
        ),
        other => paint.error.apply_to(status_name(other)).to_string(),
    };
    writeln!(
        out,
        "{}: {} finding{} — {proof}",
        paint
            .header
            .apply_to(crate::printable::line(&resource_label(result))),
        count,
        if count == 1 { "" } else { "s" }
    )?;
    if let Some(location) = &record.location {
        let line = location.line.map(|l| format!(":{l}")).unwrap_or_default();
        writeln!(
            out,
            "  {}",
            paint.quiet.apply_to(format!(
                "at {}{line} {}",
                location.file.display(),
                location.pointer
            ))
        )?;
    }
    if let Some(error) = &result.error {
        writeln!(
            out,
            "  {}: {}",
            paint.error.apply_to(status_name(result.status)),
            crate::printable::line(error)
        )?;
    }
    for note in &result.notes {
        writeln!(
            out,
            "  {}",
            paint
                .quiet
                .apply_to(crate::printable::line(&format!("note: {note}")))
        )?;
    }
    if count == 0 && result.status == ResultStatus::Analyzed {
        let under = if result.cut_by_rcp.is_empty() {
            ""
        } else {
            " under the organization's RCPs"
        };
        writeln!(
            out,
            "  no principal outside the zone of trust can access it{under}"
        )?;
    }
    for (index, finding) in result.findings.iter().enumerate() {
        write_finding(out, finding, record.change(index), paint)?;
    }
    for f in &result.cut_by_rcp {
        writeln!(
            out,
            "  [{}] {:?}: {} {} (the resource policy alone grants it)",
            paint.quiet.apply_to("CUT BY RCP"),
            f.finding_type,
            f.principal.type_name(),
            f.principal.value()
        )?;
        write_cut_by(out, f)?;
        writeln!(out, "    id:        {}", f.id)?;
    }
    Ok(())
}

/// The RCP statements that cut a finding, one line each.
fn write_cut_by(out: &mut impl Write, f: &Finding) -> std::io::Result<()> {
    for c in &f.cut_by {
        let statement = match (&c.sid, c.index) {
            (Some(sid), Some(i)) => format!(" statement {sid} (#{i})"),
            (None, Some(i)) => format!(" statement #{i}"),
            _ => " (allows nothing at its level)".to_string(),
        };
        writeln!(
            out,
            "    cut by:    {} {} `{}`{statement}, on {}",
            c.policy_type, c.policy_id, c.policy_name, c.attached_to
        )?;
    }
    Ok(())
}

fn write_finding(
    out: &mut impl Write,
    f: &Finding,
    change: Option<Change>,
    paint: &Paint,
) -> std::io::Result<()> {
    let status = match f.status {
        FindingStatus::Active if f.is_public => paint.public.apply_to("ACTIVE".to_string()),
        FindingStatus::Active => paint.active.apply_to("ACTIVE".to_string()),
        FindingStatus::Archived => paint.quiet.apply_to(format!(
            "ARCHIVED by {}",
            f.archived_by.as_deref().unwrap_or("a rule")
        )),
    };
    let public = if f.is_public {
        format!(" {}", paint.public.apply_to("PUBLIC"))
    } else {
        String::new()
    };
    let change = match change {
        Some(Change::New) => format!(" {}", paint.new.apply_to("NEW")),
        Some(Change::Unchanged) => format!(" {}", paint.quiet.apply_to("UNCHANGED")),
        None => String::new(),
    };
    writeln!(
        out,
        "  [{status}]{public}{change} {:?}: {} {}",
        f.finding_type,
        f.principal.type_name(),
        f.principal.value()
    )?;
    write_finding_details(out, f)
}

fn write_finding_details(out: &mut impl Write, f: &Finding) -> std::io::Result<()> {
    let shown: Vec<&str> = f.action.iter().take(6).map(String::as_str).collect();
    let more = f.action.len().saturating_sub(shown.len());
    let more = if more > 0 {
        format!(" (+{more} more)")
    } else {
        String::new()
    };
    writeln!(out, "    actions:   {}{more}", shown.join(", "))?;
    if !f.condition.is_empty() {
        writeln!(out, "    condition: {}", condition_parts(f).join("; "))?;
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
        writeln!(
            out,
            "    via:       {} {}",
            source.source_type,
            statements.join(", ")
        )?;
    }
    if let Some(w) = &f.witness {
        writeln!(
            out,
            "    witness:   {} {} {}",
            w.principal, w.action, w.resource
        )?;
    }
    write_cut_by(out, f)?;
    writeln!(out, "    fix:       {}", f.remediation)?;
    writeln!(out, "    id:        {}", f.id)
}

/// The baseline's findings that are gone, for people.
pub fn write_resolved_text(
    out: &mut impl Write,
    resolved: &[Finding],
    paint: &Paint,
) -> std::io::Result<()> {
    writeln!(
        out,
        "{}",
        paint
            .header
            .apply_to(format!("Resolved since the baseline: {}", resolved.len()))
    )?;
    for f in resolved {
        writeln!(
            out,
            "  [{}] {} ({}) {:?}: {} {}",
            paint.quiet.apply_to("RESOLVED"),
            f.resource,
            f.resource_type,
            f.finding_type,
            f.principal.type_name(),
            f.principal.value()
        )?;
        writeln!(out, "    id:        {}", f.id)?;
    }
    Ok(())
}

/// The location of a policy file named on the command line, for `analyze`.
pub fn policy_file_location(path: &Path, text: &str) -> Location {
    let statement_lines = crate::inputs::policy_statement_lines(text);
    Location {
        file: path.to_path_buf(),
        pointer: String::new(),
        line: Some(1),
        statement_lines,
        format: None,
    }
}

/// A finding's restricting condition as text: exactly its JSON `condition`
/// object (`docs/findings.md`, "Conditions"), so text, JSON and SARIF read
/// the same (a bare value is the key's default operator; ranges, patterns
/// and negations keep their operator).
pub fn condition_parts(f: &Finding) -> Vec<String> {
    vec![crate::finding::condition_text(&f.condition)]
}
