//! Every URL of the site, registered in one place and used by `main` and the tests alike.

mod api;
mod assets;
mod calendar;
mod data;
mod guide;
mod health;
mod home;
mod my_reports;
mod owned;
mod plan;
mod plan_form;
mod report;

use actix_web::http::StatusCode;
use actix_web::middleware::from_fn;
use actix_web::{HttpResponse, Route, guard, web};

pub use guide::RenderedGuide;

use crate::error::{AppError, ErrorPage, render_page};
use crate::security::headers::private_page_headers;
use crate::security::rate_limit::limit_report_creation;

/// Returns a route for both GET and HEAD, because `web::get()` alone returns 404 for HEAD.
fn get_or_head() -> Route {
    web::route().guard(guard::Any(guard::Get()).or(guard::Head()))
}

pub fn configure(config: &mut web::ServiceConfig) {
    config
        .app_data(web::PathConfig::default().error_handler(|error, _| AppError::BadRequest(format!("The address is not valid: {error}.")).into()))
        .app_data(web::QueryConfig::default().error_handler(|error, _| AppError::BadRequest(format!("The query string is not valid: {error}.")).into()))
        .route("/", get_or_head().to(home::show))
        .route("/healthz", get_or_head().to(health::check))
        .route("/static/style.css", get_or_head().to(assets::stylesheet))
        .route("/robots.txt", get_or_head().to(assets::robots))
        .route("/guide", get_or_head().to(guide::index))
        .route("/guide/search", get_or_head().to(guide::search))
        .route("/guide/{slug}", get_or_head().to(guide::show))
        .route("/data", get_or_head().to(data::show))
        .service(
            web::resource("/plan")
                .wrap(from_fn(limit_report_creation))
                .route(get_or_head().to(plan::show_form))
                .route(web::post().to(plan::submit)),
        )
        .service(web::resource("/reports").wrap(private_page_headers()).route(get_or_head().to(my_reports::list)))
        .service(
            web::scope("/r")
                .wrap(private_page_headers())
                .route("/{token}", get_or_head().to(report::show))
                .route("/{token}/edit", get_or_head().to(plan::edit_form))
                .route("/{token}/manage/{manage}", get_or_head().to(report::manage))
                .route("/{token}/delete", web::post().to(report::delete)),
        )
        .service(
            web::resource("/api/reports")
                .wrap(from_fn(limit_report_creation))
                .route(web::post().to(api::create_report))
                .route(web::route().to(api::method_not_allowed)),
        )
        .default_service(web::to(not_found));
}

async fn not_found() -> HttpResponse {
    render_page(
        StatusCode::NOT_FOUND,
        &ErrorPage::for_status(StatusCode::NOT_FOUND, "No page lives at this address. Try the guide or the plan form from the menu.".to_owned()),
    )
}
