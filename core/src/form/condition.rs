//! Skip logic and criterion rules as a small declarative condition language, written as JSON in the
//! form file and evaluated here — never as code. Evaluation is three-valued: a condition on a
//! question not yet answered is *unknown*, so a criterion can say "not yet known" honestly.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::answer::{Answer, Answers};

/// A condition over the answers, e.g. `{"in": ["floor_material", ["earth", "bamboo"]]}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Condition {
    /// The question has an answer (never unknown).
    Answered(String),
    /// The answer equals the value (choice, text, number or `YYYY-MM-DD` date).
    Eq(String, Value),
    /// The answer differs from the value.
    Ne(String, Value),
    /// The numeric answer is greater than the number.
    Gt(String, f64),
    /// The numeric answer is at least the number.
    Ge(String, f64),
    /// The numeric answer is less than the number.
    Lt(String, f64),
    /// The numeric answer is at most the number.
    Le(String, f64),
    /// The answer is one of the values.
    In(String, Vec<Value>),
    /// A select-many answer includes the choice.
    Includes(String, String),
    /// Every condition holds.
    All(Vec<Condition>),
    /// At least one condition holds.
    Any(Vec<Condition>),
    /// The condition does not hold.
    Not(Box<Condition>),
}

impl Condition {
    /// Evaluate: `Some(true)`, `Some(false)`, or `None` when it depends on an unanswered question.
    pub fn eval(&self, answers: &Answers) -> Option<bool> {
        let get = |q: &String| answers.get(q);
        match self {
            Self::Answered(q) => Some(get(q).is_some()),
            Self::Eq(q, v) => get(q).map(|a| equals(a, v)),
            Self::Ne(q, v) => get(q).map(|a| !equals(a, v)),
            Self::Gt(q, x) => number(get(q)).map(|n| n > *x),
            Self::Ge(q, x) => number(get(q)).map(|n| n >= *x),
            Self::Lt(q, x) => number(get(q)).map(|n| n < *x),
            Self::Le(q, x) => number(get(q)).map(|n| n <= *x),
            Self::In(q, vs) => get(q).map(|a| vs.iter().any(|v| equals(a, v))),
            Self::Includes(q, c) => {
                get(q).map(|a| matches!(a, Answer::Choices(cs) if cs.contains(c)))
            }
            Self::All(cs) => all(cs, answers),
            Self::Any(cs) => any(cs, answers),
            Self::Not(c) => c.eval(answers).map(|b| !b),
        }
    }

    /// Every question id the condition reads, for load-time checks.
    pub fn questions(&self) -> Vec<&str> {
        match self {
            Self::Answered(q)
            | Self::Eq(q, _)
            | Self::Ne(q, _)
            | Self::Gt(q, _)
            | Self::Ge(q, _)
            | Self::Lt(q, _)
            | Self::Le(q, _)
            | Self::In(q, _)
            | Self::Includes(q, _) => vec![q.as_str()],
            Self::All(cs) | Self::Any(cs) => cs.iter().flat_map(Condition::questions).collect(),
            Self::Not(c) => c.questions(),
        }
    }
}

fn number(answer: Option<&Answer>) -> Option<f64> {
    answer.and_then(Answer::as_number)
}

fn equals(answer: &Answer, value: &Value) -> bool {
    match (answer, value) {
        (Answer::Choice(s) | Answer::Text(s), Value::String(v)) => s == v,
        (Answer::Date(d), Value::String(v)) => d.to_string() == *v,
        (Answer::Integer(_) | Answer::Decimal(_), Value::Number(n)) => {
            answer.as_number() == n.as_f64()
        }
        _ => false,
    }
}

/// Kleene "and": false wins over unknown, unknown over true.
fn all(conditions: &[Condition], answers: &Answers) -> Option<bool> {
    let mut unknown = false;
    for c in conditions {
        match c.eval(answers) {
            Some(false) => return Some(false),
            None => unknown = true,
            Some(true) => {}
        }
    }
    (!unknown).then_some(true)
}

/// Kleene "or": true wins over unknown, unknown over false.
fn any(conditions: &[Condition], answers: &Answers) -> Option<bool> {
    let mut unknown = false;
    for c in conditions {
        match c.eval(answers) {
            Some(true) => return Some(true),
            None => unknown = true,
            Some(false) => {}
        }
    }
    (!unknown).then_some(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(pairs: &[(&str, Answer)]) -> Answers {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }

    fn parse(json: &str) -> Condition {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn unanswered_is_unknown_and_any_true_wins() {
        let c = parse(
            r#"{"any": [{"in": ["job", ["labourer", "fisher"]]}, {"lt": ["income", 600000]}]}"#,
        );
        assert_eq!(c.eval(&Answers::new()), None);
        let a = answers(&[("income", Answer::Integer(450_000))]);
        assert_eq!(c.eval(&a), Some(true));
        let a = answers(&[
            ("job", Answer::Choice("trader".into())),
            ("income", Answer::Integer(900_000)),
        ]);
        assert_eq!(c.eval(&a), Some(false));
    }

    #[test]
    fn all_false_wins_over_unknown_and_not_flips() {
        let c = parse(r#"{"all": [{"eq": ["job", "farmer"]}, {"le": ["land_ha", 0.5]}]}"#);
        let a = answers(&[("job", Answer::Choice("fisher".into()))]);
        assert_eq!(c.eval(&a), Some(false));
        let not = Condition::Not(Box::new(c));
        assert_eq!(not.eval(&a), Some(true));
    }

    #[test]
    fn includes_and_answered() {
        let c = parse(r#"{"includes": ["goods", "motorbike"]}"#);
        let a = answers(&[(
            "goods",
            Answer::Choices(vec!["tv".into(), "motorbike".into()]),
        )]);
        assert_eq!(c.eval(&a), Some(true));
        assert_eq!(parse(r#"{"answered": "x"}"#).eval(&a), Some(false));
    }

    #[test]
    fn unknown_operators_are_refused_by_the_parser() {
        assert!(serde_json::from_str::<Condition>(r#"{"eval": "1+1"}"#).is_err());
    }
}
