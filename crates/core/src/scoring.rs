//! Scores: derived from a scan and its framework whenever needed, never stored.
//!
//! - The **decisive rating** of an item is that of the primary rater of the framework's decisive
//!   role (`Framework::decisive_role`: for the Quick Scan the BPV-begeleider, who on the paper
//!   form judges after the student) where present, otherwise the person's own; which one is
//!   recorded.
//! - 360°: per role the mean of its raters (`role_means`), and self against everyone else
//!   (`self_vs_others`) for blind spots and hidden strengths.
//! - Means count rated items only: an unrated item never counts as 0. Coverage says how many.
//! - Reflection frameworks get no bands: only their highest and lowest rated items.

use super::anonymous::{self, is_anonymous, Pool};
use super::framework::{Framework, Item, Node};
use super::i18n::{fill, k, text, Lang};
use super::rater::{Rater, RaterId, RaterRole};
use super::scan::Scan;
use super::sort::sort_by;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decisive {
    pub value: u32,
    pub by: RaterRole,
}

#[derive(Debug, Clone, Copy)]
pub struct ItemScore<'f> {
    pub item: &'f Item,
    pub group: &'f Node,
    /// The primary rater of the person assessed (the St % column).
    pub student: Option<u32>,
    /// The primary BPV-begeleider (the BPV % column).
    pub supervisor: Option<u32>,
    pub decisive: Option<Decisive>,
    /// Index into `framework.bands` of the decisive value's band (assessment frameworks only).
    pub band: Option<usize>,
}

/// A mean over the rated items, with how many of how many were rated.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mean {
    pub value: Option<f64>,
    pub rated: usize,
    pub total: usize,
}

impl Mean {
    fn of(values: impl Iterator<Item = Option<u32>>) -> Mean {
        let (mut sum, mut rated, mut total) = (0u64, 0usize, 0usize);
        for v in values {
            total += 1;
            if let Some(v) = v {
                sum += u64::from(v);
                rated += 1;
            }
        }
        let value = (rated > 0).then(|| sum as f64 / rated as f64);
        Mean {
            value,
            rated,
            total,
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct GroupScore<'f> {
    pub node: &'f Node,
    pub student: Mean,
    pub supervisor: Mean,
    pub decisive: Mean,
}

/// The means over the whole scan.
#[derive(Debug, Clone, Copy)]
pub struct Overall {
    pub student: Mean,
    pub supervisor: Mean,
    pub decisive: Mean,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DifferenceKind {
    /// The student rates higher than the supervisor: "je schat jezelf hoger in".
    BlindSpot,
    /// The supervisor sees more: "je begeleider ziet meer dan jij".
    HiddenStrength,
}

#[derive(Debug, Clone, Copy)]
pub struct Difference<'f> {
    pub item: &'f Item,
    pub student: u32,
    pub supervisor: u32,
    pub kind: DifferenceKind,
}

#[derive(Debug, Clone)]
pub struct Scores<'f> {
    pub items: Vec<ItemScore<'f>>,
    pub groups: Vec<GroupScore<'f>>,
    pub overall: Overall,
    /// Speerpunten: indices into `items`, worst band first, then lowest value.
    pub focus: Vec<usize>,
    /// Sterke punten: assessment: items in a band that is no focus; reflection: the highest rated.
    pub strengths: Vec<usize>,
    /// Uitdagingen (reflection only): the lowest rated items.
    pub challenges: Vec<usize>,
    pub differences: Vec<Difference<'f>>,
}

/// How many strengths and challenges a reflection framework shows.
pub const REFLECTION_PICKS: usize = 3;

pub fn score<'f>(f: &'f Framework, scan: &Scan) -> Scores<'f> {
    let variant = scan.variant.as_deref();
    let band_index = |v: u32| f.band_index(f64::from(v));
    let mut items = Vec::new();
    let mut groups = Vec::new();
    for g in f.groups(variant) {
        let start = items.len();
        for item in g
            .node
            .items
            .iter()
            .filter(|i| super::framework::in_variant(&i.variants, variant))
        {
            let of = |role| scan.value(&RaterId::primary(role), &item.code);
            let student = of(RaterRole::Subject);
            let supervisor = of(RaterRole::Supervisor);
            let decisive = [f.decisive_role(), RaterRole::Subject]
                .into_iter()
                .find_map(|by| of(by).map(|value| Decisive { value, by }));
            let band = decisive.and_then(|d| band_index(d.value));
            items.push(ItemScore {
                item,
                group: g.node,
                student,
                supervisor,
                decisive,
                band,
            });
        }
        groups.push(group_score(g.node, &items[start..]));
    }
    let overall = Overall {
        student: Mean::of(items.iter().map(|s| s.student)),
        supervisor: Mean::of(items.iter().map(|s| s.supervisor)),
        decisive: Mean::of(items.iter().map(|s| s.decisive.map(|d| d.value))),
    };

    let mut focus: Vec<usize> = (0..items.len())
        .filter(|&i| items[i].band.is_some_and(|b| f.bands[b].focus))
        .collect();
    sort_by(&mut focus, |&a, &b| {
        let key = |i: usize| (items[i].band, items[i].decisive.map(|d| d.value), i);
        key(a).cmp(&key(b))
    });

    let (strengths, challenges) = if f.has_verdicts() {
        let mut s: Vec<usize> = (0..items.len())
            .filter(|&i| items[i].band.is_some_and(|b| !f.bands[b].focus))
            .collect();
        sort_by(&mut s, |&a, &b| {
            let key = |i: usize| (std::cmp::Reverse(items[i].decisive.map(|d| d.value)), i);
            key(a).cmp(&key(b))
        });
        (s, Vec::new())
    } else {
        reflection_picks(&items)
    };

    let threshold = f.difference_threshold;
    let differences = items
        .iter()
        .filter_map(|s| match (s.student, s.supervisor) {
            (Some(st), Some(sup)) if st.abs_diff(sup) >= threshold => Some(Difference {
                item: s.item,
                student: st,
                supervisor: sup,
                kind: if st > sup {
                    DifferenceKind::BlindSpot
                } else {
                    DifferenceKind::HiddenStrength
                },
            }),
            _ => None,
        })
        .collect();

    Scores {
        items,
        groups,
        overall,
        focus,
        strengths,
        challenges,
        differences,
    }
}

