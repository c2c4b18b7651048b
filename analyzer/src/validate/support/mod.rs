//! What the checks share: wildcard patterns, ARNs, actions, condition
//! keys, principals, IP ranges, policy variables, Regions.

pub mod actions;
pub mod arn;
pub mod glob;
pub mod ip;
pub mod keys;
pub mod principals;
pub mod rcp;
pub mod regions;
pub mod sensitive;
pub mod variables;
