//! Bounds on one resource's analysis, shared by `analyze` and `scan`
//! (defaults: [`Limits::default`]).

use std::time::Duration;
use zoneproof_analyzer::analysis::Limits;

/// Flags that bound the time and memory of each resource's analysis; a
/// resource that reaches one is `unknown`, with the reason.
#[derive(clap::Args, Debug, Clone)]
pub struct LimitArgs {
    /// Wall-clock time for one resource, in milliseconds (parsing, encoding,
    /// every solver check).
    #[arg(long, value_name = "MS", default_value_t = millis(Limits::default().resource_timeout))]
    pub resource_timeout_ms: u64,
    /// Largest policy document analysed, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = Limits::default().max_policy_bytes)]
    pub max_policy_bytes: usize,
    /// Most distinct string atoms (pattern memberships) in one resource's question.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_atoms)]
    pub max_atoms: usize,
    /// Most finding classes for one resource.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_findings)]
    pub max_findings: usize,
    /// Largest automaton built for one wildcard pattern, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = Limits::default().max_dfa_bytes)]
    pub max_dfa_bytes: usize,
}

impl LimitArgs {
    /// The limits these flags give.
    pub fn limits(&self) -> Limits {
        Limits {
            resource_timeout: Duration::from_millis(self.resource_timeout_ms),
            max_policy_bytes: self.max_policy_bytes,
            max_atoms: self.max_atoms,
            max_findings: self.max_findings,
            max_dfa_bytes: self.max_dfa_bytes,
        }
    }
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}
