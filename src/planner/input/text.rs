//! Checks on the raw text of every profile field, run before the fields are validated.
//!
//! They reject input that no field accepts anyway but that should not travel further: very
//! long strings, control characters and text that was not valid UTF-8.

use serde_json::Value;

use super::{FieldError, ProfileInput, SCALAR_FIELDS};
use crate::planner::profile::Interest;

/// Maximum length of one answer, in characters. The longest valid answer, an option name, has
/// fewer than 30.
pub const MAX_TEXT_CHARS: usize = 100;

impl ProfileInput {
    /// Checks that every answer has at most `MAX_TEXT_CHARS` characters, no control character
    /// and no U+FFFD, which the form decoder puts where bytes were not valid UTF-8, and that
    /// `interests` lists no more entries than there are options.
    pub fn check_text(&self) -> Result<(), Vec<FieldError>> {
        let fields = serde_json::to_value(self).unwrap_or(Value::Null);
        let mut errors = Vec::new();

        for &(name, _) in SCALAR_FIELDS {
            let text = fields.get(name).and_then(Value::as_str).unwrap_or_default();
            if let Some(message) = text_problem(text) {
                errors.push(FieldError { field: name, message });
            }
        }

        if self.interests.len() > Interest::ALL.len() {
            errors.push(FieldError {
                field: "interests",
                message: format!(
                    "{} interests were sent, but there are only {} options; tick each one at most once.",
                    self.interests.len(),
                    Interest::ALL.len()
                ),
            });
        } else if let Some(message) = self.interests.iter().find_map(|interest| text_problem(interest)) {
            errors.push(FieldError { field: "interests", message });
        }

        if errors.is_empty() { Ok(()) } else { Err(errors) }
    }
}

/// Describes what is wrong with one answer's text, or returns `None` when it may be validated.
fn text_problem(text: &str) -> Option<String> {
    let length = text.chars().count();
    if length > MAX_TEXT_CHARS {
        return Some(format!("This answer is {length} characters long, but no answer on this form needs more than {MAX_TEXT_CHARS}; check what was entered."));
    }
    if text.chars().any(char::is_control) {
        return Some("This answer contains a control character, such as a tab, line break or NUL; remove it.".to_owned());
    }
    if text.contains(char::REPLACEMENT_CHARACTER) {
        return Some("This answer contains bytes that are not valid UTF-8 text; type it again.".to_owned());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::planner::input::tests::valid_input;

    fn fields(result: Result<(), Vec<FieldError>>) -> Vec<&'static str> {
        result.expect_err("text should be rejected").iter().map(|error| error.field).collect()
    }

    #[test]
    fn valid_input_passes() {
        assert_eq!(valid_input().check_text(), Ok(()));
    }

    #[test]
    fn long_answer_rejected() {
        let mut input = valid_input();
        input.step2_ck = "9".repeat(MAX_TEXT_CHARS + 1);
        let errors = input.check_text().expect_err("too long");
        assert_eq!(errors[0].field, "step2_ck");
        assert!(errors[0].message.contains("101 characters"), "{}", errors[0].message);

        input.step2_ck = "9".repeat(MAX_TEXT_CHARS);
        assert_eq!(input.check_text(), Ok(()), "exactly the maximum is allowed");
    }

    #[test]
    fn control_characters_rejected() {
        for text in ["pass\u{0}", "pass\n", "\u{7}", "pa\u{1b}[31mss", "\u{85}"] {
            let mut input = valid_input();
            input.step1 = text.to_owned();
            assert_eq!(fields(input.check_text()), vec!["step1"], "{text:?}");
        }
    }

    #[test]
    fn replacement_character_rejected() {
        let mut input = valid_input();
        input.geography = String::from_utf8_lossy(b"any\xffwhere").into_owned();
        assert_eq!(fields(input.check_text()), vec!["geography"]);
    }

    #[test]
    fn interests_checked() {
        let mut input = valid_input();
        input.interests = vec!["operating".to_owned(); Interest::ALL.len() + 1];
        assert_eq!(fields(input.check_text()), vec!["interests"]);

        input.interests = vec!["operating\u{0}".to_owned()];
        assert_eq!(fields(input.check_text()), vec!["interests"]);
    }

    #[test]
    fn every_scalar_field_checked() {
        for &(name, _) in SCALAR_FIELDS {
            let mut value = serde_json::to_value(valid_input()).expect("serializable");
            value[name] = Value::String("x\u{0}".to_owned());
            let input: ProfileInput = serde_json::from_value(value).expect("same shape");
            assert_eq!(fields(input.check_text()), vec![name]);
        }
    }
}
