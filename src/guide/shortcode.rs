//! Figure shortcodes in guide Markdown, so a number is written once, in `content/data/`.
//!
//! `{{figure:KEY}}` becomes the formatted value and `{{source:KEY}}` its short citation, where
//! KEY is `specialty.measure.year`, `fellowship.measure.period` or
//! `overall.applicant-type.measure.year`.

use crate::data::MatchData;

const OPEN: &str = "{{";
const CLOSE: &str = "}}";

/// Replaces every shortcode in `text`, naming the line of any unknown or malformed one.
pub fn expand(text: &str, data: &MatchData) -> Result<String, String> {
    let mut output = String::with_capacity(text.len());
    for (number, line) in text.split_inclusive('\n').enumerate() {
        let mut rest = line;
        while let Some(start) = rest.find(OPEN) {
            output.push_str(&rest[..start]);
            let after = &rest[start + OPEN.len()..];
            let end = after.find(CLOSE).ok_or_else(|| format!("line {}: shortcode is not closed with }}}}", number + 1))?;
            let code = after[..end].trim();
            let (kind, key) = code.split_once(':').ok_or_else(|| format!("line {}: shortcode \"{code}\" must be figure:KEY or source:KEY", number + 1))?;
            let (value, source) = data.lookup(key.trim()).ok_or_else(|| format!("line {}: no figure \"{}\" in content/data", number + 1, key.trim()))?;
            match kind.trim() {
                "figure" => output.push_str(&value),
                "source" => output.push_str(&data.source(source).short()),
                other => return Err(format!("line {}: unknown shortcode kind \"{other}\"; use figure or source", number + 1)),
            }
            rest = &after[end + CLOSE.len()..];
        }
        output.push_str(rest);
    }
    Ok(output)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_and_sources_expand() {
        let data = MatchData::bundled();
        let text = expand("There were {{figure:general-surgery.positions_offered.2025}} positions ({{source:general-surgery.positions_offered.2025}}).\n", &data).expect("valid");
        assert_eq!(text, "There were 1,778 positions (American College of Surgeons, 2025).\n");
    }

    #[test]
    fn unknown_key_names_line() {
        let data = MatchData::bundled();
        let error = expand("ok\n{{figure:general-surgery.positions_offered.1990}}\n", &data).expect_err("unknown");
        assert!(error.starts_with("line 2:"), "{error}");
        assert!(expand("{{figure:x", &data).is_err());
        assert!(expand("{{chart:general-surgery.positions_offered.2025}}", &data).is_err());
    }
}
