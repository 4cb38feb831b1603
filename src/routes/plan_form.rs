//! Labels, help text and controls of the profile form, filled with submitted values and errors.

use crate::planner::input::{EARLIEST_GRADUATION_YEAR, latest_graduation_year};
use crate::planner::profile::{
    Citizenship, EcfmgStatus, Geography, Interest, LifestylePriority, NeedsToOperate, RiskTolerance, Step1, TrainingStatus,
};
use crate::planner::{FieldError, ProfileInput};

/// One `<option>`, radio or checkbox choice.
pub struct Choice {
    pub value: &'static str,
    pub label: &'static str,
    pub selected: bool,
}

/// One form control with everything the template needs to draw it.
pub struct Field {
    pub name: &'static str,
    pub label: &'static str,
    pub help: String,
    /// `number` (drawn as a numeric text box, so a mistyped value stays visible), `month`,
    /// `select`, `checkbox` or `checkboxes`.
    pub kind: &'static str,
    pub required: bool,
    pub value: String,
    pub choices: Vec<Choice>,
    pub error: Option<String>,
}

impl Field {
    pub fn id(&self) -> String {
        format!("field-{}", self.name)
    }

    /// Returns the answer as a person reads it: the option's label, yes or no, or the text.
    pub fn display_value(&self) -> String {
        let chosen: Vec<&str> = self.choices.iter().filter(|choice| choice.selected).map(|choice| choice.label).collect();
        match self.kind {
            "select" => chosen.first().copied().unwrap_or("Not given").to_owned(),
            "checkbox" => if chosen.is_empty() { "No" } else { "Yes" }.to_owned(),
            "checkboxes" if chosen.is_empty() => "None".to_owned(),
            "checkboxes" => chosen.join(", "),
            _ if self.value.is_empty() => "Not given".to_owned(),
            _ => self.value.clone(),
        }
    }

    /// Space-separated ids of the help and error texts, for `aria-describedby`.
    pub fn described_by(&self) -> String {
        match self.error {
            Some(_) => format!("{0}-error {0}-help", self.id()),
            None => format!("{}-help", self.id()),
        }
    }
}

pub struct Fieldset {
    pub legend: &'static str,
    pub fields: Vec<Field>,
}

