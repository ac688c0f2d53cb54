//! A signature in the scan model: it travels with its column through export, import and
//! drafts; anything that changes what it covers drops it; a merge keeps it only for a column
//! whose signed content is the signed copy's; malformed or misplaced ones are refused with
//! their place.

mod common;

use common::scans::realistic_scan;
use common::{date, exported_at, framework, student, supervisor, ts};
use competentiescan_core::draft::{decode, encode, DraftEncoder};
use competentiescan_core::exchange::{export, import, ImportError};
use competentiescan_core::feedback::{
    answer, apply, read_feedback, read_request, request, start, Recipients,
};
use competentiescan_core::framework::Framework;
use competentiescan_core::i18n::Lang;
use competentiescan_core::merge::merge;
use competentiescan_core::rater::{RaterId, RaterRole};
use competentiescan_core::scan::Scan;
use competentiescan_core::signature::{base64, canonical_bytes, ColumnSignature};
use competentiescan_core::stored::{CorruptReason, DecodeError};
use p256::ecdsa::signature::{Signer, Verifier};
use p256::ecdsa::{Signature, SigningKey, VerifyingKey};
use serde_json::{json, Value};

fn quick_scan() -> Framework {
    framework("quickscan-smd-2014")
}

/// `id`'s column signed with the key made from `seed`, as the rater's device signs it.
fn sign(scan: &mut Scan, id: &RaterId, seed: u8) {
    let key = SigningKey::from_slice(&[seed; 32]).unwrap();
    let rater = scan.rater(id).unwrap();
    let value: Signature = key.sign(&canonical_bytes(scan, &framework_of(scan), rater));
    let public = VerifyingKey::from(&key).to_encoded_point(false);
    let signature = ColumnSignature::es256(public.as_bytes(), &value.to_bytes()).unwrap();
    let index = scan.raters.iter().position(|r| &r.id == id).unwrap();
    scan.raters[index].signature = Some(signature);
}

fn verifies(scan: &Scan, id: &RaterId) -> bool {
    let rater = scan.rater(id).unwrap();
    let Some(ColumnSignature::Known {
        public_key, value, ..
    }) = &rater.signature
    else {
        return false;
    };
    let key = VerifyingKey::from_sec1_bytes(public_key.as_bytes()).unwrap();
    let value = Signature::from_slice(value.as_bytes()).unwrap();
    key.verify(&canonical_bytes(scan, &framework_of(scan), rater), &value)
        .is_ok()
}

/// The bundled framework a test scan was made with.
fn framework_of(scan: &Scan) -> Framework {
    framework(&scan.framework.id)
}

/// The realistic scan with both columns finished and signed (student by key 1, BPV by key 2).
fn signed_scan(f: &Framework) -> Scan {
    let mut s = realistic_scan(f);
    s.finish(&student(), f, ts("2026-11-21T10:00:00Z")).unwrap();
    s.finish(&supervisor(), f, ts("2026-11-22T10:00:00Z"))
        .unwrap();
    sign(&mut s, &student(), 1);
    sign(&mut s, &supervisor(), 2);
    assert!(verifies(&s, &student()) && verifies(&s, &supervisor()));
    s
}

fn signature(scan: &Scan, id: &RaterId) -> Option<ColumnSignature> {
    scan.rater(id).unwrap().signature.clone()
}

fn index(scan: &Scan, id: &RaterId) -> usize {
    scan.raters.iter().position(|r| &r.id == id).unwrap()
}

#[test]
fn a_signature_travels_through_export_import_and_drafts_unchanged() {
    let f = quick_scan();
    let scan = signed_scan(&f);
    let file = export(&scan, &f, exported_at());
    let back = import(file.as_bytes()).unwrap().scan;
    assert_eq!(back, scan);
    assert_eq!(
        signature(&back, &supervisor()),
        signature(&scan, &supervisor())
    );
    assert!(verifies(&back, &supervisor()) && verifies(&back, &student()));

    let stored = encode(&scan, 3);
    assert_eq!(DraftEncoder::default().encode(&scan, 3), stored);
    let draft = decode(&stored).unwrap();
    assert_eq!(draft.scan, scan);
    assert!(verifies(&draft.scan, &supervisor()));

    // In the file as the docs say: inside the rater object, three base64 strings.
    let v: Value = serde_json::from_str(&file).unwrap();
    let sig = &v["scan"]["raters"][index(&scan, &supervisor())]["signature"];
    assert_eq!(sig["alg"], "ES256");
    let key = base64::decode(sig["publicKey"].as_str().unwrap()).unwrap();
    assert_eq!((key.len(), key[0]), (65, 4));
    assert_eq!(
        base64::decode(sig["value"].as_str().unwrap())
            .unwrap()
            .len(),
        64
    );
    // An unsigned column writes no signature field at all.
    let mut unsigned = scan.clone();
    unsigned.raters.iter_mut().for_each(|r| r.signature = None);
    assert!(!export(&unsigned, &f, exported_at()).contains("\"signature\""));
}

