//! Input readers for `zoneproof scan`: they turn files into resources to
//! analyse, and do not analyse anything themselves.
//!
//! A file's format is recognised by the shape of its document, never by its
//! name; the extension only chooses the parser (`.jsonl`/`.ndjson`: JSON
//! Lines, `.yaml`/`.yml`: YAML, `.json`: JSON with a JSON Lines fallback,
//! anything else: JSON when the text starts with `{` or `[`, YAML otherwise).
//!
//! | format | shape | resources |
//! | --- | --- | --- |
//! | [`InputFormat::Inventory`] | array (or JSON Lines, or one object) of `{"arn", "resourceType", "policy", ...}` | one per record |
//! | [`InputFormat::AuthorizationDetails`] | object with `RoleDetailList` / `UserDetailList` / `GroupDetailList` / `Policies` | one `AWS::IAM::Role` per role (trust policy); users, groups and managed policies carry identity policies, which are not resource policies, so they yield nothing |
//! | [`InputFormat::ConfigItems`] | object with `configurationItems`, `baseConfigurationItems` or `Results`, a single configuration item, or an array of them | one per item of a type that has a resource policy |
//! | [`InputFormat::CloudFormation`] | object with a `Resources` map of `{"Type": "AWS::..."}` | one per policy-bearing resource (see [`cloudformation`]) |
//! | [`InputFormat::TerraformPlan`] | object with `format_version` and `planned_values` or `values` | one per policy-bearing resource (see [`terraform`]) |
//! | [`InputFormat::OrganizationExport`] | object with an `Organization` object and `Roots` and `Accounts` arrays | none (read by [`read_input_set`] into [`InputSet::organizations`]) |
//!
//! Errors belong to one resource: a file that cannot be read or parsed is
//! one error record; a resource whose policy is malformed is one error
//! record with the JSON pointer of that policy, and every other resource of
//! the file is still returned.
//!
//! Which files are read: a path named explicitly is always read, and is an
//! error record when it is not a recognised input. A directory is walked
//! recursively in sorted order, skipping hidden entries (names starting with
//! `.`, e.g. `.git`, `.terraform`) and not following symbolic links to
//! directories; only files ending in `.json`, `.jsonl`, `.ndjson`, `.yaml`,
//! `.yml` or `.template` are considered. Such a file that parses but has no
//! recognised shape is skipped silently (a directory holds other JSON/YAML
//! too), except a bare IAM policy document (top-level `Statement`), which is
//! an error record because the user evidently meant it to be analysed. A
//! walked file that does not parse is an error record when it claims to be
//! JSON (`.json`, `.jsonl`, `.ndjson`) or when its text mentions
//! `AWSTemplateFormatVersion` or `AWS::` (a broken CloudFormation template);
//! other unparsable YAML (Helm charts, ...) is skipped.
//!
//! [`read_input_set`] reads the same files for the questions that need more
//! than resource policies (`zoneproof authorize`): the resources, plus the
//! IAM model of every authorization-details document ([`crate::iam`]) and
//! every organization export ([`crate::organization`]).
//!
//! To analyse what was read, [`ResourceInput::to_spec`] turns a resource
//! into a [`ResourceSpec`](crate::analysis::ResourceSpec) under a
//! [`ZoneTemplate`], and [`InputError::to_result`] turns an error into the
//! error record that takes the resource's place in the output.

pub(crate) mod authorization_details;
pub mod cloudformation;
pub mod cloudtrail;
mod config_items;
pub mod credential_report;
mod document;
pub mod documents;
pub mod identities;
mod input_set;
mod inventory;
mod json_positions;
mod lambda_permissions;
mod names;
pub(crate) mod organization_export;
mod policy_text;
pub mod ranges;
mod s3_access;
mod spec;
pub mod terraform;
mod unmapped;
mod yaml;

use std::fmt;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::resource::ResourceType;
use document::{Document, LineMap};
pub use input_set::{read_input_set, InputSet};
pub(crate) use names::has_placeholder;
pub(crate) use names::{placeholder, queue_url_to_arn};
pub use spec::ZoneTemplate;

