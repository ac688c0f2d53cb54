//! Anonymous 360° feedback stays anonymous (issue 25): a role that holds an anonymous answer
//! shows only its mean, and nothing until at least the minimum of its raters answered (3, or
//! more where a framework raises it). The oracle: no anonymous value can be computed from what
//! the results, report, charts and coach CSV show. For every anonymous value, a scan where it
//! is moved up and another value of the same role and item down by as much (or, alone on its
//! item, moved on its own) shows exactly the same. (A mean at the scale's very end, 0 or 100,
//! says every value it holds, as any mean does.)

mod common;

use common::{student, t};
use competentiescan_core::chart::series;
use competentiescan_core::feedback::{apply, Feedback};
use competentiescan_core::framework::{Framework, MIN_ANONYMOUS_GROUP};
use competentiescan_core::i18n::Lang;
use competentiescan_core::overview::csv;
use competentiescan_core::rater::{RaterId, RaterRole};
use competentiescan_core::scan::{Scan, Subject};
use competentiescan_core::scoring::{
    is_anonymous, named_values, role_scores, score, self_vs_others, Disclosure,
};
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
    let (f, scan) = with_colleagues(&[
        ("Pieter Jansen", [Some(60), None]),
        ("Fatima El Idrissi", [Some(75), None]),
        ("", [Some(50), None]),
    ]);
    let scores = score(&f, &scan);
    let roles = role_scores(&f, &scan, &scores);
    let colleagues = roles
        .iter()
        .find(|r| r.role == RaterRole::Colleague)
        .unwrap();
    assert_eq!(colleagues.disclosure, Disclosure::Pooled);
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

#[test]
fn a_second_answer_from_one_respondent_replaces_the_first_and_counts_once() {
    let (f, scan) = with_colleagues(&[("", [Some(60), None]), ("", [Some(50), None])]);
    let mut column = scan.rater(&id("c1")).unwrap().clone();
    let code = f.items(None)[0].code.clone();
    column.ratings.get_mut(&code).unwrap().value = Some(55);
    column.ratings.get_mut(&code).unwrap().at = t(9);
    let again = Feedback {
        scan_id: scan.id.clone(),
        framework_hash: scan.framework.hash.clone(),
        variant: None,
        sent: t(9),
        rater: column,
    };
    let (after, _) = apply(&scan, &f, &again).unwrap();
    assert_eq!(after.raters.iter().filter(|r| is_anonymous(r)).count(), 2);
    assert_eq!(
        colleagues(&f, &after).1,
        Disclosure::TooFew {
            answered: 2,
            needed: 3
        },
        "still two answers: the second replaced the first"
    );
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
