//! The guide: Markdown pages under `content/guide/`, loaded and rendered once at start-up.
//!
//! Loading steps: read every `*.md` file, split off the front matter, render the Markdown, sort
//! by `order`, then check every internal link against the pages and heading ids. Any problem
//! stops start-up with a message that names the file, so a running server never serves a
//! half-loaded guide.

mod front_matter;
pub mod markdown;
mod shortcode;

use std::collections::HashMap;
use std::path::Path;

use crate::data::MatchData;

pub use front_matter::FrontMatter;
pub use markdown::{Section, TocEntry};

/// Site paths outside the guide that guide pages may link to.
const SITE_PATHS: &[&str] = &["/", "/plan", "/guide", "/guide/search", "/data", "/reports"];

/// One rendered guide page.
#[derive(Debug, Clone)]
pub struct Page {
    pub slug: String,
    pub front: FrontMatter,
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub ids: Vec<String>,
    pub sections: Vec<Section>,
    links: Vec<markdown::Link>,
    file: String,
}

/// Error from loading the guide; the message names the file and, where known, the line.
#[derive(Debug, thiserror::Error)]
#[error("{file}: {message}")]
pub struct GuideError {
    pub file: String,
    pub message: String,
}

/// All guide pages in reading order.
#[derive(Debug, Clone)]
pub struct Guide {
    pages: Vec<Page>,
    by_slug: HashMap<String, usize>,
}

impl Guide {
    /// Loads and checks every page in `dir`.
    pub fn load(dir: &Path, data: &MatchData) -> Result<Guide, GuideError> {
        let error = |file: &str, message: String| GuideError { file: file.to_owned(), message };
        let dir_name = dir.display().to_string();
        let entries = std::fs::read_dir(dir).map_err(|err| error(&dir_name, format!("cannot read the guide folder: {err}")))?;

        let mut files = Vec::new();
        for entry in entries {
            let path = entry.map_err(|err| error(&dir_name, err.to_string()))?.path();
            if path.extension().is_some_and(|extension| extension == "md") {
                files.push(path);
            }
        }
        files.sort();

        let mut sources = Vec::new();
        for path in files {
            let file = path.display().to_string();
            let text = std::fs::read_to_string(&path).map_err(|err| error(&file, format!("cannot read: {err}")))?;
            let slug = path.file_stem().and_then(|stem| stem.to_str()).unwrap_or_default().to_owned();
            sources.push((file, slug, text));
        }
        Guide::from_sources(data, sources)
    }

    /// Builds the guide from `(file name, slug, text)` triples, expanding figure shortcodes from `data`.
    pub fn from_sources(data: &MatchData, sources: Vec<(String, String, String)>) -> Result<Guide, GuideError> {
        let error = |file: &str, message: String| GuideError { file: file.to_owned(), message };

        let mut pages = Vec::new();
        for (file, slug, text) in sources {
            if slug.is_empty() || !slug.chars().all(|character| character.is_ascii_lowercase() || character.is_ascii_digit() || character == '-') {
                return Err(error(&file, format!("the file name gives slug \"{slug}\"; use lowercase letters, digits and hyphens only")));
            }
            let text = shortcode::expand(&text, data).map_err(|message| error(&file, message))?;
            let (front, body, body_line) = front_matter::split(&text).map_err(|message| error(&file, message))?;
            let rendered = markdown::render(body, body_line).map_err(|message| error(&file, message))?;
            pages.push(Page {
                slug,
                front,
                html: rendered.html,
                toc: rendered.toc,
                ids: rendered.ids,
                sections: rendered.sections,
                links: rendered.links,
                file,
            });
        }
        if pages.is_empty() {
            return Err(error("content/guide", "no guide pages found".to_owned()));
        }
        pages.sort_by(|left, right| left.front.order.cmp(&right.front.order).then_with(|| left.slug.cmp(&right.slug)));

        let mut by_slug = HashMap::new();
        for (index, page) in pages.iter().enumerate() {
            if let Some(previous) = by_slug.insert(page.slug.clone(), index) {
                return Err(error(&page.file, format!("duplicate slug \"{}\", also used by {}", page.slug, pages[previous].file)));
            }
        }
        for pair in pages.windows(2) {
            if pair[0].front.order == pair[1].front.order {
                return Err(error(&pair[1].file, format!("order {} is also used by {}; give each page its own order", pair[1].front.order, pair[0].file)));
            }
        }

        let guide = Guide { pages, by_slug };
        for page in &guide.pages {
            for link in &page.links {
                guide.check_link(&page.slug, &link.target).map_err(|message| error(&page.file, format!("line {}: {message}", link.line)))?;
            }
        }
        Ok(guide)
    }

    pub fn pages(&self) -> &[Page] {
        &self.pages
    }

    pub fn page(&self, slug: &str) -> Option<&Page> {
        self.by_slug.get(slug).map(|index| &self.pages[*index])
    }

