//! Property tests of input parsing: whatever bytes, form fields or JSON a client sends to
//! `POST /plan` and `POST /api/reports`, the server responds with a status below 500 and keeps
//! serving. A handler panic would drop the connection and fail the property as well.
//!
//! Case counts stay small so the suite stays fast; the cargo-fuzz target in `fuzz/` runs the
//! same parsers for as long as wanted.

use std::num::NonZeroU32;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::Value;

use crate::helpers::*;

/// Generated inputs per property.
const CASES: u32 = 64;

/// Runs `strategy` through `check` for `CASES` cases against one server, and panics with the
/// smallest failing input proptest finds.
fn run_property<S: Strategy>(strategy: S, check: impl Fn(&TestApp, &tokio::runtime::Runtime, S::Value) -> Result<(), TestCaseError>) {
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    // Many generated profiles are valid, so the per-client rate limit is raised above the cases.
    let app = runtime.block_on(spawn_app_with(|settings| settings.reports_per_hour = NonZeroU32::new(100 * CASES).expect("non-zero")));
    let config = Config { cases: CASES, failure_persistence: None, ..Config::default() };
    let mut runner = TestRunner::new(config);
    if let Err(failure) = runner.run(&strategy, |input| check(&app, &runtime, input)) {
        panic!("{failure}");
    }
}

/// Sends a request body and returns the status, or an error text when no full response came.
async fn post_body(app: &TestApp, path: &str, content_type: &str, body: Vec<u8>) -> Result<u16, String> {
    let response = app
        .client
        .post(app.url(path))
        .header("content-type", content_type)
        .header("origin", &app.address)
        .body(body)
        .send()
        .await
        .map_err(|error| format!("no response: {error}"))?;
    let status = response.status().as_u16();
    response.bytes().await.map_err(|error| format!("body cut off: {error}"))?;
    Ok(status)
}

/// Sends arbitrary bytes as the plan form body, after the form's hidden inputs, so that they get
/// past the form token check to validation.
async fn post_form_bytes(app: &TestApp, bytes: Vec<u8>) -> Result<u16, String> {
    let hidden = plan_form_hidden_inputs(&app.client, &app.address).await.map_err(|error| format!("no form page: {error}"))?;
    let mut body = serde_html_form::to_string(&hidden).expect("encode hidden inputs").into_bytes();
    body.push(b'&');
    body.extend(bytes);
    post_body(app, "/plan", "application/x-www-form-urlencoded", body).await
}

/// Sends form fields after the hidden inputs of the form page, as a browser would.
async fn post_fields(app: &TestApp, fields: Vec<(String, String)>) -> Result<u16, String> {
    let response = submit_plan_form(&app.client, &app.address, &fields).await.map_err(|error| format!("no response: {error}"))?;
    let status = response.status().as_u16();
    response.bytes().await.map_err(|error| format!("body cut off: {error}"))?;
    Ok(status)
}

fn assert_not_server_error(outcome: Result<u16, String>) -> Result<(), TestCaseError> {
    let status = outcome.map_err(TestCaseError::fail)?;
    prop_assert!(status < 500, "status {}", status);
    Ok(())
}

/// Returns the profile field names, taken from the valid JSON profile.
fn field_names() -> Vec<String> {
    valid_json().as_object().expect("object").keys().cloned().collect()
}

/// Generates field names: mostly real ones, sometimes any text.
fn field_name() -> impl Strategy<Value = String> {
    prop_oneof![3 => proptest::sample::select(field_names()), 1 => ".{0,16}"]
}

/// Generates field values: any text, numbers in and out of range, and select-field choices.
fn field_value() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,40}",
        "-?[0-9]{1,12}",
        "[0-9]{4}-[0-9]{1,2}",
        proptest::sample::select(vec!["yes", "on", "pass", "pass-first", "certified", "us-citizen", "graduate", "prefer", "operating", "medium", "anywhere"])
            .prop_map(str::to_owned),
    ]
}

