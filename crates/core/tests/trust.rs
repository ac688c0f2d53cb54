//! Knowing whose key it is: a column signed with the person's own key (same device), the
//! coach's trusted keys as a stored document, and a class grouped by signing key, where only
//! intact columns count.

mod common;

use common::scans::realistic_scan;
use common::{framework, student, supervisor, ts};
use competentiescan_core::framework::Framework;
use competentiescan_core::i18n::Lang;
use competentiescan_core::rater::{RaterId, RaterRole};
use competentiescan_core::scan::Scan;
use competentiescan_core::signature::{
    base64, same_device, ColumnSignature, Fingerprint, PublicKey,
};
use competentiescan_core::stored::{CorruptReason, DecodeError};
use competentiescan_core::trust::{
    key_groups, KeyGroup, NameError, TrustedKeys, TrustedName, TRUST_VERSION,
};
use serde_json::json;

/// A well-formed key of its own per seed. Nothing here verifies signatures: whether a seal
/// is intact is the platform's answer, given to these functions.
fn key(seed: u8) -> PublicKey {
    let mut bytes = [seed; PublicKey::LEN];
    bytes[0] = 0x04;
    PublicKey::from_bytes(&bytes).unwrap()
}

fn signed_with(seed: u8) -> ColumnSignature {
    ColumnSignature::es256(key(seed).as_bytes(), &[seed; 64]).unwrap()
}

fn quick_scan() -> Framework {
    framework("quickscan-smd-2014")
}

/// The realistic scan under its own id and organisation, both columns finished and signed
/// by the given keys (`None`: unsigned).
fn scan(f: &Framework, id: &str, organisation: &str, own: Option<u8>, bpv: Option<u8>) -> Scan {
    let mut s = realistic_scan(f);
    s.id = id.into();
    s.subject.organisation = organisation.into();
    s.finish(&student(), f, ts("2026-11-21T10:00:00Z")).unwrap();
    s.finish(&supervisor(), f, ts("2026-11-22T10:00:00Z"))
        .unwrap();
    for (rater, seed) in [(student(), own), (supervisor(), bpv)] {
        let i = s.raters.iter().position(|r| r.id == rater).unwrap();
        s.raters[i].signature = seed.map(signed_with);
    }
    s
}

fn column<'s>(s: &'s Scan, id: &RaterId) -> &'s competentiescan_core::rater::Rater {
    s.rater(id).unwrap()
}

#[test]
fn same_device_is_another_column_signed_with_the_persons_own_key() {
    let f = quick_scan();
    let shared = scan(&f, "a", "X", Some(1), Some(1));
    assert!(same_device(&shared, column(&shared, &supervisor())));
    assert!(
        !same_device(&shared, column(&shared, &student())),
        "the person's own column is never 'on the same device' as itself"
    );
    let apart = scan(&f, "b", "X", Some(1), Some(2));
    assert!(!same_device(&apart, column(&apart, &supervisor())));
    let own_unsigned = scan(&f, "c", "X", None, Some(1));
    assert!(!same_device(
        &own_unsigned,
        column(&own_unsigned, &supervisor())
    ));
    let bpv_unsigned = scan(&f, "d", "X", Some(1), None);
    assert!(!same_device(
        &bpv_unsigned,
        column(&bpv_unsigned, &supervisor())
    ));

    // An algorithm this version does not know has no key to compare, even if its object
    // carries the same text.
    let mut unknown = scan(&f, "e", "X", Some(1), None);
    let mut object = signed_with(1).to_value();
    object["alg"] = json!("ES512");
    let i = unknown
        .raters
        .iter()
        .position(|r| r.id == supervisor())
        .unwrap();
    unknown.raters[i].signature = Some(ColumnSignature::from_value(&object).unwrap());
    assert!(matches!(
        unknown.raters[i].signature,
        Some(ColumnSignature::Unknown { .. })
    ));
    assert!(!same_device(&unknown, column(&unknown, &supervisor())));
}

