//! Raw profile input from the form or the JSON API, and its validation into a [`Profile`].
//!
//! Both entry points fill the same [`ProfileInput`] of strings, so one validator checks every
//! field and the form can be re-rendered with exactly what the student typed.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::profile::{
    Citizenship, EcfmgStatus, Geography, Interest, LifestylePriority, NeedsToOperate, Profile,
    RiskTolerance, Step1, TrainingStatus, YearMonth,
};

mod text;

/// Upper bound for month counts: five years of clinical experience.
pub const MAX_MONTHS: u32 = 60;
pub const MAX_LETTERS: u32 = 10;
pub const MAX_RESEARCH_ITEMS: u32 = 200;
pub const MAX_EXAM_FAILURES: u32 = 10;
pub const MAX_PREVIOUS_APPLICATIONS: u32 = 10;
pub const MAX_BUDGET_USD: u32 = 100_000;
pub const EARLIEST_GRADUATION_YEAR: i32 = 1970;
/// Returns the latest graduation year a student may enter: two years ahead covers a student who
/// applies next September and graduates the spring after.
pub fn latest_graduation_year(this_year: i32) -> i32 {
    this_year + 2
}

/// How far ahead a Step 2 CK date may be planned, in months.
pub const MAX_STEP2_LEAD_MONTHS: i32 = 36;

/// Profile fields exactly as submitted: strings for single values, a list for `interests`.
///
/// Missing keys default to empty so that every problem reaches validation and gets a message,
/// instead of failing deserialization with a bare 400.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProfileInput {
    pub step1: String,
    pub step2_ck: String,
    pub step2_expected: String,
    pub exam_failures: String,
    pub graduation_year: String,
    pub ecfmg_status: String,
    pub citizenship: String,
    pub training_status: String,
    pub previous_applications: String,
    pub usce_months: String,
    pub surgery_usce_months: String,
    pub ct_or_vascular_rotation: String,
    pub observership_only: String,
    pub research_items: String,
    pub cardiothoracic_research_items: String,
    pub first_author_items: String,
    pub us_letters: String,
    pub surgeon_letters: String,
    pub ct_or_vascular_letters: String,
    pub medicine_or_anesthesia_letters: String,
    pub leadership_or_qi: String,
    pub needs_to_operate: String,
    pub interests: Vec<String>,
    pub lifestyle_priority: String,
    pub risk_tolerance: String,
    pub geography: String,
    pub couples_match: String,
    pub budget_usd: String,
}

/// One invalid field and what the student should enter instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

impl FieldError {
    fn new(field: &'static str, message: impl Into<String>) -> Self {
        FieldError { field, message: message.into() }
    }
}

/// The JSON type of a field's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum JsonKind {
    Text,
    Number,
    Boolean,
}

/// Every single-valued field with its JSON kind, in form order; `interests` is handled apart.
const SCALAR_FIELDS: &[(&str, JsonKind)] = &[
    ("step1", JsonKind::Text),
    ("step2_ck", JsonKind::Number),
    ("step2_expected", JsonKind::Text),
    ("exam_failures", JsonKind::Number),
    ("graduation_year", JsonKind::Number),
    ("ecfmg_status", JsonKind::Text),
    ("citizenship", JsonKind::Text),
    ("training_status", JsonKind::Text),
    ("previous_applications", JsonKind::Number),
    ("usce_months", JsonKind::Number),
    ("surgery_usce_months", JsonKind::Number),
    ("ct_or_vascular_rotation", JsonKind::Boolean),
    ("observership_only", JsonKind::Boolean),
    ("research_items", JsonKind::Number),
    ("cardiothoracic_research_items", JsonKind::Number),
    ("first_author_items", JsonKind::Number),
    ("us_letters", JsonKind::Number),
    ("surgeon_letters", JsonKind::Number),
    ("ct_or_vascular_letters", JsonKind::Number),
    ("medicine_or_anesthesia_letters", JsonKind::Number),
    ("leadership_or_qi", JsonKind::Boolean),
    ("needs_to_operate", JsonKind::Text),
    ("lifestyle_priority", JsonKind::Text),
    ("risk_tolerance", JsonKind::Text),
    ("geography", JsonKind::Text),
    ("couples_match", JsonKind::Boolean),
    ("budget_usd", JsonKind::Number),
];

