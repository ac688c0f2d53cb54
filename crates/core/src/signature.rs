//! Signed rater columns (ondertekende kolommen): what a rater's device signs when they finish
//! (afronden), the signature as it travels in drafts and export files, and the verdict shown
//! for it. Pure: the key pair, signing and verifying are WebCrypto's (ECDSA P-256, SHA-256), in
//! the platform layer; this module decides the bytes and what a result means.
//! Format: docs/exchange-format.md, section "Signed columns".

use std::fmt;

use serde::{Serialize, Serializer};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::framework::Framework;
use super::i18n::{k, Key};
use super::json::ReadError;
use super::problem::Problem;
use super::rater::RaterId;
use super::rater::{Rater, RaterRole};
use super::scan::{is_id, Paraaf, Scan};

/// The domain tag that starts a column's canonical bytes in form 1: a signature over these
/// bytes means nothing in any other context, and a new layout gets a new version.
pub const DOMAIN_TAG_V1: &str = "competentiescan-column-v1";
/// The domain tag of form 2, the form this app signs.
pub const DOMAIN_TAG: &str = "competentiescan-column-v2";

/// The layouts of a column's canonical bytes ("form" in the signature object; absent is 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CanonicalForm {
    /// `competentiescan-column-v1`: the column, the scan id and the framework's FNV hash; not
    /// the subject, not the framework's content.
    V1,
    /// `competentiescan-column-v2`: also the subject and the SHA-256 of the framework.
    V2,
}

impl CanonicalForm {
    pub const ALL: [CanonicalForm; 2] = [CanonicalForm::V1, CanonicalForm::V2];

    /// The number in files.
    pub fn number(self) -> u64 {
        match self {
            CanonicalForm::V1 => 1,
            CanonicalForm::V2 => 2,
        }
    }

    pub fn parse(n: u64) -> Option<CanonicalForm> {
        CanonicalForm::ALL.into_iter().find(|f| f.number() == n)
    }
}

/// The unsigned hint a signature made by this app carries: the scan and column it was made
/// for. Never trusted: a seal holds or not by verification alone; a hint that names another
/// column than the one the signature sits on only says, when verification fails, that the
/// signature was moved ("hoort niet bij deze kolom") rather than the column changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MadeFor {
    pub scan: String,
    pub rater: String,
}

/// The signature algorithms this app signs and checks with. Adding one is a variant here, its
/// place in [`SignatureAlg::ALL`], its wire name, and its own key and value types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SignatureAlg {
    /// ECDSA over P-256 with SHA-256 (RFC 7518's name), as WebCrypto makes it.
    Es256,
}

impl SignatureAlg {
    pub const ALL: [SignatureAlg; 1] = [SignatureAlg::Es256];

    /// The name in files.
    pub fn wire_name(self) -> &'static str {
        match self {
            SignatureAlg::Es256 => "ES256",
        }
    }

    pub fn parse(name: &str) -> Option<SignatureAlg> {
        SignatureAlg::ALL
            .into_iter()
            .find(|a| a.wire_name() == name)
    }
}

/// A P-256 public key as an uncompressed SEC1 point, `0x04 ‖ X ‖ Y` (65 bytes): what WebCrypto's
/// `exportKey("raw", …)` gives and `importKey("raw", …)` takes. Checked for its form only;
/// whether the point is on the curve is the verifier's question (a key that is not can
/// verify nothing).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PublicKey([u8; PublicKey::LEN]);

impl PublicKey {
    pub const LEN: usize = 65;

