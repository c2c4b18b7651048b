use zoneproof_analyzer::policy::parse_policy;
use zoneproof_analyzer::question::check::{CheckOptions, CheckPolicyType};
use zoneproof_analyzer::question::new_access::check_no_new_access;
#[test]
fn perf() {
    let p = |s: &str| {
        parse_policy(&format!(r#"{{"Version":"2012-10-17","Statement":[{s}]}}"#)).unwrap()
    };
    let cases = [
        (
            r#"{"Effect":"Allow","Action":"*","Resource":"*"}"#,
            r#"{"Effect":"Allow","Action":"s3:*","Resource":"*"}"#,
        ),
        (
            r#"{"Effect":"Allow","Action":"s3:*","Resource":"*"}"#,
            r#"{"Effect":"Allow","Action":"s3:*","Resource":"*"},{"Effect":"Deny","Action":"s3:*","Resource":["arn:aws:s3:::x","arn:aws:s3:::x/*"]}"#,
        ),
        (
            r#"{"Effect":"Allow","Action":"ec2:*","Resource":"*"}"#,
            r#"{"Effect":"Allow","Action":"ec2:Describe*","Resource":"*"}"#,
        ),
    ];
    for (n, r) in cases {
        let o = check_no_new_access(
            &p(n),
            &p(r),
            &CheckOptions::of_type(CheckPolicyType::Identity),
        );
        eprintln!(
            "{:?} classes={} checks={} ms={} err={:?} first={:?}",
            o.result,
            o.classes.len(),
            o.proof.solver_checks,
            o.proof.micros / 1000,
            o.error,
            o.classes
                .first()
                .map(|c| (c.actions.len(), &c.witnesses[0]))
        );
    }
}
