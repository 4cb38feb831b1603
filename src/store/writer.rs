//! The single writer that stores new reports, committing them in groups.
//!
//! With `synchronous = FULL`, each commit waits for an fsync of the write-ahead log, and SQLite
//! lets one connection write at a time. Committing every report alone therefore caps creation
//! at one report per fsync, and writers that find the database locked sleep in SQLite's busy
//! handler, which stretched p99 of report creation past 700 ms at 64 connections in
//! `scripts/bench`. Here one thread owns a connection, takes every report waiting in its
//! queue, inserts them in one transaction and responds to each request only after that
//! transaction commits. Each report is still on disk before its 303 or 201, and one fsync
//! covers the whole group.

use std::path::Path;
use std::sync::mpsc;

use rusqlite::{Connection, TransactionBehavior};
use tokio::sync::oneshot;

use super::{NewReport, StoreError, TokenHash, configure, insert_report};

/// Reports committed in one transaction at most. A group waits for nothing: it contains the
/// reports that arrived while the previous commit ran, up to this many.
const MAX_GROUP: usize = 128;

/// A report waiting to be stored, and where to send the outcome.
struct Job {
    token: TokenHash,
    manage: TokenHash,
    report: NewReport,
    done: oneshot::Sender<Result<(), StoreError>>,
}

/// Sends new reports to the writer thread. The thread stops when every `ReportWriter` is dropped.
pub struct ReportWriter {
    queue: mpsc::Sender<Job>,
}

impl ReportWriter {
    /// Opens a connection to the database at `path`, which must already be migrated, and
    /// starts the writer thread on it.
    pub fn start(path: &Path) -> Result<ReportWriter, StoreError> {
        let mut connection = Connection::open(path)?;
        configure(&mut connection)?;
        let (queue, jobs) = mpsc::channel();
        std::thread::Builder::new()
            .name("report-writer".to_owned())
            .spawn(move || run(connection, jobs))
            .map_err(|error| StoreError::Writer(format!("cannot start its thread: {error}")))?;
        Ok(ReportWriter { queue })
    }

    /// Stores a report under the hashes of its share and manage tokens, returning once the
    /// transaction that contains it has committed.
    pub async fn insert(&self, token: TokenHash, manage: TokenHash, report: NewReport) -> Result<(), StoreError> {
        let (done, outcome) = oneshot::channel();
        self.queue
            .send(Job { token, manage, report, done })
            .map_err(|_| StoreError::Writer("its thread has stopped".to_owned()))?;
        outcome.await.map_err(|_| StoreError::Writer("its thread stopped before returning the outcome".to_owned()))?
    }
}

fn run(mut connection: Connection, jobs: mpsc::Receiver<Job>) {
    while let Ok(first) = jobs.recv() {
        let mut group = vec![first];
        while group.len() < MAX_GROUP {
            match jobs.try_recv() {
                Ok(job) => group.push(job),
                Err(_) => break,
            }
        }
        commit_group(&mut connection, group);
    }
    tracing::debug!("report writer stopped");
}

/// Commits `group` in one transaction. When that fails, stores each report on its own, so that
/// one bad report fails alone.
fn commit_group(connection: &mut Connection, group: Vec<Job>) {
    let size = group.len();
    match insert_all(connection, &group) {
        Ok(()) => {
            for job in group {
                // A requester that went away no longer needs the outcome; its report is stored.
                let _ = job.done.send(Ok(()));
            }
        }
        Err(error) => {
            tracing::warn!(%error, reports = size, "storing a group of reports failed; storing them one at a time");
            for job in group {
                let outcome = insert_report(connection, &job.token, &job.manage, &job.report);
                let _ = job.done.send(outcome);
            }
        }
    }
}

fn insert_all(connection: &mut Connection, group: &[Job]) -> Result<(), StoreError> {
    let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
    for job in group {
        insert_report(&transaction, &job.token, &job.manage, &job.report)?;
    }
    transaction.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{ReportRecord, Token, find_report, open};

    fn sample() -> NewReport {
        NewReport { planner_version: 1, profile_json: "{}".into(), report_json: "{\"b\":2}".into() }
    }

    fn job(token: TokenHash) -> (Job, oneshot::Receiver<Result<(), StoreError>>) {
        let (done, outcome) = oneshot::channel();
        let manage = Token::generate().expect("random").hash();
        (Job { token, manage, report: sample(), done }, outcome)
    }

    #[test]
    fn group_commits_every_report() {
        let folder = tempfile::tempdir().expect("folder");
        let path = folder.path().join("planb.db");
        let pool = open(&path).expect("open");
        let mut connection = Connection::open(&path).expect("writer connection");
        let tokens: Vec<TokenHash> = (0..5).map(|_| Token::generate().expect("random").hash()).collect();
        let (jobs, mut outcomes): (Vec<Job>, Vec<_>) = tokens.iter().map(|token| job(*token)).unzip();

        commit_group(&mut connection, jobs);

        for outcome in &mut outcomes {
            assert!(matches!(outcome.try_recv(), Ok(Ok(()))));
        }
        let reader = pool.get().expect("reader");
        for token in &tokens {
            assert!(matches!(find_report(&reader, token).expect("query"), Some(ReportRecord::Live(_))));
        }
    }

    #[test]
    fn failing_report_fails_alone() {
        let folder = tempfile::tempdir().expect("folder");
        let path = folder.path().join("planb.db");
        let pool = open(&path).expect("open");
        let mut connection = Connection::open(&path).expect("writer connection");
        let (good, duplicate) = (Token::generate().expect("random").hash(), Token::generate().expect("random").hash());
        let (first, mut first_outcome) = job(duplicate);
        commit_group(&mut connection, vec![first]);
        assert!(matches!(first_outcome.try_recv(), Ok(Ok(()))));

        let (good_job, mut good_outcome) = job(good);
        let (duplicate_job, mut duplicate_outcome) = job(duplicate);
        commit_group(&mut connection, vec![good_job, duplicate_job]);

        assert!(matches!(good_outcome.try_recv(), Ok(Ok(()))), "the valid report is stored");
        assert!(matches!(duplicate_outcome.try_recv(), Ok(Err(StoreError::Sqlite(_)))), "the repeated token hash is rejected");
        let reader = pool.get().expect("reader");
        assert!(matches!(find_report(&reader, &good).expect("query"), Some(ReportRecord::Live(_))));
    }

    #[actix_web::test]
    async fn insert_answers_after_commit() {
        let folder = tempfile::tempdir().expect("folder");
        let path = folder.path().join("planb.db");
        let pool = open(&path).expect("open");
        let writer = ReportWriter::start(&path).expect("writer");
        let token = Token::generate().expect("random").hash();

        writer.insert(token, Token::generate().expect("random").hash(), sample()).await.expect("stored");

        let reader = pool.get().expect("reader");
        assert!(matches!(find_report(&reader, &token).expect("query"), Some(ReportRecord::Live(_))));
    }
}
