//! Time values from files and storage, parsed once: a [`Timestamp`] (an instant, RFC 3339) and
//! a calendar [`Date`] (`YYYY-MM-DD`). Comparing them compares time, not text: as text
//! `…09:00:00Z` sorts after `…09:00:00.500Z`, as a `Timestamp` it is earlier.
//!
//! Hand-written instead of a date crate: the app needs parsing, ordering, day numbers and one
//! canonical form, a hundred lines; no time zones, no formatting by locale.

use std::fmt;

use serde::de::{Error, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Seconds in a day.
const DAY: i64 = 86_400;

/// A calendar date in the proleptic Gregorian calendar, years 0001–9999.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// `YYYY-MM-DD`, exactly, and a day that exists (no 31 April, 29 February only in leap years).
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let year = digits(b.get(0..4)?)? as u16;
        let month = digits(b.get(5..7)?)? as u8;
        let day = digits(b.get(8..10)?)? as u8;
        Date::new(year, month, day)
    }

    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let valid = (1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    /// Days since 1970-01-01 (negative before), for differences in days.
    pub fn day_number(self) -> i64 {
        // Days from civil date (Howard Hinnant's algorithm).
        let (year, month, day) = (
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        );
        let y = if month <= 2 { year - 1 } else { year };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (month + 9) % 12;
        let doy = (153 * mp + 2) / 5 + day - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date of a day number (inverse of [`Date::day_number`]); `None` outside 0001–9999.
    pub fn from_day_number(n: i64) -> Option<Date> {
        let z = n + 719_468;
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

    pub fn year(self) -> u16 {
        self.year
    }
    pub fn month(self) -> u8 {
        self.month
    }
    pub fn day(self) -> u8 {
        self.day
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let mut b = [0; 10];
        self.write_to(&mut b);
        f.write_str(ascii(&b))
    }
}

impl Date {
    /// `YYYY-MM-DD` into `b[..10]`.
    fn write_to(self, b: &mut [u8]) {
        put_digits(&mut b[0..4], u32::from(self.year));
        b[4] = b'-';
        put_digits(&mut b[5..7], u32::from(self.month));
        b[7] = b'-';
        put_digits(&mut b[8..10], u32::from(self.day));
    }
}

/// `n` as exactly `out.len()` decimal digits, zero-padded (higher digits are cut).
///
/// Dates and times are written on every stored change (one per rating): digits written into a
/// buffer take a fraction of `write!`'s time.
fn put_digits(out: &mut [u8], mut n: u32) {
    for d in out.iter_mut().rev() {
        *d = b'0' + (n % 10) as u8;
        n /= 10;
    }
}

/// The buffers above hold ASCII digits and separators only.
fn ascii(b: &[u8]) -> &str {
    std::str::from_utf8(b).expect("ASCII")
}

fn is_leap(year: u16) -> bool {
    year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// ASCII digits as a number; `None` for anything else (also a sign or an empty slice).
fn digits(b: &[u8]) -> Option<u32> {
    if b.is_empty() || b.len() > 9 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0')))
}

/// An instant, to the nanosecond, between 0001-01-01 and 9999-12-31 (UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    /// Seconds since 1970-01-01T00:00:00Z.
    secs: i64,
    nanos: u32,
}

impl Timestamp {
    /// RFC 3339: `YYYY-MM-DDTHH:MM:SS`, an optional fraction of 1–9 digits, then `Z` or an
    /// offset `±HH:MM`. This covers everything the app ever wrote (`toISOString`, `…00Z`).
    pub fn parse(s: &str) -> Option<Timestamp> {
        let b = s.as_bytes();
        let date = Date::parse(s.get(0..10)?)?;
        if b.len() < 20 || !matches!(b[10], b'T' | b't') || b[13] != b':' || b[16] != b':' {
            return None;
        }
        let (hour, minute, second) = (
            digits(&b[11..13])?,
            digits(&b[14..16])?,
            digits(&b[17..19])?,
        );
        if hour > 23 || minute > 59 || second > 59 {
            return None;
        }
        let mut rest = &b[19..];
        let mut nanos = 0;
        if let Some(fraction) = rest.strip_prefix(b".") {
            let n = fraction.iter().take_while(|c| c.is_ascii_digit()).count();
            if !(1..=9).contains(&n) {
                return None;
            }
            nanos = digits(&fraction[..n])? * 10u32.pow(9 - n as u32);
            rest = &fraction[n..];
        }
        let offset = match rest {
            [b'Z' | b'z'] => 0,
            [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
                let (h, m) = (digits(&[*h1, *h2])?, digits(&[*m1, *m2])?);
                if h > 23 || m > 59 {
                    return None;
                }
                let minutes = i64::from(h * 60 + m);
                if *sign == b'-' {
                    -minutes
                } else {
                    minutes
                }
            }
            _ => return None,
        };
        let local =
            date.day_number() * DAY + i64::from(hour * 3600 + minute * 60 + second) - offset * 60;
        Timestamp::from_parts(local, nanos)
    }

    /// `None` outside the years 0001–9999 (UTC), so every value has its canonical text.
    fn from_parts(secs: i64, nanos: u32) -> Option<Timestamp> {
        Date::from_day_number(secs.div_euclid(DAY))?;
        (nanos < 1_000_000_000).then_some(Timestamp { secs, nanos })
    }

    /// Milliseconds since the epoch, as the browser's clock gives them. A clock outside the
    /// years 0001–9999 (or not a number) is held at the nearest end, so `now` is always a time.
    pub fn from_millis(millis: f64) -> Timestamp {
        // 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z in milliseconds.
        const MIN: f64 = -62_135_596_800_000.0;
        const MAX: f64 = 253_402_300_799_999.0;
        let ms = if millis.is_nan() {
            0.0
        } else {
            millis.clamp(MIN, MAX)
        }
        .floor() as i64;
        Timestamp {
            secs: ms.div_euclid(1000),
            nanos: (ms.rem_euclid(1000) * 1_000_000) as u32,
        }
    }

    /// The UTC calendar date.
    pub fn date(self) -> Date {
        Date::from_day_number(self.secs.div_euclid(DAY)).expect("in range by construction")
    }

    /// Milliseconds since the epoch, as the browser's `Date` takes them.
    pub fn millis(self) -> f64 {
        self.secs as f64 * 1000.0 + f64::from(self.nanos / 1_000_000)
    }

    /// The calendar date where the clock is `offset` minutes ahead of UTC (the browser says
    /// how many at this instant): the date a user saw on their own clock.
    pub fn local_date(self, offset: i32) -> Date {
        self.local(offset).0
    }

    /// `YYYY-MM-DD HH:MM` where the clock is `offset` minutes ahead of UTC: a time as a list
    /// shows it.
    pub fn minute_text(self, offset: i32) -> String {
        let (date, s) = self.local(offset);
        format!("{date} {:02}:{:02}", s / 3600, s % 3600 / 60)
    }

    /// The local date and seconds into its day; at the ends of the years 0001–9999, where the
    /// local date has no `Date`, UTC's.
    fn local(self, offset: i32) -> (Date, i64) {
        let secs = self.secs + i64::from(offset) * 60;
        match Date::from_day_number(secs.div_euclid(DAY)) {
            Some(date) => (date, secs.rem_euclid(DAY)),
            None => (self.date(), self.secs.rem_euclid(DAY)),
        }
    }
}

/// Canonical form: UTC, `Z`, milliseconds as JavaScript's `toISOString` writes them (so what
/// the app wrote reads back byte for byte); finer fractions keep their micro- or nanoseconds.
impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let mut b = [0; 30];
        f.write_str(self.write_to(&mut b))
    }
}

