use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use crate::error::{AppError, render_page};
use crate::guide::Page;
use crate::startup::AppState;

#[derive(Template)]
#[template(path = "guide/index.html")]
struct GuideIndexPage<'a> {
    pages: &'a [Page],
}

#[derive(Template)]
#[template(path = "guide/page.html")]
struct GuideSectionPage<'a> {
    page: &'a Page,
    previous: Option<&'a Page>,
    next: Option<&'a Page>,
    position: usize,
    total: usize,
}

pub async fn index(state: web::Data<AppState>) -> HttpResponse {
    render_page(StatusCode::OK, &GuideIndexPage { pages: state.guide.pages() })
}

pub async fn show(state: web::Data<AppState>, slug: web::Path<String>) -> Result<HttpResponse, AppError> {
    let guide = &state.guide;
    let page = guide.page(&slug).ok_or(AppError::NotFound)?;
    let (previous, next) = guide.neighbours(&slug);
    let position = guide.pages().iter().position(|candidate| candidate.slug == page.slug).unwrap_or(0) + 1;

    Ok(render_page(StatusCode::OK, &GuideSectionPage { page, previous, next, position, total: guide.pages().len() }))
}
