//! The validated applicant profile that the planner reads.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::choice::choice;

choice! {
    /// Outcome of USMLE Step 1, which has been pass/fail since 2022.
    pub enum Step1 {
        Pass => ("pass", "Passed on the first attempt"),
        PassAfterFail => ("pass-after-fail", "Passed after a failed attempt"),
        NotTaken => ("not-taken", "Not taken yet"),
    }
}

choice! {
    /// Progress toward ECFMG certification.
    pub enum EcfmgStatus {
        Certified => ("certified", "Certified"),
        RequirementsMet => ("requirements-met", "Exam and Pathway requirements met, not yet certified"),
        InProgress => ("in-progress", "In progress"),
        NotStarted => ("not-started", "Not started"),
    }
}

choice! {
    /// Citizenship and visa position; NRMP counts only US citizens as US IMGs.
    pub enum Citizenship {
        UsCitizen => ("us-citizen", "US citizen"),
        PermanentResident => ("permanent-resident", "US permanent resident (green card)"),
        NeedsVisa => ("needs-visa", "Needs a visa to train in the US"),
    }
}

choice! {
    /// The applicant's current stage of training.
    pub enum TrainingStatus {
        Student => ("student", "Medical student"),
        Graduate => ("graduate", "Graduate, not in training"),
        PreliminaryResident => ("preliminary-resident", "Preliminary resident"),
        ResearchFellow => ("research-fellow", "Research fellow"),
    }
}

choice! {
    /// How much the applicant needs an operating career.
    pub enum NeedsToOperate {
        Must => ("must", "I must operate"),
        Prefer => ("prefer", "I would prefer to operate"),
        Open => ("open", "I am open to a career without operating"),
    }
}

choice! {
    /// Clinical interests that point toward particular backups.
    pub enum Interest {
        Operating => ("operating", "Operating"),
        Endovascular => ("endovascular", "Endovascular work"),
        HemodynamicsAndValves => ("hemodynamics-and-valves", "Hemodynamics and valves"),
        PerioperativePhysiology => ("perioperative-physiology", "Perioperative physiology"),
        CriticalCare => ("critical-care", "Critical care"),
        CardiacImaging => ("cardiac-imaging", "Cardiac imaging"),
        AcuteCare => ("acute-care", "Acute care"),
        Rehabilitation => ("rehabilitation", "Rehabilitation"),
    }
}

choice! {
    /// The weight of hours and predictability in the choice of specialty.
    pub enum LifestylePriority {
        Low => ("low", "Low: I accept long, irregular hours"),
        Medium => ("medium", "Medium"),
        High => ("high", "High: predictable hours matter a lot"),
    }
}

choice! {
    /// How much risk of going unmatched the applicant accepts.
    pub enum RiskTolerance {
        Low => ("low", "Low: I must match this cycle"),
        Medium => ("medium", "Medium"),
        High => ("high", "High: I would reapply rather than settle"),
    }
}

choice! {
    /// How far the applicant can move for residency.
    pub enum Geography {
        Anywhere => ("anywhere", "Anywhere in the US"),
        Region => ("region", "One region"),
        OneCity => ("one-city", "One city"),
    }
}

/// A calendar month, as entered in an `<input type="month">` (`YYYY-MM`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct YearMonth {
    pub year: i32,
    pub month: u8,
}

impl YearMonth {
    /// Parses `YYYY-MM`, returning `None` for any other shape or a month outside 1–12.
    pub fn parse(value: &str) -> Option<Self> {
        let (year, month) = value.split_once('-')?;
        if year.len() != 4 || month.len() != 2 {
            return None;
        }
        let year: i32 = year.parse().ok()?;
        let month: u8 = month.parse().ok()?;
        (1..=12).contains(&month).then_some(YearMonth { year, month })
    }

    pub fn from_date(date: time::Date) -> Self {
        YearMonth { year: date.year(), month: u8::from(date.month()) }
    }

    /// Counts whole months from `self` to `later`; negative when `later` is earlier.
    pub fn months_until(self, later: YearMonth) -> i32 {
        (later.year - self.year) * 12 + i32::from(later.month) - i32::from(self.month)
    }
}

impl std::fmt::Display for YearMonth {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "{:04}-{:02}", self.year, self.month)
    }
}

/// An applicant profile whose every field has passed validation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    pub step1: Step1,
    /// Step 2 CK three-digit score, or `None` when the exam is not yet taken.
    pub step2_ck: Option<u16>,
    /// Month the applicant expects to sit Step 2 CK; set only when `step2_ck` is `None`.
    pub step2_expected: Option<YearMonth>,
    /// Failed attempts on any USMLE step.
    pub exam_failures: u8,
    pub graduation_year: i32,
    pub ecfmg_status: EcfmgStatus,
    pub citizenship: Citizenship,
    pub training_status: TrainingStatus,
    /// Match cycles entered before this one.
    pub previous_applications: u8,
    /// Months of US clinical experience of any kind.
    pub usce_months: u8,
    /// Of `usce_months`, the months spent on surgical services.
    pub surgery_usce_months: u8,
    pub ct_or_vascular_rotation: bool,
    /// True when every US clinical month was an observership with no hands-on care.
    pub observership_only: bool,
    pub research_items: u16,
    pub cardiothoracic_research_items: u16,
    pub first_author_items: u16,
    pub us_letters: u8,
    pub surgeon_letters: u8,
    pub ct_or_vascular_letters: u8,
    pub medicine_or_anesthesia_letters: u8,
    pub leadership_or_qi: bool,
    pub needs_to_operate: NeedsToOperate,
    pub interests: BTreeSet<Interest>,
    pub lifestyle_priority: LifestylePriority,
    pub risk_tolerance: RiskTolerance,
    pub geography: Geography,
    pub couples_match: bool,
    /// Budget for application fees in US dollars, when the applicant gave one.
    pub budget_usd: Option<u32>,
}

impl Profile {
    pub fn has_interest(&self, interest: Interest) -> bool {
        self.interests.contains(&interest)
    }

    /// Months of hands-on US clinical care, which counts for far more than observing.
    pub fn hands_on_usce_months(&self) -> u8 {
        if self.observership_only { 0 } else { self.usce_months }
    }
}
