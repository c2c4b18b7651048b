//! The request an event made, in the concrete evaluator's terms: the
//! caller, the action and resource from the mapping, and the condition keys
//! the event shows.
//!
//! Keys set from the event (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html):
//! `aws:PrincipalArn` (the role's ARN with its path for a session),
//! `aws:userid` (`principalId`), `aws:SourceIp` (when `sourceIPAddress` is
//! an address), `aws:RequestedRegion`, `aws:CurrentTime`, `aws:EpochTime`,
//! `aws:SecureTransport` (`tlsDetails` present), `aws:SourceVpce`,
//! `aws:MultiFactorAuthPresent` (temporary credentials only),
//! `aws:ViaAWSService` (true when a service made the call for the caller),
//! and the principal-derived keys of [`Request::with_principal_keys`].
//! Keys the event does not show (principal and resource tags, request
//! tags, ...) are absent, so conditions on them evaluate as for an absent
//! key.

use std::net::IpAddr;

use super::actor::Actor;
use super::mapping::ActionRequest;
use crate::eval::{Context, Request, RequestPrincipal};
use crate::inputs::cloudtrail::TrailEvent;

/// The concrete request of one action an event needed.
pub fn eval_request(event: &TrailEvent<'_>, actor: &Actor, request: &ActionRequest) -> Request {
    let principal = match actor {
        Actor::Principal {
            session: Some(session),
            ..
        } => RequestPrincipal::Aws(session.clone()),
        Actor::Principal { arn: Some(arn), .. } => RequestPrincipal::Aws(arn.clone()),
        Actor::Principal { id, .. } => RequestPrincipal::Aws(id.to_string()),
        Actor::Service(name) => RequestPrincipal::Service(name.clone()),
        Actor::Other(_) => RequestPrincipal::Anonymous,
    };
    Request::new(
        principal,
        request.action.qualified_name(),
        request.resource.value(),
    )
    .with_context(event_context(event, actor))
    .with_principal_keys()
}

/// The condition keys an event shows.
pub fn event_context(event: &TrailEvent<'_>, actor: &Actor) -> Context {
    let mut context = Context::new();
    if let Actor::Principal { arn: Some(arn), .. } = actor {
        if arn.contains(":role/") || arn.contains(":user/") {
            context.insert("aws:PrincipalArn", arn.clone());
        }
    }
    let identity = event.user_identity.as_ref();
    if let Some(id) = identity.and_then(|i| i.principal_id.as_deref()) {
        context.insert("aws:userid", id);
    }
    if let Some(ip) = event
        .source_ip_address
        .as_deref()
        .filter(|ip| ip.parse::<IpAddr>().is_ok())
    {
        context.insert("aws:SourceIp", ip);
    }
    if let Some(region) = event.aws_region.as_deref() {
        context.insert("aws:RequestedRegion", region);
    }
    if let Some(time) = event.time() {
        context.insert("aws:CurrentTime", time.to_string());
        context.insert("aws:EpochTime", time.0.to_string());
    }
    context.insert(
        "aws:SecureTransport",
        if event.tls_details.is_some() {
            "true"
        } else {
            "false"
        },
    );
    if let Some(vpce) = event.vpc_endpoint_id.as_deref() {
        context.insert("aws:SourceVpce", vpce);
    }
    if let Some(mfa) = event.mfa_authenticated() {
        context.insert("aws:MultiFactorAuthPresent", mfa.to_string());
    }
    let via_service = identity
        .and_then(|i| i.invoked_by.as_deref())
        .is_some_and(|by| by.ends_with(".amazonaws.com"));
    context.insert("aws:ViaAWSService", via_service.to_string());
    context
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::activity::mapping::Mapper;

    #[test]
    fn a_role_session_request_carries_the_event_keys() {
        let event: TrailEvent = serde_json::from_str(r#"{"eventTime": "2026-03-01T10:00:00Z",
            "eventSource": "s3.amazonaws.com", "eventName": "GetObject", "awsRegion": "eu-west-1",
            "sourceIPAddress": "203.0.113.9", "tlsDetails": {"tlsVersion": "TLSv1.3"},
            "requestParameters": {"bucketName": "b", "key": "k"}, "recipientAccountId": "111122223333",
            "userIdentity": {"type": "AssumedRole", "principalId": "AROAX:s", "accountId": "111122223333",
              "arn": "arn:aws:sts::111122223333:assumed-role/App/s",
              "sessionContext": {"sessionIssuer": {"type": "Role", "arn": "arn:aws:iam::111122223333:role/svc/App"},
                "attributes": {"mfaAuthenticated": "false"}}}}"#).unwrap();
        let actor = Actor::of_event(&event);
        let crate::activity::mapping::Mapped::Requests(requests) =
            Mapper::new().unwrap().map(&event)
        else {
            panic!()
        };
        let request = eval_request(&event, &actor, &requests[0]);
        assert_eq!(
            request.principal,
            RequestPrincipal::Aws("arn:aws:sts::111122223333:assumed-role/App/s".into())
        );
        assert_eq!(request.resource, "arn:aws:s3:::b/k");
        let get = |key: &str| request.context.get(key).map(|v| v.join(","));
        assert_eq!(
            get("aws:PrincipalArn").as_deref(),
            Some("arn:aws:iam::111122223333:role/svc/App")
        );
        assert_eq!(get("aws:SourceIp").as_deref(), Some("203.0.113.9"));
        assert_eq!(get("aws:SecureTransport").as_deref(), Some("true"));
        assert_eq!(get("aws:MultiFactorAuthPresent").as_deref(), Some("false"));
        assert_eq!(get("aws:PrincipalAccount").as_deref(), Some("111122223333"));
    }
}
