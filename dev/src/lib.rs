//! zoneproof's development tools, not shipped: the statistics of the
//! benchmarks and the two-backend agreement of the corpus runner
//! ([`stats`]). The `zoneproof-bench` binary (benchmarks, corpus runner,
//! generators of synthetic estates, organizations and CloudTrail logs) is
//! built on it.

pub mod stats;
