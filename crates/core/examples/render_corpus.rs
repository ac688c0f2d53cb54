//! Writes the browser render test's corpus: `cargo run --quiet --example render-corpus -- DIR N`
//! writes N export files (N ≥ 1) that the importer accepts, deterministic for every run: scans
//! of every bundled framework and a school's own from the render test's strategies (the same
//! edge values), and, every tenth file, one the import fuzz run's mutator made and import
//! accepted. Each scan gets its own id, so importing them all at once adds N scans.
//!
//! A browser keeps about 5 MB of localStorage per site, so a scan whose stored form is larger
//! than [`MAX_SCAN_CHARS`] is drawn again: the browser test imports the files in batches and the
//! host test (tests/render.rs) covers the largest scans.

#[path = "../tests/common/mod.rs"]
mod common;

use std::path::PathBuf;

use common::fuzz::{mutate, Base, XorShift, KINDS};
use common::scans::{realistic_scan, tiny_scan, TINY};
use common::strategies::arb_scan;
use common::{exported_at, framework};
use competentiescan_core::bundled::FILES;
use competentiescan_core::exchange::{export, import};
use competentiescan_core::framework::Framework;
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;

const MAX_SCAN_CHARS: usize = 60_000;

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(dir), Some(count)) = (
        args.next(),
        args.next().and_then(|n| n.parse::<usize>().ok()),
    ) else {
        eprintln!("usage: render-corpus DIR COUNT");
        std::process::exit(2);
    };
    let dir = PathBuf::from(dir);
    std::fs::create_dir_all(&dir).expect("corpus directory");
    let frameworks: Vec<Framework> = FILES
        .iter()
        .map(|f| framework(f.name.trim_end_matches(".json")))
        .chain([Framework::parse(TINY).expect("the tiny framework is valid")])
        .collect();
    let strategies: Vec<_> = frameworks.iter().map(|f| arb_scan(f).boxed()).collect();
    let mut runner = TestRunner::deterministic();
    let tiny = &frameworks[frameworks.len() - 1];
    let qs = framework("quickscan-smd-2014");
    let mut bases = [
        Base::new(export(&tiny_scan(tiny), tiny, exported_at())),
        Base::new(export(&realistic_scan(&qs), &qs, exported_at())),
    ];
    let mut rng = XorShift(0x5EED_0FC0_FFEE);
    let mut written = 0;
    while written < count {
        let scan_and_framework = if written % 10 == 9 {
            // The fuzz run's accepted outputs: mutate until import accepts a changed file.
            loop {
                let base = &mut bases[written / 10 % 2];
                let kind = rng.below(KINDS.len());
                let bytes = mutate(&mut rng, base, kind);
                if let Ok(imported) = import(&bytes) {
                    break (imported.scan, (*imported.framework).clone());
                }
            }
        } else {
            let i = written % frameworks.len();
            let tree = strategies[i].new_tree(&mut runner).expect("a scan");
            (tree.current(), frameworks[i].clone())
        };
        let (mut scan, f) = scan_and_framework;
        scan.id = format!("render-{written:03}");
        if serde_json::to_string(&scan)
            .expect("a scan serialises")
            .chars()
            .count()
            > MAX_SCAN_CHARS
        {
            continue;
        }
        let file = export(&scan, &f, exported_at());
        assert!(
            import(file.as_bytes()).is_ok(),
            "the corpus holds accepted files only"
        );
        std::fs::write(dir.join(format!("{written:03}.json")), file).expect("corpus file");
        written += 1;
    }
}
