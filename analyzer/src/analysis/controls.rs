//! The organization's resource control policies (RCPs) in the analysis of
//! one resource: the findings are those of the resource policy under the
//! RCPs, each with the RCP statements that cut part of its access
//! (`cutBy`), and the findings the RCPs remove entirely are kept aside in
//! the result's `cutByRcp`, so nothing is lost silently.
//!
//! The cuts are found by analysing twice — under the RCPs (the findings)
//! and without them — and re-evaluating the RCPs on the witnesses of the
//! second analysis with the concrete evaluator.

use crate::eval::Request;
use crate::finding::{ControlStatement, Finding, FindingStatus, ResultStatus, Witness};

use crate::question::external_access::contains;
use crate::question::resource_controls::{Applicable, ResourceControls};
use crate::question::Bounds;

use super::{solve_with, AnalysisError, AnalysisOptions, ClassedResult, ResourceSpec};
use crate::policy::Policy;

/// `archivedBy` of a finding an RCP removes entirely.
const CUT_BY_RCP: &str = "resource control policy";

/// Analyses a parsed policy under the RCPs of the options' organization
/// that apply to the resource (none without an organization).
pub(super) fn solve_under_controls(
    spec: &ResourceSpec,
    policy: &Policy,
    options: &AnalysisOptions,
    bounds: &Bounds,
) -> ClassedResult {
    let Some(organization) = options.organization.as_deref() else {
        return solve_with(spec, policy, options, bounds, None).0;
    };
    if let Some(org) = &spec.zone.org {
        if org != &organization.id && organization.contains_account(&spec.zone.account) {
            let error = AnalysisError::OrganizationMismatch {
                zone_org: org.clone(),
                export_org: organization.id.clone(),
                account: spec.zone.account.clone(),
            };
            return ClassedResult::failed(spec, error);
        }
    }
    let applicable = ResourceControls::for_resource(
        organization,
        &spec.zone.account,
        spec.resource_type,
        &spec.arn,
    );
    let controls = match applicable {
        Err(error) => return ClassedResult::failed(spec, error.into()),
        Ok(Applicable::No(why)) => {
            let mut classed = solve_with(spec, policy, options, bounds, None).0;
            classed.result.notes.push(why);
            return classed;
        }
        Ok(Applicable::Yes(controls)) => controls,
    };
    let (mut cut, _) = solve_with(
        spec,
        policy,
        options,
        bounds,
        Some((&controls, organization)),
    );
    cut.result.notes.extend(controls.notes.iter().cloned());
    if cut.result.status != ResultStatus::Analyzed || !controls.can_cut() {
        return cut;
    }
    let (whole, requests) = solve_with(spec, policy, options, bounds, None);
    if whole.result.status != ResultStatus::Analyzed {
        cut.result.notes.push(format!(
            "what the RCPs cut is not reported: the analysis without them did not finish ({})",
            whole.result.error.as_deref().unwrap_or("unknown")
        ));
        return cut;
    }
    attribute(&controls, &whole, &requests, &mut cut);
    cut
}

/// The external-access question of `spec`, under the RCPs of the
/// options' organization that apply to it (for the oracle check).
pub(super) fn question(
    spec: &ResourceSpec,
    policy: &Policy,
    options: &AnalysisOptions,
    question_options: crate::question::external_access::QuestionOptions,
) -> Result<crate::question::external_access::ExternalAccess, AnalysisError> {
    use crate::question::external_access::ExternalAccess;
    let plain = || {
        ExternalAccess::new(
            policy,
            spec.resource_type,
            &spec.arn,
            &spec.zone,
            question_options,
        )
        .map_err(AnalysisError::from)
    };
    let Some(organization) = options.organization.as_deref() else {
        return plain();
    };
    match ResourceControls::for_resource(
        organization,
        &spec.zone.account,
        spec.resource_type,
        &spec.arn,
    )? {
        Applicable::No(_) => plain(),
        Applicable::Yes(controls) => ExternalAccess::with_controls(
            policy,
            spec.resource_type,
            &spec.arn,
            &spec.zone,
            question_options,
            controls,
            organization,
        )
        .map_err(AnalysisError::from),
    }
}

