//! Every policy document of an input file, with its policy type, for
//! `zoneproof validate`: a bare policy file is one document; a
//! CloudFormation template or a Terraform plan holds one per policy —
//! resource policies (as `scan` reads them), role trust policies, identity
//! policies, service and resource control policies — each with the type
//! that where it sits implies; the other input formats give their resource
//! policies.
//!
//! Lambda function policies that `scan` synthesises from
//! `AWS::Lambda::Permission` / `aws_lambda_permission` resources are not
//! documents anyone wrote, so they are not validated.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::validate::{resource_kind, JsonPath, PathElement, PolicyType};

use super::document::{self, Loaded, SourceKind, ValueKind};
use super::{
    authorization_details, cloudformation, config_items, detect, extension, file_error, inventory,
    terraform, FileContext, InputError, InputFormat, ReadOptions, ResourceInput,
};

/// What kind of policy a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    /// An identity-based policy.
    Identity,
    /// A role trust policy.
    Trust,
    /// A resource policy, of the resource type when it has
    /// resource-specific checks.
    Resource(Option<&'static str>),
    /// A service control policy.
    ServiceControl,
    /// A resource control policy.
    ResourceControl,
}

impl DocumentKind {
    /// The policy type validation uses.
    pub fn policy_type(self) -> PolicyType {
        match self {
            DocumentKind::Identity => PolicyType::Identity,
            DocumentKind::Trust => PolicyType::Trust,
            DocumentKind::Resource(_) => PolicyType::Resource,
            DocumentKind::ServiceControl => PolicyType::Scp,
            DocumentKind::ResourceControl => PolicyType::Rcp,
        }
    }

    /// The resource type for the resource-specific checks.
    pub fn resource_type(self) -> Option<&'static str> {
        match self {
            DocumentKind::Resource(resource_type) => resource_type,
            _ => None,
        }
    }

    /// The kind of the policy of a resource `scan` reads: with its
    /// resource type when Access Analyzer has resource-specific checks for
    /// it (as cfn-policy-validator passes it), as a plain resource policy
    /// otherwise.
    fn of_resource(resource_type: &str) -> DocumentKind {
        if resource_type == "AWS::IAM::Role" {
            DocumentKind::Trust
        } else {
            DocumentKind::Resource(
                resource_kind(resource_type)
                    .filter(|kind| kind.aws_validated)
                    .map(|kind| kind.name),
            )
        }
    }
}

/// One policy document to validate.
#[derive(Debug, Clone)]
pub struct FoundDocument {
    /// The file.
    pub file: PathBuf,
    /// JSON pointer of the policy in the file (`""`: the file is the
    /// policy).
    pub pointer: String,
    /// 1-based line of the policy in the file, when known.
    pub line: Option<u32>,
    /// What names the policy: the file, a template's logical id, a
    /// resource's ARN.
    pub name: String,
    /// The kind of policy.
    pub kind: DocumentKind,
    /// The input format, `None` for a bare policy file.
    pub format: Option<InputFormat>,
    /// The policy text to validate: the file's own text for a bare policy,
    /// compact JSON for a policy taken out of a larger document.
    pub text: String,
    /// Lines of the policy's values in the file, by pointer relative to
    /// the policy, when the policy is written as JSON/YAML structure (not
    /// as a string) in the file.
    lines: HashMap<String, u32>,
}

impl FoundDocument {
    /// A policy found at `pointer` of a document.
    pub(crate) fn from_value(
        ctx: &FileContext<'_>,
        pointer: &str,
        kind: DocumentKind,
        name: String,
        policy: &Value,
    ) -> FoundDocument {
        let lines = match ctx.lines.get_value_kind(pointer) {
            Some(ValueKind::Object) => ctx.lines.lines_under(pointer),
            _ => HashMap::new(),
        };
        FoundDocument {
            file: ctx.file.to_path_buf(),
            pointer: pointer.to_owned(),
            line: ctx.lines.line(pointer),
            name,
            kind,
            format: Some(ctx.format),
            text: serde_json::to_string(policy).unwrap_or_default(),
            lines,
        }
    }

