//! Shared reports: the read-only page and JSON, the private manage page and deletion.

use std::sync::Arc;

use actix_session::Session;
use actix_web::http::header::ContentType;
use actix_web::http::{StatusCode, header};
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::owned::{self, OwnedReport};
use crate::error::{AppError, render_page};
use super::plan_form::{Fieldset, fieldsets};
use crate::planner::{self, PLANNER_VERSION, Profile, ProfileInput, Report};
use crate::security::{body, csrf};
use crate::startup::AppState;
use crate::store::{self, CachedReport, NewReport, ReportRecord, StoredReport, Token};

#[derive(Template)]
#[template(path = "report.html")]
struct ReportPage {
    report: Report,
    created_on: String,
    share_url: String,
    json_url: String,
    edit_url: String,
    calendar_url: String,
    /// True when this browser made the report; only then are the manage link and the delete
    /// button shown.
    owner: bool,
    manage_url: String,
    delete_url: String,
    csrf_token: String,
    /// The profile behind the report, grouped as on the form, for advisors to check.
    answers: Vec<Fieldset>,
}

#[derive(Template)]
#[template(path = "manage.html")]
struct ManagePage {
    created_on: String,
    strategy: String,
    share_url: String,
    delete_url: String,
    manage_token: String,
    csrf_token: String,
}

/// A newly stored report with its two secrets.
pub(super) struct Created {
    pub share: Token,
    pub manage: Token,
    pub report: Report,
}

/// Plans, stores and commits a report under new share and manage tokens.
pub(super) async fn create(state: &AppState, profile: &Profile) -> Result<Created, AppError> {
    let report = planner::plan(profile, &state.rules, state.clock.today());
    let new_report = NewReport {
        planner_version: PLANNER_VERSION,
        profile_json: serde_json::to_string(profile).map_err(AppError::internal)?,
        report_json: serde_json::to_string(&report).map_err(AppError::internal)?,
    };
    let share = Token::generate().map_err(AppError::internal)?;
    let manage = Token::generate().map_err(AppError::internal)?;
    let (share_hash, manage_hash) = (share.hash(), manage.hash());

    state.writer.insert(share_hash, manage_hash, new_report).await.map_err(AppError::internal)?;
    tracing::info!(report = %share_hash.fingerprint(), strategy = %report.strategy.code, "report stored");
    Ok(Created { share, manage, report })
}

/// Returns the absolute share link for `token`, built from the request's scheme and host.
pub(super) fn share_url(request: &HttpRequest, token: &Token) -> String {
    let connection = request.connection_info();
    format!("{}://{}/r/{}", connection.scheme(), connection.host(), token.expose())
}

/// Returns the absolute manage link, which opens the page that deletes the report.
pub(super) fn manage_url(request: &HttpRequest, share: &Token, manage: &str) -> String {
    format!("{}/manage/{manage}", share_url(request, share))
}

pub(super) fn delete_path(share: &str) -> String {
    format!("/r/{share}/delete")
}

/// Returns the date part of a stored `YYYY-MM-DDTHH:MM:SSZ` time.
pub(super) fn date_of(timestamp: &str) -> String {
    timestamp.get(..10).unwrap_or(timestamp).to_owned()
}

/// Loads the record under `token` from the cache, or from the database into the cache.
async fn load(state: &AppState, token: &Token) -> Result<Arc<CachedReport>, AppError> {
    let token_hash = token.hash();
    if let Some(cached) = state.reports.get(&token_hash) {
        return Ok(cached);
    }

    let generation = state.reports.generation();
    let pool = state.pool.clone();
    let record = web::block(move || store::find_report(&*pool.get()?, &token_hash))
        .await
        .map_err(AppError::internal)?
        .map_err(AppError::internal)?
        .ok_or(AppError::NotFound)?;
    Ok(state.reports.insert_read(token_hash, record, generation))
}

/// Returns the stored report, or 410 when it was deleted.
fn live(cached: &CachedReport) -> Result<&StoredReport, AppError> {
    match &cached.record {
        ReportRecord::Live(stored) => Ok(stored),
        ReportRecord::Deleted { .. } => Err(AppError::Gone),
    }
}

