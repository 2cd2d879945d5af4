//! `engine.route(case)` without JSON text either way: the case's values cross as numbers and
//! one text, the decision comes back as numbers.
//!
//! `js/index.mjs` writes the case object on a *tape* of numbers in the module's memory
//! ([`TAPE`], a `Float64Array` over it in JS), and its texts one after the other in one string;
//! a JS value that JSON text would not write as it is (a `BigInt`, a `Date`, a lone surrogate,
//! an object with `toJSON`, a field of no known name...) is not written, and the wrapper routes
//! that case through the JSON reader (`routeJson`) instead. Each field is
//! read by the core's [`parcours::CaseFields`], the reader of the Python binding's `route(dict)`,
//! with the rules of the JSON reader (its test, `fields_read_as_a_whole_case_reads`, holds it
//! to them); a field it refuses sends the case to `routeJson` too, so an error is the JSON
//! reader's own, with its pointer.
//!
//! The decision's texts come back as the codes of the engine's [`ResultTexts`], which
//! `routeColumns` uses too (`js/index.mjs` keeps the texts it was given, per engine), and its
//! numbers as numbers. Nothing here decides anything.
//!
//! [`ResultTexts`]: parcours::results::ResultTexts

use parcours::results::{ColumnKind, N_COLUMNS, RESULT_COLUMNS};
use serde_json::{Map, Value};
use wasm_bindgen::prelude::*;

use crate::Engine;

/// The kinds of value on the tape, each followed by its payload: a number's value; a text's
/// length in UTF-16 code units (the text follows the earlier ones in the string); an array's
/// length, then its items; an object's number of entries, then each entry's key (a length, as
/// a text's) and value. `js/index.mjs` writes them (`TAPE`). The case itself is the number of
/// its fields, then each field's index in [`parcours::CaseFields::FIELDS`], kind and payload.
const NULL: u8 = 0;
const FALSE: u8 = 1;
const TRUE: u8 = 2;
const NUMBER: u8 = 3;
const TEXT: u8 = 4;
const ARRAY: u8 = 5;
const OBJECT: u8 = 6;

/// Arrays and objects nest no deeper (deeper values go through JSON).
const MAX_DEPTH: usize = 8;

/// Where the result is on the tape: the status (`-1`: not read here, route it through JSON;
/// `0`: a decision; `1`: a decision whose message has a help), the value of each result column
/// (a text's code, `-1` for none; a number, `NaN` for none), then the length of the message in
/// UTF-16 code units. `js/index.mjs` reads them.
const OUT_STATUS: usize = 0;
const OUT_COLUMNS: usize = 1;
const OUT_MESSAGE_LEN: usize = OUT_COLUMNS + N_COLUMNS;
/// How long the tape must be for the result.
const OUT_LEN: usize = OUT_MESSAGE_LEN + 1;

/// The names of a case's fields (the core's [`parcours::CaseFields::FIELDS`]): on the tape, a
/// field of the case is the index of its name. Read once by `js/index.mjs`, which sends a case
/// with a field of another name through JSON (for the error that names it).
#[wasm_bindgen(js_name = caseFields)]
pub fn case_fields() -> Vec<String> {
    parcours::CaseFields::FIELDS
        .iter()
        .map(|&f| f.to_owned())
        .collect()
}

/// A case's values, read in order from the tape and the texts.
struct Tape<'a> {
    numbers: &'a [f64],
    next: usize,
    texts: &'a str,
}

impl<'a> Tape<'a> {
    fn number(&mut self) -> Option<f64> {
        let x = self.numbers.get(self.next).copied();
        self.next += 1;
        x
    }

