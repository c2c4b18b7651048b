//! The shapes of real values as wildcard patterns: account ids,
//! organization ids and paths, ARNs, IP addresses, principal identity ARNs,
//! service principal names, unique ids; and order comparisons on
//! fixed-width digit strings as patterns (so that a 12-digit account key
//! compared with `NumericGreaterThan` stays one string).

use zoneproof_encodings::pattern::{Pattern, Token};

use crate::semantics::keys::ValueShape;
use crate::semantics::principal_keys::FactShape;

/// The digits.
pub fn digits() -> Vec<char> {
    ('0'..='9').collect()
}

/// The characters of organization ids after `o-`.
fn org_chars() -> Vec<char> {
    ('0'..='9').chain('a'..='z').collect()
}

/// The characters of IAM user, role, session and federated user names
/// (`[\w+=,.@-]`).
pub fn name_chars() -> Vec<char> {
    let mut chars: Vec<char> = ('0'..='9')
        .chain('A'..='Z')
        .chain('a'..='z')
        .chain("+=,.@-_".chars())
        .collect();
    chars.sort_unstable();
    chars
}

/// Upper-case letters and digits (unique ids).
fn id_chars() -> Vec<char> {
    ('0'..='9').chain('A'..='Z').collect()
}

/// One or more characters of `chars`.
pub fn some_of(chars: Vec<char>) -> [Token; 2] {
    [Token::OneOf(chars.clone()), Token::ManyOf(chars)]
}

/// An account id: 12 digits.
pub fn account_tokens() -> Vec<Token> {
    (0..12).map(|_| Token::OneOf(digits())).collect()
}

/// An organization id: `o-` and 10 or more lowercase letters or digits (the
/// upper bound 32 is not enforced).
pub fn org_id_tokens() -> Vec<Token> {
    std::iter::once(Token::Literal("o-".into()))
        .chain((0..10).map(|_| Token::OneOf(org_chars())))
        .chain([Token::ManyOf(org_chars())])
        .collect()
}

/// The patterns (a union) of the realistic values of a key shape; `None`
/// when any string is possible.
pub fn value_shape_patterns(shape: ValueShape) -> Option<Vec<Pattern>> {
    thread_local! {
        /// Built once per shape: the domain asks for them per key and
        /// element of every question.
        static BUILT: std::cell::RefCell<rustc_hash::FxHashMap<ValueShape, Option<Vec<Pattern>>>> =
            std::cell::RefCell::default();
    }
    BUILT.with_borrow_mut(|built| {
        built
            .entry(shape)
            .or_insert_with(|| build_value_shape_patterns(shape))
            .clone()
    })
}

fn build_value_shape_patterns(shape: ValueShape) -> Option<Vec<Pattern>> {
    let any_segment = Token::AnyString { except: Some(':') };
    let colon = || Token::Literal(":".into());
    Some(match shape {
        ValueShape::Any => return None,
        ValueShape::Account => vec![Pattern::new(account_tokens(), false)],
        ValueShape::OrgId => vec![Pattern::new(org_id_tokens(), false)],
        ValueShape::OrgPath => vec![Pattern::new(
            org_id_tokens().into_iter().chain([
                Token::Literal("/".into()),
                Token::AnyString { except: None },
            ]),
            false,
        )],
        ValueShape::Arn => vec![Pattern::new(
            [
                Token::Literal("arn:".into()),
                any_segment.clone(),
                colon(),
                any_segment.clone(),
                colon(),
                any_segment.clone(),
                colon(),
                any_segment,
                colon(),
                Token::AnyString { except: None },
            ],
            false,
        )],
        ValueShape::Ip => ip_text_patterns(),
        ValueShape::Bool => vec![Pattern::literal("true"), Pattern::literal("false")],
    })
}

/// IP addresses as text: dotted IPv4 (`d.d.d.d`) or IPv6 (hexadecimal
/// groups with colons).
fn ip_text_patterns() -> Vec<Pattern> {
    let dot = || Token::Literal(".".into());
    let mut v4 = Vec::new();
    for i in 0..4 {
        if i > 0 {
            v4.push(dot());
        }
        v4.extend(some_of(digits()));
    }
    let hex: Vec<char> = ('0'..='9').chain('a'..='f').chain(['.']).collect();
    let mut hex_colon = hex.clone();
    hex_colon.push(':');
    hex_colon.sort_unstable();
    let v6 = [
        Token::ManyOf(hex),
        Token::Literal(":".into()),
        Token::ManyOf(hex_colon.clone()),
        Token::Literal(":".into()),
        Token::ManyOf(hex_colon),
    ];
    vec![Pattern::new(v4, false), Pattern::new(v6, false)]
}