/// Loads a report that has not been deleted: 404 when the token is unknown, 410 when deleted.
pub(super) async fn load_live(state: &AppState, token: &Token) -> Result<StoredReport, AppError> {
    live(&*load(state, token).await?).cloned()
}

/// Serves `/r/{token}` as a page, `/r/{token}.json` as the stored report JSON and
/// `/r/{token}.ics` as the timeline in iCalendar form.
pub async fn show(state: web::Data<AppState>, request: HttpRequest, session: Session, path: web::Path<String>) -> Result<HttpResponse, AppError> {
    let (token_text, json, calendar) = if let Some(token_text) = path.strip_suffix(".json") {
        (token_text, true, false)
    } else if let Some(token_text) = path.strip_suffix(".ics") {
        (token_text, false, true)
    } else {
        (path.as_str(), false, false)
    };
    if json {
        return Ok(show_json(&state, token_text).await);
    }
    let token = Token::parse(token_text).ok_or(AppError::NotFound)?;

    let cached = load(&state, &token).await?;
    let stored = live(&cached)?;
    if calendar {
        let report: Report = serde_json::from_str(&stored.report_json).map_err(AppError::internal)?;
        return calendar_response(&request, &token, &report);
    }

    match owned::find(&session, &token) {
        Some(owned) => {
            let csrf_token = csrf::form_token(&session)?;
            let page = report_page(&state, &request, &token, stored, Some((owned, csrf_token)))?;
            Ok(render_page(StatusCode::OK, &page))
        }
        None => Ok(HttpResponse::Ok().content_type(ContentType::html()).body(read_only_page(&state, &request, &token, &cached)?)),
    }
}

/// Returns the read-only page shown to everyone but the report's maker, rendered once per
/// origin and year and then kept with the cached report.
fn read_only_page(state: &AppState, request: &HttpRequest, token: &Token, cached: &Arc<CachedReport>) -> Result<Bytes, AppError> {
    // The page shows the share link, built from the request's scheme and host, and offers
    // graduation years counted from this year.
    let connection = request.connection_info();
    let key = format!("{}://{} {}", connection.scheme(), connection.host(), state.clock.today().year());
    drop(connection);
    if let Some(html) = cached.rendered(&key) {
        return Ok(html);
    }

    let page = report_page(state, request, token, live(cached)?, None)?;
    let html = Bytes::from(page.render().map_err(AppError::internal)?);
    state.reports.store_rendered(&token.hash(), cached, key, html.clone());
    Ok(html)
}

/// Builds the report page. `owner` carries the maker's manage token and form token, which
/// only the maker's page shows.
fn report_page(state: &AppState, request: &HttpRequest, token: &Token, stored: &StoredReport, owner: Option<(OwnedReport, String)>) -> Result<ReportPage, AppError> {
    let report: Report = serde_json::from_str(&stored.report_json).map_err(AppError::internal)?;
    let profile: Profile = serde_json::from_str(&stored.profile_json).map_err(AppError::internal)?;
    let (manage_url, csrf_token) = match &owner {
        Some((owned, csrf_token)) => (manage_url(request, token, &owned.manage), csrf_token.clone()),
        None => (String::new(), String::new()),
    };
    Ok(ReportPage {
        report,
        created_on: date_of(&stored.created_at),
        share_url: share_url(request, token),
        json_url: format!("/r/{}.json", token.expose()),
        edit_url: format!("/r/{}/edit", token.expose()),
        calendar_url: format!("/r/{}.ics", token.expose()),
        owner: owner.is_some(),
        manage_url,
        delete_url: delete_path(token.expose()),
        csrf_token,
        answers: fieldsets(&ProfileInput::from(&profile), &[], state.clock.today().year()),
    })
}

/// Returns the stored report JSON, or the error as JSON.
async fn show_json(state: &AppState, token_text: &str) -> HttpResponse {
    let cached = match Token::parse(token_text) {
        Some(token) => load(state, &token).await,
        None => Err(AppError::NotFound),
    };
    let report_json = cached.and_then(|cached| cached.report_json().ok_or(AppError::Gone));
    match report_json {
        Ok(report_json) => HttpResponse::Ok().content_type("application/json").body(report_json),
        Err(AppError::NotFound) => {
            HttpResponse::NotFound().json(serde_json::json!({ "error": "No report exists at this link. Check that it was copied in full." }))
        }
        Err(error) => error.json_response(),
    }
}