impl ProfileInput {
    fn scalar_mut(&mut self, name: &str) -> Option<&mut String> {
        let slot = match name {
            "step1" => &mut self.step1,
            "step2_ck" => &mut self.step2_ck,
            "step2_expected" => &mut self.step2_expected,
            "exam_failures" => &mut self.exam_failures,
            "graduation_year" => &mut self.graduation_year,
            "ecfmg_status" => &mut self.ecfmg_status,
            "citizenship" => &mut self.citizenship,
            "training_status" => &mut self.training_status,
            "previous_applications" => &mut self.previous_applications,
            "usce_months" => &mut self.usce_months,
            "surgery_usce_months" => &mut self.surgery_usce_months,
            "ct_or_vascular_rotation" => &mut self.ct_or_vascular_rotation,
            "observership_only" => &mut self.observership_only,
            "research_items" => &mut self.research_items,
            "cardiothoracic_research_items" => &mut self.cardiothoracic_research_items,
            "first_author_items" => &mut self.first_author_items,
            "us_letters" => &mut self.us_letters,
            "surgeon_letters" => &mut self.surgeon_letters,
            "ct_or_vascular_letters" => &mut self.ct_or_vascular_letters,
            "medicine_or_anesthesia_letters" => &mut self.medicine_or_anesthesia_letters,
            "leadership_or_qi" => &mut self.leadership_or_qi,
            "needs_to_operate" => &mut self.needs_to_operate,
            "lifestyle_priority" => &mut self.lifestyle_priority,
            "risk_tolerance" => &mut self.risk_tolerance,
            "geography" => &mut self.geography,
            "couples_match" => &mut self.couples_match,
            "budget_usd" => &mut self.budget_usd,
            _ => return None,
        };
        Some(slot)
    }

    /// Converts a JSON profile into form-shaped input, reporting unknown keys and wrong types.
    ///
    /// Booleans become `yes` or empty, numbers their decimal text and `null` an empty field, so
    /// the checks that follow are the same as for the HTML form. A field of the wrong type is
    /// left empty and reported, so the caller can still validate the other fields.
    pub fn from_json(value: &Value) -> (Self, Vec<FieldError>) {
        let Some(object) = value.as_object() else {
            return (ProfileInput::default(), vec![FieldError::new("profile", "The request body must be a JSON object of profile fields.")]);
        };

        let mut input = ProfileInput::default();
        let mut errors = Vec::new();
        for (key, value) in object {
            if key == "interests" {
                match json_interests(value) {
                    Ok(list) => input.interests = list,
                    Err(message) => errors.push(FieldError::new("interests", format!("interests {message}."))),
                }
                continue;
            }
            let Some(&(field, kind)) = SCALAR_FIELDS.iter().find(|(name, _)| name == key) else {
                errors.push(FieldError::new("profile", format!("Unknown field \"{key}\": remove it or check its spelling.")));
                continue;
            };
            match json_scalar(value, kind) {
                Ok(text) => *input.scalar_mut(field).expect("listed field has a slot") = text,
                Err(message) => errors.push(FieldError::new(field, format!("{field} {message}."))),
            }
        }
        (input, errors)
    }

    /// Validates a JSON profile: type errors first, then the form's checks on the other fields.
    pub fn validate_json(value: &Value, today: time::Date) -> Result<Profile, Vec<FieldError>> {
        let (input, mut errors) = ProfileInput::from_json(value);
        match input.validate(today) {
            Ok(profile) if errors.is_empty() => Ok(profile),
            Ok(_) => Err(errors),
            Err(checks) => {
                let typed: Vec<&'static str> = errors.iter().map(|error| error.field).collect();
                errors.extend(checks.into_iter().filter(|error| !typed.contains(&error.field)));
                Err(errors)
            }
        }
    }

    pub fn is_checked(value: &str) -> bool {
        value == "yes"
    }

