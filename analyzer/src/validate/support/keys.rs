//! Condition keys as written in policies, and what the IAM catalog knows
//! about them.

use crate::catalog::{Action, Catalog, KeyType};

use super::glob;

/// What a condition key's prefix names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind<'a> {
    /// `aws:...`: a global condition key.
    Global,
    /// `<service>:...` of a service the catalog knows.
    Service(&'a str),
    /// An identity provider's key: `saml:sub`, `accounts.google.com:aud`,
    /// `token.actions.githubusercontent.com:sub`, ...
    Provider(&'a str),
    /// A prefix that names no service and no identity provider.
    UnknownService(&'a str),
    /// Not `prefix:name`.
    Malformed,
}

/// Classifies a condition key by its prefix.
pub fn classify<'a>(catalog: &Catalog, key: &'a str) -> KeyKind<'a> {
    let Some((prefix, name)) = key.split_once(':') else {
        return KeyKind::Malformed;
    };
    if prefix.is_empty() || name.is_empty() || key.chars().any(char::is_whitespace) {
        return KeyKind::Malformed;
    }
    if prefix.eq_ignore_ascii_case("aws") {
        KeyKind::Global
    } else if catalog.has_service(prefix) {
        KeyKind::Service(prefix)
    } else if prefix.contains(['.', '/']) || catalog.is_foreign_key_prefix(prefix) {
        KeyKind::Provider(prefix)
    } else {
        KeyKind::UnknownService(prefix)
    }
}

/// Whether a templated catalog key (`aws:RequestTag/${TagKey}`,
/// `s3:ExistingObjectTag/<key>`) or a plain one matches a key as written,
/// ignoring case; each placeholder stands for at least one character.
pub fn template_matches(template: &str, key: &str) -> bool {
    // iam-data writes a few templates with a literal `tag-key`
    // (`ssm:resourceTag/tag-key`, `secretsmanager:ResourceTag/tag-key`).
    if let Some(fixed) = template.strip_suffix("/tag-key") {
        return key
            .get(..=fixed.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(&format!("{fixed}/")))
            && key.len() > fixed.len() + 1;
    }
    if !template.contains("${") && !template.contains('<') {
        return template.eq_ignore_ascii_case(key);
    }
    let mut pattern = String::new();
    let mut rest = template;
    loop {
        let dollar = rest.find("${").map(|i| (i, '}'));
        let angle = rest.find('<').map(|i| (i, '>'));
        let next = match (dollar, angle) {
            (Some(d), Some(a)) => Some(if d.0 < a.0 { d } else { a }),
            (d, a) => d.or(a),
        };
        let Some((start, close)) = next else {
            pattern.push_str(rest);
            break;
        };
        pattern.push_str(rest.get(..start).unwrap_or(""));
        pattern.push_str("?*");
        match rest.get(start..).and_then(|tail| tail.find(close)) {
            Some(end) => rest = rest.get(start + end + 1..).unwrap_or(""),
            None => break,
        }
    }
    glob::matches(&pattern, key, true)
}

/// The type of a key as written, when the catalog knows it.
pub fn key_type(catalog: &Catalog, key: &str) -> Option<KeyType> {
    catalog.condition_key_type(key)
}

/// The tag keys whose name must carry a tag key after the slash, by the
/// fixed part before it.
const GLOBAL_TAG_TEMPLATES: [&str; 3] =
    ["aws:RequestTag/", "aws:ResourceTag/", "aws:PrincipalTag/"];

/// When the key is a tag key written without its tag (`aws:ResourceTag`,
/// `aws:ResourceTag/`, `ec2:ResourceTag`), the fixed part it should be
/// followed by a tag key, e.g. `aws:ResourceTag/`.
pub fn bare_tag_key(catalog: &Catalog, key: &str) -> Option<String> {
    let trimmed = key.strip_suffix('/').unwrap_or(key);
    let wanted = format!("{trimmed}/");
    if let Some(template) = GLOBAL_TAG_TEMPLATES
        .iter()
        .find(|template| template.eq_ignore_ascii_case(&wanted))
    {
        return Some((*template).to_owned());
    }
    let (prefix, _) = key.split_once(':')?;
    if prefix.eq_ignore_ascii_case("aws") {
        return None;
    }
    let service = catalog.service(prefix)?;
    service.condition_keys.iter().find_map(|known| {
        let fixed = known.name.split(['$', '<']).next()?;
        let is_template = fixed.len() < known.name.len() && fixed.ends_with('/');
        (is_template && fixed.eq_ignore_ascii_case(&wanted)).then(|| fixed.to_owned())
    })
}

