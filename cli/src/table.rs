//! Delimited text as people export it: `,`, `;` (French spreadsheets) or tab, chosen by
//! `--delimiter` or told from the header line; decimal commas in numbers when the delimiter is
//! not `,`; `-` for standard input; a byte-order mark is dropped. Every error names the file
//! (`standard input` for `-`), and for a value its line and column.

use std::io::Read as _;
use std::path::Path;

use parcours::messages::CliMsg;

use crate::error::{Part, Said, help_line, io_reason, said};
use crate::input::Result;

/// Text read from a file or from standard input, with the name errors give it.
pub struct Source {
    /// The path as given, or `standard input` (in the language of `--lang`) for `-`.
    pub name: String,
    /// The text, without a leading byte-order mark.
    pub text: String,
}

/// Reads `path`, or standard input when `path` is `-`, as UTF-8 text.
///
/// # Errors
/// When the file cannot be read, or is not UTF-8 (naming the first line that is not).
pub fn read(path: &Path) -> Result<Source> {
    let stdin = path.as_os_str() == "-";
    let (name, bytes) = if stdin {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .map_err(|e| said!(InCannotReadStdin, io_reason(&e, false)))?;
        (said!(Stdin).text(), bytes)
    } else {
        (path.display().to_string(), crate::input::read_bytes(path)?)
    };
    let text = match parcours::text::utf8_owned(bytes) {
        Ok(text) => text,
        Err(p) => {
            // The core's problem in the language of `--lang`, then its help line.
            let p = p.localized(crate::input::lang());
            let what = p.message + &help_line(p.help.map(Part::from)).text();
            return Err(said!(
                InLineColumn,
                name,
                p.line.unwrap_or(1),
                p.column.unwrap_or(1),
                what
            )
            .into());
        }
    };
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    };
    Ok(Source { name, text })
}

/// A field delimiter: `,`, `;` or tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Delimiter(pub u8);

impl Delimiter {
    /// The delimiters a header line is searched for, in the order messages list them.
    const KNOWN: [u8; 3] = [b',', b';', b'\t'];

    /// How messages write it: `` `,` ``, `` `;` ``, or the word for tab in the language of
    /// `--lang`.
    fn name(self) -> Part {
        match self.0 {
            b'\t' => said!(Tab).into(),
            d => format!("`{}`", char::from(d)).into(),
        }
    }
}

impl std::str::FromStr for Delimiter {
    type Err = String;

    /// The delimiter `s` names; the error is in the language of `--lang` (clap shows it).
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "," | "comma" => Ok(Self(b',')),
            ";" | "semicolon" => Ok(Self(b';')),
            "\t" | "\\t" | "tab" => Ok(Self(b'\t')),
            _ => Err(said!(InBadDelimiter, s).text()),
        }
    }
}

/// The delimiter of `text`, told from its header line: the one of `,`, `;` and tab that occurs
/// outside quotes. A header with none of them has one column (`,` then).
///
/// # Errors
/// When the header line holds more than one of them: which one separates the columns is
/// ambiguous. `flag` is the option that settles it, when the command has one.
pub fn detect(name: &str, text: &str, flag: Option<&str>) -> Result<Delimiter> {
    let header = text.lines().next().unwrap_or_default();
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for b in header.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            for (count, d) in counts.iter_mut().zip(Delimiter::KNOWN) {
                if b == d {
                    *count += 1;
                }
            }
        }
    }
    let found: Vec<(usize, Delimiter)> = counts
        .iter()
        .zip(Delimiter::KNOWN)
        .filter(|(c, _)| **c > 0)
        .map(|(c, d)| (*c, Delimiter(d)))
        .collect();
    match found.as_slice() {
        [] => Ok(Delimiter(b',')),
        [(_, d)] => Ok(*d),
        several => {
            // `a once and b 3 times`, in the language asked for.
            let list = several
                .iter()
                .map(|&(c, d)| match c {
                    1 => said!(InDelimiterOnce, d.name()),
                    c => said!(InDelimiterTimes, d.name(), c),
                })
                .reduce(|all, one| said!(AndList, all, one))
                .map_or_else(|| Part::from(""), Part::from);
            let help = match flag {
                Some(flag) => said!(InDelimiterFlagHelp, flag),
                None => said!(InDelimiterHelp),
            };
            let what = said!(InAmbiguousDelimiter, list, help);
            Err(said!(InLine, name, 1, what).into())
        }
    }
}

/// A CSV reader over `text` with `delimiter`, header names trimmed; a record with more or fewer
/// fields than the header is an error of that record.
pub fn reader(text: &str, delimiter: Delimiter) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter.0)
        .trim(csv::Trim::Headers)
        .flexible(false)
        .from_reader(text.as_bytes())
}

