//! The form loader refuses malformed or inconsistent definitions and names the place.

use pandu_core::form::load;
use pandu_core::Error;
use serde_json::{json, Value};

const VISIT: &str = include_str!("../forms/kunjungan-rumah.v1.json");

fn visit() -> Value {
    serde_json::from_str(VISIT).unwrap()
}

/// Load `form` and return the place and reason of the refusal.
fn refusal(form: &Value) -> (String, String) {
    match load("test", &form.to_string()) {
        Err(Error::Definition { place, reason, .. }) => (place, reason),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn syntax_errors_name_line_and_column() {
    let err = load("broken.json", "{\n  \"id\": \"x\",\n  oops }").unwrap_err();
    let Error::Definition { form, place, .. } = err else {
        panic!()
    };
    assert_eq!(form, "broken.json");
    assert!(place.starts_with("line 3"), "{place}");
}

#[test]
fn duplicate_question_ids_are_refused() {
    let mut form = visit();
    form["sections"][1]["questions"][0]["id"] = json!("floor_area_m2");
    let (place, reason) = refusal(&form);
    assert_eq!(place, "question floor_area_m2");
    assert!(reason.contains("duplicate"));
}

#[test]
fn unknown_question_in_a_condition_is_refused() {
    let mut form = visit();
    form["sections"][2]["questions"][2]["relevant"] = json!({"eq": ["head_job", "farmer"]});
    let (place, reason) = refusal(&form);
    assert_eq!(
        place,
        "sections[2] (kepala_keluarga).questions[2] (land_ha).relevant"
    );
    assert!(reason.contains("head_job"));
}

#[test]
fn a_criterion_with_no_source_is_refused() {
    let mut form = visit();
    form["criteria"][5]["rule"] = json!({"when": {"all": []}});
    let (place, reason) = refusal(&form);
    assert_eq!(place, "criteria[5] (protein).rule");
    assert!(reason.contains("no source"));
}

#[test]
fn criterion_one_cannot_be_a_yes_no_question() {
    let mut form = visit();
    form["criteria"][0]["rule"] = json!({"when": {"eq": ["toilet", "none"]}});
    assert_eq!(refusal(&form).0, "criteria[0] (floor_area).rule");
}

#[test]
fn photo_criteria_need_required_evidence() {
    let mut form = visit();
    form["criteria"][3]
        .as_object_mut()
        .unwrap()
        .remove("evidence");
    assert_eq!(refusal(&form).0, "criteria[3] (toilet).evidence");
    let mut form = visit();
    form["criteria"][1]["evidence"]["question"] = json!("floor_material");
    assert!(refusal(&form).1.contains("not a photo question"));
}

#[test]
fn texts_need_both_languages() {
    let mut form = visit();
    form["sections"][0]["questions"][2]["choices"][1]["label"]["en"] = json!("");
    assert_eq!(
        refusal(&form).0,
        "sections[0] (rumah).questions[2] (floor_material).choices[1]"
    );
}

#[test]
fn scoring_rule_must_fit_the_criteria() {
    let mut form = visit();
    form["scoring"]["min_met"] = json!(13);
    assert_eq!(refusal(&form).0, "scoring.min_met");
}

#[test]
fn bad_patterns_and_unknown_fields_are_refused() {
    let mut form = visit();
    form["sections"][3]["questions"][4]["constraint"]["pattern"] = json!("([a-z");
    assert!(refusal(&form).0.ends_with("(notes).constraint.pattern"));
    let mut form = visit();
    form["sections"][0]["questions"][0]["script"] = json!("alert(1)");
    assert!(refusal(&form).0.starts_with("line"));
}

#[test]
fn criteria_must_be_numbered_in_order() {
    let mut form = visit();
    form["criteria"][7]["number"] = json!(3);
    assert!(refusal(&form).1.contains("numbered"));
}
