//! Scans and their reports, shared by the CLI and the Python package: the
//! ordered parallel pipeline that analyses every resource of the inputs
//! ([`pipeline`]), each result with its place in the input ([`record`]) and
//! its proved fix ([`fixes`]), the comparison with a baseline
//! ([`baseline`]), and the reports: text ([`text`]), JSON and JSON Lines
//! ([`writer`]), SARIF ([`sarif`]), with the validation report of
//! `--validate` ([`validation`]) and the counts behind the summary line and
//! the exit code ([`summary`]).

pub mod baseline;
pub mod fixes;
pub mod pipeline;
pub mod record;
pub mod sarif;
pub mod summary;
pub mod text;
pub mod validation;
pub mod writer;

/// What a report says for the exit code: every front end maps it the same
/// way (`exit_number`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    /// Everything was decided and nothing blocks.
    Clean,
    /// Some finding blocks (under `--fail-on` or the blocking finding types).
    Blocking,
    /// The job could not be done: an input could not be read, or a resource
    /// is `error` or `unknown`.
    Failed,
}

impl Verdict {
    /// The process exit code: 0 clean, 2 blocking findings, 1 failed.
    pub fn exit_number(self) -> u8 {
        match self {
            Verdict::Clean => 0,
            Verdict::Blocking => 2,
            Verdict::Failed => 1,
        }
    }
}

/// Output formats of resource results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

/// Why a report cannot be written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The output failed (a closed pipe, a full disk); the cause is the
    /// error's source.
    #[error("cannot write the report")]
    Io(#[from] std::io::Error),
    /// A result cannot be serialised (or, through `serde_json`, written);
    /// the cause is the error's source.
    #[error("cannot serialise the report")]
    Json(#[from] serde_json::Error),
}
