//! `zoneproof check-no-new-access`, `check-access-not-granted` and
//! `check-no-public-access`: IAM Access Analyzer's custom policy checks,
//! offline, with proofs.
//!
//! A path is a policy document, or a CloudFormation template / Terraform
//! plan (and the other `scan` inputs) whose policies are found as
//! `validate` finds them (`zoneproof_analyzer::inputs::documents`): every
//! identity policy is checked against an identity reference, every
//! resource and trust policy against a resource reference.
//!
//! Exit code (as cfn-policy-validator): 1 if an input cannot be read or a
//! check could not decide (never a pass on `UNKNOWN`); else 2 if a check
//! fails and is not ignored (unless `--treat-findings-as-non-blocking`);
//! else 0.

use std::io::{BufWriter, Write as _};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context as _};
use zoneproof_analyzer::inputs::documents::{read_policy_documents, DocumentKind, FoundDocument};
use zoneproof_analyzer::inputs::{input_files, InputError};
use zoneproof_analyzer::policy::{parse_policy, Policy};
use zoneproof_analyzer::question::access_not_granted::check_access_not_granted;
use zoneproof_analyzer::question::check::{
    CheckOptions, CheckOutcome, CheckPolicyType, CheckVerdict,
};
use zoneproof_analyzer::question::new_access::check_no_new_access;
use zoneproof_analyzer::question::public_access::check_no_public_access;
use zoneproof_analyzer::resource::ResourceType;

use super::check_output::{self, CheckRecord};

/// `--format`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum OutputFormat {
    /// One block per checked policy.
    Text,
    /// `result`, `message`, `reasons` (as Access Analyzer) and our classes
    /// with witnesses, per policy.
    Json,
    /// SARIF 2.1.0: one result per failing statement, at its line.
    Sarif,
}

/// `--policy-type` / `--reference-policy-type`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum PolicyTypeArg {
    /// Identity-based policies (users, groups, roles).
    Identity,
    /// Resource-based policies and role trust policies.
    Resource,
}

impl From<PolicyTypeArg> for CheckPolicyType {
    fn from(arg: PolicyTypeArg) -> CheckPolicyType {
        match arg {
            PolicyTypeArg::Identity => CheckPolicyType::Identity,
            PolicyTypeArg::Resource => CheckPolicyType::Resource,
        }
    }
}

/// Options shared by the three commands.
#[derive(clap::Args, Clone)]
pub struct Common {
    /// Identity policies: the account of the principals holding them;
    /// resource policies: the account owning the resource (and, for
    /// templates and plans, `AWS::AccountId`).
    #[arg(long, value_name = "ID")]
    account: Option<String>,
    /// The organization of that account (`o-...`): makes
    /// `aws:PrincipalOrgID` conditions on "my organization" meaningful.
    #[arg(long, value_name = "o-ID")]
    org: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
    /// Findings to ignore: a check code (`CheckNoNewAccess`), a policy or
    /// resource name (a template's logical id, a file), or `NAME.CODE`;
    /// repeat or comma-separate.
    #[arg(long, value_name = "CODE|RESOURCE", value_delimiter = ',')]
    ignore_finding: Vec<String>,
    /// Report failing checks but exit 0 (an undecided check still exits 1).
    #[arg(long)]
    treat_findings_as_non_blocking: bool,
    /// The region templates and plans deploy into (default us-east-1).
    #[arg(long, value_name = "REGION")]
    region: Option<String>,
    /// The timeout of one solver check, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 10)]
    timeout: u64,
}

/// Arguments of `zoneproof check-no-new-access`.
#[derive(clap::Args)]
pub struct NewAccessArgs {
    /// The new policies: policy documents, or templates and plans whose
    /// policies of the reference's type are checked.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// The reference policy (JSON): what may already be granted.
    #[arg(long, alias = "existing", value_name = "FILE")]
    reference_policy: PathBuf,
    /// The type of the reference (and of the checked policies).
    #[arg(long, alias = "policy-type", value_enum, default_value_t = PolicyTypeArg::Identity)]
    reference_policy_type: PolicyTypeArg,
    #[command(flatten)]
    common: Common,
}

