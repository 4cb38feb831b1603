use crate::helpers::*;

#[tokio::test]
async fn share_link_opens_without_cookies() {
    let app = spawn_app().await;
    let path = app.create_report().await;
    let owner_view = html_of(app.get(&path).await).await;

    let advisor = reqwest::Client::new();
    let response = advisor.get(app.url(&path)).send().await.expect("sent");

    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let html = html_of(response).await;
    assert_eq!(select(&html, "h1"), select(&owner_view, "h1"));
    assert_eq!(select(&html, ".specialty h3"), select(&owner_view, ".specialty h3"));
    assert!(select(&html, ".share p")[0].contains("read-only copy"));
    assert!(select(&owner_view, ".share p")[0].contains("You made this report"));
    assert_eq!(attributes(&html, "meta[name=robots]", "content"), vec!["noindex, nofollow"]);
}

#[tokio::test]
async fn report_page_shows_each_section() {
    let app = spawn_app().await;
    let path = app.create_report().await;

    let html = html_of(app.get(&path).await).await;

    for heading in ["#summary-heading", "#competitiveness-heading", "#flags-heading", "#strategy-heading", "#specialties-heading", "#dual-heading"] {
        assert_eq!(select(&html, heading).len(), 1, "{heading}");
    }
    assert_eq!(select(&html, ".report tbody tr").len(), 6 + 5, "six factors and five fee lines");
    assert!(select(&html, ".summary-box dd")[1].contains("moderate"));
}

#[tokio::test]
async fn unknown_token_is_404() {
    let app = spawn_app().await;

    for path in ["/r/AAAAAAAAAAAAAAAAAAAAAA.json", "/r/short.json"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 404, "{path}");
        let body: serde_json::Value = response.json().await.expect("JSON error body");
        assert!(body["error"].as_str().expect("message").contains("No report"), "{path}");
    }
    for path in ["/r/AAAAAAAAAAAAAAAAAAAAAA", "/r/short", "/r/..%2F..%2Fetc"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 404, "{path}");
        let html = html_of(response).await;
        assert_eq!(select(&html, "h1"), vec!["Page not found"], "{path}");
    }
}

#[tokio::test]
async fn database_keeps_only_token_hash() {
    let app = spawn_app().await;
    let path = app.create_report().await;
    let token = path.trim_start_matches("/r/");

    let connection = rusqlite::Connection::open(&app.database).expect("open");
    let (hash, profile): (Vec<u8>, String) = connection
        .query_row("SELECT token_hash, profile_json FROM reports", [], |row| Ok((row.get(0)?, row.get(1)?)))
        .expect("one row");

    assert_eq!(hash.len(), 32);
    let dump: String = connection.query_row("SELECT group_concat(quote(token_hash) || profile_json || report_json) FROM reports", [], |row| row.get(0)).expect("dump");
    assert!(!dump.contains(token), "token stored in clear");
    assert!(profile.contains("\"step2_ck\":246"));
}

#[tokio::test]
async fn session_cookie_is_private_and_lax() {
    let app = spawn_app().await;

    let response = app.post_form(&valid_form()).await;

    let cookie = response.headers()["set-cookie"].to_str().expect("ascii").to_owned();
    assert!(cookie.starts_with("planb_session="), "{cookie}");
    assert!(cookie.contains("HttpOnly"));
    assert!(cookie.contains("SameSite=Lax"));
    let token = location(&response).trim_start_matches("/r/").to_owned();
    assert!(!cookie.contains(&token), "the session cookie is encrypted");
}

#[tokio::test]
async fn health_and_head_requests() {
    let app = spawn_app().await;

    let health = app.get("/healthz").await;
    assert_eq!(health.status(), 200);
    assert_eq!(health.text().await.expect("body"), "ok");

    for path in ["/", "/guide", "/plan", "/static/style.css"] {
        let response = app.client.head(app.url(path)).send().await.expect("sent");
        assert_eq!(response.status(), 200, "HEAD {path}");
    }
    assert_eq!(app.get("/no-such-page").await.status(), 404);
}

