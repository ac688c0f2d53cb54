//! Scan: one filled-in form. Ratings are kept per rater and never mixed: a rating changes only
//! through its own rater's input. Time and ids come in as arguments, so everything here is pure.

use serde::Serialize;
use serde_json::Value;

use super::anonymous::{self, Pool};
use super::feedback::RequestInfo;
use super::framework::{Framework, Group, Item, MIN_ANONYMOUS_GROUP};
use super::i18n::{k, Key};
use super::plan::Goal;
use super::problem::{Place, Problem};
use super::rater::{Rater, RaterId, RaterRole};
use super::signature::{canonical_bytes, ColumnSignature};
use super::sort::sort_by;
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FrameworkRef {
    pub id: String,
    pub version: String,
    pub hash: String,
}

/// Who is being assessed and where.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Subject {
    pub student: String,
    /// Opleiding.
    pub programme: String,
    /// BPV-organisatie (the workplace).
    pub organisation: String,
    /// Date of the scan; empty in files while none was given.
    #[serde(serialize_with = "optional_date::serialize")]
    pub date: Option<Date>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rating {
    /// Percentage on the framework's scale; `None` when only a comment was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<u32>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub comment: String,
    /// When this rater last changed it.
    pub at: Timestamp,
}

impl Rating {
    /// Cleared: no value and no comment, kept for its time ([`Rater::live_ratings`]).
    pub fn is_cleared(&self) -> bool {
        self.value.is_none() && self.comment.is_empty()
    }
}

/// The supervisor's initials on a row (as on the paper form), vouching for one value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Paraaf {
    pub initials: String,
    pub date: Date,
    pub value: u32,
}

/// One stretch of work by one rater: who changed the scan, from when to when, how many edits.
/// Consecutive edits by the same rater on the same day extend one entry, so the history stays
/// short enough to travel in every export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub rater: RaterId,
    pub from: Timestamp,
    pub to: Timestamp,
    pub edits: u32,
}

/// A goal removed from the plan: its id and when.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct RemovedGoal {
    pub id: String,
    pub at: Timestamp,
}

/// Read by hand ([`read::scan`]); unknown fields are ignored, as files from a newer minor
/// version of the app may carry more.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Scan {
    pub id: String,
    pub created: Timestamp,
    pub updated: Timestamp,
    pub framework: FrameworkRef,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variant: Option<String>,
    pub subject: Subject,
    /// Every rater, in the order they were added; ids are unique.
    pub raters: Vec<Rater>,
    /// Anonymous 360° answers, only as totals per role ([`super::anonymous`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub anonymous: Vec<Pool>,
    /// Who changed the scan when (added without a format change: older drafts read as empty).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<Change>,
    /// The persoonlijk ontwikkelplan (added without a format change: older drafts read as empty).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub plan: Vec<Goal>,
    /// Goals removed from the plan, with when: an older file that still holds one does not
    /// bring it back ([`super::merge`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub removed_goals: Vec<RemovedGoal>,
    /// Set on a respondent's device: this scan answers someone's feedback request, and the
    /// respondent rates only in the column the request assigned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request: Option<RequestInfo>,
}

/// The scan tree read by hand (see [`super::json`]). None of these types refuses unknown
/// fields, as before.
pub(crate) mod read {
    use super::super::anonymous::read::pools;
    use super::super::feedback::read::request_info;
    use super::super::json::{list, string, u32, Object, Read};
    use super::super::plan::read::goal;
    use super::super::rater::read::{id, rater};
    use super::super::time::read::{date, optional_date, timestamp};
    use super::{Change, FrameworkRef, Paraaf, Rating, RemovedGoal, Scan, Subject};
    use serde_json::Value;

    /// Anonymous columns from an app before pools are folded into pools here, so no screen
    /// or store after this reader holds one apart.
    pub(crate) fn scan(v: Value) -> Read<Scan> {
        let mut o = Object::read(v)?;
        let mut scan = Scan {
            id: o.field("id", string)?,
            created: o.field("created", timestamp)?,
            updated: o.field("updated", timestamp)?,
            framework: o.field("framework", framework_ref)?,
            variant: o.optional("variant", string)?,
            subject: o.field("subject", subject)?,
            raters: o.or("raters", |v| list(v, rater), Vec::new())?,
            anonymous: o.or("anonymous", pools, Vec::new())?,
            history: o.or("history", |v| list(v, change), Vec::new())?,
            plan: o.or("plan", |v| list(v, goal), Vec::new())?,
            removed_goals: o.or("removedGoals", |v| list(v, removed_goal), Vec::new())?,
            request: o.optional("request", request_info)?,
        };
        scan.fold_anonymous_columns();
        Ok(scan)
    }

