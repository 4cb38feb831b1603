//! TOML front matter at the top of each guide page, between two `+++` lines.

use serde::Deserialize;

/// Metadata of one guide page.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// Page title, shown as the page's only `<h1>`.
    pub title: String,
    /// One sentence for the index and search results.
    pub summary: String,
    /// Position in the guide, from 1; previous and next links follow it.
    pub order: u32,
    /// Date an editor last checked the page against its sources, as a TOML date (`2026-12-04`).
    pub reviewed: toml::value::Datetime,
}

impl FrontMatter {
    /// Returns the review date as `YYYY-MM-DD`.
    pub fn reviewed_date(&self) -> String {
        self.reviewed.date.map(|date| date.to_string()).unwrap_or_default()
    }
}

/// Splits a page into its front matter and Markdown body.
///
/// Returns the parsed front matter, the body, and the 1-based line on which the body starts, so
/// later errors can name the line in the file.
pub fn split(text: &str) -> Result<(FrontMatter, &str, usize), String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(rest) = text.strip_prefix("+++\n").or_else(|| text.strip_prefix("+++\r\n")) else {
        return Err("line 1: the file must start with a `+++` line that opens the TOML front matter".to_owned());
    };
    let Some(end) = rest.find("\n+++") else {
        return Err("the front matter has no closing `+++` line".to_owned());
    };
    let header = &rest[..end + 1];
    let after = &rest[end + 4..];
    let body = after.strip_prefix("\r\n").or_else(|| after.strip_prefix('\n')).unwrap_or(after);

    let front: FrontMatter = toml::from_str(header).map_err(|err| {
        // toml reports spans within the header; the header starts on line 2 of the file.
        let line = err.span().map(|span| header[..span.start].lines().count().max(1) + 1);
        match line {
            Some(line) => format!("line {line}: invalid front matter: {}", err.message()),
            None => format!("invalid front matter: {}", err.message()),
        }
    })?;
    // The header starts on line 2 of the file, after the opening `+++`.
    let line_of_key = |key: &str| crate::data::line_of(header, key, 0) + 1;
    if front.title.trim().is_empty() {
        return Err(format!("line {}: front matter: title must not be empty", line_of_key("title")));
    }
    if front.summary.trim().is_empty() {
        return Err(format!("line {}: front matter: summary must not be empty", line_of_key("summary")));
    }
    if front.reviewed.date.is_none() || front.reviewed.time.is_some() {
        return Err(format!("line {}: front matter: reviewed must be a date such as 2026-12-04", line_of_key("reviewed")));
    }

    let body_line = header.lines().count() + 3;
    Ok((front, body, body_line))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "+++\ntitle = \"T\"\nsummary = \"S\"\norder = 2\nreviewed = 2026-12-04\n+++\n\nBody\n";

    #[test]
    fn splits_front_matter_and_body() {
        let (front, body, line) = split(PAGE).expect("valid");
        assert_eq!(front.title, "T");
        assert_eq!(front.order, 2);
        assert_eq!(front.reviewed_date(), "2026-12-04");
        assert_eq!(body, "\nBody\n");
        assert_eq!(line, 7);
    }

    #[test]
    fn missing_opening_line_rejected() {
        let error = split("title = \"T\"\n").expect_err("no front matter");
        assert!(error.contains("line 1"), "{error}");
    }

    #[test]
    fn bad_field_names_its_line() {
        let page = PAGE.replace("order = 2", "order = \"two\"");
        let error = split(&page).expect_err("bad order");
        assert!(error.starts_with("line 4:"), "{error}");
    }

    #[test]
    fn empty_title_names_its_line() {
        let page = PAGE.replace("title = \"T\"", "title = \" \"");
        assert!(split(&page).expect_err("empty title").starts_with("line 2:"));
    }

    #[test]
    fn unknown_key_rejected() {
        let page = PAGE.replace("order = 2", "order = 2\nauthor = \"x\"");
        assert!(split(&page).expect_err("unknown key").contains("author"));
    }
}
