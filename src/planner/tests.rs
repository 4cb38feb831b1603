use std::collections::BTreeSet;

use time::macros::date;

use super::profile::*;
use super::report::{Rating, Role, Tier};
use super::*;

const TODAY: time::Date = date!(2026 - 12 - 04);

/// Returns a strong, must-operate applicant with no red flags.
fn strong_profile() -> Profile {
    Profile {
        step1: Step1::Pass,
        step2_ck: Some(258),
        step2_expected: None,
        exam_failures: 0,
        graduation_year: 2026,
        ecfmg_status: EcfmgStatus::Certified,
        citizenship: Citizenship::UsCitizen,
        training_status: TrainingStatus::Graduate,
        previous_applications: 0,
        usce_months: 6,
        surgery_usce_months: 4,
        ct_or_vascular_rotation: true,
        observership_only: false,
        research_items: 8,
        cardiothoracic_research_items: 3,
        first_author_items: 2,
        us_letters: 4,
        surgeon_letters: 4,
        ct_or_vascular_letters: 1,
        medicine_or_anesthesia_letters: 0,
        leadership_or_qi: true,
        needs_to_operate: NeedsToOperate::Must,
        interests: BTreeSet::from([Interest::Operating]),
        lifestyle_priority: LifestylePriority::Low,
        risk_tolerance: RiskTolerance::Medium,
        geography: Geography::Anywhere,
        couples_match: false,
        budget_usd: None,
    }
}

/// Returns a moderate applicant with an adequate score, some USCE and few surgeon letters.
fn moderate_profile() -> Profile {
    Profile {
        step2_ck: Some(243),
        usce_months: 3,
        surgery_usce_months: 1,
        ct_or_vascular_rotation: false,
        research_items: 2,
        cardiothoracic_research_items: 0,
        first_author_items: 0,
        us_letters: 3,
        surgeon_letters: 2,
        ct_or_vascular_letters: 0,
        medicine_or_anesthesia_letters: 1,
        leadership_or_qi: false,
        needs_to_operate: NeedsToOperate::Prefer,
        ..strong_profile()
    }
}

fn report_for(profile: &Profile) -> Report {
    plan(profile, &Rules::bundled(), TODAY)
}

fn slugs(report: &Report) -> Vec<&str> {
    report.specialties.iter().map(|specialty| specialty.slug.as_str()).collect()
}

fn flag_codes(report: &Report) -> Vec<&str> {
    report.red_flags.iter().map(|flag| flag.code.as_str()).collect()
}

#[test]
fn strong_must_operate_gets_strategy_a() {
    let report = report_for(&strong_profile());
    assert_eq!(report.competitiveness.tier, Tier::Strong);
    assert_eq!(report.strategy.code, "A");
    assert_eq!(slugs(&report), vec!["thoracic-surgery", "general-surgery", "vascular-surgery"]);
    assert_eq!(report.specialties[0].role, Role::Reach);
    assert_eq!(report.specialties[1].role, Role::Primary);
    assert!(report.red_flags.is_empty(), "{:?}", flag_codes(&report));
}

#[test]
fn low_risk_tolerance_adds_medical_safety_net() {
    let profile = Profile { risk_tolerance: RiskTolerance::Low, ..strong_profile() };
    let report = report_for(&profile);
    assert_eq!(report.strategy.code, "A");
    let safety = report.specialties.iter().find(|specialty| specialty.role == Role::Safety).expect("safety net");
    assert_eq!(safety.slug, "internal-medicine");
    assert!(safety.fit.iter().any(|note| note.contains("must operate")), "contradiction not stated: {:?}", safety.fit);
}

#[test]
fn every_factor_has_a_reason() {
    let report = report_for(&moderate_profile());
    let codes: Vec<&str> = report.competitiveness.factors.iter().map(|factor| factor.code.as_str()).collect();
    assert_eq!(codes, vec!["step2_ck", "usce", "research", "us_letters", "exam_history", "leadership"]);
    for factor in &report.competitiveness.factors {
        assert!(!factor.reading.is_empty(), "{} has no reading", factor.code);
        assert!(!factor.why.is_empty(), "{} has no reason", factor.code);
    }
}

