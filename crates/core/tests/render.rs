//! What import accepts can be shown. Generated scans (tests/common/strategies.rs: empty and
//! 5,000-character texts, emoji, right-to-left and HTML-like text, zero and full-scale values,
//! missing optional fields, every rater finished or not, times from 0001 to 9999, plans) of every
//! bundled framework and a school's own are exported and imported, and every computation a
//! screen makes on a scan (tests/common/render.rs) runs on the result: 10,200 scans in all. The
//! fuzz run in tests/exchange.rs feeds the files it accepts through the same functions.
//!
//! Shown to fail: with a byte slice put back into `exchange::file_name`
//! (`&student[..student.len().min(12)]`, with `CASES` lowered to 60 for the run) the first test
//! failed on the first right-to-left and supplementary-plane names ("end byte index 12 is not a
//! char boundary"); with the variant check in `framework.rs` disabled,
//! `a_variant_without_items_is_refused` failed. Both restored, all pass.

mod common;

use common::framework;
use common::render::render_everything;
use common::scans::TINY;
use common::strategies::arb_scan;
use common::{exported_at, ts};
use competentiescan_core::bundled::FILES;
use competentiescan_core::exchange::{check_scan, export, import, Importer};
use competentiescan_core::framework::Framework;
use competentiescan_core::i18n::Lang;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use std::cell::{Cell, RefCell};
use std::time::Instant;

/// Scans per framework: six frameworks, 10,200 scans.
const CASES: u32 = 1_700;

fn frameworks() -> Vec<Framework> {
    FILES
        .iter()
        .map(|f| framework(f.name.trim_end_matches(".json")))
        .chain([Framework::parse(TINY).expect("the tiny framework is valid")])
        .collect()
}

#[test]
fn every_accepted_scan_of_every_framework_can_be_shown() {
    let started = Instant::now();
    // Two threads, three frameworks each: every framework its own deterministic runner.
    let all = frameworks();
    let shown: usize = std::thread::scope(|scope| {
        let (a, b) = all.split_at(all.len() / 2);
        let workers =
            [a, b].map(|part| scope.spawn(move || part.iter().map(show_many).sum::<usize>()));
        workers
            .into_iter()
            .map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .sum()
    });
    println!("render: {shown} scans shown in {:.1?}", started.elapsed());
    assert!(shown >= 10_000, "{shown} scans shown");
}

/// [`CASES`] generated scans of `f`, each checked as import checks it and then shown.
fn show_many(f: &Framework) -> usize {
    let mut runner = TestRunner::new(Config {
        cases: CASES,
        failure_persistence: None,
        ..Config::default()
    });
    // The scan as import checks it, once its framework passed (`check_scan`, the step both
    // `import` and the class importer end in): exporting and re-reading the embedded framework
    // for every scan would be most of the run. Every 50th scan takes the whole file round trip
    // through a class importer (which checks the framework once).
    let hash = f.content_hash();
    let importer = RefCell::new(Importer::default());
    let shown = Cell::new(0usize);
    let result = runner.run(&arb_scan(f), |scan| {
        let checked = if shown.get().is_multiple_of(50) {
            let file = export(&scan, f, exported_at());
            importer
                .borrow_mut()
                .import(file.as_bytes())
                .map(|i| i.scan)
        } else {
            check_scan(&serde_json::to_value(&scan).unwrap(), f, &hash)
        };
        prop_assert!(
            checked.is_ok(),
            "{}: {}",
            f.id,
            checked.unwrap_err().message(Lang::Nl)
        );
        let checked = checked.unwrap();
        prop_assert_eq!(&checked, &scan);
        render_everything(&checked, f, ts("2026-12-01T12:00:00Z"));
        shown.set(shown.get() + 1);
        Ok(())
    });
    if let Err(e) = result {
        panic!("{}: {e}", f.id);
    }
    shown.get()
}

#[test]
fn the_full_import_accepts_the_edge_values_too() {
    // The importer's short way is checked against `import` in tests/exchange.rs; here the full
    // path sees a share of the same scans directly.
    for f in frameworks() {
        let mut runner = TestRunner::new(Config {
            cases: 20,
            failure_persistence: None,
            ..Config::default()
        });
        runner
            .run(&arb_scan(&f), |scan| {
                let imported = import(export(&scan, &f, exported_at()).as_bytes());
                prop_assert_eq!(imported.map(|i| i.scan), Ok(scan));
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{}: {e}", f.id));
    }
}

#[test]
fn a_variant_without_items_is_refused() {
    // Before, such a framework was accepted and the scan screen indexed an empty group list.
    let with_variant = TINY.replace(
        r#""raters":["student","supervisor"],"#,
        r#""raters":["student","supervisor"],"variants":[{"id":"leeg","label":"Leeg"}],"#,
    );
    let only_other = with_variant.replace(
        r#"{"code":"A1","title":"Een"},{"code":"A2","title":"Twee"}"#,
        r#"{"code":"A1","title":"Een","variants":["andere"]},{"code":"A2","title":"Twee","variants":["andere"]}"#,
    ).replace(
        r#"[{"id":"leeg","label":"Leeg"}]"#,
        r#"[{"id":"leeg","label":"Leeg"},{"id":"andere","label":"Andere"}]"#,
    );
    assert!(
        Framework::parse(&with_variant).is_ok(),
        "a variant over all items is fine"
    );
    let refused = Framework::parse(&only_other).expect_err("variant leeg has no items");
    assert_eq!(
        refused.text(Lang::Nl),
        "variant: variant \"leeg\" heeft geen items om te beoordelen"
    );
    assert_eq!(
        refused.text(Lang::En),
        "variant: variant \"leeg\" has no items to rate"
    );
}
