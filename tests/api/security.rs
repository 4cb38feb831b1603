//! Security headers, the two CSRF layers, request limits, hostile input and error pages.

use reqwest::header::HeaderMap;
use scraper::Selector;

use crate::helpers::*;

/// Asserts the headers that every response must carry.
fn assert_security_headers(headers: &HeaderMap, label: &str) {
    let header = |name: &str| headers.get(name).unwrap_or_else(|| panic!("{label}: no {name} header")).to_str().expect("ascii").to_owned();

    let policy = header("content-security-policy");
    assert!(policy.contains("default-src 'self'"), "{label}: {policy}");
    assert!(policy.contains("frame-ancestors 'none'"), "{label}: {policy}");
    assert!(!policy.contains("unsafe-inline"), "{label}: {policy}");
    assert!(!policy.contains("unsafe-eval"), "{label}: {policy}");
    assert_eq!(header("x-content-type-options"), "nosniff", "{label}");
    assert_eq!(header("referrer-policy"), "same-origin", "{label}");
    let permissions = header("permissions-policy");
    for feature in ["camera=()", "microphone=()", "geolocation=()", "payment=()"] {
        assert!(permissions.contains(feature), "{label}: {permissions} lacks {feature}");
    }
}

/// Asserts that a response showing a report may be neither cached nor indexed.
fn assert_private(headers: &HeaderMap, label: &str) {
    assert_eq!(headers.get("cache-control").map(|value| value.to_str().expect("ascii")), Some("no-store"), "{label}");
    let robots = headers.get("x-robots-tag").unwrap_or_else(|| panic!("{label}: no X-Robots-Tag")).to_str().expect("ascii");
    assert!(robots.contains("noindex"), "{label}: {robots}");
}

fn report_count(app: &TestApp) -> i64 {
    let connection = rusqlite::Connection::open(&app.database).expect("open");
    connection.query_row("SELECT count(*) FROM reports", [], |row| row.get(0)).expect("count")
}

#[tokio::test]
async fn headers_on_html_json_and_static() {
    let app = spawn_app().await;
    let report = app.create_report().await;

    for path in ["/", "/guide", "/guide/glossary", "/data", "/plan", "/reports", "/static/style.css", "/robots.txt", "/healthz", "/no-such-page",
        report.as_str(), &format!("{report}.json"), &format!("{report}.ics"), &format!("{report}/edit")] {
        let response = app.get(path).await;
        assert!(response.status().is_success() || response.status() == 404, "{path}: {}", response.status());
        assert_security_headers(response.headers(), path);
    }

    let created = app.post_json(&valid_json()).await;
    assert_eq!(created.status(), 201);
    assert_security_headers(created.headers(), "POST /api/reports");

    let head = app.client.head(app.url("/static/style.css")).send().await.expect("sent");
    assert_security_headers(head.headers(), "HEAD /static/style.css");

    let rejected = app.client.post(app.url("/plan")).header("origin", "https://evil.example").form(&valid_form()).send().await.expect("sent");
    assert_eq!(rejected.status(), 403);
    assert_security_headers(rejected.headers(), "rejected cross-site POST");
}

#[tokio::test]
async fn report_pages_not_cached_or_indexed() {
    let app = spawn_app().await;
    let created: serde_json::Value = app.post_json(&valid_json()).await.json().await.expect("json");
    let url = created["url"].as_str().expect("url");
    let report = url.trim_start_matches(&app.address).to_owned();
    let manage = created["manage_url"].as_str().expect("manage url").trim_start_matches(&app.address).to_owned();

    for path in [report.clone(), format!("{report}.json"), format!("{report}.ics"), format!("{report}/edit"), manage.clone(), "/reports".to_owned()] {
        let response = app.get(&path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_private(response.headers(), &path);
        if !path.ends_with(".json") && !path.ends_with(".ics") && !path.ends_with("/edit") {
            let html = html_of(response).await;
            let robots = attributes(&html, "meta[name=robots]", "content");
            assert!(robots.first().is_some_and(|content| content.contains("noindex")), "{path}: {robots:?}");
        }
    }

    let guide = app.get("/guide").await;
    assert!(guide.headers().get("x-robots-tag").is_none(), "the guide may be indexed");
}

#[tokio::test]
async fn robots_txt_disallows_reports() {
    let app = spawn_app().await;

    let response = app.get("/robots.txt").await;

    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"].to_str().expect("ascii").starts_with("text/plain"));
    let text = response.text().await.expect("body");
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.contains(&"User-agent: *"), "{text}");
    assert!(lines.contains(&"Disallow: /r/"), "{text}");
}

