//! `zoneproof authorize --principal ARN --action A --resource R
//! [--context KEY=VALUE]... [--session-policy FILE] [--federating-user ARN]
//! [--resource-account ID] [--format text|json] INPUTS...`: the whole IAM
//! decision for one request over the inputs (authorization details,
//! organization exports, and the resource inputs `scan` reads), with a
//! trace (see `zoneproof_analyzer::authorize`).
//!
//! Exit code 0 whatever the decision; 1 when the inputs cannot be read or
//! the request cannot be decided from them (a policy it needs is missing or
//! malformed). Problems with entries the decision may not need are printed
//! on stderr as warnings.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context as _};
use zoneproof_analyzer::authorize::{AuthorizeRequest, Authorizer};
use zoneproof_analyzer::inputs::{read_input_set, ReadOptions};

/// Output format of `zoneproof authorize`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The decision, why, and each policy type's verdict, for people.
    #[default]
    Text,
    /// The decision and its trace as JSON; the top-level `decision` is
    /// `Allow`, `ExplicitDeny` or `ImplicitDeny`.
    Json,
}

/// Arguments of `zoneproof authorize`.
#[derive(clap::Args)]
pub struct Args {
    /// Files and directories to read: `aws iam get-account-authorization-details`
    /// output (one or many accounts), organization exports
    /// (scripts/export-organization.py), and the resource inputs `scan` reads
    /// (a resource's policy is found by its ARN).
    #[arg(required = true, value_name = "INPUTS")]
    inputs: Vec<PathBuf>,
    /// Who makes the request: a user, role, role session
    /// (arn:aws:sts::ID:assumed-role/ROLE/SESSION), federated user or root
    /// ARN, an account id (its root user), `anonymous`, `service:NAME`,
    /// `federated:PROVIDER` or `canonical:ID`. A role ARN stands for a
    /// session of the role named `session`.
    #[arg(long)]
    principal: String,
    /// The action, e.g. `s3:GetObject`.
    #[arg(long)]
    action: String,
    /// The resource ARN (`*` for actions without a resource).
    #[arg(long)]
    resource: String,
    /// A condition key and one value; repeat a key to make it multivalued.
    /// Keys that follow from the principal, the resource and the
    /// organization are filled in unless given here.
    #[arg(long = "context", value_name = "KEY=VALUE")]
    context: Vec<String>,
    /// The session policy passed when the role session or federated user
    /// session was created (JSON file).
    #[arg(long, value_name = "FILE")]
    session_policy: Option<PathBuf>,
    /// For a federated user principal: the IAM user that called
    /// GetFederationToken.
    #[arg(long, value_name = "USER_ARN")]
    federating_user: Option<String>,
    /// The account that owns the resource, when the inputs and the ARN do not
    /// say (S3 buckets); by default the principal's account.
    #[arg(long, value_name = "ID")]
    resource_account: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

/// Reads the inputs, decides the request and prints the decision.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let inputs = read_input_set(&args.inputs, &ReadOptions::default());
    if !inputs.unreadable.is_empty() {
        for error in &inputs.unreadable {
            eprintln!("{error}");
        }
        bail!(
            "the inputs cannot be read ({} problem(s) above)",
            inputs.unreadable.len()
        );
    }
    let mut seen = std::collections::BTreeSet::new();
    for problem in &inputs.problems {
        let line = problem.to_string();
        if seen.insert(line.clone()) {
            eprintln!("warning: {line}");
        }
    }
    let request = request_of(args)?;
    let authorization = Authorizer::new(&inputs)
        .authorize(&request)
        .context("cannot decide the request")?;
    let text = match args.format {
        Format::Json => serde_json::to_string_pretty(&authorization)?,
        Format::Text => authorization.to_text().trim_end().to_string(),
    };
    writeln!(std::io::stdout().lock(), "{text}")?;
    Ok(ExitCode::SUCCESS)
}

fn request_of(args: &Args) -> anyhow::Result<AuthorizeRequest> {
    let mut request = AuthorizeRequest::new(&args.principal, &args.action, &args.resource)
        .with_context(super::parse_context(&args.context)?);
    if let Some(path) = &args.session_policy {
        request.session_policy = Some(super::read_policy(path)?);
    }
    request.federating_user = args.federating_user.clone();
    request.resource_account = args.resource_account.clone();
    Ok(request)
}
