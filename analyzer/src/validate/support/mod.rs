//! What the checks share: wildcard patterns, ARNs, actions, condition
//! keys, principals, IP ranges, policy variables, Regions.

pub mod actions;
pub mod arn;
pub mod glob;
pub mod ip;
pub mod keys;
pub mod principals;
pub mod proofs;
pub mod rcp;
pub mod regions;
pub mod sensitive;
pub mod variables;

/// Whether a value holds a placeholder that the template and plan readers
/// put where a value could not be resolved (`{{unresolved:Ref:Bucket}}`):
/// such values are not checked for their format, since what they stand
/// for is unknown.
pub fn is_unresolved(text: &str) -> bool {
    crate::inputs::has_placeholder(text)
}
