//! Response headers that every page, and every private page, carries.

use actix_web::http::header;
use actix_web::middleware::DefaultHeaders;

/// Allows resources from planb's own origin only, and no inline script or style, plugins,
/// `<base>` changes, framing, or form targets elsewhere.
pub const CONTENT_SECURITY_POLICY: &str =
    "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

/// Turns off browser features that planb never uses.
pub const PERMISSIONS_POLICY: &str = "accelerometer=(), browsing-topics=(), camera=(), display-capture=(), geolocation=(), \
     gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";

/// Headers added to every response that does not already set them.
///
/// `DefaultHeaders` leaves a header alone when the handler set it, so a route may override any
/// of these. Responses that actix writes at the protocol level, such as 408 and 431, skip the
/// middleware and go without.
pub fn site_headers() -> DefaultHeaders {
    DefaultHeaders::new()
        .add((header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY))
        .add((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        // Not `no-referrer`: under that policy browsers send `Origin: null` with planb's own form
        // posts, which the origin check must reject. `same-origin` keeps links to other sites
        // from learning any planb address while same-site posts carry their real origin.
        .add((header::REFERRER_POLICY, "same-origin"))
        .add(("Permissions-Policy", PERMISSIONS_POLICY))
        .add((header::X_FRAME_OPTIONS, "DENY"))
        .add(("Cross-Origin-Opener-Policy", "same-origin"))
}

/// Headers for pages that show a report or a secret link: no cache may keep them and no
/// search engine may index them.
pub fn private_page_headers() -> DefaultHeaders {
    DefaultHeaders::new()
        .add((header::CACHE_CONTROL, "no-store"))
        .add(("X-Robots-Tag", "noindex, nofollow"))
}