    /// Validates every field against `today` and returns the profile or all errors in form order.
    pub fn validate(&self, today: time::Date) -> Result<Profile, Vec<FieldError>> {
        let mut check = Checker { errors: Vec::new() };

        let step1 = check.choice("step1", "USMLE Step 1", &self.step1, Step1::parse, Step1::allowed);
        let step2_ck = check.optional_number("step2_ck", &self.step2_ck, 1, 300,
            "Step 2 CK score must be a whole number from 1 to 300, or empty if you have not taken it");
        let step2_expected = self.check_step2_expected(&mut check, step2_ck, today);
        let exam_failures = check.number("exam_failures", &self.exam_failures, 0, MAX_EXAM_FAILURES,
            "Failed USMLE attempts must be a whole number from 0 to 10 (enter 0 if none)");
        let latest = latest_graduation_year(today.year());
        let graduation_year = check.number("graduation_year", &self.graduation_year, EARLIEST_GRADUATION_YEAR as u32, latest as u32,
            &format!("Graduation year must be a four-digit year from {EARLIEST_GRADUATION_YEAR} to {latest}"));
        let ecfmg_status = check.choice("ecfmg_status", "ECFMG certification", &self.ecfmg_status, EcfmgStatus::parse, EcfmgStatus::allowed);
        let citizenship = check.choice("citizenship", "Citizenship", &self.citizenship, Citizenship::parse, Citizenship::allowed);
        let training_status = check.choice("training_status", "Training status", &self.training_status, TrainingStatus::parse, TrainingStatus::allowed);
        let previous_applications = check.number("previous_applications", &self.previous_applications, 0, MAX_PREVIOUS_APPLICATIONS,
            "Previous Match cycles must be a whole number from 0 to 10 (enter 0 if this is your first)");
        let usce_months = check.number("usce_months", &self.usce_months, 0, MAX_MONTHS,
            "US clinical experience must be a whole number of months from 0 to 60");
        let surgery_usce_months = check.number("surgery_usce_months", &self.surgery_usce_months, 0, MAX_MONTHS,
            "Surgical US clinical experience must be a whole number of months from 0 to 60");
        let ct_or_vascular_rotation = check.checkbox("ct_or_vascular_rotation", &self.ct_or_vascular_rotation);
        let observership_only = check.checkbox("observership_only", &self.observership_only);
        let research_items = check.number("research_items", &self.research_items, 0, MAX_RESEARCH_ITEMS,
            "Research items must be a whole number from 0 to 200");
        let cardiothoracic_research_items = check.number("cardiothoracic_research_items", &self.cardiothoracic_research_items, 0, MAX_RESEARCH_ITEMS,
            "Cardiothoracic or vascular research items must be a whole number from 0 to 200");
        let first_author_items = check.number("first_author_items", &self.first_author_items, 0, MAX_RESEARCH_ITEMS,
            "First-author items must be a whole number from 0 to 200");
        let letter_message = "must be a whole number from 0 to 10";
        let us_letters = check.number("us_letters", &self.us_letters, 0, MAX_LETTERS, &format!("US letters {letter_message}"));
        let surgeon_letters = check.number("surgeon_letters", &self.surgeon_letters, 0, MAX_LETTERS, &format!("Letters from US surgeons {letter_message}"));
        let ct_or_vascular_letters = check.number("ct_or_vascular_letters", &self.ct_or_vascular_letters, 0, MAX_LETTERS,
            &format!("Letters from CT or vascular surgeons {letter_message}"));
        let medicine_or_anesthesia_letters = check.number("medicine_or_anesthesia_letters", &self.medicine_or_anesthesia_letters, 0, MAX_LETTERS,
            &format!("Letters from internists or anesthesiologists {letter_message}"));
        let leadership_or_qi = check.checkbox("leadership_or_qi", &self.leadership_or_qi);
        let needs_to_operate = check.choice("needs_to_operate", "Need to operate", &self.needs_to_operate, NeedsToOperate::parse, NeedsToOperate::allowed);
        let interests = check.interests(&self.interests);
        let lifestyle_priority = check.choice("lifestyle_priority", "Lifestyle priority", &self.lifestyle_priority, LifestylePriority::parse, LifestylePriority::allowed);
        let risk_tolerance = check.choice("risk_tolerance", "Risk tolerance", &self.risk_tolerance, RiskTolerance::parse, RiskTolerance::allowed);
        let geography = check.choice("geography", "Geography", &self.geography, Geography::parse, Geography::allowed);
        let couples_match = check.checkbox("couples_match", &self.couples_match);
        // People write money as "$3,000"; the symbol and separators carry no meaning here.
        let budget_text: String = self.budget_usd.chars().filter(|character| !matches!(character, '$' | ',' | ' ')).collect();
        let budget_usd = check.optional_number("budget_usd", &budget_text, 0, MAX_BUDGET_USD,
            "Budget must be a whole number of US dollars from 0 to 100000, or empty");

        // Cross-field rules run only when both sides parsed, so each problem is reported once.
        if let (Some(total), Some(surgical)) = (usce_months, surgery_usce_months) {
            check.ensure(surgical <= total, "surgery_usce_months",
                format!("Surgical months ({surgical}) cannot exceed your total US clinical months ({total}); surgical months are part of the total"));
        }
        if let (Some(true), Some(0)) = (observership_only, usce_months) {
            check.push("observership_only", "You ticked \"observerships only\" but entered 0 months of US clinical experience; untick it or enter your observership months");
        }
        if let (Some(total), Some(cardiac)) = (research_items, cardiothoracic_research_items) {
            check.ensure(cardiac <= total, "cardiothoracic_research_items",
                format!("Cardiothoracic or vascular items ({cardiac}) cannot exceed your total research items ({total})"));
        }
        if let (Some(total), Some(first)) = (research_items, first_author_items) {
            check.ensure(first <= total, "first_author_items",
                format!("First-author items ({first}) cannot exceed your total research items ({total})"));
        }
        if let (Some(us), Some(surgeons), Some(medicine)) = (us_letters, surgeon_letters, medicine_or_anesthesia_letters) {
            check.ensure(surgeons + medicine <= us, "surgeon_letters",
                format!("Letters from surgeons ({surgeons}) plus letters from internists or anesthesiologists ({medicine}) cannot exceed your US letters ({us}); count each US letter once"));
        }
        if let (Some(surgeons), Some(cardiac)) = (surgeon_letters, ct_or_vascular_letters) {
            check.ensure(cardiac <= surgeons, "ct_or_vascular_letters",
                format!("Letters from CT or vascular surgeons ({cardiac}) are part of your letters from surgeons ({surgeons}), so they cannot be more"));
        }
        if let (Some(Step1::PassAfterFail), Some(0)) = (step1, exam_failures) {
            check.push("exam_failures", "You passed Step 1 after a failed attempt, so failed attempts must be at least 1");
        }
        if let (Some(year), Some(TrainingStatus::Student)) = (graduation_year, training_status) {
            check.ensure(year as i32 >= today.year(), "graduation_year",
                format!("Graduation year {year} has passed, but your training status says you are a student; enter the year you expect to graduate, or change your training status"));
        }
        if let (Some(EcfmgStatus::Certified | EcfmgStatus::RequirementsMet), Some(step1), Some(step2)) = (ecfmg_status, step1, step2_ck) {
            check.ensure(step1 != Step1::NotTaken && step2.is_some(), "ecfmg_status",
                "ECFMG exam requirements include passing Step 1 and Step 2 CK, so they cannot be met or certified before both are taken; correct your ECFMG status or your exam answers".to_owned());
        }
        if let (Some(year), Some(TrainingStatus::Graduate | TrainingStatus::PreliminaryResident | TrainingStatus::ResearchFellow)) = (graduation_year, training_status) {
            check.ensure(year as i32 <= today.year(), "graduation_year",
                format!("Graduation year {year} is in the future, but your training status says you have graduated; correct either field"));
        }

        if !check.errors.is_empty() {
            return Err(check.errors);
        }
        Ok(Profile {
            step1: step1.expect("checked"),
            step2_ck: step2_ck.expect("checked").map(|score| score as u16),
            step2_expected,
            exam_failures: exam_failures.expect("checked") as u8,
            graduation_year: graduation_year.expect("checked") as i32,
            ecfmg_status: ecfmg_status.expect("checked"),
            citizenship: citizenship.expect("checked"),
            training_status: training_status.expect("checked"),
            previous_applications: previous_applications.expect("checked") as u8,
            usce_months: usce_months.expect("checked") as u8,
            surgery_usce_months: surgery_usce_months.expect("checked") as u8,
            ct_or_vascular_rotation: ct_or_vascular_rotation.expect("checked"),
            observership_only: observership_only.expect("checked"),
            research_items: research_items.expect("checked") as u16,
            cardiothoracic_research_items: cardiothoracic_research_items.expect("checked") as u16,
            first_author_items: first_author_items.expect("checked") as u16,
            us_letters: us_letters.expect("checked") as u8,
            surgeon_letters: surgeon_letters.expect("checked") as u8,
            ct_or_vascular_letters: ct_or_vascular_letters.expect("checked") as u8,
            medicine_or_anesthesia_letters: medicine_or_anesthesia_letters.expect("checked") as u8,
            leadership_or_qi: leadership_or_qi.expect("checked"),
            needs_to_operate: needs_to_operate.expect("checked"),
            interests: interests.expect("checked"),
            lifestyle_priority: lifestyle_priority.expect("checked"),
            risk_tolerance: risk_tolerance.expect("checked"),
            geography: geography.expect("checked"),
            couples_match: couples_match.expect("checked"),
            budget_usd: budget_usd.expect("checked"),
        })
    }

