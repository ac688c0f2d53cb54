//! When to remind a user to export a backup. Browsers may evict a site's data (Safari after a
//! week without a visit, any browser under storage pressure), and an exported file is the only
//! copy that survives that. A draft is due for a backup when it has changes that no export
//! contains and the last export (or, if there never was one, its creation) is
//! [`REMIND_AFTER_DAYS`] or more days ago.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::stored::{open, read, DecodeError};
use super::time::Timestamp;

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

/// Days since the last backup if a reminder is due, `None` otherwise. Days are counted between
/// UTC calendar dates, as the scan's times are stored.
pub fn reminder(
    created: Timestamp,
    updated: Timestamp,
    last_export: Option<Timestamp>,
    now: Timestamp,
) -> Option<i64> {
    if last_export.is_some_and(|exported| updated <= exported) {
        return None;
    }
    let since = last_export.unwrap_or(created).date().day_number();
    let days = now.date().day_number() - since;
    (days >= REMIND_AFTER_DAYS).then_some(days)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `reminder` over times as text, for readable tables.
    fn reminder(created: &str, updated: &str, last: Option<&str>, now: &str) -> Option<i64> {
        let ts = |s: &str| Timestamp::parse(s).unwrap();
        super::reminder(ts(created), ts(updated), last.map(ts), ts(now))
    }

    #[test]
    fn a_later_time_on_the_same_second_is_later() {
        // As text `…00Z` sorts after `…00.500Z`; as time it is earlier, so the export holds it.
        assert_eq!(
            reminder(
                "2026-01-01T09:00:00Z",
                "2026-01-02T10:00:00Z",
                Some("2026-01-02T10:00:00.500Z"),
                "2026-06-01T00:00:00Z"
            ),
            None
        );
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