#[test]
fn trusted_names_are_trimmed_non_empty_and_limited_by_characters() {
    let name = TrustedName::parse("  Joost Bakker, Wijkteam Noord \n").unwrap();
    assert_eq!(name.as_str(), "Joost Bakker, Wijkteam Noord");
    assert_eq!(TrustedName::parse(" \t "), Err(NameError::Empty));
    // 200 two-byte characters (400 bytes) fit; one more does not.
    assert_eq!(
        TrustedName::parse(&"é".repeat(200)).unwrap().as_str(),
        "é".repeat(200)
    );
    assert_eq!(
        TrustedName::parse(&"é".repeat(201)),
        Err(NameError::TooLong)
    );
    assert_eq!(
        NameError::TooLong.text(Lang::Nl),
        "een naam is hoogstens 200 tekens"
    );
    assert_eq!(NameError::Empty.text(Lang::En), "enter a name");
}

#[test]
fn trusted_keys_are_added_renamed_removed_and_stored_with_the_whole_key() {
    let joost = TrustedName::parse("Joost Bakker, Wijkteam Noord").unwrap();
    let renamed = TrustedName::parse("Joost Bakker (Wijkteam Zuid)").unwrap();
    let keys = TrustedKeys::default()
        .with(key(2), joost.clone())
        .with(key(3), TrustedName::parse("Ilse Smit").unwrap());
    assert_eq!(keys.name_of(&key(2)), Some(&joost));
    assert_eq!(keys.name_of(&key(9)), None);

    let stored = keys.encode();
    let value: serde_json::Value = serde_json::from_str(&stored).unwrap();
    assert_eq!(
        value,
        json!({"version": TRUST_VERSION, "keys": [
            {"publicKey": base64::encode(key(2).as_bytes()), "name": "Joost Bakker, Wijkteam Noord"},
            {"publicKey": base64::encode(key(3).as_bytes()), "name": "Ilse Smit"},
        ]})
    );
    assert_eq!(
        TrustedKeys::open_stored(Some(&stored)),
        (keys.clone(), None)
    );
    assert_eq!(
        TrustedKeys::open_stored(None),
        (TrustedKeys::default(), None)
    );

    let renamed_keys = keys.with(key(2), renamed.clone());
    assert_eq!(renamed_keys.name_of(&key(2)), Some(&renamed));
    assert_eq!(renamed_keys.iter().count(), 2);
    let removed = renamed_keys.without(&key(2));
    assert_eq!(removed.name_of(&key(2)), None);
    assert_eq!(
        removed
            .iter()
            .map(|(k, n)| (k.clone(), n.as_str()))
            .collect::<Vec<_>>(),
        vec![(key(3), "Ilse Smit")]
    );
}

