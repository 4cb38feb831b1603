//! The report's timeline as an iCalendar file (RFC 5545), built with the `icalendar` crate.

use icalendar::{Calendar, Component, EventLike};
use sha2::{Digest, Sha256};

use crate::planner::report::Timeline;
use crate::store::Token;

/// Builds the calendar. Each event's UID combines the step's key with a hash of the token, so
/// importing the same report twice updates events instead of duplicating them. The UID does not
/// reveal the link.
pub fn timeline_calendar(timeline: &Timeline, token: &Token, report_url: &str) -> String {
    let digest = Sha256::digest(format!("planb-calendar:{}", token.expose()).as_bytes());
    let report_id: String = digest.iter().take(8).map(|byte| format!("{byte:02x}")).collect();

    let mut calendar = Calendar::new();
    calendar.name(&format!("planb: Match {} timeline", timeline.match_year));
    for item in &timeline.items {
        let Ok(date) = time::Date::parse(&item.date, time::macros::format_description!("[year]-[month]-[day]")) else {
            tracing::warn!(step = %item.key, "timeline item has an unreadable date; left out of the calendar");
            continue;
        };
        let event = icalendar::Event::new()
            .uid(&format!("{}-{report_id}@planb", item.key))
            .summary(&item.title)
            .description(&format!("{}\n\nDate: {}.\nYour planb report: {report_url}", item.detail, item.status))
            .starts(date)
            .ends(date.next_day().unwrap_or(date))
            .done();
        calendar.push(event);
    }
    calendar.done().to_string()
}
