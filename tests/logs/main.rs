//! Checks the server's log output: it may name routes and outcomes, but never a share or manage
//! token, a form token, the session cookie or a profile answer.
//!
//! This is its own test binary because it installs a global log subscriber, which would also
//! capture the other end-to-end tests.

#[allow(dead_code)]
#[path = "../api/helpers.rs"]
mod helpers;

use std::io::Write;
use std::sync::{Arc, Mutex};

use helpers::*;
use tracing_subscriber::EnvFilter;

/// A log destination that keeps everything written to it in memory.
#[derive(Clone, Default)]
struct CapturedLog(Arc<Mutex<Vec<u8>>>);

impl Write for CapturedLog {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log buffer").extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl CapturedLog {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().expect("log buffer")).into_owned()
    }
}

/// Every crate at TRACE except those that only the test's own HTTP client and HTML parser use,
/// which log the pages they read.
const SERVER_SIDE_TRACE: &str = "trace,cookie_store=off,h2=off,html5ever=off,hyper=off,hyper_util=off,reqwest=off,scraper=off,selectors=off";

/// A budget no other part of the site prints, to find profile answers in the log.
const BUDGET_MARKER: &str = "98765";
/// An invalid answer, to find rejected input in the log.
const INVALID_MARKER: &str = "zebra-canary";

#[tokio::test]
async fn log_has_no_tokens_or_answers() {
    let log = CapturedLog::default();
    let writer = log.clone();
    planb::telemetry::init_with_writer(EnvFilter::new(SERVER_SIDE_TRACE), move || writer.clone(), false);
    let app = spawn_app().await;
    let mut secrets: Vec<String> = Vec::new();

    let form = replace(&valid_form(), "budget_usd", BUDGET_MARKER);
    let created = app.post_form(&form).await;
    assert_eq!(created.status(), 303);
    let cookie = created.headers()["set-cookie"].to_str().expect("ascii").to_owned();
    let cookie_value = cookie.split(';').next().expect("name=value").split_once('=').expect("value").1.to_owned();
    let path = location(&created);
    secrets.push(path.trim_start_matches("/r/").to_owned());
    secrets.push(cookie_value);

    let page = html_of(app.get(&path).await).await;
    let manage_url = attributes(&page, "#manage-url", "value").remove(0);
    secrets.push(manage_url.rsplit('/').next().expect("manage token").to_owned());
    let form_token = attributes(&page, "input[name=csrf_token]", "value").remove(0);
    secrets.push(form_token);
    app.get(&format!("{path}.json")).await;
    app.get(&format!("{path}.ics")).await;
    app.get(&format!("{path}/edit")).await;
    app.get("/reports").await;
    app.get(&format!("{path}/manage/AAAAAAAAAAAAAAAAAAAAAA")).await;

    let mut profile = valid_json();
    profile["budget_usd"] = serde_json::json!(98765);
    let api: serde_json::Value = app.post_json(&profile).await.json().await.expect("json");
    secrets.push(api["token"].as_str().expect("token").to_owned());
    let api_manage_url = api["manage_url"].as_str().expect("manage_url").to_owned();
    secrets.push(api_manage_url.rsplit('/').next().expect("manage token").to_owned());

    assert_eq!(app.post_form(&replace(&valid_form(), "step1", INVALID_MARKER)).await.status(), 422);
    let mut invalid = valid_json();
    invalid["geography"] = serde_json::json!(INVALID_MARKER);
    assert_eq!(app.post_json(&invalid).await.status(), 422);
    let stranger = new_client();
    let cross_site = stranger.post(app.url(&format!("{path}/delete"))).header("origin", "https://evil.example").form(&[("csrf_token", "x")]).send().await.expect("sent");
    assert_eq!(cross_site.status(), 403);

    let device = new_client();
    let manage_page = html_of(device.get(&api_manage_url).send().await.expect("sent")).await;
    let device_token = attributes(&manage_page, "input[name=csrf_token]", "value").remove(0);
    secrets.push(device_token.clone());
    let api_path = api["url"].as_str().expect("url").trim_start_matches(&app.address).to_owned();
    let deleted = device
        .post(app.url(&format!("{api_path}/delete")))
        .form(&[("csrf_token", device_token.as_str()), ("manage_token", api_manage_url.rsplit('/').next().expect("token"))])
        .send()
        .await
        .expect("sent");
    assert_eq!(deleted.status(), 303);
    assert_eq!(app.get(&api_path).await.status(), 410);

    let text = log.text();
    eprintln!("{text}");
    assert!(text.contains("route=/r/{token}"), "request spans name the route pattern");
    assert!(text.contains("report stored"), "the log was captured");
    assert!(text.contains("report deleted"), "the log was captured");
    for secret in &secrets {
        assert!(!text.contains(secret.as_str()), "the log contains a secret: {secret}");
    }
    assert!(!text.contains(BUDGET_MARKER), "the log contains a profile answer");
    assert!(!text.contains(INVALID_MARKER), "the log contains a rejected answer");
}
