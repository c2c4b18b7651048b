//! Wildcard patterns compiled to DFAs, and emptiness of intersections of
//! pattern languages and their complements by product search.
//!
//! Each pattern is compiled once (a process-wide cache, shared by all
//! threads) to an anchored dense DFA of `regex-automata`. A pattern whose
//! mentioned characters are all ASCII is compiled over bytes, where `?` is one
//! byte and every non-ASCII character is fed as the stand-in byte `0x80`;
//! other patterns are compiled over UTF-8, where `?` is one Unicode scalar
//! value. Either way the DFA accepts a string exactly when
//! [`Pattern::matches`] does (a property test checks this).
//!
//! [`find_witness`] decides whether some string is in every language of the
//! positive constraints and in none of the negative ones. Completeness rests
//! on one fact: characters that no pattern mentions (see
//! [`Pattern::mentioned_chars`]) are interchangeable, so the search only needs
//! the mentioned characters plus one fresh character. It is a breadth-first
//! search over tuples of DFA states, so the witness it returns is a shortest
//! one, and among those the first in an order that prefers lowercase letters,
//! then digits, then uppercase letters and common punctuation: witnesses read
//! like real values. The search is bounded by a state budget and a deadline
//! and answers [`Emptiness::Unknown`] when either is exceeded, never `Empty`.
//!
//! # Example
//! ```
//! use zoneproof_encodings::automata::{find_witness, Budget, Emptiness};
//! use zoneproof_encodings::pattern::Pattern;
//! let arn = Pattern::wildcard("arn:aws:s3:::bucket/*");
//! let private = Pattern::wildcard("arn:aws:s3:::bucket/private/*");
//! let found = find_witness(&[(arn.clone(), true), (private, false)], &Budget::default());
//! assert_eq!(found, Emptiness::NonEmpty("arn:aws:s3:::bucket/".into()));
//! let none = find_witness(&[(arn.clone(), true), (arn, false)], &Budget::default());
//! assert_eq!(none, Emptiness::Empty);
//! ```

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;

use regex_automata::dfa::{dense, Automaton as _, StartKind};
use regex_automata::util::primitives::StateID;
use regex_automata::util::start;
use regex_automata::{Anchored, MatchKind};

use crate::pattern::{Pattern, Strategy, Token};

/// The default largest DFA (bytes) built for one pattern.
pub const DEFAULT_MAX_DFA_BYTES: usize = 8 << 20;

thread_local! {
    static MAX_DFA_BYTES: std::cell::Cell<usize> = const { std::cell::Cell::new(DEFAULT_MAX_DFA_BYTES) };
}

/// Runs `f` with the largest DFA (and NFA) built for one pattern on this
/// thread set to `bytes`: a pattern whose automaton would be larger cannot
/// be decided (its searches answer [`Emptiness::Unknown`]). Automata already
/// in the cache are reused whatever their size.
pub fn with_max_dfa_bytes<R>(bytes: usize, f: impl FnOnce() -> R) -> R {
    let before = MAX_DFA_BYTES.with(|limit| limit.replace(bytes));
    let result = f();
    MAX_DFA_BYTES.with(|limit| limit.set(before));
    result
}
/// Most wildcard tokens (`*`, `?`) in one pattern compiled to a DFA. The
/// determinisation of a pattern with thousands of them takes minutes
/// before it reaches any size limit (and cannot be interrupted); IAM
/// values never need more than a handful (#15).
pub const MAX_WILDCARDS: usize = 256;

/// States explored per DFA when looking for universal states.
const UNIVERSAL_SCAN_LIMIT: usize = 4_096;
/// Compiled patterns kept in the process-wide cache before it is cleared.
const CACHE_CAPACITY: usize = 50_000;
/// Bytes of DFAs kept in the process-wide cache before it is cleared.
const CACHE_BYTES: usize = 256 << 20;

/// Why a pattern could not be compiled.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AutomataError {
    /// The pattern still has holes.
    #[error("pattern `{0}` has holes")]
    Holes(String),
    /// `regex-automata` refused to build the DFA (usually: too large).
    #[error("cannot build a DFA for `{pattern}`: {reason}")]
    Build {
        /// The pattern.
        pattern: String,
        /// The builder's message.
        reason: String,
    },
}

/// The answer of a product search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Emptiness {
    /// A shortest string satisfying every constraint.
    NonEmpty(String),
    /// No string satisfies all constraints.
    Empty,
    /// The search was cut short (budget, deadline, or a DFA could not be
    /// built); nothing is known.
    Unknown(String),
}