/// Reads a number as a spreadsheet writes it: `48.5`, or `48,5` when the file is not
/// `,`-delimited. Returns why not otherwise, in words (the caller adds file, line and column).
///
/// # Errors
/// A text that is not a finite number, a decimal comma in a `,`-delimited file, or a value
/// with both `,` and `.` or several `,` (a thousands separator cannot be told from a decimal
/// one).
pub fn decimal(value: &str, delimiter: Delimiter) -> std::result::Result<f64, Said> {
    let v = value.trim();
    let commas = v.matches(',').count();
    let text = if commas == 0 {
        std::borrow::Cow::Borrowed(v)
    } else if delimiter.0 == b',' {
        return Err(said!(InDecimalComma, v, v.replace(',', ".")));
    } else if commas > 1 || v.contains('.') {
        return Err(said!(InDecimalAmbiguous, v));
    } else {
        std::borrow::Cow::Owned(v.replace(',', "."))
    };
    match text.parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(x),
        _ => Err(not_a_number(v, delimiter)),
    }
}

/// Why `value` is not a number, with how to write one in a file delimited by `delimiter`.
pub fn not_a_number(value: &str, delimiter: Delimiter) -> Said {
    let other = if delimiter.0 == b',' {
        Delimiter(b';')
    } else {
        delimiter
    };
    said!(InNotNumber, value, other.name())
}

/// The columns of `headers` that are not in `known`, for the one notice saying they are
/// ignored: their names in backquotes, in order (`an unnamed column`, in the language of
/// `--lang`, for an empty name, as a spreadsheet's trailing delimiter makes).
pub fn unknown_columns(headers: &csv::StringRecord, known: &[&str]) -> Vec<String> {
    headers
        .iter()
        .filter(|h| !known.contains(&h.trim()))
        .map(|h| {
            if h.is_empty() {
                CliMsg::NoteUnnamedColumn
                    .template(crate::input::lang())
                    .to_owned()
            } else {
                format!("`{h}`")
            }
        })
        .collect()
}

/// Prints, once, that the columns `ignored` of `name` are not read, in the language of
/// `--lang`; `what` names the kind of input (`travel matrix`), whose columns `known` are
/// listed in backquotes (names, not words).
pub fn notice_ignored(name: &str, ignored: &[String], what: CliMsg, known: &[&str]) {
    if ignored.is_empty() {
        return;
    }
    let lang = crate::input::lang();
    let msg = if ignored.len() == 1 {
        CliMsg::NoteIgnoredOne
    } else {
        CliMsg::NoteIgnoredMany
    };
    eprintln!(
        "{}",
        msg.fill(
            lang,
            &[
                name,
                &ignored.len().to_string(),
                &ignored.join(", "),
                what.template(lang),
                &known
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
            ]
        )
    );
}

/// The first column name of `headers` given twice, if any.
pub fn duplicate_column(headers: &csv::StringRecord) -> Option<&str> {
    headers
        .iter()
        .enumerate()
        .find(|(i, h)| !h.is_empty() && headers.iter().skip(i + 1).any(|o| o == *h))
        .map(|(_, h)| h)
}

#[cfg(test)]
mod tests {
    use super::{Delimiter, decimal, detect};
    use parcours::Lang;

    const SEMI: Delimiter = Delimiter(b';');
    const COMMA: Delimiter = Delimiter(b',');

    #[test]
    fn decimal_commas_are_read_only_outside_comma_files() {
        assert_eq!(decimal("48,11", SEMI), Ok(48.11));
        assert_eq!(decimal(" -1,5 ", Delimiter(b'\t')), Ok(-1.5));
        assert_eq!(decimal("48.11", SEMI), Ok(48.11));
        assert!(
            decimal("48,11", COMMA)
                .unwrap_err()
                .text()
                .contains("`48.11`")
        );
    }

    #[test]
    fn ambiguous_or_unreadable_numbers_say_why() {
        let why = |v: &str| decimal(v, SEMI).unwrap_err();
        assert!(why("1.234,5").text().contains("ambiguous"));
        assert!(why("1,234,5").render(Lang::Fr).contains("ambigu"));
        for bad in ["abc", "NaN", "inf", "", "4 8"] {
            assert!(why(bad).text().contains("not a number"), "{bad}");
            assert!(why(bad).render(Lang::Fr).contains("pas un nombre"), "{bad}");
        }
    }

    #[test]
    fn the_header_line_tells_the_delimiter() {
        assert_eq!(detect("f", "a;b;c\n1,5;2;3\n", None).ok(), Some(SEMI));
        assert_eq!(detect("f", "a,b\n1;2\n", None).ok(), Some(COMMA));
        assert_eq!(detect("f", "a\tb\n", None).ok(), Some(Delimiter(b'\t')));
        assert_eq!(detect("f", "\"a;x\",b\n", None).ok(), Some(COMMA));
        assert_eq!(detect("f", "id\n", None).ok(), Some(COMMA));
        let err = detect("f.csv", "a;b,c\n", Some("--delimiter")).unwrap_err();
        let en = err.text(Lang::En);
        assert!(
            en.contains("f.csv: line 1") && en.contains("--delimiter"),
            "{en}"
        );
        let fr = err.text(Lang::Fr);
        assert!(
            fr.starts_with("erreur : f.csv : ligne 1 : impossible de savoir")
                && fr.contains("`,` une fois et `;` une fois"),
            "{fr}"
        );
    }
}
