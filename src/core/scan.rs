//! Scan: one filled-in form. Ratings are kept per rater and never mixed: a rating changes only
//! through its own rater's input. Time and ids come in as arguments, so everything here is pure.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::framework::{Framework, Group, Item, Rater};
use super::plan::Goal;

/// Which framework a scan was made with. The hash is of the framework's canonical JSON, so a
/// changed framework (even with the same version number) is never mistaken for the original.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrameworkRef {
    pub id: String,
    pub version: String,
    pub hash: String,
}

/// Who is being assessed and where.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Subject {
    pub student: String,
    /// Opleiding.
    pub programme: String,
    /// BPV-organisatie (the workplace).
    pub organisation: String,
    /// Date of the scan, `YYYY-MM-DD`.
    pub date: String,
}

/// A rater's identity: the supervisor signs with name and function.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RaterInfo {
    pub name: String,
    pub function: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Rating {
    /// Percentage on the framework's scale; `None` when only a comment was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<u32>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub comment: String,
    /// When this rater last changed it (ISO 8601).
    pub at: String,
}

/// The supervisor's initials on a row (as on the paper form), vouching for one value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paraaf {
    pub initials: String,
    pub date: String,
    pub value: u32,
}

/// One stretch of work by one rater: who changed the scan, from when to when, how many edits.
/// Consecutive edits by the same rater on the same day extend one entry, so the history stays
/// short enough to travel in every export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub rater: Rater,
    pub from: String,
    pub to: String,
    pub edits: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Scan {
    pub id: String,
    pub created: String,
    pub updated: String,
    pub framework: FrameworkRef,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
    pub subject: Subject,
    #[serde(default)]
    pub raters: BTreeMap<Rater, RaterInfo>,
    #[serde(default)]
    pub ratings: BTreeMap<Rater, BTreeMap<String, Rating>>,
    #[serde(default)]
    pub paraafs: BTreeMap<String, Paraaf>,
    /// When each rater marked the scan as finished (afgerond).
    #[serde(default)]
    pub finished: BTreeMap<Rater, String>,
    /// Who changed the scan when (added without a format change: older drafts read as empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<Change>,
    /// The persoonlijk ontwikkelplan (added without a format change: older drafts read as empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub plan: Vec<Goal>,
}

impl Scan {
    pub fn new(
        id: String,
        now: &str,
        framework: FrameworkRef,
        variant: Option<String>,
        subject: Subject,
    ) -> Scan {
        Scan {
            id,
            created: now.to_string(),
            updated: now.to_string(),
            framework,
            variant,
            subject,
            raters: BTreeMap::new(),
            ratings: BTreeMap::new(),
            paraafs: BTreeMap::new(),
            finished: BTreeMap::new(),
            history: Vec::new(),
            plan: Vec::new(),
        }
    }

    /// Adds a goal, or replaces the one with its id; the goal's `updated` becomes `now`.
    pub fn set_goal(&mut self, mut goal: Goal, now: &str) {
        goal.updated = now.to_string();
        match self.plan.iter_mut().find(|g| g.id == goal.id) {
            Some(existing) => *existing = goal,
            None => self.plan.push(goal),
        }
        self.updated = now.to_string();
    }

    pub fn remove_goal(&mut self, id: &str, now: &str) {
        let before = self.plan.len();
        self.plan.retain(|g| g.id != id);
        if self.plan.len() != before {
            self.updated = now.to_string();
        }
    }

    pub fn rating(&self, rater: Rater, item: &str) -> Option<&Rating> {
        self.ratings.get(&rater).and_then(|r| r.get(item))
    }

    pub fn value(&self, rater: Rater, item: &str) -> Option<u32> {
        self.rating(rater, item).and_then(|r| r.value)
    }

    /// Sets (or clears) one rater's value. A changed supervisor value loses its paraaf: the
    /// initials vouched for the old value.
    pub fn rate(&mut self, rater: Rater, item: &str, value: Option<u32>, now: &str) {
        if self.value(rater, item) == value {
            return;
        }
        self.edit(rater, item, now, |r| r.value = value);
        if rater == Rater::Supervisor
            && self
                .paraafs
                .get(item)
                .is_some_and(|p| Some(p.value) != value)
        {
            self.paraafs.remove(item);
        }
    }

    pub fn comment(&mut self, rater: Rater, item: &str, text: &str, now: &str) {
        if self.rating(rater, item).map_or("", |r| r.comment.as_str()) == text {
            return;
        }
        self.edit(rater, item, now, |r| r.comment = text.to_string());
    }

