//! proptest strategies for scans the importer accepts, edge values included: empty and
//! longest texts, emoji, right-to-left and HTML-like text, zero and full-scale ratings, missing
//! optional fields, 0–6 raters of any allowed role (named or anonymous), finished or not, times from year 0001 to 9999, plans with goals.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use competentiescan_core::framework::Framework;
use competentiescan_core::plan::{Goal, GoalStatus, Smart};
use competentiescan_core::rater::{Rater, RaterId, RaterRole};
use competentiescan_core::scan::{
    Change, Paraaf, Rating, Scan, Subject, MAX_ID, MAX_NAME, MAX_TEXT,
};
use competentiescan_core::time::{Date, Timestamp};
use proptest::prelude::*;
use proptest::string::{string_regex, RegexGeneratorStrategy};

use super::{student, supervisor};

/// Every item code of a framework (all variants), in form order.
pub fn codes(f: &Framework) -> Vec<String> {
    f.items(None).iter().map(|i| i.code.clone()).collect()
}

/// Texts that have broken screens elsewhere: kept few, so each is drawn often. Built once per
/// limit (the longest are 20 KB) and shared by every strategy that draws from them.
fn edge_texts(max: usize) -> &'static [String] {
    static TEXT: OnceLock<Vec<String>> = OnceLock::new();
    static NAME: OnceLock<Vec<String>> = OnceLock::new();
    let build = || {
        vec![
            String::new(),
            " ".into(),
            "<script>alert(1)</script><b>vet</b> &amp; <img src=x onerror=alert(1)>".into(),
            "مرحبا بالعالم — שלום עולם".into(),
            "\u{202e}gnirts desrever\u{202c} en \u{200b}nul-breedte".into(),
            "👩🏽‍⚕️🧑‍🤝‍🧑🇳🇱 e\u{301}e\u{308}n".into(),
            "regel 1\nregel 2\r\n\ttab \"quote\" \\ ; =SUM(A1)".into(),
            // The longest accepted text in 2-, 3- and 4-byte characters: any byte index cuts one.
            "ë".repeat(max),
            "€".repeat(max),
            "😀".repeat(max),
            format!("{}é", "a".repeat(max - 1)),
        ]
    };
    match max {
        MAX_TEXT => TEXT.get_or_init(build),
        MAX_NAME => NAME.get_or_init(build),
        _ => unreachable!("edge texts exist for names and free texts"),
    }
}