fn group_score<'f>(node: &'f Node, items: &[ItemScore<'f>]) -> GroupScore<'f> {
    GroupScore {
        node,
        student: Mean::of(items.iter().map(|s| s.student)),
        supervisor: Mean::of(items.iter().map(|s| s.supervisor)),
        decisive: Mean::of(items.iter().map(|s| s.decisive.map(|d| d.value))),
    }
}

/// The highest and lowest rated items. When every rated item has the same value there is no
/// strength or challenge to point at, so both lists stay empty.
fn reflection_picks(items: &[ItemScore]) -> (Vec<usize>, Vec<usize>) {
    let mut rated: Vec<(u32, usize)> = items
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.decisive.map(|d| (d.value, i)))
        .collect();
    let (Some(min), Some(max)) = (
        rated.iter().map(|r| r.0).min(),
        rated.iter().map(|r| r.0).max(),
    ) else {
        return (Vec::new(), Vec::new());
    };
    if min == max {
        return (Vec::new(), Vec::new());
    }
    sort_by(&mut rated, |a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let strengths: Vec<usize> = rated
        .iter()
        .filter(|(v, _)| *v > min)
        .take(REFLECTION_PICKS)
        .map(|&(_, i)| i)
        .collect();
    sort_by(&mut rated, |a, b| a.cmp(b));
    let challenges: Vec<usize> = rated
        .iter()
        .filter(|(v, i)| *v < max && !strengths.contains(i))
        .take(REFLECTION_PICKS)
        .map(|&(_, i)| i)
        .collect();
    (strengths, challenges)
}

/// The studieadvies, assembled from the bands (Quick Scan: < 55 must improve, 55–75 work on it
/// during the study, > 75 no focus point). One sentence per band that has items.
pub fn study_advice(f: &Framework, scores: &Scores, lang: Lang) -> Vec<String> {
    if !f.has_verdicts() {
        return Vec::new();
    }
    let rated = scores.items.iter().filter(|s| s.decisive.is_some()).count();
    if rated == 0 {
        return vec![text(lang, k::scoring::NOTHING_RATED).into()];
    }
    f.bands
        .iter()
        .enumerate()
        .filter_map(|(b, band)| {
            let n = scores.items.iter().filter(|s| s.band == Some(b)).count();
            (n > 0).then(|| {
                let what = if n == 1 {
                    text(lang, k::scoring::ONE_ITEM).to_string()
                } else {
                    fill(text(lang, k::scoring::N_ITEMS), &[("n", &n.to_string())])
                };
                fill(
                    text(lang, k::scoring::ADVICE),
                    &[
                        ("what", &what),
                        ("label", &band.label),
                        ("range", &range_text(f, b, lang)),
                        ("advice", &band.advice),
                    ],
                )
            })
        })
        .collect()
}

/// The band's range in words, e.g. "< 55 %", "55–75 %", "> 75 %".
pub fn range_text(f: &Framework, b: usize, lang: Lang) -> String {
    let unit = &f.scale.unit;
    let Some(band) = f.bands.get(b) else {
        return String::new();
    };
    // The lower bound is where the previous band ends: after `below` inclusive, after `upTo` not.
    let lower = b
        .checked_sub(1)
        .map(|p| &f.bands[p])
        .and_then(|p| match (p.below, p.up_to) {
            (Some(x), _) => Some((x, true)),
            (None, Some(x)) => Some((x, false)),
            _ => None,
        });
    let upper = match (band.below, band.up_to) {
        (Some(x), _) => Some((x, false)),
        (None, Some(x)) => Some((x, true)),
        _ => None,
    };
    match (lower, upper) {
        (None, None) => String::new(),
        (None, Some((x, true))) => format!("≤ {x} {unit}"),
        (None, Some((x, false))) => format!("< {x} {unit}"),
        (Some((x, true)), None) => format!("≥ {x} {unit}"),
        (Some((x, false)), None) => format!("> {x} {unit}"),
        (Some((x, true)), Some((y, true))) => format!("{x}–{y} {unit}"),
        (Some((x, lo)), Some((y, hi))) => fill(
            text(lang, k::scoring::BETWEEN),
            &[
                ("from", &format!("{} {x}", if lo { "≥" } else { ">" })),
                ("to", &format!("{} {y} {unit}", if hi { "≤" } else { "<" })),
            ],
        ),
    }
}

/// The mean of the columns' values and the pools' totals on one item (a pool that keeps no sum
/// for it adds nothing).
fn pooled_mean<'s>(
    raters: impl Iterator<Item = &'s Rater>,
    pools: &[&Pool],
    item: &str,
) -> Option<(usize, f64)> {
    let (mut n, mut sum) = (0usize, 0u64);
    for v in raters.filter_map(|r| r.value(item)) {
        n += 1;
        sum += u64::from(v);
    }
    for (count, total) in pools.iter().filter_map(|p| p.total(item)) {
        n += count;
        sum += total;
    }
    (n > 0).then(|| (n, sum as f64 / n as f64))
}

