//! Two copies of one scan made one, and what a file adds to the copy on this device: the one
//! definition both *Bestand openen* and the coach's class use.
//!
//! A merge is a join: it is commutative, associative and idempotent, so devices that exchange
//! files in any order, stale and repeated ones included, end with equal scans once each has
//! seen every other's last file (`tests/convergence.rs`). Every field has its rule:
//!
//! | field | rule |
//! |---|---|
//! | a rater's row (value, comment and paraaf of one item) | the later row by its `at` wins whole; a cleared row keeps its time, so it beats an older value |
//! | `finished` / `reopened` | the latest of each; the column is finished when its latest finish is after its latest reopening |
//! | `name`, `function` | the pair set later (`described`) |
//! | `signature` | kept only when the merged column is exactly a copy that carries it |
//! | plan goals | the later `updated` per goal; a goal removed after its last change stays removed |
//! | `history` | one stretch per rater and start, the longest |
//! | `anonymous` (totals of anonymous answers) | every pool no other pool covers ([`anonymous::join`]) |
//! | `created` / `updated` | the earliest / the latest |
//! | subject, variant, framework, request | equal in copies of one scan; where not, the same copy wins on every device |
//!
//! Equal times are decided by content, so no rule depends on which copy came first.

use std::collections::BTreeMap;

use super::anonymous;
use super::plan;
use super::rater::{Rater, RaterId, RaterRole};
use super::scan::{Change, Paraaf, Rating, RemovedGoal, Scan};
use super::sort::sort_by;
use super::time::Timestamp;

/// A row both copies had, with different content: which one the merge kept, and which it set
/// aside (a cleared row shows as no value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub rater: RaterId,
    /// For display.
    pub role: RaterRole,
    pub item: String,
    pub kept: Rating,
    pub dropped: Rating,
}

/// Merges two copies of one scan by the rules above; the rows one copy replaced in the other
/// come back as conflicts, never dropped silently.
pub fn merge(a: &Scan, b: &Scan) -> (Scan, Vec<Conflict>) {
    let mut conflicts = Vec::new();
    let (first, second) = if whole_key(b) > whole_key(a) {
        (b, a)
    } else {
        (a, b)
    };
    let mut raters: BTreeMap<&RaterId, Rater> = BTreeMap::new();
    for r in first.raters.iter().chain(&second.raters) {
        let joined = match raters.get(&r.id) {
            Some(known) => join_rater(known, r, &mut conflicts),
            None => r.clone(),
        };
        raters.insert(&r.id, joined);
    }
    let removed_goals = join_removed(&a.removed_goals, &b.removed_goals);
    let mut merged = Scan {
        id: first.id.clone(),
        created: a.created.min(b.created),
        updated: a.updated.max(b.updated),
        framework: first.framework.clone(),
        variant: first.variant.clone(),
        subject: first.subject.clone(),
        raters: raters.into_values().collect(),
        anonymous: anonymous::join(&a.anonymous, &b.anonymous),
        history: join_history(&a.history, &b.history),
        plan: plan::merge(&a.plan, &b.plan, &removed_goals),
        removed_goals,
        request: first.request.clone(),
    };
    merged.order_raters();
    sort_by(&mut conflicts, |x, y| {
        (&x.rater, &x.item).cmp(&(&y.rater, &y.item))
    });
    (merged, conflicts)
}

/// What decides the fields two copies of a scan should not differ in (subject, variant,
/// framework, request): compared as their JSON, so the same copy wins on every device.
fn whole_key(s: &Scan) -> String {
    serde_json::to_string(&(&s.subject, &s.variant, &s.framework, &s.request, &s.id))
        .unwrap_or_default()
}

