//! Scoring rules against the real bundled frameworks: bands at their boundaries, the decisive
//! rating, means that never count an unrated item as 0, speerpunten, sterke punten, verschillen,
//! reflection picks, the studieadvies, and the scan operations that feed them.

use competentiescan_core::framework::Framework;
use competentiescan_core::i18n::Lang;
use competentiescan_core::rater::{RaterId, RaterRole};
use competentiescan_core::scan::{excerpt, Scan, Subject};
use competentiescan_core::scoring::{
    range_text, score, study_advice, Decisive, DifferenceKind, ItemScore, Mean, Scores,
    REFLECTION_PICKS,
};

const QUICK_SCAN: &str = "quickscan-smd-2014";
const SAM: &str = "beroepsprofiel-sam-2020";

mod common;
use common::{date, framework, student as st, supervisor as sup, t};

fn new_scan(f: &Framework) -> Scan {
    Scan::new("s1".into(), t(0), f, None, Subject::default())
}

/// The primary supervisor's paraafs.
fn paraafs(scan: &Scan) -> std::collections::BTreeMap<String, competentiescan_core::scan::Paraaf> {
    scan.primary(RaterRole::Supervisor)
        .map(|r| r.paraafs.clone())
        .unwrap_or_default()
}

/// The item codes in form order.
fn codes(f: &Framework) -> Vec<String> {
    f.items(None).iter().map(|i| i.code.clone()).collect()
}

/// A scan with one rater's values on the items at the given form positions.
fn scan_with(f: &Framework, rater: &RaterId, values: &[(usize, u32)]) -> Scan {
    let codes = codes(f);
    let mut scan = new_scan(f);
    for &(i, v) in values {
        scan.rate(rater, &codes[i], Some(v), f, t(1)).unwrap();
    }
    scan
}

fn band_id<'f>(f: &'f Framework, s: &ItemScore) -> Option<&'f str> {
    s.band.map(|b| f.bands[b].id.as_str())
}

/// The codes of the items at the given indices into `scores.items`.
fn picked(scores: &Scores, indices: &[usize]) -> Vec<String> {
    indices
        .iter()
        .map(|&i| scores.items[i].item.code.clone())
        .collect()
}

/// The codes of the items at the given form positions.
fn codes_at(f: &Framework, positions: &[usize]) -> Vec<String> {
    let codes = codes(f);
    positions.iter().map(|&i| codes[i].clone()).collect()
}

/// A small assessment framework with the given bands and difference threshold: one group of
/// four items A1–A4.
fn small_assessment(bands: &str, threshold: u32) -> Framework {
    let json = format!(
        r#"{{"format":"competentiescan-framework","formatVersion":1,"id":"klein","version":"1.0.0",
        "title":"Klein kader","language":"nl","purpose":"assessment",
        "source":{{"publisher":"School","year":2026,"document":"Doc"}},
        "scale":{{"min":0,"max":100,"step":5,"unit":"%"}},"bands":[{bands}],
        "differenceThreshold":{threshold},"raters":["student","supervisor"],
        "nodes":[{{"code":"A","kind":"Onderdeel","title":"Alles","items":[
            {{"code":"A1","title":"Een"}},{{"code":"A2","title":"Twee"}},
            {{"code":"A3","title":"Drie"}},{{"code":"A4","title":"Vier"}}]}}]}}"#
    );
    Framework::parse(&json).unwrap_or_else(|e| panic!("small framework: {e:?}"))
}

const BAND: &str = r#""label":"L","meaning":"M","advice":"A""#;

#[test]
fn the_bundled_frameworks_are_what_these_tests_assume() {
    let qs = framework(QUICK_SCAN);
    assert!(qs.has_verdicts());
    let ids: Vec<_> = qs.bands.iter().map(|b| b.id.as_str()).collect();
    assert_eq!(ids, ["must-improve", "work-on", "good"]);
    let focus: Vec<_> = qs.bands.iter().map(|b| b.focus).collect();
    assert_eq!(focus, [true, true, false]);
    assert_eq!(qs.items(None).len(), 33);
    assert_eq!(qs.difference_threshold, 15);
    let sam = framework(SAM);
    assert!(!sam.has_verdicts());
    assert_eq!(sam.difference_threshold, 15);
    // Scores list the items in form order, so an index into `scores.items` is a form position.
    for f in [&qs, &sam] {
        let scores = score(f, &new_scan(f));
        assert_eq!(
            picked(&scores, &(0..scores.items.len()).collect::<Vec<_>>()),
            codes(f)
        );
    }
}

/// (form position, value, band id): each on a different item, spread over the groups.
const BOUNDARIES: &[(usize, u32, &str)] = &[
    (0, 54, "must-improve"),
    (4, 55, "work-on"),
    (9, 75, "work-on"),
    (13, 76, "good"),
    (20, 0, "must-improve"),
    (32, 100, "good"),
];