    /// Whether the file itself is the policy (finding positions are file
    /// positions).
    pub fn is_whole_file(&self) -> bool {
        self.format.is_none()
    }

    /// The line in the file of the element at `path` of the policy (or of
    /// its nearest enclosing element); the policy's line when the file
    /// holds the policy as a string. `None` for a bare policy file, whose
    /// findings carry their own positions.
    pub fn file_line(&self, path: &JsonPath) -> Option<u32> {
        if self.is_whole_file() {
            return None;
        }
        let mut pointer = json_pointer(path);
        loop {
            if let Some(line) = self.lines.get(&pointer) {
                return Some(*line);
            }
            match pointer.rfind('/') {
                Some(slash) => pointer.truncate(slash),
                None => return self.line,
            }
        }
    }

    /// The JSON pointer in the file of the element at `path`.
    pub fn file_pointer(&self, path: &JsonPath) -> String {
        format!("{}{}", self.pointer, json_pointer(path))
    }
}

/// A path as a JSON pointer (RFC 6901).
fn json_pointer(path: &JsonPath) -> String {
    let mut out = String::new();
    for element in &path.0 {
        out.push('/');
        match element {
            PathElement::Value(key) | PathElement::Key(key) => {
                out.push_str(&key.replace('~', "~0").replace('/', "~1"));
            }
            PathElement::Index(index) => out.push_str(&index.to_string()),
        }
    }
    out
}

/// The policy documents of a file: the file itself when it is a policy
/// (or, when the file was named explicitly, not a recognised larger
/// document: its problems are then the policy's findings), else every
/// policy the document holds. `bare` is the kind of a bare policy file. A
/// file found by walking a directory (`explicit` false) is a policy only
/// when it is a JSON object with a `Statement`; other unrecognised files
/// are skipped.
///
/// # Errors
/// One error for a file that cannot be read; error records for policies of
/// a document that cannot be decoded (the others are still returned).
pub fn read_policy_documents(
    path: &Path,
    options: &ReadOptions,
    bare: DocumentKind,
    explicit: bool,
) -> Vec<Result<FoundDocument, InputError>> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => return vec![Err(file_error(path, format!("cannot read: {error}")))],
    };
    let Ok(text) = String::from_utf8(bytes) else {
        return vec![Err(file_error(path, "file is not valid UTF-8".to_owned()))];
    };
    read_policy_documents_from_text(path, &text, options, bare, explicit)
}

