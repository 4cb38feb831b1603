//! SQLite storage for reports, behind a connection pool.
//!
//! Queries are plain synchronous functions on a `Connection`; handlers call them through
//! `web::block`. Each report row keeps only the SHA-256 hashes of its share and manage tokens,
//! so a copy of the database reveals no working link.

pub mod backup;
pub mod cache;
pub mod search;
mod token;
mod writer;

use std::path::Path;

use r2d2_sqlite::SqliteConnectionManager;
use rusqlite::{Connection, OptionalExtension, params};
use rusqlite_migration::{M, Migrations};

pub use cache::{CachedReport, ReportCache};
pub use token::{Token, TokenHash};
pub use writer::ReportWriter;

pub type Pool = r2d2::Pool<SqliteConnectionManager>;

/// Schema changes, applied in order at start-up; never edit one that has shipped.
const MIGRATIONS: &[M<'static>] = &[
    M::up(
        "CREATE TABLE reports (
        id INTEGER PRIMARY KEY,
        token_hash BLOB NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        planner_version INTEGER NOT NULL,
        profile_json TEXT NOT NULL,
        report_json TEXT NOT NULL
    ) STRICT;",
    ),
    M::up(
        "CREATE VIRTUAL TABLE guide_search USING fts5(
        slug UNINDEXED,
        anchor UNINDEXED,
        page_title,
        heading,
        body,
        tokenize = 'porter unicode61'
    );",
    ),
    // A deleted report keeps its row as a tombstone, with `deleted_at` set and the JSON cleared,
    // so that its link can return 410 Gone. Reports made before this migration have no manage token.
    M::up(
        "ALTER TABLE reports ADD COLUMN manage_hash BLOB;
         ALTER TABLE reports ADD COLUMN deleted_at TEXT;",
    ),
];

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("database pool error: {0}")]
    Pool(#[from] r2d2::Error),
    #[error("database migration failed: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("the database was created by a newer planb (schema version {found}, this build knows {known}); run the newer planb or restore a backup")]
    TooNew { found: i64, known: usize },
    #[error("the report writer failed: {0}")]
    Writer(String),
}

/// Settings applied to every pooled connection.
///
/// WAL lets readers run beside the single writer. `synchronous = FULL` makes SQLite sync the
/// WAL on every commit, so a report is on disk before the server returns 303 or 201 and
/// survives a crash or power loss right after; NORMAL would risk losing the last commits on
/// power loss. The busy timeout comes first so that switching to WAL, which needs a brief
/// exclusive lock, waits for another connection instead of failing at once.
/// `secure_delete` zeroes the space that a deleted report's text leaves in the database file.
fn configure(connection: &mut Connection) -> Result<(), rusqlite::Error> {
    connection.execute_batch(
        "PRAGMA busy_timeout = 5000;
         PRAGMA journal_mode = WAL;
         PRAGMA synchronous = FULL;
         PRAGMA secure_delete = ON;
         PRAGMA foreign_keys = ON;",
    )
}

/// Opens the database at `path`, creating and migrating it when needed.
pub fn open(path: &Path) -> Result<Pool, StoreError> {
    let manager = SqliteConnectionManager::file(path).with_init(|connection| configure(connection));
    let pool = r2d2::Pool::builder().max_size(8).build(manager)?;
    let mut connection = pool.get()?;
    migrate(&mut connection)?;
    drop(connection);
    Ok(pool)
}

/// Applies pending migrations, refusing a database whose schema is newer than this build's.
pub fn migrate(connection: &mut Connection) -> Result<(), StoreError> {
    apply_migrations(connection, MIGRATIONS)
}

/// Applies `migrations` past the database's `user_version`.
///
/// rusqlite_migration 2.6 runs all pending migrations and the `user_version` update in one
/// transaction, so a failing migration leaves the schema exactly as it was.
fn apply_migrations(connection: &mut Connection, migrations: &'static [M<'static>]) -> Result<(), StoreError> {
    let found: i64 = connection.pragma_query_value(None, "user_version", |row| row.get(0))?;
    if found > migrations.len() as i64 {
        return Err(StoreError::TooNew { found, known: migrations.len() });
    }
    Migrations::from_slice(migrations).to_latest(connection)?;
    Ok(())
}

/// A report as stored: the JSON the planner produced and when.
#[derive(Debug, Clone)]
pub struct StoredReport {
    /// Creation time in UTC, as `YYYY-MM-DDTHH:MM:SSZ`.
    pub created_at: String,
    pub planner_version: u32,
    pub profile_json: String,
    pub report_json: String,
    /// Hash of the manage token, or `None` for reports made before manage links existed.
    pub manage_hash: Option<TokenHash>,
}

