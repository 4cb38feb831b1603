use std::collections::{HashMap, HashSet};

use scraper::{Html, Selector};

use crate::helpers::*;

async fn guide_slugs(app: &TestApp) -> Vec<String> {
    let html = html_of(app.get("/guide").await).await;
    attributes(&html, ".guide-list a", "href").into_iter().map(|href| href.trim_start_matches("/guide/").to_owned()).collect()
}

#[tokio::test]
async fn every_guide_page_renders() {
    let app = spawn_app().await;
    let slugs = guide_slugs(&app).await;
    assert_eq!(slugs.len(), 13, "{slugs:?}");

    for slug in &slugs {
        let response = app.get(&format!("/guide/{slug}")).await;
        assert_eq!(response.status(), 200, "{slug}");
        let html = html_of(response).await;
        assert_eq!(select(&html, "h1").len(), 1, "{slug}: one h1");
        assert_eq!(attributes(&html, "html", "lang"), vec!["en"]);
        assert!(!select(&html, ".prose p").is_empty(), "{slug}: no text");
        assert!(select(&html, ".reviewed")[0].starts_with("Last reviewed 20"), "{slug}");
        assert_eq!(attributes(&html, ".skip-link", "href"), vec!["#main"]);
    }
    assert_eq!(app.get("/guide/no-such-section").await.status(), 404);
}

#[tokio::test]
async fn heading_ids_unique_and_toc_matches() {
    let app = spawn_app().await;

    for slug in guide_slugs(&app).await {
        let html = html_of(app.get(&format!("/guide/{slug}")).await).await;
        let ids = attributes(&html, "[id]", "id");
        let unique: HashSet<&String> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "{slug}: duplicate ids in {ids:?}");

        let headings: Vec<String> = attributes(&html, ".prose h2, .prose h3", "id");
        let toc: Vec<String> = attributes(&html, ".toc a", "href").into_iter().map(|href| href.trim_start_matches('#').to_owned()).collect();
        assert_eq!(toc, headings, "{slug}: table of contents differs from headings");

        let levels: Vec<u8> = {
            let selector = Selector::parse(".prose h2, .prose h3, .prose h4").expect("selector");
            html.select(&selector).map(|element| element.value().name()[1..].parse().expect("level")).collect()
        };
        let mut previous = 2;
        for level in levels {
            assert!(level <= previous + 1, "{slug}: heading level jumps from h{previous} to h{level}");
            previous = level;
        }
    }
}

/// Fetches `path` once and remembers its element ids.
async fn ids_of(app: &TestApp, cache: &mut HashMap<String, Option<HashSet<String>>>, path: &str) -> Option<HashSet<String>> {
    if let Some(ids) = cache.get(path) {
        return ids.clone();
    }
    let response = app.get(path).await;
    let ids = if response.status() == 200 {
        let html = Html::parse_document(&response.text().await.expect("body"));
        Some(attributes(&html, "[id]", "id").into_iter().collect())
    } else {
        None
    };
    cache.insert(path.to_owned(), ids.clone());
    ids
}

#[tokio::test]
async fn internal_links_and_anchors_resolve() {
    let app = spawn_app().await;
    let report = app.create_report().await;
    let mut pages: Vec<String> = vec!["/".to_owned(), "/guide".to_owned(), "/plan".to_owned(), report];
    pages.extend(guide_slugs(&app).await.into_iter().map(|slug| format!("/guide/{slug}")));
    let mut cache = HashMap::new();
    let mut checked = 0;

    for page in &pages {
        let html = html_of(app.get(page).await).await;
        for href in attributes(&html, "a[href]", "href") {
            if href.starts_with("http") || href.starts_with("mailto:") {
                continue;
            }
            let (path, anchor) = match href.split_once('#') {
                Some(("", anchor)) => (page.as_str(), Some(anchor)),
                Some((path, anchor)) => (path, Some(anchor)),
                None => (href.as_str(), None),
            };
            let ids = ids_of(&app, &mut cache, path).await;
            assert!(ids.is_some(), "{page}: link {href} does not open");
            if let Some(anchor) = anchor {
                assert!(ids.expect("checked").contains(anchor), "{page}: link {href} has no target id");
            }
            checked += 1;
        }
    }
    assert!(checked > 200, "only {checked} links checked");
}

#[tokio::test]
async fn home_links_into_guide_and_form() {
    let app = spawn_app().await;

    let html = html_of(app.get("/").await).await;

    let links = attributes(&html, "main a", "href");
    assert!(links.contains(&"/plan".to_owned()));
    assert!(links.iter().filter(|href| href.starts_with("/guide/")).count() >= 13);
}

#[tokio::test]
async fn search_finds_each_section() {
    let app = spawn_app().await;

    for slug in guide_slugs(&app).await {
        let page = html_of(app.get(&format!("/guide/{slug}")).await).await;
        let title = select(&page, "h1").remove(0);
        let word = title.split(|character: char| !character.is_alphanumeric()).max_by_key(|word| word.len()).expect("a word").to_owned();

        let response = app.client.get(app.url("/guide/search")).query(&[("q", word.as_str())]).send().await.expect("sent");
        assert_eq!(response.status(), 200);
        let html = html_of(response).await;
        let hrefs = attributes(&html, ".results a", "href");
        assert!(hrefs.iter().any(|href| href == &format!("/guide/{slug}") || href.starts_with(&format!("/guide/{slug}#"))),
            "searching {word:?} did not find {slug}: {hrefs:?}");
        assert!(!select(&html, ".results mark").is_empty(), "{word}: no highlighted excerpt");
    }
}

