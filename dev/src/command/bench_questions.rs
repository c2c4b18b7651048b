//! `zoneproof-bench who-can` and `zoneproof-bench can`: the proved
//! questions over the synthetic organization of `bench authorize` (100
//! users, 1,000 roles, 300 managed policies, boundaries on a third of the
//! roles, a three-level OU tree with SCPs and RCPs), in-process, inputs
//! read once.
//!
//! Each question is answered `--repeat` times and the median kept. The
//! baselines, measured in the same run: for who-can, the concrete
//! `authorize` of the same request for every principal of the inputs (what
//! a loop over the policy simulator does, without its proof); for can, the
//! concrete `authorize` of every witness the answer reports.

use std::io::Write as _;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use zoneproof_analyzer::authorize::synthetic::{SyntheticConfig, SyntheticOrg};
use zoneproof_analyzer::authorize::{AuthorizeRequest, Authorizer};
use zoneproof_analyzer::eval::Context;
use zoneproof_analyzer::inputs::InputSet;
use zoneproof_analyzer::question::can::{can, Can, CanQuery};
use zoneproof_analyzer::question::who_can::{principals, who_can, WhoCan, WhoCanQuery};
use zoneproof_dev::stats::{summarize, Summary};
use zoneproof_encodings::solver::BackendKind;

const TIMEOUT: Duration = Duration::from_secs(60);