    /// Changes one rater's entry for an item, stamps it, and drops it once it holds nothing.
    fn edit(&mut self, rater: Rater, item: &str, now: &str, change: impl FnOnce(&mut Rating)) {
        let entry = self
            .ratings
            .entry(rater)
            .or_default()
            .entry(item.to_string())
            .or_default();
        change(entry);
        entry.at = now.to_string();
        if entry.value.is_none() && entry.comment.is_empty() {
            self.ratings.get_mut(&rater).map(|r| r.remove(item));
        }
        self.updated = now.to_string();
        self.record(rater, now);
    }

    /// Notes an edit by `rater` at `now` in the history.
    fn record(&mut self, rater: Rater, now: &str) {
        let same_day = |a: &str, b: &str| a.get(..10).is_some() && a.get(..10) == b.get(..10);
        match self.history.last_mut() {
            Some(last) if last.rater == rater && same_day(&last.to, now) => {
                last.to = now.to_string();
                last.edits += 1;
            }
            _ => self.history.push(Change {
                rater,
                from: now.to_string(),
                to: now.to_string(),
                edits: 1,
            }),
        }
    }

    /// The supervisor initials one rated row. Returns false when there is nothing to vouch for.
    pub fn paraaf(&mut self, item: &str, initials: &str, date: &str, now: &str) -> bool {
        let Some(value) = self.value(Rater::Supervisor, item) else {
            return false;
        };
        if initials.trim().is_empty() {
            return false;
        }
        self.paraafs.insert(
            item.to_string(),
            Paraaf {
                initials: initials.trim().to_string(),
                date: date.to_string(),
                value,
            },
        );
        self.updated = now.to_string();
        true
    }

    pub fn remove_paraaf(&mut self, item: &str, now: &str) {
        if self.paraafs.remove(item).is_some() {
            self.updated = now.to_string();
        }
    }

    /// Initials every supervisor-rated row that has none yet; returns how many were added.
    pub fn paraaf_all(&mut self, items: &[&Item], initials: &str, date: &str, now: &str) -> usize {
        let open: Vec<&str> = items
            .iter()
            .map(|i| i.code.as_str())
            .filter(|c| !self.paraafs.contains_key(*c))
            .collect();
        open.into_iter()
            .filter(|code| self.paraaf(code, initials, date, now))
            .count()
    }

    pub fn finish(&mut self, rater: Rater, now: &str) {
        self.finished.insert(rater, now.to_string());
        self.updated = now.to_string();
    }

    pub fn reopen(&mut self, rater: Rater, now: &str) {
        if self.finished.remove(&rater).is_some() {
            self.updated = now.to_string();
        }
    }

    /// Items this rater has not given a value yet, in form order.
    pub fn unrated<'f>(&self, framework: &'f Framework, rater: Rater) -> Vec<&'f Item> {
        framework
            .items(self.variant.as_deref())
            .into_iter()
            .filter(|i| self.value(rater, &i.code).is_none())
            .collect()
    }

    /// (rated, total) for one group and rater.
    pub fn group_progress(
        &self,
        group: &Group,
        rater: Rater,
        variant: Option<&str>,
    ) -> (usize, usize) {
        let items: Vec<_> = group
            .node
            .items
            .iter()
            .filter(|i| super::framework::in_variant(&i.variants, variant))
            .collect();
        let rated = items
            .iter()
            .filter(|i| self.value(rater, &i.code).is_some())
            .count();
        (rated, items.len())
    }

    /// (rated, total) over the whole scan.
    pub fn progress(&self, framework: &Framework, rater: Rater) -> (usize, usize) {
        let items = framework.items(self.variant.as_deref());
        let rated = items
            .iter()
            .filter(|i| self.value(rater, &i.code).is_some())
            .count();
        (rated, items.len())
    }

    /// A copy under a new id, e.g. to start the next scan from this one.
    pub fn duplicate(&self, id: String, now: &str) -> Scan {
        Scan {
            id,
            created: now.to_string(),
            updated: now.to_string(),
            finished: BTreeMap::new(),
            ..self.clone()
        }
    }
}

