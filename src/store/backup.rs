//! Consistent copies of the live database with SQLite's online backup API.
//!
//! The copy is taken in one backup step, which reads a single snapshot of the database. In WAL
//! mode that read does not block the server's writers, so a backup can run while planb serves
//! requests. The copy is written next to its destination under a temporary name, checked with
//! `PRAGMA integrity_check`, synced and then renamed into place, so the destination never
//! contains a partial copy.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};

/// Attempts made while another connection holds a lock that the backup needs.
const BUSY_ATTEMPTS: u32 = 50;
/// Pause between two attempts, so the backup gives up after about five seconds.
const BUSY_PAUSE: Duration = Duration::from_millis(100);

/// Counts taken from a finished and checked backup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupSummary {
    pub reports: i64,
    pub pages: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("the database {0} does not exist; set PLANB_DATABASE to the file the server uses")]
    SourceMissing(PathBuf),
    #[error("{0} already exists; choose a new file name or remove the old file first")]
    DestinationExists(PathBuf),
    #[error("the database stayed locked for {seconds} s; try again when the server is less busy")]
    Busy { seconds: u64 },
    #[error("the copy failed its integrity check: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("cannot write {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
}

/// Copies the database at `source` to a new file at `destination`.
///
/// Fails without touching `destination` when it already exists, so a typo cannot overwrite the
/// live database or an older backup.
pub fn backup(source: &Path, destination: &Path) -> Result<BackupSummary, BackupError> {
    if !source.is_file() {
        return Err(BackupError::SourceMissing(source.to_owned()));
    }
    if destination.exists() {
        return Err(BackupError::DestinationExists(destination.to_owned()));
    }

    let partial = partial_path(destination);
    let result = copy_and_check(source, &partial).and_then(|summary| {
        publish(&partial, destination)?;
        Ok(summary)
    });
    if result.is_err() {
        // A leftover partial copy would only mislead, so it is removed.
        let _ = std::fs::remove_file(&partial);
    }
    result
}

/// Returns the temporary name the copy has until it is complete: `<destination>.partial`.
fn partial_path(destination: &Path) -> PathBuf {
    let mut name = destination.as_os_str().to_owned();
    name.push(".partial");
    PathBuf::from(name)
}

fn copy_and_check(source: &Path, partial: &Path) -> Result<BackupSummary, BackupError> {
    // Opening without SQLITE_OPEN_CREATE makes a wrong path fail instead of backing up an empty
    // database that SQLite just created.
    let from = Connection::open_with_flags(source, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
    from.busy_timeout(Duration::from_secs(5))?;
    let _ = std::fs::remove_file(partial);
    let mut to = Connection::open(partial)?;

    copy_pages(&from, &mut to)?;

    let check: String = to.query_row("PRAGMA integrity_check", [], |row| row.get(0))?;
    if check != "ok" {
        return Err(BackupError::Corrupt(check));
    }
    let pages: i64 = to.query_row("PRAGMA page_count", [], |row| row.get(0))?;
    let reports: i64 = to.query_row("SELECT count(*) FROM reports", [], |row| row.get(0))?;
    to.close().map_err(|(_, error)| error)?;

    Ok(BackupSummary { reports, pages })
}

/// Copies every page of `from` into `to`, retrying for a while when a lock is held.
fn copy_pages(from: &Connection, to: &mut Connection) -> Result<(), BackupError> {
    let backup = Backup::new(from, to)?;
    for _ in 0..BUSY_ATTEMPTS {
        // -1 copies every page in one step, from one read snapshot of the source.
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            StepResult::More => {}
            // Busy, Locked and any result that a later rusqlite adds mean: wait and try again.
            _ => std::thread::sleep(BUSY_PAUSE),
        }
    }
    Err(BackupError::Busy { seconds: (BUSY_PAUSE * BUSY_ATTEMPTS).as_secs() })
}

/// Syncs the finished copy, renames it to `destination` and syncs the folder entry.
fn publish(partial: &Path, destination: &Path) -> Result<(), BackupError> {
    let io_error = |path: &Path| {
        let path = path.to_owned();
        move |source| BackupError::Io { path, source }
    };
    std::fs::File::open(partial).and_then(|file| file.sync_all()).map_err(io_error(partial))?;
    std::fs::rename(partial, destination).map_err(io_error(destination))?;

    let folder = match destination.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    std::fs::File::open(folder).and_then(|directory| directory.sync_all()).map_err(io_error(folder))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{self, NewReport, ReportRecord, Token};

    fn sample() -> NewReport {
        NewReport { planner_version: 1, profile_json: "{\"a\":1}".into(), report_json: "{\"b\":2}".into() }
    }

    #[test]
    fn copy_contains_committed_reports() {
        let folder = tempfile::tempdir().expect("temporary folder");
        let source = folder.path().join("planb.db");
        let pool = store::open(&source).expect("open");
        let token = Token::generate().expect("random");
        let manage = Token::generate().expect("random");
        store::insert_report(&pool.get().expect("connection"), &token.hash(), &manage.hash(), &sample()).expect("insert");
        let destination = folder.path().join("copy.db");

        let summary = backup(&source, &destination).expect("backup");

        assert_eq!(summary.reports, 1);
        assert!(summary.pages > 0);
        assert!(!partial_path(&destination).exists(), "no partial file left behind");
        let copy = Connection::open(&destination).expect("open copy");
        let found = store::find_report(&copy, &token.hash()).expect("query");
        assert!(matches!(found, Some(ReportRecord::Live(report)) if report.report_json == "{\"b\":2}"), "report in the copy");
    }

    #[test]
    fn existing_destination_untouched() {
        let folder = tempfile::tempdir().expect("temporary folder");
        let source = folder.path().join("planb.db");
        store::open(&source).expect("open");
        let destination = folder.path().join("copy.db");
        std::fs::write(&destination, b"older backup").expect("write");

        let error = backup(&source, &destination).expect_err("destination exists");

        assert!(matches!(error, BackupError::DestinationExists(_)), "{error}");
        assert_eq!(std::fs::read(&destination).expect("read"), b"older backup");
    }

    #[test]
    fn missing_source_creates_nothing() {
        let folder = tempfile::tempdir().expect("temporary folder");
        let source = folder.path().join("missing.db");
        let destination = folder.path().join("copy.db");

        let error = backup(&source, &destination).expect_err("no source");

        assert!(matches!(error, BackupError::SourceMissing(_)), "{error}");
        assert!(!source.exists(), "the source was not created");
        assert!(!destination.exists());
    }
}