#[tokio::test]
async fn pages_need_no_inline_script_or_style() {
    let app = spawn_app().await;
    let report = app.create_report().await;
    let invalid = html_of(app.post_form(&replace(&valid_form(), "step2_ck", "999")).await).await;

    let mut pages = vec![("invalid form".to_owned(), invalid)];
    let edit = format!("{report}/edit");
    for path in ["/", "/guide", "/guide/glossary", "/guide/search?q=soap", "/data", "/plan", "/reports", report.as_str(), edit.as_str(), "/no-such-page"] {
        pages.push((path.to_owned(), html_of(app.get(path).await).await));
    }

    let everything = Selector::parse("*").expect("selector");
    for (name, html) in &pages {
        assert!(select(html, "script").is_empty(), "{name}: has a script element");
        assert!(select(html, "style").is_empty(), "{name}: has a style element");
        for element in html.select(&everything) {
            for (attribute, _) in element.value().attrs() {
                assert_ne!(attribute, "style", "{name}: <{}> has an inline style", element.value().name());
                assert!(!attribute.starts_with("on"), "{name}: <{}> has an inline {attribute} handler", element.value().name());
            }
        }
    }
}

#[tokio::test]
async fn cross_site_post_rejected() {
    let app = spawn_app().await;
    let token = app.form_token("/plan").await;
    let mut form = valid_form();
    form.push(("csrf_token", &token));

    let cross_site: [(&str, &str); 4] = [
        ("origin", "https://evil.example"),
        ("origin", "null"),
        ("sec-fetch-site", "cross-site"),
        ("sec-fetch-site", "same-site"),
    ];
    for (name, value) in cross_site {
        let response = app.client.post(app.url("/plan")).header(name, value).form(&form).send().await.expect("sent");
        assert_eq!(response.status(), 403, "{name}: {value}");
        let html = html_of(response).await;
        assert_eq!(select(&html, "h1"), vec!["This request was blocked"], "{name}: {value}");
        assert!(select(&html, "main p").iter().any(|text| text.contains("another site")), "{name}: {value}: no explanation");
    }
    let api = app.client.post(app.url("/api/reports")).header("origin", "https://evil.example").json(&valid_json()).send().await.expect("sent");
    assert_eq!(api.status(), 403);
    let body: serde_json::Value = api.json().await.expect("JSON error");
    assert!(body["error"].as_str().expect("message").contains("another site"));
    assert_eq!(report_count(&app), 0, "no rejected request stored a report");

    let same_origin = app
        .client
        .post(app.url("/plan"))
        .header("origin", app.address.as_str())
        .header("sec-fetch-site", "same-origin")
        .form(&form)
        .send()
        .await
        .expect("sent");
    assert_eq!(same_origin.status(), 303, "the site's own form still works");
    assert_eq!(report_count(&app), 1);
}

#[tokio::test]
async fn form_token_required() {
    let app = spawn_app().await;
    app.get("/plan").await;

    let missing = app.post_form_without_token(&valid_form()).await;
    assert_eq!(missing.status(), 403);
    let html = html_of(missing).await;
    assert!(select(&html, ".error-summary p")[0].contains("security token"));
    assert_eq!(attributes(&html, "#field-step2_ck", "value"), vec!["246"], "answers kept");
    let fresh = attributes(&html, "input[name=csrf_token]", "value");
    assert_eq!(fresh.len(), 1);

    let mut wrong = valid_form();
    wrong.push(("csrf_token", "AAAAAAAAAAAAAAAAAAAAAA"));
    assert_eq!(app.post_form_without_token(&wrong).await.status(), 403);

    let stranger_token = {
        let stranger = spawn_app().await;
        stranger.form_token("/plan").await
    };
    let mut foreign = valid_form();
    foreign.push(("csrf_token", &stranger_token));
    assert_eq!(app.post_form_without_token(&foreign).await.status(), 403, "a token from another session");
    assert_eq!(report_count(&app), 0);

    let mut resubmitted = valid_form();
    resubmitted.push(("csrf_token", &fresh[0]));
    assert_eq!(app.post_form_without_token(&resubmitted).await.status(), 303, "the token on the 403 page works");
}