    /// Returns the pages before and after `slug` in reading order.
    pub fn neighbours(&self, slug: &str) -> (Option<&Page>, Option<&Page>) {
        let Some(&index) = self.by_slug.get(slug) else {
            return (None, None);
        };
        let previous = index.checked_sub(1).map(|before| &self.pages[before]);
        (previous, self.pages.get(index + 1))
    }

    /// Returns true when `slug` names a page and `anchor`, if given, is a heading id on it.
    pub fn has_target(&self, slug: &str, anchor: Option<&str>) -> bool {
        match (self.page(slug), anchor) {
            (None, _) => false,
            (Some(_), None) => true,
            (Some(page), Some(anchor)) => page.ids.iter().any(|id| id == anchor),
        }
    }

    /// Checks one link written on page `from`; external links are not checked.
    pub fn check_link(&self, from: &str, target: &str) -> Result<(), String> {
        if target.starts_with("http://") || target.starts_with("https://") || target.starts_with("mailto:") {
            return Ok(());
        }
        let (path, anchor) = match target.split_once('#') {
            Some((path, anchor)) => (path, Some(anchor)),
            None => (target, None),
        };
        if path.is_empty() {
            return if self.has_target(from, anchor) { Ok(()) } else { Err(format!("link \"{target}\" points at a heading id that this page does not have")) };
        }
        if let Some(slug) = path.strip_prefix("/guide/").filter(|slug| *slug != "search") {
            return if self.page(slug).is_none() {
                Err(format!("link \"{target}\" points at guide page \"{slug}\", which does not exist"))
            } else if !self.has_target(slug, anchor) {
                Err(format!("link \"{target}\" points at a heading id that page \"{slug}\" does not have"))
            } else {
                Ok(())
            };
        }
        if SITE_PATHS.contains(&path) && anchor.is_none() {
            return Ok(());
        }
        Err(format!("link \"{target}\" is not a page of this site"))
    }

    /// Words of guide text, for the start-up log.
    pub fn word_count(&self) -> usize {
        self.pages.iter().flat_map(|page| &page.sections).map(|section| section.text.split_whitespace().count()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(slug: &str, order: u32, body: &str) -> (String, String, String) {
        let text = format!("+++\ntitle = \"{slug}\"\nsummary = \"About {slug}\"\norder = {order}\nreviewed = 2026-12-04\n+++\n{body}");
        (format!("{slug}.md"), slug.to_owned(), text)
    }

    #[test]
    fn pages_sorted_with_neighbours() {
        let guide = Guide::from_sources(&MatchData::bundled(), vec![page("b", 2, "x"), page("a", 1, "y"), page("c", 3, "z")]).expect("valid");
        let slugs: Vec<&str> = guide.pages().iter().map(|page| page.slug.as_str()).collect();
        assert_eq!(slugs, vec!["a", "b", "c"]);
        let (previous, next) = guide.neighbours("b");
        assert_eq!(previous.map(|page| page.slug.as_str()), Some("a"));
        assert_eq!(next.map(|page| page.slug.as_str()), Some("c"));
        assert_eq!(guide.neighbours("a").0.map(|page| page.slug.as_str()), None);
    }

    #[test]
    fn missing_page_link_names_file_and_line() {
        let error = Guide::from_sources(&MatchData::bundled(), vec![page("a", 1, "\n[x](/guide/nowhere)\n")]).expect_err("broken link");
        assert_eq!(error.file, "a.md");
        assert!(error.message.starts_with("line 8:"), "{}", error.message);
    }

    #[test]
    fn missing_anchor_rejected() {
        let sources = vec![page("a", 1, "[x](/guide/b#nope)\n"), page("b", 2, "## Yes {#yes}\n")];
        assert!(Guide::from_sources(&MatchData::bundled(), sources).expect_err("bad anchor").message.contains("heading id"));
        let sources = vec![page("a", 1, "[x](/guide/b#yes)\n"), page("b", 2, "## Yes {#yes}\n")];
        assert!(Guide::from_sources(&MatchData::bundled(), sources).is_ok());
    }

    #[test]
    fn duplicate_order_rejected() {
        let error = Guide::from_sources(&MatchData::bundled(), vec![page("a", 1, ""), page("b", 1, "")]).expect_err("same order");
        assert!(error.message.contains("order 1"), "{}", error.message);
    }

    #[test]
    fn bad_slug_rejected() {
        assert!(Guide::from_sources(&MatchData::bundled(), vec![page("Bad_Name", 1, "")]).is_err());
    }

    #[test]
    fn unknown_site_path_rejected() {
        assert!(Guide::from_sources(&MatchData::bundled(), vec![page("a", 1, "[x](/admin)\n")]).is_err());
        assert!(Guide::from_sources(&MatchData::bundled(), vec![page("a", 1, "[x](/plan)\n")]).is_ok());
    }
}
