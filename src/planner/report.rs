//! The report the planner produces, stored as JSON and rendered as a page.
//!
//! Stored reports are read back with these types. New fields therefore carry
//! `#[serde(default)]`, so a link made by an older planner keeps opening.

use serde::{Deserialize, Serialize};

/// A link into the guide: the page slug and an optional heading anchor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuideLink {
    pub slug: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor: Option<String>,
    pub title: String,
}

impl GuideLink {
    pub fn new(slug: &str, anchor: &str, title: &str) -> Self {
        GuideLink {
            slug: slug.to_owned(),
            anchor: (!anchor.is_empty()).then(|| anchor.to_owned()),
            title: title.to_owned(),
        }
    }

    pub fn href(&self) -> String {
        match &self.anchor {
            Some(anchor) => format!("/guide/{}#{}", self.slug, anchor),
            None => format!("/guide/{}", self.slug),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Version of the planning rules that produced this report.
    pub planner_version: u32,
    /// Absent from reports made before planner version 2.
    #[serde(default)]
    pub summary: Option<Summary>,
    pub competitiveness: Competitiveness,
    pub red_flags: Vec<RedFlag>,
    pub strategy: Strategy,
    pub specialties: Vec<SpecialtyPlan>,
    pub dual_apply: DualApply,
    #[serde(default)]
    pub prelim_scenario: Option<PrelimScenario>,
    #[serde(default)]
    pub materials: Option<Materials>,
    #[serde(default)]
    pub interviews: Option<Interviews>,
    #[serde(default)]
    pub rank_list: Option<RankList>,
    #[serde(default)]
    pub timeline: Option<Timeline>,
}

/// The dated steps from today to Match Day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timeline {
    /// The Match (in March of this year) that the plan aims at.
    pub match_year: i32,
    pub note: String,
    pub items: Vec<TimelineItem>,
    pub guide: GuideLink,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineItem {
    /// Stable name of the step, used for calendar UIDs.
    pub key: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    pub title: String,
    pub detail: String,
    /// True when the date was already past on the day the report was made.
    pub overdue: bool,
    /// Whether the date is published, third-party, projected, or a planning date of planb's.
    pub status: String,
    #[serde(default)]
    pub source: String,
}

/// The few things to do first, drawn from the rest of the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub top_actions: Vec<String>,
}

/// The meaning of a preliminary-surgery-only match, and a prelim's place on the rank list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PrelimScenario {
    pub meaning: Vec<String>,
    pub rank_position: String,
    pub guide: GuideLink,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Materials {
    /// One personal statement per family of specialties applied to.
    pub statements: Vec<StatementPlan>,
    pub letters: Vec<LetterPlan>,
    /// Advice on the experiences section, which every program receives unchanged.
    pub experiences: Vec<String>,
    pub guide: GuideLink,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatementPlan {
    /// Names of the specialties this statement is assigned to.
    pub specialties: Vec<String>,
    pub stress: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LetterPlan {
    pub specialties: Vec<String>,
    /// The letters to assign to these programs.
    pub plan: String,
    /// The letters the profile reports, set against that plan.
    pub have: String,
    /// A warning when the profile falls short of the plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gap: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Interviews {
    pub plans: Vec<InterviewPlan>,
    /// Advice for interviewing with two departments of one institution, when dual applying.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub same_institution: Option<String>,
    pub guide: GuideLink,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InterviewPlan {
    pub specialties: Vec<String>,
    pub points: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankList {
    pub scenarios: Vec<RankScenario>,
    pub unmatched_cost: Vec<String>,
    pub guide: GuideLink,
}

/// If interviews go a certain way, how to order the list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankScenario {
    pub when: String,
    pub then: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tier {
    Strong,
    Moderate,
    Developing,
}

impl Tier {
    pub fn label(self) -> &'static str {
        match self {
            Tier::Strong => "strong",
            Tier::Moderate => "moderate",
            Tier::Developing => "developing",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Competitiveness {
    pub tier: Tier,
    /// One or two sentences on how the factors combine into the tier.
    pub summary: String,
    pub factors: Vec<Factor>,
    pub guide: GuideLink,
}

/// The reading of one factor for this profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Rating {
    Strength,
    Adequate,
    Concern,
}

impl Rating {
    pub fn label(self) -> &'static str {
        match self {
            Rating::Strength => "strength",
            Rating::Adequate => "adequate",
            Rating::Concern => "concern",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Factor {
    /// Stable machine name, such as `step2_ck` or `us_letters`.
    pub code: String,
    pub name: String,
    pub rating: Rating,
    /// The profile's value for the factor, in words.
    pub reading: String,
    /// The reason programs weigh the factor.
    pub why: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RedFlag {
    pub code: String,
    pub title: String,
    pub message: String,
    pub fix: String,
    pub guide: GuideLink,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Strategy {
    /// `A` to `D`.
    pub code: String,
    pub title: String,
    pub summary: String,
    pub reasons: Vec<String>,
    /// For strategy D: each gap to close and the date to close it by.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fixes: Vec<Fix>,
    pub guide: GuideLink,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fix {
    pub what: String,
    pub by: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Reach,
    Primary,
    Backup,
    Safety,
}

impl Role {
    pub fn label(self) -> &'static str {
        match self {
            Role::Reach => "reach",
            Role::Primary => "primary",
            Role::Backup => "backup",
            Role::Safety => "safety",
        }
    }
}

/// A range of programs to apply to; always an estimate, never a published figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgramRange {
    pub min: u32,
    pub max: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpecialtyPlan {
    pub slug: String,
    pub name: String,
    pub role: Role,
    pub programs: ProgramRange,
    pub reasons: Vec<String>,
    /// The route from this specialty toward heart and chest work.
    pub path_to_ct: String,
    /// Notes on the specialty's fit with the stated interests, lifestyle, geography and need to operate,
    /// including plain statements where a preference cannot be met.
    pub fit: Vec<String>,
    /// Steps from this specialty back toward heart and chest work over a career.
    #[serde(default)]
    pub long_term: Vec<String>,
    /// Published Match figures for the specialty, newest year first per measure.
    #[serde(default)]
    pub figures: Vec<FigureNote>,
    pub guide: GuideLink,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DualApply {
    /// True when the plan sends application sets to more than one specialty.
    pub recommended: bool,
    pub decision: String,
    pub reasons: Vec<String>,
    pub extra_work: Vec<String>,
    /// Checks that keep two applications from sending mixed messages; empty for one specialty.
    #[serde(default)]
    pub checklist: Vec<String>,
    pub costs: Vec<FeeLine>,
    /// Estimated total of `costs` at the upper end of the program ranges, in US dollars.
    pub total_usd: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget_note: Option<String>,
    pub guide: GuideLink,
}

/// One priced item of the application bill.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeeLine {
    pub item: String,
    pub amount_usd: u32,
    /// The source of the price and the season it applies to.
    pub basis: String,
}

/// One published figure shown beside a specialty, with where it comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FigureNote {
    pub label: String,
    /// The formatted value, such as `1,778`.
    pub value: String,
    pub year: i32,
    /// Short citation: publisher and year.
    pub source: String,
    pub confidence: String,
    /// True when the value was computed from a published percentage.
    pub derived: bool,
}

impl FeeLine {
    /// Returns the amount with thousands separators, such as `2,430`.
    pub fn amount_text(&self) -> String {
        crate::data::group_thousands(u64::from(self.amount_usd))
    }
}

impl DualApply {
    /// Returns the total with thousands separators.
    pub fn total_text(&self) -> String {
        crate::data::group_thousands(u64::from(self.total_usd))
    }
}
