//! `/reports`: the reports this browser made, newest first, each with a delete button.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::owned::{self, MAX_OWNED_REPORTS};
use super::report::{date_of, delete_path};
use crate::error::{AppError, render_page};
use crate::planner::Report;
use crate::security::csrf;
use crate::startup::AppState;
use crate::store::{self, ReportRecord, Token};

struct ListedReport {
    created_on: String,
    strategy: String,
    path: String,
    delete_url: String,
}

#[derive(Template)]
#[template(path = "reports.html")]
struct ReportsPage {
    reports: Vec<ListedReport>,
    csrf_token: String,
    /// True right after a delete, to confirm it.
    deleted: bool,
    max_reports: usize,
}

/// Query-string parameters of `/reports`.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
struct ReportsParameters {
    deleted: String,
}

/// Lists this browser's live reports and drops from the session those that were deleted
/// elsewhere, for example through a manage link.
pub async fn list(state: web::Data<AppState>, request: HttpRequest, session: Session) -> Result<HttpResponse, AppError> {
    let parameters: ReportsParameters = serde_html_form::from_str(request.query_string()).unwrap_or_default();
    let tokens: Vec<Token> = owned::list(&session).iter().rev().filter_map(|owned| Token::parse(&owned.share)).collect();

    let pool = state.pool.clone();
    let hashes: Vec<_> = tokens.iter().map(Token::hash).collect();
    let records = web::block(move || -> Result<Vec<Option<ReportRecord>>, store::StoreError> {
        let connection = pool.get()?;
        hashes.iter().map(|hash| store::find_report(&connection, hash)).collect()
    })
    .await
    .map_err(AppError::internal)?
    .map_err(AppError::internal)?;

    let mut reports = Vec::new();
    let mut gone = Vec::new();
    for (token, record) in tokens.iter().zip(records) {
        match record {
            Some(ReportRecord::Live(stored)) => {
                let report: Report = serde_json::from_str(&stored.report_json).map_err(AppError::internal)?;
                reports.push(ListedReport {
                    created_on: date_of(&stored.created_at),
                    strategy: format!("{}: {}", report.strategy.code, report.strategy.title),
                    path: format!("/r/{}", token.expose()),
                    delete_url: delete_path(token.expose()),
                });
            }
            Some(ReportRecord::Deleted { .. }) | None => gone.push(token.expose()),
        }
    }
    if !gone.is_empty() {
        owned::forget(&session, &gone);
    }

    let csrf_token = if reports.is_empty() { String::new() } else { csrf::form_token(&session)? };
    let page = ReportsPage { reports, csrf_token, deleted: parameters.deleted == "1", max_reports: MAX_OWNED_REPORTS };
    Ok(render_page(StatusCode::OK, &page))
}
