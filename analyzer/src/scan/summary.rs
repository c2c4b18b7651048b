//! The counts of a scan: the last line of the text report, the statistics
//! line, and the verdict behind the exit code.

use crate::finding::{FindingStatus, ResultStatus};

use super::record::{Change, Record};
use super::Verdict;

/// Which findings block (exit code 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    /// ACTIVE findings that are not in the baseline.
    New,
    /// Every ACTIVE finding.
    Active,
    /// None: only errors make the scan fail.
    None,
}

/// Counts of the records written so far.
#[derive(Debug, Default, Clone)]
pub struct Summary {
    /// Resources (records), errors and unknowns included.
    pub resources: usize,
    /// Resources analysed to the end.
    pub analyzed: usize,
    /// Resources whose result is `error`.
    pub errors: usize,
    /// Resources whose result is `unknown`.
    pub unknown: usize,
    /// Findings, active and archived.
    pub findings: usize,
    /// ACTIVE findings.
    pub active: usize,
    /// ACTIVE public findings.
    pub public: usize,
    /// ARCHIVED findings.
    pub archived: usize,
    /// Findings not in the baseline (with a baseline).
    pub new: usize,
    /// Baseline findings gone (with a baseline, known at the end).
    pub resolved: usize,
    /// Whether some ACTIVE finding is NEW (blocks under `FailOn::New`).
    pub blocking_new: bool,
    /// Whether some finding is ACTIVE (blocks under `FailOn::Active`).
    pub blocking_active: bool,
}

impl Summary {
    /// Counts one record; `compared`: whether it was marked against a
    /// baseline.
    pub fn count(&mut self, record: &Record, compared: bool) {
        let result = &record.result;
        self.resources += 1;
        match result.status {
            ResultStatus::Analyzed => self.analyzed += 1,
            ResultStatus::Error => self.errors += 1,
            ResultStatus::Unknown => self.unknown += 1,
        }
        for (index, f) in result.findings.iter().enumerate() {
            self.findings += 1;
            let active = f.status == FindingStatus::Active;
            self.active += usize::from(active);
            self.public += usize::from(active && f.is_public);
            self.archived += usize::from(!active);
            self.new += usize::from(compared && record.change(index) == Some(Change::New));
        }
        self.blocking_active |= record.blocks(false);
        self.blocking_new |= record.blocks(true);
    }

    /// Failed if a resource is `error` or `unknown`, else Blocking if a
    /// finding blocks under `fail_on`, else Clean.
    pub fn verdict(&self, fail_on: FailOn) -> Verdict {
        let blocking = match fail_on {
            FailOn::New => self.blocking_new,
            FailOn::Active => self.blocking_active,
            FailOn::None => false,
        };
        if self.errors > 0 || self.unknown > 0 {
            Verdict::Failed
        } else if blocking {
            Verdict::Blocking
        } else {
            Verdict::Clean
        }
    }

    /// The last line of the text report (`compared`: with the new and
    /// resolved counts of a baseline comparison).
    pub fn text_line(&self, compared: bool) -> String {
        let mut line = format!(
            "{} resources: {} analyzed, {} errors, {} unknown; {} findings: {} active ({} public), {} archived",
            self.resources,
            self.analyzed,
            self.errors,
            self.unknown,
            self.findings,
            self.active,
            self.public,
            self.archived
        );
        if compared {
            line.push_str(&format!("; {} new, {} resolved", self.new, self.resolved));
        }
        line
    }
}
