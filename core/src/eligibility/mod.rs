//! Eligibility: the 12 criteria and their score, the (a)/(b)/(c) paths with inclusion and exclusion
//! errors, and the validity of cards and letters. The office server uses the same rules.

mod criteria;
mod paths;
mod validity;

pub use criteria::{evaluate, score, CriterionOutcome, CriterionStatus, Score};
pub use paths::{assess, Assessment, Path};
pub use validity::{card_validity, check_renewal, jakarta_date, letter_validity, wib, Validity};
