//! `zoneproof eval POLICY.json --principal P --action A --resource R
//! [--context KEY=VALUE]... [--format text|json]`: decides one request
//! against a policy with the concrete evaluator (the reference semantics).
//!
//! Exit code 0 whatever the decision; 1 on bad input.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use zoneproof_analyzer::eval::{evaluate, Decision, Evaluation, Request, RequestPrincipal};
use zoneproof_analyzer::policy::Policy;

/// Output format of `zoneproof eval`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The decision and the deciding statements, for people.
    #[default]
    Text,
    /// `{"decision": "Allow"|"ExplicitDeny"|"ImplicitDeny", "statements": [indexes]}`.
    Json,
}

/// Arguments of `zoneproof eval`.
#[derive(clap::Args)]
pub struct Args {
    /// The policy document (JSON).
    policy: PathBuf,
    /// Who makes the request: a principal ARN (arn:aws:iam::ID:root|user/..|role/..,
    /// arn:aws:sts::ID:assumed-role/ROLE/SESSION|federated-user/NAME), an
    /// account id, `anonymous`, `service:NAME`, `federated:PROVIDER` or
    /// `canonical:ID`.
    #[arg(long)]
    principal: String,
    /// The action, e.g. `s3:GetObject`.
    #[arg(long)]
    action: String,
    /// The resource ARN.
    #[arg(long)]
    resource: String,
    /// A condition key and one value; repeat a key to make it multivalued.
    /// Keys that follow from the principal (aws:PrincipalArn,
    /// aws:PrincipalAccount, kms:CallerAccount, aws:PrincipalType, ...) are
    /// filled in unless given here.
    #[arg(long = "context", value_name = "KEY=VALUE")]
    context: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

/// Evaluates the request and prints the decision.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let policy = super::read_policy(&args.policy)?;
    let request = request_of(args)?;
    let evaluation = evaluate(&policy, &request);
    let text = match args.format {
        Format::Json => serde_json::to_string(&evaluation)?,
        Format::Text => describe(&policy, &evaluation),
    };
    writeln!(std::io::stdout().lock(), "{text}")?;
    Ok(ExitCode::SUCCESS)
}

/// The request the arguments describe, with the principal-derived keys.
fn request_of(args: &Args) -> anyhow::Result<Request> {
    let principal: RequestPrincipal = args.principal.parse().context("--principal")?;
    let context = super::parse_context(&args.context)?;
    Ok(
        Request::new(principal, args.action.clone(), args.resource.clone())
            .with_context(context)
            .with_principal_keys(),
    )
}

/// The decision and its statements, one per line, for people.
fn describe(policy: &Policy, evaluation: &Evaluation) -> String {
    let mut lines = vec![match evaluation.decision {
        Decision::Allow => "Allow: allowed by".to_string(),
        Decision::ExplicitDeny => "ExplicitDeny: denied by".to_string(),
        Decision::ImplicitDeny => "ImplicitDeny: no statement applies".to_string(),
    }];
    for index in &evaluation.statements {
        let statement = policy.statements.iter().find(|s| s.index == *index);
        let sid = statement
            .and_then(|s| s.sid.as_deref())
            .map_or(String::new(), |sid| format!(" (Sid `{sid}`)"));
        let path = statement.map_or_else(|| format!("Statement[{index}]"), |s| s.path.clone());
        lines.push(format!("  {path}{sid}"));
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use clap::Parser;
    use zoneproof_analyzer::policy::parse_policy;

    use super::*;

    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        args: Args,
    }

    fn args(extra: &[&str]) -> Args {
        let mut argv = vec![
            "eval",
            "p.json",
            "--action",
            "s3:GetObject",
            "--resource",
            "arn:aws:s3:::b/k",
        ];
        argv.extend_from_slice(extra);
        Cli::parse_from(argv).args
    }

    #[test]
    fn a_repeated_context_key_is_multivalued_and_principal_keys_are_filled() {
        let request = request_of(&args(&[
            "--principal",
            "arn:aws:sts::111122223333:assumed-role/R/s",
            "--context",
            "aws:TagKeys=a",
            "--context",
            "aws:tagkeys=b=c",
        ]))
        .unwrap();
        assert_eq!(request.context.get("aws:TagKeys").unwrap(), ["a", "b=c"]);
        assert_eq!(
            request.context.get("aws:PrincipalArn").unwrap(),
            ["arn:aws:iam::111122223333:role/R"]
        );
    }

    #[test]
    fn bad_principal_and_context_are_errors() {
        assert!(request_of(&args(&["--principal", "someone"])).is_err());
        assert!(request_of(&args(&["--principal", "anonymous", "--context", "=x"])).is_err());
        assert!(request_of(&args(&["--principal", "anonymous", "--context", "k"])).is_err());
    }

    #[test]
    fn json_output_has_exactly_decision_and_statements() {
        let evaluation = Evaluation {
            decision: Decision::ExplicitDeny,
            statements: vec![1, 3],
        };
        assert_eq!(
            serde_json::to_string(&evaluation).unwrap(),
            r#"{"decision":"ExplicitDeny","statements":[1,3]}"#
        );
    }

    #[test]
    fn text_output_names_statements_and_sids() {
        let policy = parse_policy(
            r#"{"Statement": [{"Sid": "Open", "Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}"#,
        )
        .unwrap();
        let evaluation = Evaluation {
            decision: Decision::Allow,
            statements: vec![0],
        };
        assert_eq!(
            describe(&policy, &evaluation),
            "Allow: allowed by\n  Statement[0] (Sid `Open`)"
        );
    }
}
