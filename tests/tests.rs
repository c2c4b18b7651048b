//! End-to-end tests of the `zoneproof` binary (one integration-test binary,
//! modules per area).

#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "test support code fails loudly with a message"
)]

mod activity;
mod authorize;
mod cli;
mod corpus;
mod fix;
mod rcp;
mod reliability;
mod report;
mod scan;
mod scan_fixes;
mod types;
mod validate;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the built `zoneproof` binary with arguments.
pub fn zoneproof(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zoneproof"))
        .args(args)
        .output()
        .expect("run zoneproof")
}

/// Runs the development tool `zoneproof-bench` (its generators feed some
/// tests). It is another package's binary, built beside the CLI by `cargo
/// test --workspace` (`make test`); a lone `cargo test -p zoneproof` needs
/// `cargo build -p zoneproof-dev` first.
pub fn zoneproof_bench(args: &[&str]) -> Output {
    let bench = Path::new(env!("CARGO_BIN_EXE_zoneproof")).with_file_name("zoneproof-bench");
    assert!(
        bench.exists(),
        "{} is missing: build it with `cargo build -p zoneproof-dev` (make test does)",
        bench.display()
    );
    Command::new(bench)
        .args(args)
        .output()
        .expect("run zoneproof-bench")
}

/// A scratch file with the given content, removed when dropped.
pub struct Scratch(pub PathBuf);

impl Scratch {
    /// Writes `content` to a fresh file.
    pub fn new(name: &str, content: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("zoneproof-tests-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("scratch dir");
        let path = dir.join(name);
        std::fs::write(&path, content).expect("write scratch");
        Scratch(path)
    }

    /// The path as a string.
    pub fn path(&self) -> &str {
        self.0.to_str().expect("utf-8 path")
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Whether a path exists (for optional fixtures).
pub fn exists(path: &Path) -> bool {
    path.exists()
}
