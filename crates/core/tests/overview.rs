//! The coach's overview: its class list, rows, filters and order, the CSV, and growth
//! between scans; the band a value falls into.

mod common;

use std::sync::Arc;

use common::{date, student, supervisor, t};

use competentiescan_core::exchange::Imported;
use competentiescan_core::framework::{BandTone, Framework};
use competentiescan_core::i18n::Lang;
use competentiescan_core::overview::{
    class_rows, csv, frameworks, growth, intake, ClassList, ClassRow, FinishedFilter, SortBy, View,
};
use competentiescan_core::rater::RaterRole;
use competentiescan_core::scan::{Scan, Subject};
use competentiescan_core::scoring::Decisive;
use competentiescan_core::stored::DecodeError;

fn scan(student: &str) -> (Scan, competentiescan_core::framework::Framework) {
    let f = common::framework("quickscan-smd-2014");
    let subject = Subject {
        student: student.into(),
        date: Some(date("2026-11-22")),
        ..Subject::default()
    };
    (Scan::new("id".into(), t(0), &f, None, subject), f)
}

#[test]
fn one_row_per_student_item_and_role_with_the_band() {
    let (mut a, f) = scan("Aïcha; \"de\" Vries");
    let (b, _) = scan("=SOM(A1)");
    let code = f.items(None)[0].code.clone();
    a.rate(&student(), &code, Some(60), &f, t(1)).unwrap();
    a.rate(&supervisor(), &code, Some(50), &f, t(2)).unwrap();
    let out = csv(&[(&a, &f), (&b, &f)], Lang::Nl);
    assert!(out.starts_with('\u{feff}'), "BOM for Excel");
    let lines: Vec<&str> = out
        .trim_start_matches('\u{feff}')
        .split("\r\n")
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(
        lines.len(),
        1 + 33 * 2 + 33,
        "header + 33 items × 2 roles for a, × 1 for b (its untouched BPV column is no voice)"
    );
    assert_eq!(lines[0], "Student;Opleiding;BPV-organisatie;Datum;Kader;Variant;Onderdeel;Code;Item;Rol;Aantal;Waarde %;Band;Paraaf");
    let first = "\"Aïcha; \"\"de\"\" Vries\";;;2026-11-22;Quick Scan SMD 2014;;1.1 Inventariseert de situatie en wensen van de cliënt;1.1-1;Aandacht en begrip tonen;";
    assert_eq!(lines[1], format!("{first}Zelf;1;60;MOET verbeteren;"));
    assert_eq!(
        lines[2],
        format!("{first}BPV-begeleider;1;50;MOET verbeteren;")
    );
    assert!(
        lines[3].ends_with(";Zelf;0;;;"),
        "an unrated item: no value, count 0: {}",
        lines[3]
    );
    assert!(
        lines[67].starts_with("'=SOM(A1);"),
        "a formula-looking name is defused: {}",
        lines[67]
    );
}

#[test]
fn the_column_names_follow_the_language_and_the_cells_do_not() {
    let (a, f) = scan("Sanne");
    let out = csv(&[(&a, &f)], Lang::En);
    let mut lines = out.trim_start_matches('\u{feff}').split("\r\n");
    assert_eq!(
        lines.next().unwrap(),
        "Student;Programme;Placement organisation;Date;Framework;Variant;Section;Code;Item;Role;Count;Value %;Band;Initials"
    );
    assert!(lines
        .next()
        .unwrap()
        .contains("Quick Scan SMD 2014;;1.1 Inventariseert de situatie"));
}

#[test]
fn growth_compares_one_rater_with_itself() {
    let (mut before, f) = scan("Sanne");
    let mut after = before.clone();
    let items = f.items(None);
    let code = |i: usize| items[i].code.clone();
    // 0: September's self-rating 40, December's BPV rating 40 and self-rating 60: the self-
    // ratings are compared (the BPV-begeleider did not rate it in September).
    before
        .rate(&student(), &code(0), Some(40), &f, t(1))
        .unwrap();
    after
        .rate(&student(), &code(0), Some(60), &f, t(1))
        .unwrap();
    after
        .rate(&supervisor(), &code(0), Some(40), &f, t(2))
        .unwrap();
    // 1: both rated both times: the decisive rater (BPV) is compared; 70 → 70 is 0.
    for scan in [&mut before, &mut after] {
        scan.rate(&student(), &code(1), Some(50), &f, t(3)).unwrap();
        scan.rate(&supervisor(), &code(1), Some(70), &f, t(4))
            .unwrap();
    }
    after
        .rate(&student(), &code(1), Some(90), &f, t(5))
        .unwrap();
    // 2: self 40 then, BPV 40 now: different raters, no change (not "0").
    before
        .rate(&student(), &code(2), Some(40), &f, t(6))
        .unwrap();
    after
        .rate(&supervisor(), &code(2), Some(40), &f, t(6))
        .unwrap();
    // 3: rated now only.
    after
        .rate(&student(), &code(3), Some(80), &f, t(7))
        .unwrap();

    let g = growth(&f, &before, &after);
    assert_eq!(g.len(), 33);
    let (st, bpv) = (RaterRole::Subject, RaterRole::Supervisor);
    let row = |i: usize| {
        let g = &g[i];
        let v = |d: Option<Decisive>| d.map(|d| (d.by, d.value));
        (
            v(g.before),
            v(g.after),
            g.delta(),
            g.rater(),
            g.other_raters(),
        )
    };
    assert_eq!(
        row(0),
        (Some((st, 40)), Some((st, 60)), Some(20), Some(st), false)
    );
    assert_eq!(
        row(1),
        (Some((bpv, 70)), Some((bpv, 70)), Some(0), Some(bpv), false)
    );
    assert_eq!(row(2), (Some((st, 40)), Some((bpv, 40)), None, None, true));
    assert_eq!(row(3), (None, Some((st, 80)), None, None, false));
    assert_eq!(row(4), (None, None, None, None, false));
}

