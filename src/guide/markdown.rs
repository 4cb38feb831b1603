//! Renders guide Markdown to HTML with heading ids, anchor links and a table of contents.
//!
//! Guide pages are trusted authoring input, but the site's Content-Security-Policy forbids inline
//! script, so raw HTML and links with schemes other than http, https and mailto are rejected.

use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};

/// One heading in a page's table of contents, with its subheadings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TocEntry {
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

/// The text under one heading, indexed for search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Heading id, or empty for the text before the first heading.
    pub anchor: String,
    pub heading: String,
    pub text: String,
}

/// A link found in the page, with the line it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub target: String,
    pub line: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    /// Every heading id on the page, in document order.
    pub ids: Vec<String>,
    pub sections: Vec<Section>,
    pub links: Vec<Link>,
}

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_HEADING_ATTRIBUTES | Options::ENABLE_STRIKETHROUGH
}

/// Turns heading text into an id: lowercase ASCII letters and digits joined by single hyphens.
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for character in text.chars().flat_map(char::to_lowercase) {
        if character.is_ascii_alphanumeric() {
            slug.push(character);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.is_empty() { "section".to_owned() } else { slug }
}

fn is_safe_target(target: &str) -> bool {
    let lower = target.to_ascii_lowercase();
    lower.starts_with('/') && !lower.starts_with("//")
        || lower.starts_with('#')
        || lower.starts_with("https://")
        || lower.starts_with("http://")
        || lower.starts_with("mailto:")
}

/// Renders `body`, whose first line is line `first_line` of its file.
pub fn render(body: &str, first_line: usize) -> Result<Rendered, String> {
    let line_of = |offset: usize| first_line + body[..offset].matches('\n').count();
    let events: Vec<(Event, std::ops::Range<usize>)> = Parser::new_ext(body, options()).into_offset_iter().collect();

    let mut rendered = Rendered::default();
    let mut id_counts: HashMap<String, usize> = HashMap::new();
    let mut output: Vec<Event> = Vec::new();
    let mut section = Section { anchor: String::new(), heading: String::new(), text: String::new() };
    let mut index = 0;

    while index < events.len() {
        let (event, range) = &events[index];
        match event {
            Event::Html(_) | Event::InlineHtml(_) => {
                return Err(format!("line {}: raw HTML is not allowed in guide pages; use Markdown", line_of(range.start)));
            }
            Event::Start(Tag::Heading { level, id, .. }) => {
                if *level == HeadingLevel::H1 {
                    return Err(format!("line {}: the page title comes from the front matter, so use `##` and below in the body", line_of(range.start)));
                }
                let end = events[index..].iter().position(|(event, _)| matches!(event, Event::End(TagEnd::Heading(_)))).map(|offset| index + offset)
                    .ok_or_else(|| format!("line {}: unterminated heading", line_of(range.start)))?;
                let inner: Vec<Event> = events[index + 1..end].iter().map(|(event, _)| event.clone()).collect();
                let title = plain_text(&inner);
                let base = id.as_ref().map(|explicit| explicit.to_string()).unwrap_or_else(|| slugify(&title));
                let anchor = unique_id(&mut id_counts, base);

                let mut inner_html = String::new();
                html::push_html(&mut inner_html, inner.into_iter());
                let tag = heading_tag(*level);
                output.push(Event::Html(CowStr::from(format!(
                    "<{tag} id=\"{anchor}\">{inner_html} <a class=\"anchor\" href=\"#{anchor}\" aria-label=\"Link to this section\">#</a></{tag}>\n"
                ))));

                add_to_toc(&mut rendered.toc, *level, &anchor, &title);
                rendered.ids.push(anchor.clone());
                let finished = std::mem::replace(&mut section, Section { anchor, heading: title, text: String::new() });
                if !finished.text.trim().is_empty() || !finished.heading.is_empty() {
                    rendered.sections.push(finished);
                }
                index = end + 1;
                continue;
            }
            Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. }) => {
                if !is_safe_target(dest_url) {
                    return Err(format!("line {}: link target \"{dest_url}\" is not allowed; use a path starting with /, a #anchor, or an http(s) or mailto address", line_of(range.start)));
                }
                rendered.links.push(Link { target: dest_url.to_string(), line: line_of(range.start) });
            }
            Event::Text(text) | Event::Code(text) => {
                section.text.push_str(text);
            }
            // Wide tables scroll inside their own box instead of widening the page on a phone.
            Event::Start(Tag::Table(_)) => output.push(Event::Html(CowStr::from("<div class=\"table-wrap\">\n"))),
            Event::End(TagEnd::Table) => {
                output.push(event.clone());
                output.push(Event::Html(CowStr::from("</div>\n")));
                index += 1;
                continue;
            }
            Event::SoftBreak | Event::HardBreak | Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => {
                section.text.push(' ');
            }
            _ => {}
        }
        output.push(event.clone());
        index += 1;
    }
    if !section.text.trim().is_empty() || !section.heading.is_empty() {
        rendered.sections.push(section);
    }

    html::push_html(&mut rendered.html, output.into_iter());
    Ok(rendered)
}

