//! The planner: a pure function from a validated profile, the rules and today's date to a report.
//!
//! Steps: assess competitiveness, find red flags, choose a strategy, pick specialties, decide on
//! dual applying and price it, then advise on materials, interviews and the rank list, and
//! summarize the top actions. Nothing here touches HTTP or storage.

mod advice;
mod choice;
mod competitiveness;
mod dual_apply;
pub mod input;
pub mod profile;
mod ranking;
mod red_flags;
pub mod report;
pub mod rules;
mod specialties;
mod strategy;
mod summary;
mod timeline;

pub use input::{FieldError, ProfileInput};
pub use profile::Profile;
pub use report::Report;
pub use rules::Rules;

use profile::{EcfmgStatus, Step1, YearMonth};

/// Version of the planning rules; stored with each report so old links keep their meaning.
pub const PLANNER_VERSION: u32 = 4;

/// Month in which programs start reviewing ERAS applications.
const REVIEW_MONTH: u8 = 9;

/// Writes a count with its noun, such as `1 letter` or `3 letters`.
pub(crate) fn count(number: impl Into<i64>, singular: &str, plural: &str) -> String {
    let number = number.into();
    if number == 1 { format!("1 {singular}") } else { format!("{number} {plural}") }
}

/// Builds the report for `profile` as of `today`.
pub fn plan(profile: &Profile, rules: &Rules, today: time::Date) -> Report {
    let context = Context { profile, rules, today };

    let competitiveness = competitiveness::assess(&context);
    let red_flags = red_flags::find(&context);
    let strategy_code = strategy::choose(&context, competitiveness.tier);
    let specialties = specialties::pick(&context, strategy_code, competitiveness.tier);
    let strategy = strategy::explain(&context, strategy_code, competitiveness.tier, &specialties);
    let dual_apply = dual_apply::decide(&context, competitiveness.tier, &specialties);
    let materials = advice::materials(&context, &specialties);
    let interviews = advice::interviews(&context, &specialties, dual_apply.recommended);
    let rank_list = ranking::rank_list(&context, strategy_code, &specialties);
    let has_surgery = specialties.iter().any(|specialty| rules.specialty(&specialty.slug).surgical);
    // A preliminary surgery year only arises for a student who applies to surgery.
    let prelim_scenario = has_surgery.then(|| ranking::prelim_scenario(&context, &specialties));
    let summary = summary::summarize(&context, &strategy, &red_flags, &specialties, &materials);
    let timeline = timeline::build(&context, &specialties);

    Report {
        planner_version: PLANNER_VERSION,
        summary: Some(summary),
        competitiveness,
        red_flags,
        strategy,
        specialties,
        dual_apply,
        prelim_scenario,
        materials: Some(materials),
        interviews: Some(interviews),
        rank_list: Some(rank_list),
        timeline: Some(timeline),
    }
}

/// The inputs every planning step reads, with the date arithmetic they share.
pub(crate) struct Context<'a> {
    pub profile: &'a Profile,
    pub rules: &'a Rules,
    pub today: time::Date,
}

impl Context<'_> {
    /// Years between graduation and the September in which applications go out, the point at
    /// which programs apply their year-of-graduation screens.
    pub fn years_since_graduation(&self) -> i32 {
        self.submission_month().year - self.profile.graduation_year
    }

    /// Returns the September in which this applicant's next ERAS applications go to programs.
    pub fn submission_month(&self) -> YearMonth {
        let this_month = YearMonth::from_date(self.today);
        let year = if this_month.month <= REVIEW_MONTH { this_month.year } else { this_month.year + 1 };
        YearMonth { year, month: REVIEW_MONTH }
    }

    /// Returns the year of the rank order list deadline (early March) that follows the submission.
    pub fn rol_deadline_year(&self) -> i32 {
        self.submission_month().year + 1
    }

    /// True when Step 2 CK is pending and expected in or after the month programs start review.
    pub fn step2_too_late(&self) -> bool {
        match (self.profile.step2_ck, self.profile.step2_expected) {
            (None, Some(expected)) => expected >= self.submission_month(),
            _ => false,
        }
    }

    /// True when ECFMG cannot plausibly be met by the rank list deadline: nothing started and Step 1 not taken.
    pub fn ecfmg_unreachable(&self) -> bool {
        self.profile.ecfmg_status == EcfmgStatus::NotStarted && self.profile.step1 == Step1::NotTaken
    }

    /// Names the gaps that make this cycle's surgical applications mostly wasted.
    pub fn blocking_gaps(&self) -> Vec<&'static str> {
        let mut gaps = Vec::new();
        if self.profile.usce_months == 0 {
            gaps.push("no US clinical experience");
        }
        if self.profile.us_letters == 0 {
            gaps.push("no US letters");
        }
        if self.step2_too_late() {
            gaps.push("a Step 2 CK score due after programs start reviewing");
        }
        if self.ecfmg_unreachable() {
            gaps.push("ECFMG requirements that cannot be met by the rank list deadline");
        }
        gaps
    }

    pub fn has_blocking_gap(&self) -> bool {
        !self.blocking_gaps().is_empty()
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod properties;
