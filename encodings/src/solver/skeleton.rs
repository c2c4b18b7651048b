//! Shared Z3 plumbing: constants for variables, timeouts, decoding values
//! of Bool, Int and Ip variables from a Z3 model.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use z3::ast::{Bool, Int, BV};
use z3::{Params, SatResult, Solver};

use crate::model::Value;
use crate::term::{Sort, Var};

/// Width of the bit-vectors that hold IP addresses.
pub const IP_BITS: u32 = 128;

/// Sets the solver's time limit (at least one millisecond, since Z3 reads
/// zero as "no limit").
pub fn set_solver_timeout(solver: &Solver, timeout: Duration) {
    let ms = u32::try_from(timeout.as_millis())
        .unwrap_or(u32::MAX)
        .max(1);
    let mut params = Params::new();
    params.set_u32("timeout", ms);
    solver.set_params(&params);
}

/// Resource units Z3 may spend per millisecond of timeout in the timer-free
/// first attempt of [`LimitedSolver::check_until`] (Z3 spends about 3,000 per
/// millisecond on skeleton queries here).
const RLIMIT_PER_MS: u64 = 1_000;
/// Bounds of the first attempt's resource limit.
const FAST_RLIMIT: (u64, u64) = (10_000, 2_000_000);

/// The SMT-LIB logic of the skeleton: quantifier-free linear integer
/// arithmetic (with its Booleans).
const SOLVER_LOGIC: &str = "QF_LIA";

/// How a solver's limits are currently set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Limits {
    /// A resource limit and no timer.
    Resource(u32),
    /// A wall-clock timeout (milliseconds).
    Timer(u32),
}

/// A Z3 solver checked against deadlines, cheaply.
///
/// Z3 4.8.12 starts a timer thread for every check that has a timeout, and
/// re-configures the solver whenever its parameters are set; both cost more
/// than deciding a small skeleton. So checks run under a resource limit
/// scaled to the timeout, with no timer and with parameters set only when
/// they change; only a check that exhausts the resource limit is retried
/// with a wall-clock timeout for the rest of the time.
pub struct LimitedSolver {
    /// The solver.
    pub solver: Solver,
    limits: Option<Limits>,
    fast_rlimit: u32,
}

impl LimitedSolver {
    /// A new solver, in incremental mode (one scope pushed).
    pub fn new(timeout: Duration) -> LimitedSolver {
        // Every formula the backend hands Z3 is Boolean structure over
        // linear integer comparisons (pattern atoms are Booleans here).
        // Naming the logic skips Z3's automatic configuration, which
        // otherwise inspects the formulas at every check: about a tenth of
        // the corpus's time.
        let solver = Solver::new_for_logic(SOLVER_LOGIC).unwrap_or_default();
        solver.push();
        let mut s = LimitedSolver {
            solver,
            limits: None,
            fast_rlimit: 0,
        };
        s.set_timeout(timeout);
        s
    }

    /// Scales the first attempt's resource limit to `timeout`.
    pub fn set_timeout(&mut self, timeout: Duration) {
        let ms = u64::try_from(timeout.as_millis()).unwrap_or(u64::MAX);
        let r = ms
            .saturating_mul(RLIMIT_PER_MS)
            .clamp(FAST_RLIMIT.0, FAST_RLIMIT.1);
        self.fast_rlimit = u32::try_from(r).unwrap_or(u32::MAX);
    }

    fn set_limits(&mut self, limits: Limits) {
        if self.limits == Some(limits) {
            return;
        }
        let mut params = Params::new();
        // Model compaction costs more than building the model of a large
        // skeleton (about 0.6 ms per model at 1,600 atoms) and gains nothing:
        // only constants are read back.
        params.set_bool("model.compact", false);
        match limits {
            Limits::Resource(r) => {
                params.set_u32("timeout", u32::MAX);
                params.set_u32("rlimit", r);
            }
            Limits::Timer(ms) => {
                params.set_u32("timeout", ms.max(1));
                params.set_u32("rlimit", 0);
            }
        }
        self.solver.set_params(&params);
        self.limits = Some(limits);
    }

    /// Checks; `Ok(sat)` or `Err(reason)` for unknown.
    pub fn check_until(&mut self, deadline: Instant) -> Result<bool, String> {
        self.set_limits(Limits::Resource(self.fast_rlimit));
        match run_check(&self.solver) {
            // Z3 4.8.12 does not always name the resource limit when it
            // stops for it (a large skeleton can stop while it is being
            // internalised, with the reason "unknown"), so any `unknown`
            // under the fast limit gets the wall-clock attempt.
            Err(_) => {}
            other => return other,
        }
        let remaining = deadline.saturating_duration_since(Instant::now());
        if remaining.is_zero() {
            return Err("timeout".into());
        }
        let ms = u32::try_from(remaining.as_millis()).unwrap_or(u32::MAX);
        self.set_limits(Limits::Timer(ms));
        run_timed_check(&self.solver)
    }
}

/// Serialises the checks that run with a wall-clock timeout. Z3 4.8.12
/// runs timeouts on a process-wide pool of timer threads that is not safe
/// when several threads' timers expire concurrently (the process crashes:
/// see Z3Prover/z3 pull request 5371, fixed after 4.8.12), so at most one
/// timed check runs at a time. Untimed checks run in parallel freely.
static TIMED_CHECK: Mutex<()> = Mutex::new(());

/// Runs `check` under a wall-clock timeout (see [`TIMED_CHECK`]).
pub fn run_timed_check(solver: &Solver) -> Result<bool, String> {
    let _guard = TIMED_CHECK
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    run_check(solver)
}

/// Runs `check` and turns its answer into the three-valued outcome, with
/// Z3's reason when it is `unknown`.
pub fn run_check(solver: &Solver) -> Result<bool, String> {
    match solver.check() {
        SatResult::Sat => Ok(true),
        SatResult::Unsat => Ok(false),
        SatResult::Unknown => Err(solver
            .get_reason_unknown()
            .unwrap_or_else(|| "z3 answered unknown".to_string())),
    }
}

/// Reads the value of a Bool, Int or Ip constant named `name` from `model`.
pub fn decode_value(model: &z3::Model, var: &Var, name: &str) -> Option<Value> {
    match var.sort() {
        Sort::Bool => model
            .eval(&Bool::new_const(name), true)?
            .as_bool()
            .map(Value::Bool),
        Sort::Int => model
            .eval(&Int::new_const(name), true)?
            .as_i128()
            .map(Value::Int),
        Sort::Ip => model
            .eval(&BV::new_const(name, IP_BITS).to_int(false), true)?
            .as_u128()
            .map(Value::Ip),
        Sort::Str => None,
    }
}

/// Like [`decode_value`], but reads an `Ip` variable from an integer
/// constant (the automata backend's encoding of addresses).
pub fn decode_value_ip_as_int(model: &z3::Model, var: &Var, name: &str) -> Option<Value> {
    match var.sort() {
        Sort::Ip => model
            .eval(&Int::new_const(name), true)?
            .as_u128()
            .map(Value::Ip),
        _ => decode_value(model, var, name),
    }
}

/// The Z3 integer of a `u128` (an address as an integer).
pub fn ip_int_value(n: u128) -> Option<Int> {
    n.to_string().parse::<Int>().ok()
}

/// The Z3 integer of an `i128` (through its decimal numeral).
pub fn int_value(n: i128) -> Option<Int> {
    n.to_string().parse::<Int>().ok()
}
