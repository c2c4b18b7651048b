//! `zoneproof-bench authorize`: the whole IAM decision per request,
//! in-process, over a synthetic organization
//! ([`zoneproof_analyzer::authorize::synthetic`]): 100 users, 1,000 roles,
//! 300 managed policies, a three-level OU tree with SCPs and RCPs.
//!
//! Each request is decided `--repeat` times and the best time kept (the
//! first warms caches). The baseline, measured in the same run on the same
//! requests, is what a single-policy tool does: the evaluator on each of
//! the principal's identity-based policies, nothing else. `bench gen-org`
//! writes the same organization as files for `zoneproof authorize`.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::Context as _;
use zoneproof_analyzer::authorize::synthetic::{SyntheticConfig, SyntheticOrg};
use zoneproof_analyzer::authorize::{AuthorizeRequest, Authorizer};
use zoneproof_analyzer::eval::{evaluate, Request, RequestPrincipal};
use zoneproof_analyzer::iam::IamModel;
use zoneproof_dev::stats::{summarize, Summary};

/// Arguments of `zoneproof-bench authorize`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Number of requests.
    #[arg(long, default_value_t = 10_000)]
    requests: usize,
    /// Repetitions per request (the best is kept).
    #[arg(long, default_value_t = 3)]
    repeat: usize,
    /// Seed of the organization and of the requests.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

/// Arguments of `zoneproof-bench gen-org`.
#[derive(clap::Args, Debug)]
pub struct GenArgs {
    /// Directory to write `account-ID.json`, `organization.json` and `resources.json` into.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Seed: the same seed gives the same organization.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn row(name: &str, s: Summary) -> String {
    format!(
        "| {name:<34} | {:>9.1} | {:>9.1} | {:>9.1} |",
        micros(s.median),
        micros(s.p95),
        micros(s.max)
    )
}

fn best_of<T>(repeat: usize, mut run: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..repeat.max(1) {
        let start = Instant::now();
        let value = run();
        best = best.min(start.elapsed());
        last = Some(value);
    }
    (best, last.unwrap_or_else(run))
}

/// The baseline: the evaluator on each identity-based policy of the
/// principal, as a single-policy tool would.
fn identity_only(iam: &IamModel, request: &AuthorizeRequest) -> usize {
    let Some(entity) = iam.find_principal(&request.principal) else {
        return 0;
    };
    let eval_request = Request::new(
        RequestPrincipal::Aws(request.principal.clone()),
        request.action.clone(),
        request.resource.clone(),
    )
    .with_context(request.context.clone())
    .with_principal_keys();
    iam.identity_policies(entity)
        .iter()
        .filter_map(|p| p.document.as_ref().ok().and_then(|d| d.policy()))
        .map(|policy| evaluate(policy, &eval_request).statements.len())
        .sum()
}

/// Runs the benchmark and prints a Markdown table.
pub fn run(args: &Args) -> anyhow::Result<()> {
    let config = SyntheticConfig {
        seed: args.seed,
        ..SyntheticConfig::default()
    };
    let build = Instant::now();
    let org = SyntheticOrg::generate(&config);
    let inputs = org.input_set();
    let authorizer = Authorizer::new(&inputs);
    let setup = build.elapsed();
    let requests = org.requests(args.requests, args.seed);
    let mut times = Vec::with_capacity(requests.len());
    let mut baseline = Vec::with_capacity(requests.len());
    let mut decisions: BTreeMap<String, usize> = BTreeMap::new();
    for request in &requests {
        let (time, result) = best_of(args.repeat, || authorizer.authorize(request));
        let decision = match result {
            Ok(authorization) => authorization.decision.name().to_string(),
            Err(error) => format!("error: {error}"),
        };
        *decisions.entry(decision).or_default() += 1;
        times.push(time);
        let (time, _) = best_of(args.repeat, || identity_only(&inputs.iam, request));
        baseline.push(time);
    }
    let ratios: Vec<f64> = times
        .iter()
        .zip(&baseline)
        .map(|(a, b)| a.as_secs_f64() / b.as_secs_f64().max(1e-9))
        .collect();
    let mut sorted = ratios.clone();
    sorted.sort_by(f64::total_cmp);
    let median_ratio = sorted.get(sorted.len() / 2).copied().unwrap_or(0.0);
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "synthetic organization (seed {}): {} member accounts, {} users, {} roles, {} managed policies, {} resources; read in {:.0} ms",
        args.seed,
        org.accounts.len(),
        inputs.iam.users().count(),
        inputs.iam.roles().count(),
        inputs.iam.managed_policies().count(),
        inputs.resources.len(),
        setup.as_secs_f64() * 1000.0
    )?;
    writeln!(
        out,
        "{} requests, best of {} runs each, in-process",
        requests.len(),
        args.repeat
    )?;
    writeln!(out, "| {:<34} | median µs |    p95 µs |    max µs |", "")?;
    writeln!(out, "| {:-<34} | --------: | --------: | --------: |", "")?;
    writeln!(
        out,
        "{}",
        row("authorize (whole decision)", summarize(&times))
    )?;
    writeln!(
        out,
        "{}",
        row("baseline: identity policies only", summarize(&baseline))
    )?;
    writeln!(
        out,
        "median per-request ratio authorize / baseline: {median_ratio:.1}x"
    )?;
    let decisions: Vec<String> = decisions.iter().map(|(d, n)| format!("{d} {n}")).collect();
    writeln!(out, "decisions: {}", decisions.join(", "))?;
    Ok(())
}

/// Writes the synthetic organization as files.
pub fn generate(args: &GenArgs) -> anyhow::Result<()> {
    let config = SyntheticConfig {
        seed: args.seed,
        ..SyntheticConfig::default()
    };
    let org = SyntheticOrg::generate(&config);
    let written = org
        .write(&args.out)
        .with_context(|| format!("{}: cannot write", args.out.display()))?;
    writeln!(
        std::io::stdout().lock(),
        "wrote {} files to {}",
        written.len(),
        args.out.display()
    )?;
    Ok(())
}
