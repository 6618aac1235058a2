//! Words for the household data's codes, in both languages, for the screens.

use crate::household::Relation;
use crate::i18n::Text;

/// The relation to the head, as the KK writes it.
pub fn relation(relation: Relation) -> Text {
    let (id, en) = match relation {
        Relation::Head => ("Kepala keluarga", "Head of the family"),
        Relation::Spouse => ("Suami/istri", "Spouse"),
        Relation::Child => ("Anak", "Child"),
        Relation::ChildInLaw => ("Menantu", "Child-in-law"),
        Relation::Grandchild => ("Cucu", "Grandchild"),
        Relation::Parent => ("Orang tua", "Parent"),
        Relation::ParentInLaw => ("Mertua", "Parent-in-law"),
        Relation::OtherRelative => ("Famili lain", "Other relative"),
        Relation::Other => ("Lainnya", "Other"),
    };
    Text::new(id, en)
}