#[test]
fn a_value_falls_into_exactly_one_band_and_reflection_into_none() {
    let f = common::framework("quickscan-smd-2014");
    // Quick Scan: below 55 / up to 75 / above.
    let cases = [
        (0.0, Some(0)),
        (54.0, Some(0)),
        (54.9, Some(0)),
        (55.0, Some(1)),
        (75.0, Some(1)),
        (75.5, Some(2)),
        (100.0, Some(2)),
    ];
    for (value, want) in cases {
        assert_eq!(f.band_index(value), want, "{value}");
        assert_eq!(
            f.band_for(value).map(|b| b.id.as_str()),
            want.map(|i| f.bands[i].id.as_str()),
            "{value}"
        );
    }
    let tones: Vec<BandTone> = (0..f.bands.len()).map(|i| f.band_tone(i)).collect();
    assert_eq!(tones, BandTone::ALL);
    let reflection = common::framework("beroepsprofiel-sam-2020");
    assert_eq!(reflection.band_index(50.0), None);
    assert_eq!(reflection.band_for(50.0), None);
}

fn student_scan(f: &Framework, id: &str, name: &str, value: Option<u32>) -> Scan {
    let (mut s, _) = scan(name);
    s.framework = common::scans::reference(f);
    s.id = id.into();
    for item in f.items(None) {
        s.rate(&supervisor(), &item.code, value, f, t(1)).unwrap();
    }
    s
}