#[tokio::test]
async fn edit_prefills_and_keeps_old_link() {
    let app = spawn_app().await;
    let old_path = app.create_report().await;
    let old_json = app.get(&format!("{old_path}.json")).await.text().await.expect("body");

    let edit = html_of(app.get(&format!("{old_path}/edit")).await).await;
    assert_eq!(attributes(&edit, "#field-step2_ck", "value"), vec!["246"]);
    assert_eq!(attributes(&edit, "input[name=interests][checked]", "value"), vec!["operating", "critical-care"]);
    assert_eq!(attributes(&edit, "select[name=needs_to_operate] option[selected]", "value"), vec!["prefer"]);
    let report = html_of(app.get(&old_path).await).await;
    assert_eq!(attributes(&report, ".report-actions a.button", "href"), vec![format!("{old_path}/edit")]);

    let changed = replace(&valid_form(), "needs_to_operate", "must");
    let response = app.post_form(&changed).await;
    let new_path = location(&response);

    assert_ne!(new_path, old_path);
    assert_eq!(app.get(&format!("{old_path}.json")).await.text().await.expect("body"), old_json, "old report unchanged");
    let new_report = html_of(app.get(&new_path).await).await;
    assert!(!select(&new_report, "#specialty-surgery-preliminary").is_empty(), "must-operate adds a preliminary year");
    assert_eq!(app.get("/r/AAAAAAAAAAAAAAAAAAAAAA/edit").await.status(), 404);
}

#[tokio::test]
async fn full_report_sections_render() {
    let app = spawn_app().await;
    let path = app.create_report().await;

    let html = html_of(app.get(&path).await).await;

    for heading in ["#prelim-heading", "#materials-heading", "#interviews-heading", "#rank-heading", "#terms-heading"] {
        assert_eq!(select(&html, heading).len(), 1, "{heading}");
    }
    let actions = select(&html, ".top-actions li");
    assert!((1..=3).contains(&actions.len()), "{actions:?}");
    assert_eq!(select(&html, ".checklist li").len(), 4, "mixed-message checklist");
    assert!(select(&html, ".specialty ol li").len() >= 4, "long-term steps");
    assert!(!select(&html, ".scenarios dt").is_empty());
}

#[tokio::test]
async fn calendar_file_parses_with_stable_uids() {
    let app = spawn_app().await;
    let path = app.create_report().await;
    let report: serde_json::Value = app.get(&format!("{path}.json")).await.json().await.expect("json");
    let steps = report["timeline"]["items"].as_array().expect("timeline items").len();

    let html = html_of(app.get(&path).await).await;
    assert_eq!(attributes(&html, "a[href$='.ics']", "href"), vec![format!("{path}.ics")]);

    let response = app.get(&format!("{path}.ics")).await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"].to_str().expect("ascii").starts_with("text/calendar"));
    let first = response.text().await.expect("body");
    let second = app.get(&format!("{path}.ics")).await.text().await.expect("body");

    let unfolded = icalendar::parser::unfold(&first);
    let calendar = icalendar::parser::read_calendar(&unfolded).expect("valid iCalendar");
    let events: Vec<_> = calendar.components.iter().filter(|component| component.name == "VEVENT").collect();
    assert_eq!(events.len(), steps, "one event per timeline item");
    let uids: Vec<String> = events.iter().map(|event| event.find_prop("UID").expect("UID").val.to_string()).collect();
    let unique: std::collections::HashSet<&String> = uids.iter().collect();
    assert_eq!(unique.len(), uids.len(), "UIDs are unique");
    let token = path.trim_start_matches("/r/");
    assert!(uids.iter().all(|uid| !uid.contains(token)), "UIDs do not reveal the link");
    for event in &events {
        assert!(event.find_prop("DTSTART").is_some());
        let description = event.find_prop("DESCRIPTION").expect("description").val.to_string();
        assert!(description.contains(&format!("/r/{token}")), "{description}");
    }

    let unfolded_again = icalendar::parser::unfold(&second);
    let again = icalendar::parser::read_calendar(&unfolded_again).expect("valid");
    let uids_again: Vec<String> = again.components.iter().filter(|component| component.name == "VEVENT")
        .map(|event| event.find_prop("UID").expect("UID").val.to_string()).collect();
    assert_eq!(uids, uids_again, "a second download keeps the same UIDs");
}
