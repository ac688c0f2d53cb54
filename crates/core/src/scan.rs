//! Scan: one filled-in form. Ratings are kept per rater and never mixed: a rating changes only
//! through its own rater's input. Time and ids come in as arguments, so everything here is pure.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::framework::{Framework, Group, Item, Rater};
use super::i18n::{k, Key};
use super::plan::Goal;
use super::problem::{Place, Problem};
use super::time::{optional_date, Date, Timestamp};

/// Longest name accepted (student, programme, organisation, a rater's name and function,
/// initials), in characters: a name, not a paragraph.
pub const MAX_NAME: usize = 200;
/// Longest free text accepted (a comment, a goal's fields), in characters.
pub const MAX_TEXT: usize = 5_000;
/// Longest id accepted (scan, goal), in characters; the app writes 36-character UUIDs.
pub const MAX_ID: usize = 100;

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
    /// Date of the scan; empty in files while none was given.
    #[serde(with = "optional_date")]
    pub date: Option<Date>,
}

/// A rater's identity: the supervisor signs with name and function.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RaterInfo {
    pub name: String,
    pub function: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rating {
    /// Percentage on the framework's scale; `None` when only a comment was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<u32>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub comment: String,
    /// When this rater last changed it.
    pub at: Timestamp,
}

/// The supervisor's initials on a row (as on the paper form), vouching for one value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paraaf {
    pub initials: String,
    pub date: Date,
    pub value: u32,
}

