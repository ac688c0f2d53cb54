//! Signed rater columns: the canonical bytes (exact test vectors), the signature's wire form and
//! its refusals, the fingerprint, and signatures made by WebCrypto (a committed fixture from
//! scripts/make-signature-fixture.mjs) and by the `p256` crate verifying over those bytes.

use competentiescan_core::draft::{decode, DRAFT_FORMAT, DRAFT_VERSION};
use competentiescan_core::framework::Framework;
use competentiescan_core::i18n::Lang;
use competentiescan_core::rater::{Rater, RaterId};
use competentiescan_core::scan::Scan;
use competentiescan_core::signature::{
    base64, canonical_bytes, canonical_bytes_v1, carrier, changed_items, check, framework_digest,
    reword, CanonicalForm, Carrier, ColumnSeal, ColumnSignature, Fingerprint, MadeFor, PublicKey,
    SealCheck, SignatureAlg, SignatureError, SignatureField, SignatureValue, Verification,
};
use p256::ecdsa::signature::{Signer, Verifier};
use p256::ecdsa::{Signature, SigningKey, VerifyingKey};
use serde_json::{json, Value};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/signature");

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{FIXTURES}/{name}")).unwrap()
}

/// Read as a stored draft is (a scan has no derived reader).
fn scan() -> Scan {
    let scan: Value = serde_json::from_str(&fixture("scan.json")).unwrap();
    let draft =
        json!({"format": DRAFT_FORMAT, "version": DRAFT_VERSION, "revision": 0, "scan": scan});
    decode(&draft.to_string()).unwrap().scan
}

/// The form 2 fixture: scan.json with a subject.
fn scan_v2() -> Scan {
    let scan: Value = serde_json::from_str(&fixture("scan-v2.json")).unwrap();
    let draft =
        json!({"format": DRAFT_FORMAT, "version": DRAFT_VERSION, "revision": 0, "scan": scan});
    decode(&draft.to_string()).unwrap().scan
}

/// The framework the form 2 vector covers: a copy of a bundled one, kept here so the vector
/// does not move when the bundled file does.
fn framework_fixture() -> Framework {
    Framework::parse(&fixture("framework.json")).unwrap()
}

