//! Reading request bodies under the size limit.

use actix_web::web;

use super::MAX_BODY_BYTES;
use crate::error::AppError;

/// Reads the whole request body, failing with 413 once it passes `MAX_BODY_BYTES`.
///
/// NOTE: actix has no timeout on reading a body, so a client that stops sending halfway keeps
/// its connection until it closes.
pub async fn read_body(payload: web::Payload) -> Result<web::Bytes, AppError> {
    match payload.to_bytes_limited(MAX_BODY_BYTES).await {
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(error)) => Err(AppError::BadRequest(format!("The request body could not be read ({error}). Submit it again."))),
        Err(_) => Err(AppError::PayloadTooLarge),
    }
}