/// Free text up to `max` characters: mostly printable text, often an edge case.
pub fn arb_text_up_to(max: usize) -> impl Strategy<Value = String> + Clone {
    // A regex given as `&str` is compiled again for every value drawn; compiled once here.
    static PRINTABLE: OnceLock<RegexGeneratorStrategy<String>> = OnceLock::new();
    static PUNCTUATED: OnceLock<RegexGeneratorStrategy<String>> = OnceLock::new();
    prop_oneof![
        4 => regex(&PRINTABLE, r"\PC{0,40}"),
        2 => regex(&PUNCTUATED, r#"[a-zA-Z0-9 éëïöüàçñÆß€–“”'"\\/<>{}\[\]:,\n-]{0,30}"#),
        3 => prop::sample::select(edge_texts(max)),
    ]
}

pub fn arb_text() -> impl Strategy<Value = String> + Clone {
    arb_text_up_to(MAX_TEXT)
}

pub fn arb_name() -> impl Strategy<Value = String> + Clone {
    arb_text_up_to(MAX_NAME)
}

/// A date from 0001-01-01 to 9999-12-31, the ends included.
pub fn arb_date() -> impl Strategy<Value = Date> + Clone {
    let first = Date::parse("0001-01-01").unwrap().day_number();
    let last = Date::parse("9999-12-31").unwrap().day_number();
    prop_oneof![
        3 => first..=last,
        3 => 20_400i64..20_500,
        1 => Just(first),
        1 => Just(last),
    ]
    .prop_map(|n| Date::from_day_number(n).expect("in range"))
}

/// Mostly times of a few days in November 2026 (so edits collide and history merges), also
/// any time in the years 0001–9999 to the nanosecond, and both ends.
pub fn arb_time() -> impl Strategy<Value = Timestamp> + Clone {
    let near = (
        20u32..=23,
        0u32..24,
        0u32..60,
        prop::sample::select(vec![0u32, 500]),
    )
        .prop_map(|(d, h, m, ms)| format!("2026-11-{d:02}T{h:02}:{m:02}:00.{ms:03}Z"));
    let anywhere = (arb_date(), 0u32..86_400, 0u32..1_000_000_000, -720i32..=720).prop_map(
        |(date, s, nanos, offset)| {
            let sign = if offset < 0 { '-' } else { '+' };
            let o = offset.unsigned_abs();
            format!(
                "{date}T{:02}:{:02}:{:02}.{nanos:09}{sign}{:02}:{:02}",
                s / 3600,
                s % 3600 / 60,
                s % 60,
                o / 60,
                o % 60
            )
        },
    );
    prop_oneof![
        6 => near,
        3 => anywhere,
        1 => prop::sample::select(vec![
            "0001-01-01T00:00:00Z".to_string(),
            "9999-12-31T23:59:59.999999999Z".to_string(),
        ]),
    ]
    // An offset can move a time outside 0001–9999: such a string is no time, so draw again.
    .prop_filter_map("a time in 0001–9999", |s| Timestamp::parse(&s))
}

/// A value on the scale: the ends and the steps more often than the rest.
pub fn arb_value(f: &Framework) -> impl Strategy<Value = u32> + Clone {
    let (min, max) = (f.scale.min, f.scale.max);
    prop_oneof![Just(min), Just(max), min..=max]
}

pub fn arb_rating(f: &Framework) -> impl Strategy<Value = Rating> + Clone {
    (
        prop::option::weighted(0.9, arb_value(f)),
        arb_text(),
        arb_time(),
    )
        .prop_map(|(value, comment, at)| Rating { value, comment, at })
}

/// One rater's ratings on a random subset of `codes`.
pub fn arb_ratings(
    codes: Vec<String>,
    rating: impl Strategy<Value = Rating> + Clone,
) -> impl Strategy<Value = BTreeMap<String, Rating>> {
    let n = codes.len();
    arb_ratings_up_to(codes, n, rating)
}

/// One rater's ratings on a random subset of at most `max` of `codes`: large frameworks have
/// hundreds of items, and a scan's cost in a debug build grows with its ratings.
pub fn arb_ratings_up_to(
    codes: Vec<String>,
    max: usize,
    rating: impl Strategy<Value = Rating> + Clone,
) -> impl Strategy<Value = BTreeMap<String, Rating>> {
    let n = codes.len().min(max);
    prop::sample::subsequence(codes, 0..=n).prop_flat_map(move |keys| {
        let len = keys.len();
        prop::collection::vec(rating.clone(), len)
            .prop_map(move |rs| keys.iter().cloned().zip(rs).collect::<BTreeMap<_, _>>())
    })
}

/// `s` with `rater`'s column set to `ratings` (a primary rater is added when missing).
pub fn with_ratings(mut s: Scan, rater: RaterId, ratings: BTreeMap<String, Rating>) -> Scan {
    match s.raters.iter_mut().find(|r| r.id == rater) {
        Some(r) => r.ratings = ratings,
        None => {
            let role = rater.primary_role().expect("a primary id");
            let mut r = Rater::new(rater, role);
            r.ratings = ratings;
            s.raters.push(r);
        }
    }
    s
}

/// A rater id as the history names it.
pub fn arb_rater() -> impl Strategy<Value = RaterId> + Clone {
    prop_oneof![
        Just(student()),
        Just(supervisor()),
        Just(RaterId::parse("extra-1").expect("an id"))
    ]
}

/// A regex compiled once (a `&str` strategy compiles its regex for every value drawn).
fn regex(
    cell: &'static OnceLock<RegexGeneratorStrategy<String>>,
    re: &str,
) -> &'static RegexGeneratorStrategy<String> {
    cell.get_or_init(|| string_regex(re).expect("a regex"))
}