    pub fn from_bytes(bytes: &[u8]) -> Result<PublicKey, SignatureError> {
        let point: [u8; PublicKey::LEN] =
            bytes.try_into().map_err(|_| SignatureError::WrongLength {
                field: SignatureField::PublicKey,
                expected: PublicKey::LEN,
                found: bytes.len(),
            })?;
        if point[0] != 0x04 {
            return Err(SignatureError::NotUncompressedPoint);
        }
        Ok(PublicKey(point))
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    pub fn fingerprint(&self) -> Fingerprint {
        Fingerprint::of(&self.0)
    }
}

/// An ECDSA signature as WebCrypto's `sign` returns it: `r ‖ s`, 32 bytes each (IEEE P1363),
/// not DER.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureValue([u8; SignatureValue::LEN]);

impl SignatureValue {
    pub const LEN: usize = 64;

    pub fn from_bytes(bytes: &[u8]) -> Result<SignatureValue, SignatureError> {
        bytes
            .try_into()
            .map(SignatureValue)
            .map_err(|_| SignatureError::WrongLength {
                field: SignatureField::Value,
                expected: SignatureValue::LEN,
                found: bytes.len(),
            })
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

/// A rater column's signature, parsed once where it is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnSignature {
    /// By an algorithm this app knows, its key and value checked for form.
    Known {
        alg: SignatureAlg,
        /// Which canonical bytes `value` is over.
        form: CanonicalForm,
        public_key: PublicKey,
        value: SignatureValue,
        /// The unsigned hint: which scan and column the signing device made it for.
        made_for: Option<MadeFor>,
    },
    /// By an algorithm this version does not know (a newer app's): its key and value may have
    /// any form, so the object is kept as read and written back unchanged. Never shown as valid.
    Unknown {
        alg: String,
        json: Map<String, Value>,
    },
}

impl ColumnSignature {
    /// The signature a WebCrypto ES256 key pair made over a column's form 2 bytes: its raw
    /// public key and its value.
    pub fn es256(public_key: &[u8], value: &[u8]) -> Result<ColumnSignature, SignatureError> {
        Ok(ColumnSignature::Known {
            alg: SignatureAlg::Es256,
            form: CanonicalForm::V2,
            public_key: PublicKey::from_bytes(public_key)?,
            value: SignatureValue::from_bytes(value)?,
            made_for: None,
        })
    }

    /// With the unsigned hint of the column it is made for: `scan`'s signed scan id and `rater`.
    pub fn made_for(mut self, scan: &Scan, rater: &RaterId) -> ColumnSignature {
        if let ColumnSignature::Known { made_for, .. } = &mut self {
            *made_for = Some(MadeFor {
                scan: signed_scan_id(scan).to_string(),
                rater: rater.as_str().to_string(),
            });
        }
        self
    }

    /// Reads `{"alg":"ES256","form":2,"publicKey":"<base64>","value":"<base64>",
    /// "scan":"…","rater":"…"}` (standard base64 with padding; `form` absent is 1; `scan` and
    /// `rater`, the unsigned hint, both or neither). Written by hand, not derived, so each
    /// wrong field has its own error.
    pub fn from_value(json: &Value) -> Result<ColumnSignature, SignatureError> {
        let object = json.as_object().ok_or(SignatureError::NotAnObject)?;
        let text = |field: SignatureField| match object.get(field.wire_name()) {
            None => Err(SignatureError::Missing(field)),
            Some(Value::String(s)) => Ok(s.as_str()),
            Some(_) => Err(SignatureError::NotText(field)),
        };
        let optional_text = |field: SignatureField| match object.get(field.wire_name()) {
            None => Ok(None),
            Some(Value::String(s)) if is_id(s) => Ok(Some(s.clone())),
            Some(Value::String(_)) => Err(SignatureError::BadHint(field)),
            Some(_) => Err(SignatureError::NotText(field)),
        };
        let bytes = |field: SignatureField| {
            base64::decode(text(field)?).ok_or(SignatureError::NotBase64(field))
        };
        let name = text(SignatureField::Alg)?;
        let Some(alg) = SignatureAlg::parse(name) else {
            // Shown as "niet te controleren (<alg>)", so it must be a short, plain name.
            return if is_id(name) {
                Ok(ColumnSignature::Unknown {
                    alg: name.to_string(),
                    json: object.clone(),
                })
            } else {
                Err(SignatureError::BadAlg)
            };
        };
        let form = match object.get(SignatureField::Form.wire_name()) {
            None => CanonicalForm::V1,
            Some(n) => match n.as_u64() {
                Some(n) => match CanonicalForm::parse(n) {
                    Some(form) => form,
                    // A newer app's layout: kept as read, never shown as valid.
                    None => {
                        return Ok(ColumnSignature::Unknown {
                            alg: format!("{name}.form{n}"),
                            json: object.clone(),
                        })
                    }
                },
                None => return Err(SignatureError::BadForm),
            },
        };
        let made_for = match (
            optional_text(SignatureField::Scan)?,
            optional_text(SignatureField::Rater)?,
        ) {
            (Some(scan), Some(rater)) => Some(MadeFor { scan, rater }),
            (None, None) => None,
            (Some(_), None) => return Err(SignatureError::Missing(SignatureField::Rater)),
            (None, Some(_)) => return Err(SignatureError::Missing(SignatureField::Scan)),
        };
        match alg {
            SignatureAlg::Es256 => Ok(ColumnSignature::Known {
                alg,
                form,
                public_key: PublicKey::from_bytes(&bytes(SignatureField::PublicKey)?)?,
                value: SignatureValue::from_bytes(&bytes(SignatureField::Value)?)?,
                made_for,
            }),
        }
    }

