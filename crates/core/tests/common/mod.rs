//! Helpers shared by the host integration tests. Each test crate uses a part of them.
#![allow(dead_code)]

pub mod fuzz;
pub mod render;
pub mod scans;
pub mod strategies;

use competentiescan_core::bundled::FILES;
use competentiescan_core::framework::{Framework, FrameworkError};
use competentiescan_core::i18n::Lang;
use competentiescan_core::time::{Date, Timestamp};

/// Every shipped framework's source file from `frameworks/`, in the app's order: the app
/// fetches them, the host tests read them.
pub fn bundled_sources() -> Vec<(&'static str, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../frameworks");
    FILES
        .iter()
        .map(|f| {
            let json = std::fs::read_to_string(dir.join(f.name))
                .unwrap_or_else(|e| panic!("{}: {e}", f.name));
            (f.name, json)
        })
        .collect()
}

/// Every shipped framework, parsed, in the app's order.
pub fn bundled_frameworks() -> Vec<(&'static str, Result<Framework, FrameworkError>)> {
    bundled_sources()
        .into_iter()
        .map(|(name, json)| (name, Framework::parse(&json)))
        .collect()
}

/// A bundled framework by id, parsed and validated.
pub fn framework(id: &str) -> Framework {
    let (_, json) = bundled_sources()
        .into_iter()
        .find(|(name, _)| *name == format!("{id}.json"))
        .unwrap_or_else(|| panic!("{id}.json is bundled"));
    Framework::parse(&json).unwrap_or_else(|e| panic!("{id}: {}", e.text(Lang::Nl)))
}

/// A time written out, e.g. `ts("2026-11-20T09:00:00Z")`.
pub fn ts(s: &str) -> Timestamp {
    Timestamp::parse(s).unwrap_or_else(|| panic!("{s} is a time"))
}

/// The `n`th second of one morning: for tests where only the order of edits matters.
pub fn t(n: u32) -> Timestamp {
    ts(&format!("2026-11-20T09:00:{n:02}Z"))
}

pub fn date(s: &str) -> Date {
    Date::parse(s).unwrap_or_else(|| panic!("{s} is a date"))
}

/// When the tests' export files were written.
pub fn exported_at() -> Timestamp {
    ts("2026-11-22T16:00:00Z")
}

/// The primary rater of the person assessed (format 1's `student`).
pub fn student() -> competentiescan_core::rater::RaterId {
    competentiescan_core::rater::RaterId::primary(competentiescan_core::rater::RaterRole::Subject)
}

/// The primary BPV-begeleider (format 1's `supervisor`).
pub fn supervisor() -> competentiescan_core::rater::RaterId {
    competentiescan_core::rater::RaterId::primary(
        competentiescan_core::rater::RaterRole::Supervisor,
    )
}

/// Windows-1252 bytes of a text, built by hand: Latin-1 plus the 0x80–0x9F characters used here.
pub fn cp1252(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            '€' => 0x80,
            '„' => 0x84,
            '…' => 0x85,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '–' => 0x96,
            '—' => 0x97,
            'Ÿ' => 0x9F,
            c if u32::from(c) < 0x100 => u32::from(c) as u8,
            c => panic!("{c} is not in this test's Windows-1252 table"),
        })
        .collect()
}
