use actix_session::Session;
use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};
use askama::Template;

use super::plan_form::{Fieldset, fieldsets};
use super::{owned, report};
use crate::error::{AppError, render_page};
use crate::planner::{FieldError, Profile, ProfileInput};
use crate::security::{body, csrf};
use crate::store::Token;
use crate::startup::AppState;

#[derive(Template)]
#[template(path = "plan.html")]
struct PlanPage {
    fieldsets: Vec<Fieldset>,
    errors: Vec<FieldError>,
    csrf_token: String,
    /// The reason the form came back without being checked, such as a missing form token.
    notice: Option<&'static str>,
}

impl PlanPage {
    fn new(input: &ProfileInput, errors: Vec<FieldError>, this_year: i32, csrf_token: String) -> Self {
        PlanPage { fieldsets: fieldsets(input, &errors, this_year), errors, csrf_token, notice: None }
    }
}

pub async fn show_form(state: web::Data<AppState>, session: Session) -> Result<HttpResponse, AppError> {
    let this_year = state.clock.today().year();
    let csrf_token = csrf::form_token(&session)?;
    Ok(render_page(StatusCode::OK, &PlanPage::new(&ProfileInput::default(), Vec::new(), this_year, csrf_token)))
}

/// Shows the form prefilled with a stored report's profile, so the student can edit and re-run it.
/// A deleted report returns 410, like its share link.
pub async fn edit_form(state: web::Data<AppState>, session: Session, path: web::Path<String>) -> Result<HttpResponse, AppError> {
    let token = Token::parse(&path).ok_or(AppError::NotFound)?;

    let stored = report::load_live(&state, &token).await?;
    let profile: Profile = serde_json::from_str(&stored.profile_json).map_err(AppError::internal)?;

    let this_year = state.clock.today().year();
    let csrf_token = csrf::form_token(&session)?;
    Ok(render_page(StatusCode::OK, &PlanPage::new(&ProfileInput::from(&profile), Vec::new(), this_year, csrf_token)))
}

/// Validates the form; re-renders it with messages (422) or stores the report and redirects (303).
///
/// A form whose session token is missing or wrong comes back with 403, the answers kept and a
/// fresh token, so a student whose session expired loses nothing and can submit again.
pub async fn submit(state: web::Data<AppState>, session: Session, payload: web::Payload) -> Result<HttpResponse, AppError> {
    let body = body::read_body(payload).await?;
    let input: ProfileInput = serde_html_form::from_bytes(&body)
        .map_err(|error| AppError::BadRequest(format!("The form data could not be read ({error}). Reload the form and submit it again.")))?;
    let today = state.clock.today();

    if !csrf::is_valid(&session, &csrf::FormToken::from_form(&body).csrf_token) {
        tracing::warn!("plan form rejected: form token missing or wrong");
        let mut page = PlanPage::new(&input, Vec::new(), today.year(), csrf::form_token(&session)?);
        page.notice = Some("Your answers were not submitted, because the form did not carry this browser's security token. That happens when a session ends, for example after planb restarts. Your answers are still below: check them and submit again.");
        return Ok(render_page(StatusCode::FORBIDDEN, &page));
    }

    let profile = match input.check_text().and_then(|()| input.validate(today)) {
        Ok(profile) => profile,
        Err(errors) => {
            let csrf_token = csrf::form_token(&session)?;
            return Ok(render_page(StatusCode::UNPROCESSABLE_ENTITY, &PlanPage::new(&input, errors, today.year(), csrf_token)));
        }
    };

    let created = report::create(&state, &profile).await?;
    owned::remember(&session, &created.share, &created.manage);

    Ok(HttpResponse::SeeOther().insert_header((header::LOCATION, format!("/r/{}", created.share.expose()))).finish())
}
