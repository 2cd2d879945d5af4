//! Calendar dates and validity periods.
//!
//! Cooperation agreements change over time: a GCS starts on a day, a member joins "within a year",
//! an association opens "in the coming weeks". Every dated fact of a network carries a
//! [`Validity`]; routing and checks only use a fact at a date where it is [in force](Validity::in_force).

use std::fmt;
use std::str::FromStr;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar date (proleptic Gregorian), ordered chronologically.
///
/// Written `YYYY-MM-DD`. For hand authoring `YYYY-MM` and `YYYY` are accepted too and mean the
/// first day of that month or year; say how precise the date is with [`Validity::precision`].
///
/// ```
/// use parcours::Date;
/// let d: Date = "2017-10-01".parse().unwrap();
/// assert_eq!(d.to_string(), "2017-10-01");
/// assert_eq!("2017-09".parse::<Date>().unwrap().to_string(), "2017-09-01");
/// assert!("2017-02-30".parse::<Date>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

/// Earliest year a [`Date`] accepts.
pub const MIN_YEAR: u16 = 1000;
/// Latest year a [`Date`] accepts.
pub const MAX_YEAR: u16 = 9999;

impl Date {
    /// 1970-01-01, day 0 of [`Date::epoch_day`].
    pub const EPOCH: Date = Date {
        year: 1970,
        month: 1,
        day: 1,
    };

    /// Builds a date, or `None` when the day does not exist or the year is outside
    /// [`MIN_YEAR`]..=[`MAX_YEAR`].
    pub fn new(year: u16, month: u8, day: u8) -> Option<Self> {
        if !(MIN_YEAR..=MAX_YEAR).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        if day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Self { year, month, day })
    }

    /// The year.
    pub fn year(self) -> u16 {
        self.year
    }

    /// The month, 1 to 12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// The day of the month, 1 to 31.
    pub fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01 as an `i32` (years 1000 to 9999 fit easily).
    pub fn epoch_day(self) -> i32 {
        i32::try_from(self.days_since_epoch()).unwrap_or(i32::MAX)
    }

    /// The date `days` days after 1970-01-01 (before, when negative), or `None` outside the
    /// years this type accepts.
    ///
    /// ```
    /// let d: parcours::Date = "2017-10-01".parse().unwrap();
    /// assert_eq!(parcours::Date::from_epoch_day(d.epoch_day() - 1).unwrap().to_string(), "2017-09-30");
    /// ```
    pub fn from_epoch_day(days: i32) -> Option<Self> {
        // Howard Hinnant's civil_from_days.
        let z = i64::from(days) + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date::new(
            u16::try_from(year).ok()?,
            u8::try_from(month).ok()?,
            u8::try_from(day).ok()?,
        )
    }

    /// Days since 1970-01-01 (negative before). Useful for arithmetic on dates.
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }
}