#[test]
fn moderate_profile_gets_strategy_b_with_backup() {
    let report = report_for(&moderate_profile());
    assert_eq!(report.competitiveness.tier, Tier::Moderate);
    assert_eq!(report.strategy.code, "B");
    assert_eq!(report.specialties[0].slug, "general-surgery");
    assert!(report.specialties.iter().any(|specialty| specialty.role == Role::Backup && !specialty.slug.contains("surgery")));
    assert!(!slugs(&report).contains(&"thoracic-surgery"), "no I-6 for a 243 score");
    assert!(report.dual_apply.recommended);
}

#[test]
fn must_operate_moderate_gets_surgical_backup_first() {
    let profile = Profile { needs_to_operate: NeedsToOperate::Must, ..moderate_profile() };
    let report = report_for(&profile);
    assert_eq!(report.strategy.code, "B");
    assert_eq!(slugs(&report)[..2], ["general-surgery", "surgery-preliminary"]);

    let high_risk = Profile { risk_tolerance: RiskTolerance::High, ..profile };
    let report = report_for(&high_risk);
    assert!(report.specialties.iter().all(|specialty| specialty.slug.contains("surgery")), "{:?}", slugs(&report));
}

#[test]
fn open_physiology_lover_gets_strategy_c() {
    let profile = Profile {
        needs_to_operate: NeedsToOperate::Open,
        interests: BTreeSet::from([Interest::PerioperativePhysiology]),
        ..moderate_profile()
    };
    let report = report_for(&profile);
    assert_eq!(report.strategy.code, "C");
    assert_eq!(slugs(&report), vec!["general-surgery", "anesthesiology"]);
    assert!(report.specialties.iter().all(|specialty| specialty.role == Role::Primary));
    assert!(report.dual_apply.recommended);
}

#[test]
fn blocking_gaps_give_strategy_d() {
    let no_usce = Profile { usce_months: 0, surgery_usce_months: 0, ..moderate_profile() };
    let no_letters = Profile { us_letters: 0, surgeon_letters: 0, medicine_or_anesthesia_letters: 0, ..moderate_profile() };
    let late_step2 = Profile { step2_ck: None, step2_expected: Some(YearMonth { year: 2027, month: 10 }), ..moderate_profile() };
    let no_ecfmg = Profile { step1: Step1::NotTaken, ecfmg_status: EcfmgStatus::NotStarted, ..moderate_profile() };
    for (name, profile) in [("no usce", no_usce), ("no letters", no_letters), ("late step 2", late_step2), ("no ecfmg", no_ecfmg)] {
        let report = report_for(&profile);
        assert_eq!(report.strategy.code, "D", "{name}");
        assert_eq!(report.competitiveness.tier, Tier::Developing, "{name}");
        assert!(!report.strategy.fixes.is_empty(), "{name}: no fix listed");
        assert!(report.strategy.fixes.iter().all(|fix| fix.by.contains("2027") || fix.by.contains("2028")), "{name}: {:?}", report.strategy.fixes);
        assert!(report.specialties.iter().all(|specialty| !specialty.slug.contains("surgery")), "{name}: {:?}", slugs(&report));
    }
}

#[test]
fn step2_before_september_is_not_blocking() {
    let profile = Profile { step2_ck: None, step2_expected: Some(YearMonth { year: 2027, month: 6 }), ..moderate_profile() };
    let report = report_for(&profile);
    assert_eq!(report.strategy.code, "B");
    assert!(flag_codes(&report).contains(&"step2-pending"));
    let step2 = &report.competitiveness.factors[0];
    assert_eq!(step2.rating, Rating::Adequate);
}

