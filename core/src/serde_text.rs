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

use crate::messages::{Arg, Msg, Text, ToArg, text};

/// The catalogue text of a reader's error message.
pub(crate) fn text_of(message: &str) -> Text {
    if let Some(t) = structured(message) {
        return t;
    }
    let fixed = match message {
        "EOF while parsing a list" => Msg::JsonEofList,
        "EOF while parsing an object" => Msg::JsonEofObject,
        "EOF while parsing a string" => Msg::JsonEofString,
        "EOF while parsing a value" => Msg::JsonEofValue,
        "expected `:`" => Msg::JsonExpectedColon,
        "expected `,` or `]`" => Msg::JsonExpectedListComma,
        "expected `,` or `}`" => Msg::JsonExpectedObjectComma,
        "expected ident" => Msg::JsonExpectedIdent,
        "expected value" => Msg::JsonExpectedValue,
        "expected `\"`" => Msg::JsonExpectedQuote,
        "invalid escape" => Msg::JsonInvalidEscape,
        "invalid number" => Msg::JsonInvalidNumber,
        "number out of range" => Msg::JsonNumberRange,
        "invalid unicode code point" => Msg::JsonInvalidUnicode,
        "control character (\\u0000-\\u001F) found while parsing a string" => Msg::JsonControl,
        "key must be a string" => Msg::JsonKeyString,
        "lone leading surrogate in hex escape" => Msg::JsonLoneSurrogate,
        "trailing comma" => Msg::JsonTrailingComma,
        "trailing characters" => Msg::JsonTrailingChars,
        "unexpected end of hex escape" => Msg::JsonHexEnd,
        "recursion limit exceeded" => Msg::JsonRecursion,
        _ => return text!(ReadOther, message),
    };
    Text::new(fixed, &[])
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
        let reason = match reason {
            "no such day in the calendar" => Msg::DateNoDay.to_arg(),
            "year must be between 1000 and 9999" => Msg::DateYear.to_arg(),
            "expected YYYY-MM-DD (or YYYY-MM, YYYY)" => Msg::DateShape.to_arg(),
            other => other.to_arg(),
        };
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
    let range = |lo: &str, hi: &str| text!(ExIntegerRange, lo, hi).to_arg();
    match ex {
        "u8" => return range("0", "255"),
        "u16" => return range("0", "65535"),
        "u32" => return range("0", "4294967295"),
        "i32" => return range("-2147483648", "2147483647"),
        _ => {}
    }
    let key = match ex {
        "f64" | "f32" => Msg::ExNumber,
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" | "i8" | "i16" | "i32" | "i64" | "i128"
        | "isize" => Msg::ExInteger,
        "a string" | "a borrowed string" => Msg::ExString,
        "a boolean" => Msg::ExBool,
        "a sequence" => Msg::ExList,
        "a map" => Msg::ExObject,
        "a date written YYYY-MM-DD (or YYYY-MM, YYYY)" => Msg::ExDate,
        s if s.starts_with("struct ") && !s.contains(" with ") => Msg::ExObject,
        other => return other.to_arg(),
    };
    key.to_arg()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;

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
        assert!(hint_of("expected value").is_none());
    }
}
