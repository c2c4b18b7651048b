//! Policy variables (`${aws:username}`, `${aws:PrincipalTag/team, 'none'}`)
//! and what can be wrong with how they are written.

/// A problem with one `${...}` in a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VariableProblem {
    /// `${` without a closing `}`.
    MissingBrace,
    /// `${}`: nothing inside.
    Empty,
    /// A space inside the variable's name.
    SpaceInName,
    /// A default value not enclosed in single quotes.
    MissingQuote,
}

/// A policy variable found in a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variable {
    /// The text between `${` and `}` (or to the end of the value).
    pub inner: String,
    /// What is wrong with it, if anything.
    pub problem: Option<VariableProblem>,
}

/// The policy variables of a value, in order. `${*}`, `${?}` and `${$}`
/// (the escapes for a literal `*`, `?` and `$`) are variables too.
pub fn variables(text: &str) -> Vec<Variable> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        let after = rest.get(start + 2..).unwrap_or("");
        match after.find('}') {
            Some(end) => {
                let inner = after.get(..end).unwrap_or("");
                found.push(Variable {
                    inner: inner.to_owned(),
                    problem: inner_problem(inner),
                });
                rest = after.get(end + 1..).unwrap_or("");
            }
            None => {
                found.push(Variable {
                    inner: after.to_owned(),
                    problem: Some(VariableProblem::MissingBrace),
                });
                break;
            }
        }
    }
    found
}

fn inner_problem(inner: &str) -> Option<VariableProblem> {
    if inner.trim().is_empty() {
        return Some(VariableProblem::Empty);
    }
    let (name, default) = match inner.split_once(',') {
        Some((name, default)) => (name, Some(default)),
        None => (inner, None),
    };
    if name.contains(char::is_whitespace) {
        return Some(VariableProblem::SpaceInName);
    }
    if let Some(default) = default {
        let default = default.trim();
        let quoted = default.len() >= 2 && default.starts_with('\'') && default.ends_with('\'');
        if !quoted {
            return Some(VariableProblem::MissingQuote);
        }
    }
    None
}

/// Whether the value holds a policy variable.
pub fn has_variable(text: &str) -> bool {
    text.contains("${")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn well_formed_variables() {
        for text in [
            "arn:aws:s3:::b/${aws:username}/*",
            "${aws:PrincipalTag/team, 'company-wide'}",
            "${*}",
        ] {
            assert!(
                variables(text).iter().all(|v| v.problem.is_none()),
                "{text}"
            );
        }
        assert_eq!(variables("a${x}b${y}").len(), 2);
    }

    #[test]
    fn each_problem() {
        let problem = |text: &str| variables(text).into_iter().find_map(|v| v.problem);
        assert_eq!(
            problem("${aws:username"),
            Some(VariableProblem::MissingBrace)
        );
        assert_eq!(problem("${}"), Some(VariableProblem::Empty));
        assert_eq!(problem("${ }"), Some(VariableProblem::Empty));
        assert_eq!(
            problem("${aws: username}"),
            Some(VariableProblem::SpaceInName)
        );
        assert_eq!(
            problem("${aws:x, default}"),
            Some(VariableProblem::MissingQuote)
        );
        assert_eq!(
            problem("${aws:x, 'default}"),
            Some(VariableProblem::MissingQuote)
        );
    }
}
