//! The rule the Rust language tests (core/tests/lang.rs and cli/tests/lang.rs, which includes
//! this file by path) use to find the other language's words in a text: whole lowercase words,
//! or word starts for markers ending in an apostrophe (`l'`, `d'`). Python and JS follow the
//! same rule with the same markers (`examples/lang/markers.json`).

/// The marker words of `markers` found in `text`.
pub fn found(text: &str, markers: &[String]) -> Vec<String> {
    let lower = text.to_lowercase();
    let words = lower
        .split(|c: char| !(c.is_alphabetic() || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty());
    let mut hits = Vec::new();
    for w in words {
        for m in markers {
            let hit = if m.ends_with('\'') {
                w.starts_with(m.as_str())
            } else {
                w == m
            };
            if hit && !hits.contains(m) {
                hits.push(m.clone());
            }
        }
    }
    hits
}
