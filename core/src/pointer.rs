//! JSON pointers of read errors, found from the error's position in the text.
//!
//! serde_json says where an error is as a line and column; users want the JSON pointer of the
//! value at fault (`/sites/3/finess_et`). Rather than tracking the path while reading (a
//! wrapper around every visitor: about 28 KB of the gzipped WebAssembly module, and slower
//! loads), the reader runs plain and, on error only, [`at`] scans the text up to the error's
//! position with a small JSON tokenizer that keeps the stack of keys and indices.
//!
//! The pointer is the one of the value being read: the field whose key or value was read last
//! (`/sites/0/altitude` for an unknown field, `/sites/0/validity/from` for a bad date), or, when
//! the error comes at a closing bracket (`missing field`, a list of the wrong length), the
//! object or array that bracket closes. A differential test checks it against a path-tracking
//! reader (`serde_path_to_error`) on thousands of broken networks.

/// One open object or array on the way to the error.
enum Frame {
    /// An object and the key of the member being read, once its key has been read.
    Object(Option<String>),
    /// An array and the index of the element being read.
    Array(usize),
}

/// Where the tokenizer is, between tokens or inside a string.
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    /// Between tokens.
    Between,
    /// Inside a key string (its text goes to the key buffer).
    Key,
    /// Inside a value string.
    Value,
}

/// The byte offset of a 1-based `line` and `column` (serde_json's position: the byte just read
/// when the error was detected; column 0 is the start of the line).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text.get(start..).and_then(|rest| rest.find('\n')) {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    (start + column.saturating_sub(1)).min(text.len())
}

/// What kind of error a pointer is looked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// The text is not well-formed JSON.
    Syntax,
    /// An object or array as a whole is wrong (`missing field`, `invalid length`): serde_json
    /// stops on its closing bracket.
    Container,
    /// A value is wrong (type, unknown field or variant, a value its type refuses): serde_json
    /// stops on it or on the token after it.
    Value,
}

impl Kind {
    /// The kind of a serde_json error whose text is `message`.
    pub(crate) fn of(e: &serde_json::Error, message: &str) -> Self {
        if e.is_syntax() || e.is_eof() {
            Self::Syntax
        } else if message.starts_with("missing field") || message.starts_with("invalid length") {
            Self::Container
        } else {
            Self::Value
        }
    }
}

/// The JSON pointer of the value at fault for an error of `kind` at `line` and `column` of
/// `text` (see the module docs).
pub(crate) fn at(text: &str, line: usize, column: usize, kind: Kind) -> String {
    let syntax = kind == Kind::Syntax;
    let stop = offset_of(text, line, column);
    let mut scan = Scan::default();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < stop {
        i += scan.step(bytes, i);
    }
    // An escape in a string can take the byte at the position with it (`\"`): then that byte
    // is read already, and it does not end the string.
    let next = if i > stop {
        None
    } else {
        bytes.get(stop).copied()
    };
    // A value refused before it is read (an array or object where something else is due, e.g.
    // `[]` for a struct): serde_json stops before its bracket, so in compact JSON on the comma
    // or the bracket of the array before it. The culprit is the element that follows.
    let element_follows = match next {
        Some(b',') => matches!(scan.frames.last(), Some(Frame::Array(_))),
        Some(b'[') => true,
        _ => false,
    };
    if kind == Kind::Value && scan.state == State::Between && element_follows {
        scan.step(bytes, stop);
    }
    match (scan.state, next) {
        // An error inside a key (serde_json stops on its closing quote): that key.
        (State::Key, _) => {
            scan.end_key();
            scan.pointer(true)
        }
        // At a closing bracket: an error of the container (`missing field`) blames what it
        // closes; a syntax error after a complete value (a second key after an enum's variant)
        // blames the object or array that holds it. A bracket where a value is due, or that
        // closes an empty object where one member is due (an enum), is the culprit itself; a
        // value error there is about the last value read.
        (State::Between, Some(b'}' | b']'))
            if kind == Kind::Container || (syntax && !scan.expect_value && !scan.opened) =>
        {
            scan.step(bytes, stop);
            scan.pointer(!syntax)
        }
        // On the closing quote of a value that is a whole string: a syntax error blames what
        // holds the value (the error is about what follows). A quote that cannot close the
        // string there (after a lone surrogate's escape) is the culprit itself.
        (State::Value, Some(b'"'))
            if syntax
                && text
                    .get(scan.string_start..=stop)
                    .is_some_and(|s| serde_json::from_str::<String>(s).is_ok()) =>
        {
            scan.pointer(false)
        }
        _ => scan.pointer(true),
    }
}

