//! Every way a request can end without the upstream's answer, and the one place that maps each
//! to an HTTP status, an audit decision and a reason code ([`GatewayError::rescue`]). Messages
//! carry no request or body data.

use hyper::StatusCode;

use crate::audit::Decision;
use crate::content::ContentError;
use crate::extract::ExtractError;
use crate::policy::AuthError;

#[derive(Debug, thiserror::Error)]
pub enum GatewayError {
    #[error("{0}")]
    Auth(#[from] AuthError),
    #[error("this principal is suspended after unusual activity")]
    Suspended,
    #[error("this route is not allowed for your role")]
    RouteNotAllowed,
    #[error("this case is not assigned to you")]
    OutOfScope,
    #[error("this resource was not shared with you through an assigned case")]
    NotGranted,
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    #[error("the response contains data your access does not allow")]
    Blocked,
    #[error("the response could not be scanned: {0}")]
    Unscannable(ContentError),
    #[error("the response type cannot be scanned")]
    UnscannableType,
    #[error("an attachment could not be scanned: {0}")]
    Unextractable(ExtractError),
    #[error("the response is not the type it declares")]
    TypeMismatch,
    #[error("the response is not the JSON document this route returns")]
    UnexpectedType,
    #[error("the response body exceeds the scan limit")]
    BodyTooLarge,
    #[error("scanning took too long")]
    ScanTimeout,
    #[error("the upstream did not answer in time")]
    UpstreamTimeout,
    #[error("the request took too long")]
    TotalTimeout,
    #[error("the upstream failed")]
    Upstream(String),
    #[error("the upstream answered with an unusable document: {0}")]
    UpstreamInvalid(&'static str),
    #[error("internal error")]
    Internal(&'static str),
}

/// How an error is answered and audited.
pub struct Rescue {
    pub status: StatusCode,
    pub decision: Decision,
    pub reason: &'static str,
}

impl GatewayError {
    pub fn rescue(&self, block_status: StatusCode) -> Rescue {
        use GatewayError as E;
        let (status, decision, reason) = match self {
            E::Auth(a) => (StatusCode::UNAUTHORIZED, Decision::Deny, a.reason()),
            E::Suspended => (StatusCode::FORBIDDEN, Decision::Deny, "suspended"),
            E::RouteNotAllowed => (StatusCode::FORBIDDEN, Decision::Deny, "route_not_allowed"),
            E::OutOfScope => (StatusCode::FORBIDDEN, Decision::Deny, "out_of_scope"),
            E::NotGranted => (StatusCode::FORBIDDEN, Decision::Deny, "not_granted"),
            E::BadRequest(_) => (StatusCode::BAD_REQUEST, Decision::Deny, "bad_request"),
            E::Blocked => (block_status, Decision::Block, "sensitive_content"),
            E::Unscannable(c) => (block_status, Decision::Block, c.reason()),
            E::UnscannableType => (block_status, Decision::Block, "unscannable_media_type"),
            E::Unextractable(e) => (block_status, Decision::Block, e.reason()),
            E::TypeMismatch => (block_status, Decision::Block, "declared_type_mismatch"),
            E::UnexpectedType => (block_status, Decision::Block, "unexpected_media_type"),
            E::BodyTooLarge => (block_status, Decision::Block, "body_too_large"),
            E::ScanTimeout => (block_status, Decision::Block, "scan_timeout"),
            E::UpstreamTimeout => (StatusCode::GATEWAY_TIMEOUT, Decision::Error, "upstream_timeout"),
            E::TotalTimeout => (StatusCode::GATEWAY_TIMEOUT, Decision::Error, "total_timeout"),
            E::Upstream(_) => (StatusCode::BAD_GATEWAY, Decision::Error, "upstream_error"),
            E::UpstreamInvalid(_) => (StatusCode::BAD_GATEWAY, Decision::Error, "upstream_invalid"),
            E::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, Decision::Error, "internal_error"),
        };
        Rescue { status, decision, reason }
    }
}
