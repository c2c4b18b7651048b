//! Organization guardrails, decided by authorizing probe requests as a
//! principal of each member account whose own policies allow everything:
//! what is denied is what the SCPs deny. Checked: leaving the
//! organization; stopping or deleting CloudTrail, GuardDuty and AWS Config;
//! acting as the member account's root user; regions outside the allow
//! list (<https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples.html>).

use serde_json::json;

use super::{allowed, request, root_arn, AuditFinding, AuditOptions, Category, Severity, Witness};
use crate::authorize::Authorizer;
use crate::iam::IamModel;
use crate::organization::Organization;

/// The probe role of the guardrail checks.
pub const GUARDRAIL_PROBE_ROLE: &str = "zoneproof-guardrail-probe";

/// Regions probed for the region guardrail.
pub const REGIONS: [&str; 17] = [
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-central-1",
    "eu-north-1",
    "ap-south-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-northeast-1",
    "ap-northeast-2",
    "ca-central-1",
    "sa-east-1",
    "me-south-1",
];

/// The guardrail findings and the number of requests decided.
#[derive(Debug, Default)]
pub struct GuardrailResult {
    /// Findings.
    pub findings: Vec<AuditFinding>,
    /// Requests decided.
    pub requests: u64,
}

struct Guardrail {
    check: &'static str,
    what: &'static str,
    actions: &'static [(&'static str, &'static str)],
    fix: &'static str,
}

const GUARDRAILS: [Guardrail; 4] = [
    Guardrail {
        check: "SCP_ALLOWS_LEAVING_ORGANIZATION",
        what: "leave the organization",
        actions: &[("organizations:LeaveOrganization", "*")],
        fix: "Attach an SCP that denies organizations:LeaveOrganization to the root.",
    },
    Guardrail {
        check: "SCP_ALLOWS_DISABLING_CLOUDTRAIL",
        what: "stop or delete CloudTrail trails",
        actions: &[
            ("cloudtrail:StopLogging", "arn:aws:cloudtrail:{R}:{A}:trail/zoneproof-probe"),
            ("cloudtrail:DeleteTrail", "arn:aws:cloudtrail:{R}:{A}:trail/zoneproof-probe"),
            ("cloudtrail:UpdateTrail", "arn:aws:cloudtrail:{R}:{A}:trail/zoneproof-probe"),
            ("cloudtrail:PutEventSelectors", "arn:aws:cloudtrail:{R}:{A}:trail/zoneproof-probe"),
        ],
        fix: "Attach an SCP that denies cloudtrail:StopLogging, DeleteTrail, UpdateTrail and PutEventSelectors (except for a security role).",
    },
    Guardrail {
        check: "SCP_ALLOWS_DISABLING_GUARDDUTY",
        what: "disable GuardDuty",
        actions: &[
            ("guardduty:DeleteDetector", "arn:aws:guardduty:{R}:{A}:detector/zoneproof-probe"),
            ("guardduty:UpdateDetector", "arn:aws:guardduty:{R}:{A}:detector/zoneproof-probe"),
            ("guardduty:DisassociateFromMasterAccount", "arn:aws:guardduty:{R}:{A}:detector/zoneproof-probe"),
            ("guardduty:DisassociateFromAdministratorAccount", "arn:aws:guardduty:{R}:{A}:detector/zoneproof-probe"),
        ],
        fix: "Attach an SCP that denies guardduty:DeleteDetector, UpdateDetector and the Disassociate* actions.",
    },
    Guardrail {
        check: "SCP_ALLOWS_DISABLING_CONFIG",
        what: "stop or delete AWS Config recording",
        actions: &[
            ("config:StopConfigurationRecorder", "*"),
            ("config:DeleteConfigurationRecorder", "*"),
            ("config:DeleteDeliveryChannel", "*"),
        ],
        fix: "Attach an SCP that denies config:StopConfigurationRecorder, DeleteConfigurationRecorder and DeleteDeliveryChannel.",
    },
];

/// Actions tried as the member account's root user.
const ROOT_ACTIONS: [(&str, &str); 3] = [
    ("ec2:RunInstances", "arn:aws:ec2:{R}:{A}:instance/*"),
    ("iam:CreateAccessKey", "arn:aws:iam::{A}:root"),
    (
        "lambda:CreateFunction",
        "arn:aws:lambda:{R}:{A}:function:zoneproof-probe",
    ),
];