#[test]
fn red_flags_cover_each_code() {
    let profile = Profile {
        step1: Step1::PassAfterFail,
        exam_failures: 1,
        graduation_year: 2018,
        ecfmg_status: EcfmgStatus::InProgress,
        citizenship: Citizenship::NeedsVisa,
        training_status: TrainingStatus::PreliminaryResident,
        previous_applications: 1,
        observership_only: true,
        couples_match: true,
        step2_ck: None,
        step2_expected: Some(YearMonth { year: 2027, month: 5 }),
        ..moderate_profile()
    };
    let report = report_for(&profile);
    let codes = flag_codes(&report);
    for code in ["exam-failure", "old-graduation", "observership-only", "step2-pending", "ecfmg-deadline", "visa-needed", "couples-match", "reapplicant", "preliminary-year"] {
        assert!(codes.contains(&code), "missing {code} in {codes:?}");
    }
    let none = Profile { us_letters: 0, surgeon_letters: 0, medicine_or_anesthesia_letters: 0, usce_months: 0, surgery_usce_months: 0, ..moderate_profile() };
    let report = report_for(&none);
    let codes = flag_codes(&report);
    assert!(codes.contains(&"no-usce"));
    assert!(codes.contains(&"no-us-letters"));
}

#[test]
fn every_flag_has_fix_and_guide_link() {
    let profile = Profile { exam_failures: 2, couples_match: true, graduation_year: 2015, ..moderate_profile() };
    for flag in report_for(&profile).red_flags {
        assert!(!flag.fix.is_empty(), "{}", flag.code);
        assert!(flag.guide.href().starts_with("/guide/requirements-and-filters#"), "{}", flag.code);
    }
}

#[test]
fn unmet_geography_is_stated() {
    let profile = Profile { geography: Geography::OneCity, ..moderate_profile() };
    let report = report_for(&profile);
    for specialty in &report.specialties {
        assert!(specialty.fit.iter().any(|note| note.contains("cannot be met")), "{}", specialty.slug);
    }
}

#[test]
fn high_lifestyle_adds_diversified_backup() {
    let profile = Profile {
        lifestyle_priority: LifestylePriority::High,
        interests: BTreeSet::from([Interest::AcuteCare]),
        ..moderate_profile()
    };
    let report = report_for(&profile);
    assert!(slugs(&report).contains(&"emergency-medicine"), "{:?}", slugs(&report));
    let surgery = &report.specialties[0];
    assert!(surgery.fit.iter().any(|note| note.contains("lifestyle")));
}

#[test]
fn costs_use_eras_tiers_and_budget() {
    let profile = Profile { budget_usd: Some(1000), ..moderate_profile() };
    let report = report_for(&profile);
    let general = &report.dual_apply.costs[0];
    assert!(general.item.contains("100 programs"));
    assert_eq!(general.amount_usd, 30 * 11 + 70 * 30);
    assert!(general.basis.contains("2026 ERAS season"));
    let note = report.dual_apply.budget_note.as_deref().expect("budget note");
    assert!(note.contains("exceeds your budget of $1,000"), "{note}");
    let sum: u32 = report.dual_apply.costs.iter().map(|line| line.amount_usd).sum();
    assert_eq!(report.dual_apply.total_usd, sum);
}

#[test]
fn report_json_has_documented_keys() {
    let json = serde_json::to_value(report_for(&moderate_profile())).expect("serializes");
    assert!(json["strategy"]["code"].is_string());
    assert!(json["strategy"]["title"].is_string());
    assert_eq!(json["competitiveness"]["tier"], "moderate");
    assert!(json["competitiveness"]["factors"].is_array());
    assert!(json["dual_apply"]["recommended"].is_boolean());
    let specialty = &json["specialties"][0];
    for key in ["slug", "name", "role"] {
        assert!(specialty[key].is_string(), "{key}");
    }
    assert!(specialty["programs"]["min"].is_u64());
    assert!(specialty["programs"]["max"].is_u64());
    assert!(specialty["reasons"].is_array());
    assert!(json["red_flags"].is_array());
}

/// One row of the profile table: a profile and everything the report must conclude from it.
struct Case {
    name: &'static str,
    profile: Profile,
    strategy: &'static str,
    tier: Tier,
    specialties: &'static [(&'static str, Role)],
    dual_apply: bool,
    red_flags: &'static [&'static str],
}

