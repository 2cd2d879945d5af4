//! Identifier hygiene: `P030` (malformed), `P031` (Luhn key), `P032` (duplicate FINESS).
//!
//! A FINESS number is 9 letters or digits; loading already refuses anything else, so `P030` on
//! a FINESS can only come from a value built around the loader, and is kept as a safeguard. A
//! SIREN number is 9 digits, which loading does not check. All-digit FINESS numbers and SIREN
//! numbers usually end with a Luhn key; no official text states it for FINESS and Corsican
//! FINESS numbers start with `2A`/`2B` (no key is computed then), so a mismatch is a warning.

use crate::messages::text;
use std::collections::HashMap;

use crate::check::context::Checker;
use crate::check::{Diagnostic, codes};
use crate::network::luhn;

/// The SIREN of La Poste, whose establishments are numbered outside the Luhn scheme.
const LA_POSTE_SIREN: &str = "356000000";

pub(super) fn run(c: &mut Checker<'_>) {
    let mut ej: HashMap<&str, &str> = HashMap::new();
    for (i, e) in c.net.legal_entities.iter().enumerate() {
        if let Some(f) = &e.finess_ej {
            let pointer = format!("/legal_entities/{i}/finess_ej");
            finess(c, f.as_str(), f.luhn_ok(), &pointer, &e.id, "EJ");
            match ej.get(f.as_str()) {
                Some(&other) => {
                    duplicate(c, f.as_str(), "EJ", other, &e.id, &pointer);
                }
                None => {
                    ej.insert(f.as_str(), e.id.as_str());
                }
            }
        }
        if let Some(s) = &e.siren {
            siren(c, s, &format!("/legal_entities/{i}/siren"), &e.id);
        }
    }
    let mut et: HashMap<&str, &str> = HashMap::new();
    for (i, s) in c.net.sites.iter().enumerate() {
        if let Some(f) = &s.finess_et {
            let pointer = format!("/sites/{i}/finess_et");
            finess(c, f.as_str(), f.luhn_ok(), &pointer, &s.id, "ET");
            match et.get(f.as_str()) {
                Some(&other) => {
                    duplicate(c, f.as_str(), "ET", other, &s.id, &pointer);
                }
                None => {
                    et.insert(f.as_str(), s.id.as_str());
                }
            }
        }
    }
}

/// Whether a text has the FINESS shape: exactly 9 ASCII letters or digits.
pub(super) fn finess_shape_ok(text: &str) -> bool {
    text.len() == 9 && text.bytes().all(|b| b.is_ascii_alphanumeric())
}

fn finess(
    c: &mut Checker<'_>,
    text: &str,
    luhn_ok: Option<bool>,
    pointer: &str,
    id: &str,
    kind: &str,
) {
    if !finess_shape_ok(text) {
        c.emit(
            Diagnostic::tr(
                codes::MALFORMED_ID,
                pointer.to_owned(),
                text!(FinessShape, kind, text, id),
            )
            .entities([id])
            .help(text!(FinessShapeHelp)),
        );
        return;
    }
    if luhn_ok == Some(false) {
        c.emit(
            Diagnostic::tr(
                codes::LUHN,
                pointer.to_owned(),
                text!(FinessLuhn, kind, text, id),
            )
            .entities([id])
            .help(text!(FinessLuhnHelp)),
        );
    }
}

fn siren(c: &mut Checker<'_>, text: &str, pointer: &str, id: &str) {
    if text.len() != 9 || !text.bytes().all(|b| b.is_ascii_digit()) {
        c.emit(
            Diagnostic::tr(
                codes::MALFORMED_ID,
                pointer.to_owned(),
                text!(SirenShape, text, id),
            )
            .entities([id])
            .help(text!(SirenShapeHelp)),
        );
        return;
    }
    if text != LA_POSTE_SIREN && luhn(text) == Some(false) {
        c.emit(
            Diagnostic::tr(codes::LUHN, pointer.to_owned(), text!(SirenLuhn, text, id))
                .entities([id])
                .help(text!(SirenLuhnHelp)),
        );
    }
}

fn duplicate(
    c: &mut Checker<'_>,
    number: &str,
    kind: &str,
    first: &str,
    second: &str,
    pointer: &str,
) {
    c.emit(
        Diagnostic::tr(
            codes::DUPLICATE_FINESS,
            pointer.to_owned(),
            text!(DupFiness, kind, number, first, second),
        )
        .entities([second, first])
        .help(if kind == "EJ" {
            text!(DupFinessHelpEj)
        } else {
            text!(DupFinessHelpEt)
        }),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finess_shape() {
        assert!(finess_shape_ok("210780581"));
        assert!(finess_shape_ok("2A0000001"));
        assert!(!finess_shape_ok("21078058"));
        assert!(!finess_shape_ok("2107805810"));
        assert!(!finess_shape_ok("21078058-"));
        assert!(!finess_shape_ok("21078058é"));
    }

    #[test]
    fn luhn_keys() {
        for ok in ["210780581", "590780193", "350005179", "750712184"] {
            assert_eq!(luhn(ok), Some(true), "{ok}");
        }
        assert_eq!(luhn("210780582"), Some(false));
        assert_eq!(luhn("2A0000001"), None);
        assert_eq!(luhn(""), None);
    }
}
