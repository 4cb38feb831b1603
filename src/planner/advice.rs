//! Application materials and interview advice for the chosen specialties.
//!
//! Specialties of one family (for example categorical and preliminary surgery) share a
//! personal statement, a letter plan and interview advice, so the advice is grouped by family.

use super::{Context, count};
use super::report::{GuideLink, InterviewPlan, Interviews, LetterPlan, Materials, SpecialtyPlan, StatementPlan};

/// Groups specialty names by family, in the order the specialties appear.
fn by_family<'a>(context: &Context, specialties: &'a [SpecialtyPlan]) -> Vec<(String, Vec<&'a str>)> {
    let mut groups: Vec<(String, Vec<&str>)> = Vec::new();
    for specialty in specialties {
        let family = context.rules.specialty(&specialty.slug).family.clone();
        match groups.iter_mut().find(|(name, _)| *name == family) {
            Some((_, names)) => names.push(&specialty.name),
            None => groups.push((family, vec![&specialty.name])),
        }
    }
    groups
}

fn owned(names: &[&str]) -> Vec<String> {
    names.iter().map(|name| (*name).to_owned()).collect()
}

pub fn materials(context: &Context, specialties: &[SpecialtyPlan]) -> Materials {
    let groups = by_family(context, specialties);

    let statements = groups
        .iter()
        .map(|(family, names)| StatementPlan { specialties: owned(names), stress: context.rules.families[family].statement.clone() })
        .collect();
    let letters = groups.iter().map(|(family, names)| letter_plan(context, family, names)).collect();

    Materials {
        statements,
        letters,
        experiences: experience_framing(context, groups.len() > 1),
        guide: GuideLink::new("application-materials", "personal-statements", "Personal statements, experiences and letters"),
    }
}

/// Compares the letters the profile reports with the letters a family's programs expect.
fn letter_plan(context: &Context, family: &str, names: &[&str]) -> LetterPlan {
    let profile = context.profile;
    let needed = context.rules.thresholds.letters.aligned_per_specialty;
    let field = &context.rules.families[family].letter_field;

    let (plan, have, gap) = match family {
        "surgical" => {
            let plan = format!("At least {needed} letters from US surgeons, ideally one from a cardiothoracic or vascular surgeon.");
            let have = format!("You report {} from US surgeons, {} from CT or vascular surgeons.", count(profile.surgeon_letters, "letter", "letters"), profile.ct_or_vascular_letters);
            let gap = if profile.surgeon_letters < needed {
                Some(format!("You are {} short: ask surgeons who supervised you on a hands-on rotation, before August.", count(needed - profile.surgeon_letters, "surgeon letter", "surgeon letters")))
            } else if profile.ct_or_vascular_letters == 0 {
                Some("No letter yet from a CT or vascular surgeon: one would speak directly to your goal, so seek a rotation on such a service.".to_owned())
            } else {
                None
            };
            (plan, have, gap)
        }
        "medicine" | "anesthesiology" => {
            let plan = format!("At least {needed} US letters for these programs, with at least one from {field}.");
            let have = format!("You report {}, {} from internists or anesthesiologists (the profile counts the two together).",
                count(profile.us_letters, "US letter", "US letters"), profile.medicine_or_anesthesia_letters);
            let gap = if profile.medicine_or_anesthesia_letters == 0 {
                Some(format!("You have no letter from {field}: programs read its absence as a lack of interest, so earn one on a rotation in the field."))
            } else if profile.us_letters < needed {
                Some(format!("You have {} in all, short of the {needed} to assign to these programs.", count(profile.us_letters, "US letter", "US letters")))
            } else {
                None
            };
            (plan, have, gap)
        }
        _ => {
            let plan = format!("At least {needed} US letters for these programs, with at least one from {field}.");
            let have = format!("The profile does not count letters from {field}; you report {} in all.", count(profile.us_letters, "US letter", "US letters"));
            let gap = Some(format!("Check that at least one of your letters comes from {field}; if none does, arrange a rotation where one can see your work."));
            (plan, have, gap)
        }
    };
    LetterPlan { specialties: owned(names), plan, have, gap }
}

/// Advises on the ERAS experiences section, which every program receives unchanged.
fn experience_framing(context: &Context, several_families: bool) -> Vec<String> {
    let profile = context.profile;
    let mut framing = vec!["List hands-on US clinical work first, with what you did yourself rather than what you saw.".to_owned()];
    if several_families {
        framing.push("Every program sees the same entries, so write them in terms both fields value: teamwork, critical care, communication and follow-through, not only operating.".to_owned());
    }
    if profile.cardiothoracic_research_items > 0 {
        framing.push("Present cardiothoracic research as an interest in cardiovascular disease, which reads well to surgical and medical programs alike.".to_owned());
    }
    if profile.leadership_or_qi {
        framing.push("Give leadership or quality-improvement work its own entry with a measurable result.".to_owned());
    }
    if profile.observership_only {
        framing.push("Label observerships as observerships; programs check, and an accurate entry protects your credibility.".to_owned());
    }
    framing
}

pub fn interviews(context: &Context, specialties: &[SpecialtyPlan], dual_apply: bool) -> Interviews {
    let groups = by_family(context, specialties);
    let plans = groups
        .iter()
        .map(|(family, names)| InterviewPlan { specialties: owned(names), points: context.rules.families[family].interview.clone() })
        .collect();
    let same_institution = (dual_apply && groups.len() > 1).then(|| {
        "If two departments of one hospital invite you, you may accept both. Tell each the truth about your interest in its field, keep your story consistent, and never call either one your backup.".to_owned()
    });
    Interviews {
        plans,
        same_institution,
        guide: GuideLink::new("interviews", "surgery-interviews", "Interviewing in two specialties"),
    }
}
