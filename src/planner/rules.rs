//! Thresholds and the specialty catalogue, read from `content/planner/` at start-up.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::report::{ProgramRange, Role};
use crate::data::MatchData;

/// The specialty slugs that reports and other tools may rely on.
pub const SPECIALTY_SLUGS: &[&str] = &[
    "thoracic-surgery",
    "general-surgery",
    "surgery-preliminary",
    "vascular-surgery",
    "internal-medicine",
    "anesthesiology",
    "emergency-medicine",
    "diagnostic-radiology",
    "interventional-radiology",
    "physical-medicine-rehabilitation",
    "neurology",
    "orthopaedic-surgery",
    "transitional-year",
    "family-medicine",
    "pathology",
];

/// Everything the planner reads besides the profile.
#[derive(Debug, Clone)]
pub struct Rules {
    pub thresholds: Thresholds,
    pub specialties: BTreeMap<String, SpecialtyInfo>,
    pub families: BTreeMap<String, FamilyAdvice>,
    /// Match figures, fees and cycle dates with their sources.
    pub data: MatchData,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Thresholds {
    pub step2_ck: Step2Thresholds,
    pub usce: UsceThresholds,
    pub research: ResearchThresholds,
    pub letters: LetterThresholds,
    pub graduation: GraduationThresholds,
    pub tier: TierThresholds,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step2Thresholds {
    pub strength: u16,
    pub adequate: u16,
    pub i6_minimum: u16,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UsceThresholds {
    pub strength_hands_on_months: u8,
    pub strength_surgery_months: u8,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResearchThresholds {
    pub strength_cardiothoracic_items: u16,
    pub strength_total_items: u16,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LetterThresholds {
    pub aligned_per_specialty: u8,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GraduationThresholds {
    pub warn_after_years: i32,
    pub screen_after_years: i32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TierThresholds {
    pub strong_min_points: u32,
    pub developing_max_points: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecialtyInfo {
    pub name: String,
    pub surgical: bool,
    pub path_to_ct: String,
    /// Guide page and anchor, as `slug#anchor`.
    pub guide: String,
    pub programs: BTreeMap<String, [u32; 2]>,
    /// Key into the family advice table.
    pub family: String,
    /// Steps from this specialty back toward heart and chest work.
    pub long_term: Vec<String>,
}

/// Advice shared by a family of specialties.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FamilyAdvice {
    /// Plural noun for the physicians whose letters count as aligned, such as `surgeons`.
    pub letter_field: String,
    /// Points a personal statement for this family should stress.
    pub statement: Vec<String>,
    /// Talking points, and what to avoid, in this family's interviews.
    pub interview: Vec<String>,
}

impl SpecialtyInfo {
    /// Returns the program range for `role`, or `None` when the catalogue gives none.
    pub fn programs_for(&self, role: Role) -> Option<ProgramRange> {
        self.programs.get(role.label()).map(|[min, max]| ProgramRange { min: *min, max: *max })
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SpecialtyFile {
    specialty: BTreeMap<String, SpecialtyInfo>,
    family: BTreeMap<String, FamilyAdvice>,
}

/// Error from reading the planner's data files; the message names the file and the key.
#[derive(Debug, thiserror::Error)]
#[error("{file}: {message}")]
pub struct RulesError {
    pub file: String,
    pub message: String,
}

impl Rules {
    /// Parses and checks the thresholds and specialty files, given their names and contents.
    pub fn parse(thresholds_file: (&str, &str), specialties_file: (&str, &str), data: MatchData) -> Result<Rules, RulesError> {
        let error = |file: &str, message: String| RulesError { file: file.to_owned(), message };

        let (name, text) = thresholds_file;
        let thresholds: Thresholds = toml::from_str(text).map_err(|err| error(name, err.to_string()))?;
        if thresholds.step2_ck.adequate > thresholds.step2_ck.strength {
            return Err(error(name, "step2_ck.adequate must not exceed step2_ck.strength".to_owned()));
        }
        if thresholds.graduation.warn_after_years > thresholds.graduation.screen_after_years {
            return Err(error(name, "graduation.warn_after_years must not exceed graduation.screen_after_years".to_owned()));
        }

        let (name, text) = specialties_file;
        let file: SpecialtyFile = toml::from_str(text).map_err(|err| error(name, err.to_string()))?;
        for (slug, info) in &file.specialty {
            let error = |file: &str, message: String| {
                let line = crate::data::line_of(text, &format!("[specialty.{slug}]"), 0);
                RulesError { file: file.to_owned(), message: format!("line {line}: {message}") }
            };
            if !SPECIALTY_SLUGS.contains(&slug.as_str()) {
                return Err(error(name, format!("specialty.{slug}: unknown specialty slug; use one of {}", SPECIALTY_SLUGS.join(", "))));
            }
            if !file.family.contains_key(&info.family) {
                return Err(error(name, format!("specialty.{slug}.family: no [family.{}] table; add it or use one of {}",
                    info.family, file.family.keys().cloned().collect::<Vec<_>>().join(", "))));
            }
            if info.long_term.is_empty() {
                return Err(error(name, format!("specialty.{slug}.long_term: list at least one step")));
            }
            for (role, [min, max]) in &info.programs {
                if !["reach", "primary", "backup", "safety"].contains(&role.as_str()) {
                    return Err(error(name, format!("specialty.{slug}.programs.{role}: unknown role; use reach, primary, backup or safety")));
                }
                if min > max || *max == 0 {
                    return Err(error(name, format!("specialty.{slug}.programs.{role}: range [{min}, {max}] must have 0 < max and min <= max")));
                }
            }
        }
        for slug in SPECIALTY_SLUGS {
            if !file.specialty.contains_key(*slug) {
                return Err(error(name, format!("specialty.{slug} is missing")));
            }
        }

        Ok(Rules { thresholds, specialties: file.specialty, families: file.family, data })
    }

    pub fn specialty(&self, slug: &str) -> &SpecialtyInfo {
        self.specialties.get(slug).unwrap_or_else(|| panic!("specialty catalogue lacks {slug}, which parse() requires"))
    }

    pub fn family_of(&self, slug: &str) -> &FamilyAdvice {
        let family = &self.specialty(slug).family;
        self.families.get(family).unwrap_or_else(|| panic!("family {family} is missing, which parse() rejects"))
    }

    /// Reads the repository's own rule files, for tests.
    #[cfg(test)]
    pub fn bundled() -> Rules {
        Rules::parse(
            ("rules.toml", include_str!("../../content/planner/rules.toml")),
            ("specialties.toml", include_str!("../../content/planner/specialties.toml")),
            MatchData::bundled(),
        )
        .expect("bundled rules are valid")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_rules_parse() {
        let rules = Rules::bundled();
        assert_eq!(rules.specialties.len(), SPECIALTY_SLUGS.len());
    }

    #[test]
    fn unknown_slug_names_file_and_key() {
        let specialties = "[specialty.cardiology]\nname = \"x\"\nsurgical = false\npath_to_ct = \"x\"\nguide = \"faq\"\nprograms = {}\nfamily = \"x\"\nlong_term = []\n[family.x]\nletter_field = \"x\"\nstatement = []\ninterview = []\n";
        let error = Rules::parse(
            ("rules.toml", include_str!("../../content/planner/rules.toml")),
            ("specialties.toml", specialties),
            MatchData::bundled(),
        )
        .expect_err("unknown slug");
        assert!(error.to_string().contains("specialties.toml: line 1: specialty.cardiology"), "{error}");
    }

    #[test]
    fn malformed_number_names_file() {
        let rules = include_str!("../../content/planner/rules.toml").replace("strength = 250", "strength = \"high\"");
        let error = Rules::parse(("rules.toml", &rules), ("specialties.toml", include_str!("../../content/planner/specialties.toml")), MatchData::bundled())
            .expect_err("malformed");
        assert!(error.to_string().starts_with("rules.toml:"), "{error}");
    }
}