fn profile_table() -> Vec<Case> {
    use Role::*;
    vec![
        Case {
            name: "strong, must operate, medium risk",
            profile: strong_profile(),
            strategy: "A", tier: Tier::Strong,
            specialties: &[("thoracic-surgery", Reach), ("general-surgery", Primary), ("vascular-surgery", Reach)],
            dual_apply: true, red_flags: &[],
        },
        Case {
            name: "strong, must operate, low risk",
            profile: Profile { risk_tolerance: RiskTolerance::Low, ..strong_profile() },
            strategy: "A", tier: Tier::Strong,
            specialties: &[("thoracic-surgery", Reach), ("general-surgery", Primary), ("vascular-surgery", Reach), ("internal-medicine", Safety)],
            dual_apply: true, red_flags: &[],
        },
        Case {
            name: "strong, prefers to operate, high risk, couples match",
            profile: Profile { needs_to_operate: NeedsToOperate::Prefer, risk_tolerance: RiskTolerance::High, couples_match: true, ..strong_profile() },
            strategy: "A", tier: Tier::Strong,
            specialties: &[("thoracic-surgery", Reach), ("general-surgery", Primary), ("vascular-surgery", Reach)],
            dual_apply: true, red_flags: &["couples-match"],
        },
        Case {
            name: "moderate, prefers to operate, medium risk",
            profile: moderate_profile(),
            strategy: "B", tier: Tier::Moderate,
            specialties: &[("general-surgery", Primary), ("internal-medicine", Backup)],
            dual_apply: true, red_flags: &[],
        },
        Case {
            name: "moderate, must operate, low risk",
            profile: Profile { needs_to_operate: NeedsToOperate::Must, risk_tolerance: RiskTolerance::Low, ..moderate_profile() },
            strategy: "B", tier: Tier::Moderate,
            specialties: &[("general-surgery", Primary), ("surgery-preliminary", Safety), ("internal-medicine", Backup)],
            dual_apply: true, red_flags: &[],
        },
        Case {
            name: "moderate reapplicant, must operate, high risk",
            profile: Profile { needs_to_operate: NeedsToOperate::Must, risk_tolerance: RiskTolerance::High, previous_applications: 1, ..moderate_profile() },
            strategy: "B", tier: Tier::Moderate,
            specialties: &[("general-surgery", Primary), ("surgery-preliminary", Safety)],
            dual_apply: true, red_flags: &["reapplicant"],
        },
        Case {
            name: "moderate, open, loves valves",
            profile: Profile { needs_to_operate: NeedsToOperate::Open, interests: BTreeSet::from([Interest::HemodynamicsAndValves]), ..moderate_profile() },
            strategy: "C", tier: Tier::Moderate,
            specialties: &[("general-surgery", Primary), ("internal-medicine", Primary)],
            dual_apply: true, red_flags: &[],
        },
        Case {
            name: "developing, no US clinical experience",
            profile: Profile { usce_months: 0, surgery_usce_months: 0, ..moderate_profile() },
            strategy: "D", tier: Tier::Developing,
            specialties: &[("internal-medicine", Primary)],
            dual_apply: false, red_flags: &["no-usce"],
        },
        Case {
            name: "developing, many screens, preliminary resident",
            profile: Profile {
                step1: Step1::PassAfterFail, exam_failures: 2, step2_ck: Some(221), graduation_year: 2015,
                citizenship: Citizenship::NeedsVisa, training_status: TrainingStatus::PreliminaryResident,
                observership_only: true, research_items: 0, cardiothoracic_research_items: 0,
                ..moderate_profile()
            },
            strategy: "B", tier: Tier::Developing,
            specialties: &[("general-surgery", Primary), ("internal-medicine", Primary)],
            dual_apply: true, red_flags: &["exam-failure", "old-graduation", "observership-only", "visa-needed", "preliminary-year"],
        },
        Case {
            name: "late Step 2 CK, ECFMG in progress, green card",
            profile: Profile {
                step2_ck: None, step2_expected: Some(YearMonth { year: 2027, month: 11 }), ecfmg_status: EcfmgStatus::InProgress,
                citizenship: Citizenship::PermanentResident, needs_to_operate: NeedsToOperate::Open,
                interests: BTreeSet::from([Interest::CriticalCare]),
                ..moderate_profile()
            },
            strategy: "D", tier: Tier::Developing,
            specialties: &[("internal-medicine", Primary)],
            dual_apply: false, red_flags: &["step2-pending", "ecfmg-deadline", "visa-needed"],
        },
        Case {
            name: "no letters, ECFMG not started, must operate",
            profile: Profile {
                step1: Step1::NotTaken, step2_ck: None, step2_expected: Some(YearMonth { year: 2027, month: 4 }),
                ecfmg_status: EcfmgStatus::NotStarted, us_letters: 0, surgeon_letters: 0, ct_or_vascular_letters: 0,
                medicine_or_anesthesia_letters: 0, training_status: TrainingStatus::Student, graduation_year: 2027,
                ..strong_profile()
            },
            strategy: "D", tier: Tier::Developing,
            specialties: &[("internal-medicine", Primary)],
            dual_apply: false, red_flags: &["no-us-letters", "step2-pending", "ecfmg-deadline"],
        },
        Case {
            name: "moderate, high lifestyle priority, acute care",
            profile: Profile { lifestyle_priority: LifestylePriority::High, interests: BTreeSet::from([Interest::AcuteCare, Interest::Endovascular]), ..moderate_profile() },
            strategy: "B", tier: Tier::Moderate,
            specialties: &[("general-surgery", Primary), ("internal-medicine", Backup), ("emergency-medicine", Backup), ("vascular-surgery", Reach)],
            dual_apply: true, red_flags: &[],
        },
    ]
}

