//! ARNs: splitting one into its fields, and checking it against a resource
//! type's ARN forms, so that `not-an-arn`, an empty string or the ARN of
//! another type is a clear error instead of a resource no statement names
//! (which would look clean).
//!
//! Forms use the IAM catalog's notation: `${Partition}` is a partition
//! (`aws`, `aws-cn`, ...), `${Region}` a region, `${Account}` twelve
//! digits; any other `${Variable}` is one non-empty ARN segment (no `:`,
//! no `/`) unless the type lists it as free (an IAM role's path, a
//! secret's name: anything non-empty). An unresolved template value
//! (`{{unresolved:...}}`) stands for any value of the variable it is in.

use std::fmt;

/// Longer ARNs are rejected: AWS's own limit is 2048 characters.
pub const MAX_ARN_LENGTH: usize = 2048;

/// The marker that starts an unresolved template value.
const PLACEHOLDER_START: &str = "{{unresolved:";
const PLACEHOLDER_END: &str = "}}";

/// The six colon-separated components of an ARN, the last keeping its colons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArnParts<'a> {
    /// `aws`, `aws-cn`, `aws-us-gov`, ...
    pub partition: &'a str,
    /// Service namespace.
    pub service: &'a str,
    /// Region, empty for global resources.
    pub region: &'a str,
    /// Account id, empty for S3 buckets.
    pub account: &'a str,
    /// Resource part.
    pub resource: &'a str,
}

impl ArnParts<'_> {
    /// The ARN up to and including the colon before the resource part.
    pub fn prefix(&self) -> String {
        format!(
            "arn:{}:{}:{}:{}:",
            self.partition, self.service, self.region, self.account
        )
    }
}

/// Splits an ARN into its components, or `None` if it is not an ARN.
pub fn split_arn(arn: &str) -> Option<ArnParts<'_>> {
    let mut parts = arn.splitn(6, ':');
    let (Some("arn"), Some(partition), Some(service), Some(region), Some(account), Some(resource)) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return None;
    };
    Some(ArnParts {
        partition,
        service,
        region,
        account,
        resource,
    })
}

/// Why an ARN cannot name a resource of a type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ArnError {
    /// The ARN is empty.
    #[error("the resource ARN is empty")]
    Empty,
    /// The ARN is longer than AWS allows.
    #[error("the resource ARN has {0} characters; ARNs have at most 2048")]
    TooLong(usize),
    /// The text is not `arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE`.
    #[error("`{}` is not an ARN: expected arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE", Shown(.0))]
    NotAnArn(String),
    /// The ARN has none of the type's forms.
    #[error(
        "`{}` is not an ARN of {resource_type}: expected {}{}",
        Shown(arn),
        expected.join(" or "),
        looks_like.map(|t| format!(" (it looks like an ARN of {t})")).unwrap_or_default()
    )]
    WrongType {
        /// The ARN given.
        arn: String,
        /// The type it was given for.
        resource_type: &'static str,
        /// The type's forms.
        expected: Vec<&'static str>,
        /// A known type whose forms the ARN has, if any.
        looks_like: Option<&'static str>,
    },
}

/// User text in a one-line message: control characters escaped, long
/// values cut.
struct Shown<'a>(&'a str);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const SHOWN: usize = 200;
        for (index, c) in self.0.chars().enumerate() {
            if index == SHOWN {
                return write!(f, "...");
            }
            if c.is_control() {
                write!(f, "{}", c.escape_default())?;
            } else {
                write!(f, "{c}")?;
            }
        }
        Ok(())
    }
}

/// Checks what every ARN must be: not empty, not too long, six fields
/// with a service.
pub fn check_shape(arn: &str) -> Result<ArnParts<'_>, ArnError> {
    if arn.is_empty() {
        return Err(ArnError::Empty);
    }
    if arn.len() > MAX_ARN_LENGTH {
        return Err(ArnError::TooLong(arn.chars().count()));
    }
    match split_arn(arn) {
        Some(parts)
            if !parts.partition.is_empty()
                && !parts.service.is_empty()
                && parts.service.bytes().all(|b| {
                    b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.'
                })
                && !arn.chars().any(char::is_control) =>
        {
            Ok(parts)
        }
        _ if has_placeholder(arn) && !arn.chars().any(char::is_control) => Ok(ArnParts {
            partition: "",
            service: "",
            region: "",
            account: "",
            resource: arn,
        }),
        _ => Err(ArnError::NotAnArn(arn.to_string())),
    }
}