    /// Checks the expected Step 2 CK month, which is required exactly when there is no score.
    fn check_step2_expected(&self, check: &mut Checker, step2_ck: Option<Option<u32>>, today: time::Date) -> Option<YearMonth> {
        let text = self.step2_expected.trim();
        match step2_ck {
            Some(Some(_)) if !text.is_empty() => {
                check.push("step2_expected", "You entered a Step 2 CK score, so leave the expected month empty");
                return None;
            }
            Some(None) => {}
            // A score was given, or the score itself is invalid and already has its message.
            _ => return None,
        }
        if text.is_empty() {
            check.push("step2_expected", "Enter the month you expect to take Step 2 CK (YYYY-MM), or enter your score if you have one");
            return None;
        }
        let Some(month) = YearMonth::parse(text) else {
            check.push("step2_expected", format!("Expected Step 2 CK month \"{text}\" is not a month; use the form YYYY-MM, for example 2027-06"));
            return None;
        };
        let this_month = YearMonth::from_date(today);
        let lead = this_month.months_until(month);
        if lead < 0 {
            check.push("step2_expected", format!("Expected Step 2 CK month {month} has already passed; enter your score, or a month from {this_month} on"));
            return None;
        }
        if lead > MAX_STEP2_LEAD_MONTHS {
            check.push("step2_expected", format!("Expected Step 2 CK month {month} is more than three years away; enter a month within the next 36 months"));
            return None;
        }
        Some(month)
    }
}

