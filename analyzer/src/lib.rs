//! IAM semantics for zoneproof: the policy model and parser, the concrete
//! evaluator (the reference semantics), and the external-access analysis.

pub mod activity;
pub mod analysis;
pub mod archive;
pub mod audit;
pub mod authorize;
pub mod bench;
pub mod catalog;
pub mod corpus;
pub mod encode;
pub mod eval;
pub mod finding;
pub mod fix;
pub mod iam;
pub mod inputs;
pub mod limits;
pub mod organization;
pub mod policy;
pub mod printable;
pub mod question;
pub mod report;
pub mod resource;
pub mod reuse;
pub mod scan;
pub mod semantics;
pub mod timestamp;
pub mod validate;
pub mod value;
pub mod zone;
