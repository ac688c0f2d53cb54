//! Anonymous 360° answers, kept only as totals. A file from someone who answered without a
//! name (an anonymous request's batch, or no name typed) never becomes a column on the
//! person's device: answers are read in together, at least the framework's minimum at a time
//! ([`super::framework::Framework::anonymous_minimum`]), into a [`Pool`] holding per item how many gave a value
//! and their sum. So nothing the device stores or shows tells one anonymous answer: any two
//! states of a role's answers differ by at least the minimum number of answers, or by a newer
//! version of answers already counted (which changes the totals, never says whose).
//!
//! The rules:
//! - a set of files read together is taken in only when it adds at least the minimum of new
//!   answers, or only newer versions of answers counted here;
//! - a pool the set touches must be in it whole (its files read again with the new one), since
//!   totals cannot give back one answer to replace: the set's new pool replaces it;
//! - an item fewer than the minimum gave a value keeps its count but not its sum;
//! - comments are kept per item in sorted order, so their order says nothing of who wrote them;
//! - two devices' pools merge as a join: every pool that no other pool covers (same answers or
//!   more, each as new or newer) is kept. Where two devices read overlapping answers apart,
//!   [`shown`] counts a disjoint choice of them, the same on every device, and says so.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::i18n::k;
use super::problem::Problem;
use super::rater::{Rater, RaterId, RaterRole};
use super::sort::sort_by;
use super::time::Timestamp;

/// One answer counted in a pool: when it was last changed (a newer file of it is a newer
/// version) and the batch it answers, so the person sees how many of a batch answered.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Counted {
    pub at: Timestamp,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub batch: Option<String>,
}

/// How many gave an item a value, and their sum where at least the minimum did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Tally {
    pub count: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sum: Option<u64>,
}

/// Anonymous answers of one role read in together (anoniem samengevoegd).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Pool {
    pub role: RaterRole,
    /// Each answer's column id, made by the answering device and linked to nobody.
    pub answers: BTreeMap<RaterId, Counted>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub items: BTreeMap<String, Tally>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub comments: BTreeMap<String, Vec<String>>,
}

impl Pool {
    /// The pool of these columns; an item's sum only where at least `minimum` gave a value.
    pub fn of(role: RaterRole, columns: &[&Rater], minimum: usize) -> Pool {
        let mut items: BTreeMap<String, Tally> = BTreeMap::new();
        let mut comments: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for column in columns {
            for (code, rating) in column.live_ratings() {
                if let Some(v) = rating.value {
                    let tally = items.entry(code.clone()).or_insert(Tally {
                        count: 0,
                        sum: Some(0),
                    });
                    tally.count += 1;
                    tally.sum = tally.sum.map(|s| s + u64::from(v));
                }
                if !rating.comment.trim().is_empty() {
                    comments
                        .entry(code.clone())
                        .or_default()
                        .push(rating.comment.clone());
                }
            }
        }
        for tally in items.values_mut() {
            if (tally.count as usize) < minimum {
                tally.sum = None;
            }
        }
        for list in comments.values_mut() {
            sort_by(list, Ord::cmp);
        }
        Pool {
            role,
            answers: columns
                .iter()
                .map(|c| {
                    let counted = Counted {
                        at: last_change(c),
                        batch: c.batch.clone(),
                    };
                    (c.id.clone(), counted)
                })
                .collect(),
            items,
            comments,
        }
    }

    /// Whether `other` holds every answer of this pool, each as new or newer, and is not this
    /// pool (equal answers are decided by content, so the order is the same on every device).
    fn covered_by(&self, other: &Pool) -> bool {
        self.role == other.role
            && self != other
            && self
                .answers
                .iter()
                .all(|(id, c)| other.answers.get(id).is_some_and(|o| o.at >= c.at))
            && (self.answers != other.answers || self < other)
    }

    /// How many gave the item a value and their sum, where the pool keeps the sum.
    pub fn total(&self, item: &str) -> Option<(usize, u64)> {
        let t = self.items.get(item)?;
        Some((t.count as usize, t.sum?))
    }
}