fn arb_id() -> impl Strategy<Value = String> + Clone {
    static UUIDISH: OnceLock<RegexGeneratorStrategy<String>> = OnceLock::new();
    static OTHER: OnceLock<RegexGeneratorStrategy<String>> = OnceLock::new();
    prop_oneof![
        regex(&UUIDISH, "[0-9a-f-]{1,36}"),
        Just("x".repeat(MAX_ID)),
        regex(&OTHER, "[A-Za-z0-9._-]{1,12}"),
    ]
}

/// Initials as the app writes them, and the odd ones a file may carry (never blank).
fn arb_initials() -> impl Strategy<Value = String> + Clone {
    static INITIALS: OnceLock<RegexGeneratorStrategy<String>> = OnceLock::new();
    prop_oneof![
        regex(&INITIALS, "[A-Z][a-z]{0,2}[A-Z]"),
        Just("😀".repeat(MAX_NAME)),
        Just("<b>JdV</b>".to_string()),
        Just("ש".to_string()),
    ]
}

fn arb_goal(items: Vec<String>, index: usize) -> impl Strategy<Value = Goal> {
    let n = items.len();
    let texts = prop::collection::vec(arb_text(), 5);
    (
        prop::sample::subsequence(items, 0..=n.min(4)),
        texts,
        prop::collection::vec(arb_text(), 0..3),
        (arb_text(), arb_text()),
        prop::option::of(arb_date()),
        prop::sample::select(GoalStatus::ALL.to_vec()),
        (arb_time(), arb_time()),
    )
        .prop_map(
            move |(
                items,
                t,
                actions,
                (support, evaluation),
                deadline,
                status,
                (created, updated),
            )| {
                let mut g = Goal::new(format!("doel-{index}"), items, created);
                g.smart = Smart {
                    specific: t[0].clone(),
                    measurable: t[1].clone(),
                    acceptable: t[2].clone(),
                    realistic: t[3].clone(),
                    time_bound: t[4].clone(),
                };
                g.actions = actions;
                g.support = support;
                g.evaluation = evaluation;
                g.deadline = deadline;
                g.status = status;
                g.updated = updated;
                g
            },
        )
}

/// Most items one rater rates in a generated scan (the Quick Scan has 60, larger frameworks
/// hundreds): enough for every band, group and difference, cheap enough for 10,000 scans.
const RATED: usize = 16;

/// A scan of `f` (in one of its variants, or none) that the importer accepts.
pub fn arb_scan(f: &Framework) -> impl Strategy<Value = Scan> {
    let variants: Vec<Option<String>> = std::iter::once(None)
        .chain(f.variants.iter().map(|v| Some(v.id.clone())))
        .collect();
    let f = f.clone();
    prop::sample::select(variants).prop_flat_map(move |variant| arb_scan_in(&f, variant))
}

fn arb_scan_in(f: &Framework, variant: Option<String>) -> impl Strategy<Value = Scan> {
    let in_variant: Vec<String> = f
        .items(variant.as_deref())
        .iter()
        .map(|i| i.code.clone())
        .collect();
    let subject = (
        arb_name(),
        arb_name(),
        arb_name(),
        prop::option::of(arb_date()),
    )
        .prop_map(|(student, programme, organisation, date)| Subject {
            student,
            programme,
            organisation,
            date,
        });
    let raters = prop::collection::vec(arb_column(f), 0..=6);
    let history = prop::collection::vec((arb_rater(), arb_time(), arb_time(), 1u32..50), 0..6);
    let plan = (0usize..3).prop_flat_map(move |n| {
        (0..n)
            .map(|i| arb_goal(in_variant.clone(), i))
            .collect::<Vec<_>>()
    });
    let f = f.clone();
    (
        (arb_id(), arb_time(), arb_time()),
        subject,
        raters,
        (history, plan),
    )
        .prop_map(
            move |((id, created, updated), subject, raters, (history, plan))| {
                let mut s = Scan::new(id, created, &f, variant.clone(), subject);
                s.updated = updated;
                s.raters = with_ids(raters);
                s.history = history
                    .into_iter()
                    .map(|(rater, from, to, edits)| Change {
                        rater,
                        from,
                        to,
                        edits,
                    })
                    .collect();
                s.plan = plan;
                s
            },
        )
}