/// One rater's two copies joined by the rules of the module; `conflicts` gets the rows whose
/// content differed.
pub(crate) fn join_rater(x: &Rater, y: &Rater, conflicts: &mut Vec<Conflict>) -> Rater {
    let described = |r: &Rater| (r.described, r.name.clone(), r.function.clone());
    let named = if described(y) > described(x) { y } else { x };
    let mut out = Rater {
        id: x.id.clone(),
        role: x.role.max(y.role),
        name: named.name.clone(),
        function: named.function.clone(),
        described: x.described.max(y.described),
        batch: x.batch.clone().max(y.batch.clone()),
        ratings: BTreeMap::new(),
        finished: None,
        reopened: x.reopened.max(y.reopened),
        paraafs: BTreeMap::new(),
        signature: None,
    };
    let codes: std::collections::BTreeSet<&String> =
        x.ratings.keys().chain(y.ratings.keys()).collect();
    for code in codes {
        let (winner, loser) = match (row(x, code), row(y, code)) {
            (Some(p), Some(q)) if row_key(q) > row_key(p) => (q, Some(p)),
            (Some(p), q) => (p, q),
            (None, Some(q)) => (q, None),
            (None, None) => continue,
        };
        if let Some((dropped, _)) = loser {
            let content = |r: &Rating| (r.value, r.comment.clone());
            if content(winner.0) != content(dropped) {
                conflicts.push(Conflict {
                    rater: out.id.clone(),
                    role: out.role,
                    item: code.clone(),
                    kept: winner.0.clone(),
                    dropped: dropped.clone(),
                });
            }
        }
        out.ratings.insert(code.clone(), winner.0.clone());
        if let Some(paraaf) = winner.1 {
            out.paraafs.insert(code.clone(), paraaf.clone());
        }
    }
    out.finished = x
        .finished
        .max(y.finished)
        .filter(|f| out.reopened.is_none_or(|r| *f > r));
    // A copy's signature holds for the merged column only where the column is that copy,
    // every row's time included: then every merge on the way kept it too.
    out.signature = [x, y]
        .into_iter()
        .filter(|copy| same_column(copy, &out))
        .filter_map(|copy| copy.signature.as_ref())
        .max_by_key(|s| s.to_value().to_string())
        .cloned();
    out
}

/// Equal in everything but the signature.
fn same_column(a: &Rater, b: &Rater) -> bool {
    a.id == b.id
        && a.role == b.role
        && a.name == b.name
        && a.function == b.function
        && a.described == b.described
        && a.ratings == b.ratings
        && a.finished == b.finished
        && a.reopened == b.reopened
        && a.batch == b.batch
        && a.paraafs == b.paraafs
}

/// The order of a row's copies: the later change first; equal times by content, a row with a
/// paraaf before one without (a paraaf given by an app version that did not stamp the row).
type RowKey<'a> = (
    Timestamp,
    Option<(crate::time::Date, &'a str, u32)>,
    Option<u32>,
    &'a str,
);

fn row_key<'a>((rating, paraaf): (&'a Rating, Option<&'a Paraaf>)) -> RowKey<'a> {
    (
        rating.at,
        paraaf.map(|p| (p.date, p.initials.as_str(), p.value)),
        rating.value,
        rating.comment.as_str(),
    )
}

/// An item's row of one column: its rating and paraaf.
fn row<'a>(r: &'a Rater, code: &str) -> Option<(&'a Rating, Option<&'a Paraaf>)> {
    r.ratings
        .get(code)
        .map(|rating| (rating, r.paraafs.get(code)))
}

/// One stretch per (rater, start): the copy that reaches furthest.
fn join_history(a: &[Change], b: &[Change]) -> Vec<Change> {
    let mut by_start: BTreeMap<(Timestamp, &RaterId), &Change> = BTreeMap::new();
    for c in a.iter().chain(b) {
        let key = (c.from, &c.rater);
        let further = by_start
            .get(&key)
            .is_none_or(|kept| (c.to, c.edits) > (kept.to, kept.edits));
        if further {
            by_start.insert(key, c);
        }
    }
    by_start.into_values().cloned().collect()
}

/// Per goal id the latest removal.
fn join_removed(a: &[RemovedGoal], b: &[RemovedGoal]) -> Vec<RemovedGoal> {
    let mut by_id: BTreeMap<&str, Timestamp> = BTreeMap::new();
    for r in a.iter().chain(b) {
        let at = by_id.entry(&r.id).or_insert(r.at);
        *at = (*at).max(r.at);
    }
    by_id
        .into_iter()
        .map(|(id, at)| RemovedGoal {
            id: id.to_string(),
            at,
        })
        .collect()
}

/// What a file's copy of a scan means for the copy on this device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Comparison {
    /// The file holds exactly this device's scan ("zonder verschillen").
    Same,
    /// Everything in the file is here already, and this device has more (the file is older).
    NothingNew,
    /// Merging would change this device's scan: what, per rater and for the plan.
    Adds(Additions),
}