/// A column that is an anonymous answer: a 360° respondent's (not a role's primary rater)
/// without a name. One who typed a name in answer to an anonymous request chose to be seen. A
/// primary rater without a name (a BPV-begeleider who did not type it) is no anonymous peer.
pub fn is_anonymous(rater: &Rater) -> bool {
    rater.id.primary_role().is_none() && rater.name.trim().is_empty()
}

/// When the answer was last changed: its latest row or its sending (afronden).
fn last_change(r: &Rater) -> Timestamp {
    r.ratings
        .values()
        .map(|x| x.at)
        .chain(r.finished)
        .chain(r.described)
        .max()
        .unwrap_or(Timestamp::from_millis(0.0))
}

/// Two devices' pools as one: every pool no other covers, in one order.
pub fn join(a: &[Pool], b: &[Pool]) -> Vec<Pool> {
    let all: Vec<&Pool> = a.iter().chain(b).collect();
    let mut out: Vec<Pool> = Vec::new();
    for p in &all {
        if !all.iter().any(|q| p.covered_by(q)) && !out.contains(p) {
            out.push((*p).clone());
        }
    }
    sort_by(&mut out, Ord::cmp);
    out
}

/// The pools a role's figures count: disjoint, largest first, the same choice on every
/// device; and whether some were left out (two devices read overlapping answers apart).
pub fn shown(pools: &[Pool], role: RaterRole) -> (Vec<&Pool>, bool) {
    let mut of_role: Vec<&Pool> = pools.iter().filter(|p| p.role == role).collect();
    sort_by(&mut of_role, |x, y| {
        (y.answers.len(), y).cmp(&(x.answers.len(), x))
    });
    let mut taken: Vec<&Pool> = Vec::new();
    let mut left_out = false;
    for p in of_role {
        if taken
            .iter()
            .any(|t| t.answers.keys().any(|id| p.answers.contains_key(id)))
        {
            left_out = true;
        } else {
            taken.push(p);
        }
    }
    (taken, left_out)
}

/// How many anonymous answers of `role` the figures count (those of [`shown`]).
pub fn answers_counted(pools: &[Pool], role: RaterRole) -> usize {
    shown(pools, role).0.iter().map(|p| p.answers.len()).sum()
}

/// How many anonymous answers of `batch` are counted here (never which).
pub fn answered_in_batch(pools: &[Pool], batch: &str) -> usize {
    RaterRole::ALL
        .into_iter()
        .flat_map(|role| shown(pools, role).0)
        .flat_map(|p| p.answers.values())
        .filter(|c| c.batch.as_deref() == Some(batch))
        .count()
}

/// What reading a set of anonymous answers did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Taken {
    /// Counted: `added` answers new here, `renewed` newer versions of counted ones; the role's
    /// pool now holds `total`.
    Counted {
        role: RaterRole,
        added: usize,
        renewed: usize,
        total: usize,
    },
    /// Every answer is counted here already, as this version or a newer one.
    AlreadyCounted { role: RaterRole, count: usize },
}

