//! IAM policy documents: the typed model, its parser and its normalised
//! JSON form.

mod model;
mod parse;
mod print;

pub use model::*;
pub use parse::{parse_policy, parse_policy_bytes, parse_policy_value, PolicyError};
