//! Validation findings in IAM Access Analyzer's `ValidatePolicyFinding`
//! shape: `findingType`, `issueCode`, `findingDetails`, `learnMoreLink`,
//! `locations`.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use super::json::Span;

/// How serious a finding is, as Access Analyzer classifies them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum FindingType {
    /// The policy is invalid or does not do what it says.
    Error,
    /// The policy grants more than it seems to, or more than it should.
    SecurityWarning,
    /// The policy does not follow a best practice.
    Warning,
    /// The policy can be simplified or made clearer.
    Suggestion,
}

impl FindingType {
    /// Every finding type, most serious first.
    pub const ALL: [FindingType; 4] = [
        FindingType::Error,
        FindingType::SecurityWarning,
        FindingType::Warning,
        FindingType::Suggestion,
    ];

    /// The name Access Analyzer uses, e.g. `SECURITY_WARNING`.
    pub fn as_str(self) -> &'static str {
        match self {
            FindingType::Error => "ERROR",
            FindingType::SecurityWarning => "SECURITY_WARNING",
            FindingType::Warning => "WARNING",
            FindingType::Suggestion => "SUGGESTION",
        }
    }

    /// The anchor word of the reference page's sections, e.g.
    /// `security-warning` (warnings are "General Warning" there).
    pub(crate) fn anchor_word(self) -> &'static str {
        match self {
            FindingType::Error => "error",
            FindingType::SecurityWarning => "security-warning",
            FindingType::Warning => "general-warning",
            FindingType::Suggestion => "suggestion",
        }
    }
}

impl fmt::Display for FindingType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A finding type name that is not one of `ERROR`, `SECURITY_WARNING`,
/// `WARNING`, `SUGGESTION`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown finding type `{0}`; expected `ERROR`, `SECURITY_WARNING`, `WARNING` or `SUGGESTION`"
)]
pub struct UnknownFindingType(pub String);

impl FromStr for FindingType {
    type Err = UnknownFindingType;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        FindingType::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(text.trim()))
            .ok_or_else(|| UnknownFindingType(text.to_owned()))
    }
}

/// One step of a path into the policy document, as Access Analyzer's
/// `PathElement`: `{"value": "Statement"}` descends into an object member,
/// `{"index": 0}` into an array item, `{"key": "aws:SourceIp"}` names an
/// object key itself (the finding is about the key, not its value).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub enum PathElement {
    /// An object member, by its key.
    #[serde(rename = "value")]
    Value(String),
    /// An array item, by its 0-based index.
    #[serde(rename = "index")]
    Index(usize),
    /// An object key itself.
    #[serde(rename = "key")]
    Key(String),
}

/// A path into the policy document.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(transparent)]
pub struct JsonPath(pub Vec<PathElement>);

impl JsonPath {
    /// The path of the document itself.
    pub fn root() -> JsonPath {
        JsonPath(Vec::new())
    }

    /// This path followed by the object member `key`.
    pub fn member(&self, key: &str) -> JsonPath {
        self.with(PathElement::Value(key.to_owned()))
    }

    /// This path followed by the array item `index`.
    pub fn index(&self, index: usize) -> JsonPath {
        self.with(PathElement::Index(index))
    }

    /// This path followed by the object key `key` itself.
    pub fn key(&self, key: &str) -> JsonPath {
        self.with(PathElement::Key(key.to_owned()))
    }

    fn with(&self, element: PathElement) -> JsonPath {
        let mut elements = self.0.clone();
        elements.push(element);
        JsonPath(elements)
    }
}

impl fmt::Display for JsonPath {
    /// The path as zoneproof writes JSON paths elsewhere:
    /// `Statement[0].Condition.StringEquals.aws:SourceIp`, `$` for the root.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("$");
        }
        for (position, element) in self.0.iter().enumerate() {
            match element {
                PathElement::Index(index) => write!(f, "[{index}]")?,
                PathElement::Value(key) | PathElement::Key(key) => {
                    if position > 0 {
                        f.write_str(".")?;
                    }
                    f.write_str(key)?;
                }
            }
        }
        Ok(())
    }
}

/// Where a finding points: a path into the document and the span of the
/// text it names.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Location {
    /// The path to the element.
    pub path: JsonPath,
    /// Where the element is written in the policy text.
    pub span: Span,
}

/// One finding of `zoneproof validate`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ValidationFinding {
    /// `ERROR`, `SECURITY_WARNING`, `WARNING` or `SUGGESTION`.
    pub finding_type: FindingType,
    /// Access Analyzer's issue code, e.g. `MISSING_ACTION`.
    pub issue_code: &'static str,
    /// What is wrong, in Access Analyzer's words where it documents them.
    pub finding_details: String,
    /// The documentation of the check.
    pub learn_more_link: String,
    /// The elements the finding is about.
    pub locations: Vec<Location>,
}

impl ValidationFinding {
    /// The first location's start line and 1-based column, for people.
    pub fn first_line_column(&self) -> Option<(u32, u32)> {
        self.locations
            .first()
            .map(|location| (location.span.start.line, location.span.start.column + 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_serialize_as_access_analyzer_path_elements() {
        let path = JsonPath::root()
            .member("Statement")
            .index(0)
            .member("Condition")
            .key("aws:SourceIp");
        assert_eq!(
            serde_json::to_value(&path).unwrap(),
            serde_json::json!([
                {"value": "Statement"}, {"index": 0}, {"value": "Condition"}, {"key": "aws:SourceIp"}
            ])
        );
        assert_eq!(path.to_string(), "Statement[0].Condition.aws:SourceIp");
        assert_eq!(JsonPath::root().to_string(), "$");
    }

    #[test]
    fn finding_types_parse_ignoring_case() {
        assert_eq!(
            "security_warning".parse::<FindingType>(),
            Ok(FindingType::SecurityWarning)
        );
        assert!("FATAL".parse::<FindingType>().is_err());
        assert_eq!(
            serde_json::to_value(FindingType::SecurityWarning).unwrap(),
            "SECURITY_WARNING"
        );
    }
}
