mod cases;
mod fixture;
mod trace;

use cases::CASES;
use fixture::authorize;

#[test]
fn every_case_of_the_table_is_decided_as_the_pages_say() {
    let mut failures = Vec::new();
    for case in CASES {
        let (fixture, request) = (case.setup)();
        match authorize(&fixture, &request) {
            Ok(authorization) if authorization.decision == case.expect => {
                if std::env::var_os("ZONEPROOF_SHOW_CASES").is_some() {
                    println!(
                        "{}: {} because {}",
                        case.name, authorization.decision, authorization.reason
                    );
                }
            }
            Ok(authorization) => failures.push(format!(
                "{} [{}]: expected {}, got {} because {}",
                case.name, case.cite, case.expect, authorization.decision, authorization.reason
            )),
            Err(error) => failures.push(format!("{} [{}]: error {error}", case.name, case.cite)),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}

#[test]
fn case_names_are_unique() {
    let mut names: Vec<&str> = CASES.iter().map(|c| c.name).collect();
    names.sort_unstable();
    let count = names.len();
    names.dedup();
    assert_eq!(names.len(), count);
}
