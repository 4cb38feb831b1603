use actix_session::Session;
use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use crate::error::{AppError, render_page};
use super::plan_form::{Fieldset, fieldsets};
use crate::planner::{self, PLANNER_VERSION, Profile, ProfileInput, Report};
use crate::startup::AppState;
use crate::store::{self, NewReport, StoredReport, Token};

/// Session key under which a browser remembers the reports it made.
const SESSION_REPORTS: &str = "reports";
/// Reports remembered per browser; the oldest is dropped past this, keeping the cookie small.
const SESSION_REPORTS_MAX: usize = 20;

#[derive(Template)]
#[template(path = "report.html")]
struct ReportPage {
    report: Report,
    created_on: String,
    share_url: String,
    json_url: String,
    edit_url: String,
    calendar_url: String,
    owner: bool,
    /// The profile behind the report, grouped as on the form, for advisors to check.
    answers: Vec<Fieldset>,
}

/// Plans, stores and commits a report, returning its new share token.
pub(super) async fn create(state: &AppState, profile: &Profile) -> Result<(Token, Report), AppError> {
    let report = planner::plan(profile, &state.rules, state.clock.today());
    let new_report = NewReport {
        planner_version: PLANNER_VERSION,
        profile_json: serde_json::to_string(profile).map_err(AppError::internal)?,
        report_json: serde_json::to_string(&report).map_err(AppError::internal)?,
    };
    let token = Token::generate().map_err(AppError::internal)?;
    let token_hash = token.hash();

    let pool = state.pool.clone();
    web::block(move || store::insert_report(&*pool.get()?, &token_hash, &new_report))
        .await
        .map_err(AppError::internal)?
        .map_err(AppError::internal)?;
    tracing::info!(strategy = %report.strategy.code, tier = report.competitiveness.tier.label(), "report stored");
    Ok((token, report))
}

/// Returns the absolute share link for `token`, built from the request's scheme and host.
pub(super) fn share_url(request: &HttpRequest, token: &Token) -> String {
    let connection = request.connection_info();
    format!("{}://{}/r/{}", connection.scheme(), connection.host(), token.expose())
}

/// Adds `token` to the list of reports this browser made; a failure only loses that list entry.
pub(super) fn remember(session: &Session, token: &Token) {
    let mut tokens: Vec<String> = session.get(SESSION_REPORTS).unwrap_or_else(|error| {
        tracing::warn!(%error, "session report list unreadable; starting a new one");
        None
    }).unwrap_or_default();
    tokens.push(token.expose().to_owned());
    if tokens.len() > SESSION_REPORTS_MAX {
        tokens.drain(..tokens.len() - SESSION_REPORTS_MAX);
    }
    if let Err(error) = session.insert(SESSION_REPORTS, tokens) {
        tracing::warn!(%error, "could not remember the report in the session");
    }
}

fn owns(session: &Session, token: &Token) -> bool {
    session.get::<Vec<String>>(SESSION_REPORTS).ok().flatten().is_some_and(|tokens| tokens.iter().any(|owned| owned == token.expose()))
}

pub(super) async fn load(state: &AppState, token: &Token) -> Result<StoredReport, AppError> {
    let pool = state.pool.clone();
    let token_hash = token.hash();
    web::block(move || store::find_report(&*pool.get()?, &token_hash))
        .await
        .map_err(AppError::internal)?
        .map_err(AppError::internal)?
        .ok_or(AppError::NotFound)
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
    let stored = match Token::parse(token_text) {
        Some(token) => load(&state, &token).await.map(|stored| (token, stored)),
        None => Err(AppError::NotFound),
    };
    let (token, stored) = match stored {
        Ok(found) => found,
        Err(AppError::NotFound) if json => {
            return Ok(HttpResponse::NotFound().json(serde_json::json!({ "error": "No report exists at this link. Check that it was copied in full." })));
        }
        Err(error) => return Err(error),
    };

    if json {
        return Ok(HttpResponse::Ok()
            .content_type("application/json")
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .body(stored.report_json));
    }
    let report: Report = serde_json::from_str(&stored.report_json).map_err(AppError::internal)?;
    if calendar {
        return calendar_response(&request, &token, &report);
    }
    let profile: Profile = serde_json::from_str(&stored.profile_json).map_err(AppError::internal)?;
    let page = ReportPage {
        report,
        created_on: stored.created_at.get(..10).unwrap_or(&stored.created_at).to_owned(),
        share_url: share_url(&request, &token),
        json_url: format!("/r/{}.json", token.expose()),
        edit_url: format!("/r/{}/edit", token.expose()),
        calendar_url: format!("/r/{}.ics", token.expose()),
        owner: owns(&session, &token),
        answers: fieldsets(&ProfileInput::from(&profile), &[], state.clock.today().year()),
    };
    let mut response = render_page(StatusCode::OK, &page);
    response.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
    Ok(response)
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
