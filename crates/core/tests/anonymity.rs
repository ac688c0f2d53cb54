//! Anonymous 360° feedback stays anonymous (issue 25): a role that holds an anonymous answer
//! shows only its mean, and nothing until at least the minimum of its raters answered (3, or
//! more where a framework raises it). The oracle: no anonymous value can be computed from what
//! the results, report, charts and coach CSV show. For every anonymous value, a scan where it
//! is moved up and another value of the same role and item down by as much (or, alone on its
//! item, moved on its own) shows exactly the same. (A mean at the scale's very end, 0 or 100,
//! says every value it holds, as any mean does.)

mod common;

use common::{student, t};
use competentiescan_core::anonymous::is_anonymous;
use competentiescan_core::anonymous::Taken;
use competentiescan_core::chart::series;
use competentiescan_core::draft;
use competentiescan_core::exchange::{export, import};
use competentiescan_core::feedback::{apply, take_in, Feedback};
use competentiescan_core::framework::{Framework, MIN_ANONYMOUS_GROUP};
use competentiescan_core::i18n::Lang;
use competentiescan_core::merge::merge;
use competentiescan_core::overview::csv;
use competentiescan_core::rater::{Rater, RaterId, RaterRole};
use competentiescan_core::scan::{Rating, Scan, Subject};
use competentiescan_core::scoring::{named_values, role_scores, score, self_vs_others, Disclosure};
use proptest::prelude::*;

const MOVISIE: &str = "movisie-maatschappelijke-ondersteuning-2013";

fn id(s: &str) -> RaterId {
    RaterId::parse(s).unwrap()
}

/// A Movisie scan with the person's own two ratings and these colleagues (name, two values).
fn with_colleagues(colleagues: &[(&str, [Option<u32>; 2])]) -> (Framework, Scan) {
    let f = common::framework(MOVISIE);
    let mut scan = Scan::new("s".into(), t(0), &f, None, Subject::default());
    let items: Vec<String> = f
        .items(None)
        .iter()
        .take(2)
        .map(|i| i.code.clone())
        .collect();
    for (code, v) in items.iter().zip([80, 40]) {
        scan.rate(&student(), code, Some(v), &f, t(1)).unwrap();
    }
    for (n, (name, values)) in colleagues.iter().enumerate() {
        let rater = id(&format!("c{n}"));
        scan.add_rater(&f, RaterRole::Colleague, rater.clone(), name, "", t(2))
            .unwrap();
        for (code, v) in items.iter().zip(values) {
            scan.rate(&rater, code, *v, &f, t(3)).unwrap();
        }
    }
    (f, scan)
}

fn colleagues(f: &Framework, scan: &Scan) -> (usize, Disclosure, Vec<Option<(usize, f64)>>) {
    let scores = score(f, scan);
    let r = role_scores(f, scan, &scores)
        .into_iter()
        .find(|r| r.role == RaterRole::Colleague)
        .expect("the colleagues answered");
    (r.raters, r.disclosure, r.items[..2].to_vec())
}

