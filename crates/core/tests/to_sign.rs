//! "Nog te ondertekenen" (`core::to_sign`): a note of a finished column asks to sign exactly
//! that content; a reopened or changed column, a signed one, or a draft that is gone asks for
//! nothing; the stored form reads back (newer and corrupt: stored_documents.rs).

mod common;

use std::sync::Arc;

use common::scans::realistic_scan;
use common::{framework, student, supervisor, ts};
use competentiescan_core::framework::Framework;
use competentiescan_core::rater::RaterId;
use competentiescan_core::scan::Scan;
use competentiescan_core::signature::{canonical_bytes, ColumnSignature};
use competentiescan_core::to_sign::{Due, ToSign};
use p256::ecdsa::signature::Signer;
use p256::ecdsa::{Signature, SigningKey, VerifyingKey};

fn quick_scan() -> Framework {
    framework("quickscan-smd-2014")
}

/// The bundled framework a test scan was made with.
fn fw(scan: &Scan) -> Framework {
    framework(&scan.framework.id)
}

/// What the app's drafts give for a scan's framework.
fn of(scan: &Scan) -> Option<Arc<Framework>> {
    Some(Arc::new(fw(scan)))
}

fn finished(f: &Framework) -> Scan {
    let mut s = realistic_scan(f);
    s.finish(&supervisor(), f, ts("2026-11-22T10:00:00Z"))
        .unwrap();
    s
}

fn signature(scan: &Scan, id: &RaterId) -> (ColumnSignature, Vec<u8>) {
    let key = SigningKey::from_slice(&[3; 32]).unwrap();
    let bytes = canonical_bytes(scan, &fw(scan), scan.rater(id).unwrap());
    let value: Signature = key.sign(&bytes);
    let public = VerifyingKey::from(&key).to_encoded_point(false);
    (
        ColumnSignature::es256(public.as_bytes(), &value.to_bytes()).unwrap(),
        bytes,
    )
}

#[test]
fn a_noted_finished_column_is_due_with_its_bytes() {
    let f = quick_scan();
    let scan = finished(&f);
    let mut notes = ToSign::default();
    assert!(notes.note(&scan, &fw(&scan), &supervisor()));
    let scans = [scan.clone()];
    let due = notes.to_sign(&scans, &of);
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].0.scan, scan.id);
    assert_eq!(due[0].0.rater, supervisor());
    assert_eq!(
        due[0].1,
        canonical_bytes(&scan, &fw(&scan), scan.rater(&supervisor()).unwrap())
    );
    assert!(notes.is_due(&scan, &supervisor(), &of));
    assert!(!notes.is_due(&scan, &student(), &of));
    assert!(!notes.prune(&scans, &of), "a due note is kept");
}

#[test]
fn an_unfinished_column_is_not_noted() {
    let f = quick_scan();
    let mut scan = realistic_scan(&f);
    scan.reopen(&supervisor(), ts("2026-11-23T10:00:00Z"));
    let mut notes = ToSign::default();
    assert!(!notes.note(&scan, &fw(&scan), &supervisor()));
    assert!(!notes.note(&scan, &fw(&scan), &RaterId::parse("nobody").unwrap()));
    assert_eq!(notes, ToSign::default());
}

#[test]
fn noting_again_replaces_the_note_of_that_column() {
    let f = quick_scan();
    let mut scan = finished(&f);
    let mut notes = ToSign::default();
    notes.note(&scan, &fw(&scan), &supervisor());
    scan.reopen(&supervisor(), ts("2026-11-23T10:00:00Z"));
    scan.finish(&supervisor(), &f, ts("2026-11-23T11:00:00Z"))
        .unwrap();
    notes.note(&scan, &fw(&scan), &supervisor());
    assert_eq!(notes.0.len(), 1);
    assert!(notes.is_due(&scan, &supervisor(), &of));
}

/// Every way a noted column stops being due, each dropped by `prune`.
#[test]
fn reopened_changed_signed_or_gone_columns_are_not_signed() {
    let f = quick_scan();
    let scan = finished(&f);
    let mut notes = ToSign::default();
    notes.note(&scan, &fw(&scan), &supervisor());
    let noted = notes.0[0].clone();
    let code = f.items(None)[0].code.clone();
    let other_value = if scan.value(&supervisor(), &code) == Some(5) {
        10
    } else {
        5
    };

    let mut reopened = scan.clone();
    reopened.reopen(&supervisor(), ts("2026-11-23T10:00:00Z"));
    let mut changed = scan.clone();
    changed
        .rate(
            &supervisor(),
            &code,
            Some(other_value),
            &f,
            ts("2026-11-23T10:00:00Z"),
        )
        .unwrap();
    assert!(changed.rater(&supervisor()).unwrap().finished.is_some());
    let mut refinished = reopened.clone();
    refinished
        .finish(&supervisor(), &f, ts("2026-11-24T10:00:00Z"))
        .unwrap();
    let mut signed = scan.clone();
    let (sig, bytes) = signature(&scan, &supervisor());
    assert!(signed.seal_column(&supervisor(), &f, sig, &bytes));
    let mut other = scan.clone();
    other.id = "another-draft".into();

    for (name, scans, expected) in [
        ("reopened", vec![reopened], Due::Stale),
        ("changed after finishing", vec![changed], Due::Stale),
        (
            "finished again: another content",
            vec![refinished],
            Due::Stale,
        ),
        ("signed", vec![signed], Due::Signed),
        ("draft gone", vec![other], Due::Stale),
        ("no drafts", vec![], Due::Stale),
    ] {
        assert_eq!(ToSign::due(&noted, &scans, &of), expected, "{name}");
        let mut pruned = notes.clone();
        assert!(pruned.prune(&scans, &of), "{name}: dropped");
        assert!(pruned.0.is_empty(), "{name}");
        assert!(
            notes.to_sign(&scans, &of).is_empty(),
            "{name}: nothing to sign"
        );
    }
}

#[test]
fn the_stored_form_reads_back_and_remove_drops_one_column() {
    let f = quick_scan();
    let mut scan = finished(&f);
    scan.finish(&student(), &f, ts("2026-11-22T11:00:00Z"))
        .unwrap();
    let mut notes = ToSign::default();
    notes.note(&scan, &fw(&scan), &supervisor());
    notes.note(&scan, &fw(&scan), &student());
    let back = ToSign::decode(&notes.encode()).unwrap();
    assert_eq!(back, notes);
    assert_eq!(ToSign::open_stored(None), (ToSign::default(), None));
    assert_eq!(
        ToSign::open_stored(Some(&notes.encode())),
        (notes.clone(), None)
    );
    let (empty, why) = ToSign::open_stored(Some("{kapot"));
    assert_eq!(empty, ToSign::default());
    assert!(why.is_some());
    assert!(notes.remove(&scan.id, &supervisor()));
    assert!(!notes.remove(&scan.id, &supervisor()));
    assert_eq!(notes.0.len(), 1);
    assert_eq!(notes.0[0].rater, student());
    // A rater id the app cannot have written is no note.
    let bad = notes
        .encode()
        .replace("\"student\"", "\"no spaces allowed\"");
    assert!(ToSign::decode(&bad).is_err());
}