/// Takes in anonymous answers of one role read together (columns checked against the scan's
/// framework by the caller) into `pools`, by the rules of the module: the pools after, and what
/// changed. Refused, with nothing kept, when the set adds fewer than `minimum` new answers,
/// holds a pool here only in part, or holds an older version of a counted answer.
pub fn take_in(
    pools: &[Pool],
    minimum: usize,
    role: RaterRole,
    answers: &[Rater],
) -> Result<(Vec<Pool>, Taken), Problem> {
    // The same answer twice in one set (a file sent twice): its newest version.
    let mut latest: BTreeMap<&RaterId, &Rater> = BTreeMap::new();
    for a in answers {
        let newer = latest
            .get(&a.id)
            .is_none_or(|b| (last_change(a), json(a)) > (last_change(b), json(b)));
        if newer {
            latest.insert(&a.id, a);
        }
    }
    let ids: BTreeSet<&RaterId> = latest.keys().copied().collect();
    let touched: Vec<&Pool> = pools
        .iter()
        .filter(|p| p.role == role && p.answers.keys().any(|id| ids.contains(id)))
        .collect();
    let counted: BTreeMap<&RaterId, &Counted> =
        touched.iter().flat_map(|p| p.answers.iter()).collect();
    let missing = counted.keys().filter(|id| !ids.contains(*id)).count();
    if missing > 0 {
        return Err(Problem::new(None, k::feedback::ANONYMOUS_PART)
            .with("count", counted.len().to_string())
            .with("missing", missing.to_string()));
    }
    let mut renewed = 0;
    for (id, c) in &counted {
        let at = last_change(latest[id]);
        if at < c.at {
            return Err(Problem::new(None, k::feedback::ANONYMOUS_OLDER));
        }
        renewed += usize::from(at > c.at);
    }
    let added = ids.len() - counted.len();
    if added == 0 && renewed == 0 {
        let count = ids.len();
        return Ok((pools.to_vec(), Taken::AlreadyCounted { role, count }));
    }
    // Pools two devices read apart share answers: one pool for them all would give back the
    // shared ones (both totals minus the new one), unless enough new answers hide them.
    let overlapping = touched.iter().map(|p| p.answers.len()).sum::<usize>() > counted.len();
    if (added > 0 || overlapping) && added < minimum {
        return Err(Problem::new(None, k::feedback::ANONYMOUS_TOO_FEW)
            .with("count", added.to_string())
            .with("needed", minimum.to_string()));
    }
    let columns: Vec<&Rater> = latest.into_values().collect();
    let rest: Vec<Pool> = pools
        .iter()
        .filter(|p| !touched.contains(p))
        .cloned()
        .collect();
    let out = join(&rest, &[Pool::of(role, &columns, minimum)]);
    let total = answers_counted(&out, role);
    let taken = Taken::Counted {
        role,
        added,
        renewed,
        total,
    };
    Ok((out, taken))
}

/// Equal times decided by content, so the choice is the same on every device.
fn json(r: &Rater) -> String {
    serde_json::to_string(r).unwrap_or_default()
}

/// Anonymous columns (stored or sent by an app from before pools) folded into one pool per
/// role: the columns left, the pools after and the folded columns' ids. Sums below `minimum`
/// are not kept.
pub(crate) fn fold(
    raters: Vec<Rater>,
    pools: &[Pool],
    minimum: usize,
) -> (Vec<Rater>, Vec<Pool>, Vec<RaterId>) {
    let (anonymous, named): (Vec<Rater>, Vec<Rater>) = raters.into_iter().partition(is_anonymous);
    let mut out = pools.to_vec();
    for role in RaterRole::ALL {
        let columns: Vec<&Rater> = anonymous.iter().filter(|r| r.role == role).collect();
        if !columns.is_empty() {
            out = join(&out, &[Pool::of(role, &columns, minimum)]);
        }
    }
    (named, out, anonymous.into_iter().map(|r| r.id).collect())
}

pub(crate) mod read {
    use std::collections::BTreeMap;

    use serde_json::Value;

    use super::super::i18n::k;
    use super::super::json::{list, map, string, u32, u64, Object, Read, ReadError};
    use super::super::rater::read::role;
    use super::super::rater::RaterId;
    use super::super::time::read::timestamp;
    use super::{Counted, Pool, Tally};

    pub(crate) fn pools(v: Value) -> Read<Vec<Pool>> {
        list(v, pool)
    }

    fn pool(v: Value) -> Read<Pool> {
        let mut o = Object::read(v)?;
        let role = o.field("role", role)?;
        let answers = o.field("answers", |v| map(v, counted))?;
        let answers = answers
            .into_iter()
            .map(|(id, c)| match RaterId::parse(&id) {
                Some(id) => Ok((id, c)),
                None => Err(ReadError::new(k::import::BAD_ID).with("max", "100")),
            })
            .collect::<Read<BTreeMap<_, _>>>()?;
        Ok(Pool {
            role,
            answers,
            items: o.or("items", |v| map(v, tally), BTreeMap::new())?,
            comments: o.or("comments", |v| map(v, |v| list(v, string)), BTreeMap::new())?,
        })
    }

    fn counted(v: Value) -> Read<Counted> {
        let mut o = Object::read(v)?;
        Ok(Counted {
            at: o.field("at", timestamp)?,
            batch: o.optional("batch", string)?,
        })
    }

    fn tally(v: Value) -> Read<Tally> {
        let mut o = Object::read(v)?;
        Ok(Tally {
            count: o.field("count", u32)?,
            sum: o.optional("sum", u64)?,
        })
    }
}