    /// The signature of a rater's column as a file or draft holds it: [`ColumnSignature::from_value`],
    /// and refused on a column that is not finished (`finished` is part of what is signed, so
    /// no device signed an unfinished column). The one check both the reader and the import's
    /// field check run.
    pub fn of_column(json: &Value, finished: bool) -> Result<ColumnSignature, SignatureError> {
        if !finished {
            return Err(SignatureError::Unfinished);
        }
        ColumnSignature::from_value(json)
    }

    /// The JSON form [`ColumnSignature::from_value`] reads, fields in the order shown there.
    pub fn to_value(&self) -> Value {
        match self {
            ColumnSignature::Known {
                alg,
                form,
                public_key,
                value,
                made_for,
            } => {
                let mut object = Map::new();
                for field in SignatureField::ALL {
                    let field_value = match field {
                        SignatureField::Alg => Value::from(alg.wire_name()),
                        // Form 1 objects are written back as they were read: without it.
                        SignatureField::Form => match form {
                            CanonicalForm::V1 => continue,
                            CanonicalForm::V2 => Value::from(form.number()),
                        },
                        SignatureField::PublicKey => {
                            Value::from(base64::encode(public_key.as_bytes()))
                        }
                        SignatureField::Value => Value::from(base64::encode(value.as_bytes())),
                        SignatureField::Scan => match made_for {
                            Some(m) => Value::from(m.scan.as_str()),
                            None => continue,
                        },
                        SignatureField::Rater => match made_for {
                            Some(m) => Value::from(m.rater.as_str()),
                            None => continue,
                        },
                    };
                    object.insert(field.wire_name().to_string(), field_value);
                }
                Value::Object(object)
            }
            ColumnSignature::Unknown { json, .. } => Value::Object(json.clone()),
        }
    }

    /// The algorithm's name as in the file.
    pub fn alg_name(&self) -> &str {
        match self {
            ColumnSignature::Known { alg, .. } => alg.wire_name(),
            ColumnSignature::Unknown { alg, .. } => alg,
        }
    }
}

/// A field of a signature object, for errors that say which one is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureField {
    Alg,
    Form,
    PublicKey,
    Value,
    /// The hint's scan id (unsigned).
    Scan,
    /// The hint's rater id (unsigned).
    Rater,
}

impl SignatureField {
    /// In the order the app writes them.
    pub const ALL: [SignatureField; 6] = [
        SignatureField::Alg,
        SignatureField::Form,
        SignatureField::PublicKey,
        SignatureField::Value,
        SignatureField::Scan,
        SignatureField::Rater,
    ];

