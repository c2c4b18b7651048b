//! `docs/validate-checks.md` lists every registered check: the table
//! between its `checks` markers is rendered from the registry and must be
//! equal to it (`ZONEPROOF_UPDATE_DOCS=1 cargo test -p zoneproof-analyzer
//! validate::docs_tests` rewrites it).

use std::fmt::Write as _;
use std::path::Path;

use super::{checks, FindingType, PolicyType};

/// The checks of Access Analyzer's reference page per finding type (its
/// sections, without the page's three repeated ones).
const REFERENCE_COUNTS: [(FindingType, usize); 4] = [
    (FindingType::Error, 73),
    (FindingType::SecurityWarning, 14),
    (FindingType::Warning, 23),
    (FindingType::Suggestion, 25),
];

const BEGIN: &str = "<!-- checks:begin (generated from the registry by validate::docs_tests) -->";
const END: &str = "<!-- checks:end -->";

fn type_name(finding_type: FindingType) -> &'static str {
    match finding_type {
        FindingType::Error => "Error",
        FindingType::SecurityWarning => "Security warning",
        FindingType::Warning => "Warning",
        FindingType::Suggestion => "Suggestion",
    }
}

fn policy_types(types: &[PolicyType]) -> String {
    if types.len() == PolicyType::ALL.len() {
        return "all".to_owned();
    }
    types
        .iter()
        .map(|t| t.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn render() -> String {
    let mut out = String::new();
    out.push_str(BEGIN);
    out.push_str("\n\n| finding type | reference page | zoneproof (from the page) | zoneproof (own codes) |\n");
    out.push_str("| --- | ---: | ---: | ---: |\n");
    let (mut page, mut ours, mut extra) = (0, 0, 0);
    for (finding_type, reference) in REFERENCE_COUNTS {
        let of_type = || {
            checks()
                .iter()
                .filter(move |c| c.finding_type == finding_type)
        };
        let from_page = of_type().filter(|c| c.is_from_reference_page()).count();
        let own = of_type().filter(|c| !c.is_from_reference_page()).count();
        page += reference;
        ours += from_page;
        extra += own;
        let _ = writeln!(
            out,
            "| {} | {reference} | {from_page} | {own} |",
            type_name(finding_type)
        );
    }
    let _ = writeln!(out, "| **total** | **{page}** | **{ours}** | **{extra}** |");
    for finding_type in FindingType::ALL {
        let _ = writeln!(out, "\n### {}s\n", type_name(finding_type));
        out.push_str("| issue code | policy types | what it finds |\n| --- | --- | --- |\n");
        let mut listed: Vec<_> = checks()
            .iter()
            .filter(|c| c.finding_type == finding_type)
            .collect();
        listed.sort_by_key(|c| c.code);
        for check in listed {
            let _ = writeln!(
                out,
                "| [`{}`]({}) | {} | {} |",
                check.code,
                check.learn_more_link(),
                policy_types(check.policy_types),
                check.summary().replace('|', "\\|").replace('\n', " ")
            );
        }
    }
    out.push('\n');
    out.push_str(END);
    out
}

#[test]
fn the_checks_page_lists_every_registered_check() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/validate-checks.md");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let rendered = render();
    let (Some(begin), Some(end)) = (text.find(BEGIN), text.find(END)) else {
        panic!("{}: no `checks` markers", path.display());
    };
    let current = text.get(begin..end + END.len()).unwrap_or("");
    if current == rendered {
        return;
    }
    if std::env::var_os("ZONEPROOF_UPDATE_DOCS").is_some() {
        let updated = format!("{}{rendered}{}", &text[..begin], &text[end + END.len()..]);
        std::fs::write(&path, updated).unwrap();
        return;
    }
    panic!(
        "{} is out of date: rerun with ZONEPROOF_UPDATE_DOCS=1",
        path.display()
    );
}

#[test]
fn every_check_of_the_reference_page_is_implemented() {
    for (finding_type, reference) in REFERENCE_COUNTS {
        let implemented = checks()
            .iter()
            .filter(|c| c.finding_type == finding_type && c.is_from_reference_page())
            .count();
        assert_eq!(implemented, reference, "{finding_type}");
    }
}
