use actix_web::{HttpResponse, web};

use crate::startup::AppState;
use crate::store;

/// Returns 200 `ok` when the database completes a query, and 503 otherwise.
pub async fn check(state: web::Data<AppState>) -> HttpResponse {
    let pool = state.pool.clone();
    let result = web::block(move || store::ping(&*pool.get()?)).await;
    match result {
        Ok(Ok(())) => HttpResponse::Ok().content_type("text/plain; charset=utf-8").body("ok"),
        Ok(Err(error)) => {
            tracing::error!(%error, "health check failed: the database did not respond");
            HttpResponse::ServiceUnavailable().content_type("text/plain; charset=utf-8").body("database unavailable")
        }
        Err(error) => {
            tracing::error!(%error, "health check: blocking task failed");
            HttpResponse::ServiceUnavailable().content_type("text/plain; charset=utf-8").body("database unavailable")
        }
    }
}
