//! IAM semantics for zoneproof: the policy model and parser, the concrete
//! evaluator (the reference semantics), and the external-access analysis.

pub mod catalog;
pub mod eval;
pub mod inputs;
pub mod policy;
pub mod value;
