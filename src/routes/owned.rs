//! The list of reports this browser made, kept in the private session cookie.
//!
//! Each entry contains the report's share and manage tokens, so that the browser that made a
//! report can open, list and delete it without an account.

use actix_session::Session;
use serde::{Deserialize, Serialize};

use crate::store::Token;

/// Session key under which a browser remembers the reports it made.
const SESSION_REPORTS: &str = "reports";
/// Reports remembered per browser. Past this the oldest is dropped, which keeps the cookie
/// near 2 KB, well under the 4 KB that browsers store.
pub const MAX_OWNED_REPORTS: usize = 20;

/// One report this browser made. The short serialized names keep the cookie small.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OwnedReport {
    #[serde(rename = "s")]
    pub share: String,
    #[serde(rename = "m")]
    pub manage: String,
}

/// Returns the reports this browser made, oldest first. An unreadable list counts as empty.
pub fn list(session: &Session) -> Vec<OwnedReport> {
    session.get(SESSION_REPORTS).unwrap_or_else(|error| {
        tracing::warn!(%error, "session report list unreadable; treating it as empty");
        None
    }).unwrap_or_default()
}

/// Finds the entry for `share`, if this browser made that report.
pub fn find(session: &Session, share: &Token) -> Option<OwnedReport> {
    list(session).into_iter().find(|owned| owned.share == share.expose())
}

/// Adds a report to the list, dropping the oldest past `MAX_OWNED_REPORTS`. A failure only
/// loses the entry, so it is logged rather than returned.
pub fn remember(session: &Session, share: &Token, manage: &Token) {
    let mut reports = list(session);
    reports.push(OwnedReport { share: share.expose().to_owned(), manage: manage.expose().to_owned() });
    if reports.len() > MAX_OWNED_REPORTS {
        reports.drain(..reports.len() - MAX_OWNED_REPORTS);
    }
    store(session, reports);
}

/// Removes the reports whose share tokens are in `shares`.
pub fn forget(session: &Session, shares: &[&str]) {
    let reports = list(session);
    let count = reports.len();
    let kept: Vec<OwnedReport> = reports.into_iter().filter(|owned| !shares.contains(&owned.share.as_str())).collect();
    if kept.len() != count {
        store(session, kept);
    }
}

fn store(session: &Session, reports: Vec<OwnedReport>) {
    if let Err(error) = session.insert(SESSION_REPORTS, reports) {
        tracing::warn!(%error, "could not update the session report list");
    }
}
