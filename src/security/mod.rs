//! Protections that apply across routes: security headers, the cross-origin check, session-bound
//! form tokens, the request body limit and the rate limit on report creation.

pub mod body;
pub mod csrf;
pub mod headers;
pub mod origin;
pub mod rate_limit;

use actix_web::ResponseError;
use actix_web::dev::{ServiceRequest, ServiceResponse};

use crate::error::AppError;

/// Largest request body accepted, in bytes; a complete profile form is under 2 KiB.
pub const MAX_BODY_BYTES: usize = 16 * 1024;

/// True for paths of the JSON API, whose errors are JSON rather than pages.
pub fn is_api_path(path: &str) -> bool {
    path.starts_with("/api/")
}

/// Ends `request` with the response for `error`, which is JSON on API paths and the site's error
/// page everywhere else.
pub fn reject(request: ServiceRequest, error: &AppError) -> ServiceResponse {
    let response = if is_api_path(request.path()) { error.json_response() } else { error.error_response() };
    request.into_response(response)
}