/// Shows the page behind a manage link, from which the report can be deleted on any device.
/// A wrong manage token gets the same 404 as an unknown report.
pub async fn manage(state: web::Data<AppState>, request: HttpRequest, session: Session, path: web::Path<(String, String)>) -> Result<HttpResponse, AppError> {
    let (token_text, manage_text) = path.into_inner();
    let token = Token::parse(&token_text).ok_or(AppError::NotFound)?;
    let manage = Token::parse(&manage_text).ok_or(AppError::NotFound)?;

    let stored = load_live(&state, &token).await?;
    if !stored.manage_hash.is_some_and(|hash| hash.matches(&manage.hash())) {
        return Err(AppError::NotFound);
    }
    let report: Report = serde_json::from_str(&stored.report_json).map_err(AppError::internal)?;
    let page = ManagePage {
        created_on: date_of(&stored.created_at),
        strategy: format!("{}: {}", report.strategy.code, report.strategy.title),
        share_url: share_url(&request, &token),
        delete_url: delete_path(token.expose()),
        manage_token: manage.expose().to_owned(),
        csrf_token: csrf::form_token(&session)?,
    };
    Ok(render_page(StatusCode::OK, &page))
}

/// Fields of the delete form. `manage_token` is only sent from the manage page.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct DeleteForm {
    csrf_token: String,
    manage_token: String,
}

/// Deletes a report for the browser that made it, or for a holder of its manage link, then
/// redirects to this browser's report list. The report's link returns 410 from then on.
pub async fn delete(state: web::Data<AppState>, session: Session, path: web::Path<String>, payload: web::Payload) -> Result<HttpResponse, AppError> {
    let token = Token::parse(&path).ok_or(AppError::NotFound)?;
    let body = body::read_body(payload).await?;
    let form: DeleteForm = serde_html_form::from_bytes(&body)
        .map_err(|_| AppError::BadRequest("The delete form could not be read. Open the report again and press Delete there.".to_owned()))?;
    if !csrf::is_valid(&session, &form.csrf_token) {
        tracing::warn!(report = %token.hash().fingerprint(), "delete rejected: form token missing or wrong");
        return Err(AppError::Forbidden(
            "This delete request did not carry the security token of planb's own page, so nothing was deleted. Your session may have expired: open the report or its manage link again and press Delete there.".to_owned(),
        ));
    }

    let stored = load_live(&state, &token).await?;
    let by_owner = owned::find(&session, &token).is_some();
    let by_manage_link = Token::parse(&form.manage_token)
        .zip(stored.manage_hash)
        .is_some_and(|(manage, hash)| hash.matches(&manage.hash()));
    if !by_owner && !by_manage_link {
        tracing::warn!(report = %token.hash().fingerprint(), "delete rejected: neither the owner nor a manage link");
        return Err(AppError::Forbidden(
            "Only the browser that made this report, or someone with its private manage link, can delete it. Nothing was deleted.".to_owned(),
        ));
    }

    let pool = state.pool.clone();
    let token_hash = token.hash();
    let deleted = web::block(move || store::delete_report(&*pool.get()?, &token_hash))
        .await
        .map_err(AppError::internal)?
        .map_err(AppError::internal)?;
    // Removed after the commit, so no later request finds the report in the cache.
    state.reports.remove(&token_hash);
    if !deleted {
        return Err(AppError::Gone);
    }
    owned::forget(&session, &[token.expose()]);
    tracing::info!(report = %token_hash.fingerprint(), by = if by_owner { "owner" } else { "manage link" }, "report deleted");

    Ok(HttpResponse::SeeOther().insert_header((header::LOCATION, "/reports?deleted=1")).finish())
}

fn calendar_response(request: &HttpRequest, token: &Token, report: &Report) -> Result<HttpResponse, AppError> {
    // Reports made before the timeline existed have no dates to export.
    let timeline = report.timeline.as_ref().ok_or(AppError::NotFound)?;
    let body = super::calendar::timeline_calendar(timeline, token, &share_url(request, token));
    Ok(HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"planb-match-{}.ics\"", timeline.match_year)))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body))
}