/// One rater of a role `f` allows, with up to [`RATED`] ratings, maybe finished, maybe named
/// (an anonymous peer has no name), and paraafs on some values if the role initials.
fn arb_column(f: &Framework) -> impl Strategy<Value = Rater> {
    let roles: Vec<RaterRole> = f.raters.iter().chain(&f.extra_roles).copied().collect();
    let ratings = arb_ratings_up_to(codes(f), RATED, arb_rating(f)).prop_flat_map(|ratings| {
        let len = ratings.len();
        let marks = prop::collection::vec((any::<bool>(), arb_initials(), arb_date()), len);
        (Just(ratings), marks)
    });
    (
        prop::sample::select(roles),
        (arb_name(), arb_name()),
        ratings,
        prop::option::of(arb_time()),
    )
        .prop_map(|(role, (name, function), (ratings, marks), finished)| {
            let mut r = Rater::new(RaterId::primary(role), role);
            (r.name, r.function, r.finished) = (name, function, finished);
            for ((code, rating), (on, initials, date)) in ratings.iter().zip(marks) {
                if let (true, true, Some(value)) = (role.initials(), on, rating.value) {
                    let paraaf = Paraaf {
                        initials,
                        date,
                        value,
                    };
                    r.paraafs.insert(code.clone(), paraaf);
                }
            }
            r.ratings = ratings;
            r
        })
}

/// The first rater of each role keeps its primary id; the others get ids of their own, as
/// added raters do.
fn with_ids(mut raters: Vec<Rater>) -> Vec<Rater> {
    for i in 0..raters.len() {
        if raters[..i].iter().any(|r| r.id == raters[i].id) {
            raters[i].id = RaterId::parse(&format!("extra-{i}")).expect("an id");
            // Named: an unnamed extra column is an anonymous answer, read as totals only.
            if raters[i].name.trim().is_empty() {
                raters[i].name = format!("Extra {i}");
            }
        }
    }
    raters
}