    pub fn wire_name(self) -> &'static str {
        match self {
            SignatureField::Alg => "alg",
            SignatureField::Form => "form",
            SignatureField::PublicKey => "publicKey",
            SignatureField::Value => "value",
            SignatureField::Scan => "scan",
            SignatureField::Rater => "rater",
        }
    }
}

/// Why a signature object was refused. An unknown algorithm is no error (it is kept and shown
/// as not checkable); a malformed known one is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureError {
    NotAnObject,
    Missing(SignatureField),
    NotText(SignatureField),
    NotBase64(SignatureField),
    WrongLength {
        field: SignatureField,
        expected: usize,
        found: usize,
    },
    /// The public key does not start with 0x04 (compressed or no SEC1 point).
    NotUncompressedPoint,
    /// An algorithm name that is empty, too long or has characters other than `A-Za-z0-9._-`.
    BadAlg,
    /// A signature on a column without a `finished` time: over a column that is not there.
    Unfinished,
    /// `form` that is not a whole number from 1.
    BadForm,
    /// A hint (`scan`, `rater`) that is no id.
    BadHint(SignatureField),
}

impl SignatureError {
    /// The error as a reader's: its key and values, placed at the wrong field within the
    /// signature object (or at the object itself); the reader adds the path above it.
    pub fn read_error(&self) -> ReadError {
        let (field, key): (Option<SignatureField>, Key) = match self {
            SignatureError::NotAnObject => (None, k::seal::NOT_AN_OBJECT),
            SignatureError::Missing(field) => (Some(*field), k::seal::MISSING),
            SignatureError::NotText(field) => (Some(*field), k::seal::NOT_TEXT),
            SignatureError::NotBase64(field) => (Some(*field), k::seal::NOT_BASE64),
            SignatureError::WrongLength { field, .. } => (Some(*field), k::seal::WRONG_LENGTH),
            SignatureError::NotUncompressedPoint => (
                Some(SignatureField::PublicKey),
                k::seal::NOT_UNCOMPRESSED_POINT,
            ),
            SignatureError::BadAlg => (Some(SignatureField::Alg), k::seal::BAD_ALG),
            SignatureError::Unfinished => (None, k::seal::UNFINISHED),
            SignatureError::BadForm => (Some(SignatureField::Form), k::seal::BAD_FORM),
            SignatureError::BadHint(field) => (Some(*field), k::seal::BAD_HINT),
        };
        let error = match self {
            SignatureError::WrongLength {
                expected, found, ..
            } => ReadError::new(key)
                .with("expected", expected.to_string())
                .with("found", found.to_string()),
            _ => ReadError::new(key),
        };
        match field {
            Some(field) => error.in_field(field.wire_name()),
            None => error,
        }
    }

    /// The problem, located at the signature object's path in the file (e.g.
    /// `raters[1].signature`) and the field within it.
    pub fn problem(&self, path: &str) -> Problem {
        self.read_error().in_field(path).problem(None)
    }
}

/// A public key's short form that a person can read aloud and compare:
/// `XXXX-XXXX-XXXX`, the first 60 bits of SHA-256(key bytes) in Crockford base32.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fingerprint([u8; 12]);

impl Fingerprint {
    /// Crockford's base32: no I, L, O or U, so nothing reads as another character.
    const ALPHABET: &'static [u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    pub fn of(public_key: &[u8]) -> Fingerprint {
        let digest = Sha256::digest(public_key);
        let mut first = [0; 8];
        first.copy_from_slice(&digest[..8]);
        let bits = u64::from_be_bytes(first) >> 4;
        let mut chars = [0; 12];
        for (i, c) in chars.iter_mut().enumerate() {
            *c = Fingerprint::ALPHABET[(bits >> (55 - 5 * i) & 31) as usize];
        }
        Fingerprint(chars)
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        for (i, group) in self.0.chunks(4).enumerate() {
            if i > 0 {
                f.write_str("-")?;
            }
            // The alphabet is ASCII.
            f.write_str(std::str::from_utf8(group).map_err(|_| fmt::Error)?)?;
        }
        Ok(())
    }
}

