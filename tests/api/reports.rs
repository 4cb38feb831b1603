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

/// Posts the delete form of `report_path` with `fields`, as the given client.
async fn post_delete(app: &TestApp, client: &reqwest::Client, report_path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    client.post(app.url(&format!("{report_path}/delete"))).form(fields).send().await.expect("request sent")
}

/// Opens `path` as `client` and returns the first form token on it, or `None`.
async fn form_token_as(app: &TestApp, client: &reqwest::Client, path: &str) -> Option<String> {
    let html = html_of(client.get(app.url(path)).send().await.expect("sent")).await;
    attributes(&html, "input[name=csrf_token]", "value").into_iter().next()
}

#[tokio::test]
async fn my_reports_lists_newest_first() {
    let app = spawn_app().await;
    let first = app.create_report().await;
    let second = location(&app.post_form(&replace(&valid_form(), "needs_to_operate", "must")).await);
    let third = app.create_report().await;

    let response = app.get("/reports").await;
    assert_eq!(response.status(), 200);
    let html = html_of(response).await;

    let links = attributes(&html, ".my-reports li > a", "href");
    assert_eq!(links, vec![third.clone(), second, first], "newest first");
    for text in select(&html, ".my-reports li > a") {
        assert!(text.starts_with("Strategy "), "{text}");
    }
    let dates = attributes(&html, ".my-reports time", "datetime");
    assert_eq!(dates.len(), 3);
    for date in dates {
        assert!(time::Date::parse(&date, time::macros::format_description!("[year]-[month]-[day]")).is_ok(), "not YYYY-MM-DD: {date}");
    }
    assert_eq!(attributes(&html, ".my-reports form", "action")[0], format!("{third}/delete"));

    let stranger = new_client();
    let html = html_of(stranger.get(app.url("/reports")).send().await.expect("sent")).await;
    assert!(select(&html, ".my-reports li").is_empty(), "another browser sees none of them");
    assert!(select(&html, "main p").iter().any(|text| text.contains("no reports yet")));
}

#[tokio::test]
async fn my_reports_capped_and_cookie_small() {
    let app = spawn_app().await;
    let mut made = Vec::new();
    let mut cookie_length = 0;
    for _ in 0..22 {
        let response = app.post_form(&valid_form()).await;
        assert_eq!(response.status(), 303);
        cookie_length = response.headers()["set-cookie"].len();
        made.push(location(&response));
    }

    let html = html_of(app.get("/reports").await).await;
    let links = attributes(&html, ".my-reports li > a", "href");

    assert_eq!(links.len(), 20);
    assert_eq!(links[0], made[21]);
    assert!(!links.contains(&made[0]), "the oldest was dropped");
    assert!(!links.contains(&made[1]), "the second oldest was dropped");
    assert!(cookie_length < 3072, "session cookie is {cookie_length} bytes; browsers keep at most 4096");
}

