//! The report of a scan, written as the records come (in input order): text
//! and JSON Lines stream one record at a time, JSON streams the elements of
//! its array, SARIF is written at the end. With a baseline, each finding is
//! marked NEW or UNCHANGED and the end lists the RESOLVED ones; with
//! `--validate`, the validation report follows.

use std::collections::{BTreeSet, HashSet};
use std::io::Write;
use std::path::PathBuf;

use crate::finding::{Finding, ResultStatus};
use crate::validate::FindingType;

use super::baseline::Baseline;
use super::record::Record;
use super::summary::Summary;
use super::text::{write_resolved_text, write_text, Paint};
use super::validation::{self, ValidationRecord};
use super::{Format, ReportError};

/// The validation finding types that block a `scan --validate`.
const BLOCKING_VALIDATION: [FindingType; 2] = [FindingType::Error, FindingType::SecurityWarning];

/// What the report holds besides the records.
#[derive(Debug, Default)]
pub struct ReportOptions {
    /// The earlier scan to compare with.
    pub baseline: Option<Baseline>,
    /// The validation report of `--validate`.
    pub validation: Option<Vec<ValidationRecord>>,
    /// The directory SARIF locations are relative to.
    pub cwd: Option<PathBuf>,
}

/// Writes records as they come, in one format, and keeps what the end of
/// the report and the verdict need.
pub struct ReportWriter<W: Write> {
    format: Format,
    out: W,
    paint: Paint,
    options: ReportOptions,
    /// Records kept for formats written at the end (SARIF).
    kept: Vec<Record>,
    written: usize,
    seen_ids: HashSet<String>,
    undecided: BTreeSet<String>,
    summary: Summary,
}

impl<W: Write> ReportWriter<W> {
    /// A writer of `format` on `out`, coloured with `paint` (text only).
    pub fn new(format: Format, out: W, paint: Paint, options: ReportOptions) -> ReportWriter<W> {
        ReportWriter {
            format,
            out,
            paint,
            options,
            kept: Vec::new(),
            written: 0,
            seen_ids: HashSet::new(),
            undecided: BTreeSet::new(),
            summary: Summary::default(),
        }
    }

    /// The counts of the records written so far.
    pub fn summary(&self) -> &Summary {
        &self.summary
    }

    /// Marks a record against the baseline, counts it and writes it (text,
    /// JSON Lines: flushed at once).
    ///
    /// # Errors
    /// When the output fails or the record cannot be serialised.
    pub fn write(&mut self, mut record: Record) -> Result<(), ReportError> {
        let compared = self.options.baseline.is_some();
        if let Some(baseline) = &self.options.baseline {
            baseline.mark(&mut record);
            self.seen_ids
                .extend(record.result.findings.iter().map(|f| f.id.clone()));
        }
        self.summary.count(&record, compared);
        if record.result.status != ResultStatus::Analyzed {
            self.undecided.insert(record.result.resource.clone());
        }
        match self.format {
            Format::Text => {
                write_text(&mut self.out, &record, &self.paint)?;
                self.out.flush()?;
            }
            Format::Jsonl => {
                serde_json::to_writer(&mut self.out, &record.to_json()?)?;
                writeln!(self.out)?;
                self.out.flush()?;
            }
            Format::Json => self.write_json_item(&record)?,
            Format::Sarif => self.kept.push(record),
        }
        self.written += 1;
        Ok(())
    }

    /// Streams one element of the JSON array (`[` before the first).
    fn write_json_item(&mut self, record: &Record) -> Result<(), ReportError> {
        if self.written == 0 {
            let open = if self.wraps_json() {
                "{\n  \"results\": ["
            } else {
                "["
            };
            write!(self.out, "{open}")?;
        } else {
            write!(self.out, ",")?;
        }
        let indent = if self.wraps_json() { "    " } else { "  " };
        let text = serde_json::to_string_pretty(&record.to_json()?)?;
        // JSON strings hold no raw newline, so this only indents lines.
        write!(
            self.out,
            "\n{indent}{}",
            text.replace('\n', &format!("\n{indent}"))
        )?;
        Ok(())
    }