#[test]
fn bands_at_the_boundaries() {
    let f = framework(QUICK_SCAN);
    let values: Vec<_> = BOUNDARIES.iter().map(|&(i, v, _)| (i, v)).collect();
    for rater in [st(), sup()] {
        let scan = scan_with(&f, &rater, &values);
        let scores = score(&f, &scan);
        for &(i, v, band) in BOUNDARIES {
            assert_eq!(
                band_id(&f, &scores.items[i]),
                Some(band),
                "{v} rated by {rater:?} on item {i}"
            );
        }
        let banded = scores.items.iter().filter(|s| s.band.is_some()).count();
        assert_eq!(banded, BOUNDARIES.len(), "only rated items get a band");
    }
}

/// (value, band id) for `band_for`, which also takes means.
const MEAN_BANDS: &[(f64, &str)] = &[
    (0.0, "must-improve"),
    (54.0, "must-improve"),
    (54.9, "must-improve"),
    (55.0, "work-on"),
    (75.0, "work-on"),
    (75.01, "good"),
    (75.5, "good"),
    (76.0, "good"),
    (100.0, "good"),
];

#[test]
fn a_mean_above_75_even_75_5_is_good() {
    let f = framework(QUICK_SCAN);
    for &(v, band) in MEAN_BANDS {
        assert_eq!(
            f.band_for(v).map(|b| b.id.as_str()),
            Some(band),
            "band_for({v})"
        );
    }
    // Items 0 and 1 are both in group 1.1: 75 (work-on) and 76 (good) average to 75.5, GOED.
    let scan = scan_with(&f, &sup(), &[(0, 75), (1, 76)]);
    let scores = score(&f, &scan);
    assert_eq!(scores.groups[0].node.code, "1.1");
    for (name, mean) in [
        ("group 1.1", scores.groups[0].decisive),
        ("overall", scores.overall.decisive),
    ] {
        assert_eq!(mean.value, Some(75.5), "{name}");
        let band = f.band_for(mean.value.unwrap()).map(|b| b.label.as_str());
        assert_eq!(band, Some("GOED"), "{name}: 75.5 is above 75");
    }
}

/// (case, student, supervisor, decisive, band id).
type DecisiveCase = (
    &'static str,
    Option<u32>,
    Option<u32>,
    Option<(u32, RaterRole)>,
    Option<&'static str>,
);

const DECISIVE: &[DecisiveCase] = &[
    (
        "student only",
        Some(60),
        None,
        Some((60, RaterRole::Subject)),
        Some("work-on"),
    ),
    (
        "supervisor only",
        None,
        Some(80),
        Some((80, RaterRole::Supervisor)),
        Some("good"),
    ),
    (
        "both, supervisor higher",
        Some(50),
        Some(80),
        Some((80, RaterRole::Supervisor)),
        Some("good"),
    ),
    (
        "both, supervisor lower",
        Some(90),
        Some(40),
        Some((40, RaterRole::Supervisor)),
        Some("must-improve"),
    ),
    (
        "both, supervisor 0",
        Some(80),
        Some(0),
        Some((0, RaterRole::Supervisor)),
        Some("must-improve"),
    ),
    ("neither", None, None, None, None),
];

#[test]
fn the_supervisor_decides_where_present() {
    let f = framework(QUICK_SCAN);
    let codes = codes(&f);
    let mut scan = new_scan(&f);
    // Every case on its own item, all in one scan.
    for (i, &(_, student, supervisor, _, _)) in DECISIVE.iter().enumerate() {
        scan.rate(&st(), &codes[i], student, &f, t(1)).unwrap();
        scan.rate(&sup(), &codes[i], supervisor, &f, t(2)).unwrap();
    }
    let scores = score(&f, &scan);
    for (i, &(case, student, supervisor, decisive, band)) in DECISIVE.iter().enumerate() {
        let s = &scores.items[i];
        assert_eq!(s.student, student, "{case}: student");
        assert_eq!(s.supervisor, supervisor, "{case}: supervisor");
        let expected = decisive.map(|(value, by)| Decisive { value, by });
        assert_eq!(s.decisive, expected, "{case}: decisive");
        assert_eq!(band_id(&f, s), band, "{case}: band");
    }
}

#[test]
fn unrated_items_never_count_as_zero() {
    let f = framework(QUICK_SCAN);
    let mut scan = scan_with(&f, &st(), &[(0, 80)]);
    // A comment without a value is no rating either.
    scan.comment(&st(), &codes(&f)[1], "weet ik nog niet", &f, t(2))
        .unwrap();
    let scores = score(&f, &scan);
    let group = &scores.groups[0];
    assert_eq!(group.node.items.len(), 4, "group 1.1 has four items");
    let one_of_four = Mean {
        value: Some(80.0),
        rated: 1,
        total: 4,
    };
    assert_eq!(group.student, one_of_four);
    assert_eq!(group.decisive, one_of_four);
    let one_of_all = Mean {
        value: Some(80.0),
        rated: 1,
        total: 33,
    };
    assert_eq!(scores.overall.student, one_of_all);
    assert_eq!(scores.overall.decisive, one_of_all);
    assert_eq!(
        scores.groups[1].decisive,
        Mean {
            value: None,
            rated: 0,
            total: 3
        },
        "group 1.2 is untouched"
    );
}