/// Limits of one product search.
#[derive(Debug, Clone)]
pub struct Budget {
    /// At most this many product states (tuples of DFA states) are stored.
    pub max_states: usize,
    /// The search gives up after this instant.
    pub deadline: Option<Instant>,
}

impl Default for Budget {
    /// One million product states (scaled down for many constraints, see
    /// [`find_witness`]), no deadline.
    fn default() -> Budget {
        Budget {
            max_states: 1_000_000,
            deadline: None,
        }
    }
}

/// A pattern compiled to a DFA.
#[derive(Debug)]
pub struct Automaton {
    pattern: Pattern,
    dfa: dense::DFA<Vec<u32>>,
    /// Compiled over bytes (ASCII-only pattern) rather than UTF-8.
    bytes: bool,
    start: StateID,
    /// States from which every continuation is accepted (byte DFAs only;
    /// may be incomplete, which only costs speed), by state index.
    universal: Vec<bool>,
}

impl Automaton {
    /// Compiles a hole-free pattern (uncached; see [`compiled`]).
    pub fn compile(pattern: &Pattern) -> Result<Automaton, AutomataError> {
        if pattern.has_holes() {
            return Err(AutomataError::Holes(pattern.to_string()));
        }
        let wildcards = pattern
            .tokens()
            .iter()
            .filter(|t| !matches!(t, Token::Literal(_)))
            .count();
        if wildcards > MAX_WILDCARDS {
            return Err(AutomataError::Build {
                pattern: crate::automata::shortened(&pattern.to_string()),
                reason: format!(
                    "{wildcards} wildcards, over the limit of {MAX_WILDCARDS} per pattern"
                ),
            });
        }
        let bytes = pattern.is_ascii();
        let limit = MAX_DFA_BYTES.with(std::cell::Cell::get);
        let regex = regex_source(pattern, bytes);
        let build_error = |e: &dyn std::fmt::Display| AutomataError::Build {
            pattern: shortened(&pattern.to_string()),
            reason: e.to_string(),
        };
        let dfa = dense::Builder::new()
            .configure(
                dense::Config::new()
                    .match_kind(MatchKind::All)
                    .start_kind(StartKind::Anchored)
                    .dfa_size_limit(Some(limit))
                    .determinize_size_limit(Some(limit)),
            )
            .syntax(
                regex_automata::util::syntax::Config::new()
                    .unicode(!bytes)
                    .utf8(!bytes),
            )
            .thompson(
                regex_automata::nfa::thompson::Config::new()
                    .utf8(!bytes)
                    .nfa_size_limit(Some(limit)),
            )
            .build(&regex)
            .map_err(|e| build_error(&e))?;
        let start = dfa
            .start_state(&start::Config::new().anchored(Anchored::Yes))
            .map_err(|e| build_error(&e))?;
        let mut automaton = Automaton {
            pattern: pattern.clone(),
            dfa,
            bytes,
            start,
            universal: Vec::new(),
        };
        if bytes {
            let universal = automaton.universal_states();
            automaton.universal = universal;
        }
        Ok(automaton)
    }

    /// The pattern this automaton recognises.
    pub fn pattern(&self) -> &Pattern {
        &self.pattern
    }

    /// Heap memory of the DFA in bytes.
    pub fn memory_usage(&self) -> usize {
        self.dfa.memory_usage()
    }

    /// Whether the DFA accepts `text`.
    pub fn accepts(&self, text: &str) -> bool {
        let mut state = self.start;
        for c in text.chars() {
            state = self.step(state, c);
            if self.dfa.is_dead_state(state) {
                return false;
            }
        }
        self.accepting(state)
    }

    /// The state after reading one character.
    fn step(&self, mut state: StateID, c: char) -> StateID {
        if self.bytes {
            let byte = if c.is_ascii() { c as u8 } else { 0x80 };
            return self.dfa.next_state(state, byte);
        }
        let mut buf = [0u8; 4];
        for byte in c.encode_utf8(&mut buf).bytes() {
            state = self.dfa.next_state(state, byte);
        }
        state
    }

    /// Whether the input read so far is accepted.
    fn accepting(&self, state: StateID) -> bool {
        self.dfa.is_match_state(self.dfa.next_eoi_state(state))
    }

    fn is_dead(&self, state: StateID) -> bool {
        self.dfa.is_dead_state(state)
    }