/// Runs the guardrail checks on every member account of every organization.
pub fn check(organizations: &[Organization], options: &AuditOptions) -> GuardrailResult {
    let mut result = GuardrailResult::default();
    let mut probe_iam = IamModel::new();
    let members: Vec<String> = organizations
        .iter()
        .flat_map(|o| o.accounts.keys().filter(|a| o.is_member(a)).cloned())
        .collect();
    for account in &members {
        let document = json!({"RoleDetailList": [{
            "RoleName": GUARDRAIL_PROBE_ROLE, "Path": "/", "Arn": probe_arn(account),
            "RolePolicyList": [{"PolicyName": "everything", "PolicyDocument": {"Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}}],
            "AttachedManagedPolicies": []}]});
        let _ =
            probe_iam.add_authorization_details(std::path::Path::new("guardrail-probe"), &document);
    }
    let authorizer = Authorizer::from_parts(&probe_iam, organizations, &[]);
    for account in &members {
        account_checks(&authorizer, account, options, &mut result);
    }
    result
}

fn probe_arn(account: &str) -> String {
    format!("arn:aws:iam::{account}:role/{GUARDRAIL_PROBE_ROLE}")
}

fn fill(template: &str, account: &str, region: &str) -> String {
    template.replace("{A}", account).replace("{R}", region)
}

fn finding(
    account: &str,
    check: &'static str,
    severity: Severity,
    message: String,
    witnesses: Vec<Witness>,
    fix: &str,
) -> AuditFinding {
    AuditFinding {
        check,
        severity,
        category: Category::Guardrails,
        account: account.to_string(),
        principal: root_arn(account),
        message,
        evidence: json!({"witnesses": witnesses, "note": "the probe principal's own policies allow everything: only SCPs decide"}),
        fix: fix.to_string(),
    }
}

fn try_all(
    authorizer: &Authorizer<'_>,
    principal: &str,
    account: &str,
    region: &str,
    actions: &[(&str, &str)],
    result: &mut GuardrailResult,
) -> Vec<Witness> {
    let mut out = Vec::new();
    for (action, template) in actions {
        result.requests += 1;
        let resource = fill(template, account, region);
        let req = request(
            principal,
            action,
            &resource,
            &[("aws:RequestedRegion", region)],
        );
        // An error here (an SCP that does not parse) leaves the guardrail
        // undecided: it is not reported as a finding, and the principals'
        // checks of the account report the same error.
        if let Ok(Some(witness)) = allowed(authorizer, &req) {
            out.push(witness);
        }
    }
    out
}

fn account_checks(
    authorizer: &Authorizer<'_>,
    account: &str,
    options: &AuditOptions,
    result: &mut GuardrailResult,
) {
    let probe = probe_arn(account);
    let region = options
        .allowed_regions
        .first()
        .map_or("us-east-1", String::as_str);
    for guardrail in &GUARDRAILS {
        let witnesses = try_all(
            authorizer,
            &probe,
            account,
            region,
            guardrail.actions,
            result,
        );
        if !witnesses.is_empty() {
            result.findings.push(finding(
                account,
                guardrail.check,
                Severity::Medium,
                format!("no SCP stops principals of member account {account} from trying to {} ({} action(s) allowed)", guardrail.what, witnesses.len()),
                witnesses,
                guardrail.fix,
            ));
        }
    }
    let root = try_all(authorizer, account, account, region, &ROOT_ACTIONS, result);
    if !root.is_empty() {
        result.findings.push(finding(
            account,
            "SCP_ALLOWS_MEMBER_ROOT",
            Severity::Medium,
            format!("the root user of member account {account} is not restricted by SCPs ({} probe action(s) allowed)", root.len()),
            root,
            "Attach an SCP that denies every action when aws:PrincipalArn is arn:aws:iam::*:root (or use centralized root access to remove member root credentials).",
        ));
    }
    let regions: Vec<&str> = if options.allowed_regions.is_empty() {
        REGIONS.to_vec()
    } else {
        REGIONS
            .iter()
            .copied()
            .filter(|r| !options.allowed_regions.iter().any(|a| a == r))
            .collect()
    };
    let mut open = Vec::new();
    for region in &regions {
        let action = [("ec2:RunInstances", "arn:aws:ec2:{R}:{A}:instance/*")];
        if let Some(witness) = try_all(authorizer, &probe, account, region, &action, result).pop() {
            open.push(witness);
        }
    }
    let report = if options.allowed_regions.is_empty() {
        open.len() == regions.len()
    } else {
        !open.is_empty()
    };
    if report {
        let names: Vec<String> = open
            .iter()
            .filter_map(|w| w.context.get("aws:RequestedRegion").cloned())
            .collect();
        let message = if options.allowed_regions.is_empty() {
            format!("no SCP restricts the regions of member account {account} (ec2:RunInstances allowed in all {} probed regions)", names.len())
        } else {
            format!(
                "member account {account} may use {} region(s) outside the allow list: {}",
                names.len(),
                names.join(", ")
            )
        };
        result.findings.push(finding(
            account,
            "SCP_ALLOWS_UNAPPROVED_REGIONS",
            if options.allowed_regions.is_empty() { Severity::Low } else { Severity::Medium },
            message,
            open.into_iter().take(3).collect(),
            "Attach an SCP that denies actions (except global services) when aws:RequestedRegion is not in the allow list.",
        ));
    }
}