#[test]
fn means_average_the_rated_items() {
    let f = framework(QUICK_SCAN);
    let codes = codes(&f);
    let mut scan = new_scan(&f);
    // Group 1.1: student 60, 70, 90; supervisor 80 on the first only.
    for (code, v) in codes.iter().zip([60, 70, 90]) {
        scan.rate(&st(), code, Some(v), &f, t(1)).unwrap();
    }
    scan.rate(&sup(), &codes[0], Some(80), &f, t(2)).unwrap();
    let g = score(&f, &scan).groups[0];
    let mean = |value: f64, rated| Mean {
        value: Some(value),
        rated,
        total: 4,
    };
    assert_eq!(g.student, mean(220.0 / 3.0, 3), "student");
    assert_eq!(g.supervisor, mean(80.0, 1), "supervisor");
    assert_eq!(g.decisive, mean(80.0, 3), "decisive: 80, 70, 90");
}

#[test]
fn an_empty_scan_has_no_means_but_the_right_totals() {
    for id in [QUICK_SCAN, SAM] {
        let f = framework(id);
        let scores = score(&f, &new_scan(&f));
        let total = f.items(None).len();
        for (rater, mean) in [
            ("student", scores.overall.student),
            ("supervisor", scores.overall.supervisor),
            ("decisive", scores.overall.decisive),
        ] {
            let expected = Mean {
                value: None,
                rated: 0,
                total,
            };
            assert_eq!(mean, expected, "{id}: overall {rater}");
        }
        let groups = f.groups(None);
        assert_eq!(
            scores.groups.len(),
            groups.len(),
            "{id}: one score per group"
        );
        for (g, group) in scores.groups.iter().zip(&groups) {
            let n = group.node.items.len();
            for mean in [g.student, g.supervisor, g.decisive] {
                assert_eq!(
                    mean,
                    Mean {
                        value: None,
                        rated: 0,
                        total: n
                    },
                    "{id}: group {}",
                    g.node.code
                );
            }
        }
        assert!(scores.items.iter().all(|s| s.decisive.is_none()), "{id}");
        assert!(scores.focus.is_empty(), "{id}: no speerpunten");
        assert!(scores.strengths.is_empty(), "{id}: no strengths");
        assert!(scores.challenges.is_empty(), "{id}: no challenges");
        assert!(scores.differences.is_empty(), "{id}: no differences");
    }
    assert_eq!(framework(QUICK_SCAN).items(None).len(), 33);
}

#[test]
fn one_rater_only_leaves_the_other_mean_empty() {
    let f = framework(QUICK_SCAN);
    for (rater, other) in [(st(), sup()), (sup(), st())] {
        let scan = scan_with(&f, &rater, &[(0, 60), (5, 90)]);
        let overall = score(&f, &scan).overall;
        let pick = |r: &RaterId| {
            if *r == st() {
                overall.student
            } else {
                overall.supervisor
            }
        };
        let rated = Mean {
            value: Some(75.0),
            rated: 2,
            total: 33,
        };
        let empty = Mean {
            value: None,
            rated: 0,
            total: 33,
        };
        assert_eq!(pick(&rater), rated, "{rater:?} rated");
        assert_eq!(pick(&other), empty, "{other:?} did not rate");
        assert_eq!(overall.decisive, rated, "decisive follows {rater:?}");
    }
}

#[test]
fn speerpunten_worst_band_first_then_lowest_then_form_order() {
    let f = framework(QUICK_SCAN);
    // (form position, value); the expected order is listed below.
    let values = [
        (0, 70),
        (1, 80),
        (2, 50),
        (3, 55),
        (4, 30),
        (5, 100),
        (6, 50),
        (7, 55),
        (8, 76),
        (9, 54),
        (10, 75),
    ];
    let scan = scan_with(&f, &sup(), &values);
    let scores = score(&f, &scan);
    // must-improve: 30 (4), 50 (2), 50 (6), 54 (9); work-on: 55 (3), 55 (7), 70 (0), 75 (10).
    assert_eq!(
        picked(&scores, &scores.focus),
        codes_at(&f, &[4, 2, 6, 9, 3, 7, 0, 10])
    );
    // Sterke punten: the GOED items, highest first.
    assert_eq!(picked(&scores, &scores.strengths), codes_at(&f, &[5, 1, 8]));
    assert!(scores.challenges.is_empty(), "assessment has no challenges");
}

