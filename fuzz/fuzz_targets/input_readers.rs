//! The input readers (inventory JSON and JSON Lines, CloudFormation JSON and
//! YAML, Terraform plans, AWS Config items, authorization details) on
//! arbitrary text: every outcome is resources or error records, never a
//! panic. The first byte picks the file extension the reader sees.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use zoneproof_analyzer::inputs::{read_text, ReadOptions};

const NAMES: [&str; 6] = [
    "in.json",
    "in.jsonl",
    "template.yaml",
    "template.template",
    "plan.json",
    "config.ndjson",
];

fuzz_target!(|data: &[u8]| {
    let Some((first, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let name = NAMES[usize::from(*first) % NAMES.len()];
    let options = ReadOptions {
        account: (first & 0x80 != 0).then(|| "111122223333".to_string()),
        ..ReadOptions::default()
    };
    let _ = read_text(Path::new(name), text, &options);
});