    fn framework_ref(v: Value) -> Read<FrameworkRef> {
        let mut o = Object::read(v)?;
        Ok(FrameworkRef {
            id: o.field("id", string)?,
            version: o.field("version", string)?,
            hash: o.field("hash", string)?,
        })
    }

    /// Every field may be absent (as with `#[serde(default)]` before).
    fn subject(v: Value) -> Read<Subject> {
        let mut o = Object::read(v)?;
        Ok(Subject {
            student: o.or("student", string, String::new())?,
            programme: o.or("programme", string, String::new())?,
            organisation: o.or("organisation", string, String::new())?,
            date: o.or("date", optional_date, None)?,
        })
    }

    pub(crate) fn rating(v: Value) -> Read<Rating> {
        let mut o = Object::read(v)?;
        Ok(Rating {
            value: o.optional("value", u32)?,
            comment: o.or("comment", string, String::new())?,
            at: o.field("at", timestamp)?,
        })
    }

    pub(crate) fn paraaf(v: Value) -> Read<Paraaf> {
        let mut o = Object::read(v)?;
        Ok(Paraaf {
            initials: o.field("initials", string)?,
            date: o.field("date", date)?,
            value: o.field("value", u32)?,
        })
    }

    fn removed_goal(v: Value) -> Read<RemovedGoal> {
        let mut o = Object::read(v)?;
        Ok(RemovedGoal {
            id: o.field("id", string)?,
            at: o.field("at", timestamp)?,
        })
    }

    fn change(v: Value) -> Read<Change> {
        let mut o = Object::read(v)?;
        Ok(Change {
            rater: o.field("rater", id)?,
            from: o.field("from", timestamp)?,
            to: o.field("to", timestamp)?,
            edits: o.field("edits", u32)?,
        })
    }
}

impl Scan {
    /// A new scan with the primary rater of each role the framework expects.
    pub fn new(
        id: String,
        now: Timestamp,
        framework: &Framework,
        variant: Option<String>,
        subject: Subject,
    ) -> Scan {
        let mut scan = Scan {
            id,
            created: now,
            updated: now,
            framework: FrameworkRef::of(framework),
            variant,
            subject,
            raters: framework
                .raters
                .iter()
                .map(|r| Rater::new(RaterId::primary(*r), *r))
                .collect(),
            anonymous: Vec::new(),
            history: Vec::new(),
            plan: Vec::new(),
            removed_goals: Vec::new(),
            request: None,
        };
        scan.order_raters();
        scan
    }

    /// Anonymous columns from an app before pools become pools ([`anonymous::fold`]), their
    /// history with them; a respondent's own scan keeps its column. Sums of fewer than
    /// [`MIN_ANONYMOUS_GROUP`] are not kept: a framework may raise the minimum, never lower it.
    fn fold_anonymous_columns(&mut self) {
        if self.request.is_some() || !self.raters.iter().any(anonymous::is_anonymous) {
            return;
        }
        let (raters, pools, folded) = anonymous::fold(
            std::mem::take(&mut self.raters),
            &self.anonymous,
            MIN_ANONYMOUS_GROUP,
        );
        self.raters = raters;
        self.anonymous = pools;
        self.history.retain(|c| !folded.contains(&c.rater));
    }

    /// Adds a goal, or replaces the one with its id; the goal's `updated` becomes `now`.
    pub fn set_goal(&mut self, mut goal: Goal, now: Timestamp) {
        goal.updated = now;
        match self.plan.iter_mut().find(|g| g.id == goal.id) {
            Some(existing) => *existing = goal,
            None => {
                self.plan.push(goal);
                // The plan's order is the merge's, so a merged copy equals this one.
                sort_by(&mut self.plan, |x, y| {
                    (&x.created, &x.id).cmp(&(&y.created, &y.id))
                });
            }
        }
        self.updated = now;
    }

    pub fn remove_goal(&mut self, id: &str, now: Timestamp) {
        let before = self.plan.len();
        self.plan.retain(|g| g.id != id);
        if self.plan.len() != before {
            self.removed_goals.retain(|r| r.id != id);
            self.removed_goals.push(RemovedGoal {
                id: id.to_string(),
                at: now,
            });
            sort_by(&mut self.removed_goals, Ord::cmp);
            self.updated = now;
        }
    }