    /// The index of a state (its premultiplied id divided by the stride).
    fn index(&self, state: StateID) -> usize {
        state.as_usize() >> self.dfa.stride2()
    }

    fn is_universal(&self, state: StateID) -> bool {
        self.universal
            .get(self.index(state))
            .copied()
            .unwrap_or(false)
    }

    /// States (reachable from the start) from which every byte string is
    /// accepted: the greatest set of accepting states closed under every
    /// byte, as flags by state index. Gives up (returns what is certain:
    /// nothing) on large DFAs.
    fn universal_states(&self) -> Vec<bool> {
        let classes = self.dfa.byte_classes();
        let reps: Vec<u8> = classes
            .representatives(..)
            .filter_map(|unit| unit.as_u8())
            .collect();
        let mut order = vec![self.start];
        let mut index: HashMap<StateID, usize> = HashMap::from([(self.start, 0)]);
        let mut succ: Vec<Vec<StateID>> = Vec::new();
        let mut i = 0;
        while let Some(&s) = order.get(i) {
            if order.len() > UNIVERSAL_SCAN_LIMIT {
                return Vec::new();
            }
            let next: Vec<StateID> = reps.iter().map(|b| self.dfa.next_state(s, *b)).collect();
            for n in &next {
                if !index.contains_key(n) {
                    index.insert(*n, order.len());
                    order.push(*n);
                }
            }
            succ.push(next);
            i += 1;
        }
        let mut candidate: Vec<bool> = order.iter().map(|s| self.accepting(*s)).collect();
        loop {
            let mut changed = false;
            for (k, next) in succ.iter().enumerate() {
                let still = candidate.get(k).copied().unwrap_or(false)
                    && next
                        .iter()
                        .all(|n| index.get(n).and_then(|j| candidate.get(*j)) == Some(&true));
                if candidate.get(k) == Some(&true) && !still {
                    if let Some(slot) = candidate.get_mut(k) {
                        *slot = false;
                    }
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        let mut flags = Vec::new();
        for (s, universal) in order.into_iter().zip(candidate) {
            let i = self.index(s);
            if flags.len() <= i {
                flags.resize(i + 1, false);
            }
            if let Some(flag) = flags.get_mut(i) {
                *flag = universal;
            }
        }
        flags
    }
}

/// A regex class of the set's characters (both ASCII cases when folding).
fn class(set: &[char], case_insensitive: bool) -> String {
    let mut out = String::from("[");
    for c in set {
        out.push_str(&format!("\\x{{{:x}}}", *c as u32));
        if case_insensitive && c.is_ascii_alphabetic() {
            let other = if c.is_ascii_lowercase() {
                c.to_ascii_uppercase()
            } else {
                c.to_ascii_lowercase()
            };
            out.push_str(&format!("\\x{{{:x}}}", other as u32));
        }
    }
    out.push(']');
    out
}

/// The regular expression of a hole-free pattern for `regex-automata`.
fn regex_source(pattern: &Pattern, bytes: bool) -> String {
    let any = |except: Option<char>| match except {
        None => "(?s:.)".to_string(),
        Some(c) => format!("[^\\x{{{:x}}}]", c as u32),
    };
    let mut out = String::new();
    for token in pattern.tokens() {
        match token {
            Token::Literal(text) => {
                for c in text.chars() {
                    if pattern.is_case_insensitive() && c.is_ascii_alphabetic() {
                        out.push('[');
                        out.push(c.to_ascii_lowercase());
                        out.push(c.to_ascii_uppercase());
                        out.push(']');
                    } else if c.is_ascii_graphic() {
                        out.push_str(&regex_syntax::escape(c.encode_utf8(&mut [0; 4])));
                    } else if bytes || c.is_ascii() {
                        out.push_str(&format!("\\x{{{:x}}}", c as u32));
                    } else {
                        out.push_str(&regex_syntax::escape(c.encode_utf8(&mut [0; 4])));
                    }
                }
            }
            Token::AnyChar { except } => out.push_str(&any(*except)),
            Token::OneOf(set) => out.push_str(&class(set, pattern.is_case_insensitive())),
            Token::ManyOf(set) => {
                out.push_str(&format!(
                    "(?:{})*",
                    class(set, pattern.is_case_insensitive())
                ));
            }
            Token::AnyString { except } => {
                out.push_str(&format!("(?:{})*", any(*except)));
            }
            // Unreachable: `compile` rejects holes.
            Token::Hole(_) => out.push_str("[^\\x00-\\x{10ffff}]"),
        }
    }
    out
}

/// The compiled automata, and the bytes their DFAs hold.
#[derive(Default)]
struct Cache {
    automata: HashMap<Pattern, Arc<Automaton>>,
    bytes: usize,
}

/// A pattern's text cut to a readable length for a message.
fn shortened(text: &str) -> String {
    const KEEP: usize = 200;
    match text.char_indices().nth(KEEP) {
        Some((at, _)) => format!("{}... ({} bytes)", &text[..at], text.len()),
        None => text.to_string(),
    }
}

fn cache() -> &'static Mutex<Cache> {
    static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(Cache::default()))
}

/// The compiled automaton of a pattern, from the process-wide cache (which
/// is cleared when it holds too many automata or too many bytes).
pub fn compiled(pattern: &Pattern) -> Result<Arc<Automaton>, AutomataError> {
    let lookup = cache()
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .automata
        .get(pattern)
        .cloned();
    if let Some(found) = lookup {
        return Ok(found);
    }
    let automaton = Arc::new(Automaton::compile(pattern)?);
    let size = automaton.memory_usage();
    let mut cache = cache()
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if cache.automata.len() >= CACHE_CAPACITY || cache.bytes + size > CACHE_BYTES {
        cache.automata.clear();
        cache.bytes = 0;
    }
    if cache
        .automata
        .insert(pattern.clone(), Arc::clone(&automaton))
        .is_none()
    {
        cache.bytes += size;
    }
    Ok(automaton)
}

/// Characters in the order witnesses should prefer them.
fn readability_rank(c: char) -> (u8, u32) {
    let class = match c {
        'a'..='z' => 0,
        '0'..='9' => 1,
        'A'..='Z' => 2,
        '-' | '_' | '.' | '/' | ':' => 3,
        ' '..='~' => 4,
        c if !c.is_control() => 5,
        _ => 6,
    };
    (class, c as u32)
}

/// A readable character not in `mentioned`.
fn fresh_char(mentioned: &BTreeSet<char>) -> char {
    let preferred = ('a'..='z')
        .chain('0'..='9')
        .chain('A'..='Z')
        .chain(' '..='~');
    preferred
        .chain((0xc0..=0x10ffff).filter_map(char::from_u32))
        .find(|c| !mentioned.contains(c))
        .unwrap_or('\u{0}')
}

/// The alphabet of a search: every mentioned character and one fresh one,
/// most readable first.
fn alphabet<'a>(patterns: impl Iterator<Item = &'a Pattern>) -> Vec<char> {
    let mut ascii = [false; 128];
    let mut mentioned: BTreeSet<char> = BTreeSet::new();
    for p in patterns {
        p.for_each_mentioned(|c| match ascii.get_mut(c as usize) {
            Some(seen) => *seen = true,
            None => {
                mentioned.insert(c);
            }
        });
    }
    mentioned.extend((0u8..128).filter(|b| ascii[*b as usize]).map(char::from));
    let fresh = fresh_char(&mentioned);
    let mut chars: Vec<char> = mentioned.into_iter().chain([fresh]).collect();
    chars.sort_by_key(|c| readability_rank(*c));
    chars
}

