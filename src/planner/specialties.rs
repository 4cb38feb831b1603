//! Picks the specialties for a strategy, with roles, program ranges and fit notes.

use super::Context;
use super::profile::{Geography, Interest, LifestylePriority, NeedsToOperate, RiskTolerance};
use super::report::{FigureNote, GuideLink, ProgramRange, Role, SpecialtyPlan, Tier};
use crate::data::{SPECIALTY_MEASURES, Unit, format_value, label_of};
use super::strategy::Code;

/// I-6 applications kept to a handful in strategy B.
const FEW_I6_PROGRAMS: ProgramRange = ProgramRange { min: 3, max: 8 };

/// Interests each specialty serves, used for the fit notes.
fn served_interests(slug: &str) -> &'static [Interest] {
    use Interest::*;
    match slug {
        "thoracic-surgery" => &[Operating, HemodynamicsAndValves, CriticalCare],
        "general-surgery" => &[Operating, AcuteCare, CriticalCare],
        "vascular-surgery" => &[Operating, Endovascular],
        "surgery-preliminary" | "orthopaedic-surgery" => &[Operating],
        "internal-medicine" => &[HemodynamicsAndValves, CriticalCare, CardiacImaging],
        "anesthesiology" => &[PerioperativePhysiology, CriticalCare, HemodynamicsAndValves],
        "emergency-medicine" => &[AcuteCare, CriticalCare],
        "diagnostic-radiology" => &[CardiacImaging],
        "interventional-radiology" => &[Endovascular, CardiacImaging],
        "physical-medicine-rehabilitation" => &[Rehabilitation],
        _ => &[],
    }
}

/// A specialty chosen for the list, before the notes are written.
struct Pick {
    slug: &'static str,
    role: Role,
    programs: Option<ProgramRange>,
    reasons: Vec<String>,
}

fn pick_of(slug: &'static str, role: Role, reason: &str) -> Pick {
    Pick { slug, role, programs: None, reasons: vec![reason.to_owned()] }
}

/// Returns the medical or anesthesia specialty that best fits the stated interests.
///
/// Anesthesiology takes few US IMGs (about 47 matched in 2025, derived from NRMP figures). It is
/// therefore chosen only for a stated interest in perioperative physiology, and otherwise internal
/// medicine is.
fn medical_partner(context: &Context) -> &'static str {
    if context.profile.has_interest(Interest::PerioperativePhysiology) { "anesthesiology" } else { "internal-medicine" }
}

fn medical_partner_reason(slug: &str) -> &'static str {
    if slug == "anesthesiology" {
        "Anesthesiology keeps you in the operating room and the cardiac ICU, where your interest in perioperative physiology points; it takes few US IMGs (about 47 matched in 2025, derived from NRMP figures), so apply broadly."
    } else {
        "Internal medicine leads to cardiology and critical care, the medical side of heart disease, and it is the largest door for US IMGs: about 1,150 matched in 2025 (derived from NRMP figures)."
    }
}

fn i6_in_reach(context: &Context) -> bool {
    context.profile.step2_ck.is_some_and(|score| score >= context.rules.thresholds.step2_ck.i6_minimum)
}