    /// Raters in the one order every device agrees on ([`Rater::order`]), so two devices that
    /// hold the same columns hold the same scan.
    pub fn order_raters(&mut self) {
        sort_by(&mut self.raters, |a, b| a.order().cmp(&b.order()));
    }

    pub fn rater(&self, id: &RaterId) -> Option<&Rater> {
        self.raters.iter().find(|r| &r.id == id)
    }

    /// The primary rater of a role (`RaterId::primary`), if the scan has one.
    pub fn primary(&self, role: RaterRole) -> Option<&Rater> {
        self.rater(&RaterId::primary(role))
    }

    /// Changes a rater's column through [`Rater::change`] (so a signature over other content
    /// goes). The primary rater of an expected role is added on first use: a migrated format-1
    /// scan has only the raters that had entered something.
    fn change_column<T>(
        &mut self,
        id: &RaterId,
        framework: &Framework,
        change: impl FnOnce(&mut Rater) -> T,
    ) -> Result<T, Problem> {
        let exists = self.raters.iter().any(|r| &r.id == id);
        if !exists {
            let role = id
                .primary_role()
                .filter(|r| framework.raters.contains(r))
                .ok_or_else(|| {
                    Problem::new(None, k::raters::UNKNOWN_RATER).with("id", id.as_str())
                })?;
            self.raters.push(Rater::new(id.clone(), role));
            self.order_raters();
        }
        Ok(self
            .raters
            .iter_mut()
            .find(|r| &r.id == id)
            .expect("present or just added")
            .change(change))
    }

    /// Adds a rater of an allowed role under a new id (a UUID for anyone but a primary rater).
    pub fn add_rater(
        &mut self,
        framework: &Framework,
        role: RaterRole,
        id: RaterId,
        name: &str,
        function: &str,
        now: Timestamp,
    ) -> Result<(), Problem> {
        if !framework.allows(role) {
            return Err(Problem::new(None, k::raters::ROLE_NOT_ALLOWED).with("role", role.label()));
        }
        if self.rater(&id).is_some() {
            return Err(Problem::new(None, k::raters::RATER_TWICE).with("id", id.as_str()));
        }
        let mut rater = Rater::new(id, role);
        rater.name = name.to_string();
        rater.function = function.to_string();
        rater.described = Some(now);
        self.raters.push(rater);
        self.order_raters();
        self.updated = now;
        Ok(())
    }

    /// Sets a rater's name and function (the supervisor signs with both).
    pub fn describe_rater(
        &mut self,
        id: &RaterId,
        framework: &Framework,
        name: &str,
        function: &str,
        now: Timestamp,
    ) -> Result<(), Problem> {
        let changed = self.change_column(id, framework, |rater| {
            let changed = rater.name != name || rater.function != function;
            if changed {
                rater.name = name.to_string();
                rater.function = function.to_string();
                rater.described = Some(now);
            }
            changed
        })?;
        if changed {
            self.updated = now;
        }
        Ok(())
    }

    /// The rater's rating of an item; a cleared one is none.
    pub fn rating(&self, id: &RaterId, item: &str) -> Option<&Rating> {
        self.rater(id)
            .and_then(|r| r.ratings.get(item))
            .filter(|r| !r.is_cleared())
    }

    pub fn value(&self, id: &RaterId, item: &str) -> Option<u32> {
        self.rating(id, item).and_then(|r| r.value)
    }

    /// Sets (or clears) one rater's value; a value off the framework's scale is refused. A
    /// changed value loses its paraaf: the initials vouched for the old value.
    pub fn rate(
        &mut self,
        id: &RaterId,
        item: &str,
        value: Option<u32>,
        framework: &Framework,
        now: Timestamp,
    ) -> Result<(), Problem> {
        let scale = &framework.scale;
        if let Some(v) = value.filter(|v| !(scale.min..=scale.max).contains(v)) {
            return Err(Problem::new(None, k::raters::OFF_SCALE)
                .with("value", v.to_string())
                .with("min", scale.min.to_string())
                .with("max", scale.max.to_string()));
        }
        if self.value(id, item) == value {
            return Ok(());
        }
        self.edit(id, item, framework, now, |r| r.value = value)?;
        self.change_column(id, framework, |rater| {
            if rater
                .paraafs
                .get(item)
                .is_some_and(|p| Some(p.value) != value)
            {
                rater.paraafs.remove(item);
            }
        })
    }

