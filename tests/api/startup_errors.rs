//! Start-up checks of the real binary: broken content, broken data files and a database from a
//! newer planb stop it before it listens, with a message that names the file and the line.

use std::path::Path;

use crate::process::{content_dir, copy_tree, planb_command, run_to_exit};

/// Copies the repository's content into `folder`, applies `edit` to one file, then runs the
/// binary on it. Returns the exit status and stderr, after checking that it never listened.
fn start_with_edited_content(folder: &Path, file: &str, edit: impl Fn(&str) -> String) -> (std::process::ExitStatus, String, String) {
    let content = folder.join("content");
    copy_tree(&content_dir(), &content);
    let path = content.join(file);
    let text = std::fs::read_to_string(&path).expect("read content file");
    let edited = edit(&text);
    assert_ne!(edited, text, "the edit changed {file}");
    std::fs::write(&path, edited).expect("write content file");
    let database = folder.join("planb.db");

    let (status, stderr) = run_to_exit(planb_command(&database, &content));

    assert!(!stderr.contains("planb listening"), "planb listened despite the broken {file}:\n{stderr}");
    assert!(!database.exists(), "planb touched the database before the content was valid");
    (status, stderr, path.display().to_string())
}

/// Returns the 1-based number of the first line of `text` that contains `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|line| line.contains(needle)).expect("needle in text") + 1
}

#[test]
fn bad_front_matter_names_file_and_line() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let original = std::fs::read_to_string(content_dir().join("guide/faq.md")).expect("faq");
    let line = line_of(&original, "order = ");

    let (status, stderr, path) = start_with_edited_content(folder.path(), "guide/faq.md", |text| text.replacen("order = 12", "order = \"twelve\"", 1));

    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("start-up failed"), "{stderr}");
    assert!(stderr.contains(&format!("{path}: line {line}: invalid front matter")), "expected {path} and line {line} in:\n{stderr}");
}

#[test]
fn broken_guide_link_names_file_and_line() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let original = std::fs::read_to_string(content_dir().join("guide/faq.md")).expect("faq");
    let line = original.lines().count() + 2;

    let (status, stderr, path) =
        start_with_edited_content(folder.path(), "guide/faq.md", |text| format!("{text}\nSee [the missing page](/guide/no-such-page).\n"));

    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(&format!("{path}: line {line}:")), "expected {path} and line {line} in:\n{stderr}");
    assert!(stderr.contains("no-such-page"), "{stderr}");
}

#[test]
fn bad_rules_syntax_names_file_and_line() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let original = std::fs::read_to_string(content_dir().join("planner/rules.toml")).expect("rules");
    let line = line_of(&original, "strength = 250");

    let (status, stderr, path) = start_with_edited_content(folder.path(), "planner/rules.toml", |text| text.replacen("strength = 250", "strength = = 250", 1));

    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(&path), "expected {path} in:\n{stderr}");
    assert!(stderr.contains(&format!("line {line}")), "expected line {line} in:\n{stderr}");
}

#[test]
fn wrong_type_in_specialties_names_file_and_line() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let original = std::fs::read_to_string(content_dir().join("planner/specialties.toml")).expect("specialties");
    let line = line_of(&original, "surgical = true");

    let (status, stderr, path) =
        start_with_edited_content(folder.path(), "planner/specialties.toml", |text| text.replacen("surgical = true", "surgical = \"yes\"", 1));

    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(&path), "expected {path} in:\n{stderr}");
    assert!(stderr.contains(&format!("line {line}")), "expected line {line} in:\n{stderr}");
}

#[test]
fn match_data_type_error_names_line() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let original = std::fs::read_to_string(content_dir().join("data/fees.toml")).expect("fees");
    let line = line_of(&original, "first_tier_usd = ");

    let (status, stderr, path) =
        start_with_edited_content(folder.path(), "data/fees.toml", |text| text.replacen("first_tier_usd = 11", "first_tier_usd = \"eleven\"", 1));

    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(&path), "expected {path} in:\n{stderr}");
    assert!(stderr.contains(&format!("line {line}")), "expected line {line} in:\n{stderr}");
}

#[test]
fn newer_database_rejected_at_start() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let database = folder.path().join("planb.db");
    let connection = rusqlite::Connection::open(&database).expect("create database");
    connection.pragma_update(None, "user_version", 99).expect("set user_version");
    drop(connection);

    let (status, stderr) = run_to_exit(planb_command(&database, &content_dir()));

    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("created by a newer planb (schema version 99"), "{stderr}");
    assert!(!stderr.contains("planb listening"), "{stderr}");
    let connection = rusqlite::Connection::open(&database).expect("open database");
    let version: i64 = connection.pragma_query_value(None, "user_version", |row| row.get(0)).expect("user_version");
    assert_eq!(version, 99, "the schema version is unchanged");
    let tables: i64 = connection.query_row("SELECT count(*) FROM sqlite_schema", [], |row| row.get(0)).expect("schema");
    assert_eq!(tables, 0, "no migration ran on the newer database");
}