/// The 1-based line and column (in characters) of the value at each of `pointers` in the JSON
/// `text`: a member's key (where an editor shows the field), an array element's first byte;
/// `None` for a pointer the text does not hold. One pass over the text (a hash lookup per key
/// and element), stopping once every pointer is found: for problems found after reading (unknown references, bad values), so
/// that they are located like syntax errors.
pub(crate) fn positions(text: &str, pointers: &[&str]) -> Vec<Option<(usize, usize)>> {
    let mut out: Vec<Option<(usize, usize)>> = vec![None; pointers.len()];
    let mut left = pointers.iter().filter(|p| !p.is_empty()).count();
    let bytes = text.as_bytes();
    let mut scan = Scan::default();
    // The current line, and the byte offset where it starts.
    let (mut line, mut line_start) = (1usize, 0usize);
    // Which of `pointers` each pointer is (the same pointer may be asked more than once).
    let mut wanted: crate::engine::HashMap<&str, Vec<usize>> = crate::engine::HashMap::default();
    for (k, p) in pointers.iter().enumerate() {
        if !p.is_empty() {
            wanted.entry(p).or_default().push(k);
        }
    }
    let mut record = |pointer: String, at: usize, line: usize, line_start: usize| -> usize {
        let Some(slots) = wanted.remove(pointer.as_str()) else {
            return 0;
        };
        let column = text.get(line_start..at).map_or(0, |s| s.chars().count()) + 1;
        for &k in &slots {
            if let Some(slot) = out.get_mut(k) {
                *slot = Some((line, column));
            }
        }
        slots.len()
    };
    let mut i = 0;
    while i < bytes.len() && left > 0 {
        let b = bytes.get(i).copied().unwrap_or(b' ');
        let before = scan.state;
        let between = before == State::Between;
        // The first byte of an array element: the element's position.
        if between
            && !matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b',' | b']' | b'}' | b':')
            && matches!(scan.frames.last(), Some(Frame::Array(_)))
            && !scan.element_seen
        {
            scan.element_seen = true;
            left = left.saturating_sub(record(scan.pointer(true), i, line, line_start));
        }
        let n = scan.step(bytes, i);
        if between && matches!(b, b',' | b'[') {
            scan.element_seen = false;
        }
        // A key just read: the member's position is its opening quote (a key holds no line
        // break, so it is on the current line).
        if before == State::Key && scan.state == State::Between {
            let found = record(scan.pointer(true), scan.string_start, line, line_start);
            left = left.saturating_sub(found);
        }
        if b == b'\n' {
            line += 1;
            line_start = i + 1;
        }
        i += n;
    }
    out
}

/// The tokenizer: the open objects and arrays, and where it is.
struct Scan {
    frames: Vec<Frame>,
    state: State,
    /// The bytes of the key being read, as written.
    key: Vec<u8>,
    /// After `:` or `,`: a value (or key) must come, a closing bracket would be a syntax error.
    expect_value: bool,
    /// After `{` or `[`: the container is empty so far.
    opened: bool,
    /// The byte offset of the opening quote of the string being read (or read last).
    string_start: usize,
    /// The element being read of the innermost array has started (for [`positions`]).
    element_seen: bool,
}

impl Default for Scan {
    fn default() -> Self {
        Self {
            frames: Vec::new(),
            state: State::Between,
            key: Vec::new(),
            expect_value: false,
            opened: false,
            string_start: 0,
            element_seen: false,
        }
    }
}

