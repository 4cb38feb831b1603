use actix_session::Session;
use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};
use askama::Template;

use super::plan_form::{Fieldset, fieldsets};
use super::report;
use crate::error::{AppError, render_page};
use crate::planner::{FieldError, Profile, ProfileInput};
use crate::store::Token;
use crate::startup::AppState;

#[derive(Template)]
#[template(path = "plan.html")]
struct PlanPage {
    fieldsets: Vec<Fieldset>,
    errors: Vec<FieldError>,
}

impl PlanPage {
    fn new(input: &ProfileInput, errors: Vec<FieldError>, this_year: i32) -> Self {
        PlanPage { fieldsets: fieldsets(input, &errors, this_year), errors }
    }
}

pub async fn show_form(state: web::Data<AppState>) -> HttpResponse {
    let this_year = state.clock.today().year();
    render_page(StatusCode::OK, &PlanPage::new(&ProfileInput::default(), Vec::new(), this_year))
}

/// Shows the form prefilled with a stored report's profile, so the student can edit and re-run it.
pub async fn edit_form(state: web::Data<AppState>, path: web::Path<String>) -> Result<HttpResponse, AppError> {
    let token = Token::parse(&path).ok_or(AppError::NotFound)?;

    let stored = report::load(&state, &token).await?;
    let profile: Profile = serde_json::from_str(&stored.profile_json).map_err(AppError::internal)?;

    let this_year = state.clock.today().year();
    Ok(render_page(StatusCode::OK, &PlanPage::new(&ProfileInput::from(&profile), Vec::new(), this_year)))
}

/// Validates the form; re-renders it with messages (422) or stores the report and redirects (303).
pub async fn submit(state: web::Data<AppState>, session: Session, body: web::Bytes) -> Result<HttpResponse, AppError> {
    let input: ProfileInput = serde_html_form::from_bytes(&body)
        .map_err(|error| AppError::BadRequest(format!("The form data could not be read ({error}). Reload the form and submit it again.")))?;
    let today = state.clock.today();

    let profile = match input.validate(today) {
        Ok(profile) => profile,
        Err(errors) => return Ok(render_page(StatusCode::UNPROCESSABLE_ENTITY, &PlanPage::new(&input, errors, today.year()))),
    };

    let (token, _) = report::create(&state, &profile).await?;
    report::remember(&session, &token);

    Ok(HttpResponse::SeeOther().insert_header((header::LOCATION, format!("/r/{}", token.expose()))).finish())
}