/// Fills `cutBy` of the findings under the RCPs and `cutByRcp` of the
/// result from the findings without them (`whole`).
fn attribute(
    controls: &ResourceControls,
    whole: &ClassedResult,
    requests: &[(Witness, Request)],
    cut: &mut ClassedResult,
) {
    for (finding, class) in whole.result.findings.iter().zip(&whole.classes) {
        let request = finding
            .witness
            .as_ref()
            .and_then(|w| requests.iter().find(|(x, _)| x == w))
            .map(|(_, r)| r);
        let cutters = request.map_or_else(Vec::new, |r| controls.cutting(r));
        let same_principal: Vec<usize> = cut
            .classes
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                c.principal == class.principal && c.finding_type == class.finding_type
                    || contains(c, class)
            })
            .map(|(i, _)| i)
            .collect();
        if same_principal.is_empty() {
            let mut gone = finding.clone();
            gone.status = FindingStatus::Archived;
            gone.archived_by = Some(CUT_BY_RCP.into());
            gone.cut_by = if cutters.is_empty() {
                every_deny(controls)
            } else {
                cutters
            };
            cut.result.cut_by_rcp.push(gone);
            continue;
        }
        for index in same_principal {
            let kept = &mut cut.result.findings[index];
            let narrowed = kept.condition != finding.condition || kept.action != finding.action;
            let extra = if cutters.is_empty() && narrowed {
                narrowing(controls, kept, finding)
            } else {
                cutters.clone()
            };
            merge(&mut kept.cut_by, extra);
        }
    }
}

/// The RCP `Deny` statements whose conditions read a key the narrowed
/// finding `kept` pins and the whole one `finding` does not.
fn narrowing(
    controls: &ResourceControls,
    kept: &Finding,
    finding: &Finding,
) -> Vec<ControlStatement> {
    let added: Vec<String> = kept
        .condition
        .keys()
        .filter(|k| !finding.condition.contains_key(*k))
        .map(|k| k.to_ascii_lowercase())
        .collect();
    deny_statements(controls, |s| {
        s.conditions
            .iter()
            .any(|c| added.contains(&c.key.to_ascii_lowercase()))
    })
}

/// Every RCP `Deny` statement (a fully cut finding whose witness no
/// single statement denies: listed so that the cut is never silent).
fn every_deny(controls: &ResourceControls) -> Vec<ControlStatement> {
    deny_statements(controls, |_| true)
}

fn deny_statements(
    controls: &ResourceControls,
    pick: impl Fn(&crate::policy::Statement) -> bool,
) -> Vec<ControlStatement> {
    let mut out = Vec::new();
    for p in controls.policies() {
        for s in &p.policy.statements {
            if s.effect == crate::policy::Effect::Deny && pick(s) {
                out.push(ControlStatement {
                    policy_type: "RCP".into(),
                    policy_id: p.id.clone(),
                    policy_name: p.name.clone(),
                    attached_to: p.attached_to.clone(),
                    index: Some(s.index),
                    sid: s.sid.clone(),
                });
            }
        }
    }
    out
}