/// Builds the form's fieldsets from what the student entered and the errors found in it.
pub fn fieldsets(input: &ProfileInput, errors: &[FieldError], this_year: i32) -> Vec<Fieldset> {
    let error_for = |name: &str| -> Option<String> {
        let messages: Vec<&str> = errors.iter().filter(|error| error.field == name).map(|error| error.message.as_str()).collect();
        (!messages.is_empty()).then(|| messages.join(" "))
    };
    let number = |name: &'static str, label: &'static str, value: &str, required: bool, help: String| Field {
        name, label, help, kind: "number", required,
        value: value.to_owned(), choices: Vec::new(), error: error_for(name),
    };
    let select = |name: &'static str, label: &'static str, value: &str, options: Vec<(&'static str, &'static str)>, help: &str| Field {
        name, label, help: help.to_owned(), kind: "select", required: true, value: value.to_owned(),
        choices: options.into_iter().map(|(option, text)| Choice { value: option, label: text, selected: option == value }).collect(),
        error: error_for(name),
    };
    let checkbox = |name: &'static str, label: &'static str, value: &str, help: &str| Field {
        name, label, help: help.to_owned(), kind: "checkbox", required: false, value: value.to_owned(),
        choices: vec![Choice { value: "yes", label, selected: ProfileInput::is_checked(value) }], error: error_for(name),
    };
    macro_rules! options {
        ($choice:ty) => {
            <$choice>::ALL.iter().map(|choice| (choice.as_str(), choice.label())).collect::<Vec<_>>()
        };
    }

    let exams = Fieldset {
        legend: "Exams and certification",
        fields: vec![
            select("step1", "USMLE Step 1", &input.step1, options!(Step1), "Step 1 is pass/fail; choose how you passed."),
            number("step2_ck", "Step 2 CK score", &input.step2_ck, true,
                "Your score, a whole number from 1 to 300. If you have not taken it yet, leave this empty and give the expected month below.".to_owned()),
            Field {
                name: "step2_expected", label: "Expected Step 2 CK month", kind: "month", required: true,
                help: "Only if you have no score yet: the month you will sit the exam, as YYYY-MM, within the next 36 months.".to_owned(),
                value: input.step2_expected.clone(), choices: Vec::new(), error: error_for("step2_expected"),
            },
            number("exam_failures", "Failed USMLE attempts", &input.exam_failures, true,
                "Failed attempts on any Step, 0 to 10. Enter 0 if none.".to_owned()),
            number("graduation_year", "Year of medical school graduation", &input.graduation_year, true,
                format!("Four-digit year from {EARLIEST_GRADUATION_YEAR} to {}; students enter the year they expect to graduate.", latest_graduation_year(this_year))),
            select("ecfmg_status", "ECFMG certification", &input.ecfmg_status, options!(EcfmgStatus),
                "Where you stand on the exam and Pathway (OET) requirements."),
        ],
    };
    let status = Fieldset {
        legend: "Status",
        fields: vec![
            select("citizenship", "Citizenship", &input.citizenship, options!(Citizenship),
                "NRMP counts only US citizens as US IMGs; green-card holders count as non-US IMGs."),
            select("training_status", "Training status", &input.training_status, options!(TrainingStatus), "What you are doing now."),
            number("previous_applications", "Previous Match cycles", &input.previous_applications, true,
                "Cycles in which you entered the Match before, 0 to 10.".to_owned()),
        ],
    };
    let experience = Fieldset {
        legend: "US clinical experience",
        fields: vec![
            number("usce_months", "US clinical experience", &input.usce_months, true,
                "Total months of US clinical rotations of any kind, hands-on or observing, 0 to 60.".to_owned()),
            number("surgery_usce_months", "Of which in surgery", &input.surgery_usce_months, true,
                "Months on surgical services, 0 to 60; part of the total above.".to_owned()),
            checkbox("ct_or_vascular_rotation", "I rotated on a cardiothoracic or vascular surgery service", &input.ct_or_vascular_rotation,
                "Tick if any US rotation was on a CT or vascular service."),
            checkbox("observership_only", "All of my US clinical time was observerships", &input.observership_only,
                "Tick if you had no hands-on US electives or sub-internships."),
        ],
    };
    let research = Fieldset {
        legend: "Research and leadership",
        fields: vec![
            number("research_items", "Research items", &input.research_items, true,
                "Publications, abstracts and presentations, 0 to 200.".to_owned()),
            number("cardiothoracic_research_items", "Of which cardiac, thoracic or vascular", &input.cardiothoracic_research_items, true,
                "Items on heart, chest or vascular topics, 0 to 200; part of the total.".to_owned()),
            number("first_author_items", "Of which first-authored", &input.first_author_items, true,
                "Items where you are first author, 0 to 200; part of the total.".to_owned()),
            checkbox("leadership_or_qi", "I have led a project, group or quality-improvement effort", &input.leadership_or_qi,
                "Tick for leadership roles or quality-improvement work."),
        ],
    };
    let letters = Fieldset {
        legend: "Letters of recommendation",
        fields: vec![
            number("us_letters", "US letters", &input.us_letters, true,
                "Letters you have or are sure to get from physicians in the US, 0 to 10.".to_owned()),
            number("surgeon_letters", "Of which from surgeons", &input.surgeon_letters, true,
                "US letters written by surgeons, 0 to 10.".to_owned()),
            number("ct_or_vascular_letters", "Of which from CT or vascular surgeons", &input.ct_or_vascular_letters, true,
                "Surgeon letters written by cardiothoracic or vascular surgeons, 0 to 10.".to_owned()),
            number("medicine_or_anesthesia_letters", "From internists or anesthesiologists", &input.medicine_or_anesthesia_letters, true,
                "US letters written by internists or anesthesiologists, 0 to 10; not counted among the surgeon letters.".to_owned()),
        ],
    };
    let preferences = Fieldset {
        legend: "Preferences and constraints",
        fields: vec![
            select("needs_to_operate", "Need to operate", &input.needs_to_operate, options!(NeedsToOperate),
                "How much an operating career matters to you."),
            Field {
                name: "interests", label: "Interests", kind: "checkboxes", required: false,
                help: "Tick any that draw you; they shape which backups fit.".to_owned(), value: String::new(),
                choices: Interest::ALL.iter().map(|interest| Choice {
                    value: interest.as_str(), label: interest.label(),
                    selected: input.interests.iter().any(|chosen| chosen == interest.as_str()),
                }).collect(),
                error: error_for("interests"),
            },
            select("lifestyle_priority", "Lifestyle priority", &input.lifestyle_priority, options!(LifestylePriority),
                "How much predictable hours weigh in your choice."),
            select("risk_tolerance", "Risk tolerance", &input.risk_tolerance, options!(RiskTolerance),
                "How you would feel about an unmatched year."),
            select("geography", "Geography", &input.geography, options!(Geography), "How far you can move for residency."),
            checkbox("couples_match", "I am entering the couples match", &input.couples_match,
                "Tick if you will pair your rank list with a partner's."),
            number("budget_usd", "Application budget (US dollars)", &input.budget_usd, false,
                "Optional: whole US dollars from 0 to 100,000 for application fees.".to_owned()),
        ],
    };

    vec![exams, status, experience, research, letters, preferences]
}
