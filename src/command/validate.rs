//! `zoneproof validate PATH...`: IAM Access Analyzer's policy checks,
//! offline.
//!
//! A path is a policy document (validated as `--policy-type`, with
//! `--resource-type` for the resource-specific checks), or a larger input
//! — a CloudFormation template, a Terraform plan, an inventory, ... —
//! whose every policy is validated with the type that where it sits
//! implies (`zoneproof_analyzer::inputs::documents`). Directories are
//! walked as `scan` walks them.
//!
//! Exit code: 1 if an input cannot be read (or a policy of a template
//! cannot be decoded); else 2 if a finding of a blocking type exists
//! (`--treat-finding-type-as-blocking`, default `ERROR,SECURITY_WARNING`,
//! as cfn-policy-validator); else 0.

use std::io::{BufWriter, Write as _};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use zoneproof_analyzer::inputs::documents::DocumentKind;
use zoneproof_analyzer::inputs::ReadOptions;
use zoneproof_analyzer::scan::text::Paint;
use zoneproof_analyzer::scan::validation::{self as validation_output, verdict};
pub use zoneproof_analyzer::scan::validation::{validate_paths, ValidationRecord};
use zoneproof_analyzer::validate::{resource_kind, FindingType, PolicyType, RESOURCE_KINDS};

/// Arguments of `zoneproof validate`.
#[derive(clap::Args)]
pub struct Args {
    /// Policy documents (JSON), or CloudFormation templates, Terraform
    /// plans and the other `scan` inputs, whose every policy is validated;
    /// directories are walked.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// The type of a policy document given as a file (templates and plans
    /// say the type of each of their policies).
    #[arg(long, value_enum, default_value_t = PolicyTypeArg::Identity)]
    policy_type: PolicyTypeArg,
    /// The resource type a resource policy is attached to, for the
    /// resource-specific checks: AWS::S3::Bucket, AWS::S3::AccessPoint,
    /// AWS::S3::MultiRegionAccessPoint, AWS::S3ObjectLambda::AccessPoint,
    /// AWS::IAM::AssumeRolePolicyDocument, AWS::DynamoDB::Table, and the
    /// other types `analyze` knows.
    #[arg(long, value_name = "TYPE")]
    resource_type: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
    /// The finding types that make the exit code 2, comma-separated
    /// (`NONE` for none).
    #[arg(long, value_name = "TYPES", default_value = "ERROR,SECURITY_WARNING")]
    treat_finding_type_as_blocking: String,
    /// The account templates and plans deploy into (`AWS::AccountId`);
    /// default 123456789012, a stand-in that keeps resolved ARNs well formed.
    #[arg(long, value_name = "ID")]
    account: Option<String>,
    /// The region templates and plans deploy into (`AWS::Region`; default
    /// us-east-1).
    #[arg(long, value_name = "REGION")]
    region: Option<String>,
    /// The partition templates and plans deploy into (default `aws`).
    #[arg(long, value_name = "PARTITION")]
    partition: Option<String>,
}

/// `--policy-type`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum PolicyTypeArg {
    /// An identity-based policy (user, group, role, boundary).
    Identity,
    /// A resource-based policy (bucket, queue, key, ...).
    Resource,
    /// A role trust policy.
    Trust,
    /// A service control policy.
    Scp,
    /// A resource control policy.
    Rcp,
}

impl From<PolicyTypeArg> for PolicyType {
    fn from(arg: PolicyTypeArg) -> PolicyType {
        match arg {
            PolicyTypeArg::Identity => PolicyType::Identity,
            PolicyTypeArg::Resource => PolicyType::Resource,
            PolicyTypeArg::Trust => PolicyType::Trust,
            PolicyTypeArg::Scp => PolicyType::Scp,
            PolicyTypeArg::Rcp => PolicyType::Rcp,
        }
    }
}

/// `--format`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    /// Grouped by policy and finding type, coloured on a terminal.
    Text,
    /// Access Analyzer's finding fields, one record per policy.
    Json,
    /// SARIF 2.1.0, one rule per issue code.
    Sarif,
}