/// The shape of a fact's values; `None` when the key's own shape applies.
pub fn fact_shape_patterns(shape: FactShape, partition: &str) -> Option<Vec<Pattern>> {
    Some(match shape {
        FactShape::Key => return None,
        FactShape::Account => vec![Pattern::new(account_tokens(), false)],
        FactShape::IdentityArn => identity_shapes(partition).to_vec(),
        FactShape::UserUniqueId => vec![Pattern::new(
            [Token::Literal("AIDA".into())]
                .into_iter()
                .chain(some_of(id_chars())),
            false,
        )],
        FactShape::RoleSessionId => vec![Pattern::new(
            [Token::Literal("AROA".into())]
                .into_iter()
                .chain(some_of(id_chars()))
                .chain([Token::Literal(":".into())])
                .chain(some_of(name_chars())),
            false,
        )],
        FactShape::PrincipalType => ["Account", "User", "AssumedRole", "FederatedUser"]
            .into_iter()
            .map(Pattern::literal)
            .collect(),
    })
}

/// The identity ARN shapes of a partition: root, user, role and STS
/// federated user, each of a 12-digit account, with names of IAM's
/// characters (a path may precede user and role names).
pub fn identity_shapes(partition: &str) -> [Pattern; 4] {
    thread_local! {
        /// The shapes of the last partition asked for (encodings ask
        /// thousands of times per resource, nearly always for one).
        static LAST: std::cell::RefCell<Option<(String, [Pattern; 4])>> =
            const { std::cell::RefCell::new(None) };
    }
    LAST.with_borrow_mut(|last| match last {
        Some((p, shapes)) if p == partition => shapes.clone(),
        _ => {
            let shapes = build_identity_shapes(partition);
            *last = Some((partition.to_string(), shapes.clone()));
            shapes
        }
    })
}

fn build_identity_shapes(partition: &str) -> [Pattern; 4] {
    let shape = |service: &str, suffix: &str, named: bool, path: bool| {
        let mut tokens = vec![Token::Literal(format!("arn:{partition}:{service}::"))];
        tokens.extend(account_tokens());
        tokens.push(Token::Literal(format!(":{suffix}")));
        if named {
            let mut chars = name_chars();
            if path {
                chars.push('/');
                chars.sort_unstable();
            }
            tokens.push(Token::OneOf(name_chars()));
            tokens.push(Token::ManyOf(chars));
        }
        Pattern::new(tokens, false)
    };
    [
        shape("iam", "root", false, false),
        shape("iam", "user/", true, true),
        shape("iam", "role/", true, true),
        shape("sts", "federated-user/", true, false),
    ]
}

/// Every identity ARN (any of the four shapes, and assumed-role sessions)
/// of `account` in `partition`.
pub fn account_pattern(partition: &str, account: &str) -> Pattern {
    account_like(partition, &Pattern::literal(account))
}

/// Every ARN of `partition` whose account component is in `account`'s
/// language (wildcards of `account` do not cross `:`).
pub fn account_like(partition: &str, account: &Pattern) -> Pattern {
    let inner = account.tokens().iter().map(|t| match t {
        Token::AnyString { except: None } => Token::AnyString { except: Some(':') },
        Token::AnyChar { except: None } => Token::AnyChar { except: Some(':') },
        other => other.clone(),
    });
    let tokens = [
        Token::Literal(format!("arn:{partition}:")),
        Token::AnyString { except: Some(':') },
        Token::Literal("::".into()),
    ]
    .into_iter()
    .chain(inner)
    .chain([
        Token::Literal(":".into()),
        Token::AnyString { except: None },
    ]);
    Pattern::new(tokens, account.is_case_insensitive())
}

/// Service principal names: `name.amazonaws.com` (and the `.amazonaws.com.cn`
/// form of the China regions).
pub fn service_shapes() -> Vec<Pattern> {
    thread_local! {
        static BUILT: Vec<Pattern> = build_service_shapes();
    }
    BUILT.with(Clone::clone)
}

fn build_service_shapes() -> Vec<Pattern> {
    let mut label: Vec<char> = ('0'..='9').chain('a'..='z').chain(['-', '.']).collect();
    label.sort_unstable();
    ["amazonaws.com", "amazonaws.com.cn"]
        .into_iter()
        .map(|suffix| {
            Pattern::new(
                [
                    Token::OneOf(('a'..='z').collect()),
                    Token::ManyOf(label.clone()),
                    Token::Literal(format!(".{suffix}")),
                ],
                false,
            )
        })
        .collect()
}

/// `value ORDER constant` for the ordered comparisons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Order {
    /// `==`.
    Equal,
    /// `<`.
    Less,
    /// `<=`.
    LessOrEqual,
    /// `>`.
    Greater,
    /// `>=`.
    GreaterOrEqual,
}

impl Order {
    /// Whether `x ORDER c` holds.
    pub fn holds(self, x: i128, c: i128) -> bool {
        match self {
            Order::Equal => x == c,
            Order::Less => x < c,
            Order::LessOrEqual => x <= c,
            Order::Greater => x > c,
            Order::GreaterOrEqual => x >= c,
        }
    }
}

