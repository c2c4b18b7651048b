//! Deterministic random queries for differential tests and benchmarks.
//!
//! Two families, both reproducible from a seed:
//! - [`random_queries`]: small adversarial queries over a tiny alphabet
//!   (`a`, `b`, `A`, `:`, `/`, `é`) so that patterns overlap often: several
//!   string variables with `∈` and `∉` of wildcard patterns (`*`, `?`,
//!   wildcards that exclude `:`, case-insensitive patterns), equalities with
//!   literals, integer comparisons, IP ranges, Boolean variables, under
//!   nested `and`/`or`/`not`. Roughly a third to a half are unsatisfiable.
//! - [`policy_like_queries`]: queries shaped like the external-access
//!   question over a resource policy: 10–200 patterns over principal ARNs,
//!   case-insensitive actions, resource ARNs and condition values, with
//!   Allow and Deny statements (`external ∧ ∨allow ∧ ¬∨deny`); half of them
//!   carry a guard Deny that makes them unsatisfiable.
//!
//! # Example
//! ```
//! use zoneproof_encodings::gen;
//! let queries = gen::random_queries(7, 3);
//! assert_eq!(queries.len(), 3);
//! assert_eq!(queries, gen::random_queries(7, 3));
//! ```

use crate::ip;
use crate::pattern::{Pattern, Token};
use crate::term::{self, CmpOp, Sort, Term, Var};

/// A SplitMix64 pseudo-random generator: tiny, fast, and stable across
/// platforms and versions (unlike `rand`'s generators).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`0` when `n` is `0`).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        (self.next_u64() % n as u64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi.saturating_sub(lo) + 1)
    }

    /// True with probability `num / den`.
    pub fn chance(&mut self, num: usize, den: usize) -> bool {
        self.below(den) < num
    }

    /// A random element (`None` for an empty slice).
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }
}

/// A query: assertions whose conjunction is to be decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    /// A short name (family and index).
    pub name: String,
    /// The assertions.
    pub assertions: Vec<Term>,
}

/// The characters of random patterns and strings.
pub const ALPHABET: [char; 6] = ['a', 'b', 'A', ':', '/', 'é'];

/// A random wildcard pattern over [`ALPHABET`]: up to six tokens of
/// literals, `*`, `?` and their `:`-excluding forms; one in six is
/// case-insensitive.
pub fn random_pattern(rng: &mut Rng) -> Pattern {
    let len = rng.between(0, 6);
    let mut tokens = Vec::with_capacity(len);
    for _ in 0..len {
        let token = match rng.below(12) {
            0..=5 => Token::Literal(random_char(rng).to_string()),
            6..=8 => Token::AnyString { except: None },
            9 => Token::AnyChar { except: None },
            10 => Token::AnyString { except: Some(':') },
            _ => Token::AnyChar { except: Some(':') },
        };
        tokens.push(token);
    }
    let p = Pattern::new(tokens, false);
    if rng.chance(1, 6) {
        p.ignoring_case()
    } else {
        p
    }
}

fn random_char(rng: &mut Rng) -> char {
    rng.pick(&ALPHABET).copied().unwrap_or('a')
}

/// A random string over [`ALPHABET`] of length 0 to 5.
pub fn random_string(rng: &mut Rng) -> String {
    let len = rng.between(0, 5);
    (0..len).map(|_| random_char(rng)).collect()
}

/// Variables of the random family.
struct RandomVars {
    strings: Vec<Var>,
    ints: Vec<Var>,
    ips: Vec<Var>,
    bools: Vec<Var>,
}

impl RandomVars {
    fn new() -> RandomVars {
        let named = |prefix: &str, n: usize, sort: Sort| {
            (0..n)
                .map(|i| Var::new(&format!("{prefix}{i}"), sort))
                .collect::<Vec<_>>()
        };
        RandomVars {
            strings: named("s", 3, Sort::Str),
            ints: named("n", 2, Sort::Int),
            ips: named("ip", 1, Sort::Ip),
            bools: named("b", 2, Sort::Bool),
        }
    }
}

