//! The month-by-month plan from today to Match Day, dated from the application-cycle data.
//!
//! The target cycle is the next one whose applications can still be sent. ERAS submissions
//! open in early September. Until the end of September of year Y a student therefore plans for
//! the Match in March of Y+1, and from October for the Match of Y+2. The June opening of ERAS
//! changes which steps are already behind the student, not the cycle.

use time::{Date, Duration, Month};

use super::profile::EcfmgStatus;
use super::report::{GuideLink, SpecialtyPlan, Timeline, TimelineItem};
use super::{Context, count};
use crate::data::{Cycle, DateStatus};

/// One cycle date resolved for the target Match year, with how certain it is.
struct CycleDay {
    date: Date,
    status: DateStatus,
    source: String,
}

/// Finds `event` in the target cycle, or projects it from the newest cycle that lists it.
///
/// A projected date keeps the month, day and weekday pattern: it is shifted by whole years and
/// then moved to the nearest day with the same weekday, since NRMP dates fall on fixed weekdays.
fn cycle_day(context: &Context, match_year: i32, event: &str) -> Option<CycleDay> {
    let data = &context.rules.data;
    if let Some(date) = data.cycles.iter().find(|cycle| cycle.match_year == match_year).and_then(|cycle| cycle.dates.iter().find(|date| date.event == event)) {
        return Some(CycleDay { date: date.day(), status: date.status, source: data.source(&date.source).short() });
    }

    let newest: &Cycle = data.cycles.iter().filter(|cycle| cycle.dates.iter().any(|date| date.event == event)).max_by_key(|cycle| cycle.match_year)?;
    let known = newest.dates.iter().find(|date| date.event == event)?;
    let shift = match_year - newest.match_year;
    let original = known.day();
    let moved = original.replace_year(original.year() + shift).or_else(|_| Date::from_calendar_date(original.year() + shift, original.month(), 28)).ok()?;
    let weekday_gap = (i64::from(original.weekday().number_days_from_monday()) - i64::from(moved.weekday().number_days_from_monday()) + 7) % 7;
    let adjusted = if weekday_gap <= 3 { moved + Duration::days(weekday_gap) } else { moved - Duration::days(7 - weekday_gap) };
    Some(CycleDay { date: adjusted, status: DateStatus::Projected, source: format!("projected from {}", data.source(&known.source).short()) })
}

fn first_of(year: i32, month: Month) -> Date {
    Date::from_calendar_date(year, month, 1).expect("the first of a month exists")
}

