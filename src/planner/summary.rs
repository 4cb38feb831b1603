//! The three most important actions, drawn from the finished report sections.

use super::Context;
use super::report::{Materials, RedFlag, Role, SpecialtyPlan, Strategy, Summary};

const TOP_ACTIONS: usize = 3;

/// Red flags whose fix most changes the outcome, most urgent first.
const URGENT_FLAGS: &[&str] = &["ecfmg-deadline", "step2-pending", "no-usce", "no-us-letters", "observership-only", "exam-failure", "old-graduation", "visa-needed"];

pub fn summarize(context: &Context, strategy: &Strategy, red_flags: &[RedFlag], specialties: &[SpecialtyPlan], materials: &Materials) -> Summary {
    let mut actions: Vec<String> = strategy.fixes.iter().map(|fix| format!("{} ({}).", fix.what.trim_end_matches('.'), fix.by)).collect();

    for code in URGENT_FLAGS {
        if let Some(flag) = red_flags.iter().find(|flag| flag.code == *code) {
            actions.push(flag.fix.clone());
        }
    }
    for letters in &materials.letters {
        if let Some(gap) = &letters.gap {
            actions.push(gap.clone());
        }
    }
    if let Some(primary) = specialties.iter().find(|specialty| specialty.role == Role::Primary) {
        actions.push(format!("Apply to {}–{} {} programs on the first day ERAS accepts submissions, in September {}.",
            primary.programs.min, primary.programs.max, primary.name, context.submission_month().year));
    }

    let mut unique: Vec<String> = Vec::new();
    for action in actions {
        if !unique.contains(&action) {
            unique.push(action);
        }
    }
    unique.truncate(TOP_ACTIONS);
    Summary { top_actions: unique }
}
