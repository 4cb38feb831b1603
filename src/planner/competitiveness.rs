//! Reads each competitiveness factor and combines them into a tier.

use super::{Context, count};
use super::profile::Step1;
use super::report::{Competitiveness, Factor, GuideLink, Rating, Tier};

pub fn assess(context: &Context) -> Competitiveness {
    let factors = vec![
        step2_factor(context),
        usce_factor(context),
        research_factor(context),
        letters_factor(context),
        exam_history_factor(context),
        leadership_factor(context),
    ];
    let points: u32 = factors.iter().map(|factor| points(factor.rating)).sum();
    let concerns = factors.iter().filter(|factor| factor.rating == Rating::Concern).count();
    let tier_rules = &context.rules.thresholds.tier;

    let concern_text = count(concerns as i64, "concern", "concerns");
    let (tier, summary) = if context.has_blocking_gap() {
        (Tier::Developing, format!("{} would stop most surgical programs before they read the rest of your application.", capitalize(&join_with_and(&context.blocking_gaps()))))
    } else if points >= tier_rules.strong_min_points && concerns == 0 {
        (Tier::Strong, format!("Every factor reads as adequate or better, with {points} of 12 points; this is a profile surgical programs will read closely."))
    } else if points <= tier_rules.developing_max_points {
        (Tier::Developing, format!("Only {points} of 12 points with {concern_text}: the profile needs work before surgical applications are likely to bring interviews."))
    } else {
        (Tier::Moderate, format!("{points} of 12 points with {concern_text}: competitive for some categorical programs, but a surgery-only list carries real risk."))
    };

    Competitiveness {
        tier,
        summary,
        factors,
        guide: GuideLink::new("choosing-a-backup", "competitiveness", "An honest look at your competitiveness"),
    }
}

fn points(rating: Rating) -> u32 {
    match rating {
        Rating::Strength => 2,
        Rating::Adequate => 1,
        Rating::Concern => 0,
    }
}

fn factor(code: &str, name: &str, rating: Rating, reading: String, why: &str) -> Factor {
    Factor { code: code.to_owned(), name: name.to_owned(), rating, reading, why: why.to_owned() }
}

fn step2_factor(context: &Context) -> Factor {
    let thresholds = &context.rules.thresholds.step2_ck;
    let why = "Step 1 is pass/fail, so Step 2 CK is the main number programs screen on; matched I-6 applicants averaged 255.1 in 2020 (JTCVS 2022).";
    let (rating, reading) = match context.profile.step2_ck {
        Some(score) if score >= thresholds.strength => (Rating::Strength, format!("Score {score}, at or above {} (a planb judgment for surgery).", thresholds.strength)),
        Some(score) if score >= thresholds.adequate => (Rating::Adequate, format!("Score {score}: enough for many categorical surgery screens, below the {} that reads as a strength.", thresholds.strength)),
        Some(score) => (Rating::Concern, format!("Score {score}, below {}: many surgical programs will screen this out, so the list must be broad.", thresholds.adequate)),
        None if context.step2_too_late() => (Rating::Concern, "Not taken, and the expected month is after August, so programs will not see a score when they first review applications.".to_owned()),
        None => (Rating::Adequate, "Not taken yet; the score is expected before September, so it is unknown rather than weak.".to_owned()),
    };
    factor("step2_ck", "Step 2 CK", rating, reading, why)
}

fn usce_factor(context: &Context) -> Factor {
    let profile = context.profile;
    let thresholds = &context.rules.thresholds.usce;
    let hands_on = profile.hands_on_usce_months();
    let why = "Many programs screen for hands-on US clinical experience, which counts for far more than observing; surgical months and a CT or vascular rotation show you know the work.";
    let rotation = if profile.ct_or_vascular_rotation { ", including a CT or vascular rotation" } else { "" };
    let (rating, reading) = if profile.usce_months == 0 {
        (Rating::Concern, "No US clinical experience.".to_owned())
    } else if profile.observership_only {
        (Rating::Concern, format!("{}, all observerships: no hands-on US care yet.", count(profile.usce_months, "month", "months")))
    } else if hands_on >= thresholds.strength_hands_on_months && profile.surgery_usce_months >= thresholds.strength_surgery_months {
        (Rating::Strength, format!("{}, {} of them in surgery{rotation}.", count(hands_on, "hands-on month", "hands-on months"), profile.surgery_usce_months))
    } else {
        let more_hands_on = thresholds.strength_hands_on_months.saturating_sub(hands_on);
        let more_surgery = thresholds.strength_surgery_months.saturating_sub(profile.surgery_usce_months).max(more_hands_on.min(1));
        let needed = match (more_hands_on, more_surgery) {
            (0, surgery) => format!("{} in surgery would make this a strength", count(surgery, "more month", "more months")),
            (hands_on, surgery) if surgery >= hands_on => format!("{} in surgery would make this a strength", count(surgery, "more hands-on month", "more hands-on months")),
            (hands_on, surgery) => format!("{}, {} of them in surgery, would make this a strength", count(hands_on, "more hands-on month", "more hands-on months"), surgery),
        };
        (Rating::Adequate, format!("{}, {} in surgery{rotation}; {needed}.", count(hands_on, "hands-on month", "hands-on months"), profile.surgery_usce_months))
    };
    factor("usce", "US clinical experience", rating, reading, why)
}