    pub fn comment(
        &mut self,
        id: &RaterId,
        item: &str,
        text: &str,
        framework: &Framework,
        now: Timestamp,
    ) -> Result<(), Problem> {
        if self.rating(id, item).map_or("", |r| r.comment.as_str()) == text {
            return Ok(());
        }
        self.edit(id, item, framework, now, |r| r.comment = text.to_string())
    }

    /// Changes one rater's entry for an item and stamps it. An entry that holds nothing any more
    /// stays as a cleared one with its time, so an older copy's value cannot come back.
    fn edit(
        &mut self,
        id: &RaterId,
        item: &str,
        framework: &Framework,
        now: Timestamp,
        change: impl FnOnce(&mut Rating),
    ) -> Result<(), Problem> {
        self.change_column(id, framework, |rater| {
            let entry = rater.ratings.entry(item.to_string()).or_insert(Rating {
                value: None,
                comment: String::new(),
                at: now,
            });
            change(entry);
            entry.at = now;
        })?;
        self.updated = now;
        self.record(id, now);
        Ok(())
    }

    /// Notes an edit by `rater` at `now` in the history: it extends the rater's latest stretch
    /// when no other rater started one after it and it is the same day (or began at `now`),
    /// else starts a stretch. One stretch per (rater, start), as the merge keeps them.
    fn record(&mut self, rater: &RaterId, now: Timestamp) {
        let latest = self.history.iter().map(|c| c.from).max();
        let own = self
            .history
            .iter_mut()
            .filter(|c| &c.rater == rater)
            .max_by_key(|c| c.from);
        match own {
            Some(last)
                if last.from == now
                    || (Some(last.from) == latest && last.to.date() == now.date()) =>
            {
                last.to = last.to.max(now);
                last.edits += 1;
            }
            _ => {
                self.history.push(Change {
                    rater: rater.clone(),
                    from: now,
                    to: now,
                    edits: 1,
                });
                // By start, then rater: the merge's order (two raters can start at one time).
                sort_by(&mut self.history, |x, y| {
                    (x.from, &x.rater).cmp(&(y.from, &y.rater))
                });
            }
        }
    }

    /// A supervisor initials one rated row. Returns false when there is nothing to vouch for
    /// or the rater is not one who initials.
    pub fn paraaf(
        &mut self,
        id: &RaterId,
        item: &str,
        initials: &str,
        date: Date,
        now: Timestamp,
    ) -> bool {
        let Some(rater) = self
            .raters
            .iter_mut()
            .find(|r| &r.id == id && r.role.initials())
        else {
            return false;
        };
        let Some(value) = rater.value(item) else {
            return false;
        };
        if initials.trim().is_empty() {
            return false;
        }
        let initials = initials.trim().to_string();
        let paraaf = Paraaf {
            initials,
            date,
            value,
        };
        rater.change(|r| {
            r.paraafs.insert(item.to_string(), paraaf);
            r.stamp(item, now);
        });
        self.updated = now;
        true
    }

    pub fn remove_paraaf(&mut self, id: &RaterId, item: &str, now: Timestamp) {
        let removed = self.raters.iter_mut().find(|r| &r.id == id).and_then(|r| {
            r.change(|r| {
                let removed = r.paraafs.remove(item);
                if removed.is_some() {
                    r.stamp(item, now);
                }
                removed
            })
        });
        if removed.is_some() {
            self.updated = now;
        }
    }

    /// Initials every row of the whole scan (every group of its variant) that this supervisor
    /// rated and that has none yet; returns how many were added.
    pub fn paraaf_all(
        &mut self,
        id: &RaterId,
        framework: &Framework,
        initials: &str,
        date: Date,
        now: Timestamp,
    ) -> usize {
        let open: Vec<String> = self
            .without_paraaf(framework, id)
            .into_iter()
            .map(|i| i.code.clone())
            .collect();
        open.into_iter()
            .filter(|code| self.paraaf(id, code, initials, date, now))
            .count()
    }