/// Arguments of `zoneproof check-access-not-granted`.
#[derive(clap::Args)]
pub struct NotGrantedArgs {
    /// The policies: policy documents, or templates and plans whose
    /// policies of `--policy-type` are checked.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Actions that must not be granted (wildcards allowed), comma-separated.
    #[arg(long, value_name = "ACTIONS", value_delimiter = ',')]
    actions: Vec<String>,
    /// Resources that must not be reachable (wildcards allowed),
    /// comma-separated.
    #[arg(long, value_name = "ARNS", value_delimiter = ',')]
    resources: Vec<String>,
    /// The type of the checked policies.
    #[arg(long, value_enum, default_value_t = PolicyTypeArg::Identity)]
    policy_type: PolicyTypeArg,
    #[command(flatten)]
    common: Common,
}

/// Arguments of `zoneproof check-no-public-access`.
#[derive(clap::Args)]
pub struct PublicAccessArgs {
    /// Resource policies, or templates and plans whose resource and trust
    /// policies are checked.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// The resource type of a policy given as a file (and of template
    /// policies whose type the template does not say): AWS::S3::Bucket,
    /// AWS::KMS::Key, AWS::IAM::Role, ... (`zoneproof types`).
    #[arg(long, value_name = "TYPE")]
    resource_type: Option<String>,
    /// The resource's ARN (default: an example ARN of the type in
    /// `--account`).
    #[arg(long, value_name = "ARN")]
    resource_arn: Option<String>,
    #[command(flatten)]
    common: Common,
}

/// Which check a record comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckKind {
    /// check-no-new-access.
    NoNewAccess,
    /// check-access-not-granted.
    AccessNotGranted,
    /// check-no-public-access.
    NoPublicAccess,
}

impl CheckKind {
    /// The finding code, as Access Analyzer's check name.
    pub fn code(self) -> &'static str {
        match self {
            CheckKind::NoNewAccess => "CheckNoNewAccess",
            CheckKind::AccessNotGranted => "CheckAccessNotGranted",
            CheckKind::NoPublicAccess => "CheckNoPublicAccess",
        }
    }
}

impl Common {
    fn options(&self, policy_type: CheckPolicyType) -> anyhow::Result<CheckOptions> {
        let options = CheckOptions {
            policy_type,
            account: self.account.clone(),
            org: self.org.clone(),
            timeout: std::time::Duration::from_secs(self.timeout.max(1)),
            ..CheckOptions::default()
        };
        options.validate().map_err(anyhow::Error::msg)?;
        Ok(options)
    }

    fn read_options(&self) -> zoneproof_analyzer::inputs::ReadOptions {
        super::validate::read_options(self.account.clone(), self.region.clone(), None)
    }
}

/// Runs `check-no-new-access`.
pub fn run_new_access(args: &NewAccessArgs) -> anyhow::Result<ExitCode> {
    let policy_type: CheckPolicyType = args.reference_policy_type.into();
    let options = args.common.options(policy_type)?;
    let reference = super::read_policy(&args.reference_policy)?;
    let bare = bare_kind(policy_type);
    let records = check_paths(&args.paths, &args.common, bare, |found| {
        if !matches_type(found.kind, policy_type) {
            return None;
        }
        Some(with_policy(found, |policy| {
            check_no_new_access(policy, &reference, &options)
        }))
    });
    finish(CheckKind::NoNewAccess, records, &args.common)
}

/// Runs `check-access-not-granted`.
pub fn run_not_granted(args: &NotGrantedArgs) -> anyhow::Result<ExitCode> {
    if args.actions.is_empty() && args.resources.is_empty() {
        bail!("check-access-not-granted: give --actions, --resources or both");
    }
    let policy_type: CheckPolicyType = args.policy_type.into();
    let options = args.common.options(policy_type)?;
    zoneproof_analyzer::question::access_not_granted::target_policy(&args.actions, &args.resources)
        .map_err(anyhow::Error::msg)?;
    let records = check_paths(&args.paths, &args.common, bare_kind(policy_type), |found| {
        if !matches_type(found.kind, policy_type) {
            return None;
        }
        Some(with_policy(found, |policy| {
            check_access_not_granted(policy, &args.actions, &args.resources, &options)
        }))
    });
    finish(CheckKind::AccessNotGranted, records, &args.common)
}

