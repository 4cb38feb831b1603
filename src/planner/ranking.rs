//! Rank-list scenarios and the preliminary-year scenario for this profile.

use super::{Context, count};
use super::profile::{NeedsToOperate, RiskTolerance};
use super::report::{GuideLink, PrelimScenario, RankList, RankScenario, Role, SpecialtyPlan};
use super::strategy::Code;

fn first_name<'a>(specialties: &'a [SpecialtyPlan], surgical: bool, context: &Context) -> Option<&'a str> {
    specialties
        .iter()
        .find(|specialty| context.rules.specialty(&specialty.slug).surgical == surgical && specialty.slug != "surgery-preliminary" && specialty.role != Role::Reach)
        .map(|specialty| specialty.name.as_str())
}

pub fn rank_list(context: &Context, code: Code, specialties: &[SpecialtyPlan]) -> RankList {
    let surgical = first_name(specialties, true, context);
    let medical = first_name(specialties, false, context);
    let mut scenarios = Vec::new();

    match (code, surgical, medical) {
        (Code::D, _, Some(medical)) => scenarios.push(RankScenario {
            when: "If you apply this cycle despite the gaps".to_owned(),
            then: format!("Rank every {medical} program you would accept, most wanted first, and plan the surgical application for the next cycle."),
        }),
        (Code::C, Some(surgical), Some(medical)) => {
            scenarios.push(RankScenario {
                when: "When you have interviews in both specialties".to_owned(),
                then: format!("Both are real goals, so rank by where you would most like to train, mixing {surgical} and {medical} programs; ask at each: would I be glad to match here?"),
            });
            scenarios.push(RankScenario {
                when: "If one specialty gave you few interviews".to_owned(),
                then: "Rank the specialty with more categorical interviews first, because a longer list of places you would accept protects you most.".to_owned(),
            });
        }
        (_, Some(surgical), Some(medical)) => {
            scenarios.push(RankScenario {
                when: format!("If you have many categorical {surgical} interviews at programs you would be glad to join"),
                then: format!("Rank all of those first, then your {medical} programs."),
            });
            scenarios.push(RankScenario {
                when: "If surgery interviews are sparse, or mostly for preliminary positions".to_owned(),
                then: format!("Rank your categorical {medical} programs above preliminary surgery, and consider placing them above the surgery programs you want least: a complete residency beats an uncertain year."),
            });
        }
        (_, Some(surgical), None) => {
            scenarios.push(RankScenario {
                when: format!("If you have many categorical {surgical} interviews"),
                then: "Rank every categorical program you would accept, most wanted first; preliminary positions go after all of them.".to_owned(),
            });
            scenarios.push(RankScenario {
                when: "If surgery interviews are sparse".to_owned(),
                then: "With no medical specialty on the list, an unmatched year is a real risk: rank every acceptable categorical program and every preliminary position, and prepare for SOAP.".to_owned(),
            });
        }
        (_, None, Some(medical)) => scenarios.push(RankScenario {
            when: "Whatever your interviews".to_owned(),
            then: format!("Rank every {medical} program you would accept, most wanted first; a short list is the main cause of going unmatched."),
        }),
        (_, None, None) => {}
    }

    RankList {
        scenarios,
        unmatched_cost: unmatched_cost(context),
        guide: GuideLink::new("rank-list", "scenarios", "Building the rank list"),
    }
}

/// States what an unmatched year would cost this applicant.
fn unmatched_cost(context: &Context) -> Vec<String> {
    let years = context.years_since_graduation() + 1;
    let mut costs = vec![
        format!("A year without training: you would apply again with {} since graduation, closer to the 3-to-5-year screens many programs use.", count(years, "year", "years")),
        "You would apply as a reapplicant, and programs will ask what changed.".to_owned(),
        "Matched applicants ranked more programs than unmatched ones, about 10 against 4 (NRMP rank order list report, 2015 edition, as cited by a secondary source).".to_owned(),
    ];
    if context.profile.risk_tolerance == RiskTolerance::Low {
        costs.push("You said you must match this cycle, so weigh these costs above any single program's appeal.".to_owned());
    }
    costs
}

pub fn prelim_scenario(context: &Context, specialties: &[SpecialtyPlan]) -> PrelimScenario {
    let profile = context.profile;
    let medical = first_name(specialties, false, context);
    let years = context.years_since_graduation() + 1;

    let meaning = vec![
        "A preliminary surgery position is one year of surgical training with no promise of a second year.".to_owned(),
        "Non-designated preliminary residents reached a categorical position about 31% of the time in a national board roster (2009-2011), 41% in a five-program study, and 65-70% at single programs with structured mentoring.".to_owned(),
        "The American Board of Surgery requires a categorical PGY-3 and limits the number of programs you train in, so a second preliminary year does not lead to PGY-4.".to_owned(),
        format!("You would apply again that September with {} since graduation, so ask early for letters from your program director and faculty.", count(years, "year", "years")),
        "How a preliminary year affects funding of later training is disputed: ask the GME office of each program you consider instead of assuming.".to_owned(),
    ];

    let rank_position = match (profile.needs_to_operate, profile.risk_tolerance, medical) {
        (NeedsToOperate::Must, RiskTolerance::High, Some(medical)) => format!(
            "Rank preliminary surgery after every categorical surgery program. You must operate and accept risk, so you may place it above {medical}, knowing the odds above."),
        (_, _, Some(medical)) => format!(
            "Rank preliminary surgery below every categorical program you would accept, including {medical}: a categorical position is a complete residency, a preliminary one is a year."),
        (_, _, None) => "Rank preliminary surgery below every categorical program you would accept; it is a bridge, never the plan.".to_owned(),
    };

    PrelimScenario {
        meaning,
        rank_position,
        guide: GuideLink::new("prelim-years-and-soap", "prelim-outcomes", "Preliminary years and SOAP"),
    }
}
