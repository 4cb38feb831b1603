//! Property tests over generated valid profiles.

use std::collections::BTreeSet;

use proptest::prelude::*;
use time::macros::date;

use super::profile::*;
use super::report::{Role, Tier};
use super::{Rules, plan};

const TODAY: time::Date = date!(2026 - 12 - 04);

fn tier_rank(tier: Tier) -> u8 {
    match tier {
        Tier::Developing => 0,
        Tier::Moderate => 1,
        Tier::Strong => 2,
    }
}

fn choice<T: Copy + std::fmt::Debug + 'static>(all: &'static [T]) -> impl Strategy<Value = T> {
    proptest::sample::select(all)
}

prop_compose! {
    /// Generates profiles that pass validation: subsets never exceed their totals.
    fn valid_profile()(
        step1 in choice(Step1::ALL),
        step2_ck in proptest::option::of(180u16..=280),
        step2_month in 0i32..24,
        exam_failures in 0u8..=3,
        graduation_year in 2005i32..=2027,
        ecfmg_status in choice(EcfmgStatus::ALL),
        citizenship in choice(Citizenship::ALL),
        training_status in choice(TrainingStatus::ALL),
        previous_applications in 0u8..=3,
        (usce_months, surgery_usce_months) in (0u8..=24).prop_flat_map(|total| (Just(total), 0..=total)),
        ct_or_vascular_rotation in any::<bool>(),
        observership_only in any::<bool>(),
        (research_items, cardiothoracic_research_items, first_author_items) in (0u16..=30).prop_flat_map(|total| (Just(total), 0..=total, 0..=total)),
        (us_letters, surgeon_letters, ct_or_vascular_letters, medicine_or_anesthesia_letters) in (0u8..=8)
            .prop_flat_map(|us| (Just(us), 0..=us))
            .prop_flat_map(|(us, surgeons)| (Just(us), Just(surgeons), 0..=surgeons, 0..=us - surgeons)),
        leadership_or_qi in any::<bool>(),
        needs_to_operate in choice(NeedsToOperate::ALL),
        interests in proptest::collection::btree_set(choice(Interest::ALL), 0..=4),
        lifestyle_priority in choice(LifestylePriority::ALL),
        risk_tolerance in choice(RiskTolerance::ALL),
        geography in choice(Geography::ALL),
        couples_match in any::<bool>(),
        budget_usd in proptest::option::of(0u32..=20_000),
    ) -> Profile {
        let step2_expected = step2_ck.is_none().then(|| {
            let months = 2026 * 12 + 11 + step2_month;
            YearMonth { year: months / 12, month: (months % 12 + 1) as u8 }
        });
        let graduation_year = if training_status == TrainingStatus::Student { graduation_year.max(2026) } else { graduation_year.min(2026) };
        let exams_done = step1 != Step1::NotTaken && step2_ck.is_some();
        let ecfmg_status = match ecfmg_status {
            EcfmgStatus::Certified | EcfmgStatus::RequirementsMet if !exams_done => EcfmgStatus::InProgress,
            status => status,
        };
        let exam_failures = if step1 == Step1::PassAfterFail { exam_failures.max(1) } else { exam_failures };
        Profile {
            step1, step2_ck, step2_expected, exam_failures, graduation_year, ecfmg_status, citizenship, training_status,
            previous_applications, usce_months, surgery_usce_months, ct_or_vascular_rotation,
            observership_only: observership_only && usce_months > 0,
            research_items, cardiothoracic_research_items, first_author_items, us_letters, surgeon_letters,
            ct_or_vascular_letters, medicine_or_anesthesia_letters, leadership_or_qi, needs_to_operate,
            interests: interests.into_iter().collect::<BTreeSet<_>>(),
            lifestyle_priority, risk_tolerance, geography, couples_match, budget_usd,
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn every_section_present(profile in valid_profile()) {
        let report = plan(&profile, &Rules::bundled(), TODAY);
        prop_assert!(!report.specialties.is_empty());
        prop_assert!(report.timeline.is_some());
        prop_assert_eq!(report.competitiveness.factors.len(), 6);
        prop_assert!(["A", "B", "C", "D"].contains(&report.strategy.code.as_str()));
        prop_assert!(report.summary.is_some_and(|summary| !summary.top_actions.is_empty()));
        prop_assert!(report.materials.is_some());
        prop_assert!(report.interviews.is_some());
        prop_assert!(report.rank_list.is_some());
        let rules = Rules::bundled();
        let applies_to_surgery = report.specialties.iter().any(|specialty| rules.specialty(&specialty.slug).surgical);
        prop_assert_eq!(report.prelim_scenario.is_some(), applies_to_surgery, "a prelim scenario only for surgical plans");
        for specialty in &report.specialties {
            prop_assert!(specialty.programs.min <= specialty.programs.max);
            prop_assert!(!specialty.reasons.is_empty());
        }
    }

    #[test]
    fn higher_step2_never_lowers_tier(profile in valid_profile(), raise in 1u16..=40) {
        let rules = Rules::bundled();
        let Some(score) = profile.step2_ck else { return Ok(()) };
        let raised = Profile { step2_ck: Some((score + raise).min(300)), ..profile.clone() };
        let before = plan(&profile, &rules, TODAY).competitiveness.tier;
        let after = plan(&raised, &rules, TODAY).competitiveness.tier;
        prop_assert!(tier_rank(after) >= tier_rank(before), "{:?} -> {:?}", before, after);
    }

    #[test]
    fn more_research_or_letters_never_lowers_tier(profile in valid_profile(), research in 1u16..=5, letters in 1u8..=2) {
        let rules = Rules::bundled();
        let before = tier_rank(plan(&profile, &rules, TODAY).competitiveness.tier);

        let more_research = Profile {
            research_items: profile.research_items + research,
            cardiothoracic_research_items: profile.cardiothoracic_research_items + research,
            first_author_items: profile.first_author_items + research,
            ..profile.clone()
        };
        prop_assert!(tier_rank(plan(&more_research, &rules, TODAY).competitiveness.tier) >= before);

        let more_letters = Profile {
            us_letters: profile.us_letters + letters,
            surgeon_letters: profile.surgeon_letters + letters,
            ..profile.clone()
        };
        prop_assert!(tier_rank(plan(&more_letters, &rules, TODAY).competitiveness.tier) >= before);
    }

    #[test]
    fn exam_failure_never_raises_tier(profile in valid_profile()) {
        let rules = Rules::bundled();
        let failed = Profile { exam_failures: profile.exam_failures + 1, ..profile.clone() };
        let before = tier_rank(plan(&profile, &rules, TODAY).competitiveness.tier);
        prop_assert!(tier_rank(plan(&failed, &rules, TODAY).competitiveness.tier) <= before);
    }

    #[test]
    fn must_operate_non_surgical_primary_is_explained(profile in valid_profile()) {
        let rules = Rules::bundled();
        let profile = Profile { needs_to_operate: NeedsToOperate::Must, ..profile };
        let report = plan(&profile, &rules, TODAY);
        for specialty in &report.specialties {
            if !rules.specialty(&specialty.slug).surgical {
                prop_assert!(specialty.fit.iter().any(|note| note.contains("must operate")),
                    "{} ({:?}) has no stated reason", specialty.slug, specialty.role);
            }
            if specialty.role == Role::Primary && !rules.specialty(&specialty.slug).surgical {
                prop_assert_eq!(report.strategy.code.as_str(), "D");
            }
        }
    }

    #[test]
    fn generated_profiles_pass_validation(profile in valid_profile()) {
        let input = super::input::ProfileInput::from(&profile);
        prop_assert_eq!(input.validate(TODAY), Ok(profile));
    }
}