type Operation = fn(&mut Scan, &Framework);

/// Every Scan operation that changes the BPV column: each must drop its signature and leave
/// the student's signed column (untouched) signed.
const CHANGES: &[(&str, Operation)] = &[
    ("rate", |s, f| {
        s.rate(
            &supervisor(),
            "1.1-1",
            Some(90),
            f,
            ts("2026-11-23T09:00:00Z"),
        )
        .unwrap()
    }),
    ("clear a value", |s, f| {
        s.rate(&supervisor(), "1.1-1", None, f, ts("2026-11-23T09:00:00Z"))
            .unwrap()
    }),
    ("rate a new item", |s, f| {
        s.rate(
            &supervisor(),
            "3.1-1",
            Some(40),
            f,
            ts("2026-11-23T09:00:00Z"),
        )
        .unwrap()
    }),
    ("comment", |s, f| {
        s.comment(
            &supervisor(),
            "1.1-1",
            "Ziet ík",
            f,
            ts("2026-11-23T09:00:00Z"),
        )
        .unwrap()
    }),
    ("paraaf", |s, _| {
        assert!(s.paraaf(
            &supervisor(),
            "1.1-2",
            "JdV",
            date("2026-11-23"),
            ts("2026-11-23T09:00:00Z")
        ))
    }),
    ("remove a paraaf", |s, _| {
        s.remove_paraaf(&supervisor(), "1.1-1", ts("2026-11-23T09:00:00Z"))
    }),
    ("name", |s, f| {
        s.describe_rater(
            &supervisor(),
            f,
            "Jan de Vries-Özdemir",
            "Werkbegeleider",
            ts("2026-11-23T09:00:00Z"),
        )
        .unwrap()
    }),
    ("function", |s, f| {
        s.describe_rater(
            &supervisor(),
            f,
            "Jan de Vries",
            "Praktijkopleider",
            ts("2026-11-23T09:00:00Z"),
        )
        .unwrap()
    }),
    ("reopen", |s, _| {
        s.reopen(&supervisor(), ts("2026-11-23T09:00:00Z"))
    }),
    ("finish again", |s, f| {
        s.finish(&supervisor(), f, ts("2026-11-23T09:00:00Z"))
            .unwrap()
    }),
    ("merge a file that changed the column", |s, f| {
        let mut other = s.clone();
        other
            .rate(
                &supervisor(),
                "2.1-1",
                Some(35),
                f,
                ts("2026-11-23T09:00:00Z"),
            )
            .unwrap();
        other.raters[index(s, &supervisor())].signature = None;
        *s = merge(s, &other).0;
    }),
];

#[test]
fn every_change_of_a_signed_column_drops_its_signature() {
    let f = quick_scan();
    // The realistic scan has a BPV name, function and paraafs to change.
    let base = signed_scan(&f);
    for (name, change) in CHANGES {
        let mut s = base.clone();
        change(&mut s, &f);
        assert_ne!(
            canonical_bytes(&s, &framework_of(&s), s.rater(&supervisor()).unwrap()),
            canonical_bytes(
                &base,
                &framework_of(&base),
                base.rater(&supervisor()).unwrap()
            ),
            "{name}: the column changed"
        );
        assert_eq!(signature(&s, &supervisor()), None, "{name}");
        assert_eq!(
            signature(&s, &student()),
            signature(&base, &student()),
            "{name}: another column keeps its signature"
        );
        // What is stored next reads back, unsigned: no signature left over other content.
        assert_eq!(decode(&encode(&s, 1)).unwrap().scan, s, "{name}");
    }
}

