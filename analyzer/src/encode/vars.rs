//! The variables of a symbolic request.

use super::universe::PrincipalKind;
use std::collections::{BTreeMap, BTreeSet};
use zoneproof_encodings::term::{self, CmpOp, Sort, Term, Var};

/// The variables that describe the principal, action and resource.
#[derive(Debug, Clone)]
pub struct RequestVars {
    /// The principal kind, an integer code ([`PrincipalKind`]).
    pub kind: Var,
    /// The identity ARN of an AWS principal (or a named session / opaque id).
    pub arn: Var,
    /// The service principal name.
    pub service: Var,
    /// The identity provider of a federated caller.
    pub provider: Var,
    /// The canonical user id.
    pub canonical: Var,
    /// The action class index.
    pub action: Var,
    /// The resource the request names.
    pub resource: Var,
}

impl RequestVars {
    /// Fresh request variables.
    pub fn new() -> RequestVars {
        RequestVars {
            kind: Var::new("p.kind", Sort::Int),
            arn: Var::new("p.arn", Sort::Str),
            service: Var::new("p.service", Sort::Str),
            provider: Var::new("p.provider", Sort::Str),
            canonical: Var::new("p.canonical", Sort::Str),
            action: Var::new("r.action", Sort::Int),
            resource: Var::new("r.resource", Sort::Str),
        }
    }

    /// `p.kind == kind`.
    pub fn kind_is(&self, kind: PrincipalKind) -> Term {
        int_eq(&self.kind, kind as i128)
    }

    /// `r.action == class`.
    pub fn action_is(&self, class: usize) -> Term {
        int_eq(&self.action, class as i128)
    }
}

impl Default for RequestVars {
    fn default() -> Self {
        RequestVars::new()
    }
}

/// `var == value` for an integer variable.
pub fn int_eq(var: &Var, value: i128) -> Term {
    term::cmp(CmpOp::Eq, term::var(var), term::int(value)).unwrap_or_else(|_| term::fls())
}

/// `low <= var < high_exclusive` for an integer variable.
pub fn int_range(var: &Var, low: i128, high_exclusive: i128) -> Term {
    let lower = term::cmp(CmpOp::Le, term::int(low), term::var(var));
    let upper = term::cmp(CmpOp::Lt, term::var(var), term::int(high_exclusive));
    match (lower, upper) {
        (Ok(l), Ok(u)) => term::and([l, u]),
        _ => term::fls(),
    }
}

/// Which typed view of a context value a condition compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum View {
    /// Strings (String*, Arn*, Bool, Binary operators).
    Text,
    /// Decimals scaled by 10^9 (Numeric* operators).
    Number,
    /// Epoch milliseconds (Date* operators).
    Date,
    /// 128-bit addresses, IPv4 mapped (IpAddress, NotIpAddress).
    Ip,
}

/// The variables of one value of a context key.
#[derive(Debug, Clone)]
pub struct ElementVars {
    /// Whether this value is in the request's set (multivalued keys).
    pub used: Var,
    /// The value as text.
    pub text: Var,
    /// The value as a number, and whether it parses as one.
    pub number: (Var, Var),
    /// The value as a date, and whether it parses as one.
    pub date: (Var, Var),
    /// The value as an IP address, and whether it parses as one.
    pub ip: (Var, Var),
}

impl ElementVars {
    fn new(key: &str, index: usize) -> ElementVars {
        let name = |part: &str, sort| Var::new(&format!("k.{key}.{index}.{part}"), sort);
        ElementVars {
            used: name("used", Sort::Bool),
            text: name("text", Sort::Str),
            number: (name("num", Sort::Int), name("num_ok", Sort::Bool)),
            date: (name("date", Sort::Int), name("date_ok", Sort::Bool)),
            ip: (name("ip", Sort::Ip), name("ip_ok", Sort::Bool)),
        }
    }
}

/// The variables of a context key that the request may carry freely.
#[derive(Debug, Clone)]
pub struct KeyVars {
    /// The key as written in the policy (first occurrence).
    pub display: String,
    /// Whether the key is in the request.
    pub present: Var,
    /// Its values: one for a single-valued key, several for a set.
    pub elements: Vec<ElementVars>,
    /// Whether the key is a set (multivalued).
    pub multivalued: bool,
    /// The views conditions compare it by.
    pub views: BTreeSet<View>,
}

impl KeyVars {
    /// Variables for a key with `elements` values at most.
    pub fn new(display: &str, lowercase: &str, elements: usize, multivalued: bool) -> KeyVars {
        KeyVars {
            display: display.to_string(),
            present: Var::new(&format!("k.{lowercase}.present"), Sort::Bool),
            elements: (0..elements.max(1))
                .map(|i| ElementVars::new(lowercase, i))
                .collect(),
            multivalued,
            views: BTreeSet::new(),
        }
    }

    /// Domain constraints: a used value implies presence; a single-valued
    /// key present has exactly its one value.
    pub fn domain(&self) -> Term {
        let present = term::var(&self.present);
        if !self.multivalued {
            return match self.elements.first() {
                Some(e) => term::iff(term::var(&e.used), present),
                None => term::tru(),
            };
        }
        term::and(
            self.elements
                .iter()
                .map(|e| term::implies(term::var(&e.used), present.clone())),
        )
    }
}

/// All context-key variables, by lowercase key.
pub type KeyTable = BTreeMap<String, KeyVars>;