fn mean_of<'s>(raters: impl Iterator<Item = &'s Rater>, item: &str) -> Option<(usize, f64)> {
    let values: Vec<u32> = raters.filter_map(|r| r.value(item)).collect();
    let sum: u64 = values.iter().map(|v| u64::from(*v)).sum();
    (!values.is_empty()).then(|| (values.len(), sum as f64 / values.len() as f64))
}

/// Self against the others' mean where they differ by at least the framework's threshold.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gap<'f> {
    pub item: &'f Item,
    pub own: u32,
    pub others: f64,
    /// How many others' values the mean holds.
    pub count: usize,
    pub kind: DifferenceKind,
}

/// Blind spots (self ≥ others + threshold) and hidden strengths (self ≤ others − threshold),
/// in form order. "Others" is every other role's values as [`role_scores`] shows them, so a
/// gap never reveals more of an anonymous answer than the role's shown mean does.
pub fn self_vs_others<'f>(f: &'f Framework, scan: &Scan, scores: &Scores<'f>) -> Vec<Gap<'f>> {
    let own = RaterId::primary(RaterRole::Subject);
    let threshold = f64::from(f.difference_threshold);
    let roles = role_scores(f, scan, scores);
    scores
        .items
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            let value = scan.value(&own, &s.item.code)?;
            let (count, sum) = roles
                .iter()
                .filter(|r| r.role != RaterRole::Subject)
                .filter_map(|r| r.items.get(i).copied().flatten())
                .fold((0, 0.0), |(n, sum), (c, m)| (n + c, sum + m * c as f64));
            if count == 0 {
                return None;
            }
            let others = sum / count as f64;
            let kind = if f64::from(value) >= others + threshold {
                DifferenceKind::BlindSpot
            } else if f64::from(value) <= others - threshold {
                DifferenceKind::HiddenStrength
            } else {
                return None;
            };
            Some(Gap {
                item: s.item,
                own: value,
                others,
                count,
                kind,
            })
        })
        .collect()
}

/// How much of one role's answers the person assessed sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disclosure {
    /// Everyone of the role gave their name: the role's means and each one's values.
    Named,
    /// The role holds an anonymous answer and enough of its raters answered: only means, and
    /// only over at least the minimum number of values (an item fewer rated shows none).
    Pooled,
    /// The role holds an anonymous answer and fewer of its raters answered than the minimum:
    /// nothing of it is shown.
    TooFew { answered: usize, needed: usize },
}