#[tokio::test]
async fn api_requires_json_content_type() {
    let app = spawn_app().await;
    let body = valid_json().to_string();

    for content_type in [Some("text/plain"), Some("application/x-www-form-urlencoded"), Some("multipart/form-data; boundary=x"), None] {
        let mut request = app.client.post(app.url("/api/reports")).body(body.clone());
        if let Some(value) = content_type {
            request = request.header("content-type", value);
        }
        let response = request.send().await.expect("sent");
        assert_eq!(response.status(), 415, "{content_type:?}");
        let error: serde_json::Value = response.json().await.expect("JSON error");
        assert!(error["error"].as_str().expect("message").contains("application/json"));
    }
    assert_eq!(report_count(&app), 0);

    let response = app.client.post(app.url("/api/reports")).header("content-type", "application/json; charset=utf-8").body(body).send().await.expect("sent");
    assert_eq!(response.status(), 201);
}

#[tokio::test]
async fn oversized_bodies_get_413() {
    let app = spawn_app().await;
    let padding = "x".repeat(17 * 1024);

    let mut form = valid_form();
    form.push(("padding", &padding));
    let response = app.post_form(&form).await;
    assert_eq!(response.status(), 413);
    assert!(response.headers()["content-type"].to_str().expect("ascii").starts_with("text/html"));
    let html = html_of(response).await;
    assert_eq!(select(&html, "h1"), vec!["The form was too large"]);
    assert!(select(&html, "main p").iter().any(|text| text.contains("16 KiB")));
    assert!(attributes(&html, "main a", "href").contains(&"/plan".to_owned()), "a way back to the form");

    let mut profile = valid_json();
    profile["padding"] = serde_json::json!(padding);
    let response = app.post_json(&profile).await;
    assert_eq!(response.status(), 413);
    let error: serde_json::Value = response.json().await.expect("JSON error");
    assert!(error["error"].as_str().expect("message").contains("16 KiB"));

    let token = app.form_token("/plan").await;
    let delete = app.client.post(app.url("/r/AAAAAAAAAAAAAAAAAAAAAA/delete")).form(&[("csrf_token", token.as_str()), ("padding", &padding)]).send().await.expect("sent");
    assert_eq!(delete.status(), 413, "the delete form has the same limit");
    assert_eq!(report_count(&app), 0);

    let long_field = "9".repeat(15 * 1024);
    let response = app.post_form(&replace_owned(&valid_form(), "step2_ck", &long_field)).await;
    assert_eq!(response.status(), 422, "a body under the limit is read and its long field rejected");
    let html = html_of(response).await;
    assert!(select(&html, "#field-step2_ck-error")[0].contains("15360 characters"));
}

/// Like `replace`, for a value that is not `'static`.
fn replace_owned<'a>(form: &[(&'a str, &'a str)], name: &str, value: &'a str) -> Vec<(&'a str, &'a str)> {
    form.iter().map(|(key, old)| if *key == name { (*key, value) } else { (*key, *old) }).collect()
}

#[tokio::test]
async fn report_creation_rate_limited() {
    let app = spawn_app_with(|settings| settings.reports_per_hour = std::num::NonZeroU32::new(3).expect("non-zero")).await;

    for attempt in 1..=3 {
        assert_eq!(app.post_form(&valid_form()).await.status(), 303, "report {attempt} is within the limit");
    }

    let response = app.post_form(&valid_form()).await;
    assert_eq!(response.status(), 429);
    let retry_after: u64 = response.headers()["retry-after"].to_str().expect("ascii").parse().expect("whole seconds");
    assert!((1..=1200).contains(&retry_after), "one report every 20 minutes comes back: {retry_after}");
    let html = html_of(response).await;
    assert_eq!(select(&html, "h1"), vec!["Too many reports at once"]);
    assert!(select(&html, "main p").iter().any(|text| text.contains("minutes")));

    let api = app.post_json(&valid_json()).await;
    assert_eq!(api.status(), 429, "the JSON API shares the limit");
    assert!(api.headers().contains_key("retry-after"));
    let error: serde_json::Value = api.json().await.expect("JSON error");
    assert!(error["error"].as_str().expect("message").contains("Too many reports"));

    assert_eq!(report_count(&app), 3);
    assert_eq!(app.get("/plan").await.status(), 200, "reading the form is not limited");
    assert_eq!(app.get("/reports").await.status(), 200);
}