/// One resource to analyse, as found in an input file.
#[derive(Debug, Clone, PartialEq)]
pub struct ResourceInput {
    /// The resource's ARN. Parts that the input does not determine are
    /// placeholders `{{unresolved:<expression>}}` (see [`cloudformation`]).
    pub arn: String,
    /// The resource type, e.g. `AWS::S3::Bucket`, `AWS::IAM::Role`, or a
    /// generic type for an inventory record of a type zoneproof does not
    /// know.
    pub resource_type: ResourceType,
    /// The owner account when known (from the ARN, the configuration item,
    /// or `--account` for templates and plans).
    pub account: Option<String>,
    /// The resource policy document, decoded when the input held it as a
    /// JSON string or a URL-encoded JSON string. `None`: the resource has no
    /// resource policy (it may still have an ACL).
    pub policy: Option<Value>,
    /// The S3 bucket ACL, in the shape of S3 `GetBucketAcl` output:
    /// `{"Owner"?, "Grants": [{"Grantee": {"Type", "ID"?, "URI"?,
    /// "EmailAddress"?}, "Permission"}]}`. Inventory records pass theirs
    /// through unchanged.
    pub acl: Option<Value>,
    /// The S3 Block Public Access settings of the bucket, in the shape of S3
    /// `GetPublicAccessBlock`: `{"BlockPublicAcls", "IgnorePublicAcls",
    /// "BlockPublicPolicy", "RestrictPublicBuckets"}` (booleans).
    pub block_public_access: Option<Value>,
    /// Sharing attributes (e.g. snapshot `createVolumePermission`), passed
    /// through from inventory records.
    pub sharing: Option<Value>,
    /// KMS grants, passed through from inventory records.
    pub grants: Option<Value>,
    /// Where the resource came from.
    pub origin: Origin,
}

/// Where a resource (and its policy) sits in its input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The input file.
    pub file: PathBuf,
    /// JSON pointer (RFC 6901) of the policy within the file; for YAML, the
    /// pointer into the equivalent JSON document (short-form tags such as
    /// `!Sub` appear as their long form, `/Fn::Sub`); for JSON Lines, the
    /// first segment is the 0-based record index; for a Lambda policy
    /// synthesised from permissions, the pointer of the first permission.
    pub pointer: String,
    /// 1-based line of the policy document, when known.
    pub line: Option<u32>,
    /// 1-based line of each statement, in statement order, when known. A
    /// policy held as a JSON string in a JSON file has every statement on
    /// the string's line; a synthesised Lambda policy has the line of each
    /// permission resource.
    pub statement_lines: Vec<u32>,
    /// The recognised input format.
    pub format: InputFormat,
}

/// The input formats that `zoneproof scan` recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InputFormat {
    /// zoneproof's inventory: records `{"arn", "resourceType", "policy", ...}`.
    Inventory,
    /// `aws iam get-account-authorization-details` output.
    AuthorizationDetails,
    /// AWS Config configuration items (snapshots, history, select results).
    ConfigItems,
    /// CloudFormation templates, JSON or YAML.
    CloudFormation,
    /// Terraform plan or state JSON (`terraform show -json`).
    TerraformPlan,
    /// zoneproof's organization export (`docs/organization-export.md`).
    OrganizationExport,
}

impl fmt::Display for InputFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            InputFormat::Inventory => "inventory",
            InputFormat::AuthorizationDetails => "authorization-details",
            InputFormat::ConfigItems => "config-items",
            InputFormat::CloudFormation => "cloudformation",
            InputFormat::TerraformPlan => "terraform-plan",
            InputFormat::OrganizationExport => "organization-export",
        })
    }
}

/// An input that could not be turned into a resource: a file that cannot be
/// read or parsed, or one resource whose policy or description is malformed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {}: {message}", file.display(), display_pointer(pointer))]
pub struct InputError {
    /// The input file.
    pub file: PathBuf,
    /// JSON pointer of the offending value (empty: the whole document).
    pub pointer: String,
    /// What is wrong, lowercase, user input in backticks.
    pub message: String,
    /// The ARN of the resource concerned, when it is known.
    pub arn: Option<String>,
    /// The resource type of the resource concerned, when it is known.
    pub resource_type: Option<String>,
}

fn display_pointer(pointer: &str) -> &str {
    if pointer.is_empty() {
        "(document)"
    } else {
        pointer
    }
}

/// Settings that fill in what templates and plans leave open.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// The account that templates and plans deploy into (`AWS::AccountId`).
    pub account: Option<String>,
    /// The region that templates and plans deploy into (`AWS::Region`).
    pub region: Option<String>,
    /// The partition (`AWS::Partition`), `aws` when not given.
    pub partition: Option<String>,
}