impl Timestamp {
    /// The canonical text into `b`, returned as text: one per rating in every stored draft,
    /// written without the formatting machinery (a third of a draft's encoding time before).
    fn write_to(self, b: &mut [u8; 30]) -> &str {
        // `YYYY-MM-DDTHH:MM:SS.fffffffffZ` at its longest.
        self.date().write_to(b);
        let s = self.secs.rem_euclid(DAY) as u32;
        b[10] = b'T';
        put_digits(&mut b[11..13], s / 3600);
        b[13] = b':';
        put_digits(&mut b[14..16], s % 3600 / 60);
        b[16] = b':';
        put_digits(&mut b[17..19], s % 60);
        b[19] = b'.';
        let n = self.nanos;
        let (fraction, digits) = if n.is_multiple_of(1_000_000) {
            (n / 1_000_000, 3)
        } else if n.is_multiple_of(1_000) {
            (n / 1_000, 6)
        } else {
            (n, 9)
        };
        put_digits(&mut b[20..20 + digits], fraction);
        b[20 + digits] = b'Z';
        ascii(&b[..21 + digits])
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.write_to(&mut [0; 30]))
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Reads a string with `parse`, naming what was expected when it fails.
pub(crate) struct Parsed<T>(pub fn(&str) -> Option<T>, pub &'static str);

impl<T> Visitor<'_> for Parsed<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.1)
    }
    fn visit_str<E: Error>(self, v: &str) -> Result<T, E> {
        (self.0)(v).ok_or_else(|| E::invalid_value(serde::de::Unexpected::Str(v), &self))
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(Parsed(Timestamp::parse, "RFC 3339"))
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(Parsed(Date::parse, "YYYY-MM-DD"))
    }
}