#[test]
fn strengths_tie_in_form_order_and_follow_the_decisive_value() {
    let f = framework(QUICK_SCAN);
    let codes = codes(&f);
    let mut scan = scan_with(&f, &st(), &[(0, 80), (1, 90), (2, 80), (3, 90)]);
    // The supervisor pulls item 3 down into work-on and item 4 (student 40) up to GOED.
    scan.rate(&sup(), &codes[3], Some(60), &f, t(2)).unwrap();
    scan.rate(&st(), &codes[4], Some(40), &f, t(1)).unwrap();
    scan.rate(&sup(), &codes[4], Some(85), &f, t(2)).unwrap();
    let scores = score(&f, &scan);
    assert_eq!(
        picked(&scores, &scores.strengths),
        codes_at(&f, &[1, 4, 0, 2])
    );
    assert_eq!(picked(&scores, &scores.focus), codes_at(&f, &[3]));
}

/// (case, student, supervisor, expected difference).
type DifferenceCase = (
    &'static str,
    Option<u32>,
    Option<u32>,
    Option<DifferenceKind>,
);

const DIFFERENCES: &[DifferenceCase] = &[
    (
        "student 15 higher",
        Some(75),
        Some(60),
        Some(DifferenceKind::BlindSpot),
    ),
    ("student 14 higher", Some(74), Some(60), None),
    (
        "supervisor 15 higher",
        Some(60),
        Some(75),
        Some(DifferenceKind::HiddenStrength),
    ),
    ("supervisor 14 higher", Some(60), Some(74), None),
    (
        "student far higher",
        Some(100),
        Some(0),
        Some(DifferenceKind::BlindSpot),
    ),
    (
        "supervisor far higher",
        Some(20),
        Some(90),
        Some(DifferenceKind::HiddenStrength),
    ),
    ("equal", Some(50), Some(50), None),
    ("student only", Some(100), None, None),
    ("supervisor only", None, Some(0), None),
    ("neither", None, None, None),
];

#[test]
fn differences_from_the_threshold_on() {
    let f = framework(QUICK_SCAN);
    assert_eq!(f.difference_threshold, 15);
    let codes = codes(&f);
    let mut scan = new_scan(&f);
    for (i, &(_, student, supervisor, _)) in DIFFERENCES.iter().enumerate() {
        scan.rate(&st(), &codes[i], student, &f, t(1)).unwrap();
        scan.rate(&sup(), &codes[i], supervisor, &f, t(2)).unwrap();
    }
    let scores = score(&f, &scan);
    for (i, &(case, student, supervisor, kind)) in DIFFERENCES.iter().enumerate() {
        let found: Vec<_> = scores
            .differences
            .iter()
            .filter(|d| d.item.code == codes[i])
            .collect();
        match kind {
            None => assert!(found.is_empty(), "{case}: no difference, got {found:?}"),
            Some(kind) => {
                assert_eq!(found.len(), 1, "{case}: one difference");
                let d = found[0];
                assert_eq!(d.kind, kind, "{case}");
                assert_eq!(Some(d.student), student, "{case}: student");
                assert_eq!(Some(d.supervisor), supervisor, "{case}: supervisor");
            }
        }
    }
    let expected = DIFFERENCES.iter().filter(|c| c.3.is_some()).count();
    assert_eq!(
        scores.differences.len(),
        expected,
        "differences in form order"
    );
    let order: Vec<_> = scores
        .differences
        .iter()
        .map(|d| d.item.code.clone())
        .collect();
    let positions: Vec<_> = (0..DIFFERENCES.len())
        .filter(|&i| DIFFERENCES[i].3.is_some())
        .collect();
    assert_eq!(order, codes_at(&f, &positions), "form order");
}

#[test]
fn differences_in_a_reflection_framework_too() {
    let f = framework(SAM);
    let codes = codes(&f);
    let mut scan = new_scan(&f);
    scan.rate(&st(), &codes[0], Some(80), &f, t(1)).unwrap();
    scan.rate(&sup(), &codes[0], Some(65), &f, t(2)).unwrap();
    scan.rate(&st(), &codes[1], Some(80), &f, t(1)).unwrap();
    scan.rate(&sup(), &codes[1], Some(70), &f, t(2)).unwrap();
    let scores = score(&f, &scan);
    assert_eq!(scores.differences.len(), 1);
    assert_eq!(scores.differences[0].item.code, codes[0]);
    assert_eq!(scores.differences[0].kind, DifferenceKind::BlindSpot);
}