impl Scan {
    /// Reads the byte at `i`; returns how many bytes it took (2 for an escape in a string).
    fn step(&mut self, bytes: &[u8], i: usize) -> usize {
        let Some(&b) = bytes.get(i) else { return 1 };
        if self.state == State::Between && !b.is_ascii_whitespace() {
            self.opened = matches!(b, b'{' | b'[');
        }
        match self.state {
            State::Key | State::Value => match b {
                b'"' => {
                    if self.state == State::Key {
                        self.end_key();
                    }
                    self.state = State::Between;
                    self.expect_value = false;
                }
                b'\\' => {
                    // The escape and the byte it escapes (a `\u` escape's digits are plain).
                    if self.state == State::Key {
                        self.key.push(b);
                        self.key.extend(bytes.get(i + 1));
                    }
                    return 2;
                }
                _ => {
                    if self.state == State::Key {
                        self.key.push(b);
                    }
                }
            },
            State::Between => match b {
                // An empty object or array may close at once.
                b'{' => {
                    self.frames.push(Frame::Object(None));
                    self.expect_value = false;
                }
                b'[' => {
                    self.frames.push(Frame::Array(0));
                    self.expect_value = false;
                }
                b'}' | b']' => {
                    self.frames.pop();
                    self.expect_value = false;
                }
                b',' | b':' => {
                    match (b, self.frames.last_mut()) {
                        (b',', Some(Frame::Object(k))) => *k = None,
                        (b',', Some(Frame::Array(n))) => *n += 1,
                        _ => {}
                    }
                    self.expect_value = true;
                }
                b'"' => {
                    self.string_start = i;
                    // A string where an object expects a key (none read yet) is a key.
                    self.state = match self.frames.last() {
                        Some(Frame::Object(None)) => {
                            self.key.clear();
                            State::Key
                        }
                        _ => State::Value,
                    };
                }
                b' ' | b'\t' | b'\n' | b'\r' => {}
                _ => self.expect_value = false,
            },
        }
        1
    }

    /// The key read so far becomes the key of the member being read.
    fn end_key(&mut self) {
        let text = decode_key(&self.key);
        if let Some(Frame::Object(k)) = self.frames.last_mut() {
            *k = Some(text);
        }
    }

    /// The pointer of the open objects and arrays, each with the key or index being read;
    /// without the innermost one's when `inner` is false (the container itself).
    fn pointer(&self, inner: bool) -> String {
        let mut pointer = String::new();
        let last = self.frames.len().saturating_sub(1);
        for (n, frame) in self.frames.iter().enumerate() {
            if !inner && n == last {
                break;
            }
            match frame {
                Frame::Object(Some(k)) => {
                    pointer.push('/');
                    pointer.push_str(&k.replace('~', "~0").replace('/', "~1"));
                }
                Frame::Object(None) => {}
                Frame::Array(index) => {
                    pointer.push('/');
                    pointer.push_str(&index.to_string());
                }
            }
        }
        pointer
    }
}

