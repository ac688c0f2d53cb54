//! The stored draft format: every stored version ever written has a fixture in
//! tests/fixtures/drafts and must keep opening; newer versions are refused, never misread.

mod common;
use common::strategies::arb_scan;
use common::{framework, student, supervisor, ts};
use proptest::prelude::*;

use competentiescan_core::draft::{
    decode, encode, revision, revision_of_head, DraftEncoder, DRAFT_FORMAT, DRAFT_VERSION,
    HEAD_CHARS,
};
use competentiescan_core::feedback::RequestInfo;
use competentiescan_core::framework::Framework;
use competentiescan_core::i18n::Lang;
use competentiescan_core::plan::Goal;
use competentiescan_core::rater::{RaterId, RaterRole};
use competentiescan_core::scan::Scan;
use competentiescan_core::stored::{CorruptReason, DecodeError};

fn fixture(version: u32) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/drafts/v{version}.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("a fixture for every stored version")
}

#[test]
fn every_stored_version_has_a_fixture_that_opens() {
    for version in 1..=DRAFT_VERSION {
        let d = decode(&fixture(version)).unwrap_or_else(|e| panic!("v{version}: {e:?}"));
        assert_eq!(d.scan.subject.student, "Sanne Jansen", "v{version}");
    }
}

#[test]
fn version_1_reads_every_field() {
    let d = decode(&fixture(1)).unwrap();
    assert_eq!(d.revision, 7);
    let s = &d.scan;
    assert_eq!(s.framework.id, "quickscan-smd-2014");
    assert_eq!(s.framework.hash, "0123456789abcdef");
    assert_eq!(s.value(&student(), "1.1-1"), Some(60));
    assert_eq!(
        s.rating(&student(), "1.1-1").unwrap().comment,
        "Lastig bij boze cliënten"
    );
    assert_eq!(s.value(&supervisor(), "1.1-1"), Some(50));
    let bpv = s.primary(RaterRole::Supervisor).unwrap();
    assert_eq!(bpv.paraafs["1.1-1"].initials, "JdV");
    assert_eq!(bpv.function, "Teamleider");
    assert!(s.primary(RaterRole::Subject).unwrap().finished.is_some());
    assert_eq!(
        decode(&encode(s, d.revision)).unwrap(),
        d,
        "encode and decode round-trip"
    );
    assert_eq!(
        revision(&fixture(1)),
        Some(7),
        "the revision alone, as a write checks it"
    );
    assert_eq!(revision(r#"{"format":"iets","revision":3}"#), None);
    // A version 1 draft is written back as version 2: one column per rater, the supervisor's
    // paraafs in their column, nothing at scan level any more.
    let written: serde_json::Value = serde_json::from_str(&encode(s, 8)).unwrap();
    assert_eq!(written["version"], 2);
    let scan = &written["scan"];
    assert_eq!(scan["raters"][0]["id"], "student");
    assert_eq!(scan["raters"][0]["finished"], "2026-11-20T09:30:00.000Z");
    assert_eq!(scan["raters"][1]["role"], "supervisor");
    assert_eq!(scan["raters"][1]["paraafs"]["1.1-1"]["initials"], "JdV");
    for gone in ["ratings", "paraafs", "finished"] {
        assert!(scan.get(gone).is_none(), "{gone}");
    }
    assert_eq!(revision(&encode(s, 8)), Some(8));
}

/// What a write reads before it writes: the head only, the same revision as the whole draft.
#[test]
fn the_revision_reads_from_the_head_of_a_draft() {
    let s = decode(&fixture(2)).unwrap().scan;
    let head = |raw: &str| raw.chars().take(HEAD_CHARS as usize).collect::<String>();
    for r in [0, 1, 8, 12_345, u64::MAX] {
        let raw = encode(&s, r);
        assert_eq!(revision_of_head(&head(&raw)), Some(r), "{r}");
        assert_eq!(revision(&raw), Some(r));
    }
    // Not in the form `encode` writes (an older version's order, cut off, another format):
    // no answer, so the write reads the whole draft instead.
    let raw = encode(&s, 12_345);
    for other in [
        fixture(1).as_str(),
        &raw[..raw.find("12345").unwrap() + 3],
        r#"{"format":"iets","version":2,"revision":3,"scan":{}}"#,
        r#"{"format":"competentiescan-draft","version":2,"revision":-3,"scan":{}}"#,
        r#"{"format":"competentiescan-draft","version":2,"revision":99999999999999999999,"s"#,
        "",
    ] {
        assert_eq!(revision_of_head(other), None, "{other}");
    }
}

#[test]
fn version_2_holds_any_number_of_raters() {
    let d = decode(&fixture(2)).unwrap();
    let s = &d.scan;
    let roles: Vec<RaterRole> = s.raters.iter().map(|r| r.role).collect();
    assert_eq!(
        roles,
        [
            RaterRole::Subject,
            RaterRole::Colleague,
            RaterRole::Colleague,
            RaterRole::Manager
        ]
    );
    assert_eq!(s.value(&s.raters[2].id, "BE1"), Some(50));
    assert_eq!(s.value(&student(), "BE2"), Some(40));
    // What encode writes (it borrows the scan) is the stored envelope of version 2, but for
    // the anonymous colleague: an app from before pools kept that answer as a column; read
    // now, it is a count without sums (one answer is fewer than any minimum), dated by its
    // afronden.
    let written: serde_json::Value = serde_json::from_str(&encode(s, 13)).unwrap();
    let mut stored: serde_json::Value = serde_json::from_str(&fixture(2)).unwrap();
    stored["revision"] = 13.into();
    let raters = stored["scan"]["raters"].as_array_mut().unwrap();
    let anonymous = raters.remove(3);
    assert_eq!(anonymous["name"], "", "the fixture's anonymous colleague");
    stored["scan"]["anonymous"] = serde_json::json!([{
        "role": "colleague",
        "answers": { "2f8b9c3a-4d5e-4f70-8b12-c3d4e5f6a7b8": { "at": "2027-03-07T12:05:00.000Z" } },
        "items": { "BE1": { "count": 1 }, "BE2": { "count": 1 } }
    }]);
    assert_eq!(written, stored);
    let twice = fixture(2).replace("1e7a8b2f-3c4d-4e6f-9a01-b2c3d4e5f6a7", "student");
    let Err(DecodeError::Corrupt(reason)) = decode(&twice) else {
        panic!("a rater id twice is refused")
    };
    assert_eq!(
        reason.text(Lang::Nl),
        "veld raters[2].id: beoordelaar \"student\" komt vaker voor"
    );
}

#[test]
fn newer_and_foreign_data_is_refused() {
    let newer = fixture(1).replace("\"version\": 1,", "\"version\": 99,");
    assert_eq!(decode(&newer), Err(DecodeError::Newer(99)));
    let Err(DecodeError::Corrupt(foreign)) = decode(r#"{"format":"iets","version":1}"#) else {
        panic!("a foreign format is refused")
    };
    assert_eq!(foreign, CorruptReason::NotADraft);
    assert_eq!(foreign.text(Lang::Nl), "geen Competentiescan-concept");
    assert_eq!(foreign.text(Lang::En), "not a Competentiescan draft");
    assert!(matches!(
        decode("niet eens json"),
        Err(DecodeError::Corrupt(_))
    ));
    let broken_value = fixture(1).replace("\"value\": 60", "\"value\": \"zestig\"");
    assert!(matches!(
        decode(&broken_value),
        Err(DecodeError::Corrupt(_))
    ));
}

#[test]
fn the_framework_hash_survives_storing_and_reading_a_copy() {
    let sources = common::bundled_sources();
    for (name, json) in &sources {
        let f = Framework::parse(json).unwrap();
        let copy = Framework::parse(&f.canonical_json()).unwrap();
        assert_eq!(copy.content_hash(), f.content_hash(), "{name}");
        assert_eq!(f.content_hash().len(), 16);
    }
    let a = Framework::parse(&sources[0].1).unwrap();
    let mut b = a.clone();
    b.title.push('!');
    assert_ne!(
        a.content_hash(),
        b.content_hash(),
        "any change gives another hash"
    );
}

#[test]
fn odd_but_valid_times_open_and_compare_as_time() {
    // Times as other writers (and earlier app versions) have them: no fraction, one digit, six
    // and nine digits, an offset, lower-case `t`/`z`; an empty scan date and deadline.
    let raw = std::fs::read_to_string(format!(
        "{}/tests/fixtures/drafts/v1-odd-times.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let d = decode(&raw).unwrap_or_else(|e| panic!("{e:?}"));
    let s = &d.scan;
    // As text "…00Z" sorts after "…00.5Z"; as time it is half a second earlier.
    assert!(s.created < s.updated);
    assert_eq!(s.updated.to_string(), "2026-11-20T09:00:00.500Z");
    let at = s.rating(&student(), "1.1-1").unwrap().at;
    assert_eq!(at.to_string(), "2026-11-20T09:00:00.000250Z");
    assert!(s.created < at && at < s.updated);
    assert_eq!(s.subject.date, None);
    assert_eq!(s.plan[0].deadline, None);
    assert_eq!(
        decode(&encode(s, d.revision)).unwrap(),
        d,
        "the canonical form reads back the same"
    );
}

#[test]
fn a_draft_with_a_field_no_screen_could_show_is_refused_and_named() {
    for (from, to, nl, en) in [
        (
            "\"created\": \"2026-11-20T09:00:00.000Z\"",
            "\"created\": \"gisteren\"",
            "veld created: \"gisteren\" is geen tijdstip (zoals 2026-11-22T09:00:00Z)",
            "field created: \"gisteren\" is not a time (like 2026-11-22T09:00:00Z)",
        ),
        (
            "\"date\": \"2026-11-21\"",
            "\"date\": \"2026-02-30\"",
            "veld raters[1].paraafs.1.1-1.date: \"2026-02-30\" is geen datum (JJJJ-MM-DD)",
            "field raters[1].paraafs.1.1-1.date: \"2026-02-30\" is not a date (YYYY-MM-DD)",
        ),
    ] {
        let raw = fixture(1).replace(from, to);
        let Err(DecodeError::Corrupt(reason)) = decode(&raw) else {
            panic!("{to} is refused")
        };
        assert_eq!(reason.text(Lang::Nl), nl);
        assert_eq!(reason.text(Lang::En), en);
    }
    let long = fixture(1).replace(
        "Lastig bij boze cliënten",
        &"ë".repeat(competentiescan_core::scan::MAX_TEXT + 1),
    );
    assert!(matches!(
        decode(&long),
        Err(DecodeError::Corrupt(CorruptReason::Invalid(_)))
    ));
}

/// What the scan's own derive writes, in the envelope: the reference the encoder must match
/// byte for byte.
fn by_derive(s: &Scan, revision: u64) -> String {
    format!(
        r#"{{"format":"{DRAFT_FORMAT}","version":{DRAFT_VERSION},"revision":{revision},"scan":{}}}"#,
        serde_json::to_string(s).unwrap()
    )
}

#[test]
fn the_encoder_writes_every_field_the_derive_writes() {
    let mut s = decode(&fixture(2)).unwrap().scan;
    s.variant = Some("profiel".into());
    s.request = Some(RequestInfo {
        scan_id: "s-1".into(),
        request_id: "r-1".into(),
        from: "Sanne Jansen".into(),
        reason: "Hoe ga ik om met cliënten?".into(),
        named: false,
        role: RaterRole::Colleague,
        rater: RaterId::parse("c-1").unwrap(),
        created: ts("2026-11-20T09:00:00Z"),
        batch: Some("b-1".into()),
    });
    s.plan.push(Goal::new(
        "doel-1".into(),
        vec!["1.1-1".into()],
        ts("2026-11-21T09:00:00Z"),
    ));
    assert!(!s.history.is_empty() && s.raters.len() > 2);
    assert_eq!(encode(&s, 4), by_derive(&s, 4));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, failure_persistence: None, ..ProptestConfig::default() })]

    /// One encoder over a run of changes (another scan, a changed column, the first scan
    /// again) writes what the derive writes every time: a reused column is never stale.
    #[test]
    fn the_encoder_writes_what_the_scan_derive_writes(
        a in arb_scan(&framework("quickscan-smd-2014")),
        b in arb_scan(&framework("kd-maatschappelijke-zorg")),
        name in "[a-zé]{0,3}",
    ) {
        let mut changed = a.clone();
        if let Some(r) = changed.raters.last_mut() {
            r.name.push_str(&name);
            r.ratings.pop_first();
        }
        let mut e = DraftEncoder::default();
        for (n, s) in [&a, &b, &changed, &a, &a].into_iter().enumerate() {
            prop_assert_eq!(e.encode(s, n as u64), by_derive(s, n as u64));
        }
    }
}