pub fn build(context: &Context, specialties: &[SpecialtyPlan]) -> Timeline {
    let specialty_count = specialties.len();
    let surgical = specialties.iter().filter(|specialty| context.rules.specialty(&specialty.slug).surgical).count();
    let applies_to_surgery = surgical > 0;
    let applies_to_both = surgical > 0 && surgical < specialty_count;
    let profile = context.profile;
    let today = context.today;
    let submission_year = context.submission_month().year;
    let match_year = submission_year + 1;
    let letters = context.rules.thresholds.letters.aligned_per_specialty;
    let day = |event: &str| cycle_day(context, match_year, event);

    let mut items = Vec::new();
    let mut push = |key: &str, date: Date, title: String, detail: String, certainty: Option<&CycleDay>| {
        let (status, source) = match certainty {
            Some(cycle) => (cycle.status.label().to_owned(), cycle.source.clone()),
            None => ("planning date set by planb".to_owned(), String::new()),
        };
        items.push(TimelineItem {
            key: key.to_owned(),
            date: date.to_string(),
            title,
            detail,
            overdue: date < today,
            status,
            source,
        });
    };

    if profile.hands_on_usce_months() == 0 {
        push("usce", first_of(submission_year, Month::March), "Start hands-on US rotations".to_owned(),
            format!("Secure electives or sub-internships with hands-on care{}, so they end before August and can produce letters.",
                if applies_to_surgery { ", surgical ones first" } else { " in the specialty you apply to" }), None);
    }

    if profile.step2_ck.is_none() {
        let deadline = first_of(submission_year, Month::July);
        let detail = match profile.step2_expected {
            Some(expected) if expected >= context.submission_month() => format!(
                "You plan to sit it in {expected}, after programs start reviewing in September {submission_year}; move it to July at the latest, since scores take several weeks."),
            Some(expected) => format!("You plan to sit it in {expected}; keep that date so the score reports before September {submission_year}."),
            None => "Sit the exam by early July so the score reports before programs start reviewing.".to_owned(),
        };
        push("step2", deadline, "Sit Step 2 CK by this date".to_owned(), detail, None);
    }

    if !matches!(profile.ecfmg_status, EcfmgStatus::Certified | EcfmgStatus::RequirementsMet) {
        let pathways = day("pathways-opens")
            .unwrap_or(CycleDay { date: first_of(submission_year, Month::August), status: DateStatus::Projected, source: "planb estimate".to_owned() });
        push("pathways", pathways.date, "Apply for an ECFMG Pathway".to_owned(),
            "Apply when the Pathways application opens, and book OET Medicine early; ECFMG advises taking it no later than the December test dates before the Match.".to_owned(), Some(&pathways));
        push("oet", first_of(submission_year, Month::December), "Finish OET Medicine".to_owned(),
            "Take OET Medicine by the December test dates so the results reach ECFMG well before the rank list deadline.".to_owned(), None);
    }

    push("letters", first_of(submission_year, Month::June), "Ask for letters".to_owned(),
        format!("Ask for {} per specialty ({}), aligned with that specialty{}. Give writers your CV, statement draft and the upload deadline.",
            count(letters, "letter", "letters"), count(specialty_count as i64, "specialty", "specialties"),
            if applies_to_surgery { ": surgeons for surgery, ideally one CT or vascular surgeon, and at least one from each other field" } else { ", at least one from a physician in that field" }), None);

    if let Some(opens) = day("eras-opens") {
        push("eras-opens", opens.date, "ERAS opens".to_owned(),
            "Register in MyERAS, request your ECFMG token and USMLE transcript, and enter your experiences.".to_owned(), Some(&opens));
    }

    push("statements", first_of(submission_year, Month::August), "Finish your personal statements".to_owned(),
        if specialty_count == 1 { "Write your personal statement for this specialty, with what it should stress from the materials section.".to_owned() }
        else { format!("Write {specialty_count} statements: one per specialty, each assigned only to that specialty's programs.") }, None);

    if let Some(submit) = day("applicants-submit") {
        push("submit", submit.date, "Submit on the first day".to_owned(),
            "Certify and submit your applications the day submissions open, with every letter you have so far; late letters can follow.".to_owned(), Some(&submit));
    }
    if let Some(registration) = day("nrmp-registration-opens") {
        push("nrmp-registration", registration.date, "Register for the NRMP Match".to_owned(),
            "Register when NRMP opens registration, well before the standard deadline, to avoid the late fee.".to_owned(), Some(&registration));
    }
    if let Some(review) = day("programs-review") {
        push("programs-review", review.date, "Programs start reviewing".to_owned(),
            "Interview invitations follow; answer them the same day.".to_owned(), Some(&review));
    }

    let surgical_check = if applies_to_both {
        " By mid-November, count your categorical surgery interviews: if they are few, plan to rank your other specialty higher."
    } else {
        ""
    };
    push("interviews", first_of(submission_year, Month::October), "Interview season".to_owned(),
        format!("Interviews run from October to January. Prepare separate answers for each specialty.{surgical_check}"), None);

    push("rank-list", first_of(match_year, Month::February), "Build your rank list".to_owned(),
        "Rank every program you would accept, in order of preference; ranking more programs protects you.".to_owned(), None);
    if let Some(deadline) = day("rol-deadline") {
        push("rol-deadline", deadline.date, "Certify your rank list".to_owned(),
            "Certify before the deadline. ECFMG must have verified your exam and Pathway requirements by now, or NRMP withdraws you.".to_owned(), Some(&deadline));
    }
    if let Some(week) = day("match-week") {
        push("soap", week.date, "Match Week and SOAP".to_owned(),
            "Monday says whether you matched. If not, SOAP runs that week: have a short list of acceptable specialties, updated documents and your letters ready beforehand.".to_owned(), Some(&week));
    }
    if let Some(match_day) = day("match-day") {
        push("match-day", match_day.date, "Match Day".to_owned(), "Results are released at noon Eastern time.".to_owned(), Some(&match_day));
    }

    items.sort_by(|left, right| left.date.cmp(&right.date));
    Timeline {
        match_year,
        note: format!("Planned for the {match_year} Match: applications go out in September {submission_year}. Dates marked projected or third-party may move; check AAMC, NRMP and ECFMG."),
        items,
        guide: GuideLink::new("requirements-and-filters", "step2-timing", "Requirements and screens"),
    }
}