#[tokio::test]
async fn hostile_form_input_is_4xx() {
    let app = spawn_app().await;

    let cases: [(&str, &'static str); 8] = [
        ("step2_ck", "99999999999999999999999999"),
        ("budget_usd", "4294967296"),
        ("us_letters", "-9223372036854775809"),
        ("graduation_year", "1e309"),
        ("step2_expected", "2027-06\u{0}"),
        ("step1", "pass\u{7}"),
        ("geography", "anywhere\r\n"),
        ("interests", "operating\u{1b}"),
    ];
    for (field, value) in cases {
        let response = app.post_form(&replace(&valid_form(), field, value)).await;
        assert_eq!(response.status(), 422, "{field} = {value:?}");
        let html = html_of(response).await;
        assert!(attributes(&html, ".error-summary a", "href").contains(&format!("#field-{field}")), "{field} = {value:?}: no message");
    }

    let token = app.form_token("/plan").await;
    let mut raw = format!("csrf_token={token}&step1=pa").into_bytes();
    raw.extend_from_slice(b"\xff\xfess&geography=%C3%28");
    let response = app.client.post(app.url("/plan")).header("content-type", "application/x-www-form-urlencoded").body(raw).send().await.expect("sent");
    assert_eq!(response.status(), 422, "invalid UTF-8, raw and percent-encoded");
    let html = html_of(response).await;
    let errors = select(&html, "#field-step1-error, #field-geography-error");
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors.iter().all(|message| message.contains("not valid UTF-8")), "{errors:?}");

    let token = app.form_token("/plan").await;
    let repeated = app.client.post(app.url("/plan")).form(&[("csrf_token", token.as_str()), ("step1", "pass"), ("step1", "fail")]).send().await.expect("sent");
    assert_eq!(repeated.status(), 400, "a repeated single-valued field");
    assert_eq!(report_count(&app), 0);
}

#[tokio::test]
async fn hostile_json_input_is_4xx() {
    let app = spawn_app().await;
    let send = |body: Vec<u8>| app.client.post(app.url("/api/reports")).header("content-type", "application/json").body(body).send();

    let base = valid_json().to_string();
    let with = |field: &str, raw_value: &str| base.replacen(&format!("\"{field}\":"), &format!("\"{field}\":{raw_value},\"_was\":"), 1);
    let malformed = [
        with("step2_ck", "1e400"),
        format!("{}{}", "[".repeat(5_000), "]".repeat(5_000)),
        "{\"step1\": \"pass\\ud800\"}".to_owned(),
    ];
    for body in malformed {
        let response = send(body.clone().into_bytes()).await.expect("sent");
        assert_eq!(response.status(), 400, "{}", &body[..body.len().min(60)]);
    }
    let mut invalid_utf8 = br#"{"step1": "pa"#.to_vec();
    invalid_utf8.extend_from_slice(b"\xff\"}");
    assert_eq!(send(invalid_utf8).await.expect("sent").status(), 400, "invalid UTF-8");

    let unprocessable: [(&str, serde_json::Value, &str); 6] = [
        ("step2_ck", serde_json::json!(18_446_744_073_709_551_616_f64), "not a whole number"),
        ("us_letters", serde_json::json!(-1), "not a whole number"),
        ("budget_usd", serde_json::json!(4_294_967_296_u64), "4294967296 is out of range"),
        ("step1", serde_json::json!("pass\u{0}"), "control character"),
        ("step2_expected", serde_json::json!("2027-06\n"), "control character"),
        ("geography", serde_json::json!("x".repeat(500)), "500 characters long"),
    ];
    for (field, value, expected) in unprocessable {
        let mut profile = valid_json();
        profile[field] = value.clone();
        let response = app.post_json(&profile).await;
        assert_eq!(response.status(), 422, "{field} = {value}");
        let body: serde_json::Value = response.json().await.expect("json");
        assert_eq!(body["errors"][0]["field"], field, "{body}");
        assert!(body["errors"][0]["message"].as_str().expect("message").contains(expected), "{field} = {value}: {body}");
    }
    assert_eq!(report_count(&app), 0);
}

#[tokio::test]
async fn hostile_paths_are_4xx() {
    let app = spawn_app().await;

    for path in ["/r/%FF%FE", "/r/%00", "/guide/%FF", "/guide/%00", "/r/AAAAAAAAAAAAAAAAAAAAAA/manage/%FF", "/r/%FF/manage/%FF",
        "/r/AAAAAAAAAAAAAAAAAAAAAA/manage/AAAAAAAAAAAAAAAAAAAAAA", "/guide/search?q=%FF%00"] {
        let response = app.get(path).await;
        assert!(response.status().is_client_error() || response.status() == 200, "{path}: {}", response.status());
        assert!(response.headers()["content-type"].to_str().expect("ascii").starts_with("text/html"), "{path}");
        let html = html_of(response).await;
        assert_eq!(select(&html, ".brand"), vec!["planb"], "{path}: site layout");
    }
}

/// A payload that breaks out of text, attributes and URLs if written unescaped.
const XSS: &str = "\"'><script>alert(1)</script><img src=x onerror=alert(2)>";