/// Whether an ARN has one of the forms (see the module documentation).
pub fn matches_form(form: &str, free: &[&str], arn: &str) -> bool {
    let atoms = form_atoms(form, free);
    let units = Text::new(arn).units;
    let mut matcher = Matcher {
        atoms: &atoms,
        units: &units,
        failed: vec![false; (atoms.len() + 1) * (units.len() + 1)],
    };
    matcher.matches(0, 0)
}

/// A token of an ARN form.
#[derive(Debug, Clone, PartialEq, Eq)]
enum FormToken {
    Literal(Vec<char>),
    Variable(VariableClass),
}

/// What a variable's value may contain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum VariableClass {
    Partition,
    Region,
    Account,
    Segment,
    Free,
}

/// One atom of a form: a literal character or a variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Atom {
    Char(char),
    Variable(VariableClass),
}

fn form_atoms(form: &str, free: &[&str]) -> Vec<Atom> {
    tokenize_form(form, free)
        .into_iter()
        .flat_map(|token| match token {
            FormToken::Literal(chars) => chars.into_iter().map(Atom::Char).collect(),
            FormToken::Variable(class) => vec![Atom::Variable(class)],
        })
        .collect()
}

fn tokenize_form(form: &str, free: &[&str]) -> Vec<FormToken> {
    let mut tokens = Vec::new();
    let mut rest = form;
    while !rest.is_empty() {
        match rest.find("${") {
            Some(0) => {
                let end = rest.find('}').unwrap_or(rest.len() - 1);
                let name = rest.get(2..end).unwrap_or("");
                let class = match name {
                    "Partition" => VariableClass::Partition,
                    "Region" => VariableClass::Region,
                    "Account" => VariableClass::Account,
                    _ if free.contains(&name) => VariableClass::Free,
                    _ => VariableClass::Segment,
                };
                tokens.push(FormToken::Variable(class));
                rest = rest.get(end + 1..).unwrap_or("");
            }
            Some(start) => {
                tokens.push(FormToken::Literal(
                    rest.get(..start).unwrap_or("").chars().collect(),
                ));
                rest = rest.get(start..).unwrap_or("");
            }
            None => {
                tokens.push(FormToken::Literal(rest.chars().collect()));
                rest = "";
            }
        }
    }
    tokens
}

/// One unit of an ARN being matched: a character, or a whole unresolved
/// template value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Char(char),
    Placeholder,
}

struct Text {
    units: Vec<Unit>,
}

impl Text {
    fn new(arn: &str) -> Text {
        let mut units = Vec::new();
        let mut rest = arn;
        while !rest.is_empty() {
            if rest.starts_with(PLACEHOLDER_START) {
                // Placeholders inside placeholders have their `}}` spaced
                // out, so the first `}}` ends the outermost one.
                let end = rest
                    .find(PLACEHOLDER_END)
                    .map_or(rest.len(), |i| i + PLACEHOLDER_END.len());
                units.push(Unit::Placeholder);
                rest = rest.get(end..).unwrap_or("");
            } else {
                let mut chars = rest.chars();
                if let Some(c) = chars.next() {
                    units.push(Unit::Char(c));
                }
                rest = chars.as_str();
            }
        }
        Text { units }
    }
}

fn has_placeholder(text: &str) -> bool {
    text.contains(PLACEHOLDER_START)
}

/// Matches units against atoms: a character matches itself, a variable
/// one or more units of its class, and an unresolved value (a placeholder
/// unit) any run of atoms, even parts of literals: it may stand for a whole
/// ARN or for several of its fields. Failed states are remembered, so the
/// work is bounded by atoms × units × units.
struct Matcher<'a> {
    atoms: &'a [Atom],
    units: &'a [Unit],
    /// Whether (atom, unit) is known not to match, row by row of atoms.
    failed: Vec<bool>,
}

impl Matcher<'_> {
    fn matches(&mut self, atom: usize, unit: usize) -> bool {
        let state = atom * (self.units.len() + 1) + unit;
        if self.failed.get(state).copied().unwrap_or(false) {
            return false;
        }
        let matched = self.step(atom, unit);
        if !matched {
            if let Some(failed) = self.failed.get_mut(state) {
                *failed = true;
            }
        }
        matched
    }

    fn step(&mut self, atom: usize, unit: usize) -> bool {
        if self.units.get(unit) == Some(&Unit::Placeholder)
            && (atom..=self.atoms.len()).any(|end| self.matches(end, unit + 1))
        {
            return true;
        }
        match self.atoms.get(atom).copied() {
            None => unit == self.units.len(),
            Some(Atom::Char(c)) => {
                self.units.get(unit) == Some(&Unit::Char(c)) && self.matches(atom + 1, unit + 1)
            }
            Some(Atom::Variable(class)) => {
                let rest = self.units.get(unit..).unwrap_or(&[]);
                // Without an unresolved value ahead, a run that does not
                // fit its class only grows worse: stop there (an account
                // fits at twelve digits only, so it goes on until then).
                let monotone =
                    !rest.contains(&Unit::Placeholder) && class != VariableClass::Account;
                for len in 1..=rest.len() {
                    let fits = rest
                        .get(..len)
                        .is_some_and(|value| value_fits(class, value));
                    if !fits && monotone {
                        break;
                    }
                    if fits && self.matches(atom + 1, unit + len) {
                        return true;
                    }
                }
                false
            }
        }
    }
}