#[tokio::test]
async fn owner_deletes_report() {
    let app = spawn_app().await;
    let path = app.create_report().await;

    let page = html_of(app.get(&path).await).await;
    assert_eq!(attributes(&page, ".delete-form", "action"), vec![format!("{path}/delete")]);
    let token = attributes(&page, ".delete-form input[name=csrf_token]", "value").remove(0);

    let response = post_delete(&app, &app.client, &path, &[("csrf_token", &token)]).await;

    assert_eq!(response.status(), 303);
    assert_eq!(location(&response), "/reports?deleted=1");
    let list = html_of(app.get("/reports?deleted=1").await).await;
    assert!(select(&list, ".notice")[0].contains("was deleted"));
    assert!(select(&list, ".my-reports li").is_empty(), "deleted report no longer listed");

    let connection = rusqlite::Connection::open(&app.database).expect("open");
    let (deleted_at, profile, report): (Option<String>, String, String) = connection
        .query_row("SELECT deleted_at, profile_json, report_json FROM reports", [], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
        .expect("tombstone row");
    assert!(deleted_at.is_some());
    assert_eq!((profile.as_str(), report.as_str()), ("", ""), "answers and report erased");
}

#[tokio::test]
async fn deleted_report_is_410() {
    let app = spawn_app().await;
    let path = app.create_report().await;
    let token = app.form_token(&path).await;
    assert_eq!(post_delete(&app, &app.client, &path, &[("csrf_token", &token)]).await.status(), 303);

    for client in [&app.client, &new_client()] {
        let response = client.get(app.url(&path)).send().await.expect("sent");
        assert_eq!(response.status(), 410);
        assert_eq!(response.headers()["cache-control"], "no-store");
        let html = html_of(response).await;
        assert_eq!(select(&html, "h1"), vec!["This report was deleted"]);
        assert!(select(&html, "main p").iter().any(|text| text.contains("The student who made this report deleted it")));

        let json = client.get(app.url(&format!("{path}.json"))).send().await.expect("sent");
        assert_eq!(json.status(), 410);
        let body: serde_json::Value = json.json().await.expect("JSON error");
        assert!(body["error"].as_str().expect("message").contains("deleted"));
    }

    for derived in [format!("{path}.ics"), format!("{path}/edit")] {
        assert_eq!(app.get(&derived).await.status(), 410, "{derived}");
    }

    let token = app.form_token("/plan").await;
    assert_eq!(post_delete(&app, &app.client, &path, &[("csrf_token", &token)]).await.status(), 410, "a second delete");
    let head = app.client.head(app.url(&path)).send().await.expect("sent");
    assert_eq!(head.status(), 410);
}

#[tokio::test]
async fn delete_from_my_reports() {
    let app = spawn_app().await;
    let kept = app.create_report().await;
    let doomed = app.create_report().await;

    let list = html_of(app.get("/reports").await).await;
    let action = attributes(&list, ".my-reports form", "action").remove(0);
    assert_eq!(action, format!("{doomed}/delete"));
    let token = attributes(&list, ".my-reports input[name=csrf_token]", "value").remove(0);

    let response = app.client.post(app.url(&action)).form(&[("csrf_token", token.as_str())]).send().await.expect("sent");

    assert_eq!(response.status(), 303);
    assert_eq!(app.get(&doomed).await.status(), 410);
    assert_eq!(app.get(&kept).await.status(), 200);
    let list = html_of(app.get("/reports").await).await;
    assert_eq!(attributes(&list, ".my-reports li > a", "href"), vec![kept]);
}

#[tokio::test]
async fn manage_link_deletes_elsewhere() {
    let app = spawn_app().await;
    let path = app.create_report().await;
    let owner_page = html_of(app.get(&path).await).await;
    let manage_url = attributes(&owner_page, "#manage-url", "value").remove(0);
    assert!(manage_url.starts_with(&format!("{}{path}/manage/", app.address)), "{manage_url}");

    let other_device = new_client();
    let response = other_device.get(&manage_url).send().await.expect("sent");
    assert_eq!(response.status(), 200);
    let html = html_of(response).await;
    assert_eq!(select(&html, "h1"), vec!["Manage your report"]);
    let token = attributes(&html, ".delete-form input[name=csrf_token]", "value").remove(0);
    let manage_token = attributes(&html, ".delete-form input[name=manage_token]", "value").remove(0);
    assert!(manage_url.ends_with(&manage_token));

    let response = post_delete(&app, &other_device, &path, &[("csrf_token", &token), ("manage_token", &manage_token)]).await;

    assert_eq!(response.status(), 303);
    assert_eq!(app.get(&path).await.status(), 410);
    assert_eq!(other_device.get(&manage_url).send().await.expect("sent").status(), 410);
}

#[tokio::test]
async fn api_returns_working_manage_link() {
    let app = spawn_app().await;
    let created: serde_json::Value = app.post_json(&valid_json()).await.json().await.expect("json");
    let manage_url = created["manage_url"].as_str().expect("manage_url");
    let path = created["url"].as_str().expect("url").trim_start_matches(&app.address).to_owned();

    let device = new_client();
    let html = html_of(device.get(manage_url).send().await.expect("sent")).await;
    let token = attributes(&html, "input[name=csrf_token]", "value").remove(0);
    let manage_token = attributes(&html, "input[name=manage_token]", "value").remove(0);

    let response = post_delete(&app, &device, &path, &[("csrf_token", &token), ("manage_token", &manage_token)]).await;

    assert_eq!(response.status(), 303);
    assert_eq!(app.get(&path).await.status(), 410);
}

#[tokio::test]
async fn strangers_cannot_delete() {
    let app = spawn_app().await;
    let path = app.create_report().await;
    let owner_page = html_of(app.get(&path).await).await;
    let manage_url = attributes(&owner_page, "#manage-url", "value").remove(0);

    let stranger = new_client();
    let page = html_of(stranger.get(app.url(&path)).send().await.expect("sent")).await;
    assert!(select(&page, ".delete-form").is_empty(), "no delete button for others");
    assert!(select(&page, "#manage-url").is_empty(), "no manage link for others");
    assert!(select(&page, ".share p")[0].contains("read-only copy"));

    let token = form_token_as(&app, &stranger, "/plan").await.expect("form token");
    let forged_manage = "AAAAAAAAAAAAAAAAAAAAAA";
    let attempts: [&[(&str, &str)]; 3] = [
        &[("csrf_token", &token)],
        &[("csrf_token", &token), ("manage_token", forged_manage)],
        &[("csrf_token", &token), ("manage_token", "not a token")],
    ];
    for fields in attempts {
        let response = post_delete(&app, &stranger, &path, fields).await;
        assert_eq!(response.status(), 403, "{fields:?}");
        let html = html_of(response).await;
        assert!(select(&html, "main p").iter().any(|text| text.contains("Only the browser that made this report")), "{fields:?}");
    }

    let wrong_manage_link = format!("{}{forged_manage}", manage_url.rsplit_once('/').expect("path").0.to_owned() + "/");
    assert_eq!(stranger.get(&wrong_manage_link).send().await.expect("sent").status(), 404, "a guessed manage link");

    let owner_without_token = post_delete(&app, &app.client, &path, &[]).await;
    assert_eq!(owner_without_token.status(), 403, "even the owner needs the form token");
    let html = html_of(owner_without_token).await;
    assert!(select(&html, "main p").iter().any(|text| text.contains("security token")));

    assert_eq!(app.get(&path).await.status(), 200, "the report survived every attempt");
}

#[tokio::test]
async fn manage_token_stored_hashed() {
    let app = spawn_app().await;
    let path = app.create_report().await;
    let owner_page = html_of(app.get(&path).await).await;
    let manage_url = attributes(&owner_page, "#manage-url", "value").remove(0);
    let manage_token = manage_url.rsplit('/').next().expect("token").to_owned();
    assert_eq!(manage_token.len(), 22);

    let connection = rusqlite::Connection::open(&app.database).expect("open");
    let hash: Vec<u8> = connection.query_row("SELECT manage_hash FROM reports", [], |row| row.get(0)).expect("row");
    let dump: String = connection
        .query_row("SELECT group_concat(quote(token_hash) || quote(manage_hash) || profile_json || report_json) FROM reports", [], |row| row.get(0))
        .expect("dump");

    assert_eq!(hash.len(), 32);
    assert!(!dump.contains(&manage_token), "manage token stored in clear");
}

#[tokio::test]
async fn secure_cookie_flag_follows_setting() {
    let app = spawn_app_with(|settings| settings.secure_cookies = true).await;

    let response = app.get("/plan").await;

    let cookie = response.headers()["set-cookie"].to_str().expect("ascii").to_owned();
    assert!(cookie.contains("; Secure"), "{cookie}");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
}

#[tokio::test]
async fn head_on_new_pages() {
    let app = spawn_app().await;
    let path = app.create_report().await;
    let manage_url = attributes(&html_of(app.get(&path).await).await, "#manage-url", "value").remove(0);

    for url in [app.url("/reports"), app.url("/robots.txt"), manage_url] {
        let response = app.client.head(&url).send().await.expect("sent");
        assert_eq!(response.status(), 200, "HEAD {url}");
    }
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
