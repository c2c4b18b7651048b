//! Placeholders for unresolved values, and ARNs built from names and URLs.

/// The marker that starts a placeholder.
pub(crate) const PLACEHOLDER_START: &str = "{{unresolved:";
const PLACEHOLDER_END: &str = "}}";

/// A placeholder for a value that the input does not determine:
/// `{{unresolved:<expression>}}`. The analysis treats it as an unknown
/// value, never as a wildcard. `}}` inside the expression is spaced out so
/// that the placeholder stays well delimited.
pub(crate) fn placeholder(expression: &str) -> String {
    let expression = expression.replace("}}", "} }");
    format!("{PLACEHOLDER_START}{expression}{PLACEHOLDER_END}")
}

/// Whether a string holds a placeholder.
pub(crate) fn has_placeholder(text: &str) -> bool {
    text.contains(PLACEHOLDER_START)
}

/// Splits `text` at `delimiter`, never inside a placeholder (so an ARN whose
/// account is `{{unresolved:AWS::AccountId}}` still has six `:` fields).
pub(crate) fn split_outside_placeholders(text: &str, delimiter: &str) -> Vec<String> {
    if delimiter.is_empty() {
        return vec![text.to_string()];
    }
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut rest = text;
    while !rest.is_empty() {
        if rest.starts_with(PLACEHOLDER_START) {
            let end = placeholder_end(rest);
            let (head, tail) = rest.split_at(end);
            current.push_str(head);
            rest = tail;
        } else if let Some(tail) = rest.strip_prefix(delimiter) {
            parts.push(std::mem::take(&mut current));
            rest = tail;
        } else {
            let mut chars = rest.chars();
            if let Some(c) = chars.next() {
                current.push(c);
            }
            rest = chars.as_str();
        }
    }
    parts.push(current);
    parts
}

/// The byte length of the placeholder at the start of `text` (nested
/// placeholders included), or the whole text when it is not closed.
fn placeholder_end(text: &str) -> usize {
    let mut depth = 0usize;
    let mut index = 0;
    while index < text.len() {
        let rest = text.get(index..).unwrap_or("");
        if rest.starts_with(PLACEHOLDER_START) {
            depth += 1;
            index += PLACEHOLDER_START.len();
        } else if rest.starts_with(PLACEHOLDER_END) {
            depth = depth.saturating_sub(1);
            index += PLACEHOLDER_END.len();
            if depth == 0 {
                return index;
            }
        } else {
            index += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    text.len()
}

/// The DNS suffix of a partition (`AWS::URLSuffix`).
pub(crate) fn url_suffix(partition: &str) -> &'static str {
    if partition == "aws-cn" {
        "amazonaws.com.cn"
    } else {
        "amazonaws.com"
    }
}

/// The ARN of the queue at an SQS queue URL
/// (`https://sqs.REGION.amazonaws.com/ACCOUNT/NAME`, or the legacy
/// `https://REGION.queue.amazonaws.com/ACCOUNT/NAME`); `None` when the URL
/// does not have that shape.
pub(crate) fn queue_url_to_arn(url: &str, partition: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let parts = split_outside_placeholders(rest.trim_end_matches('/'), "/");
    let [host, account, name] = parts.as_slice() else {
        return None;
    };
    let labels = split_outside_placeholders(host, ".");
    let region = match labels.as_slice() {
        [first, region, ..] if first == "sqs" => region.clone(),
        [region, queue, ..] if queue == "queue" => region.clone(),
        _ => return None,
    };
    if account.is_empty() || name.is_empty() {
        return None;
    }
    Some(format!("arn:{partition}:sqs:{region}:{account}:{name}"))
}

/// The ARN of a Lambda function named by `name` as `AddPermission` accepts
/// it: a name, a name with `:qualifier`, a partial ARN
/// (`ACCOUNT:function:NAME`) or a full ARN.
pub(crate) fn lambda_function_arn(
    name: &str,
    partition: &str,
    region: &str,
    account: &str,
) -> String {
    if name.starts_with("arn:") {
        return name.to_string();
    }
    let parts = split_outside_placeholders(name, ":");
    match parts.as_slice() {
        [_, function, ..] if function == "function" => {
            format!("arn:{partition}:lambda:{region}:{name}")
        }
        _ => format!("arn:{partition}:lambda:{region}:{account}:function:{name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitting_keeps_placeholders_whole() {
        let arn = format!("arn:aws:iam::{}:role/R", placeholder("AWS::AccountId"));
        let parts = split_outside_placeholders(&arn, ":");
        assert_eq!(parts.len(), 6);
        assert_eq!(parts[4], "{{unresolved:AWS::AccountId}}");
    }

    #[test]
    fn queue_urls_become_arns() {
        assert_eq!(
            queue_url_to_arn(
                "https://sqs.us-east-2.amazonaws.com/111122223333/orders",
                "aws"
            )
            .as_deref(),
            Some("arn:aws:sqs:us-east-2:111122223333:orders")
        );
        assert_eq!(
            queue_url_to_arn(
                "https://eu-west-1.queue.amazonaws.com/111122223333/q",
                "aws"
            )
            .as_deref(),
            Some("arn:aws:sqs:eu-west-1:111122223333:q")
        );
        assert_eq!(queue_url_to_arn("orders", "aws"), None);
    }

    #[test]
    fn lambda_names_in_every_accepted_form() {
        let arn = |name| lambda_function_arn(name, "aws", "us-east-1", "111122223333");
        assert_eq!(arn("f"), "arn:aws:lambda:us-east-1:111122223333:function:f");
        assert_eq!(
            arn("f:live"),
            "arn:aws:lambda:us-east-1:111122223333:function:f:live"
        );
        assert_eq!(
            arn("444455556666:function:f"),
            "arn:aws:lambda:us-east-1:444455556666:function:f"
        );
        assert_eq!(
            arn("arn:aws:lambda:eu-west-1:1:function:f"),
            "arn:aws:lambda:eu-west-1:1:function:f"
        );
    }
}