/// Arguments of `zoneproof-bench who-can`.
#[derive(clap::Args, Debug)]
pub struct WhoCanArgs {
    /// Number of (action, resource) questions, drawn from the requests of
    /// `bench authorize`.
    #[arg(long, default_value_t = 10)]
    questions: usize,
    /// Runs per question (the median is kept).
    #[arg(long, default_value_t = 3)]
    repeat: usize,
    /// Seed of the organization and of the questions.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

/// Arguments of `zoneproof-bench can`.
#[derive(clap::Args, Debug)]
pub struct CanArgs {
    /// Number of roles asked about (the first is "one role").
    #[arg(long, default_value_t = 5)]
    roles: usize,
    /// Runs per role (the median is kept).
    #[arg(long, default_value_t = 3)]
    repeat: usize,
    /// Seed of the organization.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

fn millis(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn row(name: &str, s: Summary) -> String {
    format!(
        "| {name:<40} | {:>9.1} | {:>9.1} | {:>9.1} |",
        millis(s.median),
        millis(s.p95),
        millis(s.max)
    )
}

fn header(out: &mut impl std::io::Write) -> std::io::Result<()> {
    writeln!(out, "| {:<40} | median ms |    p95 ms |    max ms |", "")?;
    writeln!(out, "| {:-<40} | --------: | --------: | --------: |", "")
}

/// The median of `repeat` runs, and the last result.
fn median_of<T>(repeat: usize, mut run: impl FnMut() -> T) -> (Duration, T) {
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..repeat.max(1) {
        let start = Instant::now();
        last = Some(run());
        times.push(start.elapsed());
    }
    let value = last.unwrap_or_else(run);
    (summarize(&times).median, value)
}

fn organization(
    seed: u64,
    out: &mut impl std::io::Write,
) -> anyhow::Result<(SyntheticOrg, InputSet)> {
    let config = SyntheticConfig {
        seed,
        ..SyntheticConfig::default()
    };
    let build = Instant::now();
    let org = SyntheticOrg::generate(&config);
    let inputs = org.input_set();
    writeln!(
        out,
        "synthetic organization (seed {seed}): {} member accounts, {} users, {} roles, {} managed policies, {} resources; read in {:.0} ms",
        org.accounts.len(),
        inputs.iam.users().count(),
        inputs.iam.roles().count(),
        inputs.iam.managed_policies().count(),
        inputs.resources.len(),
        millis(build.elapsed())
    )?;
    Ok((org, inputs))
}

/// Runs `bench who-can` and prints a Markdown table.
pub fn run_who_can(args: &WhoCanArgs) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    let (org, inputs) = organization(args.seed, &mut out)?;
    let authorizer = Authorizer::new(&inputs);
    let everyone = principals(&inputs);
    let mut seen = std::collections::BTreeSet::new();
    let questions: Vec<(String, String)> = org
        .requests(args.questions * 20, args.seed)
        .into_iter()
        .filter(|r| r.resource != "*" && !r.resource.is_empty())
        .map(|r| (r.action, r.resource))
        .filter(|q| seen.insert(q.clone()))
        .take(args.questions)
        .collect();
    let (mut times, mut baseline, mut found) = (Vec::new(), Vec::new(), 0);
    for (action, resource) in &questions {
        let mut query = WhoCanQuery::new(action.as_str(), resource.as_str());
        query.assumers = false;
        let (time, answer) = median_of(args.repeat, || {
            who_can(&inputs, &query, BackendKind::Automata, TIMEOUT)
        });
        let answer: WhoCan = answer.with_context(|| format!("who-can {action} {resource}"))?;
        found += answer.principals.len();
        times.push(time);
        let (time, _) = median_of(args.repeat, || {
            everyone
                .iter()
                .filter(|p| {
                    let request = AuthorizeRequest::new(p.as_str(), action, resource)
                        .with_context(Context::new());
                    authorizer
                        .authorize(&request)
                        .is_ok_and(|a| a.decision.name() == "Allow")
                })
                .count()
        });
        baseline.push(time);
    }
    writeln!(
        out,
        "{} who-can questions over {} principals (no assumers), median of {} runs each, in-process; {} principal(s) found in all",
        questions.len(),
        everyone.len(),
        args.repeat,
        found
    )?;
    header(&mut out)?;
    writeln!(
        out,
        "{}",
        row("who-can (proved, witnesses confirmed)", summarize(&times))
    )?;
    writeln!(
        out,
        "{}",
        row("baseline: authorize every principal", summarize(&baseline))
    )?;
    Ok(())
}

/// Runs `bench can` and prints a Markdown table.
pub fn run_can(args: &CanArgs) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    let (_, inputs) = organization(args.seed, &mut out)?;
    let authorizer = Authorizer::new(&inputs);
    let roles: Vec<String> = principals(&inputs)
        .into_iter()
        .filter(|p| p.contains(":role/") && !p.contains("aws-service-role"))
        .step_by(97)
        .take(args.roles.max(1))
        .collect();
    header(&mut out)?;
    let mut times = Vec::new();
    for role in &roles {
        let query = CanQuery::new(role.as_str());
        let (time, answer) = median_of(args.repeat, || {
            can(&inputs, &query, BackendKind::Automata, TIMEOUT)
        });
        let answer: Can = answer.with_context(|| format!("can {role}"))?;
        times.push(time);
        let witnesses: Vec<AuthorizeRequest> = answer
            .services
            .iter()
            .flat_map(|s| &s.actions)
            .flat_map(|a| &a.resources)
            .map(|r| {
                let mut context = Context::new();
                for (k, v) in &r.witness.context {
                    context.insert_all(k.clone(), v.clone());
                }
                AuthorizeRequest::new(&r.witness.principal, &r.witness.action, &r.witness.resource)
                    .with_context(context)
                    .with_resource_account(r.account.clone())
            })
            .collect();
        let (baseline, _) = median_of(args.repeat, || {
            witnesses
                .iter()
                .filter(|w| authorizer.authorize(w).is_ok())
                .count()
        });
        let actions: usize = answer.services.iter().map(|s| s.actions.len()).sum();
        let name = role.rsplit('/').next().unwrap_or(role);
        writeln!(
            out,
            "{}",
            row(
                &format!(
                    "can {name}: {actions} actions, {} pairs",
                    answer.proof.targets
                ),
                Summary {
                    median: time,
                    p95: time,
                    max: time
                }
            )
        )?;
        writeln!(
            out,
            "{}",
            row(
                &format!("  baseline: authorize {} witnesses", witnesses.len()),
                Summary {
                    median: baseline,
                    p95: baseline,
                    max: baseline
                }
            )
        )?;
    }
    writeln!(
        out,
        "can over {} roles, median of {} runs each: median {:.1} ms, max {:.1} ms",
        roles.len(),
        args.repeat,
        millis(summarize(&times).median),
        millis(summarize(&times).max)
    )?;
    Ok(())
}
