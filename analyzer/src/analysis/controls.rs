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

use super::{solve_with, AnalysisOptions, ClassedResult, ResourceSpec};
use crate::finding::ResourceResult;
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
    let type_name = spec.resource_type.name();
    if let Some(org) = &spec.zone.org {
        if org != &organization.id && organization.contains_account(&spec.zone.account) {
            let message = format!(
                "the zone's organization {org} is not the organization export's {} of account {}",
                organization.id, spec.zone.account
            );
            return ClassedResult {
                result: ResourceResult::error(&spec.arn, type_name, message),
                classes: Vec::new(),
            };
        }
    }
    let applicable = ResourceControls::for_resource(
        organization,
        &spec.zone.account,
        spec.resource_type,
        &spec.arn,
    );
    let controls = match applicable {
        Err(message) => {
            return ClassedResult {
                result: ResourceResult::error(&spec.arn, type_name, message),
                classes: Vec::new(),
            }
        }
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
