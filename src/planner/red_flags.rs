//! Finds the red flags in a profile, each with its fix and the guide section that explains it.

use super::{Context, count};
use super::profile::{Citizenship, EcfmgStatus, TrainingStatus};
use super::report::{GuideLink, RedFlag};

fn flag(code: &str, title: &str, message: String, fix: String, anchor: &str, guide_title: &str) -> RedFlag {
    RedFlag {
        code: code.to_owned(),
        title: title.to_owned(),
        message,
        fix,
        guide: GuideLink::new("requirements-and-filters", anchor, guide_title),
    }
}

pub fn find(context: &Context) -> Vec<RedFlag> {
    let profile = context.profile;
    let mut flags = Vec::new();

    if profile.exam_failures > 0 {
        flags.push(flag("exam-failure", if profile.exam_failures == 1 { "Failed USMLE attempt" } else { "Failed USMLE attempts" },
            format!("{} on your transcript, and many surgical programs filter on attempts before reading anything else.", count(profile.exam_failures, "failed attempt shows", "failed attempts show")),
            "Apply more broadly than the ranges suggest, favor programs with a record of taking applicants with an attempt, and let a strong Step 2 CK score and US letters show the failure is behind you.".to_owned(),
            "exam-failures", "Exam failures"));
    }

    let years = context.years_since_graduation();
    let graduation = &context.rules.thresholds.graduation;
    if years > graduation.warn_after_years {
        let severity = if years > graduation.screen_after_years { "Many programs screen out graduates of more than 3 to 5 years, so" } else { "Some programs screen at 3 years, so" };
        flags.push(flag("old-graduation", "Graduation some years ago",
            format!("{severity} your {years} years since graduation will remove you from some lists automatically."),
            "Look up each program's year-of-graduation cut-off before applying, and show recent US clinical work that proves your skills are current.".to_owned(),
            "graduation-year", "Year-of-graduation screens"));
    }

    if profile.usce_months == 0 {
        flags.push(flag("no-usce", "No US clinical experience",
            "You have no US clinical experience, which many programs require before they will review an application.".to_owned(),
            format!("Secure at least {} months of hands-on US rotations, ideally {} in surgery, before applications open.",
                context.rules.thresholds.usce.strength_hands_on_months, context.rules.thresholds.usce.strength_surgery_months),
            "usce", "US clinical experience"));
    } else if profile.observership_only {
        flags.push(flag("observership-only", "Observerships only",
            "All of your US clinical time was observing; programs count hands-on electives and sub-internships far more.".to_owned(),
            "Replace at least one observership with a hands-on elective or sub-internship, in surgery if you are applying to surgery.".to_owned(),
            "usce", "US clinical experience"));
    }

    if profile.us_letters == 0 {
        flags.push(flag("no-us-letters", "No US letters",
            "You have no letters from US physicians, and many programs will not interview without them.".to_owned(),
            format!("Earn at least {} US letters aligned with each specialty you apply to, through hands-on rotations where the writers see your work.",
                context.rules.thresholds.letters.aligned_per_specialty),
            "us-letters", "US letters"));
    }

    if profile.step2_ck.is_none() {
        let submission = context.submission_month();
        let (message, fix) = if context.step2_too_late() {
            (format!("Step 2 CK is expected after programs start reviewing applications in September {}; without a score, most surgical programs will pass over your file.", submission.year),
             format!("Move the exam so the score is out by the end of August {}, or plan to apply a cycle later.", submission.year))
        } else {
            ("Step 2 CK is not taken yet, so programs will judge you on the score you post before September.".to_owned(),
             format!("Keep the exam date; scores take several weeks to report, so sit it by early July {} at the latest.", submission.year))
        };
        flags.push(flag("step2-pending", "Step 2 CK pending", message, fix, "step2-timing", "Timing Step 2 CK"));
    }

    match profile.ecfmg_status {
        EcfmgStatus::Certified | EcfmgStatus::RequirementsMet => {}
        status => {
            let deadline = context.rol_deadline_year();
            let message = if status == EcfmgStatus::NotStarted {
                format!("You have not started ECFMG certification. NRMP withdraws IMGs whose exam and Pathway requirements are not verified by the rank order list deadline in early March {deadline}.")
            } else {
                format!("Your ECFMG certification is in progress. NRMP withdraws IMGs whose exam and Pathway requirements are not verified by the rank order list deadline in early March {deadline}.")
            };
            flags.push(flag("ecfmg-deadline", "ECFMG requirements by the rank list deadline", message,
                "Plan your Pathway application and OET Medicine now, and keep a margin of several weeks before the deadline for verification.".to_owned(),
                "ecfmg", "ECFMG requirements"));
        }
    }

    if profile.citizenship == Citizenship::NeedsVisa {
        flags.push(flag("visa-needed", "Visa sponsorship needed",
            "Few surgical programs sponsor visas, which cuts the list of programs that can take you.".to_owned(),
            "Check each program's sponsorship (J-1 or H-1B) before applying, and widen non-surgical lists where sponsorship is more common.".to_owned(),
            "visas", "Visas and IMG status"));
    } else if profile.citizenship == Citizenship::PermanentResident {
        flags.push(flag("visa-needed", "Permanent residents count as non-US IMGs",
            "You need no visa, but NRMP counts green-card holders as non-US IMGs, and some programs read that status as a visa question.".to_owned(),
            "State your permanent-resident status plainly in ERAS, and ask programs that list no sponsorship whether they interview IMGs at all.".to_owned(),
            "visas", "Visas and IMG status"));
    }

    if profile.couples_match {
        flags.push(flag("couples-match", "Couples match",
            "In a couples match every IMG screen applies to your half of each paired rank, which shortens the list of workable pairs.".to_owned(),
            "Build the pairs from places where both of you have interviews, and apply more broadly than you would alone.".to_owned(),
            "couples-match", "Couples match"));
    }

    if profile.previous_applications > 0 {
        flags.push(flag("reapplicant", "Previous unmatched cycle",
            format!("You have entered {} before; programs will ask what changed since then.", count(profile.previous_applications, "Match cycle", "Match cycles")),
            "Show something new and concrete: recent US clinical work, new letters, research or a better-timed score, and widen the list.".to_owned(),
            "reapplying", "Reapplying"));
    }

    if profile.training_status == TrainingStatus::PreliminaryResident {
        flags.push(flag("preliminary-year", "Applying from a preliminary year",
            "A preliminary year leaves little time to earn new letters before September, and your program director's view weighs heavily.".to_owned(),
            "Talk to your program director early about a letter and about open categorical positions, and ask the GME office how the year affects funding elsewhere.".to_owned(),
            "current-prelim", "Applying from a preliminary year"));
    }

    flags
}