impl From<&Profile> for ProfileInput {
    /// Writes a validated profile back as form input, to prefill the form for editing.
    fn from(profile: &Profile) -> Self {
        let checkbox = |value: bool| if value { "yes".to_owned() } else { String::new() };
        ProfileInput {
            step1: profile.step1.as_str().to_owned(),
            step2_ck: profile.step2_ck.map(|score| score.to_string()).unwrap_or_default(),
            step2_expected: profile.step2_expected.map(|month| month.to_string()).unwrap_or_default(),
            exam_failures: profile.exam_failures.to_string(),
            graduation_year: profile.graduation_year.to_string(),
            ecfmg_status: profile.ecfmg_status.as_str().to_owned(),
            citizenship: profile.citizenship.as_str().to_owned(),
            training_status: profile.training_status.as_str().to_owned(),
            previous_applications: profile.previous_applications.to_string(),
            usce_months: profile.usce_months.to_string(),
            surgery_usce_months: profile.surgery_usce_months.to_string(),
            ct_or_vascular_rotation: checkbox(profile.ct_or_vascular_rotation),
            observership_only: checkbox(profile.observership_only),
            research_items: profile.research_items.to_string(),
            cardiothoracic_research_items: profile.cardiothoracic_research_items.to_string(),
            first_author_items: profile.first_author_items.to_string(),
            us_letters: profile.us_letters.to_string(),
            surgeon_letters: profile.surgeon_letters.to_string(),
            ct_or_vascular_letters: profile.ct_or_vascular_letters.to_string(),
            medicine_or_anesthesia_letters: profile.medicine_or_anesthesia_letters.to_string(),
            leadership_or_qi: checkbox(profile.leadership_or_qi),
            needs_to_operate: profile.needs_to_operate.as_str().to_owned(),
            interests: profile.interests.iter().map(|interest| interest.as_str().to_owned()).collect(),
            lifestyle_priority: profile.lifestyle_priority.as_str().to_owned(),
            risk_tolerance: profile.risk_tolerance.as_str().to_owned(),
            geography: profile.geography.as_str().to_owned(),
            couples_match: checkbox(profile.couples_match),
            budget_usd: profile.budget_usd.map(|budget| budget.to_string()).unwrap_or_default(),
        }
    }
}

fn json_scalar(value: &Value, kind: JsonKind) -> Result<String, String> {
    match (kind, value) {
        (_, Value::Null) => Ok(String::new()),
        (JsonKind::Text, Value::String(text)) => Ok(text.clone()),
        (JsonKind::Text, _) => Err("must be a string".to_owned()),
        (JsonKind::Number, Value::Number(number)) => Ok(number.to_string()),
        (JsonKind::Number, _) => Err("must be a JSON number, or null where the field is optional".to_owned()),
        (JsonKind::Boolean, Value::Bool(true)) => Ok("yes".to_owned()),
        (JsonKind::Boolean, Value::Bool(false)) => Ok(String::new()),
        (JsonKind::Boolean, _) => Err("must be true or false".to_owned()),
    }
}

