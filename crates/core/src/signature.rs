//! Signed rater columns (issue 15): the fingerprint a person reads aloud to compare two keys.

use sha2::{Digest, Sha256};
use std::fmt;

/// Crockford's base32 alphabet: no I, L, O or U, so the fingerprint survives being read aloud.
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// The fingerprint of a public key (vingerafdruk): the first 60 bits of SHA-256 of the key's
/// bytes as 12 Crockford base32 characters, shown as `XXXX-XXXX-XXXX`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fingerprint([u8; 12]);

impl Fingerprint {
    /// The fingerprint of `public_key`, the 65-byte uncompressed SEC1 point (0x04‖X‖Y).
    pub fn of(public_key: &[u8]) -> Fingerprint {
        let digest = Sha256::digest(public_key);
        let first = digest[..8]
            .iter()
            .fold(0u64, |acc, byte| (acc << 8) | u64::from(*byte));
        let mut chars = [0u8; 12];
        for (i, c) in chars.iter_mut().enumerate() {
            // Character i holds bits 5i..5i+5 of the 64, counted from the most significant.
            let index = (first >> (64 - 5 * (i + 1))) & 0x1f;
            *c = CROCKFORD[index as usize];
        }
        Fingerprint(chars)
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, group) in self.0.chunks(4).enumerate() {
            if i > 0 {
                f.write_str("-")?;
            }
            for c in group {
                write!(f, "{}", char::from(*c))?;
            }
        }
        Ok(())
    }
}
