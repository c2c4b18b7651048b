//! `zoneproof analyze POLICY.json --resource-type T --resource-arn ARN ...`:
//! proves, for one resource policy, every class of principal outside the
//! zone of trust that gets in.

use super::report::{exit_code, write_results, Format};
use super::zone::ZoneArgs;
use anyhow::Context as _;
use std::path::PathBuf;
use std::process::ExitCode;
use zoneproof_analyzer::analysis::{analyze, PolicyDocument, ResourceSpec};
use zoneproof_analyzer::resource::ResourceType;

/// Arguments of `zoneproof analyze`.
#[derive(clap::Args)]
pub struct Args {
    /// The resource policy document (JSON).
    policy: PathBuf,
    /// The resource type, e.g. AWS::S3::Bucket, AWS::IAM::Role, AWS::KMS::Key.
    #[arg(long, value_name = "TYPE")]
    resource_type: ResourceType,
    /// The resource ARN.
    #[arg(long, value_name = "ARN")]
    resource_arn: String,
    #[command(flatten)]
    zone: ZoneArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

/// Analyses the policy and prints the findings.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let text = std::fs::read(&args.policy)
        .with_context(|| format!("{}: cannot read", args.policy.display()))?;
    let text = String::from_utf8(text)
        .map_err(|_| anyhow::anyhow!("{}: $: not valid UTF-8", args.policy.display()))?;
    let zone = args.zone.zone_for(&args.resource_arn)?;
    let options = args.zone.options()?;
    let spec = ResourceSpec {
        resource_type: args.resource_type,
        arn: args.resource_arn.clone(),
        zone,
        policy: Some(PolicyDocument::Text(text)),
    };
    let mut result = analyze(&spec, &options);
    if let Some(error) = &mut result.error {
        *error = format!("{}: {error}", args.policy.display());
    }
    let results = [result];
    write_results(&results, args.format)?;
    Ok(exit_code(&results))
}