fn supervisor(scan: &Scan) -> &Rater {
    scan.rater(&RaterId::parse("supervisor").unwrap()).unwrap()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The fixture's supervisor column, field by field (docs/exchange-format.md shows its dump).
const VECTOR: &[&str] = &[
    "00000019 636f6d706574656e7469657363616e2d636f6c756d6e2d7631", // "competentiescan-column-v1"
    "00000006 7363616e2d31",                                       // scan id "scan-1"
    "00000010 64346536333433343939326663346466",                   // framework hash
    "00",                                                          // no variant
    "0000000a 73757065727669736f72",                               // role "supervisor"
    "0000000a 73757065727669736f72",                               // rater id "supervisor"
    "00000004 5a6fc3ab",                                           // name "Zoë" (4 bytes, 3 chars)
    "00000000",                                                    // function ""
    "00000002",            // 2 ratings (1.1-3 has neither value nor comment)
    "00000005 312e312d31", // "1.1-1"
    "01 0000003c",         // value 60
    "00000014 436c69c3ab6e74206265c3af6e766c6f6564656e", // "Cliënt beïnvloeden"
    "00000005 312e312d32", // "1.1-2"
    "01 00000037",         // value 55
    "00000000",            // empty comment
    "00000001",            // 1 paraaf
    "00000005 312e312d31", // on "1.1-1"
    "00000002 5a42",       // initials "ZB"
    "0000000a 323032362d31312d3231", // date "2026-11-21"
    "0000003c",            // value 60
    "01 00000018 323032362d31312d32325431303a30303a30302e3030305a", // finished
];

fn vector() -> String {
    VECTOR.concat().replace(' ', "")
}

#[test]
fn canonical_bytes_are_the_test_vector() {
    let scan = scan();
    let bytes = canonical_bytes_v1(&scan, supervisor(&scan));
    assert_eq!(hex(&bytes), vector());
    // The committed file the WebCrypto fixture signed is the same vector.
    assert_eq!(fixture("supervisor.hex").trim(), vector());
    assert_eq!(bytes.len(), 226);
}

#[test]
fn absent_variant_and_empty_variant_differ() {
    let mut scan = scan();
    let none = canonical_bytes_v1(&scan, supervisor(&scan));
    scan.variant = Some(String::new());
    let empty = canonical_bytes_v1(&scan, supervisor(&scan));
    scan.variant = Some("hbo".into());
    let hbo = canonical_bytes_v1(&scan, supervisor(&scan));
    // The variant follows the tag (4 + 25), scan id (4 + 6) and hash (4 + 16): offset 59.
    assert_eq!(none[59], 0);
    assert_eq!(hex(&empty[59..64]), "0100000000");
    assert_eq!(hex(&hbo[59..67]), "010000000368626f");
    assert_eq!(empty.len(), none.len() + 4);
    assert_eq!(&none[60..], &empty[64..]);
}

#[test]
fn what_is_signed_and_what_is_not() {
    let base = scan();
    let bytes = |scan: &Scan| canonical_bytes_v1(scan, supervisor(scan));
    let changed = |change: &dyn Fn(&mut Rater)| {
        let mut scan = scan();
        change(&mut scan.raters[1]);
        bytes(&scan)
    };
    // Not vouched for: when an item was last touched, an entry that says nothing, the subject,
    // other columns.
    assert_eq!(
        changed(&|r| r.ratings.get_mut("1.1-1").unwrap().at = base.created),
        bytes(&base)
    );
    assert_eq!(changed(&|r| drop(r.ratings.remove("1.1-3"))), bytes(&base));
    let mut other = scan();
    other.subject.student = "Someone else".into();
    other.raters[0].name = "Sam".into();
    assert_eq!(bytes(&other), bytes(&base));
    // Vouched for: each of these changes the bytes.
    let changes: [&dyn Fn(&mut Rater); 8] = [
        &|r| r.name = "Zoe".into(),
        &|r| r.function = "Teamleider".into(),
        &|r| r.ratings.get_mut("1.1-1").unwrap().value = Some(65),
        &|r| r.ratings.get_mut("1.1-2").unwrap().value = None,
        &|r| r.ratings.get_mut("1.1-2").unwrap().comment = " ".into(),
        &|r| r.ratings.get_mut("1.1-3").unwrap().comment = "nieuw".into(),
        &|r| r.paraafs.get_mut("1.1-1").unwrap().initials = "Z".into(),
        &|r| r.finished = None,
    ];
    for change in changes {
        assert_ne!(changed(change), bytes(&base));
    }
}

/// Texts are length-prefixed, so moving a character from one field to the next is a change.
#[test]
fn field_boundaries_are_unambiguous() {
    let mut a = scan();
    a.raters[1].name = "ab".into();
    a.raters[1].function = "c".into();
    let mut b = scan();
    b.raters[1].name = "a".into();
    b.raters[1].function = "bc".into();
    assert_ne!(
        canonical_bytes_v1(&a, supervisor(&a)),
        canonical_bytes_v1(&b, supervisor(&b))
    );
}

#[test]
fn fingerprint_is_sha256_in_crockford_base32() {
    // FIPS 180-2's "abc": SHA-256 = ba7816bf 8f01cfea…; its first 60 bits, 0xba7816bf8f01cfe,
    // in groups of five bits: 10111 01001 11100 00001 01101 01111 11100 01111 00000 00111
    // 00111 11110. The empty message: SHA-256 = e3b0c442 98fc1c14….
    assert_eq!(Fingerprint::of(b"abc").to_string(), "Q9W1-DFWF-077Y");
    assert_eq!(Fingerprint::of(b"").to_string(), "WERC-8GMR-ZGE1");
}

fn webcrypto() -> Value {
    serde_json::from_str(&fixture("webcrypto-es256.json")).unwrap()
}

fn p256_verifies(signature: &ColumnSignature, message: &[u8]) -> bool {
    let ColumnSignature::Known {
        public_key, value, ..
    } = signature
    else {
        panic!("not a known algorithm: {signature:?}");
    };
    let key = VerifyingKey::from_sec1_bytes(public_key.as_bytes()).unwrap();
    let signature = Signature::from_slice(value.as_bytes()).unwrap();
    key.verify(message, &signature).is_ok()
}

#[test]
fn a_webcrypto_signature_verifies_and_any_changed_byte_fails() {
    let fixture = webcrypto();
    let signature = ColumnSignature::from_value(&fixture["signature"]).unwrap();
    assert_eq!(signature.to_value(), fixture["signature"]);
    let scan = scan();
    let message = canonical_bytes_v1(&scan, supervisor(&scan));
    assert_eq!(hex(&message), fixture["canonicalHex"]);
    assert!(p256_verifies(&signature, &message));
    for i in 0..message.len() {
        let mut changed = message.clone();
        changed[i] ^= 0x01;
        assert!(!p256_verifies(&signature, &changed), "byte {i} changed");
    }
    let ColumnSignature::Known {
        public_key, value, ..
    } = &signature
    else {
        unreachable!("checked above")
    };
    // The fingerprint node computed with its own SHA-256 and base32, and core's, agree.
    assert_eq!(public_key.fingerprint().to_string(), "CQG7-C21P-NTHX");
    assert_eq!(fixture["fingerprint"], "CQG7-C21P-NTHX");
    for i in 0..SignatureValue::LEN {
        let mut bytes = value.as_bytes().to_vec();
        bytes[i] ^= 0x01;
        let tampered = ColumnSignature::es256(public_key.as_bytes(), &bytes).unwrap();
        assert!(!p256_verifies(&tampered, &message), "signature byte {i}");
    }
}

#[test]
fn seal_of_the_fixture_column_as_it_is_and_after_an_edit() {
    let signature = ColumnSignature::from_value(&webcrypto()["signature"]).unwrap();
    let mut scan = scan();
    let seal = |scan: &Scan| match check(scan, None, supervisor(scan), Some(&signature)) {
        SealCheck::Verify(request) => {
            assert_eq!(request.alg, SignatureAlg::Es256);
            let verified = if p256_verifies(&signature, &request.message) {
                Verification::Valid
            } else {
                Verification::Invalid
            };
            request.seal(verified)
        }
        SealCheck::Decided(seal) => panic!("decided without verifying: {seal:?}"),
    };
    let fingerprint = Fingerprint::of(&public_key_bytes(&signature));
    assert_eq!(
        seal(&scan),
        ColumnSeal::Intact(fingerprint, CanonicalForm::V1),
        "a form 1 signature needs no framework"
    );
    let signed = supervisor(&scan).clone();
    scan.raters[1].ratings.get_mut("1.1-2").unwrap().comment = "later".into();
    assert_eq!(
        seal(&scan),
        ColumnSeal::DoesNotHold,
        "without a signed copy, no claim that it changed"
    );
    assert_eq!(changed_items(&signed, supervisor(&scan)), ["1.1-2"]);
    assert_eq!(
        check(&scan, None, supervisor(&scan), None),
        SealCheck::Decided(ColumnSeal::Unsigned)
    );
}

fn public_key_bytes(signature: &ColumnSignature) -> Vec<u8> {
    match signature {
        ColumnSignature::Known { public_key, .. } => public_key.as_bytes().to_vec(),
        ColumnSignature::Unknown { .. } => unreachable!("the fixture is ES256"),
    }
}

#[test]
fn changed_items_names_each_item_whose_signed_content_differs() {
    let scan = scan();
    let signed = supervisor(&scan).clone();
    let mut now = signed.clone();
    assert!(changed_items(&signed, &now).is_empty());
    now.ratings.get_mut("1.1-1").unwrap().at = scan.created;
    now.ratings.remove("1.1-3");
    assert!(changed_items(&signed, &now).is_empty());
    now.paraafs.clear();
    now.ratings.get_mut("1.1-2").unwrap().value = Some(50);
    assert_eq!(changed_items(&signed, &now), ["1.1-1", "1.1-2"]);
}

#[test]
fn p256_signs_and_verifies_canonical_bytes() {
    let key = SigningKey::from_slice(&[7; 32]).unwrap();
    let point = VerifyingKey::from(&key).to_encoded_point(false);
    let scan = scan();
    let message = canonical_bytes_v1(&scan, supervisor(&scan));
    let value: Signature = key.sign(&message);
    let signature = ColumnSignature::es256(point.as_bytes(), &value.to_bytes()).unwrap();
    let read = ColumnSignature::from_value(&signature.to_value()).unwrap();
    assert_eq!(read, signature);
    assert!(p256_verifies(&read, &message));
    let mut other = scan.clone();
    other.id = "scan-2".into();
    assert!(!p256_verifies(
        &read,
        &canonical_bytes_v1(&other, supervisor(&other))
    ));
}

fn es256(public_key: &[u8], value: &[u8]) -> Value {
    json!({ "alg": "ES256", "publicKey": base64::encode(public_key), "value": base64::encode(value) })
}

#[test]
fn malformed_signatures_are_refused_with_the_field() {
    let point = [[4u8].as_slice(), &[1; 64]].concat();
    let read = |v: Value| ColumnSignature::from_value(&v);
    assert!(read(es256(&point, &[2; 64])).is_ok());
    let wrong_length = |field, expected, found| {
        Err(SignatureError::WrongLength {
            field,
            expected,
            found,
        })
    };
    assert_eq!(
        read(es256(&point[..64], &[2; 64])),
        wrong_length(SignatureField::PublicKey, 65, 64)
    );
    assert_eq!(
        read(es256(&[[2u8].as_slice(), &[1; 64]].concat(), &[2; 64])),
        Err(SignatureError::NotUncompressedPoint)
    );
    assert_eq!(
        read(es256(&point, &[2; 63])),
        wrong_length(SignatureField::Value, 64, 63)
    );
    let mut bad = es256(&point, &[2; 64]);
    bad["publicKey"] = json!("BA!=");
    assert_eq!(
        read(bad.clone()),
        Err(SignatureError::NotBase64(SignatureField::PublicKey))
    );
    bad["publicKey"] = json!(42);
    assert_eq!(
        read(bad.clone()),
        Err(SignatureError::NotText(SignatureField::PublicKey))
    );
    bad.as_object_mut().unwrap().remove("publicKey");
    assert_eq!(
        read(bad),
        Err(SignatureError::Missing(SignatureField::PublicKey))
    );
    let mut bad = es256(&point, &[2; 64]);
    bad.as_object_mut().unwrap().remove("alg");
    assert_eq!(read(bad), Err(SignatureError::Missing(SignatureField::Alg)));
    assert_eq!(read(json!("ES256")), Err(SignatureError::NotAnObject));
    assert_eq!(
        read(json!({ "alg": "", "publicKey": "", "value": "" })),
        Err(SignatureError::BadAlg)
    );
    // Key and value are the binding ones: a good alg and key do not excuse a bad value.
    let mut bad = es256(&point, &[2; 64]);
    bad["value"] = json!("AAAA AAAA");
    assert_eq!(
        read(bad),
        Err(SignatureError::NotBase64(SignatureField::Value))
    );
}

#[test]
fn an_unknown_algorithm_is_kept_and_never_valid() {
    let file = json!({ "alg": "ES512", "publicKey": "AAAA", "value": "", "extra": [1] });
    let signature = ColumnSignature::from_value(&file).unwrap();
    assert_eq!(signature.alg_name(), "ES512");
    assert_eq!(signature.to_value(), file);
    let scan = scan();
    assert_eq!(
        check(&scan, None, supervisor(&scan), Some(&signature)),
        SealCheck::Decided(ColumnSeal::Unverifiable("ES512".into()))
    );
    // A known algorithm whose check the platform could not run is no more valid.
    let known = ColumnSignature::es256(&[[4u8].as_slice(), &[1; 64]].concat(), &[2; 64]).unwrap();
    let f = framework_fixture();
    match check(&scan, Some(&f), supervisor(&scan), Some(&known)) {
        SealCheck::Verify(request) => assert_eq!(
            request.seal(Verification::Failed),
            ColumnSeal::Unverifiable("ES256".into())
        ),
        SealCheck::Decided(seal) => panic!("{seal:?}"),
    }
}

#[test]
fn refusals_read_in_both_languages_with_their_place() {
    let path = "scan.raters[1].signature";
    let problem = SignatureError::WrongLength {
        field: SignatureField::PublicKey,
        expected: 65,
        found: 64,
    }
    .problem(path);
    assert_eq!(
        problem.text(Lang::Nl),
        "veld scan.raters[1].signature.publicKey: 64 bytes, verwacht 65"
    );
    assert_eq!(
        problem.text(Lang::En),
        "field scan.raters[1].signature.publicKey: 64 bytes, expected 65"
    );
    assert_eq!(
        SignatureError::NotBase64(SignatureField::Value)
            .problem(path)
            .text(Lang::En),
        "field scan.raters[1].signature.value: not valid base64 (standard alphabet, padded with =)"
    );
}

#[test]
fn base64_is_rfc_4648_and_strict() {
    // RFC 4648 §10.
    for (plain, encoded) in [
        ("", ""),
        ("f", "Zg=="),
        ("fo", "Zm8="),
        ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ] {
        assert_eq!(base64::encode(plain.as_bytes()), encoded);
        assert_eq!(base64::decode(encoded).unwrap(), plain.as_bytes());
    }
    let all: Vec<u8> = (0..=255).collect();
    assert_eq!(base64::decode(&base64::encode(&all)).unwrap(), all);
    assert_eq!(base64::encode(&[0xfb, 0xff]), "+/8=");
    // Unpadded, URL alphabet, padding inside, three `=`, bits after the last byte, spaces.
    for bad in ["Zg", "-_8=", "Zg==Zm9v", "Z===", "Zh==", "Zm8 ", "Zm9v\n"] {
        assert_eq!(base64::decode(bad), None, "{bad:?}");
    }
}

#[test]
fn key_and_value_types_check_their_form() {
    assert_eq!(
        PublicKey::from_bytes(&[4; 66]),
        Err(SignatureError::WrongLength {
            field: SignatureField::PublicKey,
            expected: 65,
            found: 66
        })
    );
    assert!(SignatureValue::from_bytes(&[0; 65]).is_err());
    assert_eq!(SignatureAlg::parse("es256"), None);
    for alg in SignatureAlg::ALL {
        assert_eq!(SignatureAlg::parse(alg.wire_name()), Some(alg));
    }
}

/// Form 2 of the v2 fixture's supervisor column, field by field (docs/exchange-format.md).
const VECTOR_V2: &[&str] = &[
    "00000019 636f6d706574656e7469657363616e2d636f6c756d6e2d7632", // "competentiescan-column-v2"
    "00000006 7363616e2d31", // scan id "scan-1"
    // SHA-256 of framework.json's canonical JSON, as 64 hex characters
    "00000040 32613432386664303661656539633737656435303332316161353433386662323735313838323666346438353433366636616335663831383262383637633766",
    "00",                // no variant
    "00000003 53616d",   // student "Sam"
    "01",                // the whole subject (a primary rater's column)
    "0000000c 536f636961616c205765726b",     // programme "Sociaal Werk"
    "0000000e 57696a6b7465616d204e6f6f7264", // organisation "Wijkteam Noord"
    "01 0000000a 323032362d31312d3230",      // date "2026-11-20"
    "0000000a 73757065727669736f72",         // role "supervisor"
    "0000000a 73757065727669736f72",         // rater id "supervisor"
    "00000004 5a6fc3ab",                     // name "Zoë"
    "00000000",                              // function ""
    "00000002",
    "00000005 312e312d31",
    "01 0000003c",
    "00000014 436c69c3ab6e74206265c3af6e766c6f6564656e",
    "00000005 312e312d32",
    "01 00000037",
    "00000000",
    "00000001",
    "00000005 312e312d31",
    "00000002 5a42",
    "0000000a 323032362d31312d3231",
    "0000003c",
    "01 00000018 323032362d31312d32325431303a30303a30302e3030305a",
];

#[test]
fn form_2_bytes_are_the_test_vector() {
    let scan = scan_v2();
    let f = framework_fixture();
    assert_eq!(
        framework_digest(&f),
        "2a428fd06aee9c77ed50321aa5438fb27518826f4d85436f6ac5f8182b867c7f"
    );
    let bytes = canonical_bytes(&scan, &f, supervisor(&scan));
    assert_eq!(hex(&bytes), VECTOR_V2.concat().replace(' ', ""));
    assert_eq!(fixture("supervisor-v2.hex").trim(), hex(&bytes));
    assert_eq!(bytes.len(), 331);
}

/// A feedback respondent's device knows only the person's name: its column covers that.
#[test]
fn a_feedback_column_covers_the_student_name_only() {
    let f = framework_fixture();
    let mut scan = scan_v2();
    scan.raters[1].id = RaterId::parse("0d6f7a1e-aaaa").unwrap();
    let bytes = |scan: &Scan| canonical_bytes(scan, &f, &scan.raters[1]);
    let base = bytes(&scan);
    let mut other = scan.clone();
    other.subject.organisation = "Elders".into();
    other.subject.date = None;
    assert_eq!(bytes(&other), base);
    other.subject.student = "Piet".into();
    assert_ne!(bytes(&other), base);
}

/// Form 2 covers the subject and the framework's content: a renamed student, another
/// programme, organisation or date, or a framework edited (whatever its FNV hash says) each
/// break a form 2 signature; form 1 covered none of them.
#[test]
fn form_2_covers_the_subject_and_the_framework() {
    let f = framework_fixture();
    let base = scan_v2();
    let bytes = |scan: &Scan, f: &Framework| canonical_bytes(scan, f, supervisor(scan));
    let edits: [&dyn Fn(&mut Scan); 4] = [
        &|s| s.subject.student = "Piet Pietersen".into(),
        &|s| s.subject.programme = "Pedagogiek".into(),
        &|s| s.subject.organisation = "Zorggroep Oost".into(),
        &|s| s.subject.date = None,
    ];
    for edit in edits {
        let mut s = base.clone();
        edit(&mut s);
        assert_ne!(bytes(&s, &f), bytes(&base, &f));
        assert_eq!(
            canonical_bytes_v1(&s, supervisor(&s)),
            canonical_bytes_v1(&base, supervisor(&base)),
            "form 1 did not cover it"
        );
    }
    // A framework edited, its FNV hash recomputed into the scan: form 2 sees it.
    let mut edited = f.clone();
    edited.title.push('!');
    let mut s = base.clone();
    s.framework.hash = edited.content_hash();
    assert_ne!(bytes(&s, &edited), bytes(&base, &f));
    assert_ne!(framework_digest(&edited), framework_digest(&f));
}

#[test]
fn a_form_2_webcrypto_signature_verifies_and_says_its_form_and_column() {
    let fixture: Value = serde_json::from_str(&fixture("webcrypto-es256-v2.json")).unwrap();
    let signature = ColumnSignature::from_value(&fixture["signature"]).unwrap();
    assert_eq!(
        signature.to_value(),
        fixture["signature"],
        "written back as read"
    );
    let ColumnSignature::Known { form, made_for, .. } = &signature else {
        panic!("ES256")
    };
    assert_eq!(*form, CanonicalForm::V2);
    assert_eq!(
        made_for,
        &Some(MadeFor {
            scan: "scan-1".into(),
            rater: "supervisor".into()
        })
    );
    let f = framework_fixture();
    let scan = scan_v2();
    let verdict = |scan: &Scan, rater: &Rater, f: &Framework| match check(
        scan,
        Some(f),
        rater,
        Some(&signature),
    ) {
        SealCheck::Verify(request) => {
            assert_eq!(request.form, CanonicalForm::V2);
            request.seal(if p256_verifies(&signature, &request.message) {
                Verification::Valid
            } else {
                Verification::Invalid
            })
        }
        SealCheck::Decided(seal) => panic!("{seal:?}"),
    };
    let fingerprint = Fingerprint::of(&public_key_bytes(&signature));
    assert_eq!(
        verdict(&scan, supervisor(&scan), &f),
        ColumnSeal::Intact(fingerprint, CanonicalForm::V2)
    );
    // A renamed student on a fresh device: the hint still names this column, so the device
    // cannot tell a change from a move, and says neither.
    let mut renamed = scan.clone();
    renamed.subject.student = "Piet Pietersen".into();
    assert_eq!(
        verdict(&renamed, supervisor(&renamed), &f),
        ColumnSeal::DoesNotHold
    );
    let mut organisation = scan.clone();
    organisation.subject.organisation = "Zorggroep Oost".into();
    assert_eq!(
        verdict(&organisation, supervisor(&organisation), &f),
        ColumnSeal::DoesNotHold
    );
    let mut edited = f.clone();
    edited.title.push('!');
    assert_eq!(
        verdict(&scan, supervisor(&scan), &edited),
        ColumnSeal::DoesNotHold
    );
    // Copied onto another student's scan: the hint names scan-1, so it does not belong.
    let mut other = scan.clone();
    other.id = "scan-2".into();
    assert_eq!(
        verdict(&other, supervisor(&other), &f),
        ColumnSeal::NotThisColumn
    );
    // Without the framework, a form 2 signature cannot be checked (never intact).
    assert_eq!(
        check(&scan, None, supervisor(&scan), Some(&signature)),
        SealCheck::Decided(ColumnSeal::Unverifiable("ES256".into()))
    );
}

#[test]
fn the_form_and_hint_are_read_strictly() {
    let good = json!({"alg": "ES256", "form": 2, "publicKey": base64::encode(&[[4u8].as_slice(), &[1; 64]].concat()), "value": base64::encode(&[2; 64])});
    let with = |field: &str, value: Value| {
        let mut v = good.clone();
        v[field] = value;
        ColumnSignature::from_value(&v)
    };
    assert!(matches!(
        ColumnSignature::from_value(&good),
        Ok(ColumnSignature::Known {
            form: CanonicalForm::V2,
            made_for: None,
            ..
        })
    ));
    assert!(matches!(
        with("form", json!(1)),
        Ok(ColumnSignature::Known {
            form: CanonicalForm::V1,
            ..
        })
    ));
    assert_eq!(with("form", json!("2")), Err(SignatureError::BadForm));
    assert_eq!(with("form", json!(2.5)), Err(SignatureError::BadForm));
    assert_eq!(with("form", json!(-1)), Err(SignatureError::BadForm));
    // A newer app's form: kept as read, never valid.
    let newer = with("form", json!(3)).unwrap();
    assert_eq!(newer.alg_name(), "ES256.form3");
    assert_eq!(
        check(&scan(), None, supervisor(&scan()), Some(&newer)),
        SealCheck::Decided(ColumnSeal::Unverifiable("ES256.form3".into()))
    );
    assert_eq!(
        with("scan", json!("scan-1")),
        Err(SignatureError::Missing(SignatureField::Rater))
    );
    assert_eq!(
        with("scan", json!(1)),
        Err(SignatureError::NotText(SignatureField::Scan))
    );
    let mut both = good.clone();
    both["scan"] = json!("scan 1");
    both["rater"] = json!("supervisor");
    assert_eq!(
        ColumnSignature::from_value(&both),
        Err(SignatureError::BadHint(SignatureField::Scan))
    );
}

/// A signature that does not hold is worded by what the device holds: a copy of this same
/// column where it holds (changed: which items), another column where it holds (moved, or a
/// key swapped), or nothing (neither claimed).
#[test]
fn a_seal_that_does_not_hold_is_worded_by_the_columns_on_this_device() {
    let signature = ColumnSignature::from_value(
        &serde_json::from_str::<Value>(&fixture("webcrypto-es256-v2.json")).unwrap()["signature"],
    )
    .unwrap();
    let mut signed_scan = scan_v2();
    signed_scan.raters[1].signature = Some(signature.clone());
    let signed = supervisor(&signed_scan).clone();

    // Changed after signing: the same column, another value.
    let mut changed_scan = signed_scan.clone();
    changed_scan.raters[1]
        .ratings
        .get_mut("1.1-2")
        .unwrap()
        .value = Some(5);
    let changed = supervisor(&changed_scan).clone();
    assert_eq!(
        carrier(&changed_scan, &changed, &signed_scan, &signed),
        Some(Carrier::SameColumn)
    );
    assert_eq!(
        reword(
            ColumnSeal::DoesNotHold,
            &changed,
            &[(Carrier::SameColumn, &signed)]
        ),
        ColumnSeal::Changed {
            items: vec!["1.1-2".into()]
        }
    );

    // Copied onto another student's scan.
    let mut bram = scan_v2();
    bram.id = "scan-bram".into();
    bram.subject.student = "Bram".into();
    bram.raters[1].signature = Some(signature.clone());
    let moved = supervisor(&bram).clone();
    assert_eq!(
        carrier(&bram, &moved, &signed_scan, &signed),
        Some(Carrier::Elsewhere)
    );
    assert_eq!(
        reword(
            ColumnSeal::DoesNotHold,
            &moved,
            &[(Carrier::Elsewhere, &signed)]
        ),
        ColumnSeal::NotThisColumn
    );

    // Copied onto the student's own column of the same scan.
    let mut own = signed_scan.clone();
    own.raters[0].signature = Some(signature.clone());
    own.raters[0].finished = own.raters[1].finished;
    assert_eq!(
        carrier(&own, &own.raters[0], &signed_scan, &signed),
        Some(Carrier::Elsewhere)
    );

    // A key swapped: the same value under another key is not this column's signature.
    let ColumnSignature::Known { value, .. } = &signature else {
        unreachable!()
    };
    let swapped =
        ColumnSignature::es256(&[[4u8].as_slice(), &[9; 64]].concat(), value.as_bytes()).unwrap();
    let mut swapped_scan = signed_scan.clone();
    swapped_scan.raters[1].signature = Some(swapped);
    assert_eq!(
        carrier(
            &swapped_scan,
            supervisor(&swapped_scan),
            &signed_scan,
            &signed
        ),
        Some(Carrier::Elsewhere)
    );

    // Another signature value: no relation; nothing known: as it was, never intact.
    let mut unrelated = signed_scan.clone();
    unrelated.raters[1].signature =
        Some(ColumnSignature::es256(&[[4u8].as_slice(), &[1; 64]].concat(), &[2; 64]).unwrap());
    assert_eq!(
        carrier(&unrelated, supervisor(&unrelated), &signed_scan, &signed),
        None
    );
    assert_eq!(
        reword(ColumnSeal::DoesNotHold, &changed, &[]),
        ColumnSeal::DoesNotHold
    );
    // An intact or unsigned seal is never reworded.
    let intact = ColumnSeal::Intact(Fingerprint::of(b"k"), CanonicalForm::V2);
    assert_eq!(
        reword(intact.clone(), &changed, &[(Carrier::Elsewhere, &signed)]),
        intact
    );
    assert_eq!(
        reword(
            ColumnSeal::Unsigned,
            &changed,
            &[(Carrier::SameColumn, &signed)]
        ),
        ColumnSeal::Unsigned
    );
}

/// The hint never makes a seal intact, and a hint naming another column only words a failure.
#[test]
fn the_hint_only_words_a_failure() {
    let key = [[4u8].as_slice(), &[1; 64]].concat();
    let scan = scan_v2();
    let f = framework_fixture();
    let elsewhere = ColumnSignature::es256(&key, &[2; 64])
        .unwrap()
        .made_for(&scan, &RaterId::parse("student").unwrap());
    let SealCheck::Verify(request) = check(&scan, Some(&f), supervisor(&scan), Some(&elsewhere))
    else {
        panic!("a known signature is verified")
    };
    assert!(request.moved);
    assert_eq!(
        request.seal(Verification::Invalid),
        ColumnSeal::NotThisColumn
    );
    assert!(request.seal(Verification::Valid).is_intact());
    let here = ColumnSignature::es256(&key, &[2; 64])
        .unwrap()
        .made_for(&scan, &RaterId::parse("supervisor").unwrap());
    let SealCheck::Verify(request) = check(&scan, Some(&f), supervisor(&scan), Some(&here)) else {
        panic!("a known signature is verified")
    };
    assert!(!request.moved);
    assert_eq!(request.seal(Verification::Invalid), ColumnSeal::DoesNotHold);
}
