//! `zoneproof scan --fixes`: the proved patch of each finding, computed as
//! `zoneproof fix` computes it (the same candidates and proofs (a), (b),
//! (c)), with the place to put it: a replacement of the policy's text in
//! its JSON file (also written as SARIF `fixes`), or, for templates, plans
//! and other inputs whose policy is not written there as analysed, the
//! patched policy document and the location of the policy (file, JSON
//! pointer, line, CloudFormation logical id or Terraform address).

use crate::analysis::{AnalysisOptions, PolicyDocument, ResourceSpec};
use crate::finding::{FindingStatus, ResourceResult, ResultStatus};
use crate::fix::source::{policy_source, PolicySource};
use crate::fix::{
    fix_each, grants_nothing, FindingFix, FixInput, FixOptions, FixStatus, PatchProof, Rejected,
    Strategy,
};
use crate::inputs::{InputFormat, ResourceInput};
use serde::Serialize;
use serde_json::{json, Value};

/// The fix of one finding as the scan reports it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ScanFix {
    /// `fixed` (a proved patch is offered) or `none` (see `reason`).
    pub status: &'static str,
    /// The kind of patch.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub strategy: Option<Strategy>,
    /// The change, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<String>,
    /// The proof of the patch.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proof: Option<PatchProof>,
    /// The patched policy document.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub policy: Option<Value>,
    /// The patch leaves no statement: delete the policy.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub delete_policy: bool,
    /// Where the policy to change is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Value>,
    /// The replacement of the policy's text in its file, when the policy
    /// is written there as analysed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replacement: Option<Replacement>,
    /// Why no patch is offered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The candidates tried and not offered.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rejected: Vec<Rejected>,
}

/// A replacement of a region of a file (1-based lines, 1-based columns in
/// Unicode code points; `end` is just after the last character replaced).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Replacement {
    /// First line replaced.
    pub start_line: u32,
    /// First column replaced.
    pub start_column: u32,
    /// Line of the end.
    pub end_line: u32,
    /// Column just after the last character replaced.
    pub end_column: u32,
    /// The new text.
    pub text: String,
}

impl ScanFix {
    /// No patch, for this reason.
    pub fn none(reason: impl Into<String>) -> ScanFix {
        ScanFix {
            status: "none",
            strategy: None,
            change: None,
            proof: None,
            policy: None,
            delete_policy: false,
            location: None,
            replacement: None,
            reason: Some(reason.into()),
            rejected: Vec::new(),
        }
    }

    /// The proof in one line, for messages.
    pub fn summary(&self) -> String {
        format!(
            "{} ({}); proved: (a) the finding's class is gone, (b) no new access, (c) nothing else lost",
            self.change.as_deref().unwrap_or_default(),
            self.strategy.map_or("", Strategy::name)
        )
    }
}

/// The fixes of a resource's findings, in the order of its findings.
pub fn fixes_for(
    input: &ResourceInput,
    spec: &ResourceSpec,
    result: &ResourceResult,
    options: &AnalysisOptions,
) -> Vec<ScanFix> {
    if result.findings.is_empty() {
        return Vec::new();
    }
    let all = |reason: String| vec![ScanFix::none(reason); result.findings.len()];
    if result.status != ResultStatus::Analyzed {
        return all("the analysis is not complete, so no fix can be proved".into());
    }
    // The policy as the analysis read it (placeholders of templates and
    // plans already stand for what they may be).
    let analysed = match &spec.policy {
        Some(PolicyDocument::Json(value)) => Some(value.clone()),
        Some(PolicyDocument::Text(text)) => serde_json::from_str(text).ok(),
        None => None,
    };
    let Some(policy) = &analysed else {
        return all(
            "the resource has no policy: the access comes from its ACL, grants or sharing settings; change those"
                .into(),
        );
    };
    let file_text = std::fs::read_to_string(&input.origin.file).ok();
    let source = file_text
        .as_deref()
        .and_then(|text| written_source(input, text, policy));
    let text = match &source {
        Some(source) => source.text.clone(),
        None => serde_json::to_string_pretty(policy).unwrap_or_default(),
    };
    let fix_input = FixInput {
        resource_type: spec.resource_type,
        arn: spec.arn.clone(),
        zone: spec.zone.clone(),
        text,
    };
    let fix_options = FixOptions {
        strategy: None,
        analysis: options.clone(),
        claims: Default::default(),
    };
    let fixes = match fix_each(&fix_input, &fix_options) {
        Ok(fixes) => fixes,
        Err(error) => return all(format!("no fix: {error}")),
    };
    let location = location_json(input, file_text.as_deref());
    let unresolved = fix_input.text.contains("{{unresolved:");
    result
        .findings
        .iter()
        .map(|finding| {
            if finding.status != FindingStatus::Active {
                return ScanFix::none("the finding is ARCHIVED");
            }
            match fixes.iter().find(|f| f.finding_id == finding.id) {
                Some(fix) => scan_fix(fix, source.as_ref(), &location),
                None if unresolved => ScanFix::none(
                    "the finding comes from values the input leaves unresolved (`{{unresolved:...}}`, read as anything): resolve them (template parameters, imports, values known after apply) and scan again",
                ),
                None => ScanFix::none(
                    "the access does not come from the resource policy alone (ACL, grants or sharing settings take part); change those",
                ),
            }
        })
        .collect()
}