    /// A count, a length or an index (a whole number from 0 on the tape; anything else is
    /// made one, and a tape that is not `js/index.mjs`'s then fails to read further on).
    fn count(&mut self) -> Option<usize> {
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            reason = "Rust's casts saturate: a malformed tape reads as another one"
        )]
        self.number().map(|x| x as usize)
    }

    /// The next text, given by its length in UTF-16 code units.
    fn text(&mut self) -> Option<&'a str> {
        let units = self.count()?;
        let bytes = if self
            .texts
            .as_bytes()
            .get(..units)
            .is_some_and(<[u8]>::is_ascii)
        {
            units
        } else {
            let (mut n, mut bytes) = (0, 0);
            let mut chars = self.texts.chars();
            while n < units {
                let c = chars.next()?;
                n += c.len_utf16();
                bytes += c.len_utf8();
            }
            bytes
        };
        let text = self.texts.get(..bytes)?;
        self.texts = self.texts.get(bytes..)?;
        Some(text)
    }

    /// The next value, of kind `kind`, as JSON reading its JSON text would give it.
    fn value(&mut self, kind: u8, depth: usize) -> Option<Value> {
        Some(match kind {
            NULL => Value::Null,
            FALSE => Value::Bool(false),
            TRUE => Value::Bool(true),
            NUMBER => json_number(self.number()?)?,
            TEXT => Value::String(self.text()?.to_owned()),
            ARRAY if depth < MAX_DEPTH => {
                let n = self.count()?;
                let mut items = Vec::with_capacity(n.min(64));
                for _ in 0..n {
                    let kind = self.kind()?;
                    items.push(self.value(kind, depth + 1)?);
                }
                Value::Array(items)
            }
            OBJECT if depth < MAX_DEPTH => {
                let n = self.count()?;
                let mut map = Map::new();
                for _ in 0..n {
                    let key = self.text()?.to_owned();
                    let kind = self.kind()?;
                    map.insert(key, self.value(kind, depth + 1)?);
                }
                Value::Object(map)
            }
            _ => return None,
        })
    }

    fn kind(&mut self) -> Option<u8> {
        u8::try_from(self.count()?).ok()
    }

    /// The case: the number of its fields, then each field's index in
    /// [`parcours::CaseFields::FIELDS`] and value, each read by [`parcours::CaseFields`];
    /// `None` when a field does not read (or the tape is not one).
    fn case(&mut self) -> Option<parcours::Case> {
        let mut fields = parcours::CaseFields::default();
        for _ in 0..self.count()? {
            let key = parcours::CaseFields::FIELDS.get(self.count()?)?;
            let kind = self.kind()?;
            let read = if kind == TEXT {
                let text = self.text()?;
                fields.set_text(key, text)
            } else {
                fields.set(key, self.value(kind, 1)?)
            };
            read.ok()?;
        }
        fields.finish().ok()
    }
}

/// The value JSON gives the number `x` of a JS value (finite: `JSON.stringify` writes the
/// others as `null`, and the wrapper too): a whole number as an integer, as the module's JSON
/// reader reads `83` (an `id` must be one); any other as the reader reads the shortest text of
/// `x`, which `JSON.stringify` writes. That reader is not correctly rounded (the module leaves
/// out serde_json's `float_roundtrip`, for size): a text of more than 15 digits can read one
/// unit in the last place away from `x`, so such a number is written and read again, as the
/// JSON text of a case would be.
fn json_number(x: f64) -> Option<Value> {
    const TWO_63: f64 = 9_223_372_036_854_775_808.0;
    if !x.is_finite() {
        return None;
    }
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "checked: a whole number in the range of the type"
    )]
    if x.fract() == 0.0 {
        // Beyond 64 bits, `JSON.stringify` writes every digit, which the reader reads by a
        // path of its own: such a case goes through JSON.
        return (-TWO_63..2.0 * TWO_63).contains(&x).then(|| {
            if x >= 0.0 {
                Value::from(x as u64)
            } else {
                Value::from(x as i64)
            }
        });
    }
    // At most six decimals and fifteen digits: the reader's product (or quotient) of two exact
    // numbers, correctly rounded, is `x`.
    let micro = x * 1e6;
    if micro.fract() == 0.0 && micro.abs() < 1e15 && (micro / 1e6).to_bits() == x.to_bits() {
        return Some(Value::from(x));
    }
    serde_json::from_str(&Value::from(x).to_string()).ok()
}