/// Runs `check-no-public-access`.
pub fn run_public_access(args: &PublicAccessArgs) -> anyhow::Result<ExitCode> {
    let options = args.common.options(CheckPolicyType::Resource)?;
    let given = match &args.resource_type {
        Some(name) => Some(
            name.parse::<ResourceType>()
                .map_err(|e| anyhow::anyhow!("--resource-type: {e}"))?,
        ),
        None => None,
    };
    let bare = match given {
        Some(ResourceType::IamRole) => DocumentKind::Trust,
        _ => DocumentKind::Resource(None),
    };
    let records = check_paths(&args.paths, &args.common, bare, |found| {
        if !matches_type(found.kind, CheckPolicyType::Resource) {
            return None;
        }
        let resource_type = match found.kind {
            DocumentKind::Trust => Some(ResourceType::IamRole),
            DocumentKind::Resource(Some(name)) if found.format.is_some() => {
                name.parse::<ResourceType>().ok().or(given)
            }
            _ => given,
        };
        let Some(resource_type) = resource_type else {
            return Some(CheckOutcome::unknown(
                "the resource type of this policy is not known: give --resource-type",
                std::time::Instant::now(),
            ));
        };
        let value: serde_json::Value = match serde_json::from_str(&found.text) {
            Ok(v) => v,
            Err(e) => {
                return Some(CheckOutcome::unknown(
                    format!("not JSON: {e}"),
                    std::time::Instant::now(),
                ))
            }
        };
        // A template's resource is named `ARN (TYPE)`.
        let arn = if found.format.is_none() {
            args.resource_arn.as_deref()
        } else {
            found
                .name
                .split_once(' ')
                .map(|(arn, _)| arn)
                .filter(|arn| arn.starts_with("arn:"))
        };
        Some(check_no_public_access(&value, resource_type, arn, &options))
    });
    finish(CheckKind::NoPublicAccess, records, &args.common)
}

/// The kind of a policy given as a file.
fn bare_kind(policy_type: CheckPolicyType) -> DocumentKind {
    match policy_type {
        CheckPolicyType::Identity => DocumentKind::Identity,
        CheckPolicyType::Resource => DocumentKind::Resource(None),
    }
}

/// Whether a found document is of the checked type.
fn matches_type(kind: DocumentKind, policy_type: CheckPolicyType) -> bool {
    match policy_type {
        CheckPolicyType::Identity => kind == DocumentKind::Identity,
        CheckPolicyType::Resource => {
            matches!(kind, DocumentKind::Resource(_) | DocumentKind::Trust)
        }
    }
}

/// Parses a found document and runs a check on it; a policy that does not
/// parse is an undecided check with the parser's message.
fn with_policy(found: &FoundDocument, check: impl FnOnce(&Policy) -> CheckOutcome) -> CheckOutcome {
    match parse_policy(&found.text) {
        Ok(policy) => check(&policy),
        Err(e) => CheckOutcome::unknown(format!("invalid policy: {e}"), std::time::Instant::now()),
    }
}

/// Reads every policy document of the paths and checks those `check`
/// accepts.
fn check_paths(
    paths: &[PathBuf],
    common: &Common,
    bare: DocumentKind,
    check: impl Fn(&FoundDocument) -> Option<CheckOutcome>,
) -> Vec<CheckRecord> {
    let options = common.read_options();
    let mut records = Vec::new();
    for path in paths {
        let (files, errors) = input_files(path);
        records.extend(errors.into_iter().map(input_error));
        let explicit = files.len() == 1 && files.first() == Some(path);
        for file in files {
            for document in read_policy_documents(&file, &options, bare, explicit) {
                match document {
                    Err(e) => records.push(input_error(e)),
                    Ok(found) => {
                        if let Some(outcome) = check(&found) {
                            records.push(CheckRecord {
                                document: Ok(found),
                                outcome: Some(outcome),
                                ignored: false,
                            });
                        }
                    }
                }
            }
        }
    }
    records
}

