//! What the person and the coach see of a scan with any number of raters: per role the mean of
//! its raters (peers averaged, with the count), self against the others' mean, one chart series
//! per role and the CSV's rows per role.

mod common;

use common::{student, supervisor, t};

use competentiescan_core::chart::series;
use competentiescan_core::framework::Framework;
use competentiescan_core::i18n::Lang;
use competentiescan_core::overview::csv;
use competentiescan_core::rater::{RaterId, RaterRole};
use competentiescan_core::scan::{Scan, Subject};
use competentiescan_core::scoring::{
    has_more_raters, role_scores, score, self_vs_others, DifferenceKind,
};

fn id(s: &str) -> RaterId {
    RaterId::parse(s).unwrap()
}

/// A Movisie scan: self, three colleagues (one anonymous) and a manager on the first two items;
/// no BPV-begeleider.
fn multi() -> (Scan, Framework) {
    let f = common::framework("movisie-maatschappelijke-ondersteuning-2013");
    let subject = Subject {
        student: "Sanne".into(),
        ..Subject::default()
    };
    let mut scan = Scan::new("s".into(), t(0), &f, None, subject);
    scan.raters.retain(|r| r.role != RaterRole::Supervisor);
    for (n, name) in [("c1", "Ans"), ("c2", "Bram"), ("c3", "Cor")] {
        scan.add_rater(&f, RaterRole::Colleague, id(n), name, "", t(1))
            .unwrap();
    }
    scan.add_rater(&f, RaterRole::Manager, id("m1"), "Mo", "teamleider", t(1))
        .unwrap();
    let items: Vec<String> = f.items(None).iter().map(|i| i.code.clone()).collect();
    let rates = [
        (student(), [90, 40]),
        (id("c1"), [60, 70]),
        (id("c2"), [70, 80]),
        (id("c3"), [85, 60]),
        (id("m1"), [50, 90]),
    ];
    for (rater, values) in rates {
        for (code, v) in items.iter().zip(values) {
            scan.rate(&rater, code, Some(v), &f, t(2)).unwrap();
        }
    }
    (scan, f)
}

#[test]
fn peers_of_a_role_are_one_mean_with_their_count() {
    let (scan, f) = multi();
    let scores = score(&f, &scan);
    let roles = role_scores(&f, &scan, &scores);
    let summary: Vec<_> = roles
        .iter()
        .map(|r| (r.role, r.raters, r.items[0], r.items[1], r.items[2]))
        .collect();
    assert_eq!(
        summary,
        vec![
            (
                RaterRole::Subject,
                1,
                Some((1, 90.0)),
                Some((1, 40.0)),
                None
            ),
            (
                RaterRole::Colleague,
                3,
                Some((3, 215.0 / 3.0)),
                Some((3, 70.0)),
                None
            ),
            (
                RaterRole::Manager,
                1,
                Some((1, 50.0)),
                Some((1, 90.0)),
                None
            ),
        ]
    );
    let colleagues = &roles[1];
    // The group mean is the mean of the role's item means, over the items the role rated.
    let g = scores
        .groups
        .iter()
        .position(|g| std::ptr::eq(g.node, scores.items[0].group))
        .unwrap();
    let in_group = scores
        .items
        .iter()
        .filter(|s| std::ptr::eq(s.group, scores.items[0].group))
        .count();
    let both = std::ptr::eq(scores.items[1].group, scores.items[0].group);
    let expected = if both {
        (215.0 / 3.0 + 70.0) / 2.0
    } else {
        215.0 / 3.0
    };
    assert!((colleagues.groups[g].value.unwrap() - expected).abs() < 1e-9);
    assert_eq!(colleagues.groups[g].total, in_group);
    assert!((colleagues.overall.value.unwrap() - (215.0 / 3.0 + 70.0) / 2.0).abs() < 1e-9);
    assert_eq!(
        (colleagues.overall.rated, colleagues.overall.total),
        (2, scores.items.len())
    );
    assert!(has_more_raters(&scan));

    let chart = series(&roles);
    assert_eq!(
        chart.iter().map(|s| (s.role, s.raters)).collect::<Vec<_>>(),
        vec![
            (RaterRole::Subject, 1),
            (RaterRole::Colleague, 3),
            (RaterRole::Manager, 1)
        ]
    );
    assert_eq!(chart[1].values.len(), scores.groups.len());
    assert_eq!(chart[1].values[g], colleagues.groups[g].value);
}

#[test]
fn blind_spots_and_hidden_strengths_are_against_the_others_mean() {
    let (scan, f) = multi();
    // Item 1: self 90, others (60 + 70 + 85 + 50) / 4 = 66.25 → blind spot (threshold 15).
    // Item 2: self 40, others (70 + 80 + 60 + 90) / 4 = 75 → hidden strength.
    let gaps: Vec<_> = self_vs_others(&f, &scan, &score(&f, &scan))
        .iter()
        .map(|g| (g.own, g.others, g.count, g.kind))
        .collect();
    assert_eq!(
        gaps,
        vec![
            (90, 66.25, 4, DifferenceKind::BlindSpot),
            (40, 75.0, 4, DifferenceKind::HiddenStrength),
        ]
    );
}

#[test]
fn a_two_rater_scan_keeps_its_two_columns() {
    let f = common::framework("quickscan-smd-2014");
    let mut scan = Scan::new("q".into(), t(0), &f, None, Subject::default());
    let code = f.items(None)[0].code.clone();
    scan.rate(&student(), &code, Some(60), &f, t(1)).unwrap();
    scan.rate(&supervisor(), &code, Some(50), &f, t(2)).unwrap();
    let scores = score(&f, &scan);
    let roles = role_scores(&f, &scan, &scores);
    assert!(!has_more_raters(&scan));
    assert_eq!(
        roles.iter().map(|r| r.role).collect::<Vec<_>>(),
        vec![RaterRole::Subject, RaterRole::Supervisor]
    );
    // The same means as the paper form's St % and BPV % columns.
    for (g, group) in scores.groups.iter().enumerate() {
        assert_eq!(roles[0].groups[g], group.student);
        assert_eq!(roles[1].groups[g], group.supervisor);
    }
    assert_eq!(roles[0].overall, scores.overall.student);
}

#[test]
fn the_csv_has_a_row_per_role_with_its_mean_and_count() {
    let (scan, f) = multi();
    let out = csv(&[(&scan, &f)], Lang::Nl);
    let lines: Vec<&str> = out
        .trim_start_matches('\u{feff}')
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .collect();
    let items = f.items(None).len();
    assert_eq!(
        lines.len(),
        1 + items * 3,
        "self, colleagues, manager per item"
    );
    let tail = |l: &str| l.split(';').skip(9).collect::<Vec<_>>().join(";");
    assert_eq!(tail(lines[1]), "Zelf;1;90;;");
    assert_eq!(tail(lines[2]), "Collega;3;71,67;;");
    assert_eq!(tail(lines[3]), "Leidinggevende;1;50;;");
    assert_eq!(tail(lines[5]), "Collega;3;70;;");
    assert_eq!(tail(lines[7]), "Zelf;0;;;", "an unrated item");
}
