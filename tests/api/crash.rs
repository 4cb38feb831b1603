//! Crash test: several clients create reports while the server is killed with SIGKILL, then the
//! server restarts on the same database. Every report the server acknowledged with 201 or 303
//! must open with the content the client saw, and the database must pass `integrity_check`.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use reqwest::redirect::Policy;

use crate::helpers::{form_with_research, json_with_research, location, submit_plan_form};
use crate::process::{ServerProcess, integrity_check};

const CLIENTS: usize = 6;
const MAX_REQUESTS_PER_CLIENT: usize = 100;
/// Acknowledged reports after which each round sends SIGKILL. Different counts, and the
/// clients' own timing, put the kill at different moments of a request.
const KILL_AFTER: [usize; 4] = [1, 6, 17, 40];
/// Time the clients get to reach a kill point.
const ROUND_LIMIT: Duration = Duration::from_secs(120);

/// A report the server acknowledged, with the content the client saw.
struct Acknowledged {
    token: String,
    /// The report from the 201 body or read back after the 303. `None` when the server died
    /// before the client could read it; such a report must still open in full.
    report: Option<serde_json::Value>,
}

/// What one client saw during a round.
#[derive(Default)]
struct ClientOutcome {
    acknowledged: Vec<Acknowledged>,
    /// Responses other than the expected 201 or 303, which the server must never send.
    unexpected: Vec<String>,
    /// Requests that failed in transport: the ones in flight at the kill.
    cut_off: usize,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn acknowledged_reports_survive_sigkill() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let database = folder.path().join("planb.db");
    let mut acknowledged: Vec<Acknowledged> = Vec::new();

    for (round, kill_after) in KILL_AFTER.into_iter().enumerate() {
        let server = ServerProcess::start(&database);
        assert_reports_intact(&server, &acknowledged).await;

        let outcomes = create_until_killed(server, round, kill_after).await;

        let unexpected: Vec<&String> = outcomes.iter().flat_map(|outcome| &outcome.unexpected).collect();
        assert!(unexpected.is_empty(), "round {round}: unexpected answers {unexpected:?}");
        let cut_off: usize = outcomes.iter().map(|outcome| outcome.cut_off).sum();
        let unread = outcomes.iter().flat_map(|outcome| &outcome.acknowledged).filter(|report| report.report.is_none()).count();
        let before = acknowledged.len();
        acknowledged.extend(outcomes.into_iter().flat_map(|outcome| outcome.acknowledged));
        let new = acknowledged.len() - before;
        assert!(new >= kill_after, "round {round} acknowledged {new} reports, fewer than its kill point {kill_after}");
        eprintln!("crash round {round}: {new} reports acknowledged ({unread} not read back), {cut_off} requests cut off by SIGKILL");
    }

    let server = ServerProcess::start(&database);
    assert_reports_intact(&server, &acknowledged).await;
    assert_eq!(integrity_check(&database), "ok");
    let connection = rusqlite::Connection::open(&database).expect("open database");
    let rows: i64 = connection.query_row("SELECT count(*) FROM reports", [], |row| row.get(0)).expect("count");
    assert!(rows as usize >= acknowledged.len(), "{rows} rows for {} acknowledged reports", acknowledged.len());
    server.stop();
}

