//! Settings read from the environment at start-up.

use std::num::NonZeroU32;
use std::path::PathBuf;

use actix_web::cookie::Key;
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};

/// Minimum key length that the cookie crate accepts for signing and encryption, in bytes.
const SESSION_KEY_BYTES: usize = 64;

/// Reports one client may make per hour when `PLANB_REPORTS_PER_HOUR` is not set.
pub const DEFAULT_REPORTS_PER_HOUR: NonZeroU32 = NonZeroU32::new(60).expect("non-zero");

#[derive(Clone)]
pub struct Settings {
    /// Address to listen on (`PLANB_ADDR`, default `127.0.0.1:8080`). Port 0 picks a free port.
    pub addr: String,
    /// SQLite database file (`PLANB_DATABASE`, default `planb.db` in the working folder).
    pub database: PathBuf,
    /// Folder with `guide/` and `planner/` (`PLANB_CONTENT`, default `content`).
    pub content_dir: PathBuf,
    /// Session cookie key from `PLANB_SESSION_KEY`, or `None` to make a random one at start-up.
    pub session_key: Option<SessionKey>,
    /// Marks cookies `Secure` (`PLANB_SECURE_COOKIES=1`, for deployments behind TLS).
    pub secure_cookies: bool,
    /// Reports one client may make per hour, all at once or spread out
    /// (`PLANB_REPORTS_PER_HOUR`, default 60).
    pub reports_per_hour: NonZeroU32,
    /// A fixed date for the planner's clock; only tests set it, and `None` means today in UTC.
    pub fixed_today: Option<time::Date>,
}

/// The session cookie key; `Debug` hides it.
#[derive(Clone)]
pub struct SessionKey(pub Key);

impl std::fmt::Debug for SessionKey {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("SessionKey(<redacted>)")
    }
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("Settings")
            .field("addr", &self.addr)
            .field("database", &self.database)
            .field("content_dir", &self.content_dir)
            .field("session_key", &self.session_key)
            .field("secure_cookies", &self.secure_cookies)
            .field("reports_per_hour", &self.reports_per_hour)
            .finish()
    }
}

impl Settings {
    /// Reads the settings, returning a message that names the variable when one is invalid.
    pub fn from_env() -> Result<Settings, String> {
        let variable = |name: &str| std::env::var(name).ok().filter(|value| !value.trim().is_empty());

        let session_key = variable("PLANB_SESSION_KEY").map(|text| parse_session_key(&text)).transpose()?;
        let secure_cookies = match variable("PLANB_SECURE_COOKIES").as_deref() {
            None | Some("0") => false,
            Some("1") => true,
            Some(other) => return Err(format!("PLANB_SECURE_COOKIES must be 1 or 0, not \"{other}\"")),
        };
        let reports_per_hour = match variable("PLANB_REPORTS_PER_HOUR") {
            None => DEFAULT_REPORTS_PER_HOUR,
            Some(text) => text
                .trim()
                .parse()
                .map_err(|_| format!("PLANB_REPORTS_PER_HOUR must be a whole number from 1 to {}, not \"{text}\"", u32::MAX))?,
        };

        Ok(Settings {
            addr: variable("PLANB_ADDR").unwrap_or_else(|| "127.0.0.1:8080".to_owned()),
            database: variable("PLANB_DATABASE").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("planb.db")),
            content_dir: variable("PLANB_CONTENT").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("content")),
            session_key,
            secure_cookies,
            reports_per_hour,
            fixed_today: None,
        })
    }
}

/// Decodes a base64 session key of at least 64 bytes.
fn parse_session_key(text: &str) -> Result<SessionKey, String> {
    let text = text.trim();
    let bytes = STANDARD
        .decode(text)
        .or_else(|_| URL_SAFE_NO_PAD.decode(text.trim_end_matches('=')))
        .map_err(|_| "PLANB_SESSION_KEY is not valid base64; generate one with `head -c 64 /dev/urandom | base64 -w0`".to_owned())?;
    if bytes.len() < SESSION_KEY_BYTES {
        return Err(format!("PLANB_SESSION_KEY decodes to {} bytes but needs at least {SESSION_KEY_BYTES}; generate one with `head -c 64 /dev/urandom | base64 -w0`", bytes.len()));
    }
    Key::try_from(bytes.as_slice()).map(SessionKey).map_err(|err| format!("PLANB_SESSION_KEY is unusable: {err}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_key_needs_64_bytes() {
        assert!(parse_session_key(&STANDARD.encode([7u8; 64])).is_ok());
        let error = parse_session_key(&STANDARD.encode([7u8; 32])).expect_err("short");
        assert!(error.contains("32 bytes"), "{error}");
        assert!(parse_session_key("not base64!").is_err());
    }
}