#[test]
fn the_difference_threshold_is_the_frameworks() {
    let bands = format!(
        r#"{{"id":"laag",{BAND},"focus":true,"below":50}},{{"id":"hoog",{BAND},"focus":false}}"#
    );
    // (threshold, student, supervisor, is a difference)
    let cases = [
        (10, 60, 70, true),
        (10, 60, 69, false),
        (25, 50, 75, true),
        (25, 50, 70, false),
    ];
    for (threshold, student, supervisor, expected) in cases {
        let f = small_assessment(&bands, threshold);
        let mut scan = new_scan(&f);
        scan.rate(&st(), "A1", Some(student), &f, t(1)).unwrap();
        scan.rate(&sup(), "A1", Some(supervisor), &f, t(2)).unwrap();
        let found = !score(&f, &scan).differences.is_empty();
        assert_eq!(
            found, expected,
            "threshold {threshold}: student {student}, supervisor {supervisor}"
        );
    }
}

#[test]
fn all_items_equal_in_an_assessment_are_all_speerpunten() {
    let f = framework(QUICK_SCAN);
    let values: Vec<_> = (0..33).map(|i| (i, 60)).collect();
    let scores = score(&f, &scan_with(&f, &st(), &values));
    assert_eq!(scores.focus, (0..33).collect::<Vec<_>>(), "form order");
    for s in &scores.items {
        assert_eq!(band_id(&f, s), Some("work-on"), "{}", s.item.code);
    }
    assert!(scores.strengths.is_empty());
    assert!(scores.challenges.is_empty());
    assert_eq!(scores.overall.decisive.value, Some(60.0));
}

#[test]
fn all_items_equal_in_a_reflection_pick_nothing() {
    let f = framework(SAM);
    let n = f.items(None).len();
    assert_eq!(n, 29);
    let values: Vec<_> = (0..n).map(|i| (i, 50)).collect();
    let scores = score(&f, &scan_with(&f, &st(), &values));
    assert!(scores.strengths.is_empty(), "no strengths");
    assert!(scores.challenges.is_empty(), "no challenges");
    assert!(scores.focus.is_empty(), "no speerpunten");
    for s in &scores.items {
        assert_eq!(
            s.band, None,
            "{}: reflection never gets a band",
            s.item.code
        );
        assert!(s.decisive.is_some(), "{}", s.item.code);
    }
    assert!(f.band_for(50.0).is_none(), "nor does a mean");
    assert_eq!(scores.overall.decisive.value, Some(50.0));
}

/// (case, (form position, value), strengths, challenges) as form positions.
type PickCase = (
    &'static str,
    &'static [(usize, u32)],
    &'static [usize],
    &'static [usize],
);

const PICKS: &[PickCase] = &[
    (
        "ties in form order at both ends",
        &[
            (0, 90),
            (1, 70),
            (2, 90),
            (3, 40),
            (5, 90),
            (7, 90),
            (8, 20),
            (9, 40),
            (10, 20),
            (12, 60),
            (28, 85),
        ],
        &[0, 2, 5],
        &[8, 10, 3],
    ),
    (
        "three distinct highest and lowest",
        &[
            (0, 10),
            (4, 95),
            (6, 30),
            (11, 50),
            (15, 80),
            (20, 20),
            (25, 90),
        ],
        &[4, 25, 15],
        &[0, 20, 6],
    ),
    ("two items", &[(3, 40), (17, 60)], &[17], &[3]),
    ("two items, reversed", &[(3, 60), (17, 40)], &[3], &[17]),
    (
        "four items: never overlapping",
        &[(0, 10), (1, 20), (2, 30), (3, 40)],
        &[3, 2, 1],
        &[0],
    ),
    (
        "three items: never overlapping",
        &[(0, 10), (1, 20), (2, 30)],
        &[2, 1],
        &[0],
    ),
    ("one item", &[(6, 70)], &[], &[]),
    (
        "the lowest is never a strength",
        &[(0, 50), (1, 50), (2, 50), (3, 50), (4, 90)],
        &[4],
        &[0, 1, 2],
    ),
];

#[test]
fn reflection_picks_the_highest_and_lowest() {
    let f = framework(SAM);
    for &(case, values, strengths, challenges) in PICKS {
        for rater in [st(), sup()] {
            let scores = score(&f, &scan_with(&f, &rater, values));
            let s = picked(&scores, &scores.strengths);
            let c = picked(&scores, &scores.challenges);
            assert_eq!(s, codes_at(&f, strengths), "{case} ({rater:?}): strengths");
            assert_eq!(
                c,
                codes_at(&f, challenges),
                "{case} ({rater:?}): challenges"
            );
            assert!(
                s.len() <= REFLECTION_PICKS && c.len() <= REFLECTION_PICKS,
                "{case}"
            );
            assert!(
                s.iter().all(|x| !c.contains(x)),
                "{case}: strengths and challenges overlap"
            );
            assert!(
                scores.focus.is_empty(),
                "{case}: reflection has no speerpunten"
            );
            assert!(
                scores.items.iter().all(|i| i.band.is_none()),
                "{case}: reflection has no bands"
            );
        }
    }
}