fn input_error(error: InputError) -> CheckRecord {
    CheckRecord {
        document: Err(error),
        outcome: None,
        ignored: false,
    }
}

/// Applies the ignore list, writes the output and picks the exit code.
fn finish(
    kind: CheckKind,
    mut records: Vec<CheckRecord>,
    common: &Common,
) -> anyhow::Result<ExitCode> {
    if records.is_empty() {
        bail!("no policy of the checked type found in the inputs");
    }
    for record in &mut records {
        if let Ok(found) = &record.document {
            record.ignored = is_ignored(&common.ignore_finding, kind.code(), &found.name);
        }
    }
    let mut out = BufWriter::new(std::io::stdout());
    match common.format {
        OutputFormat::Text => check_output::write_text(&mut out, kind, &records)?,
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &check_output::to_json(kind, &records))?;
            writeln!(out)?;
        }
        OutputFormat::Sarif => {
            let cwd = std::env::current_dir().ok();
            serde_json::to_writer_pretty(
                &mut out,
                &check_output::sarif_log(kind, &records, cwd.as_deref()),
            )?;
            writeln!(out)?;
        }
    }
    out.flush().context("cannot write the output")?;
    for record in &records {
        if let Err(error) = &record.document {
            eprintln!("{error}");
        }
        if let (Ok(found), Some(outcome)) = (&record.document, &record.outcome) {
            if outcome.result == CheckVerdict::Unknown {
                eprintln!(
                    "{}: {}: could not decide: {}",
                    found.file.display(),
                    found.name,
                    outcome.error.as_deref().unwrap_or("unknown")
                );
            }
        }
    }
    Ok(exit_code(&records, common.treat_findings_as_non_blocking))
}

/// Whether `--ignore-finding` covers a check of `code` on the policy
/// `name`: the code (with or without cfn-policy-validator's
/// `policy-analysis-` prefix), the name, or `NAME.CODE`.
pub fn is_ignored(ignore: &[String], code: &str, name: &str) -> bool {
    let code_matches = |c: &str| {
        c.eq_ignore_ascii_case(code) || c.eq_ignore_ascii_case(&format!("policy-analysis-{code}"))
    };
    ignore.iter().map(|i| i.trim()).any(|entry| {
        code_matches(entry)
            || entry == name
            || entry
                .rsplit_once('.')
                .is_some_and(|(n, c)| n == name && code_matches(c))
    })
}

/// 1 if an input could not be read or a check could not decide; else 2 if
/// a check fails, is not ignored and failures block; else 0.
pub fn exit_code(records: &[CheckRecord], non_blocking: bool) -> ExitCode {
    let undecided = records.iter().any(|r| {
        r.document.is_err()
            || r.outcome
                .as_ref()
                .is_some_and(|o| o.result == CheckVerdict::Unknown)
    });
    let failed = records.iter().any(|r| {
        !r.ignored
            && r.outcome
                .as_ref()
                .is_some_and(|o| o.result == CheckVerdict::Fail)
    });
    if undecided {
        super::TOOL_FAILED
    } else if failed && !non_blocking {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignore_entries_match_codes_names_and_pairs() {
        let ignore = |e: &str| vec![e.to_string()];
        assert!(is_ignored(
            &ignore("CheckNoNewAccess"),
            "CheckNoNewAccess",
            "MyRole"
        ));
        assert!(is_ignored(
            &ignore("policy-analysis-CheckNoNewAccess"),
            "CheckNoNewAccess",
            "MyRole"
        ));
        assert!(is_ignored(&ignore("MyRole"), "CheckNoNewAccess", "MyRole"));
        assert!(is_ignored(
            &ignore("MyRole.CheckNoNewAccess"),
            "CheckNoNewAccess",
            "MyRole"
        ));
        assert!(!is_ignored(
            &ignore("Other.CheckNoNewAccess"),
            "CheckNoNewAccess",
            "MyRole"
        ));
        assert!(!is_ignored(
            &ignore("CheckNoPublicAccess"),
            "CheckNoNewAccess",
            "MyRole"
        ));
    }
}