/// One stretch of work by one rater: who changed the scan, from when to when, how many edits.
/// Consecutive edits by the same rater on the same day extend one entry, so the history stays
/// short enough to travel in every export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub rater: Rater,
    pub from: Timestamp,
    pub to: Timestamp,
    pub edits: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Scan {
    pub id: String,
    pub created: Timestamp,
    pub updated: Timestamp,
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
    pub finished: BTreeMap<Rater, Timestamp>,
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
        now: Timestamp,
        framework: FrameworkRef,
        variant: Option<String>,
        subject: Subject,
    ) -> Scan {
        Scan {
            id,
            created: now,
            updated: now,
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
    pub fn set_goal(&mut self, mut goal: Goal, now: Timestamp) {
        goal.updated = now;
        match self.plan.iter_mut().find(|g| g.id == goal.id) {
            Some(existing) => *existing = goal,
            None => self.plan.push(goal),
        }
        self.updated = now;
    }

    pub fn remove_goal(&mut self, id: &str, now: Timestamp) {
        let before = self.plan.len();
        self.plan.retain(|g| g.id != id);
        if self.plan.len() != before {
            self.updated = now;
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
    pub fn rate(&mut self, rater: Rater, item: &str, value: Option<u32>, now: Timestamp) {
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

    pub fn comment(&mut self, rater: Rater, item: &str, text: &str, now: Timestamp) {
        if self.rating(rater, item).map_or("", |r| r.comment.as_str()) == text {
            return;
        }
        self.edit(rater, item, now, |r| r.comment = text.to_string());
    }

    /// Changes one rater's entry for an item, stamps it, and drops it once it holds nothing.
    fn edit(&mut self, rater: Rater, item: &str, now: Timestamp, change: impl FnOnce(&mut Rating)) {
        let entry = self
            .ratings
            .entry(rater)
            .or_default()
            .entry(item.to_string())
            .or_insert(Rating {
                value: None,
                comment: String::new(),
                at: now,
            });
        change(entry);
        entry.at = now;
        if entry.value.is_none() && entry.comment.is_empty() {
            self.ratings.get_mut(&rater).map(|r| r.remove(item));
        }
        self.updated = now;
        self.record(rater, now);
    }

    /// Notes an edit by `rater` at `now` in the history.
    fn record(&mut self, rater: Rater, now: Timestamp) {
        match self.history.last_mut() {
            Some(last) if last.rater == rater && last.to.date() == now.date() => {
                last.to = now;
                last.edits += 1;
            }
            _ => self.history.push(Change {
                rater,
                from: now,
                to: now,
                edits: 1,
            }),
        }
    }

    /// The supervisor initials one rated row. Returns false when there is nothing to vouch for.
    pub fn paraaf(&mut self, item: &str, initials: &str, date: Date, now: Timestamp) -> bool {
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
                date,
                value,
            },
        );
        self.updated = now;
        true
    }

    pub fn remove_paraaf(&mut self, item: &str, now: Timestamp) {
        if self.paraafs.remove(item).is_some() {
            self.updated = now;
        }
    }

    /// Initials every supervisor-rated row that has none yet; returns how many were added.
    pub fn paraaf_all(
        &mut self,
        items: &[&Item],
        initials: &str,
        date: Date,
        now: Timestamp,
    ) -> usize {
        let open: Vec<&str> = items
            .iter()
            .map(|i| i.code.as_str())
            .filter(|c| !self.paraafs.contains_key(*c))
            .collect();
        open.into_iter()
            .filter(|code| self.paraaf(code, initials, date, now))
            .count()
    }

    pub fn finish(&mut self, rater: Rater, now: Timestamp) {
        self.finished.insert(rater, now);
        self.updated = now;
    }

    pub fn reopen(&mut self, rater: Rater, now: Timestamp) {
        if self.finished.remove(&rater).is_some() {
            self.updated = now;
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
    pub fn duplicate(&self, id: String, now: Timestamp) -> Scan {
        Scan {
            id,
            created: now,
            updated: now,
            finished: BTreeMap::new(),
            ..self.clone()
        }
    }
}

/// What is wrong with the fields of a scan as it appears in a file or in storage, each with its
/// path: texts that are not text or too long, times and dates that do not parse, raters outside
/// the closed set, ids empty or too long. Framework-independent (codes and values are checked
/// against the framework by the importer); a scan without these problems is one the screens can
/// show.
pub fn field_problems(scan: &Value) -> Vec<Problem> {
    let mut c = Fields(Vec::new());
    let Some(scan) = scan.as_object() else {
        return vec![Problem::new(None, k::import::NOT_AN_OBJECT)];
    };
    c.id("id", scan.get("id"));
    c.time("created", scan.get("created"), true);
    c.time("updated", scan.get("updated"), true);
    if let Some(subject) = c.object("subject", scan.get("subject")) {
        for name in ["student", "programme", "organisation"] {
            c.text(&format!("subject.{name}"), subject.get(name), MAX_NAME);
        }
        c.date("subject.date", subject.get("date"), true);
    }
    if scan.get("variant").is_some_and(|v| !v.is_null()) {
        c.text("variant", scan.get("variant"), MAX_ID);
    }
    for (rater, info) in c.by_rater("raters", scan.get("raters")) {
        if let Some(info) = c.object(&format!("raters.{rater}"), Some(info)) {
            c.text(&format!("raters.{rater}.name"), info.get("name"), MAX_NAME);
            c.text(
                &format!("raters.{rater}.function"),
                info.get("function"),
                MAX_NAME,
            );
        }
    }
    // Raters and the shape of `ratings` are named by the importer's own check (with codes).
    let ratings = scan
        .get("ratings")
        .and_then(Value::as_object)
        .into_iter()
        .flatten();
    for (rater, items) in ratings.filter(|(r, _)| self::rater(r).is_some()) {
        let Some(items) = items.as_object() else {
            continue;
        };
        for (code, rating) in items {
            let here = format!("ratings.{rater}.{code}");
            if let Some(rating) = rating.as_object() {
                c.text(&format!("{here}.comment"), rating.get("comment"), MAX_TEXT);
                c.time(&format!("{here}.at"), rating.get("at"), true);
            }
        }
    }
    if let Some(paraafs) = c.object("paraafs", scan.get("paraafs")) {
        for (code, p) in paraafs {
            if let Some(p) = c.object(&format!("paraafs.{code}"), Some(p)) {
                c.text(
                    &format!("paraafs.{code}.initials"),
                    p.get("initials"),
                    MAX_NAME,
                );
                c.date(&format!("paraafs.{code}.date"), p.get("date"), false);
            }
        }
    }
    for (rater, at) in c.by_rater("finished", scan.get("finished")) {
        c.time(&format!("finished.{rater}"), Some(at), true);
    }
    for (i, change) in c.list("history", scan.get("history")).iter().enumerate() {
        let here = format!("history[{i}]");
        if let Some(change) = c.object(&here, Some(change)) {
            if change
                .get("rater")
                .and_then(Value::as_str)
                .and_then(rater)
                .is_none()
            {
                c.push(
                    Fields::at(&format!("{here}.rater"), k::import::UNKNOWN_RATER)
                        .with("rater", short(change.get("rater"))),
                );
            }
            c.time(&format!("{here}.from"), change.get("from"), true);
            c.time(&format!("{here}.to"), change.get("to"), true);
        }
    }
    for (i, goal) in c.list("plan", scan.get("plan")).iter().enumerate() {
        let here = format!("plan[{i}]");
        if let Some(goal) = c.object(&here, Some(goal)) {
            c.id(&format!("{here}.id"), goal.get("id"));
            c.time(&format!("{here}.created"), goal.get("created"), true);
            c.time(&format!("{here}.updated"), goal.get("updated"), true);
            c.date(&format!("{here}.deadline"), goal.get("deadline"), true);
            for field in ["support", "evaluation"] {
                c.text(&format!("{here}.{field}"), goal.get(field), MAX_TEXT);
            }
            if let Some(smart) = c.object(&format!("{here}.smart"), goal.get("smart")) {
                for (field, text) in smart {
                    c.text(&format!("{here}.smart.{field}"), Some(text), MAX_TEXT);
                }
            }
            for (j, action) in c
                .list(&format!("{here}.actions"), goal.get("actions"))
                .iter()
                .enumerate()
            {
                c.text(&format!("{here}.actions[{j}]"), Some(action), MAX_TEXT);
            }
            for (j, code) in c
                .list(&format!("{here}.items"), goal.get("items"))
                .iter()
                .enumerate()
            {
                c.text(&format!("{here}.items[{j}]"), Some(code), MAX_ID);
            }
        }
    }
    c.0
}

/// 1 to [`MAX_ID`] letters, digits, `-`, `_` or `.` (a UUID is one).
pub fn is_id(s: &str) -> bool {
    (1..=MAX_ID).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

fn rater(name: &str) -> Option<Rater> {
    match name {
        "student" => Some(Rater::Student),
        "supervisor" => Some(Rater::Supervisor),
        _ => None,
    }
}

/// A value as a problem shows it: a string's first 30 characters, anything else as JSON.
fn short(v: Option<&Value>) -> String {
    let s = match v {
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => String::new(),
    };
    s.chars().take(30).collect()
}

/// Collects the problems of [`field_problems`]; an absent optional field is never one.
struct Fields(Vec<Problem>);

impl Fields {
    fn at(path: &str, key: Key) -> Problem {
        Problem::new(Place::Field(path.to_string()), key)
    }

    fn push(&mut self, problem: Problem) {
        self.0.push(problem);
    }

    fn text(&mut self, path: &str, v: Option<&Value>, max: usize) {
        match v {
            None | Some(Value::Null) => {}
            Some(Value::String(s)) if s.chars().count() <= max => {}
            Some(Value::String(_)) => {
                self.push(Fields::at(path, k::import::TEXT_TOO_LONG).with("max", max.to_string()));
            }
            Some(_) => {
                self.push(Fields::at(path, k::import::NOT_TEXT_VALUE));
            }
        }
    }

    /// Ids become part of addresses (`#/scan/<id>/plan`) and element ids: letters, digits,
    /// `-`, `_` and `.` only, so every id the app accepts also navigates.
    fn id(&mut self, path: &str, v: Option<&Value>) {
        let ok = v.and_then(Value::as_str).is_some_and(is_id);
        if !ok {
            self.push(Fields::at(path, k::import::BAD_ID).with("max", MAX_ID.to_string()));
        }
    }

    fn time(&mut self, path: &str, v: Option<&Value>, required: bool) {
        self.parsed(
            path,
            v,
            required,
            false,
            |s| Timestamp::parse(s).is_some(),
            k::import::BAD_TIME,
        );
    }

    /// `empty_ok`: the field is an optional date, written as `""` while there is none.
    fn date(&mut self, path: &str, v: Option<&Value>, empty_ok: bool) {
        let required = !empty_ok;
        self.parsed(
            path,
            v,
            required,
            empty_ok,
            |s| Date::parse(s).is_some(),
            k::import::BAD_DATE,
        );
    }

    fn parsed(
        &mut self,
        path: &str,
        v: Option<&Value>,
        required: bool,
        empty_ok: bool,
        ok: fn(&str) -> bool,
        key: Key,
    ) {
        match v {
            None if required => {
                self.push(Fields::at(path, k::import::MISSING));
            }
            None => {}
            Some(Value::String(s)) if (empty_ok && s.is_empty()) || ok(s) => {}
            Some(other) => {
                self.push(Fields::at(path, key).with("value", short(Some(other))));
            }
        }
    }

    fn object<'v>(
        &mut self,
        path: &str,
        v: Option<&'v Value>,
    ) -> Option<&'v serde_json::Map<String, Value>> {
        match v {
            None => None,
            Some(Value::Object(o)) => Some(o),
            Some(_) => {
                self.push(Fields::at(path, k::import::NOT_AN_OBJECT));
                None
            }
        }
    }

    fn list<'v>(&mut self, path: &str, v: Option<&'v Value>) -> &'v [Value] {
        match v {
            None | Some(Value::Null) => &[],
            Some(Value::Array(a)) => a,
            Some(_) => {
                self.push(Fields::at(path, k::import::NOT_A_LIST));
                &[]
            }
        }
    }

    /// The entries of a map keyed by rater; an unknown rater is a problem of its own.
    fn by_rater<'v>(&mut self, path: &str, v: Option<&'v Value>) -> Vec<(&'v str, &'v Value)> {
        let Some(map) = self.object(path, v) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for (name, value) in map {
            if rater(name).is_some() {
                out.push((name.as_str(), value));
            } else {
                self.push(
                    Fields::at(path, k::import::UNKNOWN_RATER)
                        .with("rater", name.chars().take(30).collect::<String>()),
                );
            }
        }
        out
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

    fn ts(s: &str) -> Timestamp {
        Timestamp::parse(s).unwrap()
    }

    /// The `n`th second of a working morning.
    fn t(n: u32) -> Timestamp {
        ts(&format!("2026-11-20T09:00:{n:02}Z"))
    }

    fn scan() -> Scan {
        let fref = FrameworkRef {
            id: "x".into(),
            version: "1.0.0".into(),
            hash: "h".into(),
        };
        Scan::new("s1".into(), t(0), fref, None, Subject::default())
    }

    #[test]
    fn raters_never_touch_each_others_values() {
        let mut s = scan();
        s.rate(Rater::Student, "1.1-1", Some(60), t(1));
        s.rate(Rater::Supervisor, "1.1-1", Some(80), t(2));
        assert_eq!(s.value(Rater::Student, "1.1-1"), Some(60));
        assert_eq!(s.value(Rater::Supervisor, "1.1-1"), Some(80));
        s.rate(Rater::Student, "1.1-1", None, t(3));
        assert_eq!(s.value(Rater::Student, "1.1-1"), None);
        assert_eq!(s.value(Rater::Supervisor, "1.1-1"), Some(80));
        assert_eq!(s.rating(Rater::Supervisor, "1.1-1").unwrap().at, t(2));
        assert_eq!(s.updated, t(3));
    }

    #[test]
    fn a_changed_supervisor_value_loses_its_paraaf() {
        let mut s = scan();
        assert!(
            !s.paraaf("a", "JdV", Date::parse("2026-11-22").unwrap(), t(9)),
            "nothing to vouch for"
        );
        s.rate(Rater::Supervisor, "a", Some(70), t(1));
        assert!(s.paraaf("a", "JdV", Date::parse("2026-11-22").unwrap(), t(2)));
        s.rate(Rater::Student, "a", Some(40), t(3));
        assert!(
            s.paraafs.contains_key("a"),
            "the student's rating does not touch the paraaf"
        );
        s.rate(Rater::Supervisor, "a", Some(70), t(4));
        assert!(s.paraafs.contains_key("a"), "same value: paraaf stays");
        s.rate(Rater::Supervisor, "a", Some(75), t(5));
        assert!(!s.paraafs.contains_key("a"));
    }

    #[test]
    fn comments_keep_the_value_and_empty_entries_vanish() {
        let mut s = scan();
        s.comment(Rater::Student, "a", "lastig", t(1));
        assert_eq!(s.value(Rater::Student, "a"), None);
        s.rate(Rater::Student, "a", Some(50), t(2));
        assert_eq!(s.rating(Rater::Student, "a").unwrap().comment, "lastig");
        s.rate(Rater::Student, "a", None, t(3));
        s.comment(Rater::Student, "a", "", t(4));
        assert!(s.rating(Rater::Student, "a").is_none());
    }

    #[test]
    fn history_says_who_worked_when() {
        let mut s = scan();
        s.rate(
            Rater::Student,
            "a",
            Some(50),
            ts("2026-11-20T09:00:00.000Z"),
        );
        s.rate(
            Rater::Student,
            "b",
            Some(60),
            ts("2026-11-20T09:05:00.000Z"),
        );
        s.rate(
            Rater::Supervisor,
            "a",
            Some(70),
            ts("2026-11-21T14:00:00.000Z"),
        );
        s.comment(Rater::Student, "a", "ok", ts("2026-11-22T08:00:00.000Z"));
        let h: Vec<_> = s
            .history
            .iter()
            .map(|c| (c.rater, c.from.to_string(), c.to.to_string(), c.edits))
            .collect();
        assert_eq!(
            h,
            [
                (
                    Rater::Student,
                    "2026-11-20T09:00:00.000Z".to_string(),
                    "2026-11-20T09:05:00.000Z".to_string(),
                    2
                ),
                (
                    Rater::Supervisor,
                    "2026-11-21T14:00:00.000Z".to_string(),
                    "2026-11-21T14:00:00.000Z".to_string(),
                    1
                ),
                (
                    Rater::Student,
                    "2026-11-22T08:00:00.000Z".to_string(),
                    "2026-11-22T08:00:00.000Z".to_string(),
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
