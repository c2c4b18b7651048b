//! One CloudTrail event record, borrowed from the record's text.
//!
//! Field names follow the CloudTrail record contents
//! (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html);
//! the all-lowercase names of the Athena table for CloudTrail are accepted
//! too, as are its JSON-string forms of `requestParameters` and
//! `additionalEventData`. Only the fields zoneproof uses are read; the
//! others are skipped without being decoded.

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;

use crate::timestamp::Timestamp;

/// A CloudTrail event as it is in a record. Text fields borrow from the
/// record where they hold no escapes.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TrailEvent<'a> {
    /// `eventTime`: when the request was made (UTC), as written.
    #[serde(rename = "eventTime", alias = "eventtime", borrow)]
    pub event_time: Option<Cow<'a, str>>,
    /// `eventSource`: the service endpoint, e.g. `s3.amazonaws.com`.
    #[serde(rename = "eventSource", alias = "eventsource", borrow)]
    pub event_source: Option<Cow<'a, str>>,
    /// `eventName`: the API operation, e.g. `GetObject`.
    #[serde(rename = "eventName", alias = "eventname", borrow)]
    pub event_name: Option<Cow<'a, str>>,
    /// `awsRegion`: the Region the request was made to.
    #[serde(rename = "awsRegion", alias = "awsregion", borrow)]
    pub aws_region: Option<Cow<'a, str>>,
    /// `sourceIPAddress`: the caller's address, or a service's name.
    #[serde(rename = "sourceIPAddress", alias = "sourceipaddress", borrow)]
    pub source_ip_address: Option<Cow<'a, str>>,
    /// `errorCode`: set when the request failed.
    #[serde(rename = "errorCode", alias = "errorcode", borrow)]
    pub error_code: Option<Cow<'a, str>>,
    /// `errorMessage`: the error's text.
    #[serde(rename = "errorMessage", alias = "errormessage", borrow)]
    pub error_message: Option<Cow<'a, str>>,
    /// `requestParameters`: an object, or its JSON text (Athena).
    #[serde(rename = "requestParameters", alias = "requestparameters", borrow)]
    pub request_parameters: Option<&'a RawValue>,
    /// `additionalEventData`: an object, or its JSON text (Athena).
    #[serde(rename = "additionalEventData", alias = "additionaleventdata", borrow)]
    pub additional_event_data: Option<&'a RawValue>,
    /// `resources`: the resources the request named, when the service
    /// lists them.
    #[serde(borrow)]
    pub resources: Option<Vec<EventResource<'a>>>,
    /// `recipientAccountId`: the account that received the event.
    #[serde(rename = "recipientAccountId", alias = "recipientaccountid", borrow)]
    pub recipient_account_id: Option<Cow<'a, str>>,
    /// `sharedEventID`: set on an event delivered to several accounts (a
    /// cross-account call).
    #[serde(rename = "sharedEventID", alias = "sharedeventid", borrow)]
    pub shared_event_id: Option<Cow<'a, str>>,
    /// `vpcEndpointId`: the VPC endpoint the request came through.
    #[serde(rename = "vpcEndpointId", alias = "vpcendpointid", borrow)]
    pub vpc_endpoint_id: Option<Cow<'a, str>>,
    /// `eventID`: CloudTrail's id of the event.
    #[serde(rename = "eventID", alias = "eventid", borrow)]
    pub event_id: Option<Cow<'a, str>>,
    /// `eventType`: `AwsApiCall`, `AwsServiceEvent`, `AwsConsoleSignIn`, ...
    #[serde(rename = "eventType", alias = "eventtype", borrow)]
    pub event_type: Option<Cow<'a, str>>,
    /// `userIdentity`: who made the request.
    #[serde(rename = "userIdentity", alias = "useridentity", borrow)]
    pub user_identity: Option<UserIdentity<'a>>,
    /// `tlsDetails`: present when the request came over TLS.
    #[serde(rename = "tlsDetails", alias = "tlsdetails", borrow)]
    pub tls_details: Option<&'a RawValue>,
    /// `CloudTrailEvent`: the event as JSON text, in `lookup-events` output.
    #[serde(rename = "CloudTrailEvent", borrow)]
    pub cloudtrail_event: Option<Cow<'a, str>>,
}