/// Everything the person's screens and the coach's CSV show of a scan's ratings by others.
fn shown(f: &Framework, scan: &Scan) -> String {
    let scores = score(f, scan);
    let roles = role_scores(f, scan, &scores);
    let named: Vec<_> = roles
        .iter()
        .flat_map(|r| {
            scores
                .items
                .iter()
                .map(|s| named_values(r, scan, &s.item.code))
                .map(|v| {
                    v.into_iter()
                        .map(|(r, x)| (r.name.clone(), x))
                        .collect::<Vec<_>>()
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let gaps: Vec<_> = self_vs_others(f, scan, &scores)
        .iter()
        .map(|g| (g.item.code.clone(), g.own, g.others, g.count, g.kind))
        .collect();
    let lines: Vec<_> = roles
        .iter()
        .map(|r| {
            (
                r.role,
                r.raters,
                r.disclosure,
                &r.items,
                &r.groups,
                &r.overall,
            )
        })
        .collect();
    let chart: Vec<_> = series(&roles)
        .into_iter()
        .map(|s| (s.role, s.raters, s.values))
        .collect();
    format!(
        "{lines:?}\n{named:?}\n{gaps:?}\n{chart:?}\n{}",
        csv(&[(scan, f)], Lang::Nl)
    )
}

#[test]
fn two_anonymous_answers_show_nothing_and_three_show_the_mean_only() {
    let (f, two) = with_colleagues(&[("", [Some(60), Some(70)]), ("", [Some(50), Some(90)])]);
    let (answered, disclosure, items) = colleagues(&f, &two);
    assert_eq!(
        (answered, disclosure, items),
        (
            2,
            Disclosure::TooFew {
                answered: 2,
                needed: MIN_ANONYMOUS_GROUP
            },
            vec![None, None]
        )
    );
    assert!(
        series(&role_scores(&f, &two, &score(&f, &two)))
            .iter()
            .all(|s| s.role != RaterRole::Colleague),
        "no chart series"
    );
    assert!(
        self_vs_others(&f, &two, &score(&f, &two)).is_empty(),
        "no gap from them"
    );
    // The CSV's colleague rows carry no mean and a count of 0.
    let rows = csv(&[(&two, &f)], Lang::Nl);
    let colleague_rows: Vec<&str> = rows.lines().filter(|l| l.contains(";Collega;")).collect();
    assert!(!colleague_rows.is_empty());
    assert!(
        colleague_rows.iter().all(|l| l.contains(";Collega;0;;")),
        "{colleague_rows:?}"
    );

    let (f, three) = with_colleagues(&[
        ("", [Some(60), Some(70)]),
        ("", [Some(50), Some(90)]),
        ("", [Some(70), None]),
    ]);
    let (answered, disclosure, items) = colleagues(&f, &three);
    assert_eq!((answered, disclosure), (3, Disclosure::Pooled));
    // Item 1: three values, their mean; item 2: two values, too few to show.
    assert_eq!(items, vec![Some((3, 60.0)), None]);
}

#[test]
fn named_answers_in_a_role_with_an_anonymous_one_are_only_in_the_mean() {
    // The case: 60 and 75 by name beside a mean of 61.7 gave away the anonymous 50.
    // One anonymous answer beside named ones is too few: the mean of all three minus the
    // named values would give it back, so nothing of the role shows.
    let (f, scan) = with_colleagues(&[
        ("Pieter Jansen", [Some(60), None]),
        ("Fatima El Idrissi", [Some(75), None]),
        ("", [Some(50), None]),
    ]);
    let (answered, disclosure, items) = colleagues(&f, &scan);
    assert_eq!(
        (answered, disclosure, items),
        (
            3,
            Disclosure::TooFew {
                answered: 1,
                needed: 3
            },
            vec![None, None]
        )
    );
    // Three anonymous answers beside the named ones: only the mean of all five.
    let (f, scan) = with_colleagues(&[
        ("Pieter Jansen", [Some(60), None]),
        ("Fatima El Idrissi", [Some(75), None]),
        ("", [Some(50), None]),
        ("", [Some(40), None]),
        ("", [Some(25), None]),
    ]);
    let scores = score(&f, &scan);
    let roles = role_scores(&f, &scan, &scores);
    let colleagues = roles
        .iter()
        .find(|r| r.role == RaterRole::Colleague)
        .unwrap();
    assert_eq!(colleagues.disclosure, Disclosure::Pooled);
    assert_eq!(colleagues.items[0], Some((5, 50.0)));
    assert!(named_values(colleagues, &scan, &scores.items[0].item.code).is_empty());
    // Everyone named: each one's value shows.
    let (f, open) = with_colleagues(&[
        ("Pieter Jansen", [Some(60), None]),
        ("Fatima", [Some(75), None]),
    ]);
    let scores = score(&f, &open);
    let roles = role_scores(&f, &open, &scores);
    let colleagues = roles
        .iter()
        .find(|r| r.role == RaterRole::Colleague)
        .unwrap();
    assert_eq!(colleagues.disclosure, Disclosure::Named);
    assert_eq!(
        named_values(colleagues, &open, &scores.items[0].item.code).len(),
        2
    );
}

#[test]
fn a_framework_may_raise_the_minimum_but_not_lower_it() {
    let (mut f, scan) = with_colleagues(&[
        ("", [Some(60), None]),
        ("", [Some(50), None]),
        ("", [Some(70), None]),
    ]);
    f.anonymous_minimum = Some(4);
    assert_eq!(
        colleagues(&f, &scan).1,
        Disclosure::TooFew {
            answered: 3,
            needed: 4
        }
    );
    let json = common::bundled_sources()
        .into_iter()
        .find(|(name, _)| name.starts_with(MOVISIE))
        .unwrap()
        .1;
    let lowered = json.replacen("\"raters\":", "\"anonymousMinimum\": 2,\n  \"raters\":", 1);
    let refused = Framework::parse(&lowered).unwrap_err();
    assert_eq!(
        refused.problems[0].text(Lang::Nl),
        "kader: anonymousMinimum moet minstens 3 zijn: minder antwoorden tonen is niet anoniem"
    );
    let raised = json.replacen("\"raters\":", "\"anonymousMinimum\": 5,\n  \"raters\":", 1);
    assert_eq!(Framework::parse(&raised).unwrap().anonymous_minimum(), 5);
}

/// A Movisie scan with the person's own ratings and no one else's.
fn alone() -> (Framework, Scan) {
    with_colleagues(&[])
}

/// An anonymous colleague's answer file (a batch's), with these values on the first two items.
fn answer(scan: &Scan, f: &Framework, who: &str, values: [Option<u32>; 2], at: u32) -> Feedback {
    let mut rater = Rater::new(id(who), RaterRole::Colleague);
    rater.batch = Some("batch-1".into());
    for (item, v) in f.items(None).iter().zip(values) {
        rater.ratings.insert(
            item.code.clone(),
            Rating {
                value: v,
                comment: String::new(),
                at: t(at),
            },
        );
    }
    rater.finished = Some(t(at));
    Feedback {
        scan_id: scan.id.clone(),
        framework_hash: scan.framework.hash.clone(),
        variant: None,
        sent: t(at),
        rater,
    }
}

fn take(f: &Framework, scan: &Scan, answers: &[Feedback]) -> Result<(Scan, Taken), String> {
    take_in(scan, f, RaterRole::Colleague, answers).map_err(|p| p.text(Lang::Nl))
}

#[test]
fn anonymous_answers_are_kept_only_as_totals_of_at_least_three() {
    let (f, scan) = alone();
    let a = answer(&scan, &f, "a", [Some(60), Some(70)], 5);
    let b = answer(&scan, &f, "b", [Some(50), None], 5);
    let c = answer(&scan, &f, "c", [Some(70), Some(90)], 5);
    // Two read together: refused, nothing kept.
    let refused = take(&f, &scan, &[a.clone(), b.clone()]).unwrap_err();
    assert!(
        refused.contains("2 nieuw, minimaal 3 tegelijk"),
        "{refused}"
    );
    // A named-request's way in refuses one anonymous file alone.
    assert!(apply(&scan, &f, &a).is_err());
    // Three together: one pool, no column, an item two gave a value keeps no sum.
    let (after, taken) = take(&f, &scan, &[a.clone(), b.clone(), c.clone()]).unwrap();
    assert_eq!(
        taken,
        Taken::Counted {
            role: RaterRole::Colleague,
            added: 3,
            renewed: 0,
            total: 3
        }
    );
    assert!(after.raters.iter().all(|r| r.role != RaterRole::Colleague));
    assert_eq!(after.anonymous.len(), 1);
    let codes: Vec<&String> = after.anonymous[0].items.keys().collect();
    let first = &after.anonymous[0].items[codes[0]];
    assert_eq!((first.count, first.sum), (3, Some(180)));
    let second = &after.anonymous[0].items[codes[1]];
    assert_eq!(
        (second.count, second.sum),
        (2, None),
        "two values keep no sum"
    );
    let (n, disclosure, items) = colleagues(&f, &after);
    assert_eq!((n, disclosure), (3, Disclosure::Pooled));
    assert_eq!(items, vec![Some((3, 60.0)), None]);
    // An export holds the totals and reads back the same.
    let text = export(&after, &f, t(7));
    assert_eq!(import(text.as_bytes()).unwrap().scan, after);
    // Sent again: already counted, nothing changes.
    let (again, taken) = take(&f, &after, &[c.clone(), a.clone(), b.clone()]).unwrap();
    assert_eq!(again, after);
    assert!(matches!(taken, Taken::AlreadyCounted { count: 3, .. }));
    // Two more: too few new ones beside the three, refused.
    let d = answer(&scan, &f, "d", [Some(10), None], 6);
    let e = answer(&scan, &f, "e", [Some(20), None], 6);
    assert!(take(&f, &after, &[d.clone(), e.clone()]).is_err());
    // Three more: a second pool, six counted.
    let g = answer(&scan, &f, "g", [Some(30), None], 6);
    let (six, _) = take(&f, &after, &[d, e, g]).unwrap();
    assert_eq!(colleagues(&f, &six).2[0], Some((6, 40.0)));
}

#[test]
fn a_second_answer_from_one_respondent_replaces_the_first_and_counts_once() {
    let (f, scan) = alone();
    let a = answer(&scan, &f, "a", [Some(60), None], 5);
    let b = answer(&scan, &f, "b", [Some(50), None], 5);
    let c = answer(&scan, &f, "c", [Some(70), None], 5);
    let (three, _) = take(&f, &scan, &[a, b.clone(), c.clone()]).unwrap();
    let a2 = answer(&scan, &f, "a", [Some(90), None], 9);
    // Alone it cannot replace: the totals cannot give back the first answer to take out.
    let alone = take(&f, &three, std::slice::from_ref(&a2)).unwrap_err();
    assert!(alone.contains("groep van 3, ontbrekend: 2"), "{alone}");
    let (renewed, taken) = take(&f, &three, &[a2.clone(), b.clone(), c.clone()]).unwrap();
    assert_eq!(
        taken,
        Taken::Counted {
            role: RaterRole::Colleague,
            added: 0,
            renewed: 1,
            total: 3
        }
    );
    assert_eq!(colleagues(&f, &renewed).2[0], Some((3, 70.0)));
    // An older version after a newer one changes nothing.
    let a_old = answer(&scan, &f, "a", [Some(60), None], 5);
    assert!(take(&f, &renewed, &[a_old, b.clone(), c.clone()]).is_err());
    // Which of the three renewed is not in the totals: renewing b instead to the value that
    // makes the same three values stores the same totals.
    let a_first = answer(&scan, &f, "a", [Some(90), None], 5);
    let b_first = answer(&scan, &f, "b", [Some(60), None], 5);
    let (other, _) = take(&f, &scan, &[a_first.clone(), b_first, c.clone()]).unwrap();
    let (other, _) = take(
        &f,
        &other,
        &[a_first, answer(&scan, &f, "b", [Some(50), None], 9), c],
    )
    .unwrap();
    assert_eq!(other.anonymous[0].items, renewed.anonymous[0].items);
}

#[test]
fn anonymous_columns_from_an_older_app_become_totals_when_read() {
    let (f, scan) = with_colleagues(&[
        ("Pieter", [Some(40), None]),
        ("", [Some(60), Some(70)]),
        ("", [Some(50), None]),
    ]);
    let stored = draft::encode(&scan, 1);
    let read = draft::decode(&stored).unwrap().scan;
    let names: Vec<&str> = read
        .raters
        .iter()
        .filter(|r| r.role == RaterRole::Colleague)
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(names, vec!["Pieter"], "the named column stays");
    assert_eq!(read.anonymous.len(), 1);
    let pool = &read.anonymous[0];
    assert_eq!(pool.answers.len(), 2);
    // Two values: counts kept, sums not (a framework may raise the minimum, never lower it).
    assert!(pool.items.values().all(|t| t.sum.is_none()));
    assert_eq!(
        colleagues(&f, &read).1,
        Disclosure::TooFew {
            answered: 2,
            needed: 3
        }
    );
    assert!(!draft::encode(&read, 2).contains("\"60\""));
    assert!(!draft::encode(&read, 2).contains(":60"));
}

fn arb_pool_answers() -> impl Strategy<Value = Vec<[Option<u32>; 2]>> {
    let value = prop::option::weighted(0.8, 0u32..=100);
    prop::collection::vec([value.clone(), value], 3..7)
}

fn arb_answers() -> impl Strategy<Value = Vec<(bool, [Option<u32>; 2])>> {
    let value = prop::option::weighted(0.8, 0u32..=100);
    prop::collection::vec((any::<bool>(), [value.clone(), value]), 1..7)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, failure_persistence: None, ..ProptestConfig::default() })]

    /// No anonymous value can be computed from what is shown.
    #[test]
    fn what_is_shown_does_not_tell_an_anonymous_answer(answers in arb_answers(), delta in 1u32..20) {
        const NAMES: [&str; 6] = ["Ans", "Bram", "Cor", "Dewi", "Eva", "Fien"];
        let colleagues: Vec<(&str, [Option<u32>; 2])> = answers
            .iter()
            .enumerate()
            .map(|(i, (named, values))| (if *named { NAMES[i] } else { "" }, *values))
            .collect();
        let (f, scan) = with_colleagues(&colleagues);
        let codes: Vec<String> = f.items(None).iter().take(2).map(|i| i.code.clone()).collect();
        let before = shown(&f, &scan);
        let value = |s: &Scan, r: &RaterId, c: &str| s.value(r, c);
        for anon in scan.raters.iter().filter(|r| is_anonymous(r)) {
            for code in &codes {
                let Some(v) = value(&scan, &anon.id, code) else { continue };
                // Another value of the role on this item that can move the other way.
                let others: Vec<_> = scan.raters.iter()
                    .filter(|r| r.role == RaterRole::Colleague && r.id != anon.id && value(&scan, &r.id, code).is_some())
                    .collect();
                let partner = others.iter()
                    .find_map(|r| {
                        let w = value(&scan, &r.id, code)?;
                        (v + delta <= 100 && w >= delta).then_some((r.id.clone(), w))
                            .or_else(|| (v >= delta && w + delta <= 100).then_some((r.id.clone(), w)))
                    });
                let mut other = scan.clone();
                match partner {
                    Some((p, w)) => {
                        let up = v + delta <= 100 && w >= delta;
                        let (nv, nw) = if up { (v + delta, w - delta) } else { (v - delta, w + delta) };
                        other.rate(&anon.id, code, Some(nv), &f, t(4)).unwrap();
                        other.rate(&p, code, Some(nw), &f, t(4)).unwrap();
                    }
                    // Every value at the scale's end: a mean of 0 or 100 says each one, as any
                    // mean does; nothing else to check here.
                    None if !others.is_empty() => continue,
                    None => {
                        let nv = if v + delta <= 100 { v + delta } else { v - delta };
                        other.rate(&anon.id, code, Some(nv), &f, t(4)).unwrap();
                    }
                }
                prop_assert_eq!(&shown(&f, &other), &before, "{} on {} told", anon.id, code);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// No anonymous value can be computed from what the device stores: the same answers given
    /// by other respondents (each item's values shuffled among them) store the same bytes.
    #[test]
    fn what_is_stored_does_not_tell_who_gave_what(values in arb_pool_answers(), seed in any::<u64>()) {
        let (f, scan) = alone();
        let files = |values: &[[Option<u32>; 2]]| -> Vec<Feedback> {
            values.iter().enumerate().map(|(i, v)| answer(&scan, &f, &format!("r{i}"), *v, 5)).collect()
        };
        let mut shuffled = values.clone();
        for item in 0..2 {
            let mut column: Vec<Option<u32>> = shuffled.iter().map(|v| v[item]).collect();
            let n = column.len();
            column.rotate_left((seed as usize + item) % n);
            for (v, x) in shuffled.iter_mut().zip(column) {
                v[item] = x;
            }
        }
        let (one, _) = take(&f, &scan, &files(&values)).unwrap();
        let (other, _) = take(&f, &scan, &files(&shuffled)).unwrap();
        prop_assert_eq!(draft::encode(&one, 1), draft::encode(&other, 1));
        prop_assert_eq!(shown(&f, &one), shown(&f, &other));
    }

    /// Pools from several devices merge as a join, and every state a device reaches differs
    /// from the one before by none or at least the minimum of answers counted.
    #[test]
    fn pools_join_and_grow_by_at_least_the_minimum(
        sets in prop::collection::vec(prop::collection::btree_set(0usize..9, 1..6), 1..6),
        order in any::<u64>(),
    ) {
        let (f, scan) = alone();
        let file = |i: usize| answer(&scan, &f, &format!("r{i}"), [Some((i as u32 * 13) % 101), None], 5);
        let counted = |s: &Scan| {
            let scores = score(&f, s);
            role_scores(&f, s, &scores).iter().find(|r| r.role == RaterRole::Colleague).map_or(0, |r| r.raters)
        };
        let mut devices: Vec<Scan> = Vec::new();
        for (n, set) in sets.iter().enumerate() {
            let mut device = devices.get(n % 3).cloned().unwrap_or_else(|| scan.clone());
            let before = counted(&device);
            if let Ok((after, _)) = take(&f, &device, &set.iter().map(|i| file(*i)).collect::<Vec<_>>()) {
                let grown = counted(&after) as i64 - before as i64;
                prop_assert!(grown == 0 || grown >= 3, "{before} → {}", counted(&after));
                device = after;
            }
            if devices.len() > n % 3 { devices[n % 3] = device } else { devices.push(device) }
        }
        let device = |i: usize| devices.get(i).cloned().unwrap_or_else(|| scan.clone());
        let (x, y, z) = (device(0), device(1), device(2));
        let j = |a: &Scan, b: &Scan| merge(a, b).0;
        prop_assert_eq!(j(&x, &y), j(&y, &x));
        prop_assert_eq!(j(&x, &x), x.clone());
        prop_assert_eq!(j(&j(&x, &y), &z), j(&x, &j(&y, &z)));
        // Every device ends with the same figures, whichever merged first.
        let ends = if order % 2 == 0 { j(&j(&x, &y), &z) } else { j(&z, &j(&y, &x)) };
        prop_assert_eq!(shown(&f, &ends), shown(&f, &j(&x, &j(&z, &y))));
    }
}
