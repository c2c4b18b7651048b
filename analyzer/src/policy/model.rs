//! The typed model of an IAM policy document.
//!
//! Produced by [`crate::policy::parse_policy`]; consumed by the concrete
//! evaluator ([`crate::eval`]) and by the encoder. Every statement keeps its
//! index in the document, its `Sid` and its JSON path so that findings and
//! errors can point back at the source.

use serde::Serialize;

use super::principal::AwsPrincipal;

/// A parsed policy document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Policy {
    /// The `Version` element, if present.
    pub version: Option<PolicyVersion>,
    /// The `Id` element, if present.
    pub id: Option<String>,
    /// The statements, in document order.
    pub statements: Vec<Statement>,
}

impl Policy {
    /// Whether policy variables (`${...}`) are interpreted: only under
    /// Version `2012-10-17`; otherwise `${` is literal text.
    pub fn variables_enabled(&self) -> bool {
        self.version == Some(PolicyVersion::V2012_10_17)
    }
}

/// The policy language version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum PolicyVersion {
    /// `2012-10-17`: the current version; policy variables are supported.
    #[serde(rename = "2012-10-17")]
    V2012_10_17,
    /// `2008-10-17`: the old version; `${` is literal text.
    #[serde(rename = "2008-10-17")]
    V2008_10_17,
}

/// One statement of a policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Statement {
    /// Zero-based index of the statement in the document.
    pub index: usize,
    /// JSON path of the statement, e.g. `Statement[2]` or `Statement` when
    /// the document has a single statement object.
    pub path: String,
    /// The `Sid` element, if present.
    pub sid: Option<String>,
    /// `Allow` or `Deny`.
    pub effect: Effect,
    /// `Principal` or `NotPrincipal`; `None` when neither is present (as in
    /// identity policies).
    pub principal: Option<PrincipalClause>,
    /// `Action` or `NotAction`.
    pub action: ActionClause,
    /// `Resource` or `NotResource`; `None` when neither is present (allowed
    /// in role trust policies and some resource policies: it then matches the
    /// resource the policy is attached to).
    pub resource: Option<ResourceClause>,
    /// The condition block, one entry per (operator, key) pair, in document
    /// order. All entries are ANDed.
    pub conditions: Vec<Condition>,
}

/// `Allow` or `Deny`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Effect {
    /// The statement grants access.
    Allow,
    /// The statement denies access; an explicit deny wins.
    Deny,
}

/// A `Principal` or `NotPrincipal` element.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PrincipalClause {
    /// True for `NotPrincipal`.
    pub negated: bool,
    /// The principals listed.
    pub principals: PrincipalSet,
}

/// The value of a `Principal` element.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum PrincipalSet {
    /// `"Principal": "*"`: every principal, anonymous included.
    Any,
    /// `"Principal": {"AWS": ..., "Service": ..., ...}`: the union of the
    /// listed principals. May be empty (`{}`), which matches nobody.
    Listed(Vec<Principal>),
}

/// One principal named in a `Principal` element.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Principal {
    /// An `AWS` principal: `*`, a 12-digit account id, or an IAM ARN
    /// (`arn:aws:iam::ID:root`, `...:user/x`, `...:role/x`,
    /// `arn:aws:sts::ID:assumed-role/r/s`, `arn:aws:sts::ID:federated-user/u`),
    /// parsed once ([`AwsPrincipal`]).
    Aws(AwsPrincipal),
    /// A `Service` principal such as `sns.amazonaws.com`.
    Service(String),
    /// A `Federated` principal: an OIDC/SAML provider ARN or a well-known
    /// provider such as `cognito-identity.amazonaws.com`.
    Federated(String),
    /// A `CanonicalUser` id.
    CanonicalUser(String),
}

impl Principal {
    /// The entry as written.
    pub fn text(&self) -> &str {
        match self {
            Principal::Aws(aws) => aws.as_str(),
            Principal::Service(text)
            | Principal::Federated(text)
            | Principal::CanonicalUser(text) => text,
        }
    }
}

/// An `Action` or `NotAction` element.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActionClause {
    /// True for `NotAction`.
    pub negated: bool,
    /// Action patterns as written (`s3:Get*`, `*`); matched case-insensitively.
    pub patterns: Vec<String>,
}

/// A `Resource` or `NotResource` element.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResourceClause {
    /// True for `NotResource`.
    pub negated: bool,
    /// Resource patterns as written; matched case-sensitively, may contain
    /// policy variables.
    pub patterns: Vec<String>,
}