#[tokio::test]
async fn xss_payload_rendered_escaped() {
    let app = spawn_app().await;
    let fields: Vec<&str> = {
        let mut names: Vec<&str> = valid_form().iter().map(|(name, _)| *name).collect();
        names.dedup();
        names.extend(["ct_or_vascular_rotation", "observership_only", "couples_match"]);
        names
    };
    let form: Vec<(&str, &str)> = fields.iter().map(|name| (*name, XSS)).collect();

    let response = app.post_form(&form).await;
    assert_eq!(response.status(), 422);
    let text = response.text().await.expect("body");
    assert!(!text.contains("<script>alert"), "script tag written unescaped");
    assert!(!text.contains("<img src=x"), "img tag written unescaped");
    let html = scraper::Html::parse_document(&text);
    assert!(select(&html, "script").is_empty());
    assert!(select(&html, "main img").is_empty());
    for name in ["step2_ck", "step2_expected", "exam_failures", "graduation_year", "budget_usd", "us_letters"] {
        assert_eq!(attributes(&html, &format!("#field-{name}"), "value"), vec![XSS], "{name}: value kept exactly");
    }
    let messages = select(&html, ".error-summary a");
    assert!(messages.iter().any(|message| message.contains("<script>alert(1)</script>")), "payload shown as text: {messages:?}");

    let search = app.client.get(app.url("/guide/search")).query(&[("q", XSS)]).send().await.expect("sent");
    let text = search.text().await.expect("body");
    assert!(!text.contains("<script>alert"), "search page: script tag written unescaped");
    assert!(!text.contains("<img src=x"), "search page: img tag written unescaped");
    let html = scraper::Html::parse_document(&text);
    assert_eq!(attributes(&html, "#search-q", "value"), vec![XSS]);

    let mut profile = valid_json();
    profile["step1"] = serde_json::json!(XSS);
    let api = app.post_json(&profile).await;
    assert_eq!(api.status(), 422);
    assert!(api.headers()["content-type"].to_str().expect("ascii").starts_with("application/json"), "never HTML");
    let body: serde_json::Value = api.json().await.expect("json");
    assert!(body["errors"][0]["message"].as_str().expect("message").contains(XSS), "JSON carries the text as data");
}

#[tokio::test]
async fn error_pages_use_site_layout() {
    let app = spawn_app().await;
    let limited = spawn_app_with(|settings| settings.reports_per_hour = std::num::NonZeroU32::new(1).expect("non-zero")).await;

    let deleted = app.create_report().await;
    let token = app.form_token(&deleted).await;
    app.client.post(app.url(&format!("{deleted}/delete"))).form(&[("csrf_token", token.as_str())]).send().await.expect("sent");

    let broken = app.create_report().await;
    let connection = rusqlite::Connection::open(&app.database).expect("open");
    connection.execute("UPDATE reports SET report_json = 'not json' WHERE deleted_at IS NULL", []).expect("corrupt the stored report");

    limited.post_form(&valid_form()).await;
    let token = app.form_token("/plan").await;
    let padding = "x".repeat(20 * 1024);

    let cases: Vec<(u16, reqwest::Response)> = vec![
        (400, app.client.post(app.url("/plan")).form(&[("csrf_token", token.as_str()), ("step1", "pass"), ("step1", "fail")]).send().await.expect("sent")),
        (403, app.client.post(app.url("/plan")).header("origin", "https://evil.example").form(&valid_form()).send().await.expect("sent")),
        (404, app.get("/no-such-page").await),
        (410, app.get(&deleted).await),
        (413, app.post_form(&[("padding", padding.as_str())]).await),
        (422, app.post_form(&[]).await),
        (429, limited.post_form(&valid_form()).await),
        (500, app.get(&broken).await),
    ];
    for (status, response) in cases {
        assert_eq!(response.status().as_u16(), status);
        assert!(response.headers()["content-type"].to_str().expect("ascii").starts_with("text/html"), "{status}");
        let html = html_of(response).await;
        assert_eq!(select(&html, ".brand"), vec!["planb"], "{status}: site header");
        assert_eq!(select(&html, ".site-footer").len(), 1, "{status}: site footer");
        assert_eq!(select(&html, "h1").len(), 1, "{status}: one heading");
        let links = attributes(&html, "main a", "href");
        assert!(links.iter().any(|href| href == "/" || href == "/plan" || href.starts_with("#field-")), "{status}: no way back in {links:?}");
    }

    let deleted_page = html_of(app.get(&deleted).await).await;
    assert!(select(&deleted_page, "main p").iter().any(|text| text.contains("deleted it")), "410 says the owner deleted the report");
}