/// `userIdentity`: who made the request
/// (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct UserIdentity<'a> {
    /// `type`: `Root`, `IAMUser`, `AssumedRole`, `Role`, `FederatedUser`,
    /// `AWSAccount`, `AWSService`, `IdentityCenterUser`, `Directory`,
    /// `WebIdentityUser`, `SAMLUser`, `Unknown`.
    #[serde(rename = "type", borrow)]
    pub identity_type: Option<Cow<'a, str>>,
    /// `principalId`.
    #[serde(rename = "principalId", alias = "principalid", borrow)]
    pub principal_id: Option<Cow<'a, str>>,
    /// `arn`: the caller's ARN (a session ARN for a role session).
    #[serde(borrow)]
    pub arn: Option<Cow<'a, str>>,
    /// `accountId`: the caller's account.
    #[serde(rename = "accountId", alias = "accountid", borrow)]
    pub account_id: Option<Cow<'a, str>>,
    /// `invokedBy`: the service that made the request on the caller's behalf.
    #[serde(rename = "invokedBy", alias = "invokedby", borrow)]
    pub invoked_by: Option<Cow<'a, str>>,
    /// `accessKeyId`.
    #[serde(rename = "accessKeyId", alias = "accesskeyid", borrow)]
    pub access_key_id: Option<Cow<'a, str>>,
    /// `userName`: the user's name (IAM users, root's alias).
    #[serde(rename = "userName", alias = "username", borrow)]
    pub user_name: Option<Cow<'a, str>>,
    /// `sessionContext`: set for temporary credentials.
    #[serde(rename = "sessionContext", alias = "sessioncontext", borrow)]
    pub session_context: Option<SessionContext<'a>>,
}

/// `userIdentity.sessionContext`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SessionContext<'a> {
    /// `sessionIssuer`: the role (or user) whose credentials the session has.
    #[serde(rename = "sessionIssuer", alias = "sessionissuer", borrow)]
    pub session_issuer: Option<SessionIssuer<'a>>,
    /// `attributes`: `mfaAuthenticated`, `creationDate`.
    #[serde(borrow)]
    pub attributes: Option<SessionAttributes<'a>>,
}

/// `userIdentity.sessionContext.sessionIssuer`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SessionIssuer<'a> {
    /// `type`: `Role`, `IAMUser` or `Root`.
    #[serde(rename = "type", borrow)]
    pub issuer_type: Option<Cow<'a, str>>,
    /// `arn`: the role's ARN, with its path.
    #[serde(borrow)]
    pub arn: Option<Cow<'a, str>>,
    /// `accountId`.
    #[serde(rename = "accountId", alias = "accountid", borrow)]
    pub account_id: Option<Cow<'a, str>>,
    /// `userName`: the role's (or user's) name.
    #[serde(rename = "userName", alias = "username", borrow)]
    pub user_name: Option<Cow<'a, str>>,
}

/// `userIdentity.sessionContext.attributes`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SessionAttributes<'a> {
    /// `mfaAuthenticated`: `"true"` or `"false"`.
    #[serde(rename = "mfaAuthenticated", alias = "mfaauthenticated", borrow)]
    pub mfa_authenticated: Option<&'a RawValue>,
}

/// One entry of `resources`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EventResource<'a> {
    /// `ARN`.
    #[serde(rename = "ARN", alias = "arn", borrow)]
    pub arn: Option<Cow<'a, str>>,
    /// `accountId`: the resource's owner.
    #[serde(rename = "accountId", alias = "accountid", borrow)]
    pub account_id: Option<Cow<'a, str>>,
    /// `type`, e.g. `AWS::S3::Object`.
    #[serde(rename = "type", borrow)]
    pub resource_type: Option<Cow<'a, str>>,
}