thread_local! {
    /// The tape, in the module's memory: `js/index.mjs` writes a case on it through a
    /// `Float64Array` over that memory and reads the result there, so that nothing is copied
    /// either way.
    static TAPE: std::cell::RefCell<Vec<f64>> = std::cell::RefCell::new(vec![0.0; OUT_LEN]);
}

/// The address of the tape in the module's memory (in bytes), once it is `len` numbers long at
/// least (its numbers stay). Not part of the documented API.
#[wasm_bindgen(js_name = tapeAddress)]
pub fn tape_address(len: usize) -> usize {
    TAPE.with(|cell| {
        cell.try_borrow_mut().map_or(0, |mut tape| {
            if tape.len() < len {
                tape.resize(len, 0.0);
            }
            tape.as_ptr() as usize
        })
    })
}

/// The module's memory, which the tape is in. Not part of the documented API.
#[wasm_bindgen(js_name = tapeMemory)]
pub fn tape_memory() -> JsValue {
    wasm_bindgen::memory()
}

#[wasm_bindgen]
impl Engine {
    /// Routes the case `js/index.mjs` wrote on the tape (see the module docs; its texts are
    /// `texts`), in French when `fr` is set, else in English. The result is on the tape: the
    /// status (`-1`: the case does not read here, route it through `routeJson`), the value of
    /// each result column (text codes into the engine's texts, see `resultTexts`), the length
    /// of the message. Returns the message and its help, one after the other, when the
    /// decision has a message (an invalid case). Not part of the documented API.
    #[wasm_bindgen(js_name = routeFields)]
    pub fn route_fields(&self, texts: &str, fr: bool) -> Option<String> {
        TAPE.with(|cell| self.route_tape(texts, &mut cell.try_borrow_mut().ok()?, fr))
    }

    /// The engine's texts of result column `column` (an index into the core's
    /// `RESULT_COLUMNS`) from code `from` on: those `routeFields` coded since the wrapper last
    /// asked. Not part of the documented API.
    #[wasm_bindgen(js_name = resultTexts)]
    pub fn result_texts(&self, column: usize, from: usize) -> Vec<String> {
        self.texts
            .try_borrow()
            .map(|t| t.values(column).get(from..).unwrap_or_default().to_vec())
            .unwrap_or_default()
    }
}

impl Engine {
    /// [`Engine::route_fields`] on `tape`.
    fn route_tape(&self, texts: &str, tape: &mut [f64], fr: bool) -> Option<String> {
        let case = Tape {
            numbers: tape,
            next: 0,
            texts,
        }
        .case();
        // Until a decision is written: route the case through JSON.
        *tape.get_mut(OUT_STATUS)? = -1.0;
        let case = case?;
        let lang = if fr {
            parcours::Lang::Fr
        } else {
            parcours::Lang::En
        };
        let d = self.inner.route_in(&case, lang);
        let numbers = [d.distance_km, d.minutes];
        // JSON writes a number that is not finite as `null`: the JSON path gives those.
        if tape.len() < OUT_LEN || numbers.iter().flatten().any(|x| !x.is_finite()) {
            return None;
        }
        let codes = self.texts.try_borrow_mut().ok()?.code_decision(&d);
        let row = parcours::results::ResultRow {
            id: None,
            result: Ok(&d),
        };
        let out = tape.get_mut(OUT_COLUMNS..OUT_MESSAGE_LEN)?;
        for ((slot, col), code) in out.iter_mut().zip(RESULT_COLUMNS).zip(codes) {
            *slot = match col.kind {
                ColumnKind::Number => col.number(row).unwrap_or(f64::NAN),
                _ => f64::from(code),
            };
        }
        let message = d.message.map(|mut m| {
            let units = u32::try_from(m.encode_utf16().count()).unwrap_or(u32::MAX);
            if let Some(len) = tape.get_mut(OUT_MESSAGE_LEN) {
                *len = f64::from(units);
            }
            if let Some(help) = &d.help {
                m.push_str(help);
            }
            m
        });
        if let Some(status) = tape.get_mut(OUT_STATUS) {
            *status = if d.help.is_some() { 1.0 } else { 0.0 };
        }
        message
    }
}
