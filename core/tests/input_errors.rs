//! Every question, coverage query and case of `test-data/input-errors.json` gives its code,
//! a message naming the value and, where the file says so, a hint, in English and French.

use parcours::{Family, Lang, codes};

mod input_vectors;

#[test]
fn every_vector_gives_its_code_in_both_languages() {
    let all = input_vectors::provoked();
    assert!(all.len() >= 25, "{}", all.len());
    let table = codes();
    let mut seen = Vec::new();
    for (name, v, e) in &all {
        let want = v["code"].as_str().unwrap();
        assert_eq!(e.code(), want, "{name}: {}", e.message_in(Lang::En));
        let entry = table.iter().find(|c| c.code == want).unwrap();
        assert!(
            matches!(entry.family, Family::Case | Family::Query),
            "{name}"
        );
        let (en, fr) = (e.message_in(Lang::En), e.message_in(Lang::Fr));
        assert_ne!(en, fr, "{name}");
        assert!(!en.is_empty() && !fr.is_empty(), "{name}");
        let hint = v["help"].as_bool().unwrap();
        assert_eq!(e.help_in(Lang::En).is_some(), hint, "{name}: {en}");
        if let (Some(h_en), Some(h_fr)) = (e.help_in(Lang::En), e.help_in(Lang::Fr)) {
            assert_ne!(h_en, h_fr, "{name}");
        }
        seen.push(want);
    }
    // Every case and question code but Q004's date parameter (bindings only) is provoked here.
    for c in table
        .iter()
        .filter(|c| matches!(c.family, Family::Case | Family::Query))
    {
        assert!(
            seen.contains(&c.code.as_str()),
            "no vector gives {}",
            c.code
        );
    }
}

#[test]
fn suggestions_name_the_closest_id_in_both_languages() {
    let all = input_vectors::provoked();
    let (_, _, e) = all
        .iter()
        .find(|(n, _, _)| n.contains("unknown grouping"))
        .unwrap();
    assert_eq!(
        e.help_in(Lang::En).as_deref(),
        Some("did you mean `gcs-chirurgie-shm`?")
    );
    assert_eq!(
        e.help_in(Lang::Fr).as_deref(),
        Some("vouliez-vous dire `gcs-chirurgie-shm` ?")
    );
    let (_, _, e) = all
        .iter()
        .find(|(n, _, _)| n.contains("coverage \"unknown level\""))
        .unwrap();
    assert_eq!(
        e.message_in(Lang::Fr),
        "niveau inconnu `referense` pour la filière `chirurgie`"
    );
    assert_eq!(
        e.help_in(Lang::Fr).as_deref(),
        Some("vouliez-vous dire `reference` ?")
    );
}

#[test]
fn a_query_error_text_carries_its_code_and_help() {
    let all = input_vectors::provoked();
    let (_, _, input_vectors::Provoked::Query(e)) = all
        .iter()
        .find(|(n, _, _)| n.contains("FINESS with a wrong key"))
        .unwrap()
    else {
        panic!("not a question")
    };
    let fr = e.text(Lang::Fr);
    assert!(fr.starts_with("[Q002] FINESS invalide `210780582`"), "{fr}");
    assert!(
        fr.contains("\n  aide : un numéro FINESS a 9 caractères"),
        "{fr}"
    );
    assert_eq!(e.localized(Lang::Fr).message, e.message_in(Lang::Fr));
    // Display stays the English message and help, as before the codes.
    assert_eq!(
        e.to_string(),
        format!("{}\n  help: {}", e.message, e.help.clone().unwrap())
    );
}