/// The strings of `width` digits whose integer value `t` satisfies
/// `t * scale ORDER constant`, as a union of patterns (empty: none).
///
/// # Example
/// ```
/// use zoneproof_analyzer::encode::shapes::{digit_range_patterns, Order};
/// let at_least = digit_range_patterns(3, 1, Order::GreaterOrEqual, 250);
/// assert!(at_least.iter().any(|p| p.matches("250")));
/// assert!(at_least.iter().any(|p| p.matches("999")));
/// assert!(!at_least.iter().any(|p| p.matches("249")));
/// ```
pub fn digit_range_patterns(width: u32, scale: i128, order: Order, constant: i128) -> Vec<Pattern> {
    let max = 10i128.pow(width) - 1;
    let (low, high) = match order {
        Order::Equal if constant.rem_euclid(scale) == 0 => {
            (constant / scale, constant.div_euclid(scale))
        }
        Order::Equal => return Vec::new(),
        Order::Less => (0, (constant - 1).div_euclid(scale)),
        Order::LessOrEqual => (0, constant.div_euclid(scale)),
        Order::Greater => (constant.div_euclid(scale) + 1, max),
        Order::GreaterOrEqual => ((constant + scale - 1).div_euclid(scale), max),
    };
    let (low, high) = (low.max(0), high.min(max));
    if low > high {
        return Vec::new();
    }
    let width = width as usize;
    let low = format!("{low:0width$}");
    let high = format!("{high:0width$}");
    range_tokens(low.as_bytes(), high.as_bytes())
        .into_iter()
        .map(|tokens| Pattern::new(tokens, false))
        .collect()
}

/// Token sequences for the equal-width digit strings from `low` to `high`.
fn range_tokens(low: &[u8], high: &[u8]) -> Vec<Vec<Token>> {
    let (Some((&a, low_rest)), Some((&b, high_rest))) = (low.split_first(), high.split_first())
    else {
        return vec![Vec::new()];
    };
    let all_zero = low_rest.iter().all(|&d| d == b'0');
    let all_nine = high_rest.iter().all(|&d| d == b'9');
    let any_digits = |n: usize| (0..n).map(|_| Token::OneOf(digits())).collect::<Vec<_>>();
    let digit_range = |from: u8, to: u8| Token::OneOf((from..=to).map(char::from).collect());
    let prefixed = |first: Token, rests: Vec<Vec<Token>>| {
        rests
            .into_iter()
            .map(|rest| std::iter::once(first.clone()).chain(rest).collect())
            .collect::<Vec<_>>()
    };
    if all_zero && all_nine {
        return vec![std::iter::once(digit_range(a, b))
            .chain(any_digits(low_rest.len()))
            .collect()];
    }
    if a == b {
        return prefixed(digit_range(a, a), range_tokens(low_rest, high_rest));
    }
    let nines = vec![b'9'; low_rest.len()];
    let zeros = vec![b'0'; high_rest.len()];
    let mut out = prefixed(digit_range(a, a), range_tokens(low_rest, &nines));
    if b > a + 1 {
        out.push(
            std::iter::once(digit_range(a + 1, b - 1))
                .chain(any_digits(low_rest.len()))
                .collect(),
        );
    }
    out.extend(prefixed(digit_range(b, b), range_tokens(&zeros, high_rest)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digit_ranges_are_exact() {
        for (order, c) in [
            (Order::Less, 37),
            (Order::LessOrEqual, 37),
            (Order::Greater, 37),
            (Order::GreaterOrEqual, 37),
            (Order::Equal, 37),
            (Order::Greater, 999),
            (Order::Less, 0),
        ] {
            let patterns = digit_range_patterns(3, 1, order, c);
            for t in 0..1000 {
                let text = format!("{t:03}");
                assert_eq!(
                    patterns.iter().any(|p| p.matches(&text)),
                    order.holds(t, c),
                    "{order:?} {c} {text}"
                );
            }
        }
        // Scaled: t * 1000 > 2500 means t >= 3.
        let scaled = digit_range_patterns(2, 1000, Order::Greater, 2500);
        assert!(!scaled.iter().any(|p| p.matches("02")));
        assert!(scaled.iter().any(|p| p.matches("03")));
    }

    #[test]
    fn identity_shapes_are_realistic() {
        let [root, user, role, federated] = identity_shapes("aws");
        assert!(root.matches("arn:aws:iam::111122223333:root"));
        assert!(user.matches("arn:aws:iam::111122223333:user/ops/bob"));
        assert!(!role.matches("arn:aws:iam::111122223333:role/${x}"));
        assert!(!federated.matches("arn:aws:sts::1111:federated-user/x"));
        assert!(service_shapes()
            .iter()
            .any(|p| p.matches("cloudtrail.amazonaws.com")));
    }
}