fn json_interests(value: &Value) -> Result<Vec<String>, String> {
    match value {
        Value::Null => Ok(Vec::new()),
        Value::Array(items) => items
            .iter()
            .map(|item| item.as_str().map(str::to_owned).ok_or_else(|| "must be an array of strings".to_owned()))
            .collect(),
        _ => Err("must be an array of strings".to_owned()),
    }
}

/// Collects field errors while parsing, so one submission reports every problem at once.
struct Checker {
    errors: Vec<FieldError>,
}

impl Checker {
    fn push(&mut self, field: &'static str, message: impl Into<String>) {
        let mut message: String = message.into();
        if !message.ends_with('.') {
            message.push('.');
        }
        self.errors.push(FieldError::new(field, message));
    }

    fn ensure(&mut self, condition: bool, field: &'static str, message: String) {
        if !condition {
            self.push(field, message);
        }
    }

    fn choice<T>(&mut self, field: &'static str, label: &str, value: &str, parse: fn(&str) -> Option<T>, allowed: fn() -> String) -> Option<T> {
        let value = value.trim();
        if value.is_empty() {
            self.push(field, format!("Choose an answer for {label}"));
            return None;
        }
        let parsed = parse(value);
        if parsed.is_none() {
            self.push(field, format!("\"{value}\" is not an answer for {label}; the allowed values are {}", allowed()));
        }
        parsed
    }

    /// Parses a required whole number in `min..=max`.
    fn number(&mut self, field: &'static str, value: &str, min: u32, max: u32, rule: &str) -> Option<u32> {
        match self.optional_number(field, value, min, max, rule) {
            Some(Some(number)) => Some(number),
            Some(None) => {
                self.push(field, format!("{rule}; this field is required"));
                None
            }
            None => None,
        }
    }

    /// Parses an optional whole number: `Some(None)` for blank, `None` after recording an error.
    fn optional_number(&mut self, field: &'static str, value: &str, min: u32, max: u32, rule: &str) -> Option<Option<u32>> {
        let value = value.trim();
        if value.is_empty() {
            return Some(None);
        }
        match value.parse::<u32>() {
            Ok(number) if (min..=max).contains(&number) => Some(Some(number)),
            Ok(number) => {
                self.push(field, format!("{rule}; {number} is out of range"));
                None
            }
            // Digits that overflow u32 are a number far out of range, not a malformed one.
            Err(_) if value.bytes().all(|byte| byte.is_ascii_digit()) => {
                self.push(field, format!("{rule}; {value} is out of range"));
                None
            }
            Err(_) => {
                self.push(field, format!("{rule}; \"{value}\" is not a whole number"));
                None
            }
        }
    }

    fn checkbox(&mut self, field: &'static str, value: &str) -> Option<bool> {
        match value.trim() {
            "" | "no" => Some(false),
            "yes" => Some(true),
            other => {
                self.push(field, format!("\"{other}\" is not a yes/no answer; tick the box for yes or leave it empty for no"));
                None
            }
        }
    }

    fn interests(&mut self, values: &[String]) -> Option<BTreeSet<Interest>> {
        let mut interests = BTreeSet::new();
        for value in values {
            match Interest::parse(value.trim()) {
                Some(interest) => {
                    interests.insert(interest);
                }
                None => {
                    self.push("interests", format!("Interest \"{value}\" is not an option; choose from {}", Interest::allowed()));
                    return None;
                }
            }
        }
        Some(interests)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: time::Date = date!(2026 - 12 - 04);

    pub(crate) fn valid_input() -> ProfileInput {
        ProfileInput {
            step1: "pass".into(),
            step2_ck: "248".into(),
            exam_failures: "0".into(),
            graduation_year: "2026".into(),
            ecfmg_status: "in-progress".into(),
            citizenship: "us-citizen".into(),
            training_status: "student".into(),
            previous_applications: "0".into(),
            usce_months: "4".into(),
            surgery_usce_months: "2".into(),
            research_items: "3".into(),
            cardiothoracic_research_items: "1".into(),
            first_author_items: "1".into(),
            us_letters: "3".into(),
            surgeon_letters: "2".into(),
            ct_or_vascular_letters: "0".into(),
            medicine_or_anesthesia_letters: "1".into(),
            needs_to_operate: "prefer".into(),
            interests: vec!["operating".into(), "critical-care".into()],
            lifestyle_priority: "medium".into(),
            risk_tolerance: "medium".into(),
            geography: "anywhere".into(),
            ..ProfileInput::default()
        }
    }

    fn errors_for(input: &ProfileInput) -> Vec<FieldError> {
        input.validate(TODAY).expect_err("input should be invalid")
    }

    fn fields(errors: &[FieldError]) -> Vec<&'static str> {
        errors.iter().map(|error| error.field).collect()
    }

