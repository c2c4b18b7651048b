use super::planted::PlantedOrg;
use super::*;
use crate::authorize::synthetic::SyntheticConfig;
use crate::inputs::credential_report::parse_credential_report;

fn small() -> SyntheticConfig {
    SyntheticConfig {
        users: 24,
        roles: 60,
        managed_policies: 36,
        accounts: 12,
        seed: 1,
    }
}

fn run(planted: &PlantedOrg, options: &AuditOptions) -> AuditReport {
    let inputs = planted.org.input_set();
    assert!(
        inputs.unreadable.is_empty() && inputs.problems.is_empty(),
        "{:?}",
        inputs.problems.first()
    );
    let (rows, errors) = parse_credential_report("report.csv", &planted.credential_report);
    assert!(errors.is_empty(), "{errors:?}");
    audit(
        &AuditInputs {
            inputs: &inputs,
            credential_report: Some(&rows),
            password_policy: None,
        },
        options,
    )
}

fn options(planted: &PlantedOrg) -> AuditOptions {
    AuditOptions {
        as_of: planted.as_of.parse().unwrap(),
        ..AuditOptions::default()
    }
}

/// The planted organization and the audit with default options, made once
/// for every test (the audit decides some 100,000 requests).
fn shared() -> &'static (PlantedOrg, AuditReport) {
    static SHARED: std::sync::OnceLock<(PlantedOrg, AuditReport)> = std::sync::OnceLock::new();
    SHARED.get_or_init(|| {
        let planted = PlantedOrg::generate(&small());
        let report = run(&planted, &options(&planted));
        (planted, report)
    })
}

/// The audit with two steps at most and a region allow list.
fn shared_short() -> &'static (PlantedOrg, AuditReport) {
    static SHARED: std::sync::OnceLock<(PlantedOrg, AuditReport)> = std::sync::OnceLock::new();
    SHARED.get_or_init(|| {
        let planted = PlantedOrg::generate(&small());
        let options = AuditOptions {
            max_steps: 2,
            allowed_regions: vec!["eu-west-1".into(), "us-east-1".into()],
            ..options(&planted)
        };
        let report = run(&planted, &options);
        (planted, report)
    })
}

fn reported(report: &AuditReport, check: &str, principal: &str) -> bool {
    report
        .findings
        .iter()
        .any(|f| f.check == check && f.principal == principal)
}

#[test]
fn every_planted_problem_is_found_and_no_near_miss_is_reported() {
    let (planted, report) = shared();
    assert!(
        report.undecided.is_empty(),
        "{:?}",
        report.undecided.first()
    );
    let missed: Vec<_> = planted
        .expected
        .iter()
        .filter(|(c, p)| !reported(report, c, p))
        .collect();
    let false_positives: Vec<_> = planted
        .near_misses
        .iter()
        .filter(|(c, p)| reported(report, c, p))
        .collect();
    assert!(missed.is_empty(), "missed: {missed:?}");
    assert!(
        false_positives.is_empty(),
        "near-misses reported: {false_positives:?}"
    );
}

fn path_of<'r>(report: &'r AuditReport, principal: &str) -> &'r AuditFinding {
    report
        .findings
        .iter()
        .find(|f| f.check == "PRIVILEGE_ESCALATION" && f.principal.ends_with(principal))
        .unwrap_or_else(|| panic!("no path for {principal}"))
}

#[test]
fn paths_have_the_planted_lengths_and_every_step_is_witnessed() {
    let (_, report) = shared();
    for (name, steps, first) in [
        ("user/esc-cpv", 1, "iam:CreatePolicyVersion"),
        ("user/esc-group", 1, "iam:AddUserToGroup"),
        (
            "user/esc-pass",
            1,
            "iam:PassRole+lambda:CreateFunction+lambda:InvokeFunction",
        ),
        ("user/esc-two", 2, "iam:CreateAccessKey"),
        ("role/esc-three", 3, "iam:PassRole+ec2:RunInstances"),
    ] {
        let finding = path_of(report, name);
        let path = finding.evidence["steps"].as_array().unwrap();
        assert_eq!(path.len(), steps, "{name}: {}", finding.message);
        assert_eq!(path[0]["technique"], first, "{name}");
        assert_eq!(
            finding.severity,
            Severity::Critical,
            "{name} reaches administrator"
        );
        for step in path {
            let witnesses = step["witnesses"].as_array().unwrap();
            assert!(!witnesses.is_empty());
            for witness in witnesses {
                assert_eq!(witness["decision"], "Allow");
                assert!(
                    !witness["statements"].as_array().unwrap().is_empty(),
                    "{witness}"
                );
            }
        }
    }
    let three = path_of(report, "role/esc-three");
    let techniques: Vec<&str> = three.evidence["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["technique"].as_str().unwrap())
        .collect();
    assert_eq!(
        techniques,
        [
            "iam:PassRole+ec2:RunInstances",
            "iam:UpdateAssumeRolePolicy+sts:AssumeRole",
            "iam:CreateAccessKey"
        ]
    );
}

#[test]
fn a_shorter_search_misses_the_long_paths() {
    let (_, report) = shared_short();
    let has = |name: &str| {
        report
            .findings
            .iter()
            .any(|f| f.check == "PRIVILEGE_ESCALATION" && f.principal.ends_with(name))
    };
    assert!(has("user/esc-two"));
    assert!(!has("role/esc-three"));
}

#[test]
fn the_region_allow_list_is_decided_by_the_scps() {
    let (planted, report) = shared_short();
    let regions: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.check == "SCP_ALLOWS_UNAPPROVED_REGIONS")
        .map(|f| f.account.as_str())
        .collect();
    // Accounts under Workloads (Prod, Dev, Sandbox) have the region SCP.
    let org = &planted.org.accounts;
    assert!(regions.contains(&org[0].as_str()), "{regions:?}");
    assert!(!regions.contains(&org[2].as_str()), "{regions:?}");
    assert!(!regions.contains(&org[4].as_str()), "{regions:?}");
}

