//! Chooses strategy A to D and explains the choice from the profile.

use super::{Context, count};
use super::profile::{Interest, NeedsToOperate, RiskTolerance};
use super::report::{Fix, GuideLink, Role, SpecialtyPlan, Strategy, Tier};

/// Interests that show a love of cardiac physiology rather than of operating itself.
const CARDIAC_PHYSIOLOGY: &[Interest] = &[
    Interest::HemodynamicsAndValves,
    Interest::PerioperativePhysiology,
    Interest::CriticalCare,
    Interest::CardiacImaging,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    A,
    B,
    C,
    D,
}

pub fn choose(context: &Context, tier: Tier) -> Code {
    let profile = context.profile;
    let loves_physiology = CARDIAC_PHYSIOLOGY.iter().any(|interest| profile.has_interest(*interest));

    if context.has_blocking_gap() {
        Code::D
    } else if profile.needs_to_operate == NeedsToOperate::Open && loves_physiology {
        Code::C
    } else if tier == Tier::Strong {
        Code::A
    } else {
        Code::B
    }
}

pub fn explain(context: &Context, code: Code, tier: Tier, specialties: &[SpecialtyPlan]) -> Strategy {
    let profile = context.profile;
    let mut reasons = vec![format!("Your competitiveness reads as {} (see the factors above).", tier.label())];
    let mut fixes = Vec::new();

    let safety_net = code == Code::A && profile.risk_tolerance == RiskTolerance::Low;
    let (letter, title, summary, anchor) = match code {
        Code::A if safety_net => ("A", "Surgery only, with a safety net",
            "Apply broadly to categorical general surgery as the realistic goal, to I-6 programs as a reach and to vascular surgery selectively, with internal medicine as a safety net.",
            "strategy-a"),
        Code::A => ("A", "Surgery only",
            "Apply broadly to categorical general surgery as the realistic goal, to I-6 programs as a reach, and to vascular surgery selectively.",
            "strategy-a"),
        Code::B => ("B", "General surgery first, with a true backup",
            "Apply broadly to categorical general surgery, and just as seriously to a second specialty at programs tied to strong heart centers.",
            "strategy-b"),
        Code::C => ("C", "CT-adjacent in parallel",
            "Apply to one surgical and one medical or anesthesia specialty as equal goals, aiming at large heart centers.",
            "strategy-c"),
        Code::D => ("D", "Strengthen before applying",
            "Fix the gaps below before sending surgical applications; if you must apply this cycle, apply to the best non-surgical option instead.",
            "strategy-d"),
    };

    match code {
        Code::A => {
            reasons.push(format!("You {} operate, and a strong profile can carry a surgery-only list.", match profile.needs_to_operate {
                NeedsToOperate::Must => "must",
                _ => "would prefer to",
            }));
            if profile.risk_tolerance == RiskTolerance::Low {
                reasons.push("Your risk tolerance is low, so a medical safety net is added to the surgical applications.".to_owned());
            }
        }
        Code::B => {
            if tier == Tier::Developing {
                reasons.push("Several factors are concerns, and they are on the record rather than gaps you could close by September, so waiting a cycle would not change them.".to_owned());
                if profile.needs_to_operate != NeedsToOperate::Must {
                    reasons.push("The medical specialty is therefore a primary goal of equal weight, not a fallback.".to_owned());
                }
            } else {
                reasons.push("A moderate profile can win categorical general surgery interviews, but not reliably enough to skip a backup.".to_owned());
            }
            if profile.needs_to_operate == NeedsToOperate::Must {
                if profile.risk_tolerance == RiskTolerance::High {
                    reasons.push("You must operate and would rather reapply than settle, so the backups stay surgical and no medical specialty is listed; the price is a real chance of an unmatched year.".to_owned());
                } else {
                    reasons.push("You must operate, so surgical backups come first; a medical backup is still listed because your risk tolerance is not high, and the list says so where it contradicts your preference.".to_owned());
                }
            }
            reasons.push("I-6 programs are left off or kept to a handful, because they would cost money and can cost goodwill at general surgery interviews.".to_owned());
        }
        Code::C => {
            reasons.push("You are open to a career without operating and your interests lie in cardiac physiology, so a medical or anesthesia route is a goal in its own right, not a consolation.".to_owned());
        }
        Code::D => {
            fixes = gaps_to_fix(context);
            reasons.push(format!("{} would stop most surgical programs from reading further; each is listed below with the date to close it by.", count(fixes.len() as i64, "gap", "gaps")));
            if profile.needs_to_operate == NeedsToOperate::Must && profile.risk_tolerance == RiskTolerance::High {
                reasons.push("You must operate and would rather reapply than settle, so this plan skips the coming cycle: close the gaps, then apply to surgery the year after.".to_owned());
            } else if let Some(option) = specialties.iter().find(|specialty| specialty.role == Role::Primary) {
                reasons.push(format!("If you must apply now, {} is the best option for this profile (see the specialties below).", option.name));
            }
        }
    }

    Strategy {
        code: letter.to_owned(),
        title: title.to_owned(),
        summary: summary.to_owned(),
        reasons,
        fixes,
        guide: GuideLink::new("strategies", anchor, "Strategies A to D"),
    }
}

/// Lists the blocking gaps, each with what to do and the date to do it by.
fn gaps_to_fix(context: &Context) -> Vec<Fix> {
    let profile = context.profile;
    let submission = context.submission_month().year;
    let mut fixes = Vec::new();
    if profile.usce_months == 0 {
        fixes.push(Fix {
            what: "Arrange hands-on US rotations, surgical ones first: you have no US clinical experience.".to_owned(),
            by: format!("Started by June {submission}, so they finish before applications go out"),
        });
    }
    if profile.us_letters == 0 {
        fixes.push(Fix {
            what: "Earn US letters on hands-on rotations where the writers see your work: you have none.".to_owned(),
            by: format!("Uploaded by the end of August {submission}"),
        });
    }
    if context.step2_too_late() {
        fixes.push(Fix {
            what: "Move Step 2 CK earlier: the expected month is after programs start reviewing.".to_owned(),
            by: format!("Score reported by the end of August {submission}"),
        });
    }
    if context.ecfmg_unreachable() {
        fixes.push(Fix {
            what: "Start ECFMG now: Step 1, Step 2 CK, the Pathway and OET Medicine must all be done and verified.".to_owned(),
            by: format!("Verified before the rank order list deadline in early March {}", context.rol_deadline_year()),
        });
    }
    fixes
}
