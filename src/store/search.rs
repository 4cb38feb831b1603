//! Full-text search over the guide with SQLite FTS5.
//!
//! The index lives in the main database and is rebuilt from the loaded guide at every start-up,
//! so it always matches the pages being served.

use rusqlite::{Connection, params};

use super::StoreError;

/// Characters that mark the start and end of a match in an excerpt. Control characters never
/// appear in guide text, so the page can escape the excerpt and then turn these into `<mark>`.
pub const MATCH_START: char = '\u{1}';
pub const MATCH_END: char = '\u{2}';

/// Maximum number of results returned for one query.
pub const RESULT_LIMIT: usize = 20;
/// Maximum number of words taken from a query; longer queries are cut.
const MAX_QUERY_WORDS: usize = 12;

/// One indexed piece of the guide: the text under one heading.
pub struct IndexEntry<'a> {
    pub slug: &'a str,
    pub anchor: &'a str,
    pub page_title: &'a str,
    pub heading: &'a str,
    pub text: &'a str,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchHit {
    pub slug: String,
    pub anchor: String,
    /// Page title, heading and excerpt, each with matches wrapped in `MATCH_START` and `MATCH_END`.
    pub page_title: String,
    pub heading: String,
    pub excerpt: String,
}

/// Replaces the whole index with `entries` in one transaction.
pub fn rebuild_index(connection: &mut Connection, entries: &[IndexEntry]) -> Result<(), StoreError> {
    let transaction = connection.transaction()?;
    transaction.execute("DELETE FROM guide_search", [])?;
    {
        let mut insert = transaction.prepare("INSERT INTO guide_search (slug, anchor, page_title, heading, body) VALUES (?1, ?2, ?3, ?4, ?5)")?;
        for entry in entries {
            insert.execute(params![entry.slug, entry.anchor, entry.page_title, entry.heading, entry.text])?;
        }
    }
    transaction.commit()?;
    Ok(())
}

/// Turns what a reader typed into an FTS5 query of quoted prefix terms, all required.
///
/// Quoting every word means FTS5 operators and punctuation in the input are searched as plain
/// text instead of causing a syntax error. Returns `None` when no word is left.
pub fn to_match_query(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|character: char| !character.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .take(MAX_QUERY_WORDS)
        .map(|word| format!("\"{}\"*", word.to_lowercase()))
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// Finds guide sections that contain every word of `match_query`, best first.
///
/// Matches in page titles weigh ten times and in headings five times as much as in body text.
pub fn search(connection: &Connection, match_query: &str) -> Result<Vec<SearchHit>, StoreError> {
    let mut statement = connection.prepare_cached(
        "SELECT slug, anchor,
                highlight(guide_search, 2, char(1), char(2)),
                highlight(guide_search, 3, char(1), char(2)),
                snippet(guide_search, 4, char(1), char(2), ' … ', 24)
         FROM guide_search
         WHERE guide_search MATCH ?1
         ORDER BY bm25(guide_search, 0.0, 0.0, 10.0, 5.0, 1.0)
         LIMIT ?2",
    )?;
    let hits = statement
        .query_map(params![match_query, RESULT_LIMIT as i64], |row| {
            Ok(SearchHit {
                slug: row.get(0)?,
                anchor: row.get(1)?,
                page_title: row.get(2)?,
                heading: row.get(3)?,
                excerpt: row.get(4)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(hits)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn indexed() -> Connection {
        let mut connection = Connection::open_in_memory().expect("open");
        super::super::migrate(&mut connection).expect("migrate");
        let entries = [
            IndexEntry { slug: "soap", anchor: "soap", page_title: "Preliminary years and SOAP", heading: "SOAP", text: "Unfilled positions are offered during Match Week." },
            IndexEntry { slug: "letters", anchor: "letters", page_title: "Materials", heading: "Letters", text: "Ask surgeons who watched you operate for letters." },
        ];
        rebuild_index(&mut connection, &entries).expect("index");
        connection
    }

    #[test]
    fn query_words_are_quoted_prefixes() {
        assert_eq!(to_match_query("Match  week"), Some("\"match\"* \"week\"*".to_owned()));
        assert_eq!(to_match_query("NEAR(\"a\" OR b)*"), Some("\"near\"* \"a\"* \"or\"* \"b\"*".to_owned()));
        assert_eq!(to_match_query("  -- ^ \" "), None);
    }

    #[test]
    fn search_ranks_and_marks_matches() {
        let connection = indexed();
        let hits = search(&connection, &to_match_query("letter").expect("query")).expect("search");
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].slug, "letters");
        assert!(hits[0].excerpt.contains("\u{1}letters\u{2}"), "{}", hits[0].excerpt);
    }

    #[test]
    fn stemming_matches_word_forms() {
        let connection = indexed();
        let hits = search(&connection, &to_match_query("offer").expect("query")).expect("search");
        assert_eq!(hits.len(), 1, "porter stemming finds 'offered'");
    }

    #[test]
    fn rebuild_replaces_entries() {
        let mut connection = indexed();
        rebuild_index(&mut connection, &[]).expect("rebuild");
        assert!(search(&connection, "\"letters\"*").expect("search").is_empty());
    }
}