/// A random atom: string membership (most often), literal equality, an
/// integer comparison, an IP range or a Boolean variable.
fn random_atom(rng: &mut Rng, vars: &RandomVars) -> Term {
    let fallback = term::tru();
    match rng.below(16) {
        0..=8 => {
            let Some(s) = rng.pick(&vars.strings) else {
                return fallback;
            };
            term::in_pattern(s, &random_pattern(rng)).unwrap_or(fallback)
        }
        9..=10 => {
            let Some(s) = rng.pick(&vars.strings) else {
                return fallback;
            };
            term::str_eq(s, &random_string(rng)).unwrap_or(fallback)
        }
        11..=12 => {
            let Some(n) = rng.pick(&vars.ints) else {
                return fallback;
            };
            let op = *rng
                .pick(&[CmpOp::Eq, CmpOp::Lt, CmpOp::Le])
                .unwrap_or(&CmpOp::Eq);
            let c = term::int(rng.between(0, 10) as i128 - 5);
            let (a, b) = if rng.chance(1, 2) {
                (term::var(n), c)
            } else {
                (c, term::var(n))
            };
            term::cmp(op, a, b).unwrap_or(fallback)
        }
        13..=14 => {
            let Some(a) = rng.pick(&vars.ips) else {
                return fallback;
            };
            let base = ip::V4_MAPPED_BASE + 0x0a00_0000;
            let lo = base + rng.below(16) as u128;
            let hi = lo + rng.below(8) as u128;
            term::in_range(term::var(a), term::ip(lo), term::ip(hi)).unwrap_or(fallback)
        }
        _ => rng.pick(&vars.bools).map(term::var).unwrap_or(fallback),
    }
}

fn random_formula(rng: &mut Rng, vars: &RandomVars, depth: usize) -> Term {
    let t = if depth == 0 || rng.chance(2, 5) {
        random_atom(rng, vars)
    } else {
        let width = rng.between(2, 4);
        let parts: Vec<Term> = (0..width)
            .map(|_| random_formula(rng, vars, depth - 1))
            .collect();
        if rng.chance(1, 2) {
            term::and(parts)
        } else {
            term::or(parts)
        }
    };
    if rng.chance(1, 3) {
        term::not(t)
    } else {
        t
    }
}

/// One random query of the adversarial family.
pub fn random_query(rng: &mut Rng, name: String) -> Query {
    let vars = RandomVars::new();
    let count = rng.between(1, 4);
    let assertions = (0..count).map(|_| random_formula(rng, &vars, 3)).collect();
    Query { name, assertions }
}

/// `n` random adversarial queries from `seed`.
pub fn random_queries(seed: u64, n: usize) -> Vec<Query> {
    let mut rng = Rng::new(seed);
    (0..n)
        .map(|i| random_query(&mut rng, format!("random-{i}")))
        .collect()
}

/// Building blocks of realistic values.
const ACCOUNTS: [&str; 4] = [
    "111122223333",
    "444455556666",
    "777788889999",
    "123456789012",
];
const SERVICES: [&str; 5] = ["s3", "sqs", "kms", "sns", "lambda"];
const VERBS: [&str; 8] = [
    "Get", "Put", "List", "Delete", "Describe", "Send", "Create", "Tag",
];
const NOUNS: [&str; 6] = ["Object", "Bucket", "Message", "Key", "Function", "Policy"];
const NAMES: [&str; 6] = ["logs", "data", "backup", "public", "team-a", "prod"];

/// The variables of a policy-shaped query.
struct PolicyVars {
    principal: Var,
    action: Var,
    resource: Var,
    vpc: Var,
    org: Var,
    prefix: Var,
    source_ip: Var,
    time: Var,
    secure: Var,
}