#[test]
fn profile_table_conclusions() {
    let rules = Rules::bundled();
    for case in profile_table() {
        let report = plan(&case.profile, &rules, TODAY);
        let specialties: Vec<(&str, Role)> = report.specialties.iter().map(|specialty| (specialty.slug.as_str(), specialty.role)).collect();

        assert_eq!(report.strategy.code, case.strategy, "{}: strategy", case.name);
        assert_eq!(report.competitiveness.tier, case.tier, "{}: tier", case.name);
        assert_eq!(specialties, case.specialties, "{}: specialties", case.name);
        assert_eq!(report.dual_apply.recommended, case.dual_apply, "{}: dual apply", case.name);
        assert_eq!(flag_codes(&report), case.red_flags, "{}: red flags", case.name);
    }
}

#[test]
fn profile_table_covers_every_choice() {
    let table = profile_table();
    let flags: BTreeSet<&str> = table.iter().flat_map(|case| case.red_flags.iter().copied()).collect();
    for code in ["exam-failure", "old-graduation", "no-usce", "observership-only", "no-us-letters", "step2-pending", "ecfmg-deadline", "visa-needed", "couples-match", "reapplicant", "preliminary-year"] {
        assert!(flags.contains(code), "no case raises {code}");
    }
    for need in NeedsToOperate::ALL {
        assert!(table.iter().any(|case| case.profile.needs_to_operate == *need), "no case for {need:?}");
    }
    for risk in RiskTolerance::ALL {
        assert!(table.iter().any(|case| case.profile.risk_tolerance == *risk), "no case for {risk:?}");
    }
    for tier in [Tier::Strong, Tier::Moderate, Tier::Developing] {
        assert!(table.iter().any(|case| case.tier == tier), "no case for {tier:?}");
    }
    assert!(table.len() >= 10);
}

