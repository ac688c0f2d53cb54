//! When to remind a user to export a backup. Browsers may evict a site's data (Safari after a
//! week without a visit, any browser under storage pressure), and an exported file is the only
//! copy that survives that. A draft is due for a backup when it has changes that no export
//! contains and the last export (or, if there never was one, its creation) is
//! [`REMIND_AFTER_DAYS`] or more days ago.

use std::collections::BTreeMap;

use super::time::Timestamp;

pub const REMIND_AFTER_DAYS: i64 = 7;

/// Storage key (after the app's prefix) of the [`ExportLog`].
pub const EXPORT_LOG_KEY: &str = "exports";

/// When each draft was last exported (id → ISO 8601 time). Device-local bookkeeping: it is not
/// part of the scan, so it never travels in an exchange file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExportLog(pub BTreeMap<String, String>);

impl ExportLog {
    /// An unreadable log reads as empty: the worst case is one reminder too many.
    pub fn decode(raw: &str) -> ExportLog {
        ExportLog(serde_json::from_str(raw).unwrap_or_default())
    }

    pub fn encode(&self) -> String {
        serde_json::to_string(&self.0).expect("map of strings serialises")
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
    fn log_round_trips_and_tolerates_garbage() {
        let mut log = ExportLog::default();
        log.0.insert("a".into(), "2026-11-22T10:00:00.000Z".into());
        assert_eq!(ExportLog::decode(&log.encode()), log);
        assert_eq!(ExportLog::decode("{kapot"), ExportLog::default());
    }
}