#[test]
fn reflection_picks_use_the_decisive_value() {
    let f = framework(SAM);
    let codes = codes(&f);
    let mut scan = scan_with(&f, &st(), &[(0, 90), (1, 40)]);
    // The supervisor turns them round.
    scan.rate(&sup(), &codes[0], Some(30), &f, t(2)).unwrap();
    scan.rate(&sup(), &codes[1], Some(80), &f, t(2)).unwrap();
    let scores = score(&f, &scan);
    assert_eq!(picked(&scores, &scores.strengths), [codes[1].clone()]);
    assert_eq!(picked(&scores, &scores.challenges), [codes[0].clone()]);
}

#[test]
fn study_advice_asks_to_fill_in_an_empty_scan() {
    let f = framework(QUICK_SCAN);
    let mut scan = new_scan(&f);
    scan.comment(&st(), &codes(&f)[0], "alleen een opmerking", &f, t(1))
        .unwrap();
    let advice = study_advice(&f, &score(&f, &scan), Lang::Nl);
    assert_eq!(advice.len(), 1, "{advice:?}");
    let text = advice[0].to_lowercase();
    assert!(text.contains("vul") && text.contains("scan"), "{advice:?}");
}

#[test]
fn study_advice_gives_one_sentence_per_band_in_band_order() {
    let f = framework(QUICK_SCAN);
    // GOED ×3, work-on ×1, must-improve ×2, given in mixed order.
    let values = [(0, 90), (1, 60), (2, 40), (3, 80), (4, 100), (5, 10)];
    let advice = study_advice(&f, &score(&f, &scan_with(&f, &sup(), &values)), Lang::Nl);
    // (count, band label, range text)
    let expected = [
        ("2 onderdelen", "MOET verbeteren", "< 55 %"),
        ("1 onderdeel", "Aan werken tijdens opleiding", "55–75 %"),
        ("3 onderdelen", "GOED", "> 75 %"),
    ];
    assert_eq!(advice.len(), expected.len(), "{advice:?}");
    for ((sentence, (count, label, range)), band) in advice.iter().zip(expected).zip(&f.bands) {
        assert!(
            sentence.starts_with(count),
            "{sentence:?} starts with {count:?}"
        );
        assert!(sentence.contains(label), "{sentence:?} names {label:?}");
        assert!(sentence.contains(range), "{sentence:?} gives {range:?}");
        assert!(
            sentence.contains(&band.advice),
            "{sentence:?} gives the advice"
        );
    }
}

#[test]
fn study_advice_leaves_out_empty_bands() {
    let f = framework(QUICK_SCAN);
    let advice = study_advice(&f, &score(&f, &scan_with(&f, &st(), &[(7, 76)])), Lang::Nl);
    assert_eq!(advice.len(), 1, "{advice:?}");
    assert!(
        advice[0].starts_with("1 onderdeel: GOED (> 75 %)"),
        "{advice:?}"
    );
}

#[test]
fn study_advice_speaks_the_interface_language() {
    let f = framework(QUICK_SCAN);
    let values = [(0, 90), (1, 60), (2, 95)];
    let advice = study_advice(&f, &score(&f, &scan_with(&f, &sup(), &values)), Lang::En);
    assert!(
        advice[0].starts_with("1 part: Aan werken tijdens opleiding (55–75 %)."),
        "{advice:?}"
    );
    assert!(advice[1].starts_with("2 parts: GOED"), "{advice:?}");
}

#[test]
fn study_advice_is_empty_for_reflection() {
    let f = framework(SAM);
    for values in [&[][..], &[(0, 10), (1, 60), (2, 90)][..]] {
        let scores = score(&f, &scan_with(&f, &st(), values));
        assert!(study_advice(&f, &scores, Lang::Nl).is_empty(), "{values:?}");
    }
}

#[test]
fn range_texts_of_the_quick_scan() {
    let f = framework(QUICK_SCAN);
    let texts: Vec<_> = (0..f.bands.len())
        .map(|b| range_text(&f, b, Lang::Nl))
        .collect();
    assert_eq!(texts, ["< 55 %", "55–75 %", "> 75 %"]);
}

#[test]
fn range_texts_follow_below_and_up_to() {
    // (bands, expected texts)
    let cases = [
        (
            format!(
                r#"{{"id":"a",{BAND},"focus":true,"upTo":50}},{{"id":"b",{BAND},"focus":true,"below":80}},{{"id":"c",{BAND},"focus":false}}"#
            ),
            vec!["≤ 50 %", "> 50 en < 80 %", "≥ 80 %"],
        ),
        (
            format!(
                r#"{{"id":"a",{BAND},"focus":true,"below":40}},{{"id":"b",{BAND},"focus":false}}"#
            ),
            vec!["< 40 %", "≥ 40 %"],
        ),
    ];
    for (bands, expected) in cases {
        let f = small_assessment(&bands, 15);
        let texts: Vec<_> = (0..f.bands.len())
            .map(|b| range_text(&f, b, Lang::Nl))
            .collect();
        assert_eq!(texts, expected, "{bands}");
    }
}

