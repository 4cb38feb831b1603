//! `planb backup PATH` against a running server, and a restore from its copy.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::helpers::json_with_research;
use crate::process::{ServerProcess, content_dir, integrity_check, planb_command, run_to_exit};

/// Maximum number of reports the background writer creates while the backup runs.
const MAX_CONCURRENT_WRITES: u32 = 200;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_of_live_server_restores() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let database = folder.path().join("planb.db");
    let copy = folder.path().join("planb-backup.db");
    let server = ServerProcess::start(&database);
    let client = reqwest::Client::new();

    let mut created = Vec::new();
    for research_items in 3..8 {
        let response = client.post(server.url("/api/reports")).json(&json_with_research(research_items)).send().await.expect("sent");
        assert_eq!(response.status(), 201);
        let body: serde_json::Value = response.json().await.expect("JSON body");
        created.push((body["token"].as_str().expect("token").to_owned(), body["report"].clone()));
    }

    // A writer keeps creating reports while the backup runs, as users would.
    let writing = Arc::new(AtomicBool::new(true));
    let writer = tokio::spawn({
        let writing = Arc::clone(&writing);
        let client = client.clone();
        let url = server.url("/api/reports");
        async move {
            let mut written = 0;
            while writing.load(Ordering::SeqCst) && written < MAX_CONCURRENT_WRITES {
                let response = client.post(&url).json(&json_with_research(10 + written % 100)).send().await.expect("sent");
                assert_eq!(response.status(), 201, "a report created during the backup");
                written += 1;
            }
            written
        }
    });

    let mut command = planb_command(&database, &content_dir());
    command.arg("backup").arg(&copy);
    let (status, log) = tokio::task::spawn_blocking(move || run_to_exit(command)).await.expect("backup command");
    writing.store(false, Ordering::SeqCst);
    let written = writer.await.expect("writer");

    assert!(status.success(), "planb backup exited with {status}; log:\n{log}");
    assert!(log.contains("backup written and checked"), "{log}");
    assert_eq!(integrity_check(&copy), "ok");
    eprintln!("{written} reports were created while the backup ran");
    server.stop();

    // Restore as README describes: the copy becomes the database file of a stopped server.
    let restored_folder = tempfile::tempdir().expect("temporary folder");
    let restored_database = restored_folder.path().join("planb.db");
    std::fs::copy(&copy, &restored_database).expect("restore the copy");
    let restored = ServerProcess::start(&restored_database);

    for (token, report) in &created {
        let response = client.get(restored.url(&format!("/r/{token}.json"))).send().await.expect("sent");
        assert_eq!(response.status(), 200, "report made before the backup opens from the restored copy");
        let stored: serde_json::Value = response.json().await.expect("JSON report");
        assert_eq!(&stored, report);

        let page = client.get(restored.url(&format!("/r/{token}"))).send().await.expect("sent");
        assert_eq!(page.status(), 200);
    }
    restored.stop();
}

#[test]
fn backup_without_path_prints_usage() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let mut command = planb_command(&folder.path().join("planb.db"), &content_dir());
    command.arg("backup");

    let (status, stderr) = run_to_exit(command);

    assert_eq!(status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("needs the path of the new backup file"), "{stderr}");
    assert!(stderr.contains("usage: planb"), "{stderr}");
}

#[test]
fn backup_never_overwrites_a_file() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let database = folder.path().join("planb.db");
    planb::store::open(&database).expect("create database");
    let mut command = planb_command(&database, &content_dir());
    command.arg("backup").arg(&database);

    let (status, stderr) = run_to_exit(command);

    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("already exists"), "{stderr}");
    assert_eq!(integrity_check(&database), "ok");
}