/// Decides whether some string is in the language of every pattern paired
/// with `true` and of no pattern paired with `false`, and returns a shortest
/// such string (a non-empty one when one of length one exists and the empty
/// string would do).
///
/// The search first leaves the negative constraints out and checks its
/// witness against them with the direct matcher, adding those it violates
/// and searching again (a few rounds, then over all of them). A witness
/// that satisfies every constraint is the first string, in the search's
/// order over the same alphabet, of a language that contains the answer's,
/// so it is the answer the full search would give; most negative
/// constraints (say, every other account a principal is not in) never
/// need an automaton.
pub fn find_witness(constraints: &[(Pattern, bool)], budget: &Budget) -> Emptiness {
    if let Some(answer) = literal_fast_path(constraints) {
        return answer;
    }
    let sigma = alphabet(constraints.iter().map(|(p, _)| p));
    let mut active: Vec<bool> = constraints.iter().map(|(_, member)| *member).collect();
    for _ in 0..GUESS_ROUNDS {
        let answer = search_among(constraints, &active, &sigma, budget);
        let Emptiness::NonEmpty(text) = &answer else {
            return answer;
        };
        let mut violated = false;
        for ((pattern, _), on) in constraints.iter().zip(active.iter_mut()) {
            if !*on && pattern.matches(text) {
                *on = true;
                violated = true;
            }
        }
        if !violated {
            return answer;
        }
    }
    search_among(constraints, &vec![true; constraints.len()], &sigma, budget)
}