    /// Whether the JSON report is an object (`results` and `resolved` or
    /// `validation`) rather than the array of results.
    fn wraps_json(&self) -> bool {
        self.options.baseline.is_some() || self.options.validation.is_some()
    }

    /// Writes the end of the report (resolved findings, validation, summary
    /// line; SARIF whole) and returns the counts.
    ///
    /// # Errors
    /// When the output fails or a value cannot be serialised.
    pub fn finish(mut self) -> Result<Summary, ReportError> {
        let resolved = self
            .options
            .baseline
            .as_ref()
            .map(|b| b.resolved(&self.seen_ids, &self.undecided));
        self.summary.resolved = resolved.as_ref().map_or(0, Vec::len);
        match self.format {
            Format::Text => self.end_text(resolved.as_deref())?,
            Format::Jsonl => self.end_json_lines(resolved.as_deref())?,
            Format::Json => self.end_json(resolved.as_deref())?,
            Format::Sarif => self.end_sarif(resolved.as_deref())?,
        }
        self.out.flush()?;
        Ok(self.summary)
    }

    fn end_text(&mut self, resolved: Option<&[Finding]>) -> Result<(), ReportError> {
        if let Some(resolved) = resolved {
            write_resolved_text(&mut self.out, resolved, &self.paint)?;
        }
        if let Some(records) = &self.options.validation {
            writeln!(self.out, "{}", self.paint.header.apply_to("Validation"))?;
            validation::write_text(&mut self.out, records, &self.paint)?;
            writeln!(
                self.out,
                "{}",
                validation::summary_line(records, &BLOCKING_VALIDATION)
            )?;
        }
        writeln!(self.out, "{}", self.summary.text_line(resolved.is_some()))?;
        Ok(())
    }

    fn end_json_lines(&mut self, resolved: Option<&[Finding]>) -> Result<(), ReportError> {
        for finding in resolved.into_iter().flatten() {
            serde_json::to_writer(&mut self.out, &serde_json::json!({"resolved": finding}))?;
            writeln!(self.out)?;
        }
        for record in self.options.validation.iter().flatten() {
            let line = serde_json::json!({ "validation": validation::record_json(record) });
            serde_json::to_writer(&mut self.out, &line)?;
            writeln!(self.out)?;
        }
        Ok(())
    }

    fn end_sarif(&mut self, resolved: Option<&[Finding]>) -> Result<(), ReportError> {
        let cwd = self.options.cwd.as_deref();
        let mut log = super::sarif::log(&self.kept, resolved, cwd);
        if let (Some(records), Some(runs)) = (&self.options.validation, log["runs"].as_array_mut())
        {
            runs.push(validation::sarif_run(records, cwd));
        }
        serde_json::to_writer_pretty(&mut self.out, &log)?;
        writeln!(self.out)?;
        Ok(())
    }

    fn end_json(&mut self, resolved: Option<&[Finding]>) -> Result<(), ReportError> {
        if !self.wraps_json() {
            let close = if self.written == 0 { "[]" } else { "\n]" };
            writeln!(self.out, "{close}")?;
            return Ok(());
        }
        if self.written == 0 {
            write!(self.out, "{{\n  \"results\": [")?;
        }
        write!(self.out, "{}]", if self.written == 0 { "" } else { "\n  " })?;
        if let Some(resolved) = resolved {
            let text = serde_json::to_string_pretty(resolved)?;
            write!(
                self.out,
                ",\n  \"resolved\": {}",
                text.replace('\n', "\n  ")
            )?;
        }
        if let Some(records) = &self.options.validation {
            let text = serde_json::to_string_pretty(&validation::to_json(records))?;
            write!(
                self.out,
                ",\n  \"validation\": {}",
                text.replace('\n', "\n  ")
            )?;
        }
        writeln!(self.out, "\n}}")?;
        Ok(())
    }
}
