//! Names and addresses are searched the way people type them: without accents, in any case, by the
//! start of any word. This module turns text into that searchable form, in one place.

use unicode_normalization::UnicodeNormalization;

/// Lower-case `text`, strip accents and collapse everything that is not a letter or digit to one space.
pub fn normalize(text: &str) -> String {
    let folded: String = text
        .nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The distinct words of `text` after [`normalize`], in order of first appearance, plus the words
/// it has with apostrophes dropped, so that "Nur'aini" is found by "nur", "aini" and "nuraini".
pub fn tokens(text: &str) -> Vec<String> {
    let joined = normalize(&text.replace(['\'', '\u{2019}', '`'], ""));
    let mut out: Vec<String> = Vec::new();
    for word in normalize(text)
        .split(' ')
        .chain(joined.split(' '))
        .filter(|w| !w.is_empty())
    {
        if !out.iter().any(|t| t == word) {
            out.push(word.to_owned());
        }
    }
    out
}

/// The smallest string greater than every string starting with `prefix`, for index range scans
/// (`col >= prefix AND col < upper`). `None` when no such bound exists.
pub fn prefix_upper_bound(prefix: &str) -> Option<String> {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        if let Some(next) = char::from_u32(last as u32 + 1) {
            chars.push(next);
            return Some(chars.into_iter().collect());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_case_and_punctuation() {
        assert_eq!(
            normalize("  Siti  ÁMINAH-binti Zulkifli "),
            "siti aminah binti zulkifli"
        );
        assert_eq!(tokens("Nur Nur Hayati"), vec!["nur", "hayati"]);
        assert_eq!(tokens("Siti Nur'aini"), ["siti", "nur", "aini", "nuraini"]);
    }

    #[test]
    fn upper_bound_is_just_past_the_prefix() {
        assert_eq!(prefix_upper_bound("sit").as_deref(), Some("siu"));
        assert!("siti" < "siu" && "siti" >= "sit");
    }
}
