use actix_web::http::{StatusCode, header};
use actix_web::{HttpMessage, HttpRequest, HttpResponse, web};
use serde_json::json;

use super::report;
use crate::error::AppError;
use crate::planner::ProfileInput;
use crate::security::body;
use crate::startup::AppState;

/// Creates a report from a JSON profile. Returns 201 with the token, links and report, 422 with
/// field errors, 400 when the body is not JSON, 413 when it is too large, and 415 unless the
/// request has `Content-Type: application/json`.
///
/// Requiring that content type is this endpoint's CSRF defence: a page on another site cannot
/// send it without a CORS preflight, which planb never allows.
pub async fn create_report(state: web::Data<AppState>, request: HttpRequest, payload: web::Payload) -> HttpResponse {
    create(&state, &request, payload).await.unwrap_or_else(|error| error.json_response())
}

async fn create(state: &AppState, request: &HttpRequest, payload: web::Payload) -> Result<HttpResponse, AppError> {
    let is_json = matches!(request.mime_type(), Ok(Some(mime)) if mime.essence_str() == "application/json");
    if !is_json {
        return Ok(HttpResponse::build(StatusCode::UNSUPPORTED_MEDIA_TYPE)
            .json(json!({ "error": "Send the profile as JSON with the header Content-Type: application/json." })));
    }
    let body = body::read_body(payload).await?;
    let value: serde_json::Value = match serde_json::from_slice(&body) {
        Ok(value) => value,
        Err(error) => {
            return Ok(HttpResponse::BadRequest().json(json!({ "error": format!("The request body is not valid JSON: {error}.") })));
        }
    };
    let (input, _) = ProfileInput::from_json(&value);
    if let Err(errors) = input.check_text() {
        return Ok(HttpResponse::UnprocessableEntity().json(json!({ "errors": errors })));
    }
    let profile = match ProfileInput::validate_json(&value, state.clock.today()) {
        Ok(profile) => profile,
        Err(errors) => return Ok(HttpResponse::UnprocessableEntity().json(json!({ "errors": errors }))),
    };

    let created = report::create(state, &profile).await?;

    let url = report::share_url(request, &created.share);
    let manage_url = report::manage_url(request, &created.share, created.manage.expose());
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, url.clone()))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(json!({ "token": created.share.expose(), "url": url, "manage_url": manage_url, "report": created.report })))
}

/// Returns 405 with the allowed method for any other method on `/api/reports`.
pub async fn method_not_allowed() -> HttpResponse {
    HttpResponse::MethodNotAllowed()
        .insert_header((header::ALLOW, "POST"))
        .json(json!({ "error": "Use POST with a JSON profile to create a report; reports are read at their share link." }))
}