/// One role's raters together (beoordelaars van één rol), as the results, charts, report and
/// CSV show them: peers of a role are averaged, never listed one by one.
#[derive(Debug, Clone, PartialEq)]
pub struct RoleScores {
    pub role: RaterRole,
    /// How many raters of this role answered, anonymous ones included.
    pub raters: usize,
    pub disclosure: Disclosure,
    /// Per item of `Scores::items`: the mean of this role's values and how many gave one; none
    /// where [`Disclosure`] hides it.
    pub items: Vec<Option<(usize, f64)>>,
    /// Per group of `Scores::groups`: the mean of the role's shown item means.
    pub groups: Vec<Mean>,
    pub overall: Mean,
}

/// The roles a scan shows, in [`RaterRole::ALL`] order: the person assessed always (self is
/// what everyone else is compared with), every other role that has a rater in the scan. A
/// two-rater scan so shows exactly its St % and BPV % columns. What a role shows follows its
/// [`Disclosure`]: no figure here lets anyone compute an anonymous answer.
pub fn role_scores(f: &Framework, scan: &Scan, scores: &Scores) -> Vec<RoleScores> {
    let minimum = f.anonymous_minimum();
    RaterRole::ALL
        .into_iter()
        .filter_map(|role| {
            // A column nobody has rated in yet (the BPV column a Movisie scan starts with) is
            // not a voice: it gets no series and does not count.
            let of_role = || {
                scan.raters.iter().filter(move |r| {
                    r.role == role
                        && (role == RaterRole::Subject
                            || r.live_ratings().any(|(_, x)| x.value.is_some()))
                })
            };
            let (pools, _) = anonymous::shown(&scan.anonymous, role);
            let pooled = anonymous::answers_counted(&scan.anonymous, role);
            let anonymous_answers = of_role().filter(|r| is_anonymous(r)).count() + pooled;
            let raters = of_role().count() + pooled;
            if raters == 0 && role != RaterRole::Subject {
                return None;
            }
            // Counted by the anonymous answers alone: named ones beside too few anonymous
            // ones would give those back (the mean times the count minus the named values).
            let disclosure = if anonymous_answers == 0 {
                Disclosure::Named
            } else if anonymous_answers < minimum {
                Disclosure::TooFew {
                    answered: anonymous_answers,
                    needed: minimum,
                }
            } else {
                Disclosure::Pooled
            };
            let items: Vec<Option<(usize, f64)>> = scores
                .items
                .iter()
                .map(|s| match disclosure {
                    Disclosure::Named => mean_of(of_role(), &s.item.code),
                    Disclosure::Pooled => {
                        pooled_mean(of_role(), &pools, &s.item.code).filter(|(n, _)| *n >= minimum)
                    }
                    Disclosure::TooFew { .. } => None,
                })
                .collect();
            let groups = scores
                .groups
                .iter()
                .map(|g| {
                    mean_f(
                        scores
                            .items
                            .iter()
                            .zip(&items)
                            .filter(|(s, _)| std::ptr::eq(s.group, g.node))
                            .map(|(_, m)| m.map(|m| m.1)),
                    )
                })
                .collect();
            let overall = mean_f(items.iter().map(|m| m.map(|m| m.1)));
            Some(RoleScores {
                role,
                raters,
                disclosure,
                items,
                groups,
                overall,
            })
        })
        .collect()
}

/// The values of `role`'s raters on `item` by name, where the role's [`Disclosure`] is
/// [`Disclosure::Named`]: a role with an anonymous answer never lists anyone's value.
pub fn named_values<'s>(role: &RoleScores, scan: &'s Scan, item: &str) -> Vec<(&'s Rater, u32)> {
    if role.disclosure != Disclosure::Named {
        return Vec::new();
    }
    scan.raters
        .iter()
        .filter(|r| r.role == role.role && !r.name.trim().is_empty())
        .filter_map(|r| Some((r, r.value(item)?)))
        .collect()
}

/// Whether a scan has raters beyond the primary person and BPV-begeleider (a 360° scan): then
/// the results compare self with the others' mean instead of with the BPV-begeleider alone.
pub fn has_more_raters(scan: &Scan) -> bool {
    !scan.anonymous.is_empty()
        || scan.raters.iter().any(|r| {
            r.id != RaterId::primary(RaterRole::Subject)
                && r.id != RaterId::primary(RaterRole::Supervisor)
        })
}

fn mean_f(values: impl Iterator<Item = Option<f64>>) -> Mean {
    let (mut sum, mut rated, mut total) = (0.0, 0usize, 0usize);
    for v in values {
        total += 1;
        if let Some(v) = v {
            sum += v;
            rated += 1;
        }
    }
    Mean {
        value: (rated > 0).then(|| sum / rated as f64),
        rated,
        total,
    }
}