fn is_leap(year: u16) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Why a text is not a [`Date`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid date `{text}`: {reason}")]
pub struct DateError {
    /// The text that was rejected.
    pub text: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

/// The catalogue keys of [`DateError::reason`]: each one's English text is a reason, word for
/// word.
pub(crate) const REASONS: [crate::messages::Msg; 3] = [
    crate::messages::Msg::DateNoDay,
    crate::messages::Msg::DateYear,
    crate::messages::Msg::DateShape,
];

impl DateError {
    /// The error as one text in `lang` (what [`fmt::Display`] gives in English): for a date
    /// given on the command line, which no loader reads.
    ///
    /// ```
    /// use parcours::{Date, Lang};
    /// let e = "2018-02-30".parse::<Date>().unwrap_err();
    /// assert_eq!(
    ///     e.text(Lang::Fr),
    ///     "date invalide `2018-02-30` : ce jour n'existe pas dans le calendrier"
    /// );
    /// assert_eq!(e.text(Lang::En), e.to_string());
    /// ```
    pub fn text(&self, lang: crate::Lang) -> String {
        self.catalogue_text().render(lang)
    }

    /// The error as a catalogue text (`DateInvalid`, its reason a catalogue text too), to
    /// render in any language.
    pub(crate) fn catalogue_text(&self) -> crate::messages::Text {
        use crate::messages::ToArg;
        let reason = REASONS
            .iter()
            .find(|m| m.template(crate::Lang::En) == self.reason)
            .map_or_else(|| self.reason.to_arg(), ToArg::to_arg);
        crate::messages::text!(DateInvalid, self.text.as_str(), reason)
    }
}

impl FromStr for Date {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        // `YYYY-MM-DD` of digits, the shape nearly every date has: read in place (the general
        // reader below splits and parses each part, about ten times the work), with the same
        // answers and messages.
        if let &[y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = s.as_bytes()
            && [y0, y1, y2, y3, m0, m1, d0, d1]
                .iter()
                .all(u8::is_ascii_digit)
        {
            let digit = |b: u8| u16::from(b - b'0');
            let y = digit(y0) * 1000 + digit(y1) * 100 + digit(y2) * 10 + digit(y3);
            let two = |a: u8, b: u8| (a - b'0') * 10 + (b - b'0');
            return Date::new(y, two(m0, m1), two(d0, d1)).ok_or_else(|| DateError {
                text: s.to_owned(),
                reason: if (MIN_YEAR..=MAX_YEAR).contains(&y) {
                    "no such day in the calendar"
                } else {
                    "year must be between 1000 and 9999"
                },
            });
        }
        parse_general(s)
    }
}

/// Reads any text [`Date::from_str`] accepts: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
fn parse_general(s: &str) -> Result<Date, DateError> {
    let err = |reason| DateError {
        text: s.to_owned(),
        reason,
    };
    let mut parts = s.split('-');
    let year = parts.next().unwrap_or_default();
    let month = parts.next();
    let day = parts.next();
    if parts.next().is_some() || year.len() != 4 {
        return Err(err("expected YYYY-MM-DD (or YYYY-MM, YYYY)"));
    }
    let number = |p: &str, width: usize| -> Result<u16, DateError> {
        if p.len() != width || !p.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err("expected YYYY-MM-DD (or YYYY-MM, YYYY)"));
        }
        p.parse::<u16>()
            .map_err(|_| err("expected YYYY-MM-DD (or YYYY-MM, YYYY)"))
    };
    let y = number(year, 4)?;
    let m = month.map(|m| number(m, 2)).transpose()?.unwrap_or(1);
    let d = day.map(|d| number(d, 2)).transpose()?.unwrap_or(1);
    if !(MIN_YEAR..=MAX_YEAR).contains(&y) {
        return Err(err("year must be between 1000 and 9999"));
    }
    let (Ok(m8), Ok(d8)) = (u8::try_from(m), u8::try_from(d)) else {
        return Err(err("no such day in the calendar"));
    };
    Date::new(y, m8, d8).ok_or_else(|| err("no such day in the calendar"))
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a date written YYYY-MM-DD (or YYYY-MM, YYYY)")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Date, E> {
                v.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

impl JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "A calendar date YYYY-MM-DD; YYYY-MM and YYYY mean the first day of that month or year.",
            "pattern": "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"
        })
    }
}

/// How precise the dates of a [`Validity`] are, as the source gives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Precision {
    /// The source gives the day ("1 October 2017").
    #[default]
    Day,
    /// The source gives the month ("September 2017").
    Month,
    /// The source gives the year.
    Year,
    /// The source is vague ("one year after", "in the coming weeks"); the date is an estimate.
    Approximate,
}

/// Where a dated fact stands in its life cycle, as the source reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Status {
    /// Announced, not yet effective. Not used for routing unless a case asks for planned facts.
    Planned,
    /// Being set up (a member "joining", a GCS "in progress"). Treated like `planned`.
    InProgress,
    /// Effective between `from` and `to`.
    #[default]
    Active,
    /// Was effective between `from` and `to`; `to` must say when it ended.
    Ended,
}

/// When a fact holds: from a date (inclusive), to a date (inclusive), how precise those dates are
/// and its status.
///
/// ```
/// use parcours::{Date, Validity};
/// let v: Validity = serde_json::from_str(r#"{"from": "2017-10-01"}"#).unwrap();
/// assert!(!v.in_force("2017-09-15".parse().unwrap(), false));
/// assert!(v.in_force("2017-10-02".parse().unwrap(), false));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Validity {
    /// First day the fact holds; absent means "since before any date of interest".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Date>,
    /// Last day the fact holds (inclusive); absent means "still holds".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Date>,
    /// How precise `from` and `to` are.
    #[serde(default, skip_serializing_if = "is_default")]
    pub precision: Precision,
    /// Status as reported by the source.
    #[serde(default, skip_serializing_if = "is_default")]
    pub status: Status,
}

fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

impl Validity {
    /// Whether `date` lies between `from` and `to` (both inclusive), whatever the status.
    pub fn covers(&self, date: Date) -> bool {
        self.from.is_none_or(|f| f <= date) && self.to.is_none_or(|t| date <= t)
    }

    /// Whether the fact is in force at `date`: the date is covered and the status is `active`,
    /// or `ended` with a known end date. `planned` and `in_progress` facts count only when
    /// `include_planned` is true (what-if questions about announced changes).
    pub fn in_force(&self, date: Date, include_planned: bool) -> bool {
        let status_ok = match self.status {
            Status::Active => true,
            Status::Ended => self.to.is_some(),
            Status::Planned | Status::InProgress => include_planned,
        };
        status_ok && self.covers(date)
    }

    /// Whether the fact is planned or in progress rather than effective.
    pub fn is_planned(&self) -> bool {
        matches!(self.status, Status::Planned | Status::InProgress)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_reader_answers_as_the_general_one() {
        let texts = [
            "2017-10-02",
            "2016-02-29",
            "2017-02-29",
            "2000-02-29",
            "1900-02-29",
            "0999-01-01",
            "1000-01-01",
            "9999-12-31",
            "2017-00-10",
            "2017-13-01",
            "2017-12-00",
            "2017-12-32",
            "2017-99-99",
            "2017-1a-01",
            "20a7-10-02",
            "2017/10/02",
            "2017-10-2",
            "+017-10-02",
            "2017-04-31",
            "2017-06-30",
        ];
        for t in texts {
            let general = parse_general(t).map_err(|e| e.to_string());
            assert_eq!(t.parse::<Date>().map_err(|e| e.to_string()), general, "{t}");
        }
    }

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn parses_partial_and_full_dates() {
        assert_eq!(d("2017"), d("2017-01-01"));
        assert_eq!(d("2017-09"), d("2017-09-01"));
        assert_eq!(d("2024-02-29").day(), 29);
    }

    #[test]
    fn rejects_bad_dates() {
        for bad in [
            "",
            "2017-13-01",
            "2023-02-29",
            "17-01-01",
            "2017/01/01",
            "2017-1-1",
            "0999-01-01",
            "2017-01-01-01",
            "2017-01-0x",
            "+201-01-01",
        ] {
            assert!(bad.parse::<Date>().is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn epoch_days_round_trip() {
        for s in [
            "1000-01-01",
            "1970-01-01",
            "2000-02-29",
            "2017-10-01",
            "9999-12-31",
        ] {
            assert_eq!(Date::from_epoch_day(d(s).epoch_day()), Some(d(s)));
        }
        assert_eq!(Date::from_epoch_day(i32::MIN), None);
    }

    #[test]
    fn epoch_days() {
        assert_eq!(d("1970-01-01").days_since_epoch(), 0);
        assert_eq!(d("2000-03-01").days_since_epoch(), 11_017);
        assert_eq!(d("1969-12-31").days_since_epoch(), -1);
    }

    #[test]
    fn validity_bounds_are_inclusive_and_status_matters() {
        let v = Validity {
            from: Some(d("2017-10-01")),
            to: Some(d("2020-12-31")),
            ..Validity::default()
        };
        assert!(v.in_force(d("2017-10-01"), false));
        assert!(v.in_force(d("2020-12-31"), false));
        assert!(!v.in_force(d("2021-01-01"), false));
        let planned = Validity {
            status: Status::Planned,
            ..v.clone()
        };
        assert!(!planned.in_force(d("2018-01-01"), false));
        assert!(planned.in_force(d("2018-01-01"), true));
        let ended_no_end = Validity {
            status: Status::Ended,
            to: None,
            ..v
        };
        assert!(!ended_no_end.in_force(d("2018-01-01"), false));
    }
}
