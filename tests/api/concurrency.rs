//! Many clients at once: each creates reports and reads back exactly what it created.

use std::collections::HashSet;
use std::num::NonZeroU32;
use std::path::PathBuf;

use planb::planner::{ProfileInput, Rules};
use planb::store::Token;

use crate::helpers::*;

const CLIENTS: u32 = 32;
/// Reports each client creates, alternating the JSON API and the form.
const REPORTS_PER_CLIENT: u32 = 6;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn clients_read_back_own_reports() {
    // All clients share 127.0.0.1, so the per-client rate limit is raised above the total.
    let app = spawn_app_with(|settings| settings.reports_per_hour = NonZeroU32::new(10 * CLIENTS * REPORTS_PER_CLIENT).expect("non-zero")).await;
    let (_, rules) = planb::startup::load_content(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("content")).expect("content loads");

    // Every client gets its own research counts, so every report differs from every other.
    let expected_reports: Vec<String> = (0..CLIENTS * REPORTS_PER_CLIENT).map(|index| expected_report(&rules, research_items(index)).to_string()).collect();
    let distinct: HashSet<&String> = expected_reports.iter().collect();
    assert_eq!(distinct.len(), expected_reports.len(), "the profiles must give distinct reports, or a mix-up could go unseen");

    let tasks: Vec<_> = (0..CLIENTS)
        .map(|client| {
            let address = app.address.clone();
            let expected: Vec<serde_json::Value> = (0..REPORTS_PER_CLIENT)
                .map(|request| expected_report(&rules, research_items(client * REPORTS_PER_CLIENT + request)))
                .collect();
            tokio::spawn(run_client(address, client, expected))
        })
        .collect();
    let mut tokens = Vec::new();
    for task in tasks {
        tokens.extend(task.await.expect("client finished without a failed check"));
    }

    let distinct_tokens: HashSet<&(String, u32)> = tokens.iter().collect();
    assert_eq!(distinct_tokens.len(), (CLIENTS * REPORTS_PER_CLIENT) as usize, "every request made its own report");
    let connection = rusqlite::Connection::open(&app.database).expect("open database");
    let rows: i64 = connection.query_row("SELECT count(*) FROM reports", [], |row| row.get(0)).expect("count");
    assert_eq!(rows, i64::from(CLIENTS * REPORTS_PER_CLIENT), "no report lost and none stored twice");
    for (token, research_items) in &tokens {
        let hash = Token::parse(token).expect("token shape").hash();
        let profile: String = connection
            .query_row("SELECT profile_json FROM reports WHERE token_hash = ?1", [hash.as_bytes()], |row| row.get(0))
            .expect("stored profile");
        let stored: serde_json::Value = serde_json::from_str(&profile).expect("profile JSON");
        assert_eq!(stored["research_items"], serde_json::json!(research_items), "the stored profile belongs to this token");
    }
}

fn research_items(index: u32) -> u32 {
    3 + index
}

/// Plans the report for the valid profile with `research_items`, as the server should.
fn expected_report(rules: &Rules, research_items: u32) -> serde_json::Value {
    let profile = ProfileInput::validate_json(&json_with_research(research_items), TODAY).expect("valid profile");
    serde_json::to_value(planb::planner::plan(&profile, rules, TODAY)).expect("report JSON")
}

/// Creates this client's reports and checks each one; returns the tokens with their research
/// counts. Panics, failing the test, on any unexpected status or content.
async fn run_client(address: String, client: u32, expected: Vec<serde_json::Value>) -> Vec<(String, u32)> {
    let http = new_client();
    let mut tokens = Vec::new();

    for (request, expected_report) in (0..REPORTS_PER_CLIENT).zip(&expected) {
        let research = research_items(client * REPORTS_PER_CLIENT + request);
        let token = if request % 2 == 0 {
            let response = http.post(format!("{address}/api/reports")).json(&json_with_research(research)).send().await.expect("sent");
            assert_eq!(response.status(), 201, "client {client}, request {request}");
            let body: serde_json::Value = response.json().await.expect("JSON body");
            assert_eq!(&body["report"], expected_report, "client {client}: the 201 carries its own report");
            body["token"].as_str().expect("token").to_owned()
        } else {
            let response = submit_plan_form(&http, &address, &form_with_research(research)).await.expect("sent");
            assert_eq!(response.status(), 303, "client {client}, request {request}");
            let token = location(&response).trim_start_matches("/r/").to_owned();

            let page = http.get(format!("{address}/r/{token}")).send().await.expect("sent");
            assert_eq!(page.status(), 200);
            let html = html_of(page).await;
            let share = select(&html, ".share p");
            assert!(share.first().is_some_and(|text| text.contains("You made this report")), "client {client}: its session owns the report: {share:?}");
            token
        };

        let response = http.get(format!("{address}/r/{token}.json")).send().await.expect("sent");
        assert_eq!(response.status(), 200, "client {client}, request {request}");
        let stored: serde_json::Value = response.json().await.expect("JSON report");
        assert_eq!(&stored, expected_report, "client {client}, request {request}: read back exactly what it created");
        tokens.push((token, research));
    }
    tokens
}
