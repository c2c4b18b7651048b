//! Readings of matches that AWS does not document.
//!
//! Where the documentation gives no answer (an `ArnLike` pattern with fewer
//! than six components, a condition operator without `ForAnyValue:` /
//! `ForAllValues:` on a key with several values or an empty set), zoneproof
//! does not pick one answer for every position. A match is *undocumented*
//! when AWS may say either; the [`Reading`] decides it per position:
//! [`Reading::GrantsMore`] takes the answer that grants more access at that
//! position ("may match" in an `Allow`, "may not match" in a `Deny` or under
//! a negated operator), [`Reading::GrantsLess`] the other one. Because each
//! position only ever raises or lowers access, the grants-more reading
//! allows every request that some combination of answers allows: the
//! analysis explores it, and a finding whose witness is not allowed under
//! the grants-less reading says that it relies on an undocumented match.
//! The decisions are listed in `docs/semantics.md`.

/// How undocumented matches are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Reading {
    /// At each position, the answer that grants more access (the default:
    /// the analysis never misses access AWS may grant).
    #[default]
    GrantsMore,
    /// At each position, the answer that grants less access.
    GrantsLess,
}

/// Whether a condition, element or comparison holding at some position
/// grants access (an `Allow` statement's positive condition) or takes it
/// away (a `Deny` statement, or under a negation inside an `Allow`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Polarity {
    /// Holding grants more access.
    Grants,
    /// Holding grants less access.
    Restricts,
}

impl Polarity {
    /// The polarity of a statement's parts: `Grants` in an `Allow`
    /// statement, `Restricts` in a `Deny`.
    pub fn of_effect(effect: crate::policy::Effect) -> Polarity {
        match effect {
            crate::policy::Effect::Allow => Polarity::Grants,
            crate::policy::Effect::Deny => Polarity::Restricts,
        }
    }

    /// The polarity under a negation.
    pub fn negate(self) -> Polarity {
        match self {
            Polarity::Grants => Polarity::Restricts,
            Polarity::Restricts => Polarity::Grants,
        }
    }

    /// The polarity under a negation when `negated` holds.
    pub fn negate_if(self, negated: bool) -> Polarity {
        if negated {
            self.negate()
        } else {
            self
        }
    }
}

impl Reading {
    /// Whether an undocumented match holds at a position of `polarity`,
    /// when `may_hold` says whether it may hold at all (for a short ARN
    /// pattern: whether the whole-value wildcard reading matches).
    ///
    /// # Example
    /// ```
    /// use zoneproof_analyzer::semantics::reading::{Polarity, Reading};
    /// assert!(Reading::GrantsMore.decide(Polarity::Grants, true));
    /// assert!(!Reading::GrantsMore.decide(Polarity::Restricts, true));
    /// assert!(!Reading::GrantsLess.decide(Polarity::Grants, true));
    /// assert!(!Reading::GrantsMore.decide(Polarity::Grants, false));
    /// ```
    pub fn decide(self, polarity: Polarity, may_hold: bool) -> bool {
        may_hold && self.holds_at(polarity)
    }

    /// Whether this reading makes an undocumented match hold at a position
    /// of `polarity` (when it may hold).
    pub fn holds_at(self, polarity: Polarity) -> bool {
        matches!(
            (self, polarity),
            (Reading::GrantsMore, Polarity::Grants) | (Reading::GrantsLess, Polarity::Restricts)
        )
    }

    /// The other reading.
    pub fn opposite(self) -> Reading {
        match self {
            Reading::GrantsMore => Reading::GrantsLess,
            Reading::GrantsLess => Reading::GrantsMore,
        }
    }
}

/// How an encoding answers the undocumented matches of its policies.
///
/// A [`Reading`] answers each position by its polarity, which is right for
/// one policy (the grants-more reading allows every request some answer
/// allows) but not for a comparison of two policies: AWS gives one answer
/// to one match, so a position of the new policy and the same match in the
/// reference must not be read apart (`check_no_new_access(P, P)` would fail
/// on any `P` with an `ArnLike` pattern of fewer than six components).
/// [`UndocumentedAnswers::Shared`] gives each undocumented match a free
/// answer, named by what decides it (the pattern and the request value it
/// meets, or the condition on a set), so every policy of the environment
/// reads the same match the same way and the solver explores every answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum UndocumentedAnswers {
    /// Each position by the [`Reading`] the policy is encoded with.
    #[default]
    ByReading,
    /// One free answer per match, shared by every policy of the environment
    /// (the encoding's [`Reading`] no longer matters for these matches).
    Shared,
}
