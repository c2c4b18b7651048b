//! Bounds on the analysis of one resource: time, input size, and the size
//! of what the solver is given. A resource that reaches one is `unknown`,
//! with the reason and the flag that raises the bound, never "no access".
//!
//! The defaults leave room for the largest policies AWS accepts (a KMS key
//! policy is at most 32 KB, an S3 bucket policy 20 KB) several times over,
//! and stop pathological inputs (a 50 MB policy, a megabyte-long wildcard
//! ARN) in seconds and a bounded amount of memory.

use std::time::{Duration, Instant};

use zoneproof_encodings::automata::DEFAULT_MAX_DFA_BYTES;

/// The bounds of one resource's analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Wall-clock time for the whole resource: parsing, encoding, every
    /// solver check and the re-check of witnesses (`--resource-timeout-ms`).
    pub resource_timeout: Duration,
    /// Largest policy document, in bytes of JSON text (`--max-policy-bytes`).
    pub max_policy_bytes: usize,
    /// Most distinct string atoms (memberships of a request string in a
    /// pattern) in the encoded question (`--max-atoms`).
    pub max_atoms: usize,
    /// Most finding classes before the enumeration stops (`--max-findings`).
    pub max_findings: usize,
    /// Largest automaton built for one pattern, in bytes (`--max-dfa-bytes`).
    pub max_dfa_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            resource_timeout: Duration::from_secs(60),
            max_policy_bytes: 256 << 10,
            max_atoms: 50_000,
            max_findings: 10_000,
            max_dfa_bytes: DEFAULT_MAX_DFA_BYTES,
        }
    }
}

/// A bound of [`Limits`] that a resource reached: the analysis stops with
/// `unknown` and this reason, which names the flag that raises the bound.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LimitExceeded {
    /// The policy document is larger than `--max-policy-bytes`.
    #[error("the policy is {bytes} bytes, over the limit of {max} (--max-policy-bytes)")]
    PolicyBytes {
        /// The size of the policy, in bytes of JSON text.
        bytes: usize,
        /// The limit.
        max: usize,
    },
    /// The encoded question has more string atoms than `--max-atoms`.
    #[error("the policy needs {atoms} string atoms, over the limit of {max} (--max-atoms)")]
    Atoms {
        /// The distinct string atoms of the question.
        atoms: usize,
        /// The limit.
        max: usize,
    },
    /// The analysis ran past `--resource-timeout-ms`.
    #[error("the analysis of this resource took longer than {millis} ms (--resource-timeout-ms)")]
    Time {
        /// The time limit, in milliseconds.
        millis: u128,
    },
    /// The enumeration found more finding classes than `--max-findings`.
    #[error("more than {max} finding classes (--max-findings)")]
    Findings {
        /// The limit.
        max: usize,
    },
}

impl Limits {
    /// Why a policy of `bytes` bytes is not analysed, if it is too large.
    ///
    /// # Errors
    /// [`LimitExceeded::PolicyBytes`] when it is over `max_policy_bytes`.
    pub fn check_policy_size(&self, bytes: usize) -> Result<(), LimitExceeded> {
        if bytes > self.max_policy_bytes {
            return Err(LimitExceeded::PolicyBytes {
                bytes,
                max: self.max_policy_bytes,
            });
        }
        Ok(())
    }

    /// Why an encoded question with `atoms` string atoms is not solved, if
    /// it has too many.
    ///
    /// # Errors
    /// [`LimitExceeded::Atoms`] when it is over `max_atoms`.
    pub fn check_atoms(&self, atoms: usize) -> Result<(), LimitExceeded> {
        if atoms > self.max_atoms {
            return Err(LimitExceeded::Atoms {
                atoms,
                max: self.max_atoms,
            });
        }
        Ok(())
    }

    /// The reason an analysis stopped at its deadline.
    pub fn timeout_reason(&self) -> String {
        self.timeout_exceeded().to_string()
    }

    /// The deadline of [`Limits::resource_timeout`], as the bound reached.
    pub fn timeout_exceeded(&self) -> LimitExceeded {
        LimitExceeded::Time {
            millis: self.resource_timeout.as_millis(),
        }
    }

    /// The reason an enumeration stopped at the most findings.
    pub fn findings_reason(&self) -> String {
        LimitExceeded::Findings {
            max: self.max_findings,
        }
        .to_string()
    }
}

/// When one resource's analysis must end.
#[derive(Debug, Clone, Copy)]
pub struct Deadline {
    at: Instant,
}

impl Deadline {
    /// `timeout` from `start`.
    pub fn after(start: Instant, timeout: Duration) -> Deadline {
        Deadline {
            at: start.checked_add(timeout).unwrap_or_else(far_future),
        }
    }

    /// Whether the deadline has passed.
    pub fn passed(&self) -> bool {
        Instant::now() >= self.at
    }

    /// The time left, capped at `cap` (a solver check's own timeout).
    pub fn remaining(&self, cap: Duration) -> Duration {
        self.at.saturating_duration_since(Instant::now()).min(cap)
    }
}

/// An instant far enough away to mean "no deadline" (about 30 years).
fn far_future() -> Instant {
    let now = Instant::now();
    now.checked_add(Duration::from_secs(1 << 30)).unwrap_or(now)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_name_the_flag_that_raises_the_limit() {
        let limits = Limits {
            max_policy_bytes: 10,
            max_atoms: 3,
            ..Limits::default()
        };
        let size = limits.check_policy_size(11).unwrap_err().to_string();
        assert!(size.contains("11 bytes") && size.contains("--max-policy-bytes"));
        assert!(limits.check_policy_size(10).is_ok());
        assert!(limits
            .check_atoms(4)
            .unwrap_err()
            .to_string()
            .contains("--max-atoms"));
        assert!(limits.timeout_reason().contains("--resource-timeout-ms"));
    }

    #[test]
    fn a_huge_timeout_is_no_deadline_rather_than_an_overflow() {
        let deadline = Deadline::after(Instant::now(), Duration::MAX);
        assert!(!deadline.passed());
        assert_eq!(
            deadline.remaining(Duration::from_secs(1)),
            Duration::from_secs(1)
        );
    }
}
