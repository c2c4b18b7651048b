//! IAM policy documents: the typed model, its parser and its normalised
//! JSON form.

mod model;
mod parse;
pub mod principal;
mod print;

pub use model::*;
pub(crate) use parse::describe as describe_json_type;
pub use parse::{parse_policy, parse_policy_bytes, parse_policy_value, PolicyError};
pub use principal::{is_account_id, is_org_id, AwsEntry, AwsIdentity, AwsPrincipal};