#[test]
fn the_password_policy_is_held_to_the_cis_baseline() {
    let weak = PasswordPolicy::from_json(
        &serde_json::json!({"PasswordPolicy": {"MinimumPasswordLength": 8,
        "RequireSymbols": true, "RequireNumbers": true, "RequireUppercaseCharacters": true,
        "RequireLowercaseCharacters": true, "MaxPasswordAge": 90, "PasswordReusePrevention": 5}}),
    )
    .unwrap();
    let findings = password_policy::check(Some(&weak), &["111122223333".to_string()]);
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].severity, Severity::Medium);
    assert_eq!(
        findings[0].evidence["weaknesses"].as_array().unwrap().len(),
        2
    );
    let strong = PasswordPolicy::from_json(
        &serde_json::json!({"PasswordPolicy": {"MinimumPasswordLength": 14,
        "RequireSymbols": true, "RequireNumbers": true, "RequireUppercaseCharacters": true,
        "RequireLowercaseCharacters": true, "MaxPasswordAge": 90, "PasswordReusePrevention": 24}}),
    )
    .unwrap();
    assert!(password_policy::check(Some(&strong), &["111122223333".to_string()]).is_empty());
    let missing = password_policy::check(None, &["111122223333".to_string()]);
    assert_eq!(missing[0].check, "PASSWORD_POLICY_MISSING");
    let bad = PasswordPolicy::from_json(
        &serde_json::json!({"PasswordPolicy": {"MinimumPasswordLength": "x"}}),
    );
    assert_eq!(bad.unwrap_err().0, "$.PasswordPolicy.MinimumPasswordLength");
}

#[test]
fn scores_fall_with_findings() {
    let (planted, report) = shared();
    let main = &planted.org.accounts[0];
    let score = report.scores.iter().find(|s| &s.account == main).unwrap();
    assert!(score.counts[0] > 0 && score.score < 50, "{score:?}");
}

/// `(check, principal)` of the credential findings of a report file.
fn credential_checks(text: &str) -> Vec<(&'static str, String)> {
    let (rows, errors) = parse_credential_report("report.csv", text);
    assert!(errors.is_empty(), "{errors:?}");
    let options = AuditOptions {
        as_of: "2026-03-01T00:00:00Z".parse().unwrap(),
        ..AuditOptions::default()
    };
    let mut out: Vec<_> = credentials::check(&rows, &options)
        .into_iter()
        .map(|f| (f.check, f.principal))
        .collect();
    out.sort();
    out
}

#[test]
fn the_current_credential_report_layout_is_checked() {
    let found = credential_checks(include_str!(
        "../../../corpus/credential-reports/current-layout.csv"
    ));
    let user = |n: &str| format!("arn:aws:iam::111122223333:user/{n}");
    let root = "arn:aws:iam::111122223333:root".to_string();
    let mut expected = vec![
        ("ROOT_MFA_DISABLED", root.clone()),
        ("ROOT_ACCESS_KEY", root.clone()),
        ("ROOT_RECENTLY_USED", root),
        ("ACCESS_KEY_NOT_ROTATED", user("ci/ci-deployer")),
        ("TWO_ACTIVE_ACCESS_KEYS", user("ci/ci-deployer")),
        ("CONSOLE_USER_NO_MFA", user("old-contractor")),
        ("PASSWORD_UNUSED", user("old-contractor")),
        ("ACCESS_KEY_NOT_ROTATED", user("old-contractor")),
        ("ACCESS_KEY_UNUSED", user("old-contractor")),
        ("PASSWORD_UNUSED", user("never-signed-in")),
    ];
    expected.sort();
    assert_eq!(found, expected);
}

#[test]
fn the_legacy_credential_report_layout_without_last_used_columns_is_checked() {
    let found = credential_checks(include_str!(
        "../../../corpus/credential-reports/legacy-layout.csv"
    ));
    let ops = "arn:aws:iam::444455556666:user/ops".to_string();
    // No last-used columns: a key is judged by its rotation date only, and
    // key 2 (rotated 59 days ago) is neither old nor unused.
    let mut expected = vec![
        ("CONSOLE_USER_NO_MFA", ops.clone()),
        ("ACCESS_KEY_NOT_ROTATED", ops.clone()),
        ("ACCESS_KEY_UNUSED", ops.clone()),
        ("TWO_ACTIVE_ACCESS_KEYS", ops),
    ];
    expected.sort();
    assert_eq!(found, expected);
}
