//! Logging setup and the per-request span.

use std::io::IsTerminal;

use actix_web::{Error, HttpMessage};
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use tracing::Span;
use tracing_actix_web::RootSpanBuilder;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::fmt::format::FmtSpan;

/// Installs a subscriber that prints events and closed request spans to stderr, filtered by
/// `RUST_LOG` (default `info`). A second call is ignored, so tests may call it freely.
pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    init_with_writer(filter, std::io::stderr, std::io::stderr().is_terminal());
}

/// Installs the same subscriber as `init`, writing to `writer`; tests use it to read the log.
/// Does nothing when a global subscriber is already installed.
pub fn init_with_writer<W>(filter: EnvFilter, writer: W, ansi: bool)
where
    W: for<'writer> MakeWriter<'writer> + Send + Sync + 'static,
{
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_span_events(FmtSpan::CLOSE)
        .with_writer(writer)
        .with_ansi(ansi)
        .try_init();
}

/// Builds request spans from the route pattern, never the path: a report path contains its
/// share token, which must not reach the logs.
pub struct RouteRootSpan;

impl RootSpanBuilder for RouteRootSpan {
    fn on_request_start(request: &ServiceRequest) -> Span {
        let route = request.match_pattern().unwrap_or_else(|| "unmatched".to_owned());
        tracing::info_span!(
            "request",
            method = %request.method(),
            route = %route,
            request_id = %request.extensions().get::<tracing_actix_web::RequestId>().map(|id| id.to_string()).unwrap_or_default(),
            status = tracing::field::Empty,
            error = tracing::field::Empty,
        )
    }

    fn on_request_end<B: MessageBody>(span: Span, outcome: &Result<ServiceResponse<B>, Error>) {
        match outcome {
            Ok(response) => {
                span.record("status", response.status().as_u16());
                if let Some(error) = response.response().error() {
                    span.record("error", tracing::field::display(error));
                }
            }
            Err(error) => {
                span.record("status", error.as_response_error().status_code().as_u16());
                span.record("error", tracing::field::display(error));
            }
        }
    }
}
