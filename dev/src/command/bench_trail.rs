//! `zoneproof-bench trail PATH... [--jobs N] [--runs 3]`: how fast CloudTrail
//! logs are read (gzip, JSON, the event fields) and mapped to IAM requests,
//! and how much of them the mapping covers.
//!
//! Each run reads every file on a rayon pool; "read" parses every event,
//! "read + map" also maps it (the work of `generate` and `unused` before
//! aggregation). Medians of the runs are printed with their ratio, measured
//! in the same process, so that machine load affects both alike.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

use zoneproof_analyzer::activity::mapping::{Mapped, Mapper};

use zoneproof_analyzer::activity::fold::fold_trails;

/// Options of `zoneproof-bench trail`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// CloudTrail logs (files or directories), e.g. from `bench gen-trail`.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Threads (default: every core).
    #[arg(long)]
    jobs: Option<usize>,
    /// Runs of each measurement (the median is printed).
    #[arg(long, default_value_t = 3)]
    runs: usize,
}

/// What the mapping made of each kind of event.
#[derive(Default, Clone)]
struct Coverage {
    events: u64,
    /// (eventSource, eventName) -> (outcome, events)
    kinds: BTreeMap<(String, String), (&'static str, u64)>,
}

impl Coverage {
    fn merge(&mut self, other: Coverage) {
        self.events += other.events;
        for (key, (outcome, n)) in other.kinds {
            self.kinds.entry(key).or_insert((outcome, 0)).1 += n;
        }
    }
}

/// Runs the benchmark and prints its table.
pub fn run(args: &Args) -> anyhow::Result<()> {
    let runs = args.runs.max(1);
    let mut read_times = Vec::new();
    let mut map_times = Vec::new();
    let mut read_cpu = Vec::new();
    let mut map_cpu = Vec::new();
    let mut events = 0u64;
    for _ in 0..runs {
        let start = Instant::now();
        let cpu = cpu_seconds();
        let read = fold_trails(
            &args.paths,
            args.jobs,
            Some(&super::print_error_line),
            || 0u64,
            |n, _, _| *n += 1,
            |a, b| *a += b,
        )?;
        read_times.push(start.elapsed().as_secs_f64());
        read_cpu.push(cpu_seconds() - cpu);
        events = read.value;
        let cpu = cpu_seconds();
        let start = Instant::now();
        let mapped = fold_trails(
            &args.paths,
            args.jobs,
            Some(&super::print_error_line),
            || 0u64,
            |n, mapper: &mut Mapper, event| {
                if let Mapped::Requests(requests) = mapper.map(event) {
                    *n += requests.len() as u64;
                }
            },
            |a, b| *a += b,
        )?;
        map_times.push(start.elapsed().as_secs_f64());
        map_cpu.push(cpu_seconds() - cpu);
        std::hint::black_box(mapped.value);
    }
    let coverage = fold_trails(
        &args.paths,
        args.jobs,
        Some(&super::print_error_line),
        Coverage::default,
        |coverage, mapper, event| {
            coverage.events += 1;
            let outcome = match mapper.map(event) {
                Mapped::Requests(_) => "mapped",
                Mapped::NoPermission(_) => "no permission needed",
                Mapped::Unmapped(_) => "unmapped",
            };
            let key = (
                event.event_source.as_deref().unwrap_or("").to_string(),
                event.event_name.as_deref().unwrap_or("").to_string(),
            );
            coverage.kinds.entry(key).or_insert((outcome, 0)).1 += 1;
        },
        Coverage::merge,
    )?
    .value;
    let median = |times: &mut Vec<f64>| {
        times.sort_by(f64::total_cmp);
        times.get(times.len() / 2).copied().unwrap_or(0.0)
    };
    let (read, map) = (median(&mut read_times), median(&mut map_times));
    let (read_cpu, map_cpu) = (median(&mut read_cpu), median(&mut map_cpu));
    let jobs = args.jobs.unwrap_or_else(rayon::current_num_threads);
    let rate = |seconds: f64| events as f64 / seconds.max(1e-9);
    println!("CloudTrail events: {events}, jobs: {jobs}, runs: {runs} (medians)");
    println!("| pass | wall s | events/s | CPU s | events per CPU-second |");
    println!("| --- | ---: | ---: | ---: | ---: |");
    println!(
        "| read (gzip + JSON) | {read:.3} | {:.0} | {read_cpu:.2} | {:.0} |",
        rate(read),
        rate(read_cpu)
    );
    println!(
        "| read + map | {map:.3} | {:.0} | {map_cpu:.2} | {:.0} |",
        rate(map),
        rate(map_cpu)
    );
    println!(
        "mapping cost: read + map takes {:.2}x the time of read alone",
        map / read.max(1e-9)
    );
    print_coverage(&coverage);
    Ok(())
}

/// CPU time (user + system) of this process so far, from `/proc/self/stat`
/// (Linux; 0 elsewhere), in seconds at the kernel's 100 ticks a second.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the command name (which may hold spaces) start at `) `.
    let fields: Vec<&str> = stat
        .rsplit_once(") ")
        .map_or(Vec::new(), |(_, rest)| rest.split(' ').collect());
    let ticks = |index: usize| {
        fields
            .get(index)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    (ticks(11) + ticks(12)) / 100.0
}

fn print_coverage(coverage: &Coverage) {
    let mut by_outcome: BTreeMap<&str, (usize, u64)> = BTreeMap::new();
    let mut services: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for ((source, _), (outcome, n)) in &coverage.kinds {
        let entry = by_outcome.entry(outcome).or_default();
        entry.0 += 1;
        entry.1 += n;
        let service = services.entry(source.as_str()).or_default();
        service.1 += 1;
        if *outcome != "unmapped" {
            service.0 += 1;
        }
    }
    println!(
        "coverage: {} kinds of events (eventSource, eventName) in {} event sources",
        coverage.kinds.len(),
        services.len()
    );
    for (outcome, (kinds, events)) in &by_outcome {
        println!("  {outcome}: {kinds} kinds, {events} events");
    }
    for ((source, name), (outcome, n)) in &coverage.kinds {
        if *outcome == "unmapped" {
            println!("  unmapped: {source} {name} ({n} events)");
        }
    }
}