impl TrailEvent<'_> {
    /// The event's time, when it is present and readable.
    pub fn time(&self) -> Option<Timestamp> {
        self.event_time.as_deref().and_then(|t| t.parse().ok())
    }

    /// Whether the request failed because it was not authorized: an
    /// `errorCode` of the access-denied family (`AccessDenied`,
    /// `AccessDeniedException`, `UnauthorizedOperation`,
    /// `Client.UnauthorizedOperation`, `UnauthorizedAccess`,
    /// `AuthorizationError`, `Forbidden`, ...).
    pub fn is_access_denied(&self) -> bool {
        self.error_code
            .as_deref()
            .is_some_and(is_access_denied_code)
    }

    /// `requestParameters` as JSON text of an object, when it is held as a
    /// JSON string (Athena), decoded into owned text; `None` otherwise.
    pub fn parameters_from_text(&self) -> Option<Box<RawValue>> {
        text_object(self.request_parameters)
    }

    /// `additionalEventData` as owned JSON text of an object, when it is
    /// held as a JSON string (Athena); `None` otherwise.
    pub fn additional_data_from_text(&self) -> Option<Box<RawValue>> {
        text_object(self.additional_event_data)
    }

    /// `requestParameters` decoded, when present and not null.
    pub fn parameters(&self) -> Option<Value> {
        decode_object(self.request_parameters)
    }

    /// `additionalEventData` decoded, when present and not null.
    pub fn additional_data(&self) -> Option<Value> {
        decode_object(self.additional_event_data)
    }

    /// `sessionContext.attributes.mfaAuthenticated` as a Boolean.
    pub fn mfa_authenticated(&self) -> Option<bool> {
        let raw = self
            .user_identity
            .as_ref()?
            .session_context
            .as_ref()?
            .attributes
            .as_ref()?
            .mfa_authenticated?;
        match raw.get().trim_matches('"') {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        }
    }
}

/// Whether an `errorCode` says that the caller was not authorized.
pub fn is_access_denied_code(code: &str) -> bool {
    let code = code.strip_prefix("Client.").unwrap_or(code);
    matches!(
        code,
        "AccessDenied"
            | "AccessDeniedException"
            | "UnauthorizedOperation"
            | "UnauthorizedAccess"
            | "UnauthorizedException"
            | "AuthorizationError"
            | "AuthorizationErrorException"
            | "Forbidden"
            | "ForbiddenException"
            | "NotAuthorized"
            | "NotAuthorizedException"
            | "AccessDeniedFault"
            | "InsufficientPermissionsException"
    )
}

/// A JSON object read one level deep: each member's name and raw value,
/// borrowed from the record (nested values are not decoded until asked).
#[derive(Debug, Default)]
pub struct ShallowObject<'a> {
    members: Vec<(Cow<'a, str>, &'a RawValue)>,
}

impl<'a> ShallowObject<'a> {
    /// Reads `raw` when it is an object.
    pub fn parse(raw: &'a RawValue) -> Option<ShallowObject<'a>> {
        if !raw.get().trim_start().starts_with('{') {
            return None;
        }
        serde_json::from_str::<ShallowMembers<'a>>(raw.get())
            .ok()
            .map(|m| ShallowObject { members: m.0 })
    }

    /// The member named `name`.
    pub fn get(&self, name: &str) -> Option<&'a RawValue> {
        self.members
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| *v)
    }

    /// The member whose name equals `name` ignoring ASCII case.
    pub fn get_ignore_case(&self, name: &str) -> Option<&'a RawValue> {
        self.members
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| *v)
    }

    /// The members' raw values.
    pub fn values(&self) -> impl Iterator<Item = &'a RawValue> + '_ {
        self.members.iter().map(|(_, v)| *v)
    }
}

struct ShallowMembers<'a>(Vec<(Cow<'a, str>, &'a RawValue)>);

impl<'de: 'a, 'a> Deserialize<'de> for ShallowMembers<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Members<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for Members<'a> {
            type Value = ShallowMembers<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(
                self,
                mut map: M,
            ) -> Result<Self::Value, M::Error> {
                let mut members = Vec::new();
                while let Some(key) = map.next_key::<Cow<'de, str>>()? {
                    let value: &'de RawValue = map.next_value()?;
                    members.push((key, value));
                }
                Ok(ShallowMembers(members))
            }
        }
        deserializer.deserialize_map(Members(std::marker::PhantomData))
    }
}