#[test]
fn paraaf_all_initials_supervisor_rated_rows_only() {
    let f = framework(QUICK_SCAN);
    let codes = codes(&f);
    let mut scan = new_scan(&f);
    scan.rate(&sup(), &codes[0], Some(70), &f, t(1)).unwrap();
    scan.rate(&sup(), &codes[2], Some(40), &f, t(1)).unwrap();
    scan.rate(&st(), &codes[1], Some(90), &f, t(1)).unwrap();
    scan.comment(&sup(), &codes[3], "nog niet gezien", &f, t(1))
        .unwrap();

    assert_eq!(
        scan.paraaf_all(&sup(), &f, "  ", date("2026-11-22"), t(2)),
        0,
        "no initials"
    );
    assert!(paraafs(&scan).is_empty());

    assert_eq!(
        scan.paraaf_all(&sup(), &f, "JdV", date("2026-11-22"), t(3)),
        2
    );
    let keys: Vec<_> = paraafs(&scan).keys().cloned().collect();
    assert_eq!(keys, codes_at(&f, &[0, 2]));
    assert_eq!(paraafs(&scan)[&codes[0]].value, 70);
    assert_eq!(paraafs(&scan)[&codes[2]].value, 40);
    assert_eq!(paraafs(&scan)[&codes[0]].initials, "JdV");
    assert_eq!(scan.updated, t(3));

    assert_eq!(
        scan.paraaf_all(&sup(), &f, "AB", date("2026-11-23"), t(4)),
        0,
        "nothing new"
    );
    assert_eq!(
        paraafs(&scan)[&codes[0]].initials,
        "JdV",
        "existing paraaf kept"
    );

    scan.rate(&sup(), &codes[5], Some(80), &f, t(5)).unwrap();
    scan.rate(&sup(), &codes[0], Some(75), &f, t(5)).unwrap();
    assert!(
        !paraafs(&scan).contains_key(&codes[0]),
        "changed value lost it"
    );
    assert_eq!(
        scan.paraaf_all(&sup(), &f, "AB", date("2026-11-23"), t(6)),
        2
    );
    assert_eq!(paraafs(&scan)[&codes[0]].value, 75);
    assert_eq!(paraafs(&scan)[&codes[5]].initials, "AB");
    assert_eq!(paraafs(&scan)[&codes[2]].initials, "JdV");
    assert_eq!(paraafs(&scan).len(), 3);

    assert!(scan.without_paraaf(&f, &sup()).is_empty());
    assert!(
        scan.without_paraaf(&f, &st()).is_empty(),
        "no paraafs: none"
    );
}

#[test]
fn paraaf_all_initials_every_group_of_the_scan() {
    // Issue 26: on the last page it initialled only that page's rows.
    let f = framework(QUICK_SCAN);
    let codes = codes(&f);
    let groups = f.groups(None);
    assert!(groups.len() > 2);
    let mut scan = new_scan(&f);
    for (i, code) in codes.iter().enumerate() {
        scan.rate(&sup(), code, Some(50 + (i as u32 % 10) * 5), &f, t(1))
            .unwrap();
    }
    scan.paraaf(&sup(), &codes[3], "JdV", date("2026-11-21"), t(2));
    let last = codes.len() - 1;
    scan.rate(&sup(), &codes[last], None, &f, t(2)).unwrap();
    let open: Vec<String> = scan
        .without_paraaf(&f, &sup())
        .iter()
        .map(|i| i.code.clone())
        .collect();
    assert_eq!(open.len(), codes.len() - 2);
    assert!(!open.contains(&codes[3]) && !open.contains(&codes[last]));

    assert_eq!(
        scan.paraaf_all(&sup(), &f, "JdV", date("2026-11-22"), t(3)),
        codes.len() - 2
    );
    assert_eq!(paraafs(&scan).len(), codes.len() - 1, "all rated rows");
    assert_eq!(paraafs(&scan)[&codes[3]].date, date("2026-11-21"), "kept");
    for g in &groups {
        let first = &g.node.items[0].code;
        assert!(paraafs(&scan).contains_key(first), "group {}", g.node.code);
    }
    assert!(scan.without_paraaf(&f, &sup()).is_empty());
}