impl ReadOptions {
    /// The partition, `aws` by default.
    pub fn partition(&self) -> &str {
        self.partition.as_deref().unwrap_or("aws")
    }
}

/// One result of reading: a resource, or an error that belongs to one
/// resource or file.
pub type InputResult = Result<ResourceInput, InputError>;

/// File name endings considered when walking a directory.
const CANDIDATE_EXTENSIONS: [&str; 6] = ["json", "jsonl", "ndjson", "yaml", "yml", "template"];

/// Reads a file or a directory (recursively, in sorted order) and returns
/// every resource found, in a deterministic order: files sorted by path,
/// resources in document order. See the module documentation for which
/// files are read and when an unrecognised file is an error.
pub fn read_path(path: &Path, options: &ReadOptions) -> Vec<InputResult> {
    read_path_into(path, options, None)
}

fn read_path_into(
    path: &Path,
    options: &ReadOptions,
    mut sink: Option<&mut InputSet>,
) -> Vec<InputResult> {
    let metadata = match std::fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(error) => return vec![Err(file_error(path, format!("cannot read: {error}")))],
    };
    if metadata.is_dir() {
        let mut results = Vec::new();
        let mut files = Vec::new();
        collect_files(path, &mut files, &mut results);
        files.sort();
        for file in files {
            results.extend(read_file(
                &file,
                options,
                Discovery::Walked,
                sink.as_deref_mut(),
            ));
        }
        results
    } else {
        read_file(path, options, Discovery::Explicit, sink)
    }
}

/// The files `read_path` would read for a path: the path itself when it is
/// a file, else the candidate files below the directory (walked as
/// `read_path` walks it), with the errors met while walking.
pub fn input_files(path: &Path) -> (Vec<PathBuf>, Vec<InputError>) {
    match std::fs::metadata(path) {
        Err(error) => (
            Vec::new(),
            vec![file_error(path, format!("cannot read: {error}"))],
        ),
        Ok(metadata) if metadata.is_dir() => {
            let mut files = Vec::new();
            let mut results = Vec::new();
            collect_files(path, &mut files, &mut results);
            files.sort();
            (files, results.into_iter().filter_map(Result::err).collect())
        }
        Ok(_) => (vec![path.to_path_buf()], Vec::new()),
    }
}

/// What [`read_path`] reads for a path, in its order: the files, and the
/// errors that take the place of what could not be listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlannedInput {
    /// A file to read with [`read_planned_file`].
    File {
        /// The file.
        path: PathBuf,
        /// Found by walking a directory (unrelated files are skipped), not
        /// named explicitly (it must be a recognised input).
        walked: bool,
    },
    /// A path or directory entry that cannot be read.
    Error(InputError),
}

/// The inputs of a path without reading them: the path itself when it is a
/// file, else the files of the directory walk (errors first, then the
/// files in sorted order), as [`read_path`] reads them. Lets a scan be
/// split by file (`zoneproof.dask`).
pub fn plan_path(path: &Path) -> Vec<PlannedInput> {
    let metadata = match std::fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(error) => {
            return vec![PlannedInput::Error(file_error(
                path,
                format!("cannot read: {error}"),
            ))]
        }
    };
    if !metadata.is_dir() {
        return vec![PlannedInput::File {
            path: path.to_path_buf(),
            walked: false,
        }];
    }
    let mut errors = Vec::new();
    let mut files = Vec::new();
    collect_files(path, &mut files, &mut errors);
    files.sort();
    let errors = errors
        .into_iter()
        .filter_map(Result::err)
        .map(PlannedInput::Error);
    let files = files
        .into_iter()
        .map(|path| PlannedInput::File { path, walked: true });
    errors.chain(files).collect()
}

/// Reads one file of a [`plan_path`] plan.
pub fn read_planned_file(path: &Path, walked: bool, options: &ReadOptions) -> Vec<InputResult> {
    let discovery = if walked {
        Discovery::Walked
    } else {
        Discovery::Explicit
    };
    read_file(path, options, discovery, None)
}

/// Reads one input from text, as if it were the file `path` named on the
/// command line. Useful for inputs that do not live on disk.
pub fn read_text(path: &Path, text: &str, options: &ReadOptions) -> Vec<InputResult> {
    read_loaded(path, text, options, Discovery::Explicit, None)
}

