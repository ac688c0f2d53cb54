//! When to remind a user to export a backup. Browsers may evict a site's data (Safari after a
//! week without a visit, any browser under storage pressure), and an exported file is the only
//! copy that survives that. A draft is due for a backup when it has changes that no export
//! contains and the last export (or, if there never was one, its creation) is
//! [`REMIND_AFTER_DAYS`] or more days ago.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::stored::{open, read, DecodeError};

pub const REMIND_AFTER_DAYS: i64 = 7;

/// Storage key (after the app's prefix) of the [`ExportLog`].
pub const EXPORT_LOG_KEY: &str = "exports";
/// Version 0 is the bare map (`{"<id>": "<time>"}`) written before the log had an envelope.
pub const EXPORT_LOG_VERSION: u32 = 1;

/// When each draft was last exported (id → ISO 8601 time). Device-local bookkeeping: it is not
/// part of the scan, so it never travels in an exchange file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportLog(pub BTreeMap<String, String>);

#[derive(Serialize, Deserialize)]
struct Stored {
    version: u32,
    exports: BTreeMap<String, String>,
}

impl ExportLog {
    /// Like every stored document: a newer or unreadable log is an error, and the caller leaves
    /// it alone (reading it as empty and writing over it would forget every export).
    pub fn decode(raw: &str) -> Result<ExportLog, DecodeError> {
        let (value, version) = open(raw, EXPORT_LOG_VERSION)?;
        match version {
            // Draft ids are UUIDs, so a bare map never has a `version` entry of its own.
            0 => read(value).map(ExportLog),
            _ => read::<Stored>(value).map(|s| ExportLog(s.exports)),
        }
    }

    pub fn encode(&self) -> String {
        serde_json::to_string(&Stored {
            version: EXPORT_LOG_VERSION,
            exports: self.0.clone(),
        })
        .expect("map of strings serialises")
    }
}

/// Days since the last backup if a reminder is due, `None` otherwise. Times are ISO 8601 in
/// UTC as [`crate::core::scan::Scan`] stores them; an unreadable time never triggers a reminder.
pub fn reminder(created: &str, updated: &str, last_export: Option<&str>, now: &str) -> Option<i64> {
    if last_export.is_some_and(|exported| updated <= exported) {
        return None;
    }
    let since = day_number(last_export.unwrap_or(created))?;
    let days = day_number(now)? - since;
    (days >= REMIND_AFTER_DAYS).then_some(days)
}

/// Days since 1970-01-01 of an ISO 8601 date or date-time (`2026-11-22…`).
fn day_number(iso: &str) -> Option<i64> {
    let date = iso.get(..10)?;
    let mut parts = date.split('-');
    let year: i64 = parts.next()?.parse().ok()?;
    let month: i64 = parts.next()?.parse().ok()?;
    let day: i64 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    // Days from civil date, proleptic Gregorian calendar (Howard Hinnant's algorithm).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2000-03-01T00:00:00.000Z"), Some(11_017));
        assert_eq!(day_number("2024-02-29"), Some(19_782));
        assert_eq!(day_number("2024-03-01"), Some(19_783));
        assert_eq!(day_number("2026-13-01"), None);
        assert_eq!(day_number("gisteren"), None);
    }

    #[test]
    fn never_exported_counts_from_creation() {
        let created = "2026-11-01T09:00:00.000Z";
        let updated = "2026-11-07T09:00:00.000Z";
        assert_eq!(
            reminder(created, updated, None, "2026-11-07T23:59:00.000Z"),
            None
        );
        assert_eq!(
            reminder(created, updated, None, "2026-11-08T00:00:00.000Z"),
            Some(7)
        );
        assert_eq!(
            reminder(created, updated, None, "2026-12-01T08:00:00.000Z"),
            Some(30)
        );
    }

    #[test]
    fn an_export_after_the_last_change_silences_it() {
        let created = "2026-01-01T09:00:00.000Z";
        let updated = "2026-01-02T09:00:00.000Z";
        let exported = "2026-01-02T10:00:00.000Z";
        assert_eq!(
            reminder(created, updated, Some(exported), "2026-06-01T00:00:00.000Z"),
            None
        );
        assert_eq!(
            reminder(created, updated, Some(updated), "2026-06-01T00:00:00.000Z"),
            None
        );
    }

    #[test]
    fn changes_after_an_export_count_from_that_export() {
        let created = "2026-01-01T09:00:00.000Z";
        let exported = "2026-01-10T10:00:00.000Z";
        let updated = "2026-01-16T10:00:00.000Z";
        assert_eq!(
            reminder(created, updated, Some(exported), "2026-01-16T11:00:00.000Z"),
            None
        );
        assert_eq!(
            reminder(created, updated, Some(exported), "2026-01-17T11:00:00.000Z"),
            Some(7)
        );
    }

    #[test]
    fn unreadable_times_never_remind() {
        assert_eq!(reminder("?", "2026-01-02", None, "2027-01-01"), None);
        assert_eq!(reminder("2026-01-01", "2026-01-02", None, "?"), None);
    }

    #[test]
    fn log_round_trips_and_migrates_the_bare_map() {
        let mut log = ExportLog::default();
        log.0.insert("a".into(), "2026-11-22T10:00:00.000Z".into());
        assert_eq!(ExportLog::decode(&log.encode()), Ok(log.clone()));
        assert!(log.encode().starts_with(r#"{"version":1,"#));
        // The form written before the envelope reads forward.
        assert_eq!(
            ExportLog::decode(r#"{"a":"2026-11-22T10:00:00.000Z"}"#),
            Ok(log)
        );
    }

    #[test]
    fn newer_and_corrupt_logs_are_refused_not_emptied() {
        assert_eq!(
            ExportLog::decode(r#"{"version":2,"exports":{},"more":1}"#),
            Err(DecodeError::Newer(2))
        );
        for raw in ["{kapot", "[1,2]", r#"{"version":1,"exports":{"a":3}}"#] {
            assert!(
                matches!(ExportLog::decode(raw), Err(DecodeError::Corrupt(_))),
                "{raw}"
            );
        }
    }
}