/// Runs the clients against `server` and kills it with SIGKILL once `kill_after` reports are
/// acknowledged. Returns what each client saw.
async fn create_until_killed(server: ServerProcess, round: usize, kill_after: usize) -> Vec<ClientOutcome> {
    let acknowledged_count = Arc::new(AtomicUsize::new(0));
    let killed = Arc::new(AtomicBool::new(false));
    let clients: Vec<_> = (0..CLIENTS)
        .map(|client| {
            tokio::spawn(run_client(
                server.address.clone(),
                round * CLIENTS + client,
                Arc::clone(&acknowledged_count),
                Arc::clone(&killed),
            ))
        })
        .collect();

    let deadline = Instant::now() + ROUND_LIMIT;
    while acknowledged_count.load(Ordering::SeqCst) < kill_after {
        let clients_done = clients.iter().all(|client| client.is_finished());
        assert!(!clients_done, "round {round}: the clients stopped before {kill_after} reports; log:\n{}", server.log());
        assert!(Instant::now() < deadline, "round {round}: {kill_after} reports took longer than {ROUND_LIMIT:?}");
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    server.kill();
    killed.store(true, Ordering::SeqCst);

    let mut outcomes = Vec::new();
    for client in clients {
        outcomes.push(client.await.expect("client task"));
    }
    outcomes
}

/// Creates reports through the JSON API and the form in turn until a request fails.
async fn run_client(address: String, client_number: usize, acknowledged_count: Arc<AtomicUsize>, killed: Arc<AtomicBool>) -> ClientOutcome {
    let http = reqwest::Client::builder()
        .redirect(Policy::none())
        .cookie_store(true)
        .timeout(Duration::from_secs(30))
        .build()
        .expect("client");
    let mut outcome = ClientOutcome::default();

    for request in 0..MAX_REQUESTS_PER_CLIENT {
        if killed.load(Ordering::SeqCst) {
            break;
        }
        let research_items = 3 + ((client_number * 13 + request) % 190) as u32;

        let created = if request % 2 == 0 {
            create_with_json(&http, &address, research_items).await
        } else {
            create_with_form(&http, &address, research_items).await
        };
        match created {
            Created::Acknowledged(report) => {
                outcome.acknowledged.push(report);
                acknowledged_count.fetch_add(1, Ordering::SeqCst);
            }
            Created::Unexpected(message) => {
                outcome.unexpected.push(message);
                break;
            }
            Created::ServerGone => {
                outcome.cut_off += 1;
                break;
            }
        }
    }
    outcome
}

enum Created {
    Acknowledged(Acknowledged),
    Unexpected(String),
    /// The request failed in transport, as every request in flight at SIGKILL does.
    ServerGone,
}

async fn create_with_json(http: &reqwest::Client, address: &str, research_items: u32) -> Created {
    let Ok(response) = http.post(format!("{address}/api/reports")).json(&json_with_research(research_items)).send().await else {
        return Created::ServerGone;
    };
    if response.status() != 201 {
        return Created::Unexpected(format!("POST /api/reports answered {}", response.status()));
    }
    let token = location(&response).trim_start_matches(&format!("{address}/r/")).to_owned();
    // The 201 is an acknowledgement even if the body is cut off by the kill.
    let report = response.json::<serde_json::Value>().await.ok().map(|body| body["report"].clone());
    Created::Acknowledged(Acknowledged { token, report })
}

async fn create_with_form(http: &reqwest::Client, address: &str, research_items: u32) -> Created {
    let Ok(response) = submit_plan_form(http, address, &form_with_research(research_items)).await else {
        return Created::ServerGone;
    };
    if response.status() != 303 {
        return Created::Unexpected(format!("POST /plan answered {}", response.status()));
    }
    let token = location(&response).trim_start_matches("/r/").to_owned();
    let read_back = http.get(format!("{address}/r/{token}.json")).send().await;
    let report = match read_back {
        Ok(response) if response.status() == 200 => response.json::<serde_json::Value>().await.ok(),
        Ok(response) => return Created::Unexpected(format!("GET of a new report answered {}", response.status())),
        Err(_) => None,
    };
    Created::Acknowledged(Acknowledged { token, report })
}

/// Opens every acknowledged report on `server` and compares it with what its client saw.
async fn assert_reports_intact(server: &ServerProcess, acknowledged: &[Acknowledged]) {
    let http = reqwest::Client::builder().timeout(Duration::from_secs(30)).build().expect("client");
    for report in acknowledged {
        let response = http.get(server.url(&format!("/r/{}.json", report.token))).send().await.expect("sent");
        assert_eq!(response.status(), 200, "an acknowledged report is missing after the restart");
        let stored: serde_json::Value = response.json().await.expect("JSON report");
        match &report.report {
            Some(seen) => assert_eq!(&stored, seen, "an acknowledged report changed across the crash"),
            None => {
                let parsed = serde_json::from_value::<planb::planner::Report>(stored);
                assert!(parsed.is_ok(), "a report acknowledged just before the kill is incomplete: {parsed:?}");
            }
        }
    }
}