impl PolicyVars {
    fn new() -> PolicyVars {
        PolicyVars {
            principal: Var::new("aws:PrincipalArn", Sort::Str),
            action: Var::new("action", Sort::Str),
            resource: Var::new("resource", Sort::Str),
            vpc: Var::new("aws:SourceVpc", Sort::Str),
            org: Var::new("aws:PrincipalOrgID", Sort::Str),
            prefix: Var::new("s3:prefix", Sort::Str),
            source_ip: Var::new("aws:SourceIp", Sort::Ip),
            time: Var::new("aws:CurrentTime", Sort::Int),
            secure: Var::new("aws:SecureTransport", Sort::Bool),
        }
    }
}

fn pick_str(rng: &mut Rng, items: &[&'static str]) -> &'static str {
    rng.pick(items).copied().unwrap_or("x")
}

fn principal_pattern(rng: &mut Rng) -> Pattern {
    let account = pick_str(rng, &ACCOUNTS);
    let name = pick_str(rng, &NAMES);
    match rng.below(5) {
        0 => Pattern::any(),
        1 => Pattern::literal(&format!("arn:aws:iam::{account}:root")),
        2 => Pattern::wildcard(&format!("arn:aws:iam::{account}:role/{name}*")),
        3 => Pattern::wildcard_excluding(&format!("arn:aws:iam::{account}:*"), ':'),
        _ => Pattern::literal(&format!("arn:aws:iam::{account}:user/{name}")),
    }
}

fn action_pattern(rng: &mut Rng) -> Pattern {
    let service = pick_str(rng, &SERVICES);
    let verb = pick_str(rng, &VERBS);
    let noun = pick_str(rng, &NOUNS);
    let text = match rng.below(5) {
        0 => format!("{service}:*"),
        1 => format!("{service}:{verb}*"),
        2 => format!("{service}:*{noun}"),
        3 => format!("{service}:{verb}?{noun}*"),
        _ => format!("{service}:{verb}{noun}"),
    };
    Pattern::wildcard(&text).ignoring_case()
}

fn resource_pattern(rng: &mut Rng) -> Pattern {
    let name = pick_str(rng, &NAMES);
    let other = pick_str(rng, &NAMES);
    let account = pick_str(rng, &ACCOUNTS);
    match rng.below(6) {
        0 => Pattern::wildcard(&format!("arn:aws:s3:::{name}-bucket/*")),
        1 => Pattern::wildcard(&format!("arn:aws:s3:::{name}-bucket/{other}/*")),
        2 => Pattern::wildcard(&format!("arn:aws:s3:::{name}-*/*/{other}?.json")),
        3 => Pattern::wildcard_excluding(&format!("arn:aws:sqs:*:{account}:{name}*"), ':'),
        4 => Pattern::literal(&format!("arn:aws:s3:::{name}-bucket")),
        _ => Pattern::wildcard(&format!("arn:aws:*:*:{account}:*")),
    }
}

fn condition(rng: &mut Rng, v: &PolicyVars) -> (Term, usize) {
    let fallback = (term::tru(), 0);
    let name = pick_str(rng, &NAMES);
    match rng.below(6) {
        0 => {
            let t = term::str_eq(&v.vpc, &format!("vpc-{name}{}", rng.below(100)));
            (t.unwrap_or(term::tru()), 1)
        }
        1 => {
            let t = term::in_pattern(&v.org, &Pattern::wildcard(&format!("o-{name}*")));
            (term::not(t.unwrap_or(term::fls())), 1)
        }
        2 => {
            let t = term::in_pattern(&v.prefix, &Pattern::wildcard(&format!("home/{name}/*")));
            (t.unwrap_or(term::tru()), 1)
        }
        3 => {
            let (lo, hi) =
                ip::parse_cidr(&format!("10.{}.0.0/16", rng.below(256))).unwrap_or((0, u128::MAX));
            let t = term::in_range(term::var(&v.source_ip), term::ip(lo), term::ip(hi));
            (t.unwrap_or(term::tru()), 0)
        }
        4 => {
            let bound = 1_600_000_000 + rng.below(100_000_000) as i128;
            let t = term::cmp(CmpOp::Lt, term::var(&v.time), term::int(bound));
            (t.unwrap_or(term::tru()), 0)
        }
        5 => (term::var(&v.secure), 0),
        _ => fallback,
    }
}

/// `s` is in one of `patterns`.
fn any_of(s: &Var, patterns: &[Pattern]) -> Term {
    term::or(patterns.iter().filter_map(|p| term::in_pattern(s, p).ok()))
}

/// One statement: (is Allow, formula, number of patterns used).
fn statement(rng: &mut Rng, v: &PolicyVars) -> (bool, Term, usize) {
    let principals: Vec<Pattern> = (0..rng.between(1, 3))
        .map(|_| principal_pattern(rng))
        .collect();
    let actions: Vec<Pattern> = (0..rng.between(1, 10))
        .map(|_| action_pattern(rng))
        .collect();
    let resources: Vec<Pattern> = (0..rng.between(1, 8))
        .map(|_| resource_pattern(rng))
        .collect();
    let mut count = principals.len() + actions.len() + resources.len();
    let mut parts = vec![
        any_of(&v.principal, &principals),
        any_of(&v.action, &actions),
        any_of(&v.resource, &resources),
    ];
    for _ in 0..rng.between(0, 3) {
        let (c, n) = condition(rng, v);
        parts.push(c);
        count += n;
    }
    let allow = rng.chance(3, 4);
    (allow, term::and(parts), count)
}

/// One policy-shaped query with about `target` patterns (10 to 200).
pub fn policy_like_query(rng: &mut Rng, name: String, target: usize) -> Query {
    let v = PolicyVars::new();
    let mut allows = Vec::new();
    let mut denies = Vec::new();
    let mut count = 0;
    while count < target {
        let (allow, t, n) = statement(rng, &v);
        count += n;
        if allow {
            allows.push(t);
        } else {
            denies.push(t);
        }
    }
    let zone = pick_str(rng, &ACCOUNTS);
    let zone_principals = Pattern::wildcard(&format!("arn:aws:iam::{zone}:*"));
    if rng.chance(1, 2) {
        // A guard statement: deny every service's actions on every ARN to
        // principals outside the zone. External access is then impossible,
        // which only string reasoning shows (every allowed action pattern
        // lies inside some `service:*`).
        let services: Vec<Pattern> = SERVICES
            .iter()
            .map(|s| Pattern::wildcard(&format!("{s}:*")).ignoring_case())
            .collect();
        let outside = term::in_pattern(&v.principal, &zone_principals).unwrap_or(term::fls());
        denies.push(term::and([
            any_of(&v.action, &services),
            any_of(&v.resource, &[Pattern::wildcard("arn:aws:*")]),
            term::not(outside),
        ]));
    }
    let external = term::and([
        term::in_pattern(&v.principal, &Pattern::wildcard("arn:aws:iam::*")).unwrap_or(term::tru()),
        term::not(term::in_pattern(&v.principal, &zone_principals).unwrap_or(term::fls())),
    ]);
    Query {
        name,
        assertions: vec![external, term::or(allows), term::not(term::or(denies))],
    }
}

/// `n` policy-shaped queries from `seed`, with pattern counts spread over
/// 10–200.
pub fn policy_like_queries(seed: u64, n: usize) -> Vec<Query> {
    let mut rng = Rng::new(seed);
    (0..n)
        .map(|i| {
            let target = rng.between(10, 200);
            policy_like_query(&mut rng, format!("policy-{i}"), target)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generation_is_deterministic_per_seed() {
        assert_eq!(random_queries(1, 20), random_queries(1, 20));
        assert_ne!(random_queries(1, 20), random_queries(2, 20));
        assert_eq!(policy_like_queries(1, 3), policy_like_queries(1, 3));
    }

    #[test]
    fn queries_are_well_sorted_formulas() {
        for q in random_queries(3, 200)
            .iter()
            .chain(&policy_like_queries(3, 10))
        {
            for t in &q.assertions {
                assert!(t.is_well_sorted() && t.sort() == Sort::Bool, "{}", q.name);
            }
        }
    }
}