/// Rounds of [`find_witness`]'s search over some of the constraints before
/// it searches over all of them.
const GUESS_ROUNDS: usize = 3;

/// The product search over the constraints flagged in `active` (the
/// others are left out), over the alphabet `sigma`.
fn search_among(
    constraints: &[(Pattern, bool)],
    active: &[bool],
    sigma: &[char],
    budget: &Budget,
) -> Emptiness {
    let mut automata = Vec::new();
    let chosen = constraints.iter().zip(active).filter(|(_, on)| **on);
    for ((pattern, member), _) in chosen {
        match compiled(pattern) {
            Ok(a) => automata.push((a, *member)),
            Err(e) => return Emptiness::Unknown(e.to_string()),
        }
    }
    product_search(&automata, sigma, budget)
}

/// A positive case-sensitive literal fixes the string: check it directly.
fn literal_fast_path(constraints: &[(Pattern, bool)]) -> Option<Emptiness> {
    let literal = constraints
        .iter()
        .find_map(|(p, member)| match p.strategy() {
            Strategy::Literal(text) if *member => Some(text),
            _ => None,
        })?;
    let ok = constraints
        .iter()
        .all(|(p, member)| p.matches(literal) == *member);
    Some(if ok {
        Emptiness::NonEmpty(literal.to_string())
    } else {
        Emptiness::Empty
    })
}

/// Marks a component that no longer constrains the search: a positive
/// automaton in a universal state or a negative one in its dead state.
const DONE: u32 = u32::MAX;

/// One component's state after a step: `None` when the product state can
/// never lead to a witness.
fn normalise(automaton: &Automaton, member: bool, state: StateID) -> Option<u32> {
    let universal = automaton.is_universal(state);
    match (member, automaton.is_dead(state), universal) {
        (true, true, _) => None,
        (true, false, true) => Some(DONE),
        (false, true, _) => Some(DONE),
        (false, false, true) => None,
        _ => Some(state.as_u32()),
    }
}

fn accepting(automata: &[(Arc<Automaton>, bool)], states: &[u32]) -> bool {
    automata
        .iter()
        .zip(states)
        .all(|((a, member), s)| *s == DONE || a.accepting(state_id(*s)) == *member)
}

fn state_id(raw: u32) -> StateID {
    StateID::new(raw as usize).unwrap_or(StateID::ZERO)
}

/// Breadth-first search over tuples of DFA states.
fn product_search(
    automata: &[(Arc<Automaton>, bool)],
    sigma: &[char],
    budget: &Budget,
) -> Emptiness {
    // Scale the state budget so that memory stays bounded (about 64 MB of
    // state tuples) whatever the number of constraints.
    let width = automata.len().max(1);
    let max_states = budget.max_states.min((16 << 20) / width).max(1_000);

    let mut root = Vec::with_capacity(width);
    for (a, member) in automata {
        match normalise(a, *member, a.start) {
            Some(s) => root.push(s),
            None => return Emptiness::Empty,
        }
    }
    let root_accepts = accepting(automata, &root);
    let mut nodes: Vec<(Box<[u32]>, usize, char)> = vec![(root.clone().into(), 0, '\0')];
    let mut seen: HashMap<Box<[u32]>, ()> = HashMap::from([(root.into_boxed_slice(), ())]);
    let mut next_index = 0;
    while next_index < nodes.len() {
        if next_index % 256 == 0 && budget.deadline.is_some_and(|d| Instant::now() >= d) {
            return Emptiness::Unknown("product search deadline reached".into());
        }
        let current = nodes
            .get(next_index)
            .map(|n| n.0.clone())
            .unwrap_or_default();
        'chars: for &c in sigma {
            let mut child = Vec::with_capacity(width);
            for ((a, member), s) in automata.iter().zip(current.iter()) {
                if *s == DONE {
                    child.push(DONE);
                    continue;
                }
                match normalise(a, *member, a.step(state_id(*s), c)) {
                    Some(n) => child.push(n),
                    None => continue 'chars,
                }
            }
            let revisit = seen.contains_key(child.as_slice());
            if (!revisit || next_index == 0) && accepting(automata, &child) {
                let mut text = witness_path(&nodes, next_index);
                text.push(c);
                return Emptiness::NonEmpty(text);
            }
            if revisit {
                continue;
            }
            if nodes.len() >= max_states {
                return Emptiness::Unknown(format!(
                    "product search exceeded its budget of {max_states} states"
                ));
            }
            let child: Box<[u32]> = child.into();
            seen.insert(child.clone(), ());
            nodes.push((child, next_index, c));
        }
        if next_index == 0 && root_accepts {
            return Emptiness::NonEmpty(String::new());
        }
        next_index += 1;
    }
    if root_accepts {
        return Emptiness::NonEmpty(String::new());
    }
    Emptiness::Empty
}

