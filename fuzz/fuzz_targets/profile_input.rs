//! Feeds arbitrary bytes to the two profile parsers, as `POST /plan` and `POST /api/reports`
//! use them, and plans and serializes every profile that validates. Any panic is a finding.

#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use planb::planner::{Profile, ProfileInput, Rules};

static RULES: LazyLock<Rules> = LazyLock::new(|| {
    let content = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../content");
    let (_, rules) = planb::startup::load_content(&content).expect("the repository's content is valid");
    rules
});

/// A fixed date keeps every finding reproducible.
const TODAY: time::Date = time::macros::date!(2026 - 12 - 04);

fn plan_and_serialize(profile: &Profile) {
    let report = planb::planner::plan(profile, &RULES, TODAY);
    serde_json::to_string(&report).expect("a report always serializes");
    serde_json::to_string(profile).expect("a profile always serializes");
}

fuzz_target!(|data: &[u8]| {
    // The form body of POST /plan, checked in the handler's order.
    if let Ok(input) = serde_html_form::from_bytes::<ProfileInput>(data)
        && let Ok(profile) = input.check_text().and_then(|()| input.validate(TODAY))
    {
        plan_and_serialize(&profile);
    }

    // The JSON body of POST /api/reports, checked in the handler's order.
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) {
        let (input, _) = ProfileInput::from_json(&value);
        if input.check_text().is_ok()
            && let Ok(profile) = ProfileInput::validate_json(&value, TODAY)
        {
            plan_and_serialize(&profile);
        }
    }
});
