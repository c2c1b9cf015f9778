//! Seconds since the Unix epoch, rendered the way the gateway renders times (`2006-01-02T15:04:05Z`).
//!
//! Hand-written: certificate times span years 0 to 9999 (GeneralizedTime), and the only rendering
//! the gateway uses is Go's RFC 3339 in UTC without fraction; a date crate would add a dependency
//! for two small pure functions.

use std::fmt;

/// An instant, in whole seconds since 1970-01-01T00:00:00Z (negative before).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnixTime(pub i64);

/// The first instant the gateway refuses as a leaf's notAfter (APIG.3148): 2038-01-19T03:14:07Z,
/// the largest signed 32-bit epoch.
pub const GATEWAY_MAX_NOT_AFTER: UnixTime = UnixTime(i32::MAX as i64);

impl UnixTime {
    /// The instant of a UTC calendar date and time; `None` when a field is out of range.
    pub fn from_utc(
        year: i64,
        month: u32,
        day: u32,
        hour: u32,
        min: u32,
        sec: u32,
    ) -> Option<Self> {
        if !(1..=12).contains(&month)
            || day == 0
            || day > days_in_month(year, month)
            || hour > 23
            || min > 59
            || sec > 59
        {
            return None;
        }
        // Every i64 second lies within +-292,277,026,596 years; beyond that nothing fits.
        if year.unsigned_abs() > 300_000_000_000 {
            return None;
        }
        let days = i128::from(days_from_civil(year, month, day));
        let secs = days * 86_400 + i128::from(hour * 3600 + min * 60 + sec);
        i64::try_from(secs).ok().map(UnixTime)
    }

    /// Parses an RFC 3339 time such as `2026-11-28T10:00:00Z` or `2026-11-28T11:00:00+01:00`
    /// (a fraction of a second is accepted and dropped).
    ///
    /// ```
    /// use cert_preflight::UnixTime;
    ///
    /// let t = UnixTime::parse_rfc3339("2026-11-28T11:00:00+01:00").unwrap();
    /// assert_eq!(t.to_string(), "2026-11-28T10:00:00Z");
    /// assert!(UnixTime::parse_rfc3339("2026-11-28T10:00:60Z").is_none());
    /// ```
    pub fn parse_rfc3339(s: &str) -> Option<Self> {
        let b = s.as_bytes();
        if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
            return None;
        }
        if b[13] != b':' || b[16] != b':' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            let part = s.get(r)?;
            if !part.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            part.parse().ok()
        };
        let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let (hour, min, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
        let mut rest = &s[19..];
        if let Some(frac) = rest.strip_prefix('.') {
            let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return None;
            }
            rest = &frac[digits..];
        }
        let offset = match rest {
            "Z" | "z" => 0,
            _ => {
                let rb = rest.as_bytes();
                if rb.len() != 6
                    || !matches!(rb[0], b'+' | b'-')
                    || rb[3] != b':'
                    || ![rb[1], rb[2], rb[4], rb[5]].iter().all(u8::is_ascii_digit)
                {
                    return None;
                }
                let h: i64 = rest[1..3].parse().ok()?;
                let m: i64 = rest[4..6].parse().ok()?;
                if h > 23 || m > 59 {
                    return None;
                }
                let off = h * 3600 + m * 60;
                if rb[0] == b'-' {
                    -off
                } else {
                    off
                }
            }
        };
        let t = Self::from_utc(year as i64, month, day, hour, min, sec)?;
        Some(UnixTime(t.0 - offset))
    }

    /// Reads back what [`Display`](fmt::Display) writes for any instant, including years
    /// before 0 or after 9999 (`-0001-12-31T23:00:00Z`, `10000-01-01T00:00:00Z`).
    fn parse_rendered(s: &str) -> Option<Self> {
        // The part after the year has a fixed width: `-MM-DDTHH:MM:SSZ`.
        let split = s.len().checked_sub(16)?;
        let (year, rest) = (s.get(..split)?, s.get(split..)?);
        let digits = year.strip_prefix('-').unwrap_or(year);
        if digits.len() < 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let year: i64 = year.parse().ok()?;
        let t = UnixTime::parse_rfc3339(&format!("2000{rest}"))?;
        let (_, mo, d, h, mi, sec) = t.to_utc();
        Self::from_utc(year, mo, d, h, mi, sec)
    }

    /// The UTC calendar fields: year, month, day, hour, minute, second.
    pub fn to_utc(self) -> (i64, u32, u32, u32, u32, u32) {
        let days = self.0.div_euclid(86_400);
        let secs = self.0.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        (
            y,
            m,
            d,
            (secs / 3600) as u32,
            (secs / 60 % 60) as u32,
            (secs % 60) as u32,
        )
    }
}

