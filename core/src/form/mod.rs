//! The questionnaire as versioned data: definition types, the condition language, answer checks,
//! the loader that refuses inconsistent files, and the forms built into the core.

pub mod answer;
pub mod condition;
pub mod definition;
mod load;
mod relevance;

use std::sync::OnceLock;

pub use answer::{Answer, Answers, Fix};
pub use condition::Condition;
pub use definition::*;
pub use load::load;

use crate::error::{Error, Result};

/// The definition files shipped inside the core, as (file name, contents).
const BUILT_IN: [(&str, &str); 2] = [
    (
        "kunjungan-rumah.v1.json",
        include_str!("../../forms/kunjungan-rumah.v1.json"),
    ),
    (
        "laporan-rtrw.v1.json",
        include_str!("../../forms/laporan-rtrw.v1.json"),
    ),
];

fn built_in() -> &'static [FormDefinition] {
    static FORMS: OnceLock<Vec<FormDefinition>> = OnceLock::new();
    FORMS.get_or_init(|| {
        BUILT_IN
            .iter()
            .filter_map(|(name, json)| load(name, json).ok())
            .collect()
    })
}

/// The built-in form with `id` and `version`.
pub fn find(id: &str, version: u32) -> Result<&'static FormDefinition> {
    built_in()
        .iter()
        .find(|f| f.id == id && f.version == version)
        .ok_or_else(|| Error::NotFound {
            kind: "form",
            id: format!("{id} v{version}"),
        })
}

/// The newest built-in form of `kind`.
pub fn current(kind: FormKind) -> Result<&'static FormDefinition> {
    built_in()
        .iter()
        .filter(|f| f.kind == kind)
        .max_by_key(|f| f.version)
        .ok_or(Error::NotFound {
            kind: "form",
            id: format!("{kind:?}"),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_form_loads() {
        for (name, json) in BUILT_IN {
            load(name, json).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
        let visit = current(FormKind::Visit).unwrap();
        assert_eq!(visit.criteria.len(), 12);
        assert_eq!(visit.scoring.as_ref().unwrap().min_met, 9);
        assert!(current(FormKind::Report).is_ok());
    }
}