/// The bytes a rater's signature covers, in form 2 (the form this app signs): exactly what
/// they vouch for in this scan, in one unambiguous layout (docs/exchange-format.md, "Signed
/// columns"). Every text is its UTF-8 bytes as stored (no normalisation) after their length as
/// u32 big-endian; numbers and counts are u32 big-endian; an optional field is one byte 0
/// (absent) or 1 (present, then the field). Besides the column: the scan id, the SHA-256 of
/// the framework's canonical JSON ([`Framework::canonical_json`]), the variant and the subject.
/// A column answered for a feedback request (a rater whose id is no role's primary id) covers
/// the subject's student name only: the respondent's device knows nothing else of it.
/// A rating's `at` is left out: it says when the rater last touched an item, not what they
/// vouch for, and `finished` (signed) says when they vouched. A rating with neither a value
/// nor a comment says nothing and is left out, so such an entry appearing or going changes
/// nothing signed.
pub fn canonical_bytes(scan: &Scan, framework: &Framework, rater: &Rater) -> Vec<u8> {
    let mut out = Bytes(Vec::with_capacity(320));
    out.text(DOMAIN_TAG);
    out.text(signed_scan_id(scan));
    out.text(&framework_digest(framework));
    out.optional(scan.variant.as_deref(), Bytes::text);
    let subject = &scan.subject;
    out.text(&subject.student);
    let whole = rater.id.primary_role().is_some();
    out.optional(whole.then_some(subject), |out, subject| {
        out.text(&subject.programme);
        out.text(&subject.organisation);
        out.optional(subject.date, |out, date| out.text(&date.to_string()));
    });
    column(&mut out, rater);
    out.0
}

/// The bytes of form 1 (`competentiescan-column-v1`), which signatures made before form 2
/// are over: checked still, never made. Neither the subject nor the framework's content is
/// in them (only its FNV hash, not made against forgery).
pub fn canonical_bytes_v1(scan: &Scan, rater: &Rater) -> Vec<u8> {
    let mut out = Bytes(Vec::with_capacity(256));
    out.text(DOMAIN_TAG_V1);
    out.text(signed_scan_id(scan));
    out.text(&scan.framework.hash);
    out.optional(scan.variant.as_deref(), Bytes::text);
    column(&mut out, rater);
    out.0
}

/// The canonical bytes of `form`.
pub fn canonical_bytes_of(
    form: CanonicalForm,
    scan: &Scan,
    framework: &Framework,
    rater: &Rater,
) -> Vec<u8> {
    match form {
        CanonicalForm::V1 => canonical_bytes_v1(scan, rater),
        CanonicalForm::V2 => canonical_bytes(scan, framework, rater),
    }
}