/// [`read_policy_documents`] for text that does not come from disk.
pub fn read_policy_documents_from_text(
    path: &Path,
    text: &str,
    options: &ReadOptions,
    bare: DocumentKind,
    explicit: bool,
) -> Vec<Result<FoundDocument, InputError>> {
    let looks_like_policy = || {
        serde_json::from_str::<Value>(text.trim_start_matches('\u{feff}'))
            .is_ok_and(|value| value.get("Statement").is_some())
    };
    let whole = || {
        if !explicit && !looks_like_policy() {
            return Vec::new();
        }
        vec![Ok(FoundDocument {
            file: path.to_path_buf(),
            pointer: String::new(),
            line: Some(1),
            name: path.display().to_string(),
            kind: bare,
            format: None,
            text: text.to_owned(),
            lines: HashMap::new(),
        })]
    };
    let kind = match document::source_kind(extension(path).as_deref(), text) {
        SourceKind::JsonLines => SourceKind::Json,
        other => other,
    };
    let Ok(Loaded::Single(doc)) = document::load(text, kind) else {
        return whole();
    };
    let Some(format) = detect(&doc.value) else {
        return whole();
    };
    let ctx = FileContext {
        file: path,
        lines: &doc.lines,
        format,
        options,
    };
    let resources = match format {
        InputFormat::Inventory => inventory::read(&ctx, &doc.value),
        InputFormat::AuthorizationDetails => authorization_details::read(&ctx, &doc.value),
        InputFormat::ConfigItems => config_items::read(&ctx, &doc.value),
        InputFormat::CloudFormation => cloudformation::read(&ctx, &doc.value),
        InputFormat::TerraformPlan => terraform::read(&ctx, &doc.value),
        InputFormat::OrganizationExport => Vec::new(),
    };
    let synthesised = |input: &ResourceInput| {
        matches!(
            format,
            InputFormat::CloudFormation | InputFormat::TerraformPlan
        ) && input.resource_type.name() == "AWS::Lambda::Function"
    };
    let mut found: Vec<Result<FoundDocument, InputError>> = resources
        .into_iter()
        .filter_map(|result| match result {
            Err(error) => Some(Err(error)),
            Ok(input) if synthesised(&input) => None,
            Ok(input) => {
                let policy = input.policy.as_ref()?;
                let kind = DocumentKind::of_resource(input.resource_type.name());
                let name = format!("{} ({})", input.arn, input.resource_type);
                Some(Ok(FoundDocument::from_value(
                    &ctx,
                    &input.origin.pointer,
                    kind,
                    name,
                    policy,
                )))
            }
        })
        .collect();
    match format {
        InputFormat::CloudFormation => {
            found.extend(cloudformation::documents::read(&ctx, &doc.value))
        }
        InputFormat::TerraformPlan => found.extend(terraform::documents(&ctx, &doc.value)),
        _ => {}
    }
    found.sort_by_key(|result| match result {
        Ok(document) => (document.line.unwrap_or(u32::MAX), document.pointer.clone()),
        Err(error) => (u32::MAX, error.pointer.clone()),
    });
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(name: &str, text: &str) -> Vec<Result<FoundDocument, InputError>> {
        read_policy_documents_from_text(
            Path::new(name),
            text,
            &ReadOptions::default(),
            DocumentKind::Identity,
            true,
        )
    }

    #[test]
    fn a_bare_policy_and_broken_json_are_the_file_itself() {
        for text in ["{\"Statement\": []}", "{not json"] {
            let found = read("p.json", text);
            assert_eq!(found.len(), 1);
            let document = found[0].as_ref().unwrap();
            assert!(document.is_whole_file());
            assert_eq!(document.text, text);
        }
    }

    #[test]
    fn a_walked_file_is_a_policy_only_when_it_has_statements() {
        let options = ReadOptions::default();
        let walked = |text: &str| {
            read_policy_documents_from_text(
                Path::new("x.json"),
                text,
                &options,
                DocumentKind::Identity,
                false,
            )
        };
        assert!(walked("{\"name\": \"package\"}").is_empty());
        assert!(walked("{not json").is_empty());
        assert_eq!(walked("{\"Statement\": []}").len(), 1);
    }

    #[test]
    fn a_template_gives_every_policy_with_its_type() {
        let template = r#"{
  "Resources": {
    "Role": {"Type": "AWS::IAM::Role", "Properties": {
      "AssumeRolePolicyDocument": {"Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
      "Policies": [{"PolicyName": "inline", "PolicyDocument": {"Statement": [
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}}]}},
    "Guardrail": {"Type": "AWS::Organizations::Policy", "Properties": {
      "Type": "SERVICE_CONTROL_POLICY",
      "Content": {"Statement": [{"Effect": "Deny", "Action": "iam:*", "Resource": "*"}]}}},
    "Bucket": {"Type": "AWS::S3::BucketPolicy", "Properties": {"Bucket": "b",
      "PolicyDocument": {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}}}
  }
}"#;
        let found: Vec<FoundDocument> = read("t.json", template)
            .into_iter()
            .map(Result::unwrap)
            .collect();
        let kinds: Vec<DocumentKind> = found.iter().map(|d| d.kind).collect();
        assert_eq!(
            kinds,
            [
                DocumentKind::Trust,
                DocumentKind::Identity,
                DocumentKind::ServiceControl,
                DocumentKind::Resource(Some("AWS::S3::Bucket")),
            ]
        );
        let inline = &found[1];
        let path = JsonPath::root()
            .member("Statement")
            .index(0)
            .member("Action");
        assert_eq!(inline.file_line(&path), Some(6));
        assert_eq!(
            inline.file_pointer(&path),
            "/Resources/Role/Properties/Policies/0/PolicyDocument/Statement/0/Action"
        );
    }
}