fn merge(into: &mut Vec<ControlStatement>, more: Vec<ControlStatement>) {
    into.extend(more);
    into.sort();
    into.dedup();
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::sync::Arc;

    use serde_json::json;

    use crate::analysis::{analyze, AnalysisOptions, Extras, PolicyDocument, ResourceSpec};
    use crate::finding::{FindingPrincipal, FindingStatus, ResourceResult, ResultStatus};
    use crate::organization::Organization;
    use crate::resource::ResourceType;
    use crate::zone::Zone;

    const ORG: &str = "o-a1b2c3d4e5";
    const MEMBER: &str = "222222222222";
    const MANAGEMENT: &str = "111111111111";

    /// An organization whose root has `RCPFullAWSAccess` and whose Prod OU
    /// (holding the member account) has `rcp`.
    fn organization(rcp: serde_json::Value) -> Organization {
        let full = json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]});
        let export = json!({
            "Organization": {"Id": ORG, "MasterAccountId": MANAGEMENT},
            "Roots": [{"Id": "r-ab12", "Name": "Root"}],
            "OrganizationalUnits": [{"Id": "ou-ab12-prod0001", "Name": "Prod", "ParentId": "r-ab12"}],
            "Accounts": [
                {"Id": MANAGEMENT, "Name": "management", "ParentId": "r-ab12"},
                {"Id": MEMBER, "Name": "prod", "ParentId": "ou-ab12-prod0001"}],
            "Policies": [
                {"Id": "p-RCPFullAWSAccess", "Name": "RCPFullAWSAccess",
                 "Type": "RESOURCE_CONTROL_POLICY", "AwsManaged": true,
                 "Content": full.to_string(),
                 "Targets": ["r-ab12", "ou-ab12-prod0001", MEMBER, MANAGEMENT]},
                {"Id": "p-perimeter", "Name": "Perimeter",
                 "Type": "RESOURCE_CONTROL_POLICY", "AwsManaged": false,
                 "Content": rcp.to_string(), "Targets": ["ou-ab12-prod0001"]}]
        });
        Organization::from_export(Path::new("org.json"), &export).unwrap()
    }

    fn perimeter(action: &str) -> serde_json::Value {
        json!({"Version": "2012-10-17", "Statement": [{
            "Sid": "EnforceOrgIdentities", "Effect": "Deny", "Principal": "*",
            "Action": action, "Resource": "*",
            "Condition": {
                "StringNotEqualsIfExists": {"aws:PrincipalOrgID": ORG},
                "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}}}]})
    }

    fn public_bucket(owner: &str, org_zone: bool, rcp: serde_json::Value) -> ResourceResult {
        let policy = json!({"Version": "2012-10-17", "Statement": [{
            "Sid": "PublicRead", "Effect": "Allow", "Principal": "*",
            "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]});
        let spec = ResourceSpec {
            resource_type: ResourceType::S3Bucket,
            arn: "arn:aws:s3:::b".into(),
            zone: Zone {
                account: owner.into(),
                org: org_zone.then(|| ORG.to_string()),
                ..Zone::default()
            },
            policy: Some(PolicyDocument::Json(policy)),
            extras: Extras::default(),
        };
        let options = AnalysisOptions {
            organization: Some(Arc::new(organization(rcp))),
            ..AnalysisOptions::default()
        };
        let result = analyze(&spec, &options);
        assert_eq!(result.status, ResultStatus::Analyzed, "{:?}", result.error);
        assert!(result.proof.complete);
        result
    }

    fn aws_findings(result: &ResourceResult) -> Vec<&crate::finding::Finding> {
        result
            .findings
            .iter()
            .filter(|f| matches!(f.principal, FindingPrincipal::Aws(_)))
            .collect()
    }

    #[test]
    fn an_org_perimeter_rcp_cuts_the_public_finding_and_names_its_statement() {
        let result = public_bucket(MEMBER, true, perimeter("s3:*"));
        assert!(aws_findings(&result).is_empty(), "{:#?}", result.findings);
        assert_eq!(result.cut_by_rcp.len(), 1, "{:#?}", result.cut_by_rcp);
        let cut = &result.cut_by_rcp[0];
        assert!(cut.is_public);
        assert_eq!(cut.status, FindingStatus::Archived);
        assert_eq!(cut.cut_by.len(), 1);
        assert_eq!(cut.cut_by[0].policy_id, "p-perimeter");
        assert_eq!(cut.cut_by[0].index, Some(0));
        assert_eq!(cut.cut_by[0].sid.as_deref(), Some("EnforceOrgIdentities"));
        // The RCP exempts AWS services: the confused-deputy finding stays.
        assert!(result
            .findings
            .iter()
            .any(|f| matches!(&f.principal, FindingPrincipal::Service(_))));
    }

    #[test]
    fn an_rcp_on_another_service_cuts_nothing() {
        let result = public_bucket(MEMBER, true, perimeter("sqs:*"));
        let public = aws_findings(&result);
        assert_eq!(public.len(), 1);
        assert!(public[0].is_public && public[0].cut_by.is_empty());
        assert!(result.cut_by_rcp.is_empty());
    }

    #[test]
    fn rcps_do_not_apply_to_the_management_account() {
        let result = public_bucket(MANAGEMENT, true, perimeter("s3:*"));
        assert_eq!(aws_findings(&result).len(), 1);
        assert!(result.cut_by_rcp.is_empty());
        assert!(result
            .notes
            .iter()
            .any(|n| n.contains("management account")));
    }

    #[test]
    fn in_an_account_zone_the_rcp_narrows_access_to_the_other_org_accounts() {
        let result = public_bucket(MEMBER, false, perimeter("s3:*"));
        let kept = aws_findings(&result);
        assert_eq!(kept.len(), 1, "{:#?}", result.findings);
        assert_eq!(kept[0].condition["aws:PrincipalOrgID"], json!(ORG));
        assert!(!kept[0].is_public);
        assert_eq!(kept[0].cut_by[0].policy_id, "p-perimeter");
        let witness = kept[0].witness.as_ref().unwrap();
        assert!(witness.principal.contains(MANAGEMENT), "{witness:?}");
    }

    #[test]
    fn an_rcp_with_a_restricting_condition_keeps_the_finding_narrowed() {
        let rcp = json!({"Version": "2012-10-17", "Statement": [{
            "Sid": "OnlyFromOurVpc", "Effect": "Deny", "Principal": "*",
            "Action": "s3:*", "Resource": "*",
            "Condition": {"StringNotEqualsIfExists": {"aws:SourceVpc": "vpc-1a2b3c4d"}}}]});
        let result = public_bucket(MEMBER, true, rcp);
        let kept = aws_findings(&result);
        assert_eq!(kept.len(), 1, "{:#?}", result.findings);
        assert_eq!(kept[0].condition["aws:SourceVpc"], json!("vpc-1a2b3c4d"));
        assert!(!kept[0].is_public);
        assert_eq!(kept[0].cut_by[0].sid.as_deref(), Some("OnlyFromOurVpc"));
        assert!(result.cut_by_rcp.is_empty());
    }

    #[test]
    fn the_witnesses_under_rcps_pass_the_encoder_evaluator_oracle() {
        let policy = json!({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"]},
            {"Effect": "Allow", "Principal": {"AWS": "444455556666"}, "Action": "s3:PutObject",
             "Resource": "arn:aws:s3:::b/*",
             "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-1"}}}]});
        let rcp = json!({"Version": "2012-10-17", "Statement": [
            {"Sid": "Perimeter", "Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*",
             "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": ORG, "aws:SourceVpc": "vpc-9"},
                           "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}}},
            {"Sid": "Tls", "Effect": "Deny", "Principal": "*", "Action": "s3:GetObject", "Resource": "*",
             "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]});
        for org_zone in [true, false] {
            let spec = ResourceSpec {
                resource_type: ResourceType::S3Bucket,
                arn: "arn:aws:s3:::b".into(),
                zone: Zone {
                    account: MEMBER.into(),
                    org: org_zone.then(|| ORG.to_string()),
                    ..Zone::default()
                },
                policy: Some(PolicyDocument::Json(policy.clone())),
                extras: Extras::default(),
            };
            let options = AnalysisOptions {
                organization: Some(Arc::new(organization(rcp.clone()))),
                ..AnalysisOptions::default()
            };
            let checked = crate::analysis::check_witnesses_with_oracle(&spec, &options).unwrap();
            assert!(checked > 0);
            let result = analyze(&spec, &options);
            assert_eq!(result.status, ResultStatus::Analyzed, "{:?}", result.error);
        }
    }

    #[test]
    fn a_confused_deputy_rcp_on_source_org_cuts_the_service_finding() {
        let rcp = json!({"Version": "2012-10-17", "Statement": [{
            "Sid": "EnforceConfusedDeputyProtection", "Effect": "Deny", "Principal": "*",
            "Action": "sqs:*", "Resource": "*",
            "Condition": {
                "StringNotEqualsIfExists": {"aws:SourceOrgID": ORG},
                "Bool": {"aws:PrincipalIsAWSService": "true"}}}]});
        let policy = json!({"Version": "2012-10-17", "Statement": [{
            "Sid": "FromSns", "Effect": "Allow", "Principal": {"Service": "sns.amazonaws.com"},
            "Action": "sqs:SendMessage", "Resource": "*"}]});
        let spec = ResourceSpec {
            resource_type: ResourceType::SqsQueue,
            arn: format!("arn:aws:sqs:us-east-1:{MEMBER}:q"),
            zone: Zone {
                account: MEMBER.into(),
                org: Some(ORG.into()),
                ..Zone::default()
            },
            policy: Some(PolicyDocument::Json(policy)),
            extras: Extras::default(),
        };
        let options = AnalysisOptions {
            organization: Some(Arc::new(organization(rcp))),
            ..AnalysisOptions::default()
        };
        let result = analyze(&spec, &options);
        assert_eq!(result.status, ResultStatus::Analyzed, "{:?}", result.error);
        assert!(result.findings.is_empty(), "{:#?}", result.findings);
        assert_eq!(result.cut_by_rcp.len(), 1);
        assert_eq!(
            result.cut_by_rcp[0].cut_by[0].sid.as_deref(),
            Some("EnforceConfusedDeputyProtection")
        );
        assert!(crate::analysis::check_witnesses_with_oracle(&spec, &options).is_ok());
    }

    #[test]
    fn a_level_without_rcps_reads_as_rcp_full_aws_access() {
        let mut org = organization(perimeter("sqs:*"));
        for policy in &mut org.policies {
            policy.targets.retain(|t| t != MEMBER);
        }
        let controls = crate::question::resource_controls::ResourceControls::for_resource(
            &org,
            MEMBER,
            ResourceType::S3Bucket,
            "arn:aws:s3:::b",
        )
        .unwrap();
        let crate::question::resource_controls::Applicable::Yes(controls) = controls else {
            panic!("RCPs apply to a member's bucket");
        };
        assert_eq!(controls.levels.len(), 2);
        assert!(controls.notes[0].contains("RCPFullAWSAccess"));
    }
}
