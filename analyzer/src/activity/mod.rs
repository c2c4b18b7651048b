//! Least privilege from activity: what principals did (CloudTrail), what
//! that needed (the event mapping), the least-privilege policy that allows
//! exactly it (`generate`), and what they may do but did not (`unused`).

pub mod actor;
pub mod allowed;
pub mod arn_format;
pub mod fold;
pub mod generalise;
pub mod generate;
pub mod mapping;
pub mod report;
pub mod request;
pub mod unused;
