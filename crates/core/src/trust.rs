//! Knowing whose key it is: the signing keys a coach has marked as someone's on this device
//! (vertrouwde sleutels) and a class's scans grouped by the key that signed a role's column
//! (ondertekensleutels). A key joins a group only through a column whose seal is intact, so a
//! forged column that claims someone's key never counts as theirs.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::i18n::{fill, k, text, Key, Lang};
use super::json::ReadError;
use super::rater::{Rater, RaterRole};
use super::scan::{Scan, MAX_NAME};
use super::signature::{
    base64, ColumnSignature, Fingerprint, PublicKey, SignatureError, SignatureField,
};
use super::sort::sort_by_key;
use super::stored::{open, open_or_default, read, CorruptReason, DecodeError};

/// Storage key (after the app's prefix) of the [`TrustedKeys`].
pub const TRUST_KEY: &str = "trusted-keys";
/// The document had its envelope from the start: there is no older form to migrate.
pub const TRUST_VERSION: u32 = 1;

/// The name a coach gave a key ("Joost Bakker, Wijkteam Noord"): trimmed, not empty, at most
/// [`MAX_NAME`] characters like the other names in the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustedName(String);

impl TrustedName {
    pub fn parse(typed: &str) -> Result<TrustedName, NameError> {
        let name = typed.trim();
        if name.is_empty() {
            Err(NameError::Empty)
        } else if name.chars().count() > MAX_NAME {
            Err(NameError::TooLong)
        } else {
            Ok(TrustedName(name.to_string()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Why a typed name cannot be a key's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameError {
    Empty,
    TooLong,
}

impl NameError {
    fn key(self) -> Key {
        match self {
            NameError::Empty => k::trust::NAME_EMPTY,
            NameError::TooLong => k::trust::NAME_TOO_LONG,
        }
    }

    pub fn text(self, lang: Lang) -> String {
        fill(text(lang, self.key()), &[("max", &MAX_NAME.to_string())])
    }

    fn read_error(self) -> ReadError {
        ReadError::new(self.key()).with("max", MAX_NAME.to_string())
    }
}

/// The keys this device trusts, each with the name the coach gave it. Stored on the coach's
/// device only; never in a file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedKeys(BTreeMap<PublicKey, TrustedName>);

#[derive(Serialize, Deserialize)]
struct StoredTrust {
    version: u32,
    keys: Vec<StoredKey>,
}

/// The whole 65-byte key, not its fingerprint: 60 bits are for people to compare, not for
/// the app to recognise a key by.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct StoredKey {
    public_key: String,
    name: String,
}

impl TrustedKeys {
    pub fn encode(&self) -> String {
        serde_json::to_string(&StoredTrust {
            version: TRUST_VERSION,
            keys: self
                .0
                .iter()
                .map(|(key, name)| StoredKey {
                    public_key: base64::encode(key.as_bytes()),
                    name: name.0.clone(),
                })
                .collect(),
        })
        .expect("keys serialise")
    }

    /// A newer or unreadable document is an error (a malformed key or name with its place);
    /// the caller leaves it stored as it is.
    pub fn decode(raw: &str) -> Result<TrustedKeys, DecodeError> {
        let (value, _) = open(raw, TRUST_VERSION)?;
        let stored = read::<StoredTrust>(value)?;
        let mut keys = BTreeMap::new();
        for (i, entry) in stored.keys.iter().enumerate() {
            let at = format!("keys[{i}]");
            let invalid = |e: ReadError| {
                DecodeError::Corrupt(CorruptReason::Invalid(e.in_field(&at).problem(None)))
            };
            let field = SignatureField::PublicKey;
            let key = base64::decode(&entry.public_key)
                .ok_or(SignatureError::NotBase64(field))
                .and_then(|bytes| PublicKey::from_bytes(&bytes))
                .map_err(|e| invalid(e.read_error()))?;
            let name = TrustedName::parse(&entry.name)
                .map_err(|e| invalid(e.read_error().in_field("name")))?;
            if keys.insert(key, name).is_some() {
                return Err(invalid(
                    ReadError::new(k::trust::DUPLICATE).in_field(field.wire_name()),
                ));
            }
        }
        Ok(TrustedKeys(keys))
    }

    /// What storage held (`None`: nothing yet): the keys, or none and why the stored document
    /// cannot be read (then it must never be written over).
    pub fn open_stored(raw: Option<&str>) -> (TrustedKeys, Option<DecodeError>) {
        open_or_default(raw, TrustedKeys::decode)
    }

    pub fn name_of(&self, key: &PublicKey) -> Option<&TrustedName> {
        self.0.get(key)
    }

    /// The keys with `key` trusted under `name`: added, or renamed when it was trusted already.
    pub fn with(&self, key: PublicKey, name: TrustedName) -> TrustedKeys {
        let mut next = self.0.clone();
        next.insert(key, name);
        TrustedKeys(next)
    }

    pub fn without(&self, key: &PublicKey) -> TrustedKeys {
        let mut next = self.0.clone();
        next.remove(key);
        TrustedKeys(next)
    }

    /// In the keys' byte order.
    pub fn iter(&self) -> impl Iterator<Item = (&PublicKey, &TrustedName)> {
        self.0.iter()
    }
}

/// The scans of a class whose `role` column was signed with one key, that column intact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyGroup {
    pub role: RaterRole,
    pub public_key: PublicKey,
    pub fingerprint: Fingerprint,
    /// Distinct scans (one student's scan with two columns of this key counts once).
    pub students: usize,
    /// The BPV-organisaties named on those scans, sorted, each once, blanks left out.
    pub organisations: Vec<String>,
}

/// The class's signing keys per role. `intact` says whether a column's seal is intact (the
/// platform verified it over the column as it is now); only those columns count. Ordered by
/// role (`RaterRole::ALL`), then most students first, then the key's bytes.
pub fn key_groups(scans: &[&Scan], intact: impl Fn(&Scan, &Rater) -> bool) -> Vec<KeyGroup> {
    let mut groups = Vec::new();
    for role in RaterRole::ALL {
        // Per key: the scan ids and the organisations.
        let mut found: BTreeMap<&PublicKey, (BTreeSet<&str>, BTreeSet<&str>)> = BTreeMap::new();
        for scan in scans {
            for rater in scan.raters.iter().filter(|r| r.role == role) {
                let Some(ColumnSignature::Known { public_key, .. }) = &rater.signature else {
                    continue;
                };
                if !intact(scan, rater) {
                    continue;
                }
                let (ids, organisations) = found.entry(public_key).or_default();
                ids.insert(&scan.id);
                let organisation = scan.subject.organisation.trim();
                if !organisation.is_empty() {
                    organisations.insert(organisation);
                }
            }
        }
        let mut of_role: Vec<KeyGroup> = found
            .into_iter()
            .map(|(key, (ids, organisations))| KeyGroup {
                role,
                public_key: key.clone(),
                fingerprint: key.fingerprint(),
                students: ids.len(),
                organisations: organisations.into_iter().map(String::from).collect(),
            })
            .collect();
        // Stable: keys with as many students stay in byte order.
        sort_by_key(&mut of_role, |g| Reverse(g.students));
        groups.extend(of_role);
    }
    groups
}