fn heading_tag(level: HeadingLevel) -> &'static str {
    match level {
        HeadingLevel::H1 => "h1",
        HeadingLevel::H2 => "h2",
        HeadingLevel::H3 => "h3",
        HeadingLevel::H4 => "h4",
        HeadingLevel::H5 => "h5",
        HeadingLevel::H6 => "h6",
    }
}

fn plain_text(events: &[Event]) -> String {
    let mut text = String::new();
    for event in events {
        if let Event::Text(value) | Event::Code(value) = event {
            text.push_str(value);
        }
    }
    text.trim().to_owned()
}

/// Returns `base`, or `base-1`, `base-2` and so on when it is already taken on the page.
fn unique_id(counts: &mut HashMap<String, usize>, base: String) -> String {
    let count = counts.entry(base.clone()).or_insert(0);
    let id = if *count == 0 { base.clone() } else { format!("{base}-{count}") };
    *count += 1;
    if id != base {
        counts.entry(id.clone()).or_insert(1);
    }
    id
}

/// Adds `##` headings at the top level and `###` headings under the `##` before them.
fn add_to_toc(toc: &mut Vec<TocEntry>, level: HeadingLevel, id: &str, title: &str) {
    let entry = TocEntry { id: id.to_owned(), title: title.to_owned(), children: Vec::new() };
    match level {
        HeadingLevel::H2 => toc.push(entry),
        HeadingLevel::H3 => match toc.last_mut() {
            Some(parent) => parent.children.push(entry),
            None => toc.push(entry),
        },
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugify_keeps_words() {
        assert_eq!(slugify("Step 2 CK: timing & screens"), "step-2-ck-timing-screens");
        assert_eq!(slugify("¿?"), "section");
    }

    #[test]
    fn headings_get_ids_and_anchors() {
        let rendered = render("## Costs {#costs}\n\n## Same\n\n## Same\n\n### Detail\n", 1).expect("valid");
        assert_eq!(rendered.ids, vec!["costs", "same", "same-1", "detail"]);
        assert!(rendered.html.contains("<h2 id=\"costs\">Costs <a class=\"anchor\" href=\"#costs\""), "{}", rendered.html);
        assert_eq!(rendered.toc.len(), 3);
        assert_eq!(rendered.toc[2].children[0].id, "detail");
    }

    #[test]
    fn repeated_suffix_stays_unique() {
        let rendered = render("## A\n\n## A\n\n## A-1\n", 1).expect("valid");
        let mut ids = rendered.ids.clone();
        ids.dedup();
        assert_eq!(ids.len(), 3, "{:?}", rendered.ids);
        assert_eq!(rendered.ids[..2], ["a", "a-1"]);
        assert_ne!(rendered.ids[2], "a-1");
    }

    #[test]
    fn raw_html_rejected_with_line() {
        let error = render("Text\n\n<div>x</div>\n", 10).expect_err("raw html");
        assert!(error.starts_with("line 12:"), "{error}");
    }

    #[test]
    fn script_links_rejected() {
        let error = render("[x](javascript:alert(1))\n", 1).expect_err("unsafe link");
        assert!(error.contains("not allowed"), "{error}");
        assert!(render("[x](//evil.example)\n", 1).is_err());
    }

    #[test]
    fn links_and_sections_collected() {
        let rendered = render("Intro [a](/guide/faq#x).\n\n## Part {#part}\n\nBody text.\n", 5).expect("valid");
        assert_eq!(rendered.links, vec![Link { target: "/guide/faq#x".to_owned(), line: 5 }]);
        assert_eq!(rendered.sections.len(), 2);
        assert_eq!(rendered.sections[1].anchor, "part");
        assert!(rendered.sections[1].text.contains("Body text."));
    }

    #[test]
    fn tables_are_wrapped() {
        let rendered = render("| a | b |\n| - | - |\n| 1 | 2 |\n", 1).expect("valid");
        assert!(rendered.html.starts_with("<div class=\"table-wrap\">\n<table>"), "{}", rendered.html);
        assert!(rendered.html.trim_end().ends_with("</table>\n</div>"), "{}", rendered.html);
    }

    #[test]
    fn body_h1_rejected() {
        assert!(render("# Title\n", 1).is_err());
    }
}
