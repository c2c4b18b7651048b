//! One module per benchmark or generator; [`bench`] holds the subcommands.

pub mod bench;
pub mod bench_audit;
pub mod bench_authorize;
pub mod bench_check;
pub mod bench_corpus;
pub mod bench_fix;
pub mod bench_largest;
pub mod bench_questions;
pub mod bench_trail;
pub mod bench_validate;
pub mod estate;
mod estate_types;
pub mod trail_gen;

/// Prints one line on stderr (where bad input records are reported).
pub fn print_error_line(line: &str) {
    eprintln!("{line}");
}