#[test]
fn changes_that_change_nothing_signed_keep_the_signature() {
    let f = quick_scan();
    let base = signed_scan(&f);
    let value = base.value(&supervisor(), "1.1-1");
    let same: &[(&str, Operation)] = &[
        ("same value", |s, f| {
            let v = s.value(&supervisor(), "1.1-1");
            s.rate(&supervisor(), "1.1-1", v, f, ts("2026-11-23T09:00:00Z"))
                .unwrap()
        }),
        ("the student's column", |s, f| {
            s.rate(&student(), "1.1-1", Some(5), f, ts("2026-11-23T09:00:00Z"))
                .unwrap()
        }),
        ("a paraaf refused", |s, _| {
            assert!(!s.paraaf(
                &supervisor(),
                "9.9-9",
                "JdV",
                date("2026-11-23"),
                ts("2026-11-23T09:00:00Z")
            ))
        }),
        ("merge with itself", |s, _| *s = merge(s, &s.clone()).0),
    ];
    assert!(value.is_some());
    for (name, change) in same {
        let mut s = base.clone();
        change(&mut s, &f);
        assert_eq!(
            signature(&s, &supervisor()),
            signature(&base, &supervisor()),
            "{name}"
        );
        assert!(verifies(&s, &supervisor()), "{name}");
    }
}

#[test]
fn a_merge_keeps_the_signature_of_a_column_taken_whole() {
    let f = quick_scan();
    let signed = signed_scan(&f);
    // The device has the student's work only, the file the BPV column as signed.
    let mut here = signed.clone();
    let bpv = index(&here, &supervisor());
    here.raters[bpv] = competentiescan_core::rater::Rater::new(
        supervisor(),
        competentiescan_core::rater::RaterRole::Supervisor,
    );
    here.updated = ts("2026-11-20T09:30:00Z");
    for (a, b) in [(&here, &signed), (&signed, &here)] {
        let (merged, _) = merge(a, b);
        assert_eq!(
            signature(&merged, &supervisor()),
            signature(&signed, &supervisor())
        );
        assert!(verifies(&merged, &supervisor()));
    }

    // Both sides changed the BPV column differently: the result is neither signed copy.
    let mut mine = signed.clone();
    mine.rate(
        &supervisor(),
        "2.1-1",
        Some(35),
        &f,
        ts("2026-11-23T09:00:00Z"),
    )
    .unwrap();
    sign(&mut mine, &supervisor(), 2);
    let mut theirs = signed.clone();
    theirs
        .rate(
            &supervisor(),
            "1.1-2",
            Some(85),
            &f,
            ts("2026-11-23T10:00:00Z"),
        )
        .unwrap();
    sign(&mut theirs, &supervisor(), 3);
    for (a, b) in [(&mine, &theirs), (&theirs, &mine)] {
        let (merged, _) = merge(a, b);
        assert_eq!(merged.value(&supervisor(), "2.1-1"), Some(35));
        assert_eq!(merged.value(&supervisor(), "1.1-2"), Some(85));
        assert_eq!(signature(&merged, &supervisor()), None);
        assert_eq!(
            signature(&merged, &student()),
            signature(&signed, &student())
        );
    }
}

/// An export of the signed scan, its BPV signature object changed by `edit`.
fn file_with(edit: impl FnOnce(&mut Value)) -> (Value, usize) {
    let f = quick_scan();
    let scan = signed_scan(&f);
    let mut v: Value = serde_json::from_str(&export(&scan, &f, exported_at())).unwrap();
    let i = index(&scan, &supervisor());
    edit(&mut v["scan"]["raters"][i]);
    (v, i)
}

fn refusal(v: &Value) -> Vec<String> {
    match import(v.to_string().as_bytes()) {
        Err(ImportError::Scan(problems)) => problems.iter().map(|p| p.text(Lang::Nl)).collect(),
        other => panic!("{other:?}"),
    }
}

