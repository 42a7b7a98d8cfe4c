//! RFC 3339 timestamps from epoch milliseconds, without a date-time crate.

/// The largest epoch millisecond that fits RFC 3339's four-digit year:
/// 9999-12-31T23:59:59.999Z.
pub(crate) const MAX_EPOCH_MS: f64 = 253_402_300_799_999.0;

/// Formats milliseconds since the Unix epoch as RFC 3339 UTC with millisecond
/// precision, e.g. `2025-10-01T05:08:03.580Z`.
///
/// Fractions of a millisecond are dropped; values outside `0..=MAX_EPOCH_MS`
/// (which validation rejects before this is called) are clamped.
pub(crate) fn rfc3339_millis(epoch_ms: f64) -> String {
    let clamped = if epoch_ms.is_nan() {
        0.0
    } else {
        epoch_ms.clamp(0.0, MAX_EPOCH_MS)
    };
    // In range and non-negative, so the cast is exact after `floor`.
    let ms = clamped.floor() as u64;
    let millis = ms % 1000;
    let secs = ms / 1000;
    let days = secs / 86_400;
    let rem = secs % 86_400;
    let (hour, minute, second) = (rem / 3600, (rem % 3600) / 60, rem % 60);
    let (year, month, day) = civil_from_days(days);
    format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}.{millis:03}Z")
}

/// Converts days since 1970-01-01 to a proleptic Gregorian (year, month, day).
///
/// Howard Hinnant's `civil_from_days`, restricted to non-negative day counts.
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    // Shift the epoch to 0000-03-01 so leap days fall at the end of a year.
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097; // day of era, 0..=146096
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // 0..=399
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // day of year from March 1st
    let mp = (5 * doy + 2) / 153; // month from March, 0..=11
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch() {
        assert_eq!(rfc3339_millis(0.0), "1970-01-01T00:00:00.000Z");
    }

    #[test]
    fn seed_example_instant() {
        assert_eq!(
            rfc3339_millis(1_759_295_283_580.0),
            "2025-10-01T05:08:03.580Z"
        );
    }

    #[test]
    fn fractions_of_a_millisecond_are_dropped() {
        assert_eq!(
            rfc3339_millis(1_759_295_283_580.999),
            "2025-10-01T05:08:03.580Z"
        );
    }

    #[test]
    fn leap_days() {
        // 2024 is a leap year.
        assert_eq!(
            rfc3339_millis(1_709_164_800_000.0),
            "2024-02-29T00:00:00.000Z"
        );
        assert_eq!(
            rfc3339_millis(1_709_251_199_999.0),
            "2024-02-29T23:59:59.999Z"
        );
        // 2000 is a leap year (divisible by 400).
        assert_eq!(
            rfc3339_millis(951_782_400_000.0),
            "2000-02-29T00:00:00.000Z"
        );
        // 2100 is not (divisible by 100 but not by 400): Feb 28 is followed by Mar 1.
        assert_eq!(
            rfc3339_millis(4_107_456_000_000.0),
            "2100-02-28T00:00:00.000Z"
        );
        assert_eq!(
            rfc3339_millis(4_107_542_400_000.0),
            "2100-03-01T00:00:00.000Z"
        );
    }

    #[test]
    fn end_of_year() {
        assert_eq!(
            rfc3339_millis(1_735_689_599_999.0),
            "2024-12-31T23:59:59.999Z"
        );
        assert_eq!(
            rfc3339_millis(1_735_689_600_000.0),
            "2025-01-01T00:00:00.000Z"
        );
        // Day 366 of a leap year.
        assert_eq!(
            rfc3339_millis(1_735_603_200_000.0),
            "2024-12-31T00:00:00.000Z"
        );
    }

    #[test]
    fn largest_representable_instant() {
        assert_eq!(rfc3339_millis(MAX_EPOCH_MS), "9999-12-31T23:59:59.999Z");
    }

    #[test]
    fn out_of_range_is_clamped_not_panicking() {
        assert_eq!(rfc3339_millis(-1.0), "1970-01-01T00:00:00.000Z");
        assert_eq!(rfc3339_millis(f64::NAN), "1970-01-01T00:00:00.000Z");
        assert_eq!(rfc3339_millis(f64::INFINITY), "9999-12-31T23:59:59.999Z");
    }

    #[test]
    fn agrees_with_a_day_by_day_walk() {
        // Walk every day from 1970 to 2410 and compare with an independent counter.
        let (mut y, mut m, mut d) = (1970u64, 1u64, 1u64);
        for days in 0..161_000u64 {
            assert_eq!(civil_from_days(days), (y, m, d), "day {days}");
            let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
            let len = match m {
                2 if leap => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
            d += 1;
            if d > len {
                d = 1;
                m += 1;
                if m > 12 {
                    m = 1;
                    y += 1;
                }
            }
        }
    }
}
