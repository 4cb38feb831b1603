use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::http::header::ContentType;
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::error::{AppError, render_page};
use crate::guide::{Guide, Page};
use crate::startup::AppState;
use crate::store;

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

/// Every guide section's finished HTML, rendered once at start-up because a section page
/// depends on nothing but the loaded guide.
pub struct RenderedGuide {
    pages: HashMap<String, Bytes>,
}

impl RenderedGuide {
    pub fn render(guide: &Guide) -> Result<RenderedGuide, askama::Error> {
        let total = guide.pages().len();
        let mut pages = HashMap::with_capacity(total);
        for (index, page) in guide.pages().iter().enumerate() {
            let (previous, next) = guide.neighbours(&page.slug);
            let html = GuideSectionPage { page, previous, next, position: index + 1, total }.render()?;
            pages.insert(page.slug.clone(), Bytes::from(html));
        }
        Ok(RenderedGuide { pages })
    }
}

pub async fn show(state: web::Data<AppState>, slug: web::Path<String>) -> Result<HttpResponse, AppError> {
    let html = state.guide_pages.pages.get(slug.as_str()).ok_or(AppError::NotFound)?;
    Ok(HttpResponse::Ok().content_type(ContentType::html()).body(html.clone()))
}

/// Query-string parameters of `/guide/search`.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct SearchParameters {
    q: String,
}

/// One search result, with its texts already escaped and marked up for the page.
struct SearchResult {
    href: String,
    page_title_html: String,
    heading_html: String,
    excerpt_html: String,
}

#[derive(Template)]
#[template(path = "guide/search.html")]
struct SearchPage {
    query: String,
    /// Shown instead of results when the query cannot be searched.
    notice: Option<&'static str>,
    results: Vec<SearchResult>,
    /// Maximum results a search returns. A full page shows "the best N" rather than a count.
    result_limit: usize,
}

/// Escapes search text for HTML, then turns the search's match markers into `<mark>` elements.
fn marked_html(text: &str) -> String {
    let escaped = askama::filters::escape(text, askama::filters::Html).map(|escaped| escaped.to_string()).unwrap_or_default();
    escaped.replace(store::search::MATCH_START, "<mark>").replace(store::search::MATCH_END, "</mark>")
}

/// Searches the guide; an empty or unusable query gets the search page with a hint, not an error.
pub async fn search(state: web::Data<AppState>, request: HttpRequest) -> Result<HttpResponse, AppError> {
    let parameters: SearchParameters = serde_html_form::from_str(request.query_string()).unwrap_or_default();
    let query = parameters.q.chars().take(200).collect::<String>().trim().to_owned();

    let Some(match_query) = store::search::to_match_query(&query) else {
        let notice = if query.is_empty() { "Type a word or two, such as SOAP, letters or Step 2 CK." } else { "Use letters or numbers in your search, such as SOAP or letters." };
        return Ok(render_page(StatusCode::OK, &SearchPage { query, notice: Some(notice), results: Vec::new(), result_limit: store::search::RESULT_LIMIT }));
    };

    let pool = state.pool.clone();
    let hits = web::block(move || store::search::search(&*pool.get()?, &match_query))
        .await
        .map_err(AppError::internal)?
        .map_err(AppError::internal)?;

    let results: Vec<SearchResult> = hits
        .into_iter()
        .map(|hit| SearchResult {
            href: if hit.anchor.is_empty() { format!("/guide/{}", hit.slug) } else { format!("/guide/{}#{}", hit.slug, hit.anchor) },
            heading_html: if hit.heading.is_empty() { "Introduction".to_owned() } else { marked_html(&hit.heading) },
            page_title_html: marked_html(&hit.page_title),
            excerpt_html: marked_html(&hit.excerpt),
        })
        .collect();
    let notice = results.is_empty().then_some("Nothing in the guide matches every word. Try fewer or different words, or browse the sections.");
    Ok(render_page(StatusCode::OK, &SearchPage { query, notice, results, result_limit: store::search::RESULT_LIMIT }))
}
