//! Unix times as people read them: UTC dates and "4 minutes ago". Small civil-calendar
//! arithmetic instead of a date crate (it would be the largest thing in the wasm).

/// `2026-11-21T23:12:49Z` for a Unix time in seconds.
pub fn utc(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let secs = seconds.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        (secs / 60) % 60,
        secs % 60
    )
}

/// "in 4 minutes", "4 minutes ago", "now".
pub fn relative(seconds: i64, now: i64) -> String {
    let delta = seconds - now;
    let span = delta.unsigned_abs();
    if span < 5 {
        return "now".to_owned();
    }
    let (n, unit) = match span {
        0..=89 => (span, "second"),
        90..=5399 => ((span + 30) / 60, "minute"),
        5400..=129_599 => ((span + 1800) / 3600, "hour"),
        _ => ((span + 43_200) / 86_400, "day"),
    };
    let unit = if n == 1 {
        unit.to_owned()
    } else {
        format!("{unit}s")
    };
    if delta > 0 {
        format!("in {n} {unit}")
    } else {
        format!("{n} {unit} ago")
    }
}

/// A duration as "5 minutes", "1 hour 30 minutes", "24 hours".
pub fn duration(seconds: i64) -> String {
    let s = seconds.unsigned_abs();
    let plural = |n: u64, unit: &str| {
        if n == 1 {
            format!("1 {unit}")
        } else {
            format!("{n} {unit}s")
        }
    };
    match s {
        0..=119 => plural(s, "second"),
        120..=3599 => plural(s / 60, "minute"),
        _ if s.is_multiple_of(3600) => plural(s / 3600, "hour"),
        _ => format!(
            "{} {}",
            plural(s / 3600, "hour"),
            plural((s % 3600) / 60, "minute")
        ),
    }
}

/// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)` (and a space instead of `T`) to Unix seconds.
pub fn parse_iso8601(text: &str) -> Option<i64> {
    let text = text.trim();
    let b = text.as_bytes();
    let num = |range: std::ops::Range<usize>| -> Option<i64> {
        let s = text.get(range)?;
        if s.bytes().all(|c| c.is_ascii_digit()) {
            s.parse().ok()
        } else {
            None
        }
    };
    if b.len() < 19
        || b.get(4) != Some(&b'-')
        || b.get(7) != Some(&b'-')
        || !matches!(b.get(10), Some(b'T' | b't' | b' '))
    {
        return None;
    }
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, s) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    let mut rest = text.get(19..)?;
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        rest = frac.get(digits..)?;
    }
    let offset = match rest {
        "" | "Z" | "z" => 0,
        tz => {
            let sign = match tz.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let hh: i64 = tz.get(1..3)?.parse().ok()?;
            let mm: i64 = tz.get(tz.len().checked_sub(2)?..)?.parse().ok()?;
            sign * (hh * 3600 + mm * 60)
        }
    };
    Some(days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s - offset)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_dates_round_trip_through_iso8601() {
        let cases = [
            (0, "1970-01-01T00:00:00Z"),
            (1_632_493_867, "2021-09-24T14:31:07Z"),
            (951_782_400, "2000-02-29T00:00:00Z"),
            (-86_400, "1969-12-31T00:00:00Z"),
        ];
        for (seconds, text) in cases {
            assert_eq!(utc(seconds), text);
            assert_eq!(parse_iso8601(text), Some(seconds));
        }
    }

    #[test]
    fn entra_timestamps_with_seven_digit_fractions_parse() {
        assert_eq!(
            parse_iso8601("2025-09-03T17:59:55.3046782Z"),
            parse_iso8601("2025-09-03T17:59:55Z")
        );
        assert_eq!(
            parse_iso8601("2025-09-03 17:59:55Z"),
            parse_iso8601("2025-09-03T17:59:55Z")
        );
        assert_eq!(
            parse_iso8601("2025-09-03T19:59:55+02:00"),
            parse_iso8601("2025-09-03T17:59:55Z")
        );
        for bad in [
            "",
            "2025-13-01T00:00:00Z",
            "yesterday",
            "2025-09-03T17:59",
            "2025-09-03T17:59:55Q",
        ] {
            assert_eq!(parse_iso8601(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn relative_times_read_naturally() {
        let cases = [
            (1000, 1000, "now"),
            (1000 - 240, 1000, "4 minutes ago"),
            (1000 + 300, 1000, "in 5 minutes"),
            (1000 - 30, 1000, "30 seconds ago"),
            (1000 - 3 * 3600, 1000, "3 hours ago"),
            (1000 + 2 * 86_400, 1000, "in 2 days"),
            (1000 - 60, 1000, "60 seconds ago"),
        ];
        for (at, now, text) in cases {
            assert_eq!(relative(at, now), text);
        }
        assert_eq!(duration(300), "5 minutes");
        assert_eq!(duration(86_400), "24 hours");
        assert_eq!(duration(5400), "1 hour 30 minutes");
    }
}