/// SHA-256 of the framework's canonical JSON, lower-case hex: the framework a form 2
/// signature covers.
pub fn framework_digest(framework: &Framework) -> String {
    Sha256::digest(framework.canonical_json().as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The scan id a column's signature covers. A respondent's own scan (feedback::start) has an
/// id of its own; the column it signs belongs to the scan the request is for, where the
/// signature is checked.
pub fn signed_scan_id(scan: &Scan) -> &str {
    scan.request.as_ref().map_or(&scan.id, |r| &r.scan_id)
}

/// The part of [`canonical_bytes`] that is the rater's own column: two copies of a column in
/// one scan with equal bytes here are the same signed content, so one's signature holds for
/// the other (what a merge and every change of a column decide by).
pub(crate) fn column_bytes(rater: &Rater) -> Vec<u8> {
    let mut out = Bytes(Vec::with_capacity(256));
    column(&mut out, rater);
    out.0
}

fn column(out: &mut Bytes, rater: &Rater) {
    out.text(rater.role.wire_name());
    out.text(rater.id.as_str());
    out.text(&rater.name);
    out.text(&rater.function);
    let ratings: Vec<_> = rater
        .ratings
        .iter()
        .filter(|(_, r)| r.value.is_some() || !r.comment.is_empty())
        .collect();
    out.count(ratings.len());
    // A BTreeMap<String, _> iterates in the codes' byte order, as the docs say.
    for (code, rating) in ratings {
        out.text(code);
        out.optional(rating.value, |out, v| out.number(v));
        out.text(&rating.comment);
    }
    out.count(rater.paraafs.len());
    for (code, paraaf) in &rater.paraafs {
        out.text(code);
        out.text(&paraaf.initials);
        out.text(&paraaf.date.to_string());
        out.number(paraaf.value);
    }
    out.optional(rater.finished, |out, at| out.text(&at.to_string()));
}

/// `serialize_with` for [`Rater::signature`]: the object [`ColumnSignature::to_value`] makes.
pub(crate) fn serialize<S: Serializer>(
    signature: &Option<ColumnSignature>,
    s: S,
) -> Result<S::Ok, S::Error> {
    signature
        .as_ref()
        .map(ColumnSignature::to_value)
        .serialize(s)
}

struct Bytes(Vec<u8>);

impl Bytes {
    fn number(&mut self, n: u32) {
        self.0.extend_from_slice(&n.to_be_bytes());
    }

    /// Texts and lists in a scan are far below 4 GiB (limits in scan.rs); saturating keeps
    /// the layout total anyway.
    fn count(&mut self, n: usize) {
        self.number(u32::try_from(n).unwrap_or(u32::MAX));
    }

    fn text(&mut self, s: &str) {
        self.count(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }

    fn optional<T>(&mut self, value: Option<T>, write: impl FnOnce(&mut Bytes, T)) {
        match value {
            None => self.0.push(0),
            Some(v) => {
                self.0.push(1);
                write(self, v);
            }
        }
    }
}

/// A column's seal: what its signature says about it, as results, report, coach overview and
/// import show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnSeal {
    /// Niet ondertekend.
    Unsigned,
    /// Ondertekend, ongewijzigd: the signature verifies over the column as it is now, in the
    /// form it names (form 1 does not cover the subject and the framework's content).
    Intact(Fingerprint, CanonicalForm),
    /// Gewijzigd na ondertekening: the signature does not verify, and this device holds a copy
    /// of this same column carrying it where it does; `items` are the items that differ.
    Changed { items: Vec<String> },
    /// Hoort niet bij deze kolom: the signature does not verify, and it was made for another
    /// column (its hint names one, or this device holds another column where it verifies).
    NotThisColumn,
    /// Klopt niet bij deze kolom: the signature does not verify and this device cannot tell
    /// whether the column was changed or the signature moved.
    DoesNotHold,
    /// Niet te controleren: an algorithm or form this app does not know (its name), or a check
    /// the platform could not run. Never shown as valid.
    Unverifiable(String),
}

impl ColumnSeal {
    pub fn is_intact(&self) -> bool {
        matches!(self, ColumnSeal::Intact(..))
    }
}

/// The platform's answer to "does `value` verify over `message` under `public_key`?".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verification {
    Valid,
    Invalid,
    /// The check could not run (no WebCrypto, the key refused by `importKey`).
    Failed,
}

/// What to do to learn a column's seal: nothing more, or one verify call by the platform.
#[derive(Debug, Clone, PartialEq)]
pub enum SealCheck {
    Decided(ColumnSeal),
    Verify(VerifyRequest),
}

/// One verify call for the platform: ECDSA P-256 / SHA-256 of `message`.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifyRequest {
    pub alg: SignatureAlg,
    pub form: CanonicalForm,
    pub public_key: PublicKey,
    pub value: SignatureValue,
    pub message: Vec<u8>,
    /// The signature's hint names another column than this one.
    pub moved: bool,
}

