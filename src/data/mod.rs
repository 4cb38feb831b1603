//! Public Match figures, fees and cycle dates read from `content/data/`, each with its source.
//!
//! Parsing is pure: `MatchData::parse` takes the files' names and texts, so the planner's tests
//! can use the bundled files and start-up can name the file and key of any problem.

pub mod chart;

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::planner::rules::SPECIALTY_SLUGS;

/// Names of the data files, in the order they are read.
pub const FILES: [&str; 6] = ["sources.toml", "specialties.toml", "fellowships.toml", "overall.toml", "fees.toml", "cycle.toml"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    Low,
    Medium,
    High,
}

impl Confidence {
    pub fn label(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub publisher: String,
    pub title: String,
    pub year: i32,
    /// True when the page reproduces or summarizes another publisher's figures.
    pub secondary: bool,
}

impl Source {
    /// Returns a short citation such as `NRMP, 2025`.
    pub fn short(&self) -> String {
        format!("{}, {}", self.publisher, self.year)
    }
}

/// One Match figure for one specialty and year.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecialtyFigure {
    pub specialty: String,
    pub measure: String,
    pub year: i32,
    pub value: f64,
    pub source: String,
    pub confidence: Confidence,
    #[serde(default)]
    pub derived: bool,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FellowshipFigure {
    pub fellowship: String,
    pub measure: String,
    /// A year (`2021`) or a span of years (`2008-2021`).
    pub period: String,
    pub value: f64,
    pub unit: Unit,
    pub source: String,
    pub confidence: Confidence,
    #[serde(default)]
    pub derived: bool,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverallFigure {
    pub applicant_type: String,
    pub measure: String,
    pub year: i32,
    pub value: f64,
    pub unit: Unit,
    pub source: String,
    pub confidence: Confidence,
    #[serde(default)]
    pub derived: bool,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    Count,
    Percent,
}

/// ERAS residency fees, charged per specialty.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErasFees {
    pub season: String,
    pub first_tier_programs: u32,
    pub first_tier_usd: u32,
    pub after_tier_usd: u32,
    pub source: String,
    pub confidence: Confidence,
}

impl ErasFees {
    /// Prices one specialty's application set; the tiers restart for every specialty.
    pub fn cost(&self, programs: u32) -> u32 {
        let first_tier = programs.min(self.first_tier_programs);
        first_tier * self.first_tier_usd + (programs - first_tier) * self.after_tier_usd
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fee {
    pub key: String,
    pub item: String,
    pub amount_usd: u32,
    pub season: String,
    pub source: String,
    pub confidence: Confidence,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fees {
    pub eras: ErasFees,
    #[serde(rename = "fee")]
    pub other: Vec<Fee>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateStatus {
    Published,
    ThirdParty,
    Projected,
}

impl DateStatus {
    pub fn label(self) -> &'static str {
        match self {
            DateStatus::Published => "published",
            DateStatus::ThirdParty => "reported by a third party",
            DateStatus::Projected => "projected from earlier cycles",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CycleDate {
    pub event: String,
    pub date: toml::value::Datetime,
    pub status: DateStatus,
    pub source: String,
}

impl CycleDate {
    /// Returns the date; `parse` has checked that it is a plain calendar date.
    pub fn day(&self) -> time::Date {
        let date = self.date.date.expect("checked when parsed");
        let month = time::Month::try_from(date.month).expect("checked when parsed");
        time::Date::from_calendar_date(i32::from(date.year), month, date.day).expect("checked when parsed")
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cycle {
    pub match_year: i32,
    #[serde(rename = "date")]
    pub dates: Vec<CycleDate>,
}

/// Events a cycle may list, with the words the page uses for them.
pub const CYCLE_EVENTS: &[(&str, &str)] = &[
    ("eras-opens", "ERAS opens for applicants"),
    ("pathways-opens", "ECFMG Pathways application opens"),
    ("applicants-submit", "Applicants may submit ERAS applications"),
    ("nrmp-registration-opens", "NRMP registration opens"),
    ("programs-review", "Programs may start reviewing applications"),
    ("rol-deadline", "Rank order list certification deadline"),
    ("match-week", "Match Week and SOAP begin"),
    ("match-day", "Match Day"),
];

/// Measures a specialty figure may have, with the words the page uses for them.
pub const SPECIALTY_MEASURES: &[(&str, &str)] = &[
    ("programs", "Programs"),
    ("positions_offered", "Positions offered"),
    ("positions_filled", "Positions filled"),
    ("us_img_matched", "US IMGs matched"),
    ("all_img_match_rate", "Match rate of all IMGs (%)"),
];

const FELLOWSHIPS: &[(&str, &str)] = &[
    ("thoracic", "Thoracic surgery fellowship"),
    ("vascular", "Vascular surgery"),
    ("cardiology", "Cardiovascular disease fellowship"),
];

const APPLICANT_TYPES: &[(&str, &str)] = &[
    ("all", "All applicants"),
    ("us-md-senior", "US MD seniors"),
    ("us-do-senior", "US DO seniors"),
    ("us-img", "US-citizen IMGs"),
    ("non-us-img", "Non-US IMGs"),
];

pub fn label_of(table: &[(&str, &'static str)], key: &str) -> String {
    table.iter().find(|(name, _)| *name == key).map(|(_, label)| (*label).to_owned()).unwrap_or_else(|| key.replace(['_', '-'], " "))
}

pub fn fellowship_label(key: &str) -> String {
    label_of(FELLOWSHIPS, key)
}

pub fn applicant_type_label(key: &str) -> String {
    label_of(APPLICANT_TYPES, key)
}

/// Every figure, fee and date, checked against its sources.
#[derive(Debug, Clone)]
pub struct MatchData {
    pub sources: BTreeMap<String, Source>,
    pub specialties: Vec<SpecialtyFigure>,
    pub fellowships: Vec<FellowshipFigure>,
    pub overall: Vec<OverallFigure>,
    pub fees: Fees,
    pub cycles: Vec<Cycle>,
}

/// Error from reading the data files; the message names the file and the key.
#[derive(Debug, thiserror::Error)]
#[error("{file}: {message}")]
pub struct DataError {
    pub file: String,
    pub message: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceFile {
    source: BTreeMap<String, Source>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FigureFile<T> {
    figure: Vec<T>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CycleFile {
    cycle: Vec<Cycle>,
}

/// Parses one TOML file, naming the file and the line of a syntax or type error.
fn parse_toml<T: serde::de::DeserializeOwned>(name: &str, text: &str) -> Result<T, DataError> {
    toml::from_str(text).map_err(|err| {
        let line = err.span().map(|span| text[..span.start].lines().count().max(1));
        let message = match line {
            Some(line) => format!("line {line}: {}", err.message()),
            None => err.message().to_owned(),
        };
        DataError { file: name.to_owned(), message }
    })
}

impl MatchData {
    /// Parses and checks the data files, given as `(file name, text)` in the order of `FILES`.
    pub fn parse(files: &[(String, String); 6]) -> Result<MatchData, DataError> {
        let [sources, specialties, fellowships, overall, fees, cycles] = files;
        let error = |file: &str, message: String| DataError { file: file.to_owned(), message };

        let sources = parse_toml::<SourceFile>(&sources.0, &sources.1)?.source;
        let data = MatchData {
            specialties: parse_toml::<FigureFile<SpecialtyFigure>>(&specialties.0, &specialties.1)?.figure,
            fellowships: parse_toml::<FigureFile<FellowshipFigure>>(&fellowships.0, &fellowships.1)?.figure,
            overall: parse_toml::<FigureFile<OverallFigure>>(&overall.0, &overall.1)?.figure,
            fees: parse_toml(&fees.0, &fees.1)?,
            cycles: parse_toml::<CycleFile>(&cycles.0, &cycles.1)?.cycle,
            sources,
        };

        let known_source = |file: &str, key: &str, source: &str| -> Result<(), DataError> {
            if data.sources.contains_key(source) { Ok(()) } else { Err(error(file, format!("{key}: source \"{source}\" is not defined in sources.toml"))) }
        };
        let check_value = |file: &str, key: &str, value: f64, percent: bool| -> Result<(), DataError> {
            if !value.is_finite() || value < 0.0 || (percent && value > 100.0) {
                return Err(error(file, format!("{key}: value {value} is not a valid {}", if percent { "percentage (0 to 100)" } else { "count" })));
            }
            if !percent && value.fract() != 0.0 {
                return Err(error(file, format!("{key}: value {value} must be a whole number")));
            }
            Ok(())
        };

        for (index, figure) in data.specialties.iter().enumerate() {
            let key = format!("line {}: figure[{index}] ({}.{}.{})", line_of(&specialties.1, "[[figure]]", index), figure.specialty, figure.measure, figure.year);
            if !SPECIALTY_SLUGS.contains(&figure.specialty.as_str()) {
                return Err(error(&specialties.0, format!("{key}: unknown specialty slug \"{}\"", figure.specialty)));
            }
            if !SPECIALTY_MEASURES.iter().any(|(measure, _)| *measure == figure.measure) {
                return Err(error(&specialties.0, format!("{key}: unknown measure \"{}\"", figure.measure)));
            }
            known_source(&specialties.0, &key, &figure.source)?;
            check_value(&specialties.0, &key, figure.value, figure.measure.ends_with("_rate"))?;
            check_year(&specialties.0, &key, figure.year)?;
        }
        for (index, figure) in data.fellowships.iter().enumerate() {
            let key = format!("line {}: figure[{index}] ({}.{}.{})", line_of(&fellowships.1, "[[figure]]", index), figure.fellowship, figure.measure, figure.period);
            if !FELLOWSHIPS.iter().any(|(name, _)| *name == figure.fellowship) {
                return Err(error(&fellowships.0, format!("{key}: unknown fellowship \"{}\"", figure.fellowship)));
            }
            let years: Vec<&str> = figure.period.split('-').collect();
            if years.is_empty() || years.len() > 2 || years.iter().any(|year| year.len() != 4 || year.parse::<i32>().is_err()) {
                return Err(error(&fellowships.0, format!("{key}: period \"{}\" must be a year or a span such as 2008-2021", figure.period)));
            }
            known_source(&fellowships.0, &key, &figure.source)?;
            check_value(&fellowships.0, &key, figure.value, figure.unit == Unit::Percent)?;
        }
        for (index, figure) in data.overall.iter().enumerate() {
            let key = format!("line {}: figure[{index}] ({}.{}.{})", line_of(&overall.1, "[[figure]]", index), figure.applicant_type, figure.measure, figure.year);
            if !APPLICANT_TYPES.iter().any(|(name, _)| *name == figure.applicant_type) {
                return Err(error(&overall.0, format!("{key}: unknown applicant type \"{}\"", figure.applicant_type)));
            }
            known_source(&overall.0, &key, &figure.source)?;
            check_value(&overall.0, &key, figure.value, figure.unit == Unit::Percent)?;
            check_year(&overall.0, &key, figure.year)?;
        }

        known_source(&fees.0, &format!("line {}: eras", line_of(&fees.1, "[eras]", 0)), &data.fees.eras.source)?;
        for fee in &data.fees.other {
            known_source(&fees.0, &format!("line {}: fee {}", line_of(&fees.1, &format!("key = \"{}\"", fee.key), 0), fee.key), &fee.source)?;
        }
        for key in ["ecfmg-token", "usmle-transcript", "nrmp-registration"] {
            if !data.fees.other.iter().any(|fee| fee.key == key) {
                return Err(error(&fees.0, format!("fee \"{key}\" is missing")));
            }
        }

        let mut date_index = 0;
        for cycle in &data.cycles {
            for date in &cycle.dates {
                let key = format!("line {}: cycle {} {}", line_of(&cycles.1, "[[cycle.date]]", date_index), cycle.match_year, date.event);
                date_index += 1;
                if !CYCLE_EVENTS.iter().any(|(event, _)| *event == date.event) {
                    return Err(error(&cycles.0, format!("{key}: unknown event; use one of {}", CYCLE_EVENTS.iter().map(|(event, _)| *event).collect::<Vec<_>>().join(", "))));
                }
                let valid_date = date.date.time.is_none()
                    && date.date.date.is_some_and(|day| time::Month::try_from(day.month).is_ok_and(|month| time::Date::from_calendar_date(i32::from(day.year), month, day.day).is_ok()));
                if !valid_date {
                    return Err(error(&cycles.0, format!("{key}: date must be a calendar date such as 2026-03-20")));
                }
                known_source(&cycles.0, &key, &date.source)?;
            }
            if !cycle.dates.iter().any(|date| date.event == "match-day") {
                return Err(error(&cycles.0, format!("cycle {}: match-day is missing", cycle.match_year)));
            }
        }
        if data.cycles.is_empty() {
            return Err(error(&cycles.0, "no [[cycle]] defined".to_owned()));
        }

        Ok(data)
    }

    /// Reads the repository's own data files, for tests.
    #[cfg(test)]
    pub fn bundled() -> MatchData {
        let text = |name: &str, content: &str| (name.to_owned(), content.to_owned());
        MatchData::parse(&[
            text("sources.toml", include_str!("../../content/data/sources.toml")),
            text("specialties.toml", include_str!("../../content/data/specialties.toml")),
            text("fellowships.toml", include_str!("../../content/data/fellowships.toml")),
            text("overall.toml", include_str!("../../content/data/overall.toml")),
            text("fees.toml", include_str!("../../content/data/fees.toml")),
            text("cycle.toml", include_str!("../../content/data/cycle.toml")),
        ])
        .expect("bundled data is valid")
    }

    pub fn source(&self, id: &str) -> &Source {
        self.sources.get(id).unwrap_or_else(|| panic!("source {id} was checked when parsed"))
    }

    /// Returns the newest figure of `measure` for a specialty.
    pub fn latest(&self, specialty: &str, measure: &str) -> Option<&SpecialtyFigure> {
        self.specialties.iter().filter(|figure| figure.specialty == specialty && figure.measure == measure).max_by_key(|figure| figure.year)
    }

    /// Finds a figure by its shortcode key: `specialty.measure.year`, `fellowship.measure.period`
    /// or `overall.applicant-type.measure.year`.
    pub fn lookup(&self, key: &str) -> Option<(String, &str)> {
        let parts: Vec<&str> = key.split('.').collect();
        match parts.as_slice() {
            ["overall", kind, measure, year] => self
                .overall
                .iter()
                .find(|figure| figure.applicant_type == *kind && figure.measure == *measure && figure.year.to_string() == *year)
                .map(|figure| (format_value(figure.value, figure.unit), figure.source.as_str())),
            [name, measure, period] if FELLOWSHIPS.iter().any(|(fellowship, _)| fellowship == name) => self
                .fellowships
                .iter()
                .find(|figure| figure.fellowship == *name && figure.measure == *measure && figure.period == *period)
                .map(|figure| (format_value(figure.value, figure.unit), figure.source.as_str())),
            [specialty, measure, year] => self
                .specialties
                .iter()
                .find(|figure| figure.specialty == *specialty && figure.measure == *measure && figure.year.to_string() == *year)
                .map(|figure| {
                    let unit = if figure.measure.ends_with("_rate") { Unit::Percent } else { Unit::Count };
                    (format_value(figure.value, unit), figure.source.as_str())
                }),
            _ => None,
        }
    }
}

/// Returns the 1-based line of the `nth` (from 0) line that starts with `marker`, so checks made
/// after parsing can still point at a line; 0 when there is no such line.
pub(crate) fn line_of(text: &str, marker: &str, nth: usize) -> usize {
    text.lines()
        .enumerate()
        .filter(|(_, line)| line.trim_start().starts_with(marker))
        .nth(nth)
        .map_or(0, |(index, _)| index + 1)
}

fn check_year(file: &str, key: &str, year: i32) -> Result<(), DataError> {
    if (2000..=2100).contains(&year) {
        Ok(())
    } else {
        Err(DataError { file: file.to_owned(), message: format!("{key}: year {year} is out of range") })
    }
}

/// Formats a figure for reading: counts with thousands separators, percentages with `%`.
pub fn format_value(value: f64, unit: Unit) -> String {
    match unit {
        Unit::Percent => {
            let text = format!("{value:.1}");
            format!("{}%", text.trim_end_matches(".0"))
        }
        Unit::Count => group_thousands(value.round() as u64),
    }
}

pub fn group_thousands(number: u64) -> String {
    let digits = number.to_string();
    let mut grouped = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files_with(name: &str, replace: (&str, &str)) -> [(String, String); 6] {
        let bundled = [
            ("sources.toml", include_str!("../../content/data/sources.toml")),
            ("specialties.toml", include_str!("../../content/data/specialties.toml")),
            ("fellowships.toml", include_str!("../../content/data/fellowships.toml")),
            ("overall.toml", include_str!("../../content/data/overall.toml")),
            ("fees.toml", include_str!("../../content/data/fees.toml")),
            ("cycle.toml", include_str!("../../content/data/cycle.toml")),
        ];
        bundled.map(|(file, text)| {
            let text = if file == name { text.replacen(replace.0, replace.1, 1) } else { text.to_owned() };
            (file.to_owned(), text)
        })
    }

    #[test]
    fn bundled_files_load() {
        let data = MatchData::bundled();
        assert!(data.specialties.len() > 50);
        assert_eq!(data.fees.eras.cost(30), 330);
        for slug in SPECIALTY_SLUGS {
            assert!(data.specialties.iter().any(|figure| figure.specialty == *slug), "no figure for {slug}");
        }
    }

    #[test]
    fn every_figure_has_source_and_year() {
        let data = MatchData::bundled();
        for figure in &data.specialties {
            let source = data.source(&figure.source);
            assert!(!source.publisher.is_empty(), "{}: no publisher", figure.source);
            assert!(!source.title.is_empty(), "{}: no title", figure.source);
            assert!(figure.year >= 2000);
        }
        for figure in &data.fellowships {
            assert!(data.sources.contains_key(&figure.source));
            assert!(!figure.period.is_empty());
        }
    }

    #[test]
    fn eras_cost_tiers() {
        let eras = MatchData::bundled().fees.eras;
        assert_eq!(eras.cost(0), 0);
        assert_eq!(eras.cost(30), 330);
        assert_eq!(eras.cost(45), 780);
        assert_eq!(eras.cost(45) + eras.cost(30), 1110, "two specialties are priced separately");
    }

    #[test]
    fn missing_source_names_file_and_key() {
        let files = files_with("specialties.toml", ("source = \"acs-brief-2025\"", "source = \"nowhere\""));
        let error = MatchData::parse(&files).expect_err("unknown source");
        assert_eq!(error.file, "specialties.toml");
        assert!(error.message.contains("thoracic-surgery.positions_offered.2025"), "{}", error.message);
        assert!(error.message.starts_with("line 9: figure[0]"), "{}", error.message);
        assert!(error.message.contains("\"nowhere\""), "{}", error.message);
    }

    #[test]
    fn malformed_number_names_line() {
        let files = files_with("specialties.toml", ("value = 54", "value = \"fifty\""));
        let error = MatchData::parse(&files).expect_err("malformed");
        assert_eq!(error.file, "specialties.toml");
        assert!(error.message.starts_with("line "), "{}", error.message);
    }

    #[test]
    fn unknown_slug_rejected() {
        let files = files_with("specialties.toml", ("specialty = \"thoracic-surgery\"", "specialty = \"cardiac-surgery\""));
        let error = MatchData::parse(&files).expect_err("unknown slug");
        assert!(error.message.contains("unknown specialty slug \"cardiac-surgery\""), "{}", error.message);
    }

    #[test]
    fn lookup_formats_figures() {
        let data = MatchData::bundled();
        assert_eq!(data.lookup("general-surgery.positions_offered.2025").map(|found| found.0), Some("1,778".to_owned()));
        assert_eq!(data.lookup("thoracic.applicant_match_rate.2024").map(|found| found.0), Some("59.4%".to_owned()));
        assert_eq!(data.lookup("overall.us-img.match_rate.2025").map(|found| found.0), Some("67.8%".to_owned()));
        assert!(data.lookup("general-surgery.positions_offered.1999").is_none());
    }
}
