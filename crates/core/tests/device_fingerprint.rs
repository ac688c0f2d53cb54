//! The device key's fingerprint as agreed for issue 15: the first 60 bits of SHA-256 of the raw
//! public key, as 12 Crockford base32 characters grouped by 4. Expected values computed apart
//! (Python's hashlib; SHA-256 of nothing starts e3b0c44298fc1c1…). Shown to fail: shifting by
//! `64 - 5 * i - 4` (one bit off) gave "E7C6-48AC-FR70" for the empty key.

use competentiescan_core::signature::Fingerprint;

#[test]
fn fingerprints_match_vectors_computed_elsewhere() {
    let counting: Vec<u8> = std::iter::once(4).chain(1..=64).collect();
    let ones: Vec<u8> = std::iter::once(4).chain([0xff; 64]).collect();
    assert_eq!(Fingerprint::of(b"").to_string(), "WERC-8GMR-ZGE1");
    assert_eq!(Fingerprint::of(&counting).to_string(), "1V9T-DAWN-FZVF");
    assert_eq!(Fingerprint::of(&ones).to_string(), "TP68-S22D-KX6N");
}

#[test]
fn one_changed_byte_changes_the_fingerprint() {
    let key: Vec<u8> = std::iter::once(4).chain(1..=64).collect();
    let mut changed = key.clone();
    changed[64] ^= 1;
    assert_ne!(Fingerprint::of(&key), Fingerprint::of(&changed));
}