/// One `operator: {key: values}` entry of a condition block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Condition {
    /// JSON path of the entry, e.g. `Statement[0].Condition.StringEquals.aws:SourceVpc`.
    pub path: String,
    /// The operator with its qualifiers.
    pub operator: ConditionOperator,
    /// The condition key as written (keys are case-insensitive in IAM).
    pub key: String,
    /// The values as strings: JSON numbers and booleans are kept in their
    /// JSON text form (`12`, `true`). Values are ORed (for negated
    /// operators: none may match). Validated by the parser against the
    /// operator's type (numbers for `Numeric*`, dates for `Date*`, CIDRs for
    /// `IpAddress`, ...).
    pub values: Vec<String>,
}

/// A condition operator such as `ForAnyValue:StringLikeIfExists`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ConditionOperator {
    /// `ForAllValues:` / `ForAnyValue:` prefix, if any.
    pub set: Option<SetQualifier>,
    /// The base operator.
    pub base: BaseOperator,
    /// The `...IfExists` suffix.
    pub if_exists: bool,
}

/// A set-operator qualifier for multivalued keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum SetQualifier {
    /// `ForAllValues:`: every value in the request must match; true on an
    /// absent or empty set.
    ForAllValues,
    /// `ForAnyValue:`: at least one value must match; false on an absent or
    /// empty set.
    ForAnyValue,
}

/// The base condition operators of IAM.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum BaseOperator {
    /// Exact, case-sensitive string match against any listed value.
    StringEquals,
    /// Negated `StringEquals`: true when the value matches none of the listed values.
    StringNotEquals,
    /// String match ignoring case.
    StringEqualsIgnoreCase,
    /// Negated `StringEqualsIgnoreCase`.
    StringNotEqualsIgnoreCase,
    /// Case-sensitive match where `*` matches any run of characters and `?` one
    /// character, in any listed pattern.
    StringLike,
    /// Negated `StringLike`: true when the value matches none of the patterns.
    StringNotLike,
    /// Numbers compare equal.
    NumericEquals,
    /// Negated `NumericEquals`.
    NumericNotEquals,
    /// The request's number is strictly below the policy's.
    NumericLessThan,
    /// The request's number is at most the policy's.
    NumericLessThanEquals,
    /// The request's number is strictly above the policy's.
    NumericGreaterThan,
    /// The request's number is at least the policy's.
    NumericGreaterThanEquals,
    /// Both timestamps denote the same instant.
    DateEquals,
    /// Negated `DateEquals`.
    DateNotEquals,
    /// The request's instant is strictly before the policy's.
    DateLessThan,
    /// The request's instant is at or before the policy's.
    DateLessThanEquals,
    /// The request's instant is strictly after the policy's.
    DateGreaterThan,
    /// The request's instant is at or after the policy's.
    DateGreaterThanEquals,
    /// Both sides read as booleans (`true` / `false`, any case) and are equal.
    Bool,
    /// The request's base-64 text equals the policy's base-64 text exactly.
    BinaryEquals,
    /// The request's IP address lies in one of the listed CIDR ranges.
    IpAddress,
    /// Negated `IpAddress`: the address lies in none of the ranges.
    NotIpAddress,
    /// ARN match segment by segment; behaves as `ArnLike` in IAM (wildcards
    /// allowed).
    ArnEquals,
    /// ARN match segment by segment with `*` / `?` wildcards within a segment.
    ArnLike,
    /// Negated `ArnEquals`.
    ArnNotEquals,
    /// Negated `ArnLike`.
    ArnNotLike,
    /// Tests key presence: `true` means the key is absent, `false` that it is
    /// present.
    Null,
}

/// The value type an operator compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum OperatorFamily {
    /// `String*` operators.
    String,
    /// `Numeric*` operators.
    Numeric,
    /// `Date*` operators.
    Date,
    /// `Bool`.
    Bool,
    /// `BinaryEquals`.
    Binary,
    /// `IpAddress` / `NotIpAddress`.
    Ip,
    /// `Arn*` operators.
    Arn,
    /// `Null`.
    Null,
}