/// The 1-based line of each statement of a bare policy document written as
/// JSON text (`zoneproof analyze POLICY.json`), in statement order; empty
/// when the text is not JSON.
pub fn policy_statement_lines(text: &str) -> Vec<u32> {
    let Ok(decoded) = serde_json::from_str::<Value>(text) else {
        return Vec::new();
    };
    let mut lines = LineMap::new(true);
    json_positions::scan(text, 1, "", &mut lines);
    policy_text::statement_pointers("", Some(&decoded))
        .iter()
        .filter_map(|pointer| lines.line(pointer))
        .collect()
}

/// How a file came to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Discovery {
    /// Named on the command line: it must be a recognised input.
    Explicit,
    /// Found while walking a directory: unrelated files are skipped.
    Walked,
}

fn collect_files(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<InputResult>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            errors.push(Err(file_error(
                dir,
                format!("cannot read directory: {error}"),
            )));
            return;
        }
    };
    let mut paths = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => paths.push(entry.path()),
            Err(error) => errors.push(Err(file_error(
                dir,
                format!("cannot read directory: {error}"),
            ))),
        }
    }
    paths.sort();
    for path in paths {
        if is_hidden(&path) {
            continue;
        }
        let Ok(metadata) = std::fs::symlink_metadata(&path) else {
            errors.push(Err(file_error(&path, "cannot read metadata".to_string())));
            continue;
        };
        if metadata.is_dir() {
            collect_files(&path, files, errors);
        } else if has_candidate_extension(&path)
            && (metadata.is_file() || std::fs::metadata(&path).is_ok_and(|m| m.is_file()))
        {
            files.push(path);
        }
    }
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|name| name.to_str())
        .is_some_and(|name| name.starts_with('.'))
}

fn has_candidate_extension(path: &Path) -> bool {
    extension(path).is_some_and(|ext| CANDIDATE_EXTENSIONS.contains(&ext.as_str()))
}

fn extension(path: &Path) -> Option<String> {
    path.extension()
        .and_then(|ext| ext.to_str())
        .map(str::to_ascii_lowercase)
}

fn file_error(path: &Path, message: String) -> InputError {
    InputError {
        file: path.to_path_buf(),
        pointer: String::new(),
        message,
        arn: None,
        resource_type: None,
    }
}

fn read_file(
    path: &Path,
    options: &ReadOptions,
    discovery: Discovery,
    sink: Option<&mut InputSet>,
) -> Vec<InputResult> {
    let bytes = match read_regular_file(path) {
        Ok(bytes) => bytes,
        Err(error) => return vec![Err(file_error(path, error.to_string()))],
    };
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let bytes = error.into_bytes();
            if is_json_lines_path(path) || document::looks_like_json_lines_bytes(&bytes) {
                // One bad byte costs only its record (#15).
                let text = document::mark_invalid_utf8_lines(&bytes);
                return read_loaded(path, &text, options, discovery, sink);
            }
            // A walked file is a candidate input by its extension: one
            // that cannot be read is an error, not skipped (#15).
            return vec![Err(file_error(path, "file is not valid UTF-8".to_string()))];
        }
    };
    read_loaded(path, &text, options, discovery, sink)
}

/// Why a file cannot be read; the message does not name the file (the
/// caller puts it first).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadFileError {
    /// The operating system refused (missing file, no permission, ...).
    #[error("cannot read: {reason}")]
    Unreadable {
        /// The kind of the I/O error.
        kind: std::io::ErrorKind,
        /// The operating system's message.
        reason: String,
    },
    /// The path is a directory, named pipe, device or socket.
    #[error("not a regular file ({0}): only files and directories are read")]
    NotRegular(&'static str),
}

impl From<std::io::Error> for ReadFileError {
    fn from(error: std::io::Error) -> Self {
        ReadFileError::Unreadable {
            kind: error.kind(),
            reason: error.to_string(),
        }
    }
}

/// The bytes of a regular file. A named pipe, a device or a socket would
/// block or never end: it is refused before it is opened (#15).
///
/// # Errors
/// What the path is, or why it cannot be read.
pub fn read_regular_file(path: &Path) -> Result<Vec<u8>, ReadFileError> {
    let metadata = std::fs::metadata(path)?;
    if !metadata.is_file() {
        return Err(ReadFileError::NotRegular(file_kind(&metadata)));
    }
    Ok(std::fs::read(path)?)
}