/// Initials from a name: "Jan de Vries" → "JdV"; particles stay lower case, as Dutch initials do.
pub fn initials(name: &str) -> String {
    const PARTICLES: &[&str] = &[
        "van", "de", "der", "den", "het", "ten", "ter", "te", "in", "'t", "op",
    ];
    name.split_whitespace()
        .filter_map(|w| {
            let first = w.chars().next()?;
            Some(if PARTICLES.contains(&w.to_lowercase().as_str()) {
                first.to_lowercase().to_string()
            } else {
                first.to_uppercase().to_string()
            })
        })
        .collect()
}

/// A UUID v4 string from 16 random bytes (the caller supplies randomness).
pub fn uuid_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan() -> Scan {
        let fref = FrameworkRef {
            id: "x".into(),
            version: "1.0.0".into(),
            hash: "h".into(),
        };
        Scan::new("s1".into(), "t0", fref, None, Subject::default())
    }

    #[test]
    fn raters_never_touch_each_others_values() {
        let mut s = scan();
        s.rate(Rater::Student, "1.1-1", Some(60), "t1");
        s.rate(Rater::Supervisor, "1.1-1", Some(80), "t2");
        assert_eq!(s.value(Rater::Student, "1.1-1"), Some(60));
        assert_eq!(s.value(Rater::Supervisor, "1.1-1"), Some(80));
        s.rate(Rater::Student, "1.1-1", None, "t3");
        assert_eq!(s.value(Rater::Student, "1.1-1"), None);
        assert_eq!(s.value(Rater::Supervisor, "1.1-1"), Some(80));
        assert_eq!(s.rating(Rater::Supervisor, "1.1-1").unwrap().at, "t2");
        assert_eq!(s.updated, "t3");
    }

    #[test]
    fn a_changed_supervisor_value_loses_its_paraaf() {
        let mut s = scan();
        assert!(
            !s.paraaf("a", "JdV", "2026-11-22", "t"),
            "nothing to vouch for"
        );
        s.rate(Rater::Supervisor, "a", Some(70), "t1");
        assert!(s.paraaf("a", "JdV", "2026-11-22", "t2"));
        s.rate(Rater::Student, "a", Some(40), "t3");
        assert!(
            s.paraafs.contains_key("a"),
            "the student's rating does not touch the paraaf"
        );
        s.rate(Rater::Supervisor, "a", Some(70), "t4");
        assert!(s.paraafs.contains_key("a"), "same value: paraaf stays");
        s.rate(Rater::Supervisor, "a", Some(75), "t5");
        assert!(!s.paraafs.contains_key("a"));
    }

    #[test]
    fn comments_keep_the_value_and_empty_entries_vanish() {
        let mut s = scan();
        s.comment(Rater::Student, "a", "lastig", "t1");
        assert_eq!(s.value(Rater::Student, "a"), None);
        s.rate(Rater::Student, "a", Some(50), "t2");
        assert_eq!(s.rating(Rater::Student, "a").unwrap().comment, "lastig");
        s.rate(Rater::Student, "a", None, "t3");
        s.comment(Rater::Student, "a", "", "t4");
        assert!(s.rating(Rater::Student, "a").is_none());
    }

    #[test]
    fn history_says_who_worked_when() {
        let mut s = scan();
        s.rate(Rater::Student, "a", Some(50), "2026-11-20T09:00:00Z");
        s.rate(Rater::Student, "b", Some(60), "2026-11-20T09:05:00Z");
        s.rate(Rater::Supervisor, "a", Some(70), "2026-11-21T14:00:00Z");
        s.comment(Rater::Student, "a", "ok", "2026-11-22T08:00:00Z");
        let h: Vec<_> = s
            .history
            .iter()
            .map(|c| (c.rater, c.from.as_str(), c.to.as_str(), c.edits))
            .collect();
        assert_eq!(
            h,
            [
                (
                    Rater::Student,
                    "2026-11-20T09:00:00Z",
                    "2026-11-20T09:05:00Z",
                    2
                ),
                (
                    Rater::Supervisor,
                    "2026-11-21T14:00:00Z",
                    "2026-11-21T14:00:00Z",
                    1
                ),
                (
                    Rater::Student,
                    "2026-11-22T08:00:00Z",
                    "2026-11-22T08:00:00Z",
                    1
                ),
            ]
        );
    }

    #[test]
    fn initials_and_uuids() {
        assert_eq!(initials("Jan de Vries"), "JdV");
        assert_eq!(initials("  aïcha   bakker "), "AB");
        assert_eq!(initials(""), "");
        let id = uuid_v4([0xff; 16]);
        assert_eq!(id, "ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert_eq!(id.len(), 36);
    }
}
