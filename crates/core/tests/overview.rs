//! The coach's CSV and growth between scans.

mod common;

use common::{date, student, supervisor, t};

use competentiescan_core::i18n::Lang;
use competentiescan_core::overview::{csv, growth};
use competentiescan_core::scan::{Scan, Subject};

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
fn one_row_per_student_and_item_with_both_ratings_and_the_band() {
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
    assert_eq!(lines.len(), 1 + 2 * 33, "header + 33 items per student");
    assert_eq!(lines[0], "Student;Opleiding;BPV-organisatie;Datum;Kader;Variant;Onderdeel;Code;Item;St %;BPV %;Band;Paraaf");
    assert_eq!(
        lines[1],
        "\"Aïcha; \"\"de\"\" Vries\";;;2026-11-22;Quick Scan SMD 2014;;1.1 Inventariseert de situatie en wensen van de cliënt;1.1-1;Aandacht en begrip tonen;60;50;MOET verbeteren;"
    );
    assert!(
        lines[34].starts_with("'=SOM(A1);"),
        "a formula-looking name is defused: {}",
        lines[34]
    );
}

#[test]
fn the_column_names_follow_the_language_and_the_cells_do_not() {
    let (a, f) = scan("Sanne");
    let out = csv(&[(&a, &f)], Lang::En);
    let mut lines = out.trim_start_matches('\u{feff}').split("\r\n");
    assert_eq!(
        lines.next().unwrap(),
        "Student;Programme;Placement organisation;Date;Framework;Variant;Section;Code;Item;St %;Sup %;Band;Initials"
    );
    assert!(lines
        .next()
        .unwrap()
        .contains("Quick Scan SMD 2014;;1.1 Inventariseert de situatie"));
}

#[test]
fn growth_per_item_uses_the_decisive_values() {
    let (mut before, f) = scan("Sanne");
    let mut after = before.clone();
    let items = f.items(None);
    before
        .rate(&student(), &items[0].code, Some(40), &f, t(1))
        .unwrap();
    after
        .rate(&student(), &items[0].code, Some(40), &f, t(1))
        .unwrap();
    after
        .rate(&supervisor(), &items[0].code, Some(70), &f, t(2))
        .unwrap();
    after
        .rate(&student(), &items[1].code, Some(80), &f, t(3))
        .unwrap();
    let g = growth(&f, &before, &after);
    assert_eq!(g.len(), 33);
    assert_eq!(
        (g[0].before, g[0].after, g[0].delta()),
        (Some(40), Some(70), Some(30))
    );
    assert_eq!(
        (g[1].before, g[1].after, g[1].delta()),
        (None, Some(80), None)
    );
}