pub fn pick(context: &Context, code: Code, tier: Tier) -> Vec<SpecialtyPlan> {
    let profile = context.profile;
    let mut picks = Vec::new();

    match code {
        Code::A => {
            if i6_in_reach(context) {
                picks.push(pick_of("thoracic-surgery", Role::Reach,
                    "Your score and profile make I-6 worth a reach, but IMGs matched none of the 48 I-6 positions in 2024 (STS blog, citing NRMP), so it is never the plan."));
            }
            picks.push(pick_of("general-surgery", Role::Primary,
                "Categorical general surgery is the realistic surgical goal and the prerequisite for a thoracic fellowship."));
            picks.push(pick_of("vascular-surgery", Role::Reach,
                "Integrated vascular programs take one or two residents each and matched applicants other than US MD graduates 17% of the time in 2008–2021 (Silvestre et al., Ann Vasc Surg 2023), so apply selectively."));
            if profile.risk_tolerance == RiskTolerance::Low {
                picks.push(pick_of("internal-medicine", Role::Safety,
                    "Your risk tolerance is low, so a medical safety net protects you from an unmatched year."));
            }
        }
        Code::B => {
            picks.push(pick_of("general-surgery", Role::Primary,
                "Categorical general surgery keeps the fellowship route to CT open and is far more attainable for IMGs than I-6."));
            if i6_in_reach(context) && profile.cardiothoracic_research_items >= 1 {
                picks.push(Pick { programs: Some(FEW_I6_PROGRAMS), ..pick_of("thoracic-surgery", Role::Reach,
                    "Your score and cardiothoracic research justify a handful of I-6 applications, no more.") });
            }
            if profile.needs_to_operate == NeedsToOperate::Must {
                picks.push(pick_of("surgery-preliminary", Role::Safety,
                    "A preliminary surgery year is a surgical bridge if categorical positions fall through; rank it below every categorical program you would accept."));
                if profile.risk_tolerance != RiskTolerance::High {
                    let partner = medical_partner(context);
                    picks.push(pick_of(partner, Role::Backup, medical_partner_reason(partner)));
                }
            } else {
                let partner = medical_partner(context);
                let role = if tier == Tier::Developing { Role::Primary } else { Role::Backup };
                picks.push(pick_of(partner, role, medical_partner_reason(partner)));
            }
        }
        Code::C => {
            if tier == Tier::Strong && i6_in_reach(context) {
                picks.push(pick_of("thoracic-surgery", Role::Reach,
                    "Your profile supports a few I-6 applications beside the two equal goals."));
            }
            picks.push(pick_of("general-surgery", Role::Primary,
                "General surgery is the surgical half of your parallel plan and the door to a thoracic fellowship."));
            let partner = medical_partner(context);
            picks.push(pick_of(partner, Role::Primary, medical_partner_reason(partner)));
        }
        Code::D if profile.needs_to_operate == NeedsToOperate::Must && profile.risk_tolerance == RiskTolerance::High => {
            picks.push(pick_of("general-surgery", Role::Primary,
                "For the cycle after this one: you must operate and would rather reapply than settle, so the plan is to close the gaps and then apply broadly to categorical general surgery, not to send a non-surgical application now."));
        }
        Code::D => {
            let partner = medical_partner(context);
            let reason = format!("Only if you must apply this cycle. {}", medical_partner_reason(partner));
            picks.push(pick_of(partner, Role::Primary, &reason));
        }
    }

    add_interest_picks(context, code, &mut picks);

    picks.into_iter().map(|pick| describe(context, pick)).collect()
}

/// Adds a diversified backup for a high lifestyle priority and an endovascular option where asked for.
fn add_interest_picks(context: &Context, code: Code, picks: &mut Vec<Pick>) {
    let profile = context.profile;
    let has = |picks: &Vec<Pick>, slug: &str| picks.iter().any(|pick| pick.slug == slug);

    if code != Code::D && profile.lifestyle_priority == LifestylePriority::High && profile.needs_to_operate != NeedsToOperate::Must {
        let slug = if profile.has_interest(Interest::AcuteCare) {
            "emergency-medicine"
        } else if profile.has_interest(Interest::Rehabilitation) {
            "physical-medicine-rehabilitation"
        } else if profile.has_interest(Interest::CardiacImaging) {
            "diagnostic-radiology"
        } else {
            "anesthesiology"
        };
        if !has(picks, slug) {
            picks.push(pick_of(slug, Role::Backup,
                "You put a high priority on lifestyle, so one backup is a specialty with more predictable hours that you could practice gladly."));
        }
    }

    if profile.has_interest(Interest::Endovascular) && code != Code::D && !has(picks, "vascular-surgery") && profile.needs_to_operate != NeedsToOperate::Open {
        picks.push(pick_of("vascular-surgery", Role::Reach,
            "You listed endovascular work, which vascular surgery offers; apply selectively because integrated positions are few."));
    }
}