/// Go's `time.RFC3339` in UTC, as the gateway prints `not_before`, `not_after` and `create_time`.
impl fmt::Display for UnixTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, mo, d, h, mi, s) = self.to_utc();
        // Go pads the year's digits to four, after the sign: year -1 is `-0001`. (A
        // GeneralizedTime with a negative offset can reach year -1.)
        if y < 0 {
            write!(f, "-{:04}", -y)?;
        } else {
            write!(f, "{y:04}")?;
        }
        write!(f, "-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
    }
}

impl serde::Serialize for UnixTime {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for UnixTime {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        UnixTime::parse_rfc3339(&s)
            .or_else(|| UnixTime::parse_rendered(&s))
            .ok_or_else(|| serde::de::Error::custom(format!("not an RFC 3339 time: {s:?}")))
    }
}

pub(crate) fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

pub(crate) fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_like_go() {
        assert_eq!(UnixTime(0).to_string(), "1970-01-01T00:00:00Z");
        assert_eq!(GATEWAY_MAX_NOT_AFTER.to_string(), "2038-01-19T03:14:07Z");
        assert_eq!(UnixTime(-1).to_string(), "1969-12-31T23:59:59Z");
        let t = UnixTime::from_utc(9999, 12, 31, 23, 59, 59).unwrap();
        assert_eq!(t.to_string(), "9999-12-31T23:59:59Z");
        let t = UnixTime::from_utc(0, 1, 1, 0, 0, 0).unwrap();
        assert_eq!(t.to_string(), "0000-01-01T00:00:00Z");
        assert_eq!(UnixTime(t.0 - 3600).to_string(), "-0001-12-31T23:00:00Z");
    }

    #[test]
    fn every_instant_round_trips_through_serde() {
        for t in [i64::MIN, -62_167_219_201, -1, 0, 253_402_300_800, i64::MAX] {
            let json = serde_json::to_string(&UnixTime(t)).unwrap();
            let back: UnixTime = serde_json::from_str(&json).unwrap();
            assert_eq!(back, UnixTime(t), "{json}");
        }
    }

    #[test]
    fn parses_rfc3339() {
        let t = UnixTime::parse_rfc3339("2038-01-19T03:14:07Z").unwrap();
        assert_eq!(t, GATEWAY_MAX_NOT_AFTER);
        let t = UnixTime::parse_rfc3339("2038-01-19T04:14:07.123+01:00").unwrap();
        assert_eq!(t, GATEWAY_MAX_NOT_AFTER);
        assert!(UnixTime::parse_rfc3339("2038-02-30T00:00:00Z").is_none());
        assert!(UnixTime::parse_rfc3339("yesterday").is_none());
        assert!(UnixTime::parse_rfc3339("2038-01-19T03:14:07").is_none());
    }

    #[test]
    fn round_trips_every_day_for_centuries() {
        let mut t = UnixTime::from_utc(1899, 1, 1, 0, 0, 0).unwrap().0;
        let end = UnixTime::from_utc(2101, 1, 1, 0, 0, 0).unwrap().0;
        while t < end {
            let (y, mo, d, h, mi, s) = UnixTime(t).to_utc();
            assert_eq!(UnixTime::from_utc(y, mo, d, h, mi, s), Some(UnixTime(t)));
            t += 86_400;
        }
    }
}
