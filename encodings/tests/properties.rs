//! Property tests: a pattern's DFA accepts exactly the strings that the
//! direct wildcard matcher accepts, and product-search witnesses satisfy the
//! constraints they were found for.

use proptest::prelude::*;
use zoneproof_encodings::automata::{find_witness, Automaton, Budget, Emptiness};
use zoneproof_encodings::pattern::{Pattern, Token};

/// Characters that exercise literals, case folding, the excluded `:`,
/// multi-byte UTF-8 and a character no pattern mentions.
const CHARS: &[char] = &[
    'a',
    'b',
    'A',
    'B',
    ':',
    '/',
    '*',
    'é',
    'ß',
    '\u{1F600}',
    'z',
];

fn any_char() -> impl Strategy<Value = char> {
    prop::sample::select(CHARS)
}

fn token() -> impl Strategy<Value = Token> {
    prop_oneof![
        4 => prop::collection::vec(any_char(), 1..3).prop_map(|cs| Token::Literal(cs.into_iter().collect())),
        2 => Just(Token::AnyString { except: None }),
        1 => Just(Token::AnyChar { except: None }),
        1 => Just(Token::AnyString { except: Some(':') }),
        1 => Just(Token::AnyChar { except: Some(':') }),
    ]
}

fn pattern() -> impl Strategy<Value = Pattern> {
    (prop::collection::vec(token(), 0..6), any::<bool>())
        .prop_map(|(tokens, fold)| Pattern::new(tokens, fold))
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(any_char(), 0..8).prop_map(|cs| cs.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn dfa_accepts_exactly_what_the_matcher_accepts(p in pattern(), s in text()) {
        let a = Automaton::compile(&p).unwrap();
        prop_assert_eq!(a.accepts(&s), p.matches(&s), "pattern {} on {:?}", p, s);
    }

    /// Strings built to match: the pattern with each wildcard filled in.
    #[test]
    fn dfa_accepts_instances_of_the_pattern(p in pattern(), fill in text()) {
        let mut s = String::new();
        for t in p.tokens() {
            match t {
                Token::Literal(l) => s.push_str(l),
                Token::AnyChar { except } => s.push(fill.chars().find(|c| Some(*c) != *except).unwrap_or('x')),
                Token::AnyString { except } => s.extend(fill.chars().filter(|c| Some(*c) != *except)),
                Token::Hole(_) => {}
            }
        }
        prop_assert!(p.matches(&s));
        prop_assert!(Automaton::compile(&p).unwrap().accepts(&s), "pattern {} on {:?}", p, s);
    }

    #[test]
    fn witnesses_satisfy_their_constraints(
        constraints in prop::collection::vec((pattern(), any::<bool>()), 0..5),
        probes in prop::collection::vec(text(), 20),
    ) {
        match find_witness(&constraints, &Budget::default()) {
            Emptiness::NonEmpty(w) => {
                for (p, member) in &constraints {
                    prop_assert_eq!(p.matches(&w), *member, "witness {:?} vs {}", w, p);
                }
            }
            Emptiness::Empty => {
                // No probe string may satisfy an empty intersection.
                for s in &probes {
                    prop_assert!(!constraints.iter().all(|(p, m)| p.matches(s) == *m),
                        "{:?} satisfies constraints declared empty", s);
                }
            }
            Emptiness::Unknown(reason) => prop_assert!(false, "unknown: {}", reason),
        }
    }
}
