use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use crate::data::chart::{Bar, bar_chart};
use crate::data::{
    CYCLE_EVENTS, Confidence, MatchData, SPECIALTY_MEASURES, Unit, applicant_type_label, fellowship_label, format_value, label_of,
};
use crate::error::render_page;
use crate::startup::AppState;

/// One figure as a table row.
struct Row {
    group: String,
    measure: String,
    when: String,
    value: String,
    derived: bool,
    source_id: String,
    source: String,
    low_confidence: bool,
    confidence: &'static str,
    note: String,
}

struct DateRow {
    event: String,
    date: String,
    status: &'static str,
    source_id: String,
    source: String,
}

struct CycleView {
    match_year: i32,
    dates: Vec<DateRow>,
}

struct SourceRow {
    id: String,
    publisher: String,
    title: String,
    year: i32,
    secondary: bool,
}

#[derive(Template)]
#[template(path = "data.html")]
struct DataPage {
    imgs_chart: String,
    positions_chart: String,
    specialties: Vec<Row>,
    fellowships: Vec<Row>,
    overall: Vec<Row>,
    fees: Vec<Row>,
    cycles: Vec<CycleView>,
    sources: Vec<SourceRow>,
}

/// Turns a measure key such as `match_rate_non_us_md` into words for the table.
fn measure_label(measure: &str) -> String {
    let words = measure.replace('_', " ").replace("non us md", "non-US-MD").replace("img", "IMG").replace("pgy1", "PGY-1");
    let mut characters = words.chars();
    match characters.next() {
        Some(first) => first.to_uppercase().chain(characters).collect(),
        None => String::new(),
    }
}

fn row(data: &MatchData, group: String, measure: String, when: String, value: String, derived: bool, source: &str, confidence: Confidence, note: &Option<String>) -> Row {
    let cited = data.source(source);
    Row {
        group,
        measure,
        when,
        value,
        derived,
        source_id: source.to_owned(),
        source: cited.short(),
        low_confidence: confidence == Confidence::Low,
        confidence: confidence.label(),
        note: note.clone().unwrap_or_default(),
    }
}

/// Draws the two charts: US IMGs matched by specialty, and surgical positions offered.
fn charts(state: &AppState) -> (String, String) {
    let data = &state.rules.data;
    let mut imgs: Vec<Bar> = data
        .specialties
        .iter()
        .filter(|figure| figure.measure == "us_img_matched" && figure.year == 2025)
        .map(|figure| Bar { label: state.rules.specialty(&figure.specialty).name.clone(), value: figure.value })
        .collect();
    imgs.sort_by(|left, right| right.value.total_cmp(&left.value));
    let imgs_text: Vec<String> = imgs.iter().map(|bar| format!("{}: {}", bar.label, format_value(bar.value, Unit::Count))).collect();
    let imgs_chart = bar_chart("chart-us-img", "US-citizen IMGs matched by specialty, 2025 (derived)", &imgs_text.join("; "), &imgs);

    let positions: Vec<Bar> = [("thoracic-surgery", "Integrated thoracic (I-6)"), ("vascular-surgery", "Integrated vascular"), ("general-surgery", "Categorical general surgery")]
        .iter()
        .filter_map(|(slug, label)| {
            data.specialties
                .iter()
                .find(|figure| figure.specialty == *slug && figure.measure == "positions_offered" && figure.year == 2025)
                .map(|figure| Bar { label: (*label).to_owned(), value: figure.value })
        })
        .collect();
    let positions_text: Vec<String> = positions.iter().map(|bar| format!("{}: {}", bar.label, format_value(bar.value, Unit::Count))).collect();
    let positions_chart = bar_chart("chart-positions", "First-year positions offered in 2025", &positions_text.join("; "), &positions);
    (imgs_chart, positions_chart)
}

pub async fn show(state: web::Data<AppState>) -> HttpResponse {
    let data = &state.rules.data;

    let mut specialties: Vec<Row> = data
        .specialties
        .iter()
        .map(|figure| {
            let unit = if figure.measure.ends_with("_rate") { Unit::Percent } else { Unit::Count };
            row(data, state.rules.specialty(&figure.specialty).name.clone(), label_of(SPECIALTY_MEASURES, &figure.measure), figure.year.to_string(),
                format_value(figure.value, unit), figure.derived, &figure.source, figure.confidence, &figure.note)
        })
        .collect();
    specialties.sort_by(|left, right| left.group.cmp(&right.group).then(right.when.cmp(&left.when)).then(left.measure.cmp(&right.measure)));

    let fellowships = data
        .fellowships
        .iter()
        .map(|figure| row(data, fellowship_label(&figure.fellowship), measure_label(&figure.measure), figure.period.clone(),
            format_value(figure.value, figure.unit), figure.derived, &figure.source, figure.confidence, &figure.note))
        .collect();
    let overall = data
        .overall
        .iter()
        .map(|figure| row(data, applicant_type_label(&figure.applicant_type), measure_label(&figure.measure), figure.year.to_string(),
            format_value(figure.value, figure.unit), figure.derived, &figure.source, figure.confidence, &figure.note))
        .collect();

    let eras = &data.fees.eras;
    let mut fees = vec![row(data, "ERAS residency applications, per specialty".to_owned(),
        format!("${} each for programs 1-{}, ${} each after", eras.first_tier_usd, eras.first_tier_programs, eras.after_tier_usd),
        eras.season.clone(), format!("${}", eras.first_tier_usd), false, &eras.source, eras.confidence,
        &Some("The tiers restart for every specialty applied to.".to_owned()))];
    fees.extend(data.fees.other.iter().map(|fee| row(data, fee.item.clone(), "Fee".to_owned(), fee.season.clone(), format!("${}", fee.amount_usd),
        false, &fee.source, fee.confidence, &fee.note)));

    let cycles = data
        .cycles
        .iter()
        .map(|cycle| CycleView {
            match_year: cycle.match_year,
            dates: cycle.dates.iter().map(|date| DateRow {
                event: label_of(CYCLE_EVENTS, &date.event),
                date: date.day().to_string(),
                status: date.status.label(),
                source_id: date.source.clone(),
                source: data.source(&date.source).short(),
            }).collect(),
        })
        .collect();
    let sources = data
        .sources
        .iter()
        .map(|(id, source)| SourceRow { id: id.clone(), publisher: source.publisher.clone(), title: source.title.clone(), year: source.year, secondary: source.secondary })
        .collect();

    let (imgs_chart, positions_chart) = charts(&state);
    render_page(StatusCode::OK, &DataPage { imgs_chart, positions_chart, specialties, fellowships, overall, fees, cycles, sources })
}
