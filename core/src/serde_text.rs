//! serde's and serde_json's error texts as texts of the catalogue, so that a load problem
//! reads in the language asked for.
//!
//! The readers (serde_json, toml, the visitors of the network format) write their errors in
//! English. The shapes serde writes (`unknown field `x`, expected one of …`, `invalid type: …`,
//! `missing field `x``), the JSON syntax errors and the core's own value errors (dates,
//! FINESS numbers) are recognised and rebuilt from the catalogue, keeping the values they name
//! (field names, the text read, the values allowed). A text of another shape is kept as it is
//! (quoted in French, so that it reads as the reader's own words). The English rendering of a
//! recognised text is the reader's text, except that Rust type names become words
//! (`expected f64` → `expected a number`).

use crate::messages::{Arg, Lang, Msg, Text, ToArg, text};

/// Catalogue keys whose English text is the reader's own message, word for word (serde_json's
/// syntax errors): found by comparing with the catalogue, so the module holds each text once.
const VERBATIM: &[Msg] = &[
    Msg::JsonEofList,
    Msg::JsonEofObject,
    Msg::JsonEofString,
    Msg::JsonEofValue,
    Msg::JsonExpectedColon,
    Msg::JsonExpectedListComma,
    Msg::JsonExpectedObjectComma,
    Msg::JsonExpectedIdent,
    Msg::JsonExpectedValue,
    Msg::JsonExpectedQuote,
    Msg::JsonInvalidEscape,
    Msg::JsonInvalidNumber,
    Msg::JsonNumberRange,
    Msg::JsonInvalidUnicode,
    Msg::JsonControl,
    Msg::JsonKeyString,
    Msg::JsonLoneSurrogate,
    Msg::JsonTrailingComma,
    Msg::JsonTrailingChars,
    Msg::JsonHexEnd,
    Msg::JsonRecursion,
];

/// The key of `keys` whose English text is `text`.
fn verbatim(keys: &[Msg], text: &str) -> Option<Msg> {
    keys.iter().copied().find(|m| m.template(Lang::En) == text)
}

/// The catalogue text of a reader's error message.
pub(crate) fn text_of(message: &str) -> Text {
    if let Some(t) = structured(message) {
        return t;
    }
    match verbatim(VERBATIM, message) {
        Some(m) => Text::new(m, &[]),
        None => text!(ReadOther, message),
    }
}

/// The hint for a format error whose (English) message is `message`.
pub(crate) fn hint_of(message: &str) -> Option<Text> {
    let key = if message.starts_with("unknown field") {
        Msg::HintUnknownField
    } else if message.starts_with("missing field") {
        Msg::HintMissingField
    } else if message.starts_with("unknown variant") {
        Msg::HintUnknownVariant
    } else if message.starts_with("invalid date") {
        Msg::HintDate
    } else if message.starts_with("invalid FINESS") {
        Msg::HintFiness
    } else {
        return None;
    };
    Some(Text::new(key, &[]))
}

/// The texts serde builds from parts: each part kept as a value, or itself a catalogue text.
fn structured(m: &str) -> Option<Text> {
    if let Some(rest) = m.strip_prefix("unknown field `") {
        let (name, tail) = rest.split_once("`, ")?;
        return Some(match tail {
            "there are no fields" => text!(SerdeUnknownFieldNone, name),
            _ => text!(SerdeUnknownField, name, expected_list(tail)?),
        });
    }
    if let Some(rest) = m.strip_prefix("unknown variant `") {
        let (name, tail) = rest.split_once("`, ")?;
        return Some(match tail {
            "there are no variants" => text!(SerdeUnknownVariantNone, name),
            _ => text!(SerdeUnknownVariant, name, expected_list(tail)?),
        });
    }
    if let Some(rest) = m.strip_prefix("missing field `") {
        return Some(text!(SerdeMissingField, rest.strip_suffix('`')?));
    }
    if let Some(rest) = m.strip_prefix("invalid type: ") {
        let (un, ex) = rest.rsplit_once(", expected ")?;
        return Some(text!(SerdeInvalidType, unexpected(un), expected(ex)));
    }
    if let Some(rest) = m.strip_prefix("invalid value: ") {
        let (un, ex) = rest.rsplit_once(", expected ")?;
        return Some(text!(SerdeInvalidValue, unexpected(un), expected(ex)));
    }
    if let Some(rest) = m.strip_prefix("invalid length ") {
        let (n, ex) = rest.split_once(", expected ")?;
        return Some(text!(SerdeInvalidLength, n, expected(ex)));
    }
    if let Some(rest) = m.strip_prefix("invalid date `") {
        let (value, reason) = rest.rsplit_once("`: ")?;
        let reason =
            verbatim(&crate::date::REASONS, reason).map_or_else(|| reason.to_arg(), |m| m.to_arg());
        return Some(text!(DateInvalid, value, reason));
    }
    if let Some(rest) = m.strip_prefix("invalid FINESS `") {
        let (value, _) = rest.rsplit_once("`: ")?;
        return Some(text!(FinessInvalid, value));
    }
    None
}

