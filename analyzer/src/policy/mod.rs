//! IAM policy documents: the typed model and its parser.

mod model;
mod parse;

pub use model::*;
pub use parse::{parse_policy, parse_policy_bytes, parse_policy_value, PolicyError};