#[test]
fn every_section_present_and_linked() {
    for case in profile_table() {
        let report = report_for(&case.profile);
        let summary = report.summary.as_ref().expect("summary");
        assert!(!summary.top_actions.is_empty(), "{}: no top action", case.name);
        assert!(summary.top_actions.len() <= 3, "{}: {:?}", case.name, summary.top_actions);
        let materials = report.materials.as_ref().expect("materials");
        assert!(!materials.statements.is_empty(), "{}", case.name);
        assert_eq!(materials.statements.len(), materials.letters.len(), "{}", case.name);
        assert!(!report.interviews.as_ref().expect("interviews").plans.is_empty(), "{}", case.name);
        assert!(!report.rank_list.as_ref().expect("rank list").scenarios.is_empty(), "{}", case.name);
        let applies_to_surgery = report.specialties.iter().any(|specialty| Rules::bundled().specialty(&specialty.slug).surgical);
        match &report.prelim_scenario {
            Some(prelim) => assert!(!prelim.rank_position.is_empty(), "{}", case.name),
            None => assert!(!applies_to_surgery, "{}: surgical plan without a prelim scenario", case.name),
        }
        for specialty in &report.specialties {
            assert!(!specialty.long_term.is_empty(), "{}: {} has no long-term path", case.name, specialty.slug);
        }
        if report.dual_apply.recommended {
            assert_eq!(report.dual_apply.checklist.len(), 4, "{}", case.name);
        }
    }
}

#[test]
fn letter_gaps_are_warned() {
    let profile = Profile { surgeon_letters: 1, us_letters: 2, medicine_or_anesthesia_letters: 0, ..moderate_profile() };
    let report = report_for(&profile);
    let letters = &report.materials.expect("materials").letters;
    let surgical = letters.iter().find(|plan| plan.specialties.iter().any(|name| name.contains("General surgery"))).expect("surgical plan");
    assert!(surgical.gap.as_deref().is_some_and(|gap| gap.contains("2 surgeon letters short")), "{:?}", surgical.gap);
    let backup = letters.iter().find(|plan| !plan.specialties.iter().any(|name| name.contains("surgery"))).expect("backup plan");
    assert!(backup.gap.as_deref().is_some_and(|gap| gap.contains("no letter from")), "{:?}", backup.gap);
}

#[test]
fn same_profile_same_report() {
    let profile = moderate_profile();
    assert_eq!(report_for(&profile), report_for(&profile));
}

#[test]
fn version_one_report_still_reads() {
    let mut json = serde_json::to_value(report_for(&moderate_profile())).expect("json");
    let object = json.as_object_mut().expect("object");
    for key in ["summary", "prelim_scenario", "materials", "interviews", "rank_list"] {
        object.remove(key);
    }
    object["planner_version"] = serde_json::json!(1);
    let report: Report = serde_json::from_value(json).expect("older report deserializes");
    assert!(report.summary.is_none());
}

fn timeline_on(profile: &Profile, today: time::Date) -> super::report::Timeline {
    plan(profile, &Rules::bundled(), today).timeline.expect("timeline")
}

fn item<'a>(timeline: &'a super::report::Timeline, key: &str) -> Option<&'a super::report::TimelineItem> {
    timeline.items.iter().find(|item| item.key == key)
}

#[test]
fn timeline_cycle_across_june_rollover() {
    let before = timeline_on(&moderate_profile(), date!(2026 - 05 - 31));
    let after = timeline_on(&moderate_profile(), date!(2026 - 06 - 10));

    assert_eq!(before.match_year, 2027);
    assert_eq!(after.match_year, 2027, "ERAS opening in June does not change the target cycle");
    let opens_before = item(&before, "eras-opens").expect("ERAS opening");
    let opens_after = item(&after, "eras-opens").expect("ERAS opening");
    assert_eq!(opens_before.date, "2026-06-03");
    assert!(!opens_before.overdue);
    assert!(opens_after.overdue);
    assert_eq!(item(&before, "match-day").expect("match day").date, "2027-03-19");
}

#[test]
fn timeline_after_september_targets_next_cycle() {
    let timeline = timeline_on(&moderate_profile(), TODAY);
    assert_eq!(timeline.match_year, 2028);
    let match_day = item(&timeline, "match-day").expect("match day");
    assert_eq!(match_day.date, "2028-03-17", "third Friday of March, projected");
    assert!(match_day.status.contains("projected"));
    assert!(timeline.items.iter().all(|step| !step.overdue), "nothing is late for a 2028 plan made in December 2026");
    let dates: Vec<&str> = timeline.items.iter().map(|step| step.date.as_str()).collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted, "items are in date order");
}

