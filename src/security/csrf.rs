//! The second CSRF layer: every state-changing form carries a token bound to the session.
//!
//! The token is 128 random bits kept in the private session cookie and written into each form
//! as a hidden field. Another site can make a browser send the cookie, but cannot read the
//! token, so its forged form fails here even if it got past the origin check.

use actix_session::Session;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;

use crate::error::AppError;

/// Session key of the form token.
const SESSION_KEY: &str = "csrf";
const TOKEN_BYTES: usize = 16;

/// The hidden form field that carries the token, as every form names it.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FormToken {
    pub csrf_token: String,
}

impl FormToken {
    /// Reads the token from an `application/x-www-form-urlencoded` body, ignoring other fields.
    /// A body that does not parse, or names the field twice, yields an empty token.
    pub fn from_form(body: &[u8]) -> FormToken {
        serde_html_form::from_bytes(body).unwrap_or_default()
    }
}

/// Returns the session's form token, creating and storing one when the session has none.
pub fn form_token(session: &Session) -> Result<String, AppError> {
    if let Some(token) = stored_token(session) {
        return Ok(token);
    }
    let mut bytes = [0u8; TOKEN_BYTES];
    getrandom::fill(&mut bytes).map_err(AppError::internal)?;
    let token = URL_SAFE_NO_PAD.encode(bytes);
    session.insert(SESSION_KEY, &token).map_err(AppError::internal)?;
    Ok(token)
}

/// True when `submitted` equals the session's form token. A session without a token, such as
/// one whose cookie expired or was made with another key, accepts nothing.
pub fn is_valid(session: &Session, submitted: &str) -> bool {
    match stored_token(session) {
        Some(expected) => constant_time_eq(expected.as_bytes(), submitted.as_bytes()),
        None => false,
    }
}

fn stored_token(session: &Session) -> Option<String> {
    session.get::<String>(SESSION_KEY).ok().flatten().filter(|token| !token.is_empty())
}

/// Compares two byte strings in time that depends only on their lengths.
fn constant_time_eq(left: &[u8], right: &[u8]) -> bool {
    left.len() == right.len() && left.iter().zip(right).fold(0u8, |difference, (a, b)| difference | (a ^ b)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_only_when_identical() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
        assert!(!constant_time_eq(b"", b"a"));
    }

    #[test]
    fn form_token_read_from_form() {
        assert_eq!(FormToken::from_form(b"step1=pass&csrf_token=abc&interests=a&interests=b").csrf_token, "abc");
        assert_eq!(FormToken::from_form(b"step1=pass").csrf_token, "");
        assert_eq!(FormToken::from_form(b"csrf_token=a&csrf_token=b").csrf_token, "", "a repeated field is not trusted");
    }
}