/// The report stored under a share token, live or deleted.
#[derive(Debug, Clone)]
pub enum ReportRecord {
    Live(StoredReport),
    /// The owner deleted the report; only the row and its dates remain.
    Deleted { deleted_at: String },
}

/// The fields of a report about to be stored.
#[derive(Debug, Clone)]
pub struct NewReport {
    pub planner_version: u32,
    pub profile_json: String,
    pub report_json: String,
}

/// Inserts a report under the hashes of its share and manage tokens. Outside a transaction the
/// insert commits at once.
pub fn insert_report(connection: &Connection, token: &TokenHash, manage: &TokenHash, report: &NewReport) -> Result<(), StoreError> {
    let mut statement = connection.prepare_cached(
        "INSERT INTO reports (token_hash, manage_hash, created_at, planner_version, profile_json, report_json)
         VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?3, ?4, ?5)",
    )?;
    statement.execute(params![token.as_bytes(), manage.as_bytes(), report.planner_version, report.profile_json, report.report_json])?;
    Ok(())
}

/// Finds the report stored under `token`, or `None` when no report ever had that token.
pub fn find_report(connection: &Connection, token: &TokenHash) -> Result<Option<ReportRecord>, StoreError> {
    let record = connection
        .query_row(
            "SELECT created_at, planner_version, profile_json, report_json, manage_hash, deleted_at
             FROM reports WHERE token_hash = ?1",
            params![token.as_bytes()],
            |row| {
                if let Some(deleted_at) = row.get::<_, Option<String>>(5)? {
                    return Ok(ReportRecord::Deleted { deleted_at });
                }
                let manage_hash: Option<Vec<u8>> = row.get(4)?;
                Ok(ReportRecord::Live(StoredReport {
                    created_at: row.get(0)?,
                    planner_version: row.get(1)?,
                    profile_json: row.get(2)?,
                    report_json: row.get(3)?,
                    manage_hash: manage_hash.as_deref().and_then(TokenHash::from_bytes),
                }))
            },
        )
        .optional()?;
    Ok(record)
}

/// Deletes the report under `token`, leaving a tombstone: the profile and report text are
/// cleared and `deleted_at` is set. Returns `false` when no live report has that token.
pub fn delete_report(connection: &Connection, token: &TokenHash) -> Result<bool, StoreError> {
    let changed = connection.execute(
        "UPDATE reports
         SET deleted_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), profile_json = '', report_json = ''
         WHERE token_hash = ?1 AND deleted_at IS NULL",
        params![token.as_bytes()],
    )?;
    Ok(changed == 1)
}