    #[test]
    fn valid_input_parses() {
        let profile = valid_input().validate(TODAY).expect("valid");
        assert_eq!(profile.step2_ck, Some(248));
        assert_eq!(profile.interests.len(), 2);
        assert!(!profile.couples_match);
        assert_eq!(profile.budget_usd, None);
    }

    #[test]
    fn empty_input_names_every_required_field() {
        let errors = errors_for(&ProfileInput::default());
        let named = fields(&errors);
        for field in ["step1", "step2_expected", "exam_failures", "graduation_year", "ecfmg_status", "citizenship",
            "training_status", "previous_applications", "usce_months", "surgery_usce_months", "research_items",
            "us_letters", "needs_to_operate", "lifestyle_priority", "risk_tolerance", "geography"] {
            assert!(named.contains(&field), "no error for {field}: {named:?}");
        }
        assert!(!named.contains(&"budget_usd"), "budget is optional");
        assert!(!named.contains(&"interests"), "interests may be empty");
    }

    #[test]
    fn step2_score_out_of_range() {
        let mut input = valid_input();
        input.step2_ck = "301".into();
        let errors = errors_for(&input);
        assert_eq!(fields(&errors), vec!["step2_ck"]);
        assert!(errors[0].message.contains("1 to 300"), "{}", errors[0].message);
    }

    #[test]
    fn step2_pending_needs_future_month() {
        let mut input = valid_input();
        input.step2_ck = String::new();
        assert_eq!(fields(&errors_for(&input)), vec!["step2_expected"]);

        input.step2_expected = "2026-11".into();
        let errors = errors_for(&input);
        assert!(errors[0].message.contains("already passed"), "{}", errors[0].message);

        input.step2_expected = "June 2027".into();
        assert!(errors_for(&input)[0].message.contains("YYYY-MM"));

        input.step2_expected = "2027-06".into();
        let profile = input.validate(TODAY).expect("valid");
        assert_eq!(profile.step2_expected, Some(YearMonth { year: 2027, month: 6 }));
    }

    #[test]
    fn huge_number_is_out_of_range() {
        let mut input = valid_input();
        input.research_items = "99999999999999999999".into();
        let errors = errors_for(&input);
        assert!(errors[0].message.ends_with("99999999999999999999 is out of range."), "{}", errors[0].message);
    }

    #[test]
    fn words_and_negatives_rejected_as_numbers() {
        for bad in ["three", "-1", "2.5", "1e3"] {
            let mut input = valid_input();
            input.us_letters = bad.into();
            let errors = errors_for(&input);
            assert!(fields(&errors).contains(&"us_letters"), "{bad} accepted");
        }
    }

    #[test]
    fn graduation_year_bounds_follow_today() {
        let mut input = valid_input();
        input.graduation_year = "2029".into();
        assert!(errors_for(&input)[0].message.contains("1970 to 2028"));
        input.graduation_year = "2028".into();
        assert!(input.validate(TODAY).is_ok(), "a student graduating in spring 2028 applies in September 2027");
        input.graduation_year = "1969".into();
        assert_eq!(fields(&errors_for(&input)), vec!["graduation_year"]);
        input.graduation_year = "2027".into();
        input.training_status = "graduate".into();
        input.step2_ck = "248".into();
        assert!(errors_for(&input)[0].message.contains("in the future"));
    }

    #[test]
    fn subsets_cannot_exceed_totals() {
        let mut input = valid_input();
        input.surgery_usce_months = "5".into();
        input.cardiothoracic_research_items = "4".into();
        input.ct_or_vascular_letters = "3".into();
        let named = fields(&errors_for(&input));
        assert!(named.contains(&"surgery_usce_months"));
        assert!(named.contains(&"cardiothoracic_research_items"));
        assert!(named.contains(&"ct_or_vascular_letters"));
    }

