//! Questions about two IAM wildcard patterns at once (`*` any sequence,
//! `?` any one character): can they match a common string, and does one
//! match everything the other does.

/// One token of a pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    Literal(char),
    AnyChar,
    AnyString,
}

fn tokens(pattern: &str, ignore_case: bool) -> Vec<Token> {
    pattern
        .chars()
        .map(|c| match c {
            '*' => Token::AnyString,
            '?' => Token::AnyChar,
            c if ignore_case => Token::Literal(c.to_ascii_lowercase()),
            c => Token::Literal(c),
        })
        .collect()
}

/// Whether the text has a wildcard (`*` or `?`).
pub fn has_wildcard(text: &str) -> bool {
    text.contains(['*', '?'])
}

/// Whether some string matches both patterns.
///
/// # Example
/// ```
/// use zoneproof_analyzer::validate::support::glob::intersects;
/// assert!(intersects("role/*", "role/app-?", false));
/// assert!(!intersects("role/*", "user/*", false));
/// assert!(intersects("IAM:Pass*", "iam:passrole", true));
/// ```
pub fn intersects(a: &str, b: &str, ignore_case: bool) -> bool {
    let a = tokens(a, ignore_case);
    let b = tokens(b, ignore_case);
    let width = b.len() + 1;
    let mut seen = vec![false; (a.len() + 1) * width];
    let mut stack = vec![(0usize, 0usize)];
    while let Some((i, j)) = stack.pop() {
        let Some(slot) = seen.get_mut(i * width + j) else {
            continue;
        };
        if *slot {
            continue;
        }
        *slot = true;
        let (ta, tb) = (a.get(i), b.get(j));
        if ta.is_none() && tb.is_none() {
            return true;
        }
        // A `*` may match nothing.
        if ta == Some(&Token::AnyString) {
            stack.push((i + 1, j));
        }
        if tb == Some(&Token::AnyString) {
            stack.push((i, j + 1));
        }
        // Both consume one common character.
        let (Some(ta), Some(tb)) = (ta, tb) else {
            continue;
        };
        let compatible = match (ta, tb) {
            (Token::Literal(x), Token::Literal(y)) => x == y,
            _ => true,
        };
        if compatible {
            let next_i = if *ta == Token::AnyString { i } else { i + 1 };
            let next_j = if *tb == Token::AnyString { j } else { j + 1 };
            if (next_i, next_j) != (i, j) {
                stack.push((next_i, next_j));
            }
        }
    }
    false
}

/// Whether every string that `narrow` matches is matched by `broad`
/// (decided symbolically: a `*` of `narrow` must be covered by a `*` of
/// `broad`, a `?` by a `?` or a `*`; sound, and exact for the patterns
/// policies hold).
///
/// # Example
/// ```
/// use zoneproof_analyzer::validate::support::glob::covers;
/// assert!(covers("iam:Get*", "iam:GetCredentialReport", true));
/// assert!(!covers("iam:Get*", "iam:*CredentialReport", true));
/// assert!(covers("arn:aws:s3:::b/*", "arn:aws:s3:::b/logs/*", false));
/// ```
pub fn covers(broad: &str, narrow: &str, ignore_case: bool) -> bool {
    let a = tokens(broad, ignore_case);
    let b = tokens(narrow, ignore_case);
    let width = b.len() + 1;
    // reachable[i][j]: broad[..i] can cover narrow[..j].
    let mut reachable = vec![false; (a.len() + 1) * width];
    if let Some(first) = reachable.first_mut() {
        *first = true;
    }
    for i in 0..=a.len() {
        for j in 0..=b.len() {
            let here = reachable.get(i * width + j).copied().unwrap_or(false);
            if !here {
                continue;
            }
            let Some(ta) = a.get(i) else {
                continue;
            };
            match ta {
                Token::AnyString => {
                    // `*` covers any run of narrow's tokens, itself included.
                    for k in j..=b.len() {
                        set(&mut reachable, (i + 1) * width + k);
                    }
                }
                Token::AnyChar => {
                    if matches!(b.get(j), Some(Token::Literal(_) | Token::AnyChar)) {
                        set(&mut reachable, (i + 1) * width + j + 1);
                    }
                }
                Token::Literal(x) => {
                    if b.get(j) == Some(&Token::Literal(*x)) {
                        set(&mut reachable, (i + 1) * width + j + 1);
                    }
                }
            }
        }
    }
    reachable
        .get(a.len() * width + b.len())
        .copied()
        .unwrap_or(false)
}

fn set(cells: &mut [bool], index: usize) {
    if let Some(cell) = cells.get_mut(index) {
        *cell = true;
    }
}

/// Whether a concrete string matches a pattern.
pub fn matches(pattern: &str, text: &str, ignore_case: bool) -> bool {
    !has_wildcard(text) && intersects(pattern, text, ignore_case)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intersection_of_wildcards() {
        assert!(intersects("*", "", false));
        assert!(intersects("a*c", "*b*", false));
        assert!(!intersects("a?", "abc", false));
        assert!(intersects("a??", "*c", false));
        assert!(!intersects("table/*", "tabel/x", false));
        assert!(intersects("table/*/index/*", "table/t*", false));
    }

    #[test]
    fn coverage_is_inclusion() {
        assert!(covers("*", "anything*?", false));
        assert!(covers("a*", "a", false));
        assert!(covers("a?c", "abc", false));
        assert!(!covers("abc", "a?c", false));
        assert!(covers("a*c", "a*bc", false));
        assert!(!covers("a*bc", "a*c", false));
        assert!(covers("S3:GET*", "s3:getobject", true));
        assert!(!covers("s3:GET*", "s3:getobject", false));
    }

    #[test]
    fn matching_a_concrete_string() {
        assert!(matches("iam:Pass*", "iam:PassRole", false));
        assert!(!matches("iam:*", "iam:Pass*", false));
    }
}