impl VerifyRequest {
    /// The seal, given the platform's answer. The hint only words a failure: it never makes a
    /// seal intact.
    pub fn seal(&self, verification: Verification) -> ColumnSeal {
        match verification {
            Verification::Valid => ColumnSeal::Intact(self.public_key.fingerprint(), self.form),
            Verification::Invalid if self.moved => ColumnSeal::NotThisColumn,
            Verification::Invalid => ColumnSeal::DoesNotHold,
            Verification::Failed => ColumnSeal::Unverifiable(self.alg.wire_name().to_string()),
        }
    }
}

/// The first step of a column's seal: unsigned and unknown algorithms are decided here; a
/// known one needs the platform to verify its canonical bytes in the signature's form. Form 2
/// covers the framework: without it (`None`: not on this device) the seal cannot be checked.
pub fn check(
    scan: &Scan,
    framework: Option<&Framework>,
    rater: &Rater,
    signature: Option<&ColumnSignature>,
) -> SealCheck {
    match signature {
        None => SealCheck::Decided(ColumnSeal::Unsigned),
        Some(ColumnSignature::Unknown { alg, .. }) => {
            SealCheck::Decided(ColumnSeal::Unverifiable(alg.clone()))
        }
        Some(ColumnSignature::Known {
            alg,
            form,
            public_key,
            value,
            made_for,
        }) => {
            let message = match (form, framework) {
                (CanonicalForm::V1, _) => canonical_bytes_v1(scan, rater),
                (CanonicalForm::V2, Some(framework)) => canonical_bytes(scan, framework, rater),
                (CanonicalForm::V2, None) => {
                    return SealCheck::Decided(ColumnSeal::Unverifiable(
                        alg.wire_name().to_string(),
                    ))
                }
            };
            SealCheck::Verify(VerifyRequest {
                alg: *alg,
                form: *form,
                public_key: public_key.clone(),
                value: value.clone(),
                message,
                moved: made_for.as_ref().is_some_and(|m| {
                    m.scan != signed_scan_id(scan) || m.rater != rater.id.as_str()
                }),
            })
        }
    }
}

/// How another column on this device that carries the same signature value relates to this
/// one: the same column (same scan, rater and key: a copy of it), or another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Carrier {
    SameColumn,
    Elsewhere,
}

/// Whether `other` (in `other_scan`) carries `rater`'s known signature value, and how it
/// relates to `rater`'s column in `scan`.
pub fn carrier(scan: &Scan, rater: &Rater, other_scan: &Scan, other: &Rater) -> Option<Carrier> {
    let (
        Some(ColumnSignature::Known {
            public_key: key,
            value,
            ..
        }),
        Some(ColumnSignature::Known {
            public_key: other_key,
            value: other_value,
            ..
        }),
    ) = (&rater.signature, &other.signature)
    else {
        return None;
    };
    (value == other_value).then(|| {
        if signed_scan_id(scan) == signed_scan_id(other_scan)
            && rater.id == other.id
            && key == other_key
        {
            Carrier::SameColumn
        } else {
            Carrier::Elsewhere
        }
    })
}

/// A seal that does not hold, worded by what this device knows: `holding` are the columns
/// on it that carry the same signature value and where it verifies (their [`carrier`] and
/// column). A copy of this same column: the column was changed, and the items that differ
/// are named. Another column: the signature belongs there. Neither: as it was.
pub fn reword(seal: ColumnSeal, now: &Rater, holding: &[(Carrier, &Rater)]) -> ColumnSeal {
    if !matches!(seal, ColumnSeal::DoesNotHold | ColumnSeal::NotThisColumn) {
        return seal;
    }
    if let Some((_, signed)) = holding.iter().find(|(c, _)| *c == Carrier::SameColumn) {
        return ColumnSeal::Changed {
            items: changed_items(signed, now),
        };
    }
    if holding.iter().any(|(c, _)| *c == Carrier::Elsewhere) {
        return ColumnSeal::NotThisColumn;
    }
    seal
}