/// The policy's text in its file, for inputs that are the policy's source
/// (not Terraform plans, which are generated from `.tf` files).
fn written_source(input: &ResourceInput, text: &str, policy: &Value) -> Option<PolicySource> {
    if input.origin.format == InputFormat::TerraformPlan {
        return None;
    }
    // A `.json` file that is not one JSON document is read as JSON Lines.
    let lines = crate::inputs::ranges::is_json_lines_file(&input.origin.file)
        || serde_json::from_str::<serde::de::IgnoredAny>(text).is_err();
    policy_source(text, &input.origin.pointer, lines, policy)
}

fn scan_fix(fix: &FindingFix, source: Option<&PolicySource>, location: &Value) -> ScanFix {
    if fix.status != FixStatus::Fixed {
        let mut none = ScanFix::none(fix.reason.clone().unwrap_or_else(|| "no patch".into()));
        none.rejected = fix.rejected.clone();
        return none;
    }
    let patched = fix.text_after.clone().unwrap_or_default();
    let delete_policy = grants_nothing(&patched);
    let replacement = source.filter(|_| !delete_policy).map(|s| Replacement {
        start_line: s.start.0,
        start_column: s.start.1,
        end_line: s.end.0,
        end_column: s.end.1,
        text: s.replacement(&patched),
    });
    ScanFix {
        status: "fixed",
        strategy: fix.strategy,
        change: fix.change.clone(),
        proof: fix.proof.clone(),
        policy: serde_json::from_str(&patched).ok(),
        delete_policy,
        location: Some(location.clone()),
        replacement,
        reason: None,
        rejected: fix.rejected.clone(),
    }
}

/// The policy's place: file, pointer, line, format, and the
/// CloudFormation logical id or Terraform address of its resource.
fn location_json(input: &ResourceInput, file_text: Option<&str>) -> Value {
    let origin = &input.origin;
    let mut out = json!({
        "file": origin.file.display().to_string(),
        "pointer": origin.pointer,
        "format": origin.format.to_string(),
    });
    if let Some(line) = origin.line {
        out["line"] = json!(line);
    }
    match origin.format {
        InputFormat::CloudFormation => {
            if let Some(id) = origin
                .pointer
                .strip_prefix("/Resources/")
                .and_then(|rest| rest.split('/').next())
            {
                out["logicalId"] = json!(id.replace("~1", "/").replace("~0", "~"));
            }
        }
        InputFormat::TerraformPlan => {
            if let Some(address) = terraform_address(&origin.pointer, file_text) {
                out["address"] = json!(address);
            }
        }
        _ => {}
    }
    out
}

/// The `address` of the plan resource whose `values` hold the policy.
fn terraform_address(pointer: &str, file_text: Option<&str>) -> Option<String> {
    let (resource, _) = pointer.rsplit_once("/values")?;
    let plan: Value = serde_json::from_str(file_text?).ok()?;
    plan.pointer(resource)?
        .get("address")?
        .as_str()
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terraform_addresses_and_lines_files() {
        let plan = r#"{"planned_values": {"root_module": {"resources": [{"address": "aws_sqs_queue_policy.q", "values": {"policy": "{}"}}]}}}"#;
        assert_eq!(
            terraform_address(
                "/planned_values/root_module/resources/0/values/policy",
                Some(plan)
            )
            .as_deref(),
            Some("aws_sqs_queue_policy.q")
        );
    }
}