fn file_kind(metadata: &std::fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let kind = metadata.file_type();
    if kind.is_dir() {
        "a directory"
    } else if kind.is_fifo() {
        "a named pipe"
    } else if kind.is_char_device() || kind.is_block_device() {
        "a device"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "not a file"
    }
}

fn is_json_lines_path(path: &Path) -> bool {
    extension(path).is_some_and(|ext| matches!(ext.as_str(), "jsonl" | "ndjson"))
}

fn claims_json(path: &Path) -> bool {
    extension(path).is_some_and(|ext| matches!(ext.as_str(), "json" | "jsonl" | "ndjson"))
}

fn read_loaded(
    path: &Path,
    text: &str,
    options: &ReadOptions,
    discovery: Discovery,
    sink: Option<&mut InputSet>,
) -> Vec<InputResult> {
    let kind = document::source_kind(extension(path).as_deref(), text);
    let loaded = match document::load(text, kind) {
        Ok(loaded) => loaded,
        Err(message) => {
            let report = discovery == Discovery::Explicit
                || claims_json(path)
                || text.contains("AWSTemplateFormatVersion")
                || text.contains("AWS::");
            return if report {
                vec![Err(file_error(path, message))]
            } else {
                Vec::new()
            };
        }
    };
    match loaded {
        document::Loaded::Lines { records, lines } => {
            inventory::read_lines(path, &records, &lines, options)
        }
        document::Loaded::Single(doc) => read_document(path, &doc, options, discovery, sink),
    }
}

fn read_document(
    path: &Path,
    doc: &Document,
    options: &ReadOptions,
    discovery: Discovery,
    sink: Option<&mut InputSet>,
) -> Vec<InputResult> {
    let Some(format) = detect(&doc.value) else {
        if doc.value.get("Statement").is_some() {
            return vec![Err(file_error(
                path,
                "a bare policy document is not a scan input: analyse it with `zoneproof analyze`, \
                 or wrap it in an inventory record with its `arn` and `resourceType`"
                    .to_string(),
            ))];
        }
        return match discovery {
            Discovery::Explicit => vec![Err(file_error(
                path,
                "not a recognised input: expected an inventory, `aws iam \
                 get-account-authorization-details` output, AWS Config configuration items, \
                 a CloudFormation template, a Terraform plan or an organization export"
                    .to_string(),
            ))],
            Discovery::Walked => Vec::new(),
        };
    };
    let ctx = FileContext {
        file: path,
        lines: &doc.lines,
        format,
        options,
    };
    match format {
        InputFormat::Inventory => inventory::read(&ctx, &doc.value),
        InputFormat::AuthorizationDetails => {
            if let Some(set) = sink {
                let problems = set.iam.add_authorization_details(path, &doc.value);
                set.problems.extend(problems);
            }
            authorization_details::read(&ctx, &doc.value)
        }
        InputFormat::OrganizationExport => {
            if let Some(set) = sink {
                set.add_organization(path, &doc.value);
            }
            Vec::new()
        }
        InputFormat::ConfigItems => config_items::read(&ctx, &doc.value),
        InputFormat::CloudFormation => cloudformation::read(&ctx, &doc.value),
        InputFormat::TerraformPlan => terraform::read(&ctx, &doc.value),
    }
}

