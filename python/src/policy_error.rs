//! Finds the JSON path of a policy error that the analysis reports as text
//! (`invalid policy: PATH: MESSAGE`): the path is one of the parsed
//! policy's own statement or condition paths, so it is recovered exactly
//! even when the message or a condition key contains `: `.

use zoneproof_analyzer::finding::{ResourceResult, ResultStatus};
use zoneproof_analyzer::policy::Policy;

/// The prefix of the analysis' policy errors.
const PREFIX: &str = "invalid policy: ";

/// `(path, message)` when `result` failed on an invalid policy.
pub fn locate(policy: &Policy, result: &ResourceResult) -> Option<(String, String)> {
    if result.status != ResultStatus::Error {
        return None;
    }
    let detail = result.error.as_deref()?.strip_prefix(PREFIX)?;
    let mut paths: Vec<&str> = policy
        .statements
        .iter()
        .flat_map(|s| {
            std::iter::once(s.path.as_str()).chain(s.conditions.iter().map(|c| c.path.as_str()))
        })
        .collect();
    paths.sort_by_key(|path| std::cmp::Reverse(path.len()));
    let found = paths.into_iter().find_map(|path| {
        let message = detail.strip_prefix(path)?.strip_prefix(": ")?;
        Some((path.to_string(), message.to_string()))
    });
    Some(found.unwrap_or_else(|| ("$".to_string(), detail.to_string())))
}