#[test]
fn unrated_by_group_names_each_items_page() {
    let f = framework(QUICK_SCAN);
    let codes = codes(&f);
    let scan = scan_with(&f, &st(), &(1..33).map(|i| (i, 50)).collect::<Vec<_>>());
    let groups = f.groups(None);
    let last = groups.len() - 1;
    let first_of_last = groups[last].node.items[0].code.clone();
    let mut scan2 = scan.clone();
    scan2.rate(&st(), &first_of_last, None, &f, t(2)).unwrap();
    let pages = |s: &Scan| -> Vec<(usize, String)> {
        s.unrated_by_group(&f, &st())
            .into_iter()
            .map(|(g, i)| (g, i.code.clone()))
            .collect()
    };
    assert_eq!(pages(&scan), vec![(0, codes[0].clone())]);
    assert_eq!(
        pages(&scan2),
        vec![(0, codes[0].clone()), (last, first_of_last)]
    );
    assert_eq!(pages(&new_scan(&f)).len(), 33);
}

#[test]
fn comments_are_counted_and_cut_between_words() {
    let f = framework(QUICK_SCAN);
    let codes = codes(&f);
    let mut scan = new_scan(&f);
    assert_eq!(scan.comment_count(), 0);
    scan.comment(&st(), &codes[0], "Lastig bij nieuwe cliënten", &f, t(1))
        .unwrap();
    scan.comment(&sup(), &codes[0], "Eens", &f, t(1)).unwrap();
    scan.comment(&sup(), &codes[1], "   ", &f, t(1)).unwrap();
    assert_eq!(scan.comment_count(), 2, "spaces are no comment");

    assert_eq!(
        excerpt("Lastig bij nieuwe cliënten", 40),
        "Lastig bij nieuwe cliënten"
    );
    assert_eq!(
        excerpt("Lastig bij nieuwe cliënten", 18),
        "Lastig bij nieuwe…"
    );
    assert_eq!(excerpt("  twee\n regels  ", 40), "twee regels");
    assert_eq!(excerpt("Onafgebrokenwoord", 5), "Onafg…");
    assert_eq!(excerpt("", 5), "");
}

#[test]
fn unrated_lists_missing_items_in_form_order() {
    let f = framework(QUICK_SCAN);
    let codes = codes(&f);
    let mut scan = scan_with(&f, &st(), &[(1, 60), (3, 0), (32, 100)]);
    scan.comment(&st(), &codes[4], "alleen tekst", &f, t(1))
        .unwrap();
    scan.rate(&sup(), &codes[0], Some(80), &f, t(1)).unwrap();

    let unrated = |scan: &Scan, rater| -> Vec<String> {
        scan.unrated(&f, &rater)
            .iter()
            .map(|i| i.code.clone())
            .collect()
    };
    let expected: Vec<_> = (0..33).filter(|i| ![1, 3, 32].contains(i)).collect();
    assert_eq!(unrated(&scan, st()), codes_at(&f, &expected));
    let expected: Vec<_> = (1..33).collect();
    assert_eq!(unrated(&scan, sup()), codes_at(&f, &expected));

    scan.rate(&st(), &codes[3], None, &f, t(2)).unwrap();
    let expected: Vec<_> = (0..32).filter(|&i| i != 1).collect();
    assert_eq!(unrated(&scan, st()), codes_at(&f, &expected), "cleared");

    let full = scan_with(&f, &st(), &(0..33).map(|i| (i, 50)).collect::<Vec<_>>());
    assert!(unrated(&full, st()).is_empty());
}

#[test]
fn progress_counts_rated_items() {
    let f = framework(QUICK_SCAN);
    let codes = codes(&f);
    let mut scan = scan_with(&f, &st(), &[(0, 60), (2, 0), (4, 100)]);
    scan.rate(&sup(), &codes[1], Some(70), &f, t(1)).unwrap();
    scan.comment(&sup(), &codes[3], "opmerking", &f, t(1))
        .unwrap();

    // (rater, overall, group 1.1, group 1.2)
    let cases = [
        (st(), (3, 33), (2, 4), (1, 3)),
        (sup(), (1, 33), (1, 4), (0, 3)),
    ];
    let groups = f.groups(None);
    for (rater, overall, g1, g2) in cases {
        assert_eq!(scan.progress(&f, &rater), overall, "{rater:?} overall");
        assert_eq!(
            scan.group_progress(&groups[0], &rater, None),
            g1,
            "{rater:?} 1.1"
        );
        assert_eq!(
            scan.group_progress(&groups[1], &rater, None),
            g2,
            "{rater:?} 1.2"
        );
        // Progress and the scores' coverage agree.
        let overall_mean = score(&f, &scan).overall;
        let mean = if rater == st() {
            overall_mean.student
        } else {
            overall_mean.supervisor
        };
        assert_eq!((mean.rated, mean.total), overall, "{rater:?} coverage");
    }
    let empty = new_scan(&f);
    assert_eq!(empty.progress(&f, &st()), (0, 33));
    assert_eq!(framework(SAM).items(None).len(), 29);
    assert_eq!(
        new_scan(&framework(SAM)).progress(&framework(SAM), &sup()),
        (0, 29)
    );
}