fn describe(context: &Context, pick: Pick) -> SpecialtyPlan {
    let info = context.rules.specialty(pick.slug);
    let programs = pick.programs
        .or_else(|| info.programs_for(pick.role))
        .or_else(|| info.programs_for(Role::Backup))
        .unwrap_or(ProgramRange { min: 20, max: 40 });
    let (guide_slug, anchor) = info.guide.split_once('#').unwrap_or((info.guide.as_str(), ""));

    SpecialtyPlan {
        slug: pick.slug.to_owned(),
        name: info.name.clone(),
        role: pick.role,
        programs,
        reasons: pick.reasons,
        path_to_ct: info.path_to_ct.clone(),
        fit: fit_notes(context, pick.slug, info.surgical, programs),
        long_term: info.long_term.clone(),
        figures: figures_for(context, pick.slug),
        guide: GuideLink::new(guide_slug, anchor, &info.name),
    }
}

/// Picks the newest positions and US IMG figures for a specialty from the Match data.
fn figures_for(context: &Context, slug: &str) -> Vec<FigureNote> {
    let data = &context.rules.data;
    let positions = data.latest(slug, "positions_offered").or_else(|| data.latest(slug, "positions_filled"));
    let matched = data.latest(slug, "us_img_matched").or_else(|| data.latest(slug, "all_img_match_rate"));
    [positions, matched]
        .into_iter()
        .flatten()
        .map(|figure| {
            let unit = if figure.measure.ends_with("_rate") { Unit::Percent } else { Unit::Count };
            FigureNote {
                label: label_of(SPECIALTY_MEASURES, &figure.measure),
                value: format_value(figure.value, unit),
                year: figure.year,
                source: data.source(&figure.source).short(),
                confidence: figure.confidence.label().to_owned(),
                derived: figure.derived,
            }
        })
        .collect()
}

/// Writes how the specialty meets, or fails, each stated preference.
fn fit_notes(context: &Context, slug: &str, surgical: bool, programs: ProgramRange) -> Vec<String> {
    let profile = context.profile;
    let mut notes = Vec::new();

    let served: Vec<&str> = served_interests(slug).iter().filter(|interest| profile.has_interest(**interest)).map(|interest| interest.label()).collect();
    if !served.is_empty() {
        notes.push(format!("Serves your stated interests: {}.", served.join(", ").to_lowercase()));
    } else if !profile.interests.is_empty() {
        notes.push("None of your stated interests is central to this specialty.".to_owned());
    }

    match (surgical, profile.needs_to_operate) {
        (false, NeedsToOperate::Must) => notes.push("You said you must operate; this is not an operating specialty. It is listed to protect you from going unmatched, and you can leave it off if an unmatched year is a risk you accept.".to_owned()),
        (false, NeedsToOperate::Prefer) => notes.push("You would prefer to operate; this specialty does not, though it keeps you close to procedures and to surgical patients.".to_owned()),
        (true, NeedsToOperate::Open) => notes.push("You are open to not operating; this choice keeps the operating route open if you want it.".to_owned()),
        _ => {}
    }

    if surgical && profile.lifestyle_priority == LifestylePriority::High {
        notes.push("You put a high priority on lifestyle; surgical training is long with heavy, irregular hours, so this choice works against that preference.".to_owned());
    }

    match profile.geography {
        Geography::OneCity => notes.push(format!("You limited yourself to one city. Few cities have {}-{} programs in one specialty, so this range cannot be met there: apply to every program in the city and accept a higher risk, or widen your area.", programs.min, programs.max)),
        Geography::Region => notes.push(format!("Within one region you may find fewer than {} programs; if so, add neighboring regions rather than cutting the number.", programs.min)),
        Geography::Anywhere => {}
    }

    if profile.couples_match {
        notes.push("In a couples match, count only programs near places your partner can also rank.".to_owned());
    }

    notes
}
