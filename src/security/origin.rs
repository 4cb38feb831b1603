//! The first CSRF layer: state-changing requests must come from planb's own pages.
//!
//! Browsers send `Sec-Fetch-Site` and `Origin` with every form post and script request, and a
//! page cannot forge either. A request that carries neither comes from a program such as curl,
//! which has no victim's cookie, so it passes here. Forms still need their session-bound token
//! (see `csrf`). The JSON API requires a JSON content type, which other sites' pages cannot send
//! without a CORS preflight that planb never allows.

use actix_web::Error;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, header};
use actix_web::middleware::Next;

use super::reject;
use crate::error::AppError;

/// Rejects, with 403, every request other than GET, HEAD, OPTIONS and TRACE that a browser sent
/// from another site.
pub async fn reject_cross_origin(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, Error> {
    if is_safe(request.method()) {
        return Ok(next.call(request).await?.map_into_left_body());
    }

    let host = request.connection_info().host().to_owned();
    let sec_fetch_site = request.headers().get("sec-fetch-site").map(|value| value.to_str().unwrap_or("(not text)"));
    let origin = request.headers().get(header::ORIGIN).map(|value| value.to_str().unwrap_or("(not text)"));
    if let Err(reason) = check(sec_fetch_site, origin, &host) {
        tracing::warn!(method = %request.method(), route = %request.match_pattern().unwrap_or_default(), reason, "cross-origin request rejected");
        let error = AppError::Forbidden(
            "planb accepts forms only from its own pages, and this request came from another site, so nothing was changed. If you were using planb, open the page again from the menu and submit it there.".to_owned(),
        );
        return Ok(reject(request, &error).map_into_right_body());
    }
    Ok(next.call(request).await?.map_into_left_body())
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE)
}

/// Decides whether a state-changing request may proceed, given its `Sec-Fetch-Site` and `Origin`
/// headers and the host it was sent to. The error names the header that failed.
fn check(sec_fetch_site: Option<&str>, origin: Option<&str>, host: &str) -> Result<(), &'static str> {
    // `none` means the user started the request, for example from a bookmark, not another page.
    if sec_fetch_site.is_some_and(|site| !matches!(site, "same-origin" | "none")) {
        return Err("Sec-Fetch-Site is not same-origin");
    }
    if origin.is_some_and(|origin| !origin_matches_host(origin, host)) {
        return Err("Origin does not match Host");
    }
    Ok(())
}

/// True when `origin` (`scheme://host[:port]`) names the same host and port as the `Host`
/// header value `host`. Only the host and port are compared, because behind a TLS proxy planb
/// itself receives plain HTTP. An opaque origin (`null`) matches nothing.
fn origin_matches_host(origin: &str, host: &str) -> bool {
    let Some((scheme, authority)) = origin.split_once("://") else {
        return false;
    };
    let default_port = match scheme.to_ascii_lowercase().as_str() {
        "http" => 80,
        "https" => 443,
        _ => return false,
    };
    match (split_authority(authority, default_port), split_authority(host, default_port)) {
        (Some((origin_host, origin_port)), Some((host_name, host_port))) => {
            origin_host.eq_ignore_ascii_case(host_name) && origin_port == host_port
        }
        _ => false,
    }
}

/// Splits `host[:port]` or `[ipv6][:port]` into host and port, using `default_port` when none is
/// given. Returns `None` for anything else, such as a path or user info.
fn split_authority(authority: &str, default_port: u16) -> Option<(&str, u16)> {
    if authority.is_empty() || authority.contains(['/', '@', '?', '#']) {
        return None;
    }
    let (host, port) = if let Some(rest) = authority.strip_prefix('[') {
        let (address, after) = rest.split_once(']')?;
        match after {
            "" => (address, None),
            _ => (address, Some(after.strip_prefix(':')?)),
        }
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    let port = match port {
        Some(digits) => digits.parse().ok()?,
        None => default_port,
    };
    (!host.is_empty()).then_some((host, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_origin_accepted() {
        assert_eq!(check(Some("same-origin"), Some("http://127.0.0.1:8080"), "127.0.0.1:8080"), Ok(()));
        assert_eq!(check(Some("none"), None, "planb.example"), Ok(()));
        assert_eq!(check(None, Some("https://planb.example"), "planb.example"), Ok(()));
        assert_eq!(check(None, Some("https://PLANB.example:443"), "planb.example"), Ok(()));
        assert_eq!(check(None, Some("http://[::1]:8080"), "[::1]:8080"), Ok(()));
    }

    #[test]
    fn headerless_request_accepted() {
        assert_eq!(check(None, None, "planb.example"), Ok(()));
    }

    #[test]
    fn cross_site_rejected() {
        assert!(check(Some("cross-site"), None, "planb.example").is_err());
        assert!(check(Some("same-site"), Some("https://planb.example"), "planb.example").is_err());
        assert!(check(None, Some("https://evil.example"), "planb.example").is_err());
        assert!(check(None, Some("null"), "planb.example").is_err());
        assert!(check(Some("same-origin"), Some("https://evil.example"), "planb.example").is_err(), "both headers must agree");
    }

    #[test]
    fn ports_compared() {
        assert!(!origin_matches_host("http://127.0.0.1:9999", "127.0.0.1:8080"));
        assert!(!origin_matches_host("https://planb.example", "planb.example:8443"));
        assert!(origin_matches_host("http://planb.example", "planb.example:80"));
    }

    #[test]
    fn malformed_origins_rejected() {
        for origin in ["", "planb.example", "ftp://planb.example", "http://", "http://planb.example/path", "http://user@planb.example",
            "http://planb.example:port", "http://[::1"] {
            assert!(!origin_matches_host(origin, "planb.example"), "{origin:?}");
        }
    }

    #[test]
    fn safe_methods_skip_the_check() {
        assert!(is_safe(&Method::GET));
        assert!(is_safe(&Method::HEAD));
        assert!(!is_safe(&Method::POST));
        assert!(!is_safe(&Method::DELETE));
        assert!(!is_safe(&Method::PUT));
    }
}
