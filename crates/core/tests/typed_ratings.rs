//! A percentage typed as on paper (63 on a 5-step scale) survives the round trip through an
//! export file, and the bands judge the exact value. Shown to fail: with a step check added to
//! `core::rating::parse_typed` the first assertion failed.

mod common;
use common::student;

use competentiescan_core::exchange::{export, import};
use competentiescan_core::rating::parse_typed;
use competentiescan_core::scan::{Scan, Subject};

#[test]
fn typed_off_step_values_are_stored_exported_and_imported_exactly() {
    let f = common::framework("quickscan-smd-2014");
    let now = common::ts("2026-11-22T10:00:00.000Z");
    let mut scan = Scan::new("id-1".into(), now, &f, None, Subject::default());
    let codes: Vec<String> = f.items(None).iter().map(|i| i.code.clone()).collect();
    let expected = [
        (54, "MOET verbeteren"),
        (55, "aan werken"),
        (63, "aan werken"),
        (75, "aan werken"),
        (76, "GOED"),
    ];
    for (code, (typed, _)) in codes.iter().zip(expected) {
        let value = parse_typed(&f.scale, &typed.to_string()).expect("a whole number on the scale");
        scan.rate(&student(), code, value, &f, now).unwrap();
    }
    let back = import(export(&scan, &f, now).as_bytes()).expect("an off-step value is accepted");
    for (code, (typed, band)) in codes.iter().zip(expected) {
        assert_eq!(back.scan.value(&student(), code), Some(typed));
        let label = f.band_for(f64::from(typed)).map(|b| b.label.to_lowercase());
        assert!(
            label.is_some_and(|l| l.contains(&band.to_lowercase())),
            "{typed}"
        );
    }
}
