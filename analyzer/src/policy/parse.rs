//! Parser from IAM policy JSON to [`Policy`].

use super::model::Policy;

/// A policy that does not follow the IAM grammar.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {message}")]
pub struct PolicyError {
    /// JSON path of the offending element, e.g. `Statement[1].Effect`
    /// (`$` for the document itself).
    pub path: String,
    /// What is wrong, lowercase, user input in backticks.
    pub message: String,
}

/// Parses a policy from JSON text.
pub fn parse_policy(text: &str) -> Result<Policy, PolicyError> {
    parse_policy_bytes(text.as_bytes())
}

/// Parses a policy from raw bytes (invalid UTF-8 is an error).
pub fn parse_policy_bytes(_bytes: &[u8]) -> Result<Policy, PolicyError> {
    Err(PolicyError {
        path: "$".into(),
        message: "parser not built yet".into(),
    })
}

/// Parses a policy from an already-decoded JSON value.
pub fn parse_policy_value(_value: &serde_json::Value) -> Result<Policy, PolicyError> {
    Err(PolicyError {
        path: "$".into(),
        message: "parser not built yet".into(),
    })
}