#[test]
fn a_newer_or_unreadable_trust_document_is_reported_with_its_place_not_read() {
    let (keys, error) = TrustedKeys::open_stored(Some(r#"{"version":2,"keys":[]}"#));
    assert_eq!(
        (keys, error),
        (TrustedKeys::default(), Some(DecodeError::Newer(2)))
    );

    let problem = |raw: &str| match TrustedKeys::open_stored(Some(raw)) {
        (keys, Some(DecodeError::Corrupt(CorruptReason::Invalid(p)))) => {
            assert_eq!(keys, TrustedKeys::default());
            p.text(Lang::Nl)
        }
        other => panic!("{raw}: {other:?}"),
    };
    let good = base64::encode(key(2).as_bytes());
    let short = base64::encode(&key(2).as_bytes()[..33]);
    assert_eq!(
        problem(&json!({"version":1,"keys":[{"publicKey":good,"name":"A"},{"publicKey":"%%%%","name":"B"}]}).to_string()),
        "veld keys[1].publicKey: geen geldige base64 (standaard alfabet, met = aangevuld)"
    );
    assert_eq!(
        problem(&json!({"version":1,"keys":[{"publicKey":short,"name":"A"}]}).to_string()),
        "veld keys[0].publicKey: 33 bytes, verwacht 65"
    );
    assert_eq!(
        problem(&json!({"version":1,"keys":[{"publicKey":good,"name":"  "}]}).to_string()),
        "veld keys[0].name: vul een naam in"
    );
    assert_eq!(
        problem(&json!({"version":1,"keys":[{"publicKey":good,"name":"A"},{"publicKey":good,"name":"B"}]}).to_string()),
        "veld keys[1].publicKey: deze sleutel staat er twee keer in"
    );
    assert!(matches!(
        TrustedKeys::open_stored(Some("{not json")),
        (_, Some(DecodeError::Corrupt(CorruptReason::Json(_))))
    ));
}

fn group(role: RaterRole, seed: u8, students: usize, organisations: &[&str]) -> KeyGroup {
    KeyGroup {
        role,
        public_key: key(seed),
        fingerprint: Fingerprint::of(key(seed).as_bytes()),
        students,
        organisations: organisations.iter().map(|o| o.to_string()).collect(),
    }
}

#[test]
fn a_class_is_grouped_by_signing_key_per_role_through_intact_columns_only() {
    let f = quick_scan();
    let class = [
        scan(&f, "s1", "Wijkteam Noord", Some(11), Some(2)),
        scan(&f, "s2", "  Buurtteam Oost ", Some(12), Some(2)),
        scan(&f, "s3", "Wijkteam Noord", Some(13), Some(2)),
        // Signed by another BPV-begeleider, no organisation named.
        scan(&f, "s4", "", Some(14), Some(3)),
        // A forged column claiming key 2: its seal is not intact, so it must not join.
        scan(&f, "forged", "Nep BV", Some(15), Some(2)),
        // The student signed the BPV column too (same device); unsigned own column elsewhere.
        scan(&f, "s5", "Zorg & Co", Some(16), Some(16)),
        scan(&f, "s6", "Wijkteam Noord", None, None),
    ];
    let scans: Vec<&Scan> = class.iter().collect();
    let intact = |s: &Scan, _: &competentiescan_core::rater::Rater| s.id != "forged";
    let groups = key_groups(&scans, intact);
    let subject = RaterRole::Subject;
    let bpv = RaterRole::Supervisor;
    assert_eq!(
        groups,
        vec![
            group(subject, 11, 1, &["Wijkteam Noord"]),
            group(subject, 12, 1, &["Buurtteam Oost"]),
            group(subject, 13, 1, &["Wijkteam Noord"]),
            group(subject, 14, 1, &[]),
            group(subject, 16, 1, &["Zorg & Co"]),
            group(bpv, 2, 3, &["Buurtteam Oost", "Wijkteam Noord"]),
            group(bpv, 3, 1, &[]),
            group(bpv, 16, 1, &["Zorg & Co"]),
        ]
    );
    assert_eq!(
        groups[5].fingerprint.to_string(),
        Fingerprint::of(key(2).as_bytes()).to_string()
    );

    // The same scan listed twice is one student; and with every seal intact the forged
    // column's scan joins key 2, which is why the predicate must be the verified seal.
    let twice: Vec<&Scan> = [&class[0], &class[0]].into();
    assert_eq!(key_groups(&twice, |_, _| true)[1].students, 1);
    let trusting_all = key_groups(&scans, |_, _| true);
    assert_eq!(
        trusting_all[6],
        group(bpv, 2, 4, &["Buurtteam Oost", "Nep BV", "Wijkteam Noord"])
    );
    // Only columns that are intact count, per column: a forged BPV column leaves the
    // student's own intact column in its group.
    let bpv_forged = key_groups(&scans, |s, r| !(s.id == "forged" && r.role == bpv));
    assert!(bpv_forged.contains(&group(subject, 15, 1, &["Nep BV"])));
    assert!(bpv_forged.contains(&group(bpv, 2, 3, &["Buurtteam Oost", "Wijkteam Noord"])));
}