/// Recognises a document's format by its shape.
fn detect(value: &Value) -> Option<InputFormat> {
    match value {
        Value::Array(items) => {
            let first = items.iter().find(|item| item.is_object());
            match first {
                None if items.is_empty() => Some(InputFormat::Inventory),
                None => None,
                Some(item) if config_items::is_item(item) => Some(InputFormat::ConfigItems),
                Some(item) if inventory::is_record(item) => Some(InputFormat::Inventory),
                Some(_) => None,
            }
        }
        Value::Object(map) => {
            if organization_export::looks_like_export(map) {
                Some(InputFormat::OrganizationExport)
            } else if [
                "RoleDetailList",
                "UserDetailList",
                "GroupDetailList",
                "Policies",
            ]
            .iter()
            .any(|key| map.get(*key).is_some_and(Value::is_array))
            {
                Some(InputFormat::AuthorizationDetails)
            } else if map
                .get("Resources")
                .is_some_and(cloudformation::looks_like_resources)
                || (map.contains_key("AWSTemplateFormatVersion") && map.contains_key("Resources"))
            {
                Some(InputFormat::CloudFormation)
            } else if terraform::looks_like_plan(map) {
                Some(InputFormat::TerraformPlan)
            } else if config_items::looks_like_container(map) || config_items::is_item(value) {
                Some(InputFormat::ConfigItems)
            } else if inventory::is_record(value) {
                Some(InputFormat::Inventory)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// What every reader needs to know about the file it reads.
pub(crate) struct FileContext<'a> {
    pub(crate) file: &'a Path,
    pub(crate) lines: &'a LineMap,
    pub(crate) format: InputFormat,
    pub(crate) options: &'a ReadOptions,
}

impl FileContext<'_> {
    /// An error record for the value at `pointer`.
    pub(crate) fn error(&self, pointer: &str, message: impl Into<String>) -> InputError {
        InputError {
            file: self.file.to_path_buf(),
            pointer: pointer.to_string(),
            message: message.into(),
            arn: None,
            resource_type: None,
        }
    }

    /// An error record for one resource.
    pub(crate) fn resource_error(
        &self,
        pointer: &str,
        arn: Option<&str>,
        resource_type: &str,
        message: impl Into<String>,
    ) -> InputError {
        InputError {
            arn: arn.map(str::to_string),
            resource_type: Some(resource_type.to_string()),
            ..self.error(pointer, message)
        }
    }

    /// The origin of a policy found at `pointer`, with the lines of its
    /// statements (`decoded` is the policy as decoded, to count statements
    /// when it was held as a string).
    pub(crate) fn origin(&self, pointer: &str, decoded: Option<&Value>) -> Origin {
        let line = self.lines.line(pointer);
        let statement_lines = match self.lines.get_value_kind(pointer) {
            Some(document::ValueKind::String) => {
                match (self.lines.strings_are_single_line(), line, decoded) {
                    (true, Some(line), Some(policy)) => {
                        vec![line; policy_text::statement_count(policy)]
                    }
                    _ => Vec::new(),
                }
            }
            _ => policy_text::statement_pointers(pointer, decoded)
                .iter()
                .filter_map(|statement| self.lines.line(statement))
                .collect(),
        };
        Origin {
            file: self.file.to_path_buf(),
            pointer: pointer.to_string(),
            line,
            statement_lines,
            format: self.format,
        }
    }
}

/// Appends one reference token to a JSON pointer (RFC 6901 escaping).
pub(crate) fn pointer_push(pointer: &str, token: &str) -> String {
    let escaped = token.replace('~', "~0").replace('/', "~1");
    format!("{pointer}/{escaped}")
}

/// Appends an array index to a JSON pointer.
pub(crate) fn pointer_index(pointer: &str, index: usize) -> String {
    format!("{pointer}/{index}")
}

/// The account id of an ARN (its fifth field), when it is a 12-digit id.
pub(crate) fn account_of_arn(arn: &str) -> Option<String> {
    let account = arn.split(':').nth(4)?;
    (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()))
        .then(|| account.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_display_is_one_line_with_file_and_pointer() {
        let error = InputError {
            file: PathBuf::from("inv.json"),
            pointer: "/2/policy".into(),
            message: "policy is not valid JSON".into(),
            arn: None,
            resource_type: None,
        };
        assert_eq!(
            error.to_string(),
            "inv.json: /2/policy: policy is not valid JSON"
        );
    }

    #[test]
    fn account_comes_from_the_fifth_arn_field() {
        assert_eq!(
            account_of_arn("arn:aws:iam::111122223333:role/x").as_deref(),
            Some("111122223333")
        );
        assert_eq!(account_of_arn("arn:aws:s3:::bucket"), None);
    }

    #[test]
    fn bare_policy_statement_lines() {
        let text = "{\n  \"Statement\": [\n    {\"Effect\": \"Allow\"},\n\n    {\"Effect\": \"Deny\"}\n  ]\n}";
        assert_eq!(policy_statement_lines(text), [3, 5]);
        let single = "{\"Statement\":\n {\"Effect\": \"Allow\"}}";
        assert_eq!(policy_statement_lines(single), [2]);
        assert!(policy_statement_lines("{not json").is_empty());
    }

    #[test]
    fn pointer_tokens_are_escaped() {
        assert_eq!(pointer_push("/a", "b/c~d"), "/a/b~1c~0d");
    }
}
