use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use crate::error::render_page;
use crate::guide::Page;
use crate::startup::AppState;

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage<'a> {
    pages: &'a [Page],
}

pub async fn show(state: web::Data<AppState>) -> HttpResponse {
    render_page(StatusCode::OK, &HomePage { pages: state.guide.pages() })
}
