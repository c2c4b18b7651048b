//! The logic engine of zoneproof. It knows nothing of IAM: it decides
//! formulas over strings, integers, IP addresses and Booleans in which strings
//! are constrained by wildcard patterns.
//!
//! - [`term`]: the typed IR and its smart constructors; SMT-LIB printing.
//! - [`pattern`]: wildcard patterns and a direct matcher.
//! - [`automata`]: patterns as DFAs; emptiness by product search.
//! - [`solver`]: the `automata` and `z3-strings` backends, enumeration.
//! - [`propagate`]: unit propagation of a conjunction's literals.
//! - [`model`]: concrete values and evaluation, to re-check every model.
//! - [`gen`] and [`bench`]: random queries and the benchmark harness.

pub mod automata;
pub mod bench;
pub mod gen;
pub mod ip;
pub mod model;
pub mod pattern;
pub mod propagate;
pub mod smtlib;
pub mod solver;
pub mod strings;
pub mod term;
