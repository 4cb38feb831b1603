//! The application error type, rendered as the site's error page or, for the JSON API, as JSON.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, ContentType};
use actix_web::{HttpResponse, HttpResponseBuilder, ResponseError};
use askama::Template;
use serde_json::json;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("page not found")]
    NotFound,
    #[error("{0}")]
    BadRequest(String),
    /// A request planb will not carry out, such as a cross-site form or a stranger's delete.
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// A report that its owner deleted.
    #[error("report deleted")]
    Gone,
    #[error("request body too large")]
    PayloadTooLarge,
    /// The client made too many reports; it may try again after this many seconds.
    #[error("too many requests; retry after {retry_after_seconds} s")]
    TooManyRequests { retry_after_seconds: u64 },
    /// A failure inside planb; the message is logged but never shown to the user.
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    pub fn internal(error: impl std::fmt::Display) -> Self {
        AppError::Internal(error.to_string())
    }

    /// Returns the explanation shown to the user, which never contains an internal error's text.
    fn user_message(&self) -> String {
        match self {
            AppError::NotFound => "No page lives at this address. If someone shared a report link with you, check that it was copied in full.".to_owned(),
            AppError::BadRequest(message) | AppError::Forbidden(message) => message.clone(),
            AppError::Gone => "The student who made this report deleted it, so its link no longer opens anything. Ask them for a new link if you still need the plan.".to_owned(),
            AppError::PayloadTooLarge => format!(
                "The request was larger than the {} KiB planb accepts. A complete plan form is far smaller, so go back, check what was entered and submit it again.",
                crate::security::MAX_BODY_BYTES / 1024
            ),
            AppError::TooManyRequests { retry_after_seconds } => format!(
                "Too many reports were made from your network in a short time. Wait {} and submit again; nothing you entered was stored.",
                describe_wait(*retry_after_seconds)
            ),
            AppError::Internal(_) => "planb could not finish this request. Nothing you entered was lost; please try again in a moment.".to_owned(),
        }
    }

    /// Starts a response with this error's status and, for 429, its `Retry-After` header.
    /// Logs internal errors, whose text is never shown.
    fn response_builder(&self) -> HttpResponseBuilder {
        if let AppError::Internal(error) = self {
            tracing::error!(%error, "request failed");
        }
        let mut builder = HttpResponse::build(self.status_code());
        if let AppError::TooManyRequests { retry_after_seconds } = self {
            builder.insert_header((header::RETRY_AFTER, retry_after_seconds.to_string()));
        }
        builder
    }

    /// Renders the error as `{"error": message}`, for the JSON API.
    pub fn json_response(&self) -> HttpResponse {
        self.response_builder().json(json!({ "error": self.user_message() }))
    }
}

/// Writes a wait in seconds when it is under a minute, and otherwise in minutes rounded up.
fn describe_wait(seconds: u64) -> String {
    match seconds {
        0..=1 => "a second".to_owned(),
        2..=59 => format!("{seconds} seconds"),
        60 => "a minute".to_owned(),
        _ => format!("{} minutes", seconds.div_ceil(60)),
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
            StatusCode::BAD_REQUEST => "The request could not be read",
            StatusCode::FORBIDDEN => "This request was blocked",
            StatusCode::NOT_FOUND => "Page not found",
            StatusCode::GONE => "This report was deleted",
            StatusCode::PAYLOAD_TOO_LARGE => "The form was too large",
            StatusCode::TOO_MANY_REQUESTS => "Too many reports at once",
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
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::Gone => StatusCode::GONE,
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        let page = ErrorPage::for_status(status, self.user_message());
        match page.render() {
            Ok(html) => self.response_builder().content_type(ContentType::html()).body(html),
            Err(error) => {
                tracing::error!(%error, "template rendering failed");
                self.response_builder().content_type(ContentType::plaintext()).body(page.message)
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_read_naturally() {
        assert_eq!(describe_wait(1), "a second");
        assert_eq!(describe_wait(45), "45 seconds");
        assert_eq!(describe_wait(60), "a minute");
        assert_eq!(describe_wait(61), "2 minutes");
        assert_eq!(describe_wait(3600), "60 minutes");
    }

    #[test]
    fn too_many_requests_sets_retry_after() {
        let response = AppError::TooManyRequests { retry_after_seconds: 42 }.error_response();
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(response.headers().get(header::RETRY_AFTER).expect("Retry-After"), "42");
        let json = AppError::TooManyRequests { retry_after_seconds: 42 }.json_response();
        assert_eq!(json.headers().get(header::RETRY_AFTER).expect("Retry-After"), "42");
    }
}