/// What merging a file would change here.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Additions {
    /// Per rater whose column would change, in the scan's order.
    pub raters: Vec<RaterAdditions>,
    /// Goals the file adds, changes or removes.
    pub goals: usize,
    /// The file's copy wins a field the copies should share (subject, variant, framework).
    pub details: bool,
    /// Rows this device holds that the file's later rows would replace.
    pub conflicts: Vec<Conflict>,
    /// Roles whose anonymous answers would count otherwise, with how many would count.
    pub anonymous: Vec<(RaterRole, usize)>,
}

/// What merging a file would change in one rater's column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RaterAdditions {
    pub rater: RaterId,
    pub role: RaterRole,
    /// The column is not on this device yet.
    pub new: bool,
    /// Items whose value or comment would change (a cleared one included).
    pub rows: usize,
    /// Paraafs that would be there and are not, or differ.
    pub paraafs: usize,
    /// The column would become finished (afgerond) or finished at another time.
    pub finished: bool,
    /// The column would be reopened.
    pub reopened: bool,
    /// The column would carry a signature it does not carry here.
    pub signed: bool,
    /// Name or function would change.
    pub described: bool,
}

/// Compares a file's copy with this device's copy of the same scan through [`merge`]: what it
/// adds is exactly what merging would change.
pub fn compare(here: &Scan, file: &Scan) -> Comparison {
    let ordered = |s: &Scan| {
        let mut s = s.clone();
        s.order_raters();
        s
    };
    let (here, file) = (ordered(here), ordered(file));
    if here == file {
        return Comparison::Same;
    }
    let (merged, conflicts) = merge(&here, &file);
    if merged == here {
        return Comparison::NothingNew;
    }
    let raters = merged
        .raters
        .iter()
        .filter_map(|m| column_additions(here.rater(&m.id), m))
        .collect();
    let changed_goals = merged
        .plan
        .iter()
        .filter(|g| !here.plan.contains(g))
        .count();
    let removed_goals = here
        .plan
        .iter()
        .filter(|g| !merged.plan.iter().any(|m| m.id == g.id))
        .count();
    // Conflicts where this device's row lost: what the merge would replace here.
    let conflicts = conflicts
        .into_iter()
        .filter(|c| here.rater(&c.rater).and_then(|r| r.ratings.get(&c.item)) == Some(&c.dropped))
        .collect();
    Comparison::Adds(Additions {
        raters,
        goals: changed_goals + removed_goals,
        details: (&merged.subject, &merged.variant, &merged.framework)
            != (&here.subject, &here.variant, &here.framework),
        conflicts,
        anonymous: RaterRole::ALL
            .into_iter()
            .filter_map(|role| {
                let after = anonymous::shown(&merged.anonymous, role).0;
                (after != anonymous::shown(&here.anonymous, role).0)
                    .then(|| (role, anonymous::answers_counted(&merged.anonymous, role)))
            })
            .collect(),
    })
}

fn column_additions(here: Option<&Rater>, merged: &Rater) -> Option<RaterAdditions> {
    let Some(here) = here else {
        return Some(RaterAdditions {
            rater: merged.id.clone(),
            role: merged.role,
            new: true,
            rows: merged.live_ratings().count(),
            paraafs: merged.paraafs.len(),
            finished: merged.finished.is_some(),
            reopened: false,
            signed: merged.signature.is_some(),
            described: !merged.name.is_empty(),
        });
    };
    if here == merged {
        return None;
    }
    fn content(r: Option<&Rating>) -> Option<(Option<u32>, &str)> {
        r.filter(|r| !r.is_cleared())
            .map(|r| (r.value, r.comment.as_str()))
    }
    let rows = merged
        .ratings
        .iter()
        .filter(|(code, r)| content(Some(r)) != content(here.ratings.get(*code)))
        .count();
    let paraafs = merged
        .paraafs
        .iter()
        .filter(|(code, p)| here.paraafs.get(*code) != Some(p))
        .count();
    Some(RaterAdditions {
        rater: merged.id.clone(),
        role: merged.role,
        new: false,
        rows,
        paraafs,
        finished: merged.finished.is_some() && merged.finished != here.finished,
        reopened: merged.finished.is_none() && here.finished.is_some(),
        signed: merged.signature.is_some() && merged.signature != here.signature,
        described: (&merged.name, &merged.function) != (&here.name, &here.function),
    })
}