fn draft_refusal(v: &Value) -> String {
    let draft =
        json!({"format": "competentiescan-draft", "version": 2, "revision": 1, "scan": v["scan"]});
    match decode(&draft.to_string()) {
        Err(DecodeError::Corrupt(CorruptReason::Invalid(p))) => p.text(Lang::En),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_malformed_signature_is_refused_with_its_place() {
    let short_key = base64::encode(&[4; 64]);
    let (v, i) = file_with(|r| r["signature"]["publicKey"] = json!(short_key));
    assert_eq!(
        refusal(&v),
        [format!(
            "veld raters[{i}].signature.publicKey: 64 bytes, verwacht 65"
        )]
    );
    assert_eq!(
        draft_refusal(&v),
        format!("field raters[{i}].signature.publicKey: 64 bytes, expected 65")
    );
    let (v, i) = file_with(|r| r["signature"]["value"] = json!("AAAA-A=="));
    assert_eq!(
        refusal(&v),
        [format!(
            "veld raters[{i}].signature.value: geen geldige base64 (standaard alfabet, met = aangevuld)"
        )]
    );
    let (v, i) = file_with(|r| r["signature"] = json!("ES256"));
    assert_eq!(
        draft_refusal(&v),
        format!(
            "field raters[{i}].signature: no signature: expected a JSON object with alg, publicKey and value"
        )
    );
}

#[test]
fn a_signature_over_an_unfinished_column_is_refused() {
    let (v, i) = file_with(|r| {
        r.as_object_mut().unwrap().remove("finished");
    });
    assert_eq!(
        refusal(&v),
        [format!(
            "veld raters[{i}].signature: handtekening over een kolom die niet is afgerond: een kolom wordt pas bij afronden ondertekend"
        )]
    );
    assert_eq!(
        draft_refusal(&v),
        format!(
            "field raters[{i}].signature: signature over a column that is not finished: a column is signed only when it is finished"
        )
    );
    // Without the signature the same column is an ordinary unfinished one.
    let (v, _) = file_with(|r| {
        let r = r.as_object_mut().unwrap();
        r.remove("finished");
        r.remove("signature");
    });
    assert!(import(v.to_string().as_bytes()).is_ok());
}

#[test]
fn an_unknown_algorithm_survives_import_and_export_unchanged() {
    let newer = json!({"alg": "ML-DSA-44", "publicKey": "not base64 at all", "value": "…", "extra": [1, 2]});
    let (v, i) = file_with(|r| r["signature"] = newer.clone());
    let f = quick_scan();
    let scan = import(v.to_string().as_bytes()).unwrap().scan;
    let sig = signature(&scan, &supervisor()).unwrap();
    assert_eq!(sig.alg_name(), "ML-DSA-44");
    assert!(matches!(sig, ColumnSignature::Unknown { .. }));
    let again: Value = serde_json::from_str(&export(&scan, &f, exported_at())).unwrap();
    assert_eq!(again["scan"]["raters"][i]["signature"], newer);
    assert_eq!(decode(&encode(&scan, 1)).unwrap().scan, scan);
}

#[test]
fn a_respondents_signed_column_arrives_signed_and_verifies_where_it_lands() {
    let f = framework("beroepsprofiel-sam-2020");
    let mut mine = Scan::new(
        "scan-1".into(),
        ts("2026-11-20T08:00:00Z"),
        &f,
        None,
        Default::default(),
    );
    let code = f.items(None)[0].code.clone();
    let peer = RaterId::parse("peer-1").unwrap();
    let text = request(
        &mine,
        &f,
        RaterRole::Colleague,
        &Recipients::One {
            rater: peer.clone(),
        },
        "Hoe zie jij mij?",
        true,
        ts("2026-11-20T08:01:00Z"),
    )
    .unwrap();
    let req = read_request(text.as_bytes(), || {
        unreachable!("a named request names its rater")
    })
    .unwrap();
    // The respondent's device: its own scan under its own id, signed on finishing.
    let mut theirs = start(&req, "answer-1".into(), ts("2026-11-20T09:00:00Z"));
    theirs.raters[0].name = "Joost Bakker".into();
    theirs
        .rate(
            &peer,
            &code,
            Some(60),
            &req.framework,
            ts("2026-11-20T09:01:00Z"),
        )
        .unwrap();
    theirs
        .finish(&peer, &req.framework, ts("2026-11-20T09:02:00Z"))
        .unwrap();
    sign(&mut theirs, &peer, 5);
    let fb = read_feedback(
        answer(&theirs, ts("2026-11-20T09:03:00Z"))
            .unwrap()
            .as_bytes(),
    )
    .unwrap();
    assert_eq!(fb.rater.signature, signature(&theirs, &peer));
    let (merged, _) = apply(&mine, &f, &fb).unwrap();
    assert_eq!(signature(&merged, &peer), signature(&theirs, &peer));
    assert!(
        verifies(&merged, &peer),
        "signed over the person's scan id, not answer-1"
    );

    // A second, re-signed answer replaces every value of the column: it keeps its signature.
    theirs
        .rate(
            &peer,
            &code,
            Some(70),
            &req.framework,
            ts("2026-11-21T09:00:00Z"),
        )
        .unwrap();
    assert_eq!(signature(&theirs, &peer), None, "the edit dropped it");
    theirs
        .finish(&peer, &req.framework, ts("2026-11-21T09:01:00Z"))
        .unwrap();
    sign(&mut theirs, &peer, 5);
    let again = read_feedback(
        answer(&theirs, ts("2026-11-21T09:02:00Z"))
            .unwrap()
            .as_bytes(),
    )
    .unwrap();
    let (twice, _) = apply(&merged, &f, &again).unwrap();
    assert_eq!(twice.value(&peer, &code), Some(70));
    assert!(verifies(&twice, &peer));
    mine = twice;
    // The person's own edit of that column (not possible in the UI, but a Scan operation) drops it.
    mine.comment(&peer, &code, "?", &f, ts("2026-11-22T09:00:00Z"))
        .unwrap();
    assert_eq!(signature(&mine, &peer), None);
}

/// A device's signature over `id`'s column as it is now, and the bytes it signed.
fn device_signature(scan: &Scan, id: &RaterId, seed: u8) -> (ColumnSignature, Vec<u8>) {
    let key = SigningKey::from_slice(&[seed; 32]).unwrap();
    let bytes = canonical_bytes(scan, &framework_of(scan), scan.rater(id).unwrap());
    let value: Signature = key.sign(&bytes);
    let public = VerifyingKey::from(&key).to_encoded_point(false);
    let signature = ColumnSignature::es256(public.as_bytes(), &value.to_bytes()).unwrap();
    (signature, bytes)
}

#[test]
fn seal_column_puts_the_signature_on_the_column_it_was_made_over() {
    let f = quick_scan();
    let mut s = realistic_scan(&f);
    s.finish(&supervisor(), &f, ts("2026-11-22T10:00:00Z"))
        .unwrap();
    let updated = s.updated;
    let (signature, bytes) = device_signature(&s, &supervisor(), 2);
    assert!(s.seal_column(&supervisor(), &f, signature.clone(), &bytes));
    assert_eq!(s.rater(&supervisor()).unwrap().signature, Some(signature));
    assert!(verifies(&s, &supervisor()));
    assert_eq!(s.updated, updated, "a seal adds no content");
}

#[test]
fn seal_column_refuses_a_column_changed_or_reopened_while_signing_ran() {
    let f = quick_scan();
    let code = f.items(None)[0].code.clone();
    let mut s = realistic_scan(&f);
    s.finish(&supervisor(), &f, ts("2026-11-22T10:00:00Z"))
        .unwrap();
    let (signature, bytes) = device_signature(&s, &supervisor(), 2);

    let mut changed = s.clone();
    let before = changed.value(&supervisor(), &code);
    let other = if before == Some(1) { 2 } else { 1 };
    changed
        .rate(
            &supervisor(),
            &code,
            Some(other),
            &f,
            ts("2026-11-22T10:01:00Z"),
        )
        .unwrap();
    let kept = changed.clone();
    assert!(!changed.seal_column(&supervisor(), &f, signature.clone(), &bytes));
    assert_eq!(changed, kept, "nothing sealed, nothing else touched");

    let mut reopened = s.clone();
    reopened.reopen(&supervisor(), ts("2026-11-22T10:01:00Z"));
    assert!(!reopened.seal_column(&supervisor(), &f, signature.clone(), &bytes));
    assert_eq!(reopened.rater(&supervisor()).unwrap().signature, None);

    // Another column's bytes never seal this one.
    let student_bytes = canonical_bytes(&s, &framework_of(&s), s.rater(&student()).unwrap());
    assert!(!s.seal_column(&supervisor(), &f, signature, &student_bytes));
    assert_eq!(s.rater(&supervisor()).unwrap().signature, None);
}