/// The value at `path` below `raw`: object members by name, list elements
/// by index.
pub fn raw_lookup<'a>(raw: &'a RawValue, path: &[&str]) -> Option<&'a RawValue> {
    path.iter().try_fold(raw, |value, step| {
        let text = value.get().trim_start();
        if text.starts_with('{') {
            ShallowObject::parse(value)?.get(step)
        } else if text.starts_with('[') {
            let items: Vec<&RawValue> = serde_json::from_str(value.get()).ok()?;
            items.get(step.parse::<usize>().ok()?).copied()
        } else {
            None
        }
    })
}

/// A raw scalar as text: a string's contents, a number's or Boolean's JSON
/// text; `None` for null, objects and lists.
pub fn raw_text(raw: &RawValue) -> Option<String> {
    let text = raw.get().trim();
    match text.as_bytes().first()? {
        b'"' => serde_json::from_str::<Cow<'_, str>>(text)
            .ok()
            .map(Cow::into_owned),
        b'-' | b'0'..=b'9' | b't' | b'f' => Some(text.to_string()),
        _ => None,
    }
}

/// A member that is a JSON string holding an object's JSON text.
fn text_object(raw: Option<&RawValue>) -> Option<Box<RawValue>> {
    let raw = raw?;
    if !raw.get().starts_with('"') {
        return None;
    }
    let inner: String = serde_json::from_str(raw.get()).ok()?;
    inner
        .trim_start()
        .starts_with('{')
        .then(|| RawValue::from_string(inner).ok())
        .flatten()
}

/// An object member that is an object, or the JSON text of one (Athena).
fn decode_object(raw: Option<&RawValue>) -> Option<Value> {
    let text = raw?.get();
    let value: Value = serde_json::from_str(text).ok()?;
    match value {
        Value::Object(_) => Some(value),
        Value::String(inner) => match serde_json::from_str::<Value>(&inner).ok()? {
            object @ Value::Object(_) => Some(object),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn athena_lowercase_columns_and_string_parameters_are_read() {
        let text = r#"{"eventtime": "2026-01-02T03:04:05Z", "eventsource": "s3.amazonaws.com",
            "eventname": "GetObject", "awsregion": "us-east-1", "errorcode": null,
            "requestparameters": "{\"bucketName\":\"b\",\"key\":\"k\"}",
            "useridentity": {"type": "AssumedRole", "arn": "arn:aws:sts::111122223333:assumed-role/R/s",
              "sessioncontext": {"sessionissuer": {"type": "Role", "arn": "arn:aws:iam::111122223333:role/R"}}},
            "resources": [{"arn": "arn:aws:s3:::b/k", "accountid": "111122223333", "type": "AWS::S3::Object"}]}"#;
        let event: TrailEvent = serde_json::from_str(text).unwrap();
        assert_eq!(event.event_name.as_deref(), Some("GetObject"));
        assert_eq!(event.parameters().unwrap()["key"], "k");
        assert_eq!(event.time().unwrap().to_string(), "2026-01-02T03:04:05Z");
        let issuer = event
            .user_identity
            .unwrap()
            .session_context
            .unwrap()
            .session_issuer
            .unwrap();
        assert_eq!(
            issuer.arn.as_deref(),
            Some("arn:aws:iam::111122223333:role/R")
        );
        assert_eq!(
            event.resources.unwrap()[0].arn.as_deref(),
            Some("arn:aws:s3:::b/k")
        );
    }

    #[test]
    fn denied_codes_are_recognised_and_others_are_not() {
        for code in [
            "AccessDenied",
            "Client.UnauthorizedOperation",
            "AccessDeniedException",
        ] {
            assert!(is_access_denied_code(code), "{code}");
        }
        for code in ["NoSuchKey", "ThrottlingException", "ValidationException"] {
            assert!(!is_access_denied_code(code), "{code}");
        }
    }

    #[test]
    fn a_field_of_the_wrong_type_is_an_error() {
        let error = serde_json::from_str::<TrailEvent>(r#"{"eventName": 3}"#).unwrap_err();
        assert!(error.to_string().contains("invalid type"), "{error}");
    }
}