    /// Items this rater gave a value that carry no paraaf of theirs, in form order: what
    /// "alle beoordeelde rijen paraferen" would initial (none for a rater who does not initial).
    pub fn without_paraaf<'f>(&self, framework: &'f Framework, id: &RaterId) -> Vec<&'f Item> {
        let Some(rater) = self.rater(id).filter(|r| r.role.initials()) else {
            return Vec::new();
        };
        framework
            .items(self.variant.as_deref())
            .into_iter()
            .filter(|i| self.value(id, &i.code).is_some() && !rater.paraafs.contains_key(&i.code))
            .collect()
    }

    pub fn finish(
        &mut self,
        id: &RaterId,
        framework: &Framework,
        now: Timestamp,
    ) -> Result<(), Problem> {
        self.change_column(id, framework, |r| r.finished = Some(now))?;
        self.updated = now;
        Ok(())
    }

    /// Puts the rater's device's signature on their column, if the column's canonical bytes
    /// are still `signed` (what the device signed): signing runs after finishing, and a change
    /// made meanwhile (a rating, reopening) must never be sealed with the old column's
    /// signature. Whether it was put on. `updated` stays: the signature adds no content.
    /// `framework` is the scan's (form 2 covers it).
    pub fn seal_column(
        &mut self,
        id: &RaterId,
        framework: &Framework,
        signature: ColumnSignature,
        signed: &[u8],
    ) -> bool {
        let still = self
            .rater(id)
            .is_some_and(|r| r.finished.is_some() && canonical_bytes(self, framework, r) == signed);
        if still {
            if let Some(r) = self.raters.iter_mut().find(|r| &r.id == id) {
                r.signature = Some(signature);
            }
        }
        still
    }

    pub fn reopen(&mut self, id: &RaterId, now: Timestamp) {
        let was = self.raters.iter_mut().find(|r| &r.id == id).and_then(|r| {
            r.change(|r| {
                let was = r.finished.take();
                if was.is_some() {
                    r.reopened = Some(now);
                }
                was
            })
        });
        if was.is_some() {
            self.updated = now;
        }
    }

    /// Items this rater has not given a value yet, in form order.
    pub fn unrated<'f>(&self, framework: &'f Framework, id: &RaterId) -> Vec<&'f Item> {
        framework
            .items(self.variant.as_deref())
            .into_iter()
            .filter(|i| self.value(id, &i.code).is_none())
            .collect()
    }

    /// [`Scan::unrated`] with each item's group: its place (from 0) in
    /// `framework.groups(variant)`, the scan screen's pages, so a list of them can link there.
    pub fn unrated_by_group<'f>(
        &self,
        framework: &'f Framework,
        id: &RaterId,
    ) -> Vec<(usize, &'f Item)> {
        let variant = self.variant.as_deref();
        framework
            .groups(variant)
            .into_iter()
            .enumerate()
            .flat_map(|(g, group)| {
                group
                    .node
                    .items
                    .iter()
                    .filter(move |i| super::framework::in_variant(&i.variants, variant))
                    .map(move |i| (g, i))
            })
            .filter(|(_, i)| self.value(id, &i.code).is_none())
            .collect()
    }

    /// How many comments the raters' columns hold (a comment of only spaces is none): the
    /// coach's row says there are some to read.
    pub fn comment_count(&self) -> usize {
        self.raters
            .iter()
            .flat_map(|r| r.ratings.values())
            .filter(|r| !r.comment.trim().is_empty())
            .count()
    }

    /// (rated, total) for one group and rater.
    pub fn group_progress(
        &self,
        group: &Group,
        id: &RaterId,
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
            .filter(|i| self.value(id, &i.code).is_some())
            .count();
        (rated, items.len())
    }

    /// (rated, total) over the whole scan.
    pub fn progress(&self, framework: &Framework, id: &RaterId) -> (usize, usize) {
        let items = framework.items(self.variant.as_deref());
        let rated = items
            .iter()
            .filter(|i| self.value(id, &i.code).is_some())
            .count();
        (rated, items.len())
    }

    /// A copy under a new id, e.g. to start the next scan from this one.
    pub fn duplicate(&self, id: String, now: Timestamp) -> Scan {
        let mut copy = Scan {
            id,
            created: now,
            updated: now,
            ..self.clone()
        };
        for r in &mut copy.raters {
            r.finished = None;
            // A signature covers the original's scan id and finish: the copy is unsigned.
            r.signature = None;
        }
        copy
    }
}

