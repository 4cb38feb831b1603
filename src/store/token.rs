//! Share and manage tokens: 128 random bits, written as 22 characters of URL-safe base64.
//!
//! A share token opens a report read-only. A manage token, shown only to the report's maker,
//! allows deleting it. The database keeps only the SHA-256 hash of either.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

const TOKEN_BYTES: usize = 16;
/// Length of the base64 text of `TOKEN_BYTES` bytes without padding.
pub const TOKEN_LENGTH: usize = 22;

/// A share or manage token. `Debug` hides the value so the token cannot reach a log by accident.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl std::fmt::Debug for Token {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("Token(<redacted>)")
    }
}

impl Token {
    /// Draws a new token from the operating system's random generator.
    pub fn generate() -> Result<Token, getrandom::Error> {
        let mut bytes = [0u8; TOKEN_BYTES];
        getrandom::fill(&mut bytes)?;
        Ok(Token(URL_SAFE_NO_PAD.encode(bytes)))
    }

    /// Accepts text from a URL only when it has the exact shape of a token.
    pub fn parse(text: &str) -> Option<Token> {
        let valid = text.len() == TOKEN_LENGTH
            && text.bytes().all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_')
            && URL_SAFE_NO_PAD.decode(text).is_ok_and(|bytes| bytes.len() == TOKEN_BYTES);
        valid.then(|| Token(text.to_owned()))
    }

    /// Returns the token text, for building the share link shown to its owner.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn hash(&self) -> TokenHash {
        TokenHash(Sha256::digest(self.0.as_bytes()).into())
    }
}

/// SHA-256 of a token's text: the only form the database keeps.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct TokenHash([u8; 32]);

impl std::fmt::Debug for TokenHash {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "TokenHash({})", self.fingerprint())
    }
}

impl TokenHash {
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// Reads a hash back from the database; `None` unless `bytes` is exactly 32 bytes long.
    pub fn from_bytes(bytes: &[u8]) -> Option<TokenHash> {
        bytes.try_into().ok().map(TokenHash)
    }

    /// Compares two hashes in time that does not depend on where they first differ.
    pub fn matches(&self, other: &TokenHash) -> bool {
        self.0.iter().zip(other.0.iter()).fold(0u8, |difference, (left, right)| difference | (left ^ right)) == 0
    }

    /// Returns the first 4 bytes of the hash in hex. They correlate log lines about one report
    /// and give no help in finding its token.
    pub fn fingerprint(&self) -> String {
        self.0[..4].iter().map(|byte| format!("{byte:02x}")).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_tokens_parse_and_differ() {
        let first = Token::generate().expect("random");
        let second = Token::generate().expect("random");
        assert_eq!(first.expose().len(), TOKEN_LENGTH);
        assert_ne!(first, second);
        assert_eq!(Token::parse(first.expose()), Some(first));
    }

    #[test]
    fn malformed_tokens_rejected() {
        for text in ["", "short", "aaaaaaaaaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaaaaaa/a", "aaaaaaaaaaaaaaaaaaaaa.", "aaaaaaaaaaaaaaaaaaaaa="] {
            assert!(Token::parse(text).is_none(), "{text} accepted");
        }
    }

    #[test]
    fn debug_hides_value() {
        let token = Token::generate().expect("random");
        assert!(!format!("{token:?}").contains(token.expose()));
    }

    #[test]
    fn hash_matches_only_itself() {
        let token = Token::generate().expect("random");
        let other = Token::generate().expect("random");
        assert!(token.hash().matches(&token.hash()));
        assert!(!token.hash().matches(&other.hash()));
        assert_eq!(TokenHash::from_bytes(token.hash().as_bytes()), Some(token.hash()));
        assert_eq!(TokenHash::from_bytes(&[0u8; 31]), None);
    }

    #[test]
    fn fingerprint_is_short_hex() {
        let token = Token::generate().expect("random");
        let fingerprint = token.hash().fingerprint();
        assert_eq!(fingerprint.len(), 8);
        assert!(fingerprint.bytes().all(|byte| byte.is_ascii_hexdigit()), "{fingerprint}");
    }
}