/// Validates the paths and reports.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let blocking = parse_blocking(&args.treat_finding_type_as_blocking)?;
    let bare = bare_kind(args.policy_type.into(), args.resource_type.as_deref())?;
    let options = read_options(
        args.account.clone(),
        args.region.clone(),
        args.partition.clone(),
    );
    let records = validate_paths(&args.paths, &options, bare)?;
    let mut out = BufWriter::new(std::io::stdout());
    match args.format {
        OutputFormat::Text => {
            let paint = Paint::for_stdout();
            validation_output::write_text(&mut out, &records, &paint)?;
            writeln!(
                out,
                "{}",
                validation_output::summary_line(&records, &blocking)
            )?;
        }
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &validation_output::to_json(&records))?;
            writeln!(out)?;
        }
        OutputFormat::Sarif => {
            let cwd = std::env::current_dir().ok();
            serde_json::to_writer_pretty(
                &mut out,
                &validation_output::sarif_log(&records, cwd.as_deref()),
            )?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    for record in &records {
        if let Err(error) = &record.document {
            eprintln!("{error}");
        }
    }
    Ok(exit_code(&records, &blocking))
}

/// The read options of validation: the deployment account and region
/// default to stand-ins, so that templates' `AWS::AccountId` and
/// `AWS::Region` resolve to well-formed values.
pub fn read_options(
    account: Option<String>,
    region: Option<String>,
    partition: Option<String>,
) -> ReadOptions {
    ReadOptions {
        account: Some(account.unwrap_or_else(|| "123456789012".to_owned())),
        region: Some(region.unwrap_or_else(|| "us-east-1".to_owned())),
        partition,
    }
}

/// Parses `ERROR,SECURITY_WARNING` (or `NONE`).
pub fn parse_blocking(text: &str) -> anyhow::Result<Vec<FindingType>> {
    if text.trim().eq_ignore_ascii_case("none") {
        return Ok(Vec::new());
    }
    text.split(',')
        .filter(|part| !part.trim().is_empty())
        .map(|part| part.parse::<FindingType>().map_err(anyhow::Error::from))
        .collect::<anyhow::Result<Vec<_>>>()
        .context("--treat-finding-type-as-blocking")
}

/// The kind of a policy given as a file.
fn bare_kind(policy_type: PolicyType, resource_type: Option<&str>) -> anyhow::Result<DocumentKind> {
    let kind = match resource_type {
        None => None,
        Some(name) => Some(resource_kind(name).with_context(|| {
            let known: Vec<&str> = RESOURCE_KINDS.iter().map(|kind| kind.name).collect();
            format!(
                "unknown --resource-type `{name}`; expected one of: {}",
                known.join(", ")
            )
        })?),
    };
    Ok(match (policy_type, kind) {
        (PolicyType::Trust, _) => DocumentKind::Trust,
        (PolicyType::Resource, Some(kind)) if kind.name == "AWS::IAM::AssumeRolePolicyDocument" => {
            DocumentKind::Trust
        }
        (PolicyType::Resource, kind) => DocumentKind::Resource(kind.map(|kind| kind.name)),
        (_, Some(_)) => anyhow::bail!("--resource-type applies only to --policy-type resource"),
        (PolicyType::Identity, None) => DocumentKind::Identity,
        (PolicyType::Scp, None) => DocumentKind::ServiceControl,
        (PolicyType::Rcp, None) => DocumentKind::ResourceControl,
    })
}

/// 1 if an input could not be read, else 2 if a finding blocks, else 0.
pub fn exit_code(records: &[ValidationRecord], blocking: &[FindingType]) -> ExitCode {
    super::verdict_exit_code(verdict(records, blocking))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocking_types_parse() {
        assert_eq!(
            parse_blocking("ERROR, security_warning").unwrap(),
            [FindingType::Error, FindingType::SecurityWarning]
        );
        assert!(parse_blocking("NONE").unwrap().is_empty());
        assert!(parse_blocking("ERROR,FATAL").is_err());
    }

    #[test]
    fn a_resource_type_needs_a_resource_policy() {
        assert!(bare_kind(PolicyType::Identity, Some("AWS::S3::Bucket")).is_err());
        assert!(bare_kind(PolicyType::Resource, Some("AWS::Nope")).is_err());
        assert_eq!(
            bare_kind(PolicyType::Resource, Some("AWS::IAM::Role")).unwrap(),
            DocumentKind::Trust
        );
    }
}