impl FrameworkRef {
    pub fn of(framework: &Framework) -> FrameworkRef {
        FrameworkRef {
            id: framework.id.clone(),
            version: framework.version.clone(),
            hash: framework.content_hash(),
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
    let mut ids: Vec<&str> = Vec::new();
    for (i, rater) in c.list("raters", scan.get("raters")).iter().enumerate() {
        let here = format!("raters[{i}]");
        let Some(rater) = c.object(&here, Some(rater)) else {
            continue;
        };
        c.id(&format!("{here}.id"), rater.get("id"));
        if let Some(id) = rater.get("id").and_then(Value::as_str) {
            if ids.contains(&id) {
                c.push(
                    Fields::at(&format!("{here}.id"), k::raters::RATER_TWICE)
                        .with("id", short(rater.get("id"))),
                );
            }
            ids.push(id);
        }
        c.rater(&here, rater);
    }
    for (i, pool) in c
        .list("anonymous", scan.get("anonymous"))
        .iter()
        .enumerate()
    {
        let here = format!("anonymous[{i}]");
        if let Some(pool) = c.object(&here, Some(pool)) {
            c.pool(&here, pool);
        }
    }
    if let Some(request) = c.object("request", scan.get("request")) {
        c.text("request.from", request.get("from"), MAX_NAME);
        c.text("request.reason", request.get("reason"), MAX_TEXT);
        c.id("request.scanId", request.get("scanId"));
        c.id("request.rater", request.get("rater"));
        c.time("request.created", request.get("created"), true);
    }
    for (i, change) in c.list("history", scan.get("history")).iter().enumerate() {
        let here = format!("history[{i}]");
        if let Some(change) = c.object(&here, Some(change)) {
            c.id(&format!("{here}.rater"), change.get("rater"));
            c.time(&format!("{here}.from"), change.get("from"), true);
            c.time(&format!("{here}.to"), change.get("to"), true);
        }
    }
    for (i, removed) in c
        .list("removedGoals", scan.get("removedGoals"))
        .iter()
        .enumerate()
    {
        let here = format!("removedGoals[{i}]");
        if let Some(removed) = c.object(&here, Some(removed)) {
            c.id(&format!("{here}.id"), removed.get("id"));
            c.time(&format!("{here}.at"), removed.get("at"), true);
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

/// One rater's fields as a file holds them (a feedback file's column), each with its path.
pub fn rater_field_problems(here: &str, rater: &Value) -> Vec<Problem> {
    let mut c = Fields(Vec::new());
    if let Some(r) = c.object(here, Some(rater)) {
        c.id(&format!("{here}.id"), r.get("id"));
        c.rater(here, r);
    }
    c.0
}

/// 1 to [`MAX_ID`] letters, digits, `-`, `_` or `.` (a UUID is one).
pub fn is_id(s: &str) -> bool {
    (1..=MAX_ID).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
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

    /// One pool of anonymous answers: its role, each answer's id, time and batch, its items'
    /// codes and comments.
    fn pool(&mut self, here: &str, pool: &serde_json::Map<String, Value>) {
        if pool
            .get("role")
            .and_then(Value::as_str)
            .and_then(RaterRole::parse)
            .is_none()
        {
            self.push(
                Fields::at(&format!("{here}.role"), k::raters::UNKNOWN_ROLE)
                    .with("role", short(pool.get("role"))),
            );
        }
        if let Some(answers) = self.object(&format!("{here}.answers"), pool.get("answers")) {
            for (id, answer) in answers {
                let at = format!("{here}.answers.{id}");
                self.id(&at, Some(&Value::String(id.clone())));
                if let Some(answer) = self.object(&at, Some(answer)) {
                    self.time(&format!("{at}.at"), answer.get("at"), true);
                    if answer.get("batch").is_some_and(|v| !v.is_null()) {
                        self.id(&format!("{at}.batch"), answer.get("batch"));
                    }
                }
            }
        }
        if let Some(items) = self.object(&format!("{here}.items"), pool.get("items")) {
            for code in items.keys() {
                let code = Value::String(code.clone());
                self.text(&format!("{here}.items"), Some(&code), MAX_ID);
            }
        }
        if let Some(comments) = self.object(&format!("{here}.comments"), pool.get("comments")) {
            for (code, list) in comments {
                let at = format!("{here}.comments.{code}");
                for (j, text) in self.list(&at, Some(list)).iter().enumerate() {
                    self.text(&format!("{at}[{j}]"), Some(text), MAX_TEXT);
                }
            }
        }
    }

    /// One rater's fields (its id is checked by the caller, which knows the others).
    fn rater(&mut self, here: &str, rater: &serde_json::Map<String, Value>) {
        let role = rater
            .get("role")
            .and_then(Value::as_str)
            .and_then(RaterRole::parse);
        if role.is_none() {
            self.push(
                Fields::at(&format!("{here}.role"), k::raters::UNKNOWN_ROLE)
                    .with("role", short(rater.get("role"))),
            );
        }
        for field in ["name", "function"] {
            self.text(&format!("{here}.{field}"), rater.get(field), MAX_NAME);
        }
        if let Some(ratings) = self.object(&format!("{here}.ratings"), rater.get("ratings")) {
            for (code, rating) in ratings {
                let at = format!("{here}.ratings.{code}");
                if let Some(rating) = rating.as_object() {
                    self.text(&format!("{at}.comment"), rating.get("comment"), MAX_TEXT);
                    self.time(&format!("{at}.at"), rating.get("at"), true);
                }
            }
        }
        for field in ["finished", "reopened", "described"] {
            self.time(&format!("{here}.{field}"), rater.get(field), false);
        }
        if rater.get("batch").is_some_and(|v| !v.is_null()) {
            self.id(&format!("{here}.batch"), rater.get("batch"));
        }
        if let Some(signature) = rater.get("signature").filter(|v| !v.is_null()) {
            let finished = rater.get("finished").is_some_and(|v| !v.is_null());
            if let Err(e) = ColumnSignature::of_column(signature, finished) {
                self.push(e.problem(&format!("{here}.signature")));
            }
        }
        let Some(paraafs) = self.object(&format!("{here}.paraafs"), rater.get("paraafs")) else {
            return;
        };
        if !paraafs.is_empty() && role.is_some_and(|r| !r.initials()) {
            self.push(Fields::at(
                &format!("{here}.paraafs"),
                k::raters::PARAAF_NOT_SUPERVISOR,
            ));
        }
        for (code, p) in paraafs {
            let at = format!("{here}.paraafs.{code}");
            if let Some(p) = self.object(&at, Some(p)) {
                self.text(&format!("{at}.initials"), p.get("initials"), MAX_NAME);
                self.date(&format!("{at}.date"), p.get("date"), false);
            }
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

/// The first words of `text` up to `max` characters, cut between words with "…" when there
/// is more: a closed comment box shows what it holds. Whitespace runs become one space.
pub fn excerpt(text: &str, max: usize) -> String {
    let mut out = String::new();
    for word in text.split_whitespace() {
        let len = out.chars().count() + usize::from(!out.is_empty()) + word.chars().count();
        if len > max {
            if out.is_empty() {
                out = word.chars().take(max).collect();
            }
            out.push('…');
            return out;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
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

    fn framework() -> Framework {
        let (_, json) = crate::bundled::sources()
            .into_iter()
            .find(|(name, _)| name.starts_with("quickscan"))
            .unwrap();
        Framework::parse(&json).unwrap()
    }

    fn scan() -> Scan {
        Scan::new("s1".into(), t(0), &framework(), None, Subject::default())
    }

    fn st() -> RaterId {
        RaterId::primary(RaterRole::Subject)
    }

    fn sup() -> RaterId {
        RaterId::primary(RaterRole::Supervisor)
    }

    #[test]
    fn raters_never_touch_each_others_values() {
        let (f, mut s) = (framework(), scan());
        s.rate(&st(), "1.1-1", Some(60), &f, t(1)).unwrap();
        s.rate(&sup(), "1.1-1", Some(80), &f, t(2)).unwrap();
        assert_eq!(s.value(&st(), "1.1-1"), Some(60));
        assert_eq!(s.value(&sup(), "1.1-1"), Some(80));
        s.rate(&st(), "1.1-1", None, &f, t(3)).unwrap();
        assert_eq!(s.value(&st(), "1.1-1"), None);
        assert_eq!(s.value(&sup(), "1.1-1"), Some(80));
        assert_eq!(s.rating(&sup(), "1.1-1").unwrap().at, t(2));
        assert_eq!(s.updated, t(3));
    }

    #[test]
    fn a_changed_supervisor_value_loses_its_paraaf() {
        let (f, mut s) = (framework(), scan());
        assert!(
            !s.paraaf(&sup(), "a", "JdV", Date::parse("2026-11-22").unwrap(), t(9)),
            "nothing to vouch for"
        );
        s.rate(&sup(), "a", Some(70), &f, t(1)).unwrap();
        assert!(s.paraaf(&sup(), "a", "JdV", Date::parse("2026-11-22").unwrap(), t(2)));
        s.rate(&st(), "a", Some(40), &f, t(3)).unwrap();
        assert!(
            s.rater(&sup()).unwrap().paraafs.contains_key("a"),
            "the student's rating does not touch the paraaf"
        );
        s.rate(&sup(), "a", Some(70), &f, t(4)).unwrap();
        assert!(
            s.rater(&sup()).unwrap().paraafs.contains_key("a"),
            "same value: paraaf stays"
        );
        s.rate(&sup(), "a", Some(75), &f, t(5)).unwrap();
        assert!(!s.rater(&sup()).unwrap().paraafs.contains_key("a"));
    }

    #[test]
    fn comments_keep_the_value_and_empty_entries_vanish() {
        let (f, mut s) = (framework(), scan());
        s.comment(&st(), "a", "lastig", &f, t(1)).unwrap();
        assert_eq!(s.value(&st(), "a"), None);
        s.rate(&st(), "a", Some(50), &f, t(2)).unwrap();
        assert_eq!(s.rating(&st(), "a").unwrap().comment, "lastig");
        s.rate(&st(), "a", None, &f, t(3)).unwrap();
        s.comment(&st(), "a", "", &f, t(4)).unwrap();
        assert!(s.rating(&st(), "a").is_none());
    }

    #[test]
    fn history_says_who_worked_when() {
        let (f, mut s) = (framework(), scan());
        s.rate(&st(), "a", Some(50), &f, ts("2026-11-20T09:00:00.000Z"))
            .unwrap();
        s.rate(&st(), "b", Some(60), &f, ts("2026-11-20T09:05:00.000Z"))
            .unwrap();
        s.rate(&sup(), "a", Some(70), &f, ts("2026-11-21T14:00:00.000Z"))
            .unwrap();
        s.comment(&st(), "a", "ok", &f, ts("2026-11-22T08:00:00.000Z"))
            .unwrap();
        let h: Vec<_> = s
            .history
            .iter()
            .map(|c| {
                (
                    c.rater.clone(),
                    c.from.to_string(),
                    c.to.to_string(),
                    c.edits,
                )
            })
            .collect();
        assert_eq!(
            h,
            [
                (
                    st(),
                    "2026-11-20T09:00:00.000Z".to_string(),
                    "2026-11-20T09:05:00.000Z".to_string(),
                    2
                ),
                (
                    sup(),
                    "2026-11-21T14:00:00.000Z".to_string(),
                    "2026-11-21T14:00:00.000Z".to_string(),
                    1
                ),
                (
                    st(),
                    "2026-11-22T08:00:00.000Z".to_string(),
                    "2026-11-22T08:00:00.000Z".to_string(),
                    1
                ),
            ]
        );
    }

    #[test]
    fn values_off_the_scale_and_unknown_raters_are_refused() {
        let (f, mut s) = (framework(), scan());
        let off = s
            .rate(&st(), "a", Some(f.scale.max + 1), &f, t(1))
            .unwrap_err();
        assert_eq!(
            off.text(crate::i18n::Lang::En),
            "101 lies outside the scale 0–100"
        );
        assert_eq!(s.value(&st(), "a"), None, "nothing stored");
        let peer = RaterId::parse("peer-1").unwrap();
        assert!(s.rate(&peer, "a", Some(50), &f, t(2)).is_err());
        let refused = s
            .add_rater(&f, RaterRole::Colleague, peer.clone(), "", "", t(3))
            .unwrap_err();
        assert_eq!(
            refused.text(crate::i18n::Lang::Nl),
            "de rol Collega hoort niet bij dit kader"
        );
        let mut open = f.clone();
        open.extra_roles = vec![RaterRole::Colleague];
        s.add_rater(&open, RaterRole::Colleague, peer.clone(), "", "", t(3))
            .unwrap();
        assert!(
            s.add_rater(&open, RaterRole::Colleague, peer.clone(), "", "", t(4))
                .is_err(),
            "an id is used once"
        );
        s.rate(&peer, "a", Some(50), &open, t(5)).unwrap();
        assert_eq!(s.value(&peer, "a"), Some(50));
        assert!(
            !s.paraaf(&peer, "a", "P", Date::parse("2026-11-22").unwrap(), t(6)),
            "only a supervisor initials"
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