/// Runs a trivial query, to prove the database responds.
pub fn ping(connection: &Connection) -> Result<(), StoreError> {
    connection.query_row("SELECT count(*) FROM reports", [], |row| row.get::<_, i64>(0))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn memory() -> Connection {
        let mut connection = Connection::open_in_memory().expect("open");
        migrate(&mut connection).expect("migrate");
        connection
    }

    fn sample() -> NewReport {
        NewReport { planner_version: 1, profile_json: "{\"a\":1}".into(), report_json: "{\"b\":2}".into() }
    }

    fn insert_sample(connection: &Connection) -> (Token, Token) {
        let token = Token::generate().expect("random");
        let manage = Token::generate().expect("random");
        insert_report(connection, &token.hash(), &manage.hash(), &sample()).expect("insert");
        (token, manage)
    }

    fn find_live(connection: &Connection, token: &Token) -> StoredReport {
        match find_report(connection, &token.hash()).expect("query") {
            Some(ReportRecord::Live(report)) => report,
            other => panic!("expected a live report, found {other:?}"),
        }
    }

    #[test]
    fn insert_then_find() {
        let connection = memory();
        let (token, manage) = insert_sample(&connection);

        let found = find_live(&connection, &token);
        assert_eq!(found.report_json, "{\"b\":2}");
        assert_eq!(found.planner_version, 1);
        assert_eq!(found.created_at.len(), 20, "{}", found.created_at);
        assert_eq!(found.manage_hash, Some(manage.hash()));
    }

    #[test]
    fn delete_leaves_tombstone() {
        let connection = memory();
        let (token, _) = insert_sample(&connection);

        assert!(delete_report(&connection, &token.hash()).expect("delete"));

        match find_report(&connection, &token.hash()).expect("query") {
            Some(ReportRecord::Deleted { deleted_at }) => assert_eq!(deleted_at.len(), 20, "{deleted_at}"),
            other => panic!("expected a tombstone, found {other:?}"),
        }
        let (profile, report): (String, String) = connection
            .query_row("SELECT profile_json, report_json FROM reports", [], |row| Ok((row.get(0)?, row.get(1)?)))
            .expect("row");
        assert_eq!((profile.as_str(), report.as_str()), ("", ""), "text cleared");
        assert!(!delete_report(&connection, &token.hash()).expect("second delete"), "already deleted");
    }

    #[test]
    fn delete_of_unknown_token_changes_nothing() {
        let connection = memory();
        insert_sample(&connection);
        let stranger = Token::generate().expect("random");

        assert!(!delete_report(&connection, &stranger.hash()).expect("delete"));
        let live: i64 = connection.query_row("SELECT count(*) FROM reports WHERE deleted_at IS NULL", [], |row| row.get(0)).expect("count");
        assert_eq!(live, 1);
    }

    #[test]
    fn unknown_token_finds_nothing() {
        let connection = memory();
        let token = Token::generate().expect("random");
        assert!(find_report(&connection, &token.hash()).expect("query").is_none());
    }

    #[test]
    fn table_keeps_no_plain_token() {
        let connection = memory();
        let (token, manage) = insert_sample(&connection);
        let (stored, stored_manage): (Vec<u8>, Vec<u8>) =
            connection.query_row("SELECT token_hash, manage_hash FROM reports", [], |row| Ok((row.get(0)?, row.get(1)?))).expect("row");
        assert_eq!(stored.len(), 32);
        assert_ne!(stored, token.expose().as_bytes());
        assert_eq!(stored_manage.len(), 32);
        assert_ne!(stored_manage, manage.expose().as_bytes());
    }

    #[test]
    fn failed_migration_rolls_back() {
        const BROKEN: &[M<'static>] = &[
            M::up("CREATE TABLE first (id INTEGER PRIMARY KEY);"),
            M::up("CREATE TABLE second (id INTEGER PRIMARY KEY); INSERT INTO no_such_table VALUES (1);"),
        ];
        let mut connection = Connection::open_in_memory().expect("open");

        let error = apply_migrations(&mut connection, BROKEN).expect_err("second migration fails");

        assert!(error.to_string().contains("no_such_table"), "{error}");
        let version: i64 = connection.pragma_query_value(None, "user_version", |row| row.get(0)).expect("version");
        assert_eq!(version, 0, "user_version unchanged");
        let tables: i64 = connection
            .query_row("SELECT count(*) FROM sqlite_schema WHERE name IN ('first', 'second')", [], |row| row.get(0))
            .expect("schema query");
        assert_eq!(tables, 0, "the first migration was rolled back with the second");
    }

    #[test]
    fn pooled_connections_are_durable() {
        let folder = tempfile::tempdir().expect("temporary folder");
        let pool = open(&folder.path().join("planb.db")).expect("open");

        // Check every connection the pool holds, since each one runs `configure` on its own.
        let connections: Vec<_> = (0..pool.max_size()).map(|_| pool.get().expect("connection")).collect();
        for connection in &connections {
            let journal: String = connection.pragma_query_value(None, "journal_mode", |row| row.get(0)).expect("journal_mode");
            let synchronous: i64 = connection.pragma_query_value(None, "synchronous", |row| row.get(0)).expect("synchronous");
            let busy: i64 = connection.pragma_query_value(None, "busy_timeout", |row| row.get(0)).expect("busy_timeout");
            let foreign_keys: i64 = connection.pragma_query_value(None, "foreign_keys", |row| row.get(0)).expect("foreign_keys");
            let secure_delete: i64 = connection.pragma_query_value(None, "secure_delete", |row| row.get(0)).expect("secure_delete");
            assert_eq!(journal, "wal");
            assert_eq!(synchronous, 2, "2 is FULL");
            assert_eq!(busy, 5000);
            assert_eq!(foreign_keys, 1);
            assert_eq!(secure_delete, 1);
        }
    }

    #[test]
    fn newer_schema_rejected() {
        let mut connection = memory();
        connection.pragma_update(None, "user_version", 99).expect("set version");
        let error = migrate(&mut connection).expect_err("too new");
        assert!(error.to_string().contains("newer planb"), "{error}");
    }
}