/// Number fields of the profile, with ranges that reach a little past their valid bounds.
const NUMBER_RANGES: &[(&str, u32, u32)] = &[
    ("step2_ck", 150, 320),
    ("exam_failures", 0, 12),
    ("graduation_year", 1960, 2030),
    ("previous_applications", 0, 12),
    ("usce_months", 0, 70),
    ("surgery_usce_months", 0, 70),
    ("research_items", 0, 220),
    ("cardiothoracic_research_items", 0, 220),
    ("first_author_items", 0, 220),
    ("us_letters", 0, 12),
    ("surgeon_letters", 0, 12),
    ("ct_or_vascular_letters", 0, 12),
    ("medicine_or_anesthesia_letters", 0, 12),
    ("budget_usd", 0, 120_000),
];

/// Generates new values for a few number fields. Applied to the valid profile, most results are
/// still valid, so the planner runs on many unusual profiles.
fn number_changes() -> impl Strategy<Value = Vec<(&'static str, u32)>> {
    let change = proptest::sample::select(NUMBER_RANGES).prop_flat_map(|(name, low, high)| (Just(name), low..=high));
    proptest::collection::vec(change, 1..4)
}

fn valid_form_fields() -> Vec<(String, String)> {
    valid_form().into_iter().map(|(name, value)| (name.to_owned(), value.to_owned())).collect()
}

/// Totals of the valid profile that leave room below them, so that most number changes keep
/// the parts within their totals and the profile valid.
const ROOMY_TOTALS: &[(&str, u32)] = &[("usce_months", 40), ("research_items", 150), ("us_letters", 10)];

/// Generates any list of fields, the valid form with some values replaced by any text, or the
/// valid form with new numbers.
fn form_fields() -> impl Strategy<Value = Vec<(String, String)>> {
    let size = valid_form_fields().len();
    prop_oneof![
        1 => proptest::collection::vec((field_name(), field_value()), 0..40),
        1 => proptest::collection::vec((0..size, field_value()), 1..6).prop_map(|changes| {
            let mut fields = valid_form_fields();
            for (index, value) in changes {
                fields[index].1 = value;
            }
            fields
        }),
        2 => number_changes().prop_map(|changes| {
            let mut fields = valid_form_fields();
            for (name, number) in ROOMY_TOTALS.iter().copied().chain(changes) {
                if let Some(field) = fields.iter_mut().find(|(field, _)| field == name) {
                    field.1 = number.to_string();
                }
            }
            fields
        }),
    ]
}

/// Generates any JSON value, nested up to four levels, with keys that are often profile fields.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter_map("JSON has no NaN or infinity", |number| serde_json::Number::from_f64(number).map(Value::Number)),
        (0u32..400).prop_map(Value::from),
        ".{0,30}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            proptest::collection::vec((field_name(), inner), 0..8).prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    })
}

/// Generates any JSON value, the valid profile with some fields replaced by any JSON, or the
/// valid profile with new numbers.
fn json_body() -> impl Strategy<Value = Value> {
    let names = field_names();
    prop_oneof![
        1 => json_value(),
        1 => proptest::collection::vec((proptest::sample::select(names), json_value()), 1..6).prop_map(|changes| {
            let mut profile = valid_json();
            for (name, value) in changes {
                profile[name] = value;
            }
            profile
        }),
        2 => number_changes().prop_map(|changes| {
            let mut profile = valid_json();
            for (name, number) in ROOMY_TOTALS.iter().copied().chain(changes) {
                profile[name] = Value::from(number);
            }
            profile
        }),
    ]
}

#[test]
fn plan_form_bytes_never_5xx() {
    run_property(proptest::collection::vec(any::<u8>(), 0..4096), |app, runtime, body| {
        assert_not_server_error(runtime.block_on(post_form_bytes(app, body)))
    });
}

#[test]
fn plan_form_fields_never_5xx() {
    run_property(form_fields(), |app, runtime, fields| assert_not_server_error(runtime.block_on(post_fields(app, fields))));
}

#[test]
fn api_json_never_5xx() {
    run_property(json_body(), |app, runtime, value| {
        let body = serde_json::to_vec(&value).expect("serialize");
        assert_not_server_error(runtime.block_on(post_body(app, "/api/reports", "application/json", body)))
    });
}

#[test]
fn api_bytes_never_5xx() {
    run_property(proptest::collection::vec(any::<u8>(), 0..4096), |app, runtime, body| {
        assert_not_server_error(runtime.block_on(post_body(app, "/api/reports", "application/json", body)))
    });
}
