use actix_web::HttpResponse;
use actix_web::http::header;

/// The stylesheet, compiled into the binary so the server needs no static folder at run time.
const STYLESHEET: &str = include_str!("../../static/style.css");

pub async fn stylesheet() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(STYLESHEET)
}

/// Asks crawlers to stay out of shared reports and the per-browser report list.
const ROBOTS_TXT: &str = "User-agent: *\nDisallow: /r/\nDisallow: /reports\n";

pub async fn robots() -> HttpResponse {
    HttpResponse::Ok().content_type("text/plain; charset=utf-8").body(ROBOTS_TXT)
}
