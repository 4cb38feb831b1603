//! The application error type, rendered as the site's error page.

use actix_web::http::StatusCode;
use actix_web::http::header::ContentType;
use actix_web::{HttpResponse, ResponseError};
use askama::Template;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("page not found")]
    NotFound,
    #[error("{0}")]
    BadRequest(String),
    /// A failure inside planb; the message is logged but never shown to the user.
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    pub fn internal(error: impl std::fmt::Display) -> Self {
        AppError::Internal(error.to_string())
    }
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub status: u16,
    pub title: &'static str,
    pub message: String,
}

impl ErrorPage {
    pub fn for_status(status: StatusCode, message: String) -> Self {
        let title = match status {
            StatusCode::NOT_FOUND => "Page not found",
            StatusCode::BAD_REQUEST => "The request could not be read",
            StatusCode::PAYLOAD_TOO_LARGE => "The form was too large",
            _ => "Something went wrong",
        };
        ErrorPage { status: status.as_u16(), title, message }
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        let message = match self {
            AppError::NotFound => "No page lives at this address. If someone shared a report link with you, check that it was copied in full.".to_owned(),
            AppError::BadRequest(message) => message.clone(),
            AppError::Internal(error) => {
                tracing::error!(%error, "request failed");
                "planb could not finish this request. Nothing you entered was lost; please try again in a moment.".to_owned()
            }
        };
        render_page(status, &ErrorPage::for_status(status, message))
    }
}

/// Renders a page template with `status`, falling back to plain text if the template fails.
pub fn render_page(status: StatusCode, page: &impl Template) -> HttpResponse {
    match page.render() {
        Ok(html) => HttpResponse::build(status).content_type(ContentType::html()).body(html),
        Err(error) => {
            tracing::error!(%error, "template rendering failed");
            HttpResponse::InternalServerError()
                .content_type(ContentType::plaintext())
                .body("planb could not render this page. Please try again in a moment.")
        }
    }
}
