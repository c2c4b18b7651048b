//! The variables of the symbolic request, the twin of [`crate::eval::Request`].

use std::collections::BTreeSet;

use zoneproof_encodings::term::{self, CmpOp, Sort, Term, Var};

/// Principal kinds, as the integer values of the `p.kind` variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PrincipalKind {
    /// An unsigned request.
    Anonymous = 0,
    /// An IAM principal of some account (or an opaque principal id).
    Aws = 1,
    /// An AWS service principal.
    Service = 2,
    /// A web-identity or SAML federated caller.
    Federated = 3,
    /// An S3 canonical user.
    CanonicalUser = 4,
}

impl PrincipalKind {
    /// Every kind.
    pub const ALL: [PrincipalKind; 5] = [
        PrincipalKind::Anonymous,
        PrincipalKind::Aws,
        PrincipalKind::Service,
        PrincipalKind::Federated,
        PrincipalKind::CanonicalUser,
    ];

    /// The kind for a decoded integer.
    pub fn from_code(code: i128) -> Option<PrincipalKind> {
        Self::ALL.into_iter().find(|k| *k as i128 == code)
    }
}

/// The variables that describe the principal, action and resource.
#[derive(Debug, Clone)]
pub struct RequestVars {
    /// The principal kind, an integer code ([`PrincipalKind`]).
    pub kind: Var,
    /// The identity ARN of an AWS principal (a role ARN stands for its
    /// sessions), a session ARN or opaque id the policy names.
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
    /// Whether the request comes through a VPC endpoint.
    pub via_vpc_endpoint: Var,
    /// Which named (or representative) account the AWS principal belongs
    /// to, as an index (`-1`: none of them).
    pub account_index: Var,
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
            via_vpc_endpoint: Var::new("r.via_vpce", Sort::Bool),
            account_index: Var::new("p.account_index", Sort::Int),
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

    /// Every variable.
    pub fn all(&self) -> [&Var; 9] {
        [
            &self.kind,
            &self.arn,
            &self.service,
            &self.provider,
            &self.canonical,
            &self.action,
            &self.resource,
            &self.via_vpc_endpoint,
            &self.account_index,
        ]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum View {
    /// Strings (String*, Arn*, Bool, Binary operators).
    Text,
    /// Decimals scaled by 10^9 (Numeric* operators).
    Number,
    /// Dates (Date* operators).
    Date,
    /// 128-bit addresses, IPv4 mapped (IpAddress, NotIpAddress).
    Ip,
}

/// A date as the request carries it: whole seconds since the epoch and the
/// milliseconds beyond them (`0..1000`). Dates past year 9999 can only be
/// written as epoch seconds, so they have no milliseconds.
#[derive(Debug, Clone)]
pub struct DateVars {
    /// Seconds since the epoch (floor).
    pub seconds: Var,
    /// Milliseconds beyond the seconds.
    pub millis: Var,
    /// Whether the value parses as a date.
    pub ok: Var,
}

/// The variables of one value of a context key.
#[derive(Debug, Clone)]
pub struct ElementVars {
    /// Whether this value is in the request's set (multivalued keys).
    pub used: Var,
    /// The value as text.
    pub text: Var,
    /// The value as a number (scaled by 10^9), and whether it parses as one.
    pub number: (Var, Var),
    /// The value as a date.
    pub date: DateVars,
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
            date: DateVars {
                seconds: name("date_s", Sort::Int),
                millis: name("date_ms", Sort::Int),
                ok: name("date_ok", Sort::Bool),
            },
            ip: (name("ip", Sort::Ip), name("ip_ok", Sort::Bool)),
        }
    }

    /// Every variable of the element.
    pub fn all(&self) -> [&Var; 9] {
        [
            &self.used,
            &self.text,
            &self.number.0,
            &self.number.1,
            &self.date.seconds,
            &self.date.millis,
            &self.date.ok,
            &self.ip.0,
            &self.ip.1,
        ]
    }
}

/// The variables of a context key whose value the request states (a fact
/// or a key the caller sends).
#[derive(Debug, Clone)]
pub struct KeyVars {
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
    /// Variables for a key with `elements` values at most. A single-valued
    /// key present has exactly its one value, so that value's `used` is the
    /// key's `present` (one variable, not two kept equal).
    pub fn new(lowercase: &str, elements: usize, multivalued: bool) -> KeyVars {
        let present = Var::new(&format!("k.{lowercase}.present"), Sort::Bool);
        let mut elements: Vec<ElementVars> = (0..elements.max(1))
            .map(|i| ElementVars::new(lowercase, i))
            .collect();
        if !multivalued {
            if let Some(only) = elements.first_mut() {
                only.used = present.clone();
            }
        }
        KeyVars {
            present,
            elements,
            multivalued,
            views: BTreeSet::new(),
        }
    }

    /// Domain constraints: a used value implies presence (a single-valued
    /// key's one value is used exactly when the key is present, by
    /// construction).
    pub fn domain(&self) -> Term {
        if !self.multivalued {
            return term::tru();
        }
        let present = term::var(&self.present);
        term::and(
            self.elements
                .iter()
                .map(|e| term::implies(term::var(&e.used), present.clone())),
        )
    }

    /// The one typed view conditions use (text when none).
    pub fn view(&self) -> View {
        self.views.iter().next().copied().unwrap_or(View::Text)
    }
}