/// The text of a key as written between its quotes, escapes decoded (an escape that does not
/// decode is kept as written).
fn decode_key(raw: &[u8]) -> String {
    let quoted = [b"\"".as_slice(), raw, b"\""].concat();
    serde_json::from_slice::<String>(&quoted)
        .unwrap_or_else(|_| String::from_utf8_lossy(raw).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pointer serde_json's own error position gives, reading `text` as a `T`.
    fn pointer<T: serde::de::DeserializeOwned + std::fmt::Debug>(text: &str) -> String {
        let e = serde_json::from_str::<T>(text).unwrap_err();
        at(text, e.line(), e.column(), Kind::of(&e, &e.to_string()))
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code, reason = "read to trigger errors")]
    struct Site {
        id: String,
        lat: f64,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code, reason = "read to trigger errors")]
    struct Net {
        name: String,
        sites: Vec<Site>,
    }

    #[test]
    fn unknown_fields_wrong_types_and_missing_fields() {
        let base = r#"{"name": "n", "sites": [{"id": "a", "lat": 1.0}, {"id": "b", "lat": 2.0}]}"#;
        assert_eq!(
            pointer::<Net>(&base.replace(r#""lat": 2.0"#, r#""lat": 2.0, "alt": 3"#)),
            "/sites/1/alt"
        );
        assert_eq!(
            pointer::<Net>(&base.replace(r#""lat": 2.0"#, r#""lat": "2""#)),
            "/sites/1/lat"
        );
        assert_eq!(
            pointer::<Net>(&base.replace(r#", "lat": 2.0"#, "")),
            "/sites/1"
        );
        assert_eq!(pointer::<Net>(&base.replace(r#""name": "n", "#, "")), "");
        assert_eq!(
            pointer::<Net>(&base.replace(r#""name": "n""#, r#""name": 5"#)),
            "/name"
        );
        assert_eq!(
            pointer::<Net>(&base.replace(r#"{"id": "b", "lat": 2.0}"#, "7")),
            "/sites/1"
        );
    }

    #[test]
    fn syntax_errors_blame_the_value_being_written() {
        assert_eq!(
            pointer::<Net>("{\"name\": \"n\",\n \"sites\": [{\"id\": }]}"),
            "/sites/0/id"
        );
        assert_eq!(pointer::<Net>("{\"name\": }"), "/name");
        assert_eq!(pointer::<Net>("{"), "");
    }

    #[test]
    fn escaped_keys_are_decoded_and_escaped_again() {
        let text = r#"{"name": "n", "sites": [], "a\/b~\u0063": 1}"#;
        assert_eq!(pointer::<Net>(text), "/a~1b~0c");
        // Brackets and quotes inside strings are text.
        let text = r#"{"name": "}]\"{[", "sites": [{"id": "]", "lat": 1, "x": 0}]}"#;
        assert_eq!(pointer::<Net>(text), "/sites/0/x");
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code, reason = "read to trigger errors")]
    struct Dated {
        id: String,
        from: crate::Date,
    }

    #[test]
    fn a_refused_value_last_in_its_object_is_blamed_not_the_object() {
        // serde_json stops after the value, on the closing bracket.
        assert_eq!(
            pointer::<Dated>(r#"{"id": "a", "from": "2017-13-01"}"#),
            "/from"
        );
        assert_eq!(
            pointer::<Vec<Dated>>(r#"[{"id": "a", "from": "2017-13-01"}]"#),
            "/0/from"
        );
        assert_eq!(
            pointer::<Dated>(r#"{"from": "2017-13-01", "id": "a"}"#),
            "/from"
        );
        assert_eq!(pointer::<Vec<Dated>>(r#"[{"id": "a"}]"#), "/0");
    }

    #[test]
    fn an_escaped_quote_at_the_end_does_not_end_the_string() {
        let text = "{\"sites\": [{\"note\": \"its \\\"";
        let e = serde_json::from_str::<serde_json::Value>(text).unwrap_err();
        assert_eq!(
            at(text, e.line(), e.column(), Kind::Syntax),
            "/sites/0/note"
        );
    }

    #[test]
    fn an_escape_that_is_no_character_blames_its_string() {
        // serde_json stops on the quote after `\ud800`: it cannot close the string there.
        for text in [
            r#"{"name": "\ud800"}"#,
            r#"{"name": "\udc00", "sites": []}"#,
        ] {
            assert_eq!(pointer::<Net>(text), "/name", "{text}");
        }
    }

    #[test]
    fn positions_of_keys_and_elements() {
        let text = "{\"name\": \"n\",\n \"sites\": [\n  {\"id\": \"é\", \"lat\": 1},\n  7\n ]}";
        assert_eq!(
            positions(
                text,
                &["/name", "/sites/0/lat", "/sites/1", "/sites/0", "/nope", ""]
            ),
            vec![
                Some((1, 2)),
                Some((3, 15)),
                Some((4, 3)),
                Some((3, 3)),
                None,
                None
            ]
        );
    }

    #[test]
    fn positions_past_the_end_are_clamped() {
        assert_eq!(offset_of("ab\ncd", 2, 9), 5);
        assert_eq!(offset_of("ab\ncd", 7, 1), 5);
        assert_eq!(offset_of("ab\ncd", 2, 0), 3);
    }
}