/// The items whose signed content (value, comment, paraaf) differs between two copies of a
/// column, in code order: for [`ColumnSeal::Changed`] when the caller holds a copy whose seal
/// is intact (the signature itself cannot tell).
pub fn changed_items(signed: &Rater, now: &Rater) -> Vec<String> {
    fn said<'r>(r: &'r Rater, code: &str) -> (Option<(Option<u32>, &'r str)>, Option<&'r Paraaf>) {
        let rating = r
            .ratings
            .get(code)
            .filter(|r| r.value.is_some() || !r.comment.is_empty())
            .map(|r| (r.value, r.comment.as_str()));
        (rating, r.paraafs.get(code))
    }
    let codes: std::collections::BTreeSet<&String> = [signed, now]
        .into_iter()
        .flat_map(|r| r.ratings.keys().chain(r.paraafs.keys()))
        .collect();
    codes
        .into_iter()
        .filter(|code| said(signed, code) != said(now, code))
        .cloned()
        .collect()
}

/// Standard base64 (RFC 4648 §4) with padding, strict: what WebCrypto's bytes become in files
/// and nothing else decodes. By hand: the `base64` crate added 3.9 KB gzip to a release wasm
/// for encode and decode, this 0.6 KB (ARCHITECTURE.md, Dependencies).
pub mod base64 {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    pub fn encode(bytes: &[u8]) -> String {
        let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
        for chunk in bytes.chunks(3) {
            let n = chunk
                .iter()
                .enumerate()
                .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
            for i in 0..4 {
                out.push(if i <= chunk.len() {
                    char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize])
                } else {
                    '='
                });
            }
        }
        out
    }

    /// `None` for anything [`encode`] would not write: a length not a multiple of 4, a
    /// character outside the alphabet, padding other than one or two `=` at the very end, or
    /// bits set after the last byte.
    pub fn decode(text: &str) -> Option<Vec<u8>> {
        let b = text.as_bytes();
        if !b.len().is_multiple_of(4) {
            return None;
        }
        let quads = b.len() / 4;
        let mut out = Vec::with_capacity(quads * 3);
        for (q, quad) in b.chunks(4).enumerate() {
            let pad = quad.iter().rev().take_while(|c| **c == b'=').count();
            if pad > 2 || (pad > 0 && q + 1 != quads) {
                return None;
            }
            let mut n = 0u32;
            for (i, c) in quad[..4 - pad].iter().enumerate() {
                let sextet = ALPHABET.iter().position(|a| a == c)?;
                n |= (sextet as u32) << (18 - 6 * i);
            }
            // Padding stands for missing bytes, whose bits must be zero.
            if n & ((1 << (8 * pad)) - 1) != 0 {
                return None;
            }
            out.extend_from_slice(&n.to_be_bytes()[1..4 - pad]);
        }
        Some(out)
    }
}

/// Whether `rater`'s column was signed with the same key as the person's own column
/// (`RaterRole::Subject`'s primary rater) of this scan: "op hetzelfde apparaat ingevuld", e.g.
/// a student who filled in their BPV-begeleider's column on their own device. Only known
/// signatures compare; the person's own column never counts against itself. Whether both
/// signatures hold is the caller's question (a forged column can claim any key).
pub fn same_device(scan: &Scan, rater: &Rater) -> bool {
    let Some(own) = scan.primary(RaterRole::Subject) else {
        return false;
    };
    if own.id == rater.id {
        return false;
    }
    match (&own.signature, &rater.signature) {
        (
            Some(ColumnSignature::Known { public_key: a, .. }),
            Some(ColumnSignature::Known { public_key: b, .. }),
        ) => a == b,
        _ => false,
    }
}