/// A one-line text the template keeps exactly: not blank, no line break (a line break splits
/// an indicator cell into indicators), edges of every kind otherwise.
pub fn arb_line() -> impl Strategy<Value = String> + Clone {
    static LINE: OnceLock<RegexGeneratorStrategy<String>> = OnceLock::new();
    prop_oneof![
        3 => regex(&LINE, r#"[a-zA-Z0-9éëïöü€–“”'";,\t<>= -]{0,20}[a-zA-Zéë€;"]"#),
        1 => prop::sample::select(vec![
            "cliënt beïnvloeden".to_string(),
            "=SUM(A1); \"x\"".into(),
            "👩🏽‍⚕️ e\u{301}".into(),
            " spatie vooraan".into(),
            "- kan plannen".into(),
            "'t Gooi".into(),
            "'=al beschermd".into(),
            "@thuis +31".into(),
        ]),
    ]
}

/// A framework the template can express: any texts (titles may hold line breaks), nodes two
/// levels deep with items, variants, bands or none, roles; valid by `Framework::parse`.
pub fn arb_framework() -> impl Strategy<Value = Framework> {
    let title = prop_oneof![3 => arb_line(), 1 => Just("regel 1\r\nregel 2; \"x\"".to_string())];
    let item = (
        arb_line(),
        prop::option::of(title.clone()),
        prop::collection::vec(arb_line(), 0..3),
        prop::collection::vec(arb_line(), 0..2),
        any::<bool>(),
    );
    let group = (arb_line(), arb_line(), prop::collection::vec(item, 1..4));
    let kerntaak = (
        arb_line(),
        arb_line(),
        prop::collection::vec(group, 1..3),
        any::<bool>(),
    );
    (
        title,
        prop::option::of(arb_line()),
        prop::collection::vec(kerntaak, 1..3),
        any::<bool>(),
        any::<bool>(),
        prop::sample::select(vec!["%", "punten", ""]),
        prop::collection::vec(arb_line(), 3),
    )
        .prop_map(|(title, short, roots, assessment, variants, unit, bands)| {
            let mut n = 0;
            let mut code = || {
                n += 1;
                format!("c{n}")
            };
            let nodes: Vec<serde_json::Value> = roots
                .into_iter()
                .map(|(kind, t, groups, with_items)| {
                    let children: Vec<_> = groups
                        .into_iter()
                        .map(|(kind, t, items)| {
                            let items: Vec<_> = items
                                .into_iter()
                                .map(|(t, d, ind, by_variant, in_hbo)| {
                                    let mut i = serde_json::json!({"code": code(), "title": t});
                                    if let Some(d) = d {
                                        i["description"] = d.into();
                                    }
                                    if !ind.is_empty() {
                                        i["indicators"] = ind.into();
                                    }
                                    if variants && !by_variant.is_empty() {
                                        i["indicatorsByVariant"] = serde_json::json!({"hbo": by_variant});
                                    }
                                    if variants && in_hbo {
                                        i["variants"] = serde_json::json!(["hbo", "mbo"]);
                                    }
                                    i
                                })
                                .collect();
                            serde_json::json!({"code": code(), "kind": kind, "title": t, "items": items})
                        })
                        .collect();
                    let mut node = serde_json::json!({"code": code(), "kind": kind, "title": t,
                        "children": children,
                        "texts": [{"heading": "Kop", "text": "Tekst\n\nmet \"alinea's\"; ja"}]});
                    if with_items {
                        node["items"] = serde_json::json!([{"code": code(), "title": "Eigen item"}]);
                    }
                    node
                })
                .collect();
            let band = |id: &str, label: &str, bound: Option<(&str, f64)>| {
                let mut b = serde_json::json!({"id": id, "label": label, "meaning": label,
                    "advice": label, "focus": id != "hoog"});
                if let Some((field, x)) = bound {
                    b[field] = x.into();
                }
                b
            };
            let mut f = serde_json::json!({
                "format": "competentiescan-framework", "formatVersion": 1,
                "id": "gegenereerd", "version": "2.0.1", "title": title, "language": "nl",
                "purpose": if assessment { "assessment" } else { "reflection" },
                "source": {"publisher": bands[0], "year": 2026, "document": bands[1]},
                "about": [{"list": ["a", "b; c"]}],
                "scale": {"min": 0, "max": 100, "step": 5, "unit": unit},
                "bands": if assessment { vec![
                    band("laag", &bands[0], Some(("below", 55.0))),
                    band("midden", &bands[1], Some(("upTo", 75.5))),
                    band("hoog", &bands[2], None),
                ] } else { Vec::new() },
                "differenceThreshold": 20,
                "raters": ["student", "supervisor"],
                "extraRoles": ["colleague"],
                "nodes": nodes,
            });
            if let Some(s) = short {
                f["shortTitle"] = s.into();
            }
            if variants {
                f["variants"] = serde_json::json!([{"id": "hbo", "label": "HBO"},
                    {"id": "mbo", "label": "MBO", "description": "Niveau 4"}]);
            }
            f
        })
        .prop_filter_map("valid frameworks only", |json| {
            Framework::parse(&json.to_string()).ok()
        })
}