impl BaseOperator {
    /// Every base operator, with its name as written in policies.
    pub const ALL: [(BaseOperator, &'static str); 27] = [
        (BaseOperator::StringEquals, "StringEquals"),
        (BaseOperator::StringNotEquals, "StringNotEquals"),
        (
            BaseOperator::StringEqualsIgnoreCase,
            "StringEqualsIgnoreCase",
        ),
        (
            BaseOperator::StringNotEqualsIgnoreCase,
            "StringNotEqualsIgnoreCase",
        ),
        (BaseOperator::StringLike, "StringLike"),
        (BaseOperator::StringNotLike, "StringNotLike"),
        (BaseOperator::NumericEquals, "NumericEquals"),
        (BaseOperator::NumericNotEquals, "NumericNotEquals"),
        (BaseOperator::NumericLessThan, "NumericLessThan"),
        (BaseOperator::NumericLessThanEquals, "NumericLessThanEquals"),
        (BaseOperator::NumericGreaterThan, "NumericGreaterThan"),
        (
            BaseOperator::NumericGreaterThanEquals,
            "NumericGreaterThanEquals",
        ),
        (BaseOperator::DateEquals, "DateEquals"),
        (BaseOperator::DateNotEquals, "DateNotEquals"),
        (BaseOperator::DateLessThan, "DateLessThan"),
        (BaseOperator::DateLessThanEquals, "DateLessThanEquals"),
        (BaseOperator::DateGreaterThan, "DateGreaterThan"),
        (BaseOperator::DateGreaterThanEquals, "DateGreaterThanEquals"),
        (BaseOperator::Bool, "Bool"),
        (BaseOperator::BinaryEquals, "BinaryEquals"),
        (BaseOperator::IpAddress, "IpAddress"),
        (BaseOperator::NotIpAddress, "NotIpAddress"),
        (BaseOperator::ArnEquals, "ArnEquals"),
        (BaseOperator::ArnLike, "ArnLike"),
        (BaseOperator::ArnNotEquals, "ArnNotEquals"),
        (BaseOperator::ArnNotLike, "ArnNotLike"),
        (BaseOperator::Null, "Null"),
    ];

    /// The operator's name as written in policies.
    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(op, _)| *op == self)
            .map_or("?", |(_, name)| name)
    }

    /// Looks an operator up by its exact (case-sensitive) name.
    pub fn from_name(name: &str) -> Option<BaseOperator> {
        Self::ALL
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(op, _)| *op)
    }

    /// Whether the operator is negated (`...Not...`): a request matches when
    /// none of the values match.
    pub fn is_negated(self) -> bool {
        matches!(
            self,
            BaseOperator::StringNotEquals
                | BaseOperator::StringNotEqualsIgnoreCase
                | BaseOperator::StringNotLike
                | BaseOperator::NumericNotEquals
                | BaseOperator::DateNotEquals
                | BaseOperator::NotIpAddress
                | BaseOperator::ArnNotEquals
                | BaseOperator::ArnNotLike
        )
    }

    /// The value type the operator compares.
    pub fn family(self) -> OperatorFamily {
        use BaseOperator as B;
        match self {
            B::StringEquals
            | B::StringNotEquals
            | B::StringEqualsIgnoreCase
            | B::StringNotEqualsIgnoreCase
            | B::StringLike
            | B::StringNotLike => OperatorFamily::String,
            B::NumericEquals
            | B::NumericNotEquals
            | B::NumericLessThan
            | B::NumericLessThanEquals
            | B::NumericGreaterThan
            | B::NumericGreaterThanEquals => OperatorFamily::Numeric,
            B::DateEquals
            | B::DateNotEquals
            | B::DateLessThan
            | B::DateLessThanEquals
            | B::DateGreaterThan
            | B::DateGreaterThanEquals => OperatorFamily::Date,
            B::Bool => OperatorFamily::Bool,
            B::BinaryEquals => OperatorFamily::Binary,
            B::IpAddress | B::NotIpAddress => OperatorFamily::Ip,
            B::ArnEquals | B::ArnLike | B::ArnNotEquals | B::ArnNotLike => OperatorFamily::Arn,
            B::Null => OperatorFamily::Null,
        }
    }
}

impl ConditionOperator {
    /// The operator as written in a policy, e.g. `ForAnyValue:StringLikeIfExists`.
    pub fn display_name(&self) -> String {
        let prefix = match self.set {
            Some(SetQualifier::ForAllValues) => "ForAllValues:",
            Some(SetQualifier::ForAnyValue) => "ForAnyValue:",
            None => "",
        };
        let suffix = if self.if_exists { "IfExists" } else { "" };
        format!("{prefix}{}{suffix}", self.base.name())
    }
}
