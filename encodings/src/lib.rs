//! The logic engine of zoneproof. It knows nothing of IAM: it decides
//! formulas over strings, integers, IP addresses and Booleans in which strings
//! are constrained by wildcard patterns.

pub mod pattern;
