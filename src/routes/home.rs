use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use crate::error::render_page;
use crate::guide::Page;
use super::owned::MAX_OWNED_REPORTS;
use crate::startup::{AppState, SESSION_DAYS};

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage<'a> {
    pages: &'a [Page],
    max_owned_reports: usize,
    session_days: i64,
}

pub async fn show(state: web::Data<AppState>) -> HttpResponse {
    render_page(StatusCode::OK, &HomePage { pages: state.guide.pages(), max_owned_reports: MAX_OWNED_REPORTS, session_days: SESSION_DAYS })
}