/// `expected one of `a`, `b`` or `expected `a``: the values allowed.
fn expected_list(tail: &str) -> Option<Arg> {
    let list = tail.strip_prefix("expected ")?;
    Some(match list.strip_prefix("one of ") {
        Some(values) => text!(OneOf, values).to_arg(),
        None => list.to_arg(),
    })
}

/// What serde found (`string "x"`, `integer `5``, `map`…).
fn unexpected(un: &str) -> Arg {
    let prefixed = [
        ("string ", Msg::UnString),
        ("integer ", Msg::UnInteger),
        ("floating point ", Msg::UnFloat),
        ("boolean ", Msg::UnBool),
    ];
    for (prefix, key) in prefixed {
        if let Some(v) = un.strip_prefix(prefix) {
            return Text::new(key, &[&v]).to_arg();
        }
    }
    match un {
        "map" => Msg::UnMap.to_arg(),
        "sequence" => Msg::UnSeq.to_arg(),
        other => other.to_arg(),
    }
}

/// What serde expected, in words rather than Rust types.
fn expected(ex: &str) -> Arg {
    const RANGES: &[(&str, &str, &str)] = &[
        ("u8", "0", "255"),
        ("u16", "0", "65535"),
        ("u32", "0", "4294967295"),
        ("i32", "-2147483648", "2147483647"),
    ];
    const WORDS: &[(&str, Msg)] = &[
        ("f64", Msg::ExNumber),
        ("f32", Msg::ExNumber),
        ("u64", Msg::ExInteger),
        ("usize", Msg::ExInteger),
        ("i64", Msg::ExInteger),
        ("a string", Msg::ExString),
        ("a borrowed string", Msg::ExString),
        ("a boolean", Msg::ExBool),
        ("a sequence", Msg::ExList),
        ("a map", Msg::ExObject),
    ];
    if let Some(&(_, lo, hi)) = RANGES.iter().find(|r| r.0 == ex) {
        return text!(ExIntegerRange, lo, hi).to_arg();
    }
    if let Some(&(_, m)) = WORDS.iter().find(|w| w.0 == ex) {
        return m.to_arg();
    }
    if ex.starts_with("struct ") && !ex.contains(" with ") {
        return Msg::ExObject.to_arg();
    }
    // The date reader says what it expects in the words of the catalogue.
    verbatim(&[Msg::ExDate], ex).map_or_else(|| ex.to_arg(), |m| m.to_arg())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_texts_read_in_both_languages() {
        let t = text_of("unknown field `altitude`, expected one of `id`, `name`");
        assert_eq!(
            t.render(Lang::En),
            "unknown field `altitude`, expected one of `id`, `name`"
        );
        assert_eq!(
            t.render(Lang::Fr),
            "champ inconnu `altitude` ; champs possibles : `id`, `name`"
        );
        let t = text_of("invalid type: string \"2\", expected f64");
        assert_eq!(
            t.render(Lang::En),
            "invalid type: string \"2\", expected a number"
        );
        assert_eq!(
            t.render(Lang::Fr),
            "type invalide : texte \"2\", alors qu'il faut un nombre"
        );
        let t = text_of("invalid date `2017-13-01`: no such day in the calendar");
        assert_eq!(
            t.render(Lang::En),
            "invalid date `2017-13-01`: no such day in the calendar"
        );
        assert_eq!(
            t.render(Lang::Fr),
            "date invalide `2017-13-01` : ce jour n'existe pas dans le calendrier"
        );
        assert_eq!(
            text_of("expected value").render(Lang::Fr),
            "valeur attendue"
        );
        assert_eq!(
            text_of("missing field `id`").render(Lang::En),
            "missing field `id`"
        );
        // A text of another shape is kept, quoted in French.
        let t = text_of("something else");
        assert_eq!(t.render(Lang::En), "something else");
        assert_eq!(
            t.render(Lang::Fr),
            "lecture impossible : « something else »"
        );
        assert!(hint_of("missing field `id`").is_some());
        // Every verbatim key is serde_json's text: an unknown one would be kept as it is.
        for m in VERBATIM {
            assert_eq!(
                text_of(m.template(Lang::En)).render(Lang::Fr),
                m.template(Lang::Fr)
            );
        }
        assert_eq!(
            text_of("invalid type: integer `-1`, expected u16").render(Lang::Fr),
            "type invalide : nombre entier `-1`, alors qu'il faut un nombre entier de 0 à 65535"
        );
        assert!(hint_of("expected value").is_none());
    }
}