/// Whether the key is one of the global tag keys that the unsupported-tag
/// checks are about: `aws:ResourceTag/...`, `aws:RequestTag/...`,
/// `aws:TagKeys`.
pub fn is_global_tag_key(key: &str) -> bool {
    let lower = key.to_ascii_lowercase();
    lower.starts_with("aws:resourcetag/")
        || lower.starts_with("aws:requesttag/")
        || lower == "aws:tagkeys"
}

/// Whether an action supports a condition key: the action lists it, or
/// lists it for one of its resource types, or one of its resource types
/// lists it.
pub fn action_supports_key(catalog: &Catalog, action: &Action, key: &str) -> bool {
    let matches_any = |keys: &[&str]| keys.iter().any(|template| template_matches(template, key));
    if matches_any(&action.condition_keys) {
        return true;
    }
    let service = catalog.service(action.service);
    action.resource_types.iter().any(|resource| {
        matches_any(&resource.condition_keys)
            || service
                .and_then(|service| service.resource_type(resource.name))
                .is_some_and(|info| matches_any(&info.condition_keys))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_classified_by_prefix() {
        let catalog = Catalog::get();
        assert_eq!(classify(catalog, "aws:SourceIp"), KeyKind::Global);
        assert_eq!(classify(catalog, "s3:prefix"), KeyKind::Service("s3"));
        assert!(matches!(
            classify(catalog, "token.actions.githubusercontent.com:sub"),
            KeyKind::Provider(_)
        ));
        assert!(matches!(
            classify(catalog, "saml:aud"),
            KeyKind::Provider(_)
        ));
        assert!(matches!(
            classify(catalog, "nosuchsvc:thing"),
            KeyKind::UnknownService(_)
        ));
        assert_eq!(classify(catalog, "SourceIp"), KeyKind::Malformed);
    }

    #[test]
    fn templates_need_a_value_for_each_placeholder() {
        assert!(template_matches(
            "aws:ResourceTag/${TagKey}",
            "AWS:resourcetag/team"
        ));
        assert!(!template_matches(
            "aws:ResourceTag/${TagKey}",
            "aws:ResourceTag/"
        ));
        assert!(template_matches(
            "s3:ExistingObjectTag/<key>",
            "s3:ExistingObjectTag/a"
        ));
        assert!(template_matches("s3:prefix", "S3:Prefix"));
        assert!(template_matches(
            "ssm:resourceTag/tag-key",
            "ssm:resourceTag/env"
        ));
        assert!(!template_matches(
            "ssm:resourceTag/tag-key",
            "ssm:resourceTag/"
        ));
    }

    #[test]
    fn bare_tag_keys() {
        let catalog = Catalog::get();
        assert_eq!(
            bare_tag_key(catalog, "aws:ResourceTag").as_deref(),
            Some("aws:ResourceTag/")
        );
        assert_eq!(bare_tag_key(catalog, "aws:ResourceTag/team"), None);
        assert_eq!(
            bare_tag_key(catalog, "s3:ExistingObjectTag").as_deref(),
            Some("s3:ExistingObjectTag/")
        );
    }

    #[test]
    fn support_comes_from_the_action_and_its_resource_types() {
        let catalog = Catalog::get();
        let pass_role = catalog.action("iam:PassRole").unwrap();
        assert!(action_supports_key(
            catalog,
            pass_role,
            "iam:PassedToService"
        ));
        assert!(!action_supports_key(catalog, pass_role, "s3:prefix"));
        let get_role = catalog.action("iam:GetRole").unwrap();
        assert!(action_supports_key(
            catalog,
            get_role,
            "aws:ResourceTag/team"
        ));
    }
}