fn value_fits(class: VariableClass, value: &[Unit]) -> bool {
    if value.contains(&Unit::Placeholder) {
        return true;
    }
    let chars = value.iter().filter_map(|unit| match unit {
        Unit::Char(c) => Some(*c),
        Unit::Placeholder => None,
    });
    match class {
        VariableClass::Partition => {
            chars.clone().next().is_some_and(|c| c.is_ascii_lowercase())
                && chars.clone().all(|c| c.is_ascii_lowercase() || c == '-')
        }
        VariableClass::Region => chars
            .clone()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
        VariableClass::Account => value.len() == 12 && chars.clone().all(|c| c.is_ascii_digit()),
        VariableClass::Segment => chars.clone().all(|c| c != ':' && c != '/'),
        VariableClass::Free => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BUCKET: &str = "arn:${Partition}:s3:::${BucketName}";
    const ROLE: &str = "arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}";

    #[test]
    fn split_arn_keeps_colons_in_the_resource() {
        let parts = split_arn("arn:aws:lambda:us-east-1:111122223333:function:f:1");
        assert_eq!(
            parts.map(|p| (p.account, p.resource)),
            Some(("111122223333", "function:f:1"))
        );
        assert_eq!(split_arn("not-an-arn"), None);
    }

    #[test]
    fn segments_do_not_cross_slashes_or_colons() {
        assert!(matches_form(BUCKET, &[], "arn:aws:s3:::my-bucket"));
        assert!(!matches_form(BUCKET, &[], "arn:aws:s3:::my-bucket/key"));
        assert!(!matches_form(BUCKET, &[], "arn:aws:s3:::"));
        assert!(!matches_form(BUCKET, &[], "arn:aws:s3:us-east-1::b"));
        assert!(!matches_form(
            BUCKET,
            &[],
            "arn:aws:sqs:us-east-1:111122223333:q"
        ));
    }

    #[test]
    fn free_variables_take_paths_and_accounts_are_twelve_digits() {
        let free = ["RoleNameWithPath"];
        assert!(matches_form(
            ROLE,
            &free,
            "arn:aws:iam::111122223333:role/path/to/r"
        ));
        assert!(!matches_form(
            ROLE,
            &[],
            "arn:aws:iam::111122223333:role/path/r"
        ));
        assert!(!matches_form(ROLE, &free, "arn:aws:iam::1111:role/r"));
        assert!(!matches_form(ROLE, &free, "arn:aws:iam:::role/r"));
    }

    #[test]
    fn placeholders_stand_for_any_value() {
        assert!(matches_form(
            ROLE,
            &[],
            "arn:aws:iam::{{unresolved:AWS::AccountId}}:role/r"
        ));
        assert!(matches_form(ROLE, &[], "{{unresolved:Ref:RoleArn}}"));
        assert!(!matches_form(
            ROLE,
            &[],
            "arn:aws:s3:::{{unresolved:Ref:Bucket}}"
        ));
    }

    #[test]
    fn shapes_that_are_no_arn_are_errors() {
        assert_eq!(check_shape(""), Err(ArnError::Empty));
        assert!(matches!(
            check_shape("not-an-arn"),
            Err(ArnError::NotAnArn(_))
        ));
        assert!(matches!(
            check_shape("arn:aws::us-east-1:1:x"),
            Err(ArnError::NotAnArn(_))
        ));
        assert!(check_shape("arn:aws:s3:::b").is_ok());
        let long = format!("arn:aws:s3:::{}", "b".repeat(3000));
        assert!(matches!(check_shape(&long), Err(ArnError::TooLong(_))));
    }

    #[test]
    fn messages_escape_control_characters_and_cut_long_values() {
        let error = ArnError::NotAnArn("bad\nline".into());
        assert_eq!(
            error.to_string(),
            "`bad\\nline` is not an ARN: expected arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE"
        );
        let long = ArnError::NotAnArn("x".repeat(500)).to_string();
        assert!(long.len() < 300, "{long}");
    }
}
