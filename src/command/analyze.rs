//! `zoneproof analyze POLICY.json --resource-type T --resource-arn ARN ...`:
//! proves, for one resource policy, every class of principal outside the
//! zone of trust that gets in.

use super::report::{exit_code, policy_file_location, write_records, Format};
use super::zone::ZoneArgs;
use anyhow::Context as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use zoneproof_analyzer::analysis::{analyze, Extras, PolicyDocument, ResourceSpec};
use zoneproof_analyzer::resource::ResourceType;
use zoneproof_analyzer::scan::record::Record;

/// Arguments of `zoneproof analyze`.
#[derive(clap::Args)]
pub struct Args {
    /// The resource policy document (JSON); omit it for a resource without
    /// a policy (e.g. a snapshot with --sharing).
    policy: Option<PathBuf>,
    /// The resource type, e.g. AWS::S3::Bucket, AWS::IAM::Role, AWS::KMS::Key
    /// (`zoneproof types` lists them); a type zoneproof does not know is
    /// analysed over every action of its ARN's service.
    #[arg(long, value_name = "TYPE")]
    resource_type: String,
    /// The resource ARN, of one of the type's ARN forms.
    #[arg(long, value_name = "ARN")]
    resource_arn: String,
    #[command(flatten)]
    zone: ZoneArgs,
    /// S3 bucket ACL, as `aws s3api get-bucket-acl` prints it.
    #[arg(long, value_name = "FILE")]
    acl: Option<PathBuf>,
    /// S3 Block Public Access, as `aws s3api get-public-access-block` prints it.
    #[arg(long, value_name = "FILE")]
    block_public_access: Option<PathBuf>,
    /// Snapshot sharing attributes (account ids and `all`, or the EC2/RDS API shape).
    #[arg(long, value_name = "FILE")]
    sharing: Option<PathBuf>,
    /// KMS grants, as `aws kms list-grants` prints them.
    #[arg(long, value_name = "FILE")]
    grants: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

/// Analyses the policy and prints the findings.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let policy_text = match &args.policy {
        Some(path) => Some(read_text(path)?),
        None => None,
    };
    // SARIF locates findings at the statements of the policy file.
    let location = match (&args.policy, &policy_text) {
        (Some(path), Some(text)) if args.format == Format::Sarif => {
            Some(policy_file_location(path, text))
        }
        _ => None,
    };
    let policy = policy_text.map(PolicyDocument::Text);
    let resource_type = ResourceType::resolve(&args.resource_type, &args.resource_arn)?;
    resource_type
        .validate_arn(&args.resource_arn)
        .context("--resource-arn")?;
    let zone = args.zone.zone_for(&args.resource_arn)?;
    let options = args.zone.options()?;
    let spec = ResourceSpec {
        resource_type,
        arn: args.resource_arn.clone(),
        zone,
        policy,
        extras: Extras {
            acl: read_json(args.acl.as_deref())?,
            block_public_access: read_json(args.block_public_access.as_deref())?,
            sharing: read_json(args.sharing.as_deref())?,
            grants: read_json(args.grants.as_deref())?,
        },
    };
    let mut result = analyze(&spec, &options);
    if let (Some(error), Some(path)) = (&mut result.error, &args.policy) {
        *error = format!("{}: {error}", path.display());
    }
    let code = exit_code(std::slice::from_ref(&result));
    super::note_exit(match result.status {
        zoneproof_analyzer::finding::ResultStatus::Analyzed if code == ExitCode::SUCCESS => 0,
        zoneproof_analyzer::finding::ResultStatus::Analyzed => 2,
        _ => 1,
    });
    write_records(&[Record::new(result, location)], args.format)?;
    Ok(code)
}

fn read_text(path: &Path) -> anyhow::Result<String> {
    let bytes = zoneproof_analyzer::inputs::read_regular_file(path)
        .map_err(|message| anyhow::anyhow!("{}: {message}", path.display()))?;
    String::from_utf8(bytes).map_err(|_| anyhow::anyhow!("{}: $: not valid UTF-8", path.display()))
}

fn read_json(path: Option<&Path>) -> anyhow::Result<Option<serde_json::Value>> {
    let Some(path) = path else {
        return Ok(None);
    };
    let text = read_text(path)?;
    serde_json::from_str(&text)
        .map(Some)
        .with_context(|| format!("{}: not valid JSON", path.display()))
}