    #[test]
    fn letter_groups_cannot_exceed_us_letters() {
        let mut input = valid_input();
        input.medicine_or_anesthesia_letters = "2".into();
        assert_eq!(fields(&errors_for(&input)), vec!["surgeon_letters"]);
    }

    #[test]
    fn unknown_choice_and_interest_rejected() {
        let mut input = valid_input();
        input.citizenship = "martian".into();
        input.interests.push("golf".into());
        let errors = errors_for(&input);
        assert_eq!(fields(&errors), vec!["citizenship", "interests"]);
        assert!(errors[0].message.contains("us-citizen, permanent-resident, needs-visa"));
        assert!(errors[0].message.contains("is not an answer for Citizenship"), "{}", errors[0].message);
    }

    #[test]
    fn pass_after_fail_needs_a_failure() {
        let mut input = valid_input();
        input.step1 = "pass-after-fail".into();
        assert_eq!(fields(&errors_for(&input)), vec!["exam_failures"]);
    }

    #[test]
    fn observership_only_needs_months() {
        let mut input = valid_input();
        input.usce_months = "0".into();
        input.surgery_usce_months = "0".into();
        input.observership_only = "yes".into();
        assert_eq!(fields(&errors_for(&input)), vec!["observership_only"]);
    }

    #[test]
    fn impossible_combinations_rejected() {
        let mut input = valid_input();
        input.step1 = "not-taken".into();
        input.ecfmg_status = "certified".into();
        assert_eq!(fields(&errors_for(&input)), vec!["ecfmg_status"]);

        let mut input = valid_input();
        input.graduation_year = "2010".into();
        assert_eq!(fields(&errors_for(&input)), vec!["graduation_year"], "a student who graduated in 2010");

        let mut input = valid_input();
        input.step2_expected = "2027-05".into();
        assert_eq!(fields(&errors_for(&input)), vec!["step2_expected"], "score and expected month together");
    }

    #[test]
    fn budget_accepts_dollar_formatting() {
        let mut input = valid_input();
        input.budget_usd = "$3,000".into();
        assert_eq!(input.validate(TODAY).expect("valid").budget_usd, Some(3000));
        input.budget_usd = "three thousand".into();
        assert_eq!(fields(&errors_for(&input)), vec!["budget_usd"]);
    }

    #[test]
    fn json_reports_all_problems_at_once() {
        let input = valid_input();
        let mut json = serde_json::json!({ "interests": input.interests });
        for (field, kind) in SCALAR_FIELDS {
            let text = input.clone().scalar_mut(field).expect("slot").clone();
            json[*field] = match kind {
                JsonKind::Number if text.is_empty() => Value::Null,
                JsonKind::Number => serde_json::json!(text.parse::<u32>().expect("number")),
                JsonKind::Boolean => Value::Bool(text == "yes"),
                JsonKind::Text => Value::String(text),
            };
        }
        json["us_letters"] = serde_json::json!("three");
        json["step2_ck"] = serde_json::json!(310);
        json["exam_failures"] = serde_json::json!(0);
        let errors = ProfileInput::validate_json(&json, TODAY).expect_err("invalid");
        let named = fields(&errors);
        assert!(named.contains(&"us_letters"), "{named:?}");
        assert!(named.contains(&"step2_ck"), "{named:?}");
        assert!(errors[0].message.starts_with("us_letters must be"), "{}", errors[0].message);
    }

    #[test]
    fn json_converts_types() {
        let json = serde_json::json!({
            "step1": "pass", "step2_ck": null, "step2_expected": "2027-05", "couples_match": true,
            "interests": ["operating"], "us_letters": 3
        });
        let (input, errors) = ProfileInput::from_json(&json);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(input.step2_ck, "");
        assert_eq!(input.couples_match, "yes");
        assert_eq!(input.us_letters, "3");
        assert_eq!(input.interests, vec!["operating".to_owned()]);
    }

    #[test]
    fn json_rejects_wrong_types_and_unknown_keys() {
        let json = serde_json::json!({ "us_letters": "3", "couples_match": "yes", "interests": "operating", "colour": 1 });
        let (_, errors) = ProfileInput::from_json(&json);
        let named = fields(&errors);
        assert!(named.contains(&"us_letters"));
        assert!(named.contains(&"couples_match"));
        assert!(named.contains(&"interests"));
        assert!(errors.iter().any(|error| error.message.contains("Unknown field \"colour\"")));
    }
}