#[tokio::test]
async fn search_result_links_to_heading() {
    let app = spawn_app().await;

    let response = app.client.get(app.url("/guide/search")).query(&[("q", "SOAP")]).send().await.expect("sent");

    let html = html_of(response).await;
    let hrefs = attributes(&html, ".results a", "href");
    assert!(!hrefs.is_empty());
    let first = &hrefs[0];
    let (path, anchor) = first.split_once('#').expect("result links to a heading");
    let target = html_of(app.get(path).await).await;
    assert_eq!(select(&target, &format!("[id=\"{anchor}\"]")).len(), 1, "{first}");
}

#[tokio::test]
async fn search_handles_empty_and_syntax() {
    let app = spawn_app().await;

    for query in ["", "   ", "\"", "NEAR(", "*", "soap OR", "a AND (b", "^letters", "%%%", "💔"] {
        let response = app.client.get(app.url("/guide/search")).query(&[("q", query)]).send().await.expect("sent");
        assert_eq!(response.status(), 200, "{query:?}");
        let html = html_of(response).await;
        assert_eq!(select(&html, "h1"), vec!["Search the guide"], "{query:?}");
        let notice = select(&html, ".notice");
        let results = select(&html, ".results li");
        assert!(!notice.is_empty() || !results.is_empty(), "{query:?}: neither results nor a hint");
    }
    let html = html_of(app.get("/guide/search?q=%ZZ").await).await;
    assert_eq!(select(&html, ".notice").len(), 1, "undecodable query gets a hint");
}

#[tokio::test]
async fn guide_figure_matches_data_file() {
    let app = spawn_app().await;
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let data: toml::Value = toml::from_str(&std::fs::read_to_string(root.join("content/data/specialties.toml")).expect("data file")).expect("toml");
    let positions = data["figure"]
        .as_array()
        .expect("figures")
        .iter()
        .find(|figure| figure["specialty"].as_str() == Some("general-surgery") && figure["measure"].as_str() == Some("positions_offered") && figure["year"].as_integer() == Some(2025))
        .and_then(|figure| figure["value"].as_integer())
        .expect("2025 general surgery positions");
    let written = format!("{},{:03}", positions / 1000, positions % 1000);

    let markdown = std::fs::read_to_string(root.join("content/guide/routes-to-ct-surgery.md")).expect("guide page");
    assert!(markdown.contains("{{figure:general-surgery.positions_offered.2025}}"), "the page takes the figure from the data file");
    assert!(!markdown.contains(&written), "the number is not also typed into the page");

    let html = html_of(app.get("/guide/routes-to-ct-surgery").await).await;
    let text = select(&html, ".prose").join(" ");
    assert!(text.contains(&format!("offered {written} positions")), "rendered page shows {written}");
}

#[tokio::test]
async fn data_page_shows_each_specialty_and_source() {
    let app = spawn_app().await;

    let response = app.get("/data").await;

    assert_eq!(response.status(), 200);
    let html = html_of(response).await;
    let groups = select(&html, "#specialties ~ .table-wrap tbody th");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let catalogue: toml::Value = toml::from_str(&std::fs::read_to_string(root.join("content/planner/specialties.toml")).expect("catalogue")).expect("toml");
    let names: Vec<&str> = catalogue["specialty"].as_table().expect("table").values().map(|entry| entry["name"].as_str().expect("name")).collect();
    assert_eq!(names.len(), 15);
    for name in names {
        assert!(groups.iter().any(|group| group == name), "no rows for {name}");
    }
    assert_eq!(select(&html, "svg.chart").len(), 2);
    assert_eq!(attributes(&html, "svg.chart", "role"), vec!["img", "img"]);
    assert_eq!(select(&html, "figure figcaption").len(), 2);
    assert!(!select(&html, ".low-confidence").is_empty(), "low-confidence figures are marked");
    for href in attributes(&html, "tbody a[href^='#source-']", "href") {
        assert_eq!(select(&html, &format!("[id=\"{}\"]", &href[1..])).len(), 1, "{href} has no source entry");
    }
    assert!(select(&html, "#limits + ul li").len() >= 3);
}

#[tokio::test]
async fn report_shows_specialty_figures() {
    let app = spawn_app().await;
    let path = app.create_report().await;

    let html = html_of(app.get(&path).await).await;

    let figures = select(&html, "#specialty-general-surgery .figures li");
    assert_eq!(figures.len(), 2, "{figures:?}");
    assert!(figures[0].contains("Positions offered: 1,778 in 2025"), "{}", figures[0]);
    assert!(figures[1].contains("US IMGs matched: 100 in 2025 (derived)"), "{}", figures[1]);
    assert!(figures[1].contains("rxradio.fm"), "{}", figures[1]);
}