#[test]
fn pending_step2_gets_deadline_item() {
    let pending = Profile { step2_ck: None, step2_expected: Some(YearMonth { year: 2027, month: 5 }), ..moderate_profile() };
    let timeline = timeline_on(&pending, TODAY);
    let step2 = item(&timeline, "step2").expect("Step 2 CK item");
    assert_eq!(step2.date, "2027-07-01");
    assert!(step2.detail.contains("2027-05"));

    let late = Profile { step2_expected: Some(YearMonth { year: 2027, month: 10 }), ..pending };
    let step2 = item(&timeline_on(&late, TODAY), "step2").expect("Step 2 CK item").clone();
    assert!(step2.detail.contains("move it to July"), "{}", step2.detail);

    assert!(item(&timeline_on(&moderate_profile(), TODAY), "step2").is_none(), "no item once a score exists");
}

#[test]
fn overdue_items_are_flagged() {
    let no_usce = Profile { usce_months: 0, surgery_usce_months: 0, ..moderate_profile() };
    let timeline = timeline_on(&no_usce, date!(2026 - 08 - 15));
    assert_eq!(timeline.match_year, 2027);
    let usce = item(&timeline, "usce").expect("USCE item");
    assert_eq!(usce.date, "2026-03-01");
    assert!(usce.overdue);
    let submit = item(&timeline, "submit").expect("submission item");
    assert!(!submit.overdue);
}

#[test]
fn ecfmg_steps_only_when_needed() {
    let certified = timeline_on(&moderate_profile(), TODAY);
    assert!(item(&certified, "pathways").is_none());
    let pending = Profile { ecfmg_status: EcfmgStatus::InProgress, ..moderate_profile() };
    let timeline = timeline_on(&pending, TODAY);
    assert!(item(&timeline, "pathways").is_some());
    assert_eq!(item(&timeline, "oet").expect("OET").date, "2027-12-01");
}

#[test]
fn non_surgical_plan_gets_no_surgery_advice() {
    let profile = Profile { usce_months: 0, surgery_usce_months: 0, interests: BTreeSet::from([Interest::PerioperativePhysiology]), ..moderate_profile() };
    let report = report_for(&profile);
    assert_eq!(slugs(&report), vec!["anesthesiology"]);
    assert!(report.prelim_scenario.is_none());
    let timeline = report.timeline.expect("timeline");
    assert!(timeline.items.iter().all(|step| !step.detail.contains("surgery interviews")), "{:?}", timeline.items);
    assert!(!item(&timeline, "usce").expect("USCE step").detail.contains("surgical"));
}

#[test]
fn must_operate_high_risk_d_waits_for_surgery() {
    let profile = Profile {
        usce_months: 0, surgery_usce_months: 0, needs_to_operate: NeedsToOperate::Must, risk_tolerance: RiskTolerance::High,
        ..moderate_profile()
    };
    let report = report_for(&profile);
    assert_eq!(report.strategy.code, "D");
    assert_eq!(slugs(&report), vec!["general-surgery"]);
    assert!(report.specialties[0].reasons[0].contains("For the cycle after this one"));
    assert!(report.strategy.reasons.iter().any(|reason| reason.contains("skips the coming cycle")));
}

#[test]
fn years_since_graduation_count_to_application() {
    let profile = Profile { graduation_year: 2023, ..moderate_profile() };
    let report = report_for(&profile);
    let exam_history = report.competitiveness.factors.iter().find(|factor| factor.code == "exam_history").expect("factor");
    assert!(exam_history.reading.contains("4 years since graduation"), "{}", exam_history.reading);
    let costs = &report.rank_list.expect("rank list").unmatched_cost;
    assert!(costs[0].contains("5 years since graduation"), "{}", costs[0]);
}
