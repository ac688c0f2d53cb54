//! Signed rater columns: the canonical bytes (exact test vectors), the signature's wire form and
//! its refusals, the fingerprint, and signatures made by WebCrypto (a committed fixture from
//! scripts/make-signature-fixture.mjs) and by the `p256` crate verifying over those bytes.

use competentiescan_core::draft::{decode, DRAFT_FORMAT, DRAFT_VERSION};
use competentiescan_core::i18n::Lang;
use competentiescan_core::rater::{Rater, RaterId};
use competentiescan_core::scan::Scan;
use competentiescan_core::signature::{
    base64, canonical_bytes, changed_items, check, signed_copy, ColumnSeal, ColumnSignature,
    Fingerprint, PublicKey, SealCheck, SignatureAlg, SignatureError, SignatureField,
    SignatureValue, Verification,
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
    let bytes = canonical_bytes(&scan, supervisor(&scan));
    assert_eq!(hex(&bytes), vector());
    // The committed file the WebCrypto fixture signed is the same vector.
    assert_eq!(fixture("supervisor.hex").trim(), vector());
    assert_eq!(bytes.len(), 226);
}

#[test]
fn absent_variant_and_empty_variant_differ() {
    let mut scan = scan();
    let none = canonical_bytes(&scan, supervisor(&scan));
    scan.variant = Some(String::new());
    let empty = canonical_bytes(&scan, supervisor(&scan));
    scan.variant = Some("hbo".into());
    let hbo = canonical_bytes(&scan, supervisor(&scan));
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
    let bytes = |scan: &Scan| canonical_bytes(scan, supervisor(scan));
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
        canonical_bytes(&a, supervisor(&a)),
        canonical_bytes(&b, supervisor(&b))
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
    let message = canonical_bytes(&scan, supervisor(&scan));
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
    let seal = |scan: &Scan| match check(scan, supervisor(scan), Some(&signature)) {
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
    assert_eq!(seal(&scan), ColumnSeal::Intact(fingerprint));
    let signed = supervisor(&scan).clone();
    scan.raters[1].ratings.get_mut("1.1-2").unwrap().comment = "later".into();
    assert_eq!(seal(&scan), ColumnSeal::Changed { items: Vec::new() });
    assert_eq!(changed_items(&signed, supervisor(&scan)), ["1.1-2"]);
    assert_eq!(
        check(&scan, supervisor(&scan), None),
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
fn signed_copy_finds_the_column_carrying_the_same_known_signature() {
    let signature = ColumnSignature::from_value(&webcrypto()["signature"]).unwrap();
    let mut here = scan();
    here.raters[1].signature = Some(signature.clone());
    let mut file = here.clone();
    file.raters[1].ratings.get_mut("1.1-2").unwrap().value = Some(5);
    let copy = signed_copy(&here, supervisor(&file)).expect("same signature on this device");
    assert_eq!(copy, supervisor(&here));
    assert_eq!(changed_items(copy, supervisor(&file)), ["1.1-2"]);

    // Another signature, or none, names no copy: its content says nothing of what was signed.
    let mut other = signature.to_value();
    other["value"] = json!(base64::encode(&[1; 64]));
    file.raters[1].signature = Some(ColumnSignature::from_value(&other).unwrap());
    assert_eq!(signed_copy(&here, supervisor(&file)), None);
    file.raters[1].signature = None;
    assert_eq!(signed_copy(&here, supervisor(&file)), None);
    let unknown = json!({"alg": "EdDSA", "publicKey": "AA==", "value": "AA=="});
    let unknown = ColumnSignature::from_value(&unknown).unwrap();
    here.raters[1].signature = Some(unknown.clone());
    file.raters[1].signature = Some(unknown);
    assert_eq!(
        signed_copy(&here, supervisor(&file)),
        None,
        "only a known signature"
    );
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
    let message = canonical_bytes(&scan, supervisor(&scan));
    let value: Signature = key.sign(&message);
    let signature = ColumnSignature::es256(point.as_bytes(), &value.to_bytes()).unwrap();
    let read = ColumnSignature::from_value(&signature.to_value()).unwrap();
    assert_eq!(read, signature);
    assert!(p256_verifies(&read, &message));
    let mut other = scan.clone();
    other.id = "scan-2".into();
    assert!(!p256_verifies(
        &read,
        &canonical_bytes(&other, supervisor(&other))
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
        check(&scan, supervisor(&scan), Some(&signature)),
        SealCheck::Decided(ColumnSeal::Unverifiable("ES512".into()))
    );
    // A known algorithm whose check the platform could not run is no more valid.
    let known = ColumnSignature::es256(&[[4u8].as_slice(), &[1; 64]].concat(), &[2; 64]).unwrap();
    match check(&scan, supervisor(&scan), Some(&known)) {
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
