use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::json;

use super::report;
use crate::error::AppError;
use crate::planner::ProfileInput;
use crate::startup::AppState;

/// Creates a report from a JSON profile. Returns 201 with the token, link and report, 422 with field
/// errors, or 400 when the body is not JSON.
pub async fn create_report(state: web::Data<AppState>, request: HttpRequest, body: web::Bytes) -> Result<HttpResponse, AppError> {
    let value: serde_json::Value = match serde_json::from_slice(&body) {
        Ok(value) => value,
        Err(error) => {
            return Ok(HttpResponse::BadRequest().json(json!({ "error": format!("The request body is not valid JSON: {error}.") })));
        }
    };
    let profile = match ProfileInput::validate_json(&value, state.clock.today()) {
        Ok(profile) => profile,
        Err(errors) => return Ok(HttpResponse::UnprocessableEntity().json(json!({ "errors": errors }))),
    };

    let (token, report) = report::create(&state, &profile).await?;

    let url = report::share_url(&request, &token);
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, url.clone()))
        .json(json!({ "token": token.expose(), "url": url, "report": report })))
}

/// Answers other methods on `/api/reports` with 405 and the allowed method.
pub async fn method_not_allowed() -> HttpResponse {
    HttpResponse::MethodNotAllowed()
        .insert_header((header::ALLOW, "POST"))
        .json(json!({ "error": "Use POST with a JSON profile to create a report; reports are read at their share link." }))
}