/// The characters on the path from the root to node `index`.
fn witness_path(nodes: &[(Box<[u32]>, usize, char)], mut index: usize) -> String {
    let mut chars = Vec::new();
    while index != 0 {
        let Some((_, parent, c)) = nodes.get(index) else {
            break;
        };
        chars.push(*c);
        index = *parent;
    }
    chars.into_iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(text: &str) -> Pattern {
        Pattern::wildcard(text)
    }

    #[test]
    fn a_pattern_with_thousands_of_wildcards_is_refused_at_once_with_a_short_message() {
        let text = format!("arn:aws:s3:::b/{}", "*a?".repeat(20_000));
        let started = std::time::Instant::now();
        let Err(AutomataError::Build { pattern, reason }) = Automaton::compile(&w(&text)) else {
            panic!("expected a refusal");
        };
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        assert!(
            reason.contains("wildcards") && pattern.len() < 300,
            "{reason}"
        );
        assert!(Automaton::compile(&w(&"*a?".repeat(100))).is_ok());
    }

    #[test]
    fn byte_and_unicode_dfas_agree_with_the_matcher() {
        for (p, yes, no) in [
            (w("a?c"), "aéc", "ac"),
            (w("é*"), "éa", "ea"),
            (Pattern::wildcard_excluding("a*b", ':'), "axb", "a:b"),
            (w("s3:get*").ignoring_case(), "S3:GETx", "s4:get"),
        ] {
            let a = Automaton::compile(&p).unwrap();
            assert!(a.accepts(yes), "{p} should accept {yes}");
            assert!(!a.accepts(no), "{p} should reject {no}");
        }
    }

    #[test]
    fn witnesses_are_shortest_and_readable() {
        let b = Budget::default();
        assert_eq!(
            find_witness(&[(w("*"), true), (w("a*"), false)], &b),
            Emptiness::NonEmpty("b".into())
        );
        assert_eq!(
            find_witness(&[(w("a*b"), true), (w("*:*"), false)], &b),
            Emptiness::NonEmpty("ab".into())
        );
        assert_eq!(find_witness(&[], &b), Emptiness::NonEmpty("a".into()));
    }

    #[test]
    fn empty_string_only_when_nothing_longer_of_length_one_works() {
        let b = Budget::default();
        assert_eq!(
            find_witness(&[(w("?*"), false)], &b),
            Emptiness::NonEmpty(String::new())
        );
    }

    #[test]
    fn intersections_and_complements_decide_emptiness() {
        let b = Budget::default();
        assert_eq!(
            find_witness(&[(w("a*"), true), (w("b*"), true)], &b),
            Emptiness::Empty
        );
        assert_eq!(
            find_witness(
                &[
                    (w("a*"), true),
                    (w("*"), true),
                    (w("a?"), false),
                    (w("a"), false),
                    (w("a??*"), false)
                ],
                &b
            ),
            Emptiness::Empty
        );
        assert_eq!(
            find_witness(
                &[
                    (w("arn:*"), true),
                    (Pattern::wildcard_excluding("arn:*", ':'), false)
                ],
                &b
            ),
            Emptiness::NonEmpty("arn::".into())
        );
    }

    #[test]
    fn exhausted_budget_or_deadline_is_unknown_not_empty() {
        // Proving this empty visits about 2^11 product states.
        let p = w("*a??????????");
        let query = [(p.clone(), true), (p, false)];
        assert_eq!(find_witness(&query, &Budget::default()), Emptiness::Empty);
        let tight = Budget {
            max_states: 1_000,
            deadline: None,
        };
        assert!(matches!(
            find_witness(&query, &tight),
            Emptiness::Unknown(_)
        ));
        let past = Budget {
            max_states: 1_000_000,
            deadline: Some(Instant::now()),
        };
        assert!(matches!(find_witness(&query, &past), Emptiness::Unknown(_)));
    }
}
