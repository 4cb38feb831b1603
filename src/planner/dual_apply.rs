//! Decides whether to apply to more than one specialty, and prices the application sets.

use super::Context;
use crate::data::group_thousands;
use super::profile::{NeedsToOperate, RiskTolerance};
use super::report::{DualApply, FeeLine, GuideLink, Role, SpecialtyPlan, Tier};

pub fn decide(context: &Context, tier: Tier, specialties: &[SpecialtyPlan]) -> DualApply {
    let profile = context.profile;
    let data = &context.rules.data;
    let eras = &data.fees.eras;
    let recommended = specialties.len() > 1;

    let medical: Vec<&str> = specialties
        .iter()
        .filter(|specialty| !context.rules.specialty(&specialty.slug).surgical)
        .map(|specialty| specialty.name.as_str())
        .collect();

    let mut reasons = vec![
        match tier {
            Tier::Strong => "Your profile is strong, so surgical applications carry less risk than for most US IMGs.",
            _ => "At this tier a surgery-only application carries a real risk of going unmatched.",
        }
        .to_owned(),
        match profile.risk_tolerance {
            RiskTolerance::Low => "You said you must match this cycle.",
            RiskTolerance::Medium => "You accept some risk, but would rather not lose a year.",
            RiskTolerance::High => "You said you would rather reapply than settle, which argues for a narrower list.",
        }
        .to_owned(),
        match profile.needs_to_operate {
            NeedsToOperate::Must => "You must operate, so a non-surgical specialty would be a real trade-off for you.",
            NeedsToOperate::Prefer => "You would prefer to operate, but did not rule out work outside the operating room.",
            NeedsToOperate::Open => "You are open to a career without operating.",
        }
        .to_owned(),
    ];
    reasons.push(if !recommended {
        "So this plan sends one application set, to the specialty listed.".to_owned()
    } else if !medical.is_empty() {
        format!("So the plan adds {} as a second specialty, with its own statement and letters.", medical.join(" and "))
    } else {
        "So every application set stays surgical; the extra sets are reaches or a preliminary bridge beside the main surgical goal.".to_owned()
    });

    let decision = match (recommended, medical.is_empty()) {
        (true, false) => format!("Apply to {} specialties, including a non-surgical one, each with its own statement and letters.", specialties.len()),
        (true, true) => format!("Apply to {} surgical specialties (separate ERAS application sets), each with its own statement and letters.", specialties.len()),
        (false, _) => "Apply to one specialty and put every effort into it.".to_owned(),
    };

    let letters = context.rules.thresholds.letters.aligned_per_specialty;
    let extra_work = if recommended {
        vec![
            format!("Write {} personal statements, one per specialty, and assign each to that specialty's programs.", specialties.len()),
            format!("Collect at least {letters} letters aligned with each specialty; ERAS lets you assign up to four per program."),
            if medical.is_empty() {
                "Write the experiences section once for all programs: every program receives the same entries, so describe them in terms every surgical program values.".to_owned()
            } else {
                "Write the experiences section once for all programs: every program receives the same entries, so describe them in terms both fields value.".to_owned()
            },
            "Prepare separate interview answers for each specialty, and never present either one as the backup.".to_owned(),
        ]
    } else {
        Vec::new()
    };

    let checklist = if recommended { mixed_message_checklist(specialties) } else { Vec::new() };

    let mut costs: Vec<FeeLine> = specialties
        .iter()
        .map(|specialty| FeeLine {
            item: format!("ERAS applications: {}, {} programs", specialty.name, specialty.programs.max),
            amount_usd: eras.cost(specialty.programs.max),
            basis: format!("{}: ${} each for the first {} programs, ${} each after; the tiers restart for each specialty ({})",
                eras.season, eras.first_tier_usd, eras.first_tier_programs, eras.after_tier_usd, data.source(&eras.source).short()),
        })
        .collect();
    costs.extend(data.fees.other.iter().map(|fee| FeeLine {
        item: fee.item.clone(),
        amount_usd: fee.amount_usd,
        basis: format!("{} ({})", fee.season, data.source(&fee.source).short()),
    }));
    let total_usd: u32 = costs.iter().map(|line| line.amount_usd).sum();

    let budget_note = profile.budget_usd.map(|budget| {
        if total_usd <= budget {
            format!("The estimate of ${} fits your budget of ${}.", group_thousands(u64::from(total_usd)), group_thousands(u64::from(budget)))
        } else {
            let minimum: u32 = specialties.iter().map(|specialty| eras.cost(specialty.programs.min)).sum::<u32>()
                + data.fees.other.iter().map(|fee| fee.amount_usd).sum::<u32>();
            let trim = if specialties.iter().any(|specialty| specialty.role == Role::Reach) {
                "drop reach applications before anything else"
            } else if specialties.iter().any(|specialty| matches!(specialty.role, Role::Backup | Role::Safety)) {
                "trim backup and safety lists before the primary one"
            } else {
                "move each list toward the low end of its range"
            };
            format!("The estimate of ${} exceeds your budget of ${} by ${}. At the low end of each range the bill is ${}. If you must cut, {trim}, and ask whether you qualify for the AAMC Fee Assistance Program.",
                group_thousands(u64::from(total_usd)), group_thousands(u64::from(budget)), group_thousands(u64::from(total_usd - budget)), group_thousands(u64::from(minimum)))
        }
    });

    DualApply {
        recommended,
        decision,
        reasons,
        extra_work,
        checklist,
        costs,
        total_usd,
        budget_note,
        guide: GuideLink::new("dual-applying", "when-it-pays", "Dual applying"),
    }
}

/// Lists the checks that keep applications to several specialties from contradicting each other.
fn mixed_message_checklist(specialties: &[SpecialtyPlan]) -> Vec<String> {
    let names: Vec<&str> = specialties.iter().map(|specialty| specialty.name.as_str()).collect();
    vec![
        "Experiences section: every program sees the same entries, so drop lines such as \"I only want to operate\" and describe each experience by what you did and learned.".to_owned(),
        format!("Personal statements: one per specialty ({}), each assigned only to that specialty's programs; check the assignments in ERAS before you certify.", names.join(", ")),
        "Letter writers: tell each writer which specialty the letter supports, and assign surgeons' letters to surgical programs and the others to theirs.".to_owned(),
        "Same institution: when two departments of one hospital interview you, expect them to compare notes; be consistent and honest about your interests in both.".to_owned(),
    ]
}
