//! Text inputs: every file parcours reads (networks, test files, commune references, case
//! tables) is UTF-8 text. Bytes that are not give one located problem, the same from every
//! surface, instead of a decoding exception of the host language.

use crate::error::{Problem, codes};
use crate::messages::text;

/// The text of `bytes`, or an `L001` problem at the line and column (in characters, from 1) of
/// the first sequence that is not UTF-8, naming the byte (or the lone surrogate, for text that
/// came from a UTF-16 string) and saying how to convert the file.
///
/// ```
/// assert_eq!(parcours::text::utf8("Hôpital".as_bytes()).unwrap(), "Hôpital");
/// let latin1 = b"{\"name\":\n \"H\xf4pital\"}";
/// let p = parcours::text::utf8(latin1).unwrap_err();
/// assert_eq!((p.code.as_str(), p.line, p.column), ("L001", Some(2), Some(4)));
/// assert_eq!(p.message, "byte 0xF4 is not UTF-8 text");
/// ```
///
/// # Errors
/// The problem above, when `bytes` are not UTF-8.
pub fn utf8(bytes: &[u8]) -> Result<&str, Box<Problem>> {
    let e = match std::str::from_utf8(bytes) {
        Ok(text) => return Ok(text),
        Err(e) => e,
    };
    let at = e.valid_up_to();
    let (before, rest) = bytes.split_at(at);
    // The part before is valid UTF-8: count lines and characters in it.
    let before = std::str::from_utf8(before).unwrap_or_default();
    let line = before.matches('\n').count() + 1;
    let column = before
        .rfind('\n')
        .map_or(before, |i| &before[i + 1..])
        .chars()
        .count()
        + 1;
    let (message, hint) = match lone_surrogate(rest) {
        Some(unit) => (
            text!(LoneSurrogate, format!("{unit:04X}")),
            text!(LoneSurrogateHint),
        ),
        None => (
            text!(
                NotUtf8Byte,
                format!("{:02X}", rest.first().copied().unwrap_or_default())
            ),
            text!(NotUtf8Hint),
        ),
    };
    let mut problem = Problem::tr(codes::SYNTAX, "", message).help(hint);
    (problem.line, problem.column) = (Some(line), Some(column));
    Err(Box::new(problem))
}

/// [`utf8`] for bytes the caller owns: the text without a copy, or the same located problem.
///
/// ```
/// assert_eq!(parcours::text::utf8_owned(b"Langres".to_vec()).unwrap(), "Langres");
/// assert_eq!(parcours::text::utf8_owned(b"\xe9".to_vec()).unwrap_err().code, "L001");
/// ```
///
/// # Errors
/// The problem of [`utf8`], when `bytes` are not UTF-8.
pub fn utf8_owned(bytes: Vec<u8>) -> Result<String, Box<Problem>> {
    String::from_utf8(bytes).map_err(|e| match utf8(e.as_bytes()) {
        Err(p) => p,
        // `String::from_utf8` refused the bytes, so `utf8` does too.
        Ok(_) => Box::new(Problem::tr(codes::SYNTAX, "", text!(NotUtf8))),
    })
}

/// JSON text as a value, or an `L001` problem at the line and column of the first syntax
/// error, in the catalogue's words (so it reads in any [`Lang`](crate::Lang)): for JSON inputs
/// that are not a network (the command line's case files).
///
/// ```
/// use parcours::Lang;
/// assert_eq!(parcours::text::json("[1]").unwrap(), serde_json::json!([1]));
/// let p = parcours::text::json("[1,\n ]").unwrap_err();
/// assert_eq!((p.code.as_str(), p.line), ("L001", Some(2)));
/// assert!(p.text(Lang::Fr).contains("ligne 2"), "{}", p.text(Lang::Fr));
/// ```
///
/// # Errors
/// The problem above, when `text` is not JSON.
pub fn json(text: &str) -> Result<serde_json::Value, Box<Problem>> {
    crate::load::parse_json(text)
}

/// The UTF-16 code unit of a surrogate encoded as three bytes (`ED A0..BF xx`, as Python's
/// `surrogatepass` and WTF-8 write it) at the start of `bytes`.
fn lone_surrogate(bytes: &[u8]) -> Option<u32> {
    match *bytes {
        [0xED, b1 @ 0xA0..=0xBF, b2 @ 0x80..=0xBF, ..] => {
            Some(0xD000 | (u32::from(b1 & 0x3F) << 6) | u32::from(b2 & 0x3F))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_text_is_borrowed() {
        assert_eq!(utf8(b"").unwrap(), "");
        assert_eq!(
            utf8("a\u{e9}\n\u{1f600}".as_bytes()).unwrap(),
            "a\u{e9}\n\u{1f600}"
        );
    }

    #[test]
    fn a_windows_1252_byte_is_located_in_characters() {
        // "é" in UTF-8 is one character (line 2); the Windows-1252 "è" (0xE8) is at column 3 of
        // line 3.
        let p = utf8(b"{\n\"\xc3\xa9\":\n \"\xe8\"}").unwrap_err();
        assert_eq!((p.line, p.column), (Some(3), Some(3)), "{p}");
        assert_eq!(p.message, "byte 0xE8 is not UTF-8 text");
        assert!(p.help.as_deref().unwrap().contains("iconv"));
        assert_eq!(p.code, "L001");
    }

    #[test]
    fn a_truncated_sequence_at_the_end_is_located() {
        let p = utf8(b"ab\xc3").unwrap_err();
        assert_eq!((p.line, p.column), (Some(1), Some(3)));
        assert_eq!(p.message, "byte 0xC3 is not UTF-8 text");
    }

    #[test]
    fn a_lone_surrogate_is_named() {
        // Python's "x\ud800".encode("utf-8", "surrogatepass").
        let p = utf8(b"x\xed\xa0\x80").unwrap_err();
        assert_eq!(p.message, "lone surrogate U+D800 is not a character");
        assert_eq!((p.line, p.column), (Some(1), Some(2)));
        let p = utf8(b"\xed\xbf\xbf").unwrap_err();
        assert_eq!(p.message, "lone surrogate U+DFFF is not a character");
    }
}