fn research_factor(context: &Context) -> Factor {
    let profile = context.profile;
    let thresholds = &context.rules.thresholds.research;
    let why = "Surgical programs, and I-6 programs above all, look for research; cardiac, thoracic or vascular work shows a lasting interest in the field.";
    let summary = format!("{} items, {} cardiothoracic or vascular, {} first-authored.",
        profile.research_items, profile.cardiothoracic_research_items, profile.first_author_items);
    let rating = if profile.cardiothoracic_research_items >= thresholds.strength_cardiothoracic_items
        || (profile.research_items >= thresholds.strength_total_items && profile.first_author_items >= 1)
    {
        Rating::Strength
    } else if profile.research_items >= 1 {
        Rating::Adequate
    } else {
        Rating::Concern
    };
    factor("research", "Research", rating, summary, why)
}

fn letters_factor(context: &Context) -> Factor {
    let profile = context.profile;
    let needed = context.rules.thresholds.letters.aligned_per_specialty;
    let why = "Letters from US surgeons tell programs how you work in a US hospital; one from a CT or vascular surgeon speaks directly to your goal.";
    let (rating, reading) = if profile.us_letters == 0 {
        (Rating::Concern, "No US letters.".to_owned())
    } else if profile.surgeon_letters >= needed && profile.ct_or_vascular_letters >= 1 {
        (Rating::Strength, format!("{} from US surgeons, {} from CT or vascular surgeons.", count(profile.surgeon_letters, "letter", "letters"), profile.ct_or_vascular_letters))
    } else if profile.surgeon_letters >= needed {
        (Rating::Adequate, format!("{} from US surgeons, none from a CT or vascular surgeon.", count(profile.surgeon_letters, "letter", "letters")))
    } else {
        (Rating::Concern, format!("{} from US surgeons, short of the {needed} a surgical application needs.", count(profile.surgeon_letters, "letter", "letters")))
    };
    factor("us_letters", "US letters", rating, reading, why)
}

fn exam_history_factor(context: &Context) -> Factor {
    let profile = context.profile;
    let graduation = &context.rules.thresholds.graduation;
    let years = context.years_since_graduation();
    let why = "Programs screen mechanically on failed attempts and on years since graduation (cut-offs of 3 to 5 years are common) before anyone reads the application.";
    let step1_note = match profile.step1 {
        Step1::NotTaken => " Step 1 is not taken yet.",
        _ => "",
    };
    let (rating, reading) = if profile.exam_failures > 0 || years > graduation.screen_after_years {
        (Rating::Concern, format!("{}; {} since graduation.{step1_note}", count(profile.exam_failures, "failed attempt", "failed attempts"), count(years.max(0), "year", "years")))
    } else if years > graduation.warn_after_years {
        (Rating::Adequate, format!("No failed attempts; {years} years since graduation, past the {}-year screen some programs use.{step1_note}", graduation.warn_after_years))
    } else if profile.step1 == Step1::NotTaken {
        (Rating::Adequate, format!("No failed attempts so far; {} since graduation.{step1_note}", count(years.max(0), "year", "years")))
    } else {
        (Rating::Strength, format!("No failed attempts, and {} since graduation.", count(years.max(0), "year", "years")))
    };
    factor("exam_history", "Exam history and graduation year", rating, reading, why)
}

fn leadership_factor(context: &Context) -> Factor {
    let why = "Leadership and quality-improvement work help an application stand out once it passes the screens.";
    if context.profile.leadership_or_qi {
        factor("leadership", "Leadership or quality improvement", Rating::Strength, "Reported.".to_owned(), why)
    } else {
        factor("leadership", "Leadership or quality improvement", Rating::Adequate, "None reported; not a screen, but a chance to stand out.".to_owned(), why)
    }
}

fn capitalize(text: &str) -> String {
    let mut characters = text.chars();
    match characters.next() {
        Some(first) => first.to_uppercase().chain(characters).collect(),
        None => String::new(),
    }
}

/// Joins phrases as a list in prose: `a`, `a and b`, `a, b and c`.
fn join_with_and(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [only] => (*only).to_owned(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