/// Readers for [`super::json`]: the same forms as the `Deserialize` impls.
pub(crate) mod read {
    use super::super::i18n::k;
    use super::super::json::{parsed, Read};
    use super::{Date, Timestamp};
    use serde_json::Value;

    pub(crate) fn timestamp(v: Value) -> Read<Timestamp> {
        parsed(v, Timestamp::parse, k::reading::FORM_TIME)
    }

    pub(crate) fn date(v: Value) -> Read<Date> {
        parsed(v, Date::parse, k::reading::FORM_DATE)
    }

    /// `""` while there is none (see [`super::optional_date`]).
    pub(crate) fn optional_date(v: Value) -> Read<Option<Date>> {
        fn empty_or_date(s: &str) -> Option<Option<Date>> {
            if s.is_empty() {
                Some(None)
            } else {
                Date::parse(s).map(Some)
            }
        }
        parsed(v, empty_or_date, k::reading::FORM_DATE_OR_EMPTY)
    }
}

/// An optional date written as a string that is empty while there is none (`subject.date`, a
/// goal's deadline), as files have always had it: `#[serde(serialize_with =
/// "optional_date::serialize")]`; [`read::optional_date`] reads it.
pub mod optional_date {
    use super::Date;
    use serde::Serializer;

    pub fn serialize<S: Serializer>(date: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
        match date {
            Some(d) => s.collect_str(d),
            None => s.serialize_str(""),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        Timestamp::parse(s).unwrap_or_else(|| panic!("{s}"))
    }

    #[test]
    fn times_compare_as_time_not_text() {
        assert!(ts("2026-11-22T09:00:00Z") < ts("2026-11-22T09:00:00.500Z"));
        assert_eq!(
            ts("2026-11-22T10:00:00+01:00"),
            ts("2026-11-22T09:00:00.000Z")
        );
        assert_eq!(ts("2026-11-22T08:30:00-00:30"), ts("2026-11-22t09:00:00z"));
        assert!(ts("0001-01-01T00:00:00Z") < ts("9999-12-31T23:59:59.999999999Z"));
    }

    #[test]
    fn the_canonical_text_round_trips() {
        for (input, canonical) in [
            ("2026-11-22T09:00:00Z", "2026-11-22T09:00:00.000Z"),
            ("2026-11-22T09:00:00.5Z", "2026-11-22T09:00:00.500Z"),
            ("2026-11-22T09:00:00.000250Z", "2026-11-22T09:00:00.000250Z"),
            (
                "2026-11-22T09:00:00.123456789Z",
                "2026-11-22T09:00:00.123456789Z",
            ),
            ("2026-01-01T00:30:00+01:00", "2025-12-31T23:30:00.000Z"),
            ("0001-01-01T00:00:00Z", "0001-01-01T00:00:00.000Z"),
        ] {
            let t = ts(input);
            assert_eq!(t.to_string(), canonical);
            assert_eq!(ts(canonical), t);
        }
        assert_eq!(
            ts("2026-11-22T23:59:00Z").minute_text(0),
            "2026-11-22 23:59"
        );
        // Amsterdam in winter (+60), New York (−300): the local clock's day and time.
        assert_eq!(
            ts("2026-11-22T23:59:00Z").minute_text(60),
            "2026-11-23 00:59"
        );
        assert_eq!(
            ts("2026-11-22T02:30:00Z").minute_text(-300),
            "2026-11-21 21:30"
        );
        assert_eq!(
            ts("2026-11-22T23:30:00Z").local_date(60).to_string(),
            "2026-11-23"
        );
        assert_eq!(
            ts("9999-12-31T23:30:00Z").minute_text(60),
            "9999-12-31 23:30",
            "no local date after 9999: UTC's"
        );
        assert_eq!(ts("2026-11-22T09:00:00.250Z").millis(), 1_795_338_000_250.0);
        assert_eq!(
            ts("2026-03-01T00:10:00+02:00").date().to_string(),
            "2026-02-28"
        );
    }

    #[test]
    fn what_is_not_a_time_is_refused() {
        for bad in [
            "",
            "t0",
            "2026-11-22",
            "2026-11-22T09:00:00",
            "2026-11-22T24:00:00Z",
            "2026-11-22T09:60:00Z",
            "2026-11-22T09:00:60Z",
            "2026-02-30T09:00:00Z",
            "2026-11-22T09:00:00.Z",
            "2026-11-22T09:00:00.1234567890Z",
            "2026-11-22T09:00:00+1:00",
            "2026-11-22T09:00:00Z ",
            "0001-01-01T00:00:00+00:01",
            "+2026-11-22T09:00:00Z",
            "2026-11-22T09:00:00ZZ",
            "２０２６-11-22T09:00:00Z",
            "2026-11-22T09:00:00é",
        ] {
            assert_eq!(Timestamp::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn dates_follow_the_calendar() {
        assert!(Date::parse("2024-02-29").is_some());
        for bad in [
            "2026-02-29",
            "2026-04-31",
            "2026-13-01",
            "0000-01-01",
            "2026-1-01",
            "1 februari",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad:?}");
        }
        for s in [
            "1970-01-01",
            "2000-03-01",
            "0001-01-01",
            "9999-12-31",
            "2024-02-29",
        ] {
            let d = Date::parse(s).unwrap();
            assert_eq!(Date::from_day_number(d.day_number()), Some(d));
            assert_eq!(d.to_string(), s);
        }
        assert_eq!(Date::parse("1970-01-01").unwrap().day_number(), 0);
        assert_eq!(Date::parse("2000-03-01").unwrap().day_number(), 11_017);
        assert_eq!(
            Timestamp::from_millis(1_500.0),
            ts("1970-01-01T00:00:01.500Z")
        );
        assert_eq!(
            Timestamp::from_millis(f64::INFINITY),
            ts("9999-12-31T23:59:59.999Z")
        );
        assert_eq!(Timestamp::from_millis(-1e300), ts("0001-01-01T00:00:00Z"));
    }
}