#[test]
fn the_class_list_adds_each_id_once_in_order_and_removes_one() {
    let list = ClassList(vec!["a".into(), "b".into()]);
    let added = list.with_added(["c", "a", "d", "c"].map(String::from));
    assert_eq!(
        added,
        ClassList(["a", "b", "c", "d"].map(String::from).to_vec())
    );
    assert_eq!(
        added.without("b"),
        ClassList(["a", "c", "d"].map(String::from).to_vec())
    );
    assert_eq!(ClassList::open_stored(None), (ClassList::default(), None));
    assert_eq!(
        ClassList::open_stored(Some(&added.encode())),
        (added.clone(), None)
    );
    let (empty, locked) = ClassList::open_stored(Some(r#"{"version":2,"ids":[]}"#));
    assert_eq!(
        (empty, locked),
        (ClassList::default(), Some(DecodeError::Newer(2)))
    );
}

#[test]
fn rows_follow_the_list_and_skip_what_is_gone() {
    let f = Arc::new(common::framework("quickscan-smd-2014"));
    let all = vec![
        student_scan(&f, "a", "Bram", Some(60)),
        student_scan(&f, "b", "Anna", Some(80)),
    ];
    let list = ClassList(["b", "gone", "a"].map(String::from).to_vec());
    let rows = class_rows(&list, &all, |_| Some(f.clone()));
    let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["b", "a"]);
    assert_eq!(rows[0].overall.decisive.value, Some(80.0));
    assert_eq!(rows[0].groups.len(), f.groups(None).len());
    assert_eq!(rows[0].band_index(), Some(2));
    assert_eq!(rows[1].band_index(), Some(1));
    assert!(
        class_rows(&list, &all, |_| None).is_empty(),
        "no framework, no row"
    );
}

#[test]
fn filters_and_sort_pick_and_order_the_rows() {
    let f = Arc::new(common::framework("quickscan-smd-2014"));
    let other = Arc::new(common::framework("kd-maatschappelijke-zorg"));
    let mut done = student_scan(&f, "c", "carla", Some(40));
    done.finish(&student(), &f, t(5)).unwrap();
    let mut elsewhere = student_scan(&other, "x", "Xander", Some(90));
    elsewhere.framework = common::scans::reference(&other);
    let all = vec![
        student_scan(&f, "a", "Bram", Some(60)),
        student_scan(&f, "b", "Anna", Some(80)),
        done,
        student_scan(&f, "d", "Dirk", None),
        elsewhere,
    ];
    let list = ClassList(all.iter().map(|s| s.id.clone()).collect());
    let by_hash = |s: &Scan| {
        [&f, &other]
            .into_iter()
            .find(|x| x.content_hash() == s.framework.hash)
            .cloned()
    };
    let rows = class_rows(&list, &all, by_hash);
    let ids = |v: &View| -> Vec<String> { v.apply(&rows).into_iter().map(|r| r.id).collect() };

    // The first framework by id is shown by default, sorted by name without case.
    let first = frameworks(&rows).into_iter().next().unwrap().0;
    assert_eq!(first, "kd-maatschappelijke-zorg");
    let quick = View {
        framework: Some(f.id.clone()),
        ..View::default()
    };
    assert_eq!(ids(&View::default()), ["x"]);
    assert_eq!(ids(&quick), ["b", "a", "c", "d"]);

    // By the overall mean: no value first; a second click reverses.
    let by_mean = quick.sorted_by(SortBy::Overall);
    assert_eq!((by_mean.sort, by_mean.descending), (SortBy::Overall, false));
    assert_eq!(ids(&by_mean), ["d", "c", "a", "b"]);
    let down = by_mean.sorted_by(SortBy::Overall);
    assert!(down.descending);
    assert_eq!(ids(&down), ["b", "a", "c", "d"]);
    assert_eq!(
        ids(&quick.sorted_by(SortBy::Group(0))),
        ["d", "c", "a", "b"]
    );

    let band = |id: &str| View {
        band: Some(id.into()),
        ..quick.clone()
    };
    assert_eq!(ids(&band("must-improve")), ["c"]);
    assert_eq!(ids(&band("work-on")), ["a"]);
    assert_eq!(ids(&band("good")), ["b"]);

    let finished = |filter| View {
        finished: filter,
        ..quick.clone()
    };
    assert_eq!(ids(&finished(FinishedFilter::ByStudent)), ["c"]);
    assert!(ids(&finished(FinishedFilter::BySupervisor)).is_empty());
    assert_eq!(ids(&finished(FinishedFilter::Open)), ["b", "a", "d"]);
    for filter in FinishedFilter::ALL {
        assert_eq!(FinishedFilter::parse(filter.id()), Some(filter));
    }
    assert_eq!(FinishedFilter::parse("anders"), None);
}

#[test]
fn two_scans_of_one_student_are_told_apart_by_date() {
    let f = Arc::new(common::framework("quickscan-smd-2014"));
    let dated = |id: &str, day: &str| {
        let mut s = student_scan(&f, id, "Sanne Jansen", Some(60));
        s.subject.date = Some(date(day));
        s
    };
    // Imported later scan first: the rows still list the September scan first.
    let all = vec![dated("dec", "2026-12-01"), dated("sep", "2026-09-15")];
    let list = ClassList(all.iter().map(|s| s.id.clone()).collect());
    let rows = class_rows(&list, &all, |_| Some(f.clone()));
    let shown: Vec<(String, String)> = View::default()
        .apply(&rows)
        .into_iter()
        .map(|r| (r.id, r.date.map(|d| d.to_string()).unwrap_or_default()))
        .collect();
    assert_eq!(
        shown,
        [
            ("sep".into(), "2026-09-15".into()),
            ("dec".into(), "2026-12-01".into())
        ]
    );
}

#[test]
fn a_batch_is_sorted_into_new_merged_and_unchanged_scans() {
    let f = Arc::new(common::framework("quickscan-smd-2014"));
    let here = vec![
        student_scan(&f, "a", "Bram", Some(60)),
        student_scan(&f, "b", "Anna", Some(80)),
    ];
    let imported = |s: Scan| Imported {
        framework: f.clone(),
        scan: s,
        exported_at: None,
    };
    // The BPV-begeleider changed one value of "b" since the copy here.
    let mut later = here[1].clone();
    let first = &f.items(None)[0].code;
    later
        .rate(&supervisor(), first, Some(40), &f, t(2))
        .unwrap();
    let incoming = vec![
        imported(here[0].clone()),
        imported(later),
        imported(student_scan(&f, "new", "Nieuw", Some(40))),
        // The same file twice: one new scan.
        imported(student_scan(&f, "new", "Nieuw", Some(40))),
    ];
    let taken = intake(&here, incoming);
    let ids = |scans: Vec<&Scan>| scans.into_iter().map(|s| s.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(taken.new.iter().map(|i| &i.scan).collect()), ["new"]);
    // "b" differs: merged, so the coach's copy takes in what the file adds.
    assert_eq!(ids(taken.merged.iter().collect()), ["b"]);
    assert_eq!(taken.unchanged, 2, "a: the same file; new: sent twice");
    let row = ClassRow::new(&here[0], f.clone());
    assert_eq!(
        (row.finished_by_student, row.finished_by_supervisor),
        (false, false)
    );
}
